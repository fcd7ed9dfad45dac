//! Reductions along one axis: `np.sum(a, axis=k)`, `a.argmax(axis=1)`, ... (`reduce_axis.*`).
//!
//! The axis is a run-time value (negative counts from the end; out of range is
//! NumPy's AxisError). The result has the other axes, C order; each element reduces its line
//! sequentially, index 0 first, which is Numba's order for `sum` (it adds whole slices in
//! axis order) and its per-line rule for `argmin`/`argmax` (first extreme, first NaN wins):
//!
//! ```text
//! for idx in outer shape:                       base = Σ idx_i · stride_i (axis skipped)
//!     acc = init; for k in 0..len(axis): acc ⊕= a[base + k · stride_axis]
//!     out[idx] = acc
//! ```
//!
//! A 1-d array reduces to a scalar, as the whole-array reduction.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::types::ARR_DATA;
use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    pub fn reduce_axis_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let ([Ty::Array(aty), at], [arr, axis]) = (params, args) else {
            return ice(format!("reduce_axis.{op} takes an array and an axis"));
        };
        let arr = self.as_struct(*arr)?;
        let n = aty.ndim as i64;
        let axis = self.as_int(self.convert(*axis, at, &Ty::I64)?)?;
        let b = &self.b;
        let neg = b.build_int_compare(IntPredicate::SLT, axis, self.i64c(0), "")?;
        let wrapped = b.build_int_add(axis, self.i64c(n), "")?;
        let axis = b.build_select(neg, wrapped, axis, "axis")?.into_int_value();
        let oob = b.build_int_compare(IntPredicate::UGE, axis, self.i64c(n), "")?;
        self.raise_if(oob, ExcKind::AxisError, Some("'axis' entry is out of bounds"))?;
        if aty.ndim <= 1 {
            return self.reduce_call(op, &params[..1], &[arr.into()], rty);
        }
        let Ty::Array(rt) = rty else {
            return ice(format!("reduce_axis.{op} typed `{rty}`"));
        };
        // The shape or stride of the run-time axis.
        let pick = |field_of: &dyn Fn(u32) -> EResult<IntValue<'ctx>>| -> EResult<IntValue<'ctx>> {
            let mut v = field_of(0)?;
            for d in 1..aty.ndim as u32 {
                let hit = self.b.build_int_compare(IntPredicate::EQ, axis, self.i64c(d as i64), "")?;
                v = self.b.build_select(hit, field_of(d)?, v, "")?.into_int_value();
            }
            Ok(v)
        };
        let shape_of = |d: u32| self.arr_shape(arr, d);
        let stride_of = |d: u32| self.arr_stride(arr, d);
        let len = pick(&shape_of)?;
        let astride = pick(&stride_of)?;
        // The other axes, in order: outer i is input axis i (i < axis) or i + 1.
        let mut oshape = Vec::with_capacity(aty.ndim as usize - 1);
        let mut ostride = Vec::with_capacity(aty.ndim as usize - 1);
        for i in 0..aty.ndim as u32 - 1 {
            let before = self.b.build_int_compare(IntPredicate::ULT, self.i64c(i as i64), axis, "")?;
            let s = self.b.build_select(before, self.arr_shape(arr, i)?, self.arr_shape(arr, i + 1)?, "")?.into_int_value();
            let t = self.b.build_select(before, self.arr_stride(arr, i)?, self.arr_stride(arr, i + 1)?, "")?.into_int_value();
            oshape.push(s);
            ostride.push(t);
        }
        if matches!(op, "min" | "max" | "argmin" | "argmax") {
            let empty = self.b.build_int_compare(IntPredicate::EQ, len, self.i64c(0), "")?;
            let msg = match op {
                "argmin" | "argmax" => format!("attempt to get {op} of an empty sequence"),
                _ => format!("zero-size array to reduction operation {} which has no identity", if op == "min" { "minimum" } else { "maximum" }),
            };
            self.raise_if(empty, ExcKind::ValueError, Some(&msg))?;
        }
        let out = self.alloc_array(rt, &oshape, false)?;
        let out_strides: Vec<IntValue<'ctx>> = (0..rt.ndim as u32).map(|d| self.arr_stride(out, d)).collect::<EResult<_>>()?;
        let data = self.arr_ptr(arr, ARR_DATA)?;
        let out_data = self.arr_ptr(out, ARR_DATA)?;
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        let rd = rt.dtype;
        let i8t = self.ctx().i8_type();
        self.loop_nest(&oshape, &mut |this, idx| {
            let b = &this.b;
            let mut base = this.i64c(0);
            let mut ooff = this.i64c(0);
            for (k, i) in idx.iter().enumerate() {
                base = b.build_int_add(base, b.build_int_mul(*i, ostride[k], "")?, "")?;
                ooff = b.build_int_add(ooff, b.build_int_mul(*i, out_strides[k], "")?, "")?;
            }
            let elem = |this: &Self, k: IntValue<'ctx>| -> EResult<BasicValueEnum<'ctx>> {
                let off = this.b.build_int_add(base, this.b.build_int_mul(k, astride, "")?, "")?;
                // SAFETY: an i8 pointee and one i64 byte offset inside the array (indices
                // below each axis' length).
                let p = unsafe { this.b.build_in_bounds_gep(i8t, data, &[off], "")? };
                this.load_elem(p, d)
            };
            let result: BasicValueEnum<'ctx> = match op {
                "sum" | "prod" | "mean" => {
                    let acc_ty = if op == "mean" { if d.is_int() || d == Scalar::Bool { Ty::F64 } else { dt.clone() } } else { Ty::Scalar(rd) };
                    let init = this.convert(this.i64c(if op == "prod" { 1 } else { 0 }).into(), &Ty::I64, &acc_ty)?;
                    let acc = this.alloca(this.em.llty(&acc_ty), "acc")?;
                    this.b.build_store(acc, init)?;
                    let bop = if op == "prod" { BinOp::Mul } else { BinOp::Add };
                    this.count_loop(len, &mut |this, k| {
                        let v = this.convert(elem(this, k)?, &dt, &acc_ty)?;
                        let cur = this.b.build_load(this.em.llty(&acc_ty), acc, "")?;
                        let (r, _) = this.binop(bop, cur, v, &acc_ty)?;
                        this.b.build_store(acc, r)?;
                        Ok(())
                    })?;
                    let total = this.b.build_load(this.em.llty(&acc_ty), acc, "")?;
                    if op == "mean" {
                        let total = this.convert(total, &acc_ty, &Ty::F64)?;
                        let nf = this.convert(len.into(), &Ty::I64, &Ty::F64)?;
                        let q = this.b.build_float_div(this.as_float(total)?, this.as_float(nf)?, "")?;
                        this.convert(q.into(), &Ty::F64, &Ty::Scalar(rd))?
                    } else {
                        this.convert(total, &acc_ty, &Ty::Scalar(rd))?
                    }
                }
                "min" | "max" | "argmin" | "argmax" => {
                    let is_max = op.ends_with("max");
                    let lt = this.em.llty(&dt);
                    let cur = this.alloca(lt, "best")?;
                    let best = this.alloca(this.ctx().i64_type().into(), "best_idx")?;
                    let nan = this.alloca(this.ctx().bool_type().into(), "seen_nan")?;
                    let first = elem(this, this.i64c(0))?;
                    this.b.build_store(cur, first)?;
                    this.b.build_store(best, this.i64c(0))?;
                    let first_nan = this.is_nan(first, d)?;
                    this.b.build_store(nan, first_nan)?;
                    this.count_loop(len, &mut |this, k| {
                        let v = elem(this, k)?;
                        let c = this.b.build_load(lt, cur, "")?;
                        let seen = this.b.build_load(this.ctx().bool_type(), nan, "")?.into_int_value();
                        let v_nan = this.is_nan(v, d)?;
                        let better = this.better(is_max, v, c, &dt)?;
                        let take = this.b.build_or(v_nan, better, "")?;
                        let take = this.b.build_and(take, this.b.build_not(seen, "")?, "")?;
                        let nc = this.b.build_select(take, v, c, "")?;
                        this.b.build_store(cur, nc)?;
                        let bi = this.b.build_load(this.ctx().i64_type(), best, "")?.into_int_value();
                        this.b.build_store(best, this.b.build_select(take, k, bi, "")?)?;
                        this.b.build_store(nan, this.b.build_or(seen, this.b.build_and(take, v_nan, "")?, "")?)?;
                        Ok(())
                    })?;
                    if op.starts_with("arg") {
                        this.b.build_load(this.ctx().i64_type(), best, "")?
                    } else {
                        let c = this.b.build_load(lt, cur, "")?;
                        this.convert(c, &dt, &Ty::Scalar(rd))?
                    }
                }
                _ => return ice(format!("reduction `{op}` along an axis has no lowering")),
            };
            // SAFETY: an i8 pointee and one i64 byte offset inside the new result array.
            let q = unsafe { this.b.build_in_bounds_gep(i8t, out_data, &[ooff], "")? };
            this.store_elem(q, rd, result)
        })?;
        Ok(out.into())
    }
}
