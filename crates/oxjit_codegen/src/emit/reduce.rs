//! Whole-array reductions (`np.sum(a)`, `a.max()`, `np.argmin(a)` ...) returning a scalar.
//!
//! Each is a loop over the array emitted in place: one flat loop over `nitems` when the array
//! is contiguous in the order the reduction walks (so LLVM vectorises what it may), else a
//! loop nest over the axes with byte strides. The walking order and the arithmetic are
//! Numba's, so float results are bit for bit the same:
//!
//! ```text
//! sum, prod, mean, var, std, min, max, all, any   memory order of an F array (ndim ≥ 2),
//!                                                 logical C order otherwise (Numba's nditer)
//! argmin, argmax, count_nonzero                   logical C order (`a.flat`), flat index
//! sum/prod accumulate in int64/uint64 for narrow ints and bool, else in the dtype
//! mean = (Σ x in float64 for ints, in the dtype otherwise) / n; nan for an empty array
//! var  = Σ float64(|x - mean|²) / n  (ZeroDivisionError when empty, as Numba); std = var ** 0.5
//! min/max/argmin/argmax: the first NaN wins; empty raises ValueError with Numba's message
//! ```

use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::mir::{BinOp, CmpOp};
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::types::ARR_DATA;
use super::{ice, EResult, FnCx};

/// The order a reduction visits the elements in.
#[derive(Copy, Clone, PartialEq)]
pub(crate) enum Walk {
    /// Numba's `nditer`: memory order for F arrays, logical C order otherwise.
    NdIter,
    /// Logical C order (`a.flat`, `np.ravel`).
    Flat,
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `reduce.<op>(array)`.
    pub fn reduce_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let ([Ty::Array(aty), ..], [arr, ..]) = (params, args) else {
            return ice(format!("reduce.{op} takes one array"));
        };
        let arr = self.as_struct(*arr)?;
        let Some(rs) = rty.scalar() else {
            return ice(format!("reduce.{op} typed `{rty}`"));
        };
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        match op {
            "sum" | "prod" => {
                let acc_ty = Ty::Scalar(rs);
                let init = if op == "sum" { 0 } else { 1 };
                let init = self.convert(self.i64c(init).into(), &Ty::I64, &acc_ty)?;
                let acc = self.alloca(self.em.llty(&acc_ty), "acc")?;
                self.b.build_store(acc, init)?;
                let bop = if op == "sum" { BinOp::Add } else { BinOp::Mul };
                if let Some(r) = self.parallel_fold(arr, aty, &acc_ty, bop, if op == "sum" { 0 } else { 1 })? {
                    return Ok(r);
                }
                self.walk(arr, aty, Walk::NdIter, &mut |this, p, _, _| {
                    let v = this.load_elem(p, d)?;
                    let v = this.convert(v, &dt, &acc_ty)?;
                    let cur = this.b.build_load(this.em.llty(&acc_ty), acc, "")?;
                    let (r, _) = this.binop(bop, cur, v, &acc_ty)?;
                    this.b.build_store(acc, r)?;
                    Ok(())
                })?;
                Ok(self.b.build_load(self.em.llty(&acc_ty), acc, op)?)
            }
            "mean" => self.mean(arr, aty, rty),
            "var" | "std" => {
                let var = self.variance(arr, aty)?;
                if op == "var" {
                    return self.convert(var.into(), &Ty::F64, rty);
                }
                let half = self.ctx().f64_type().const_float(0.5);
                let r = self.float_pow(var, half)?;
                self.convert(r.into(), &Ty::F64, rty)
            }
            "min" | "max" => {
                let v = self.extreme(op == "max", false, arr, aty)?;
                self.convert(v, &Ty::Scalar(aty.dtype), rty)
            }
            "argmin" | "argmax" => self.extreme(op == "argmax", true, arr, aty),
            "all" | "any" => {
                let all = op == "all";
                let res = self.alloca(self.ctx().bool_type().into(), op)?;
                self.b.build_store(res, self.bool_c(all))?;
                self.walk(arr, aty, Walk::NdIter, &mut |this, p, _, exit| {
                    let v = this.load_elem(p, d)?;
                    let t = this.truth(v, &dt)?;
                    // all: stop at the first false element; any: at the first true one.
                    let stop = if all { this.b.build_not(t, "")? } else { t };
                    let stop_bb = this.new_block("reduce.stop");
                    let go_bb = this.new_block("reduce.go");
                    this.b.build_conditional_branch(stop, stop_bb, go_bb)?;
                    this.b.position_at_end(stop_bb);
                    this.b.build_store(res, this.bool_c(!all))?;
                    this.b.build_unconditional_branch(exit)?;
                    this.b.position_at_end(go_bb);
                    Ok(())
                })?;
                Ok(self.b.build_load(self.ctx().bool_type(), res, op)?)
            }
            "count_nonzero" => {
                let acc = self.alloca(self.ctx().i64_type().into(), "count")?;
                self.b.build_store(acc, self.i64c(0))?;
                self.walk(arr, aty, Walk::Flat, &mut |this, p, _, _| {
                    let v = this.load_elem(p, d)?;
                    let t = this.truth(v, &dt)?;
                    let t = this.b.build_int_z_extend(t, this.ctx().i64_type(), "")?;
                    let cur = this.b.build_load(this.ctx().i64_type(), acc, "")?.into_int_value();
                    this.b.build_store(acc, this.b.build_int_add(cur, t, "")?)?;
                    Ok(())
                })?;
                let n = self.b.build_load(self.ctx().i64_type(), acc, "count_nonzero")?;
                self.convert(n, &Ty::I64, rty)
            }
            _ => ice(format!("reduction `{op}` has no lowering")),
        }
    }

    /// In a `parallel=True` function, `init OP x₀ OP x₁ ...` over a contiguous array (elements
    /// converted to `acc_ty`) folded chunk by chunk on the thread pool: each chunk folds its
    /// elements (in memory order) from the identity `init`, and the partials are folded in chunk
    /// order. `None` where that does not apply (serial context, non-contiguous or 0-d array).
    fn parallel_fold(&self, arr: StructValue<'ctx>, aty: &ArrayTy, acc_ty: &Ty, op: BinOp, identity: i64) -> EResult<Option<BasicValueEnum<'ctx>>> {
        if !self.may_parallelize() || aty.layout == Layout::A || aty.ndim == 0 {
            return Ok(None);
        }
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        let n = self.arr_nitems(arr)?;
        let data = self.arr_ptr(arr, ARR_DATA)?;
        let acc_ty2 = acc_ty.clone();
        let init = self.convert(self.i64c(identity).into(), &Ty::I64, acc_ty)?;
        let r = self.outlined_reduce(
            n,
            n,
            &[data.into()],
            init,
            &mut |cx, vals, lo, hi| {
                let data = cx.as_ptr(vals[0])?;
                let lt = cx.em.llty(&acc_ty2);
                let acc = cx.alloca(lt, "acc")?;
                cx.b.build_store(acc, cx.convert(cx.i64c(identity).into(), &Ty::I64, &acc_ty2)?)?;
                let len = cx.b.build_int_sub(hi, lo, "")?;
                let elem = cx.em.mem_scalar_ty(d);
                cx.count_loop(len, &mut |this, k| {
                    let k = this.b.build_int_add(lo, k, "")?;
                    // SAFETY: a scalar pointee and one i64 index below nitems of a contiguous array.
                    let p = unsafe { this.b.build_in_bounds_gep(elem, data, &[k], "")? };
                    let v = this.load_elem(p, d)?;
                    let v = this.convert(v, &dt, &acc_ty2)?;
                    let cur = this.b.build_load(lt, acc, "")?;
                    let (r, _) = this.binop(op, cur, v, &acc_ty2)?;
                    this.b.build_store(acc, r)?;
                    Ok(())
                })?;
                Ok(cx.b.build_load(lt, acc, "")?)
            },
            &mut |this, a, b| Ok(this.binop(op, a, b, acc_ty)?.0),
        )?;
        Ok(Some(r))
    }

    /// The float type means are accumulated in: float64 for ints and bool, else the dtype.
    fn mean_ty(d: Scalar) -> Ty {
        if d.is_int() || d == Scalar::Bool {
            Ty::F64
        } else {
            Ty::Scalar(d)
        }
    }

    /// Numba's mean: nan for an empty array, else `W(Σ / n)` with the division done in float64
    /// (complex128 for complex, by CPython's algorithm with a zero imaginary divisor).
    fn mean(&self, arr: StructValue<'ctx>, aty: &ArrayTy, rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        let w = Self::mean_ty(d);
        let wl = self.em.llty(&w);
        let acc = self.alloca(wl, "acc")?;
        let zero = self.convert(self.i64c(0).into(), &Ty::I64, &w)?;
        self.b.build_store(acc, zero)?;
        let n = self.arr_nitems(arr)?;
        let res = self.alloca(wl, "mean")?;
        let empty = self.b.build_int_compare(IntPredicate::EQ, n, self.i64c(0), "empty")?;
        let empty_bb = self.new_block("mean.empty");
        let body_bb = self.new_block("mean.body");
        let done_bb = self.new_block("mean.done");
        self.b.build_conditional_branch(empty, empty_bb, body_bb)?;
        self.b.position_at_end(empty_bb);
        let nan = self.convert(self.ctx().f64_type().const_float(f64::NAN).into(), &Ty::F64, &w)?;
        let nan = match w.scalar() {
            Some(c) if c.is_complex() => {
                let part = self.em.scalar_ty(c.complex_part()).into_float_type().const_float(f64::NAN);
                self.make_complex(c, part.into(), part.into())?
            }
            _ => nan,
        };
        self.b.build_store(res, nan)?;
        self.b.build_unconditional_branch(done_bb)?;
        self.b.position_at_end(body_bb);
        if let Some(r) = self.parallel_fold(arr, aty, &w, BinOp::Add, 0)? {
            self.b.build_store(acc, r)?;
        } else {
            self.walk(arr, aty, Walk::NdIter, &mut |this, p, _, _| {
                let v = this.load_elem(p, d)?;
                let v = this.convert(v, &dt, &w)?;
                let cur = this.b.build_load(wl, acc, "")?;
                let (r, _) = this.binop(BinOp::Add, cur, v, &w)?;
                this.b.build_store(acc, r)?;
                Ok(())
            })?;
        }
        let total = self.b.build_load(wl, acc, "")?;
        let nf = self.b.build_signed_int_to_float(n, self.ctx().f64_type(), "n")?;
        let q: BasicValueEnum<'ctx> = match w.scalar() {
            Some(c) if c.is_complex() => {
                let total = self.convert(total, &w, &Ty::C128)?;
                let (re, im) = self.complex_parts(total)?;
                // CPython's division by (n + 0j): ratio 0, denominator n.
                let z = self.ctx().f64_type().const_zero();
                let b = &self.b;
                let re2 = b.build_float_add(re, b.build_float_mul(im, z, "")?, "")?;
                let im2 = b.build_float_sub(im, b.build_float_mul(re, z, "")?, "")?;
                let re3 = b.build_float_div(re2, nf, "")?;
                let im3 = b.build_float_div(im2, nf, "")?;
                let c128 = self.make_complex(Scalar::C128, re3.into(), im3.into())?;
                self.convert(c128, &Ty::C128, &w)?
            }
            _ => {
                let t = self.convert(total, &w, &Ty::F64)?;
                let q = self.b.build_float_div(self.as_float(t)?, nf, "")?;
                self.apply_fmf(q);
                self.convert(q.into(), &Ty::F64, &w)?
            }
        };
        self.b.build_store(res, q)?;
        self.b.build_unconditional_branch(done_bb)?;
        self.b.position_at_end(done_bb);
        let r = self.b.build_load(wl, res, "mean")?;
        self.convert(r, &w, rty)
    }

    /// Numba's `var`: the mean, then `Σ float64(re(v·conj(v)))` over `v = x - mean` computed in
    /// the mean's type, divided by n (ZeroDivisionError for an empty array).
    fn variance(&self, arr: StructValue<'ctx>, aty: &ArrayTy) -> EResult<inkwell::values::FloatValue<'ctx>> {
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        let w = Self::mean_ty(d);
        let m = self.mean(arr, aty, &w)?;
        let f64t = self.ctx().f64_type();
        let ssd = self.alloca(f64t.into(), "ssd")?;
        self.b.build_store(ssd, f64t.const_zero())?;
        self.walk(arr, aty, Walk::NdIter, &mut |this, p, _, _| {
            let v = this.load_elem(p, d)?;
            let v = this.convert(v, &dt, &w)?;
            let (diff, _) = this.binop(BinOp::Sub, v, m, &w)?;
            let sq: BasicValueEnum<'ctx> = match w.scalar() {
                Some(c) if c.is_complex() => {
                    let (re, im) = this.complex_parts(diff)?;
                    let b = &this.b;
                    let rr = b.build_float_mul(re, re, "")?;
                    let nim = b.build_float_neg(im, "")?;
                    let ii = b.build_float_mul(im, nim, "")?;
                    let r = b.build_float_sub(rr, ii, "")?;
                    this.convert(r.into(), &Ty::Scalar(c.complex_part()), &Ty::F64)?
                }
                _ => {
                    let (sq, _) = this.binop(BinOp::Mul, diff, diff, &w)?;
                    this.convert(sq, &w, &Ty::F64)?
                }
            };
            let cur = this.b.build_load(f64t, ssd, "")?.into_float_value();
            let s = this.b.build_float_add(cur, this.as_float(sq)?, "")?;
            this.apply_fmf(s);
            this.b.build_store(ssd, s)?;
            Ok(())
        })?;
        let n = self.arr_nitems(arr)?;
        let empty = self.b.build_int_compare(IntPredicate::EQ, n, self.i64c(0), "empty")?;
        self.raise_if(empty, ExcKind::ZeroDivisionError, Some("division by zero"))?;
        let total = self.b.build_load(f64t, ssd, "")?.into_float_value();
        let nf = self.b.build_signed_int_to_float(n, f64t, "n")?;
        let r = self.b.build_float_div(total, nf, "var")?;
        self.apply_fmf(r);
        Ok(r)
    }

    /// Raises Numba's ValueError for a reduction without identity over an empty array.
    pub(crate) fn check_nonempty(&self, arr: StructValue<'ctx>, msg: &str) -> EResult<()> {
        let n = self.arr_nitems(arr)?;
        let empty = self.b.build_int_compare(IntPredicate::EQ, n, self.i64c(0), "empty")?;
        self.raise_if(empty, ExcKind::ValueError, Some(msg))
    }

    /// `v` compares before `cur` (strictly less for min, greater for max; complex numbers
    /// lexicographically).
    pub(crate) fn better(&self, is_max: bool, v: BasicValueEnum<'ctx>, cur: BasicValueEnum<'ctx>, t: &Ty) -> EResult<IntValue<'ctx>> {
        let op = if is_max { CmpOp::Gt } else { CmpOp::Lt };
        match t.scalar() {
            Some(c) if c.is_complex() => {
                let part = Ty::Scalar(c.complex_part());
                let (vr, vi) = self.complex_parts(v)?;
                let (cr, ci) = self.complex_parts(cur)?;
                let re_better = self.compare_values(op, vr.into(), cr.into(), &part)?;
                let re_eq = self.compare_values(CmpOp::Eq, vr.into(), cr.into(), &part)?;
                let im_better = self.compare_values(op, vi.into(), ci.into(), &part)?;
                let tie = self.b.build_and(re_eq, im_better, "")?;
                Ok(self.b.build_or(re_better, tie, "")?)
            }
            _ => self.compare_values(op, v, cur, t),
        }
    }

    /// `x != x` for floats; constant false otherwise.
    pub(crate) fn is_nan(&self, v: BasicValueEnum<'ctx>, d: Scalar) -> EResult<IntValue<'ctx>> {
        if d.is_float() {
            let x = self.as_float(v)?;
            Ok(self.b.build_float_compare(FloatPredicate::UNO, x, x, "isnan")?)
        } else {
            Ok(self.bool_c(false))
        }
    }

    /// Numba's `np.min`/`np.max` (value) and `np.argmin`/`np.argmax` (flat C-order index): the
    /// first element, replaced by any later one that compares strictly better; the first NaN
    /// met ends the walk. The value walks memory order (`NdIter`), the index C order (`Flat`),
    /// as Numba does, which decides which of two equal zeros `min` returns.
    fn extreme(&self, is_max: bool, want_index: bool, arr: StructValue<'ctx>, aty: &ArrayTy) -> EResult<BasicValueEnum<'ctx>> {
        let d = aty.dtype;
        let dt = Ty::Scalar(d);
        let which = match (want_index, is_max) {
            (false, true) => "maximum",
            (false, false) => "minimum",
            (true, true) => "argmax",
            (true, false) => "argmin",
        };
        let msg = if want_index {
            format!("attempt to get {which} of an empty sequence")
        } else {
            format!("zero-size array to reduction operation {which} which has no identity")
        };
        self.check_nonempty(arr, &msg)?;
        let lt = self.em.llty(&dt);
        let i64t = self.ctx().i64_type();
        let cur = self.alloca(lt, "best")?;
        let best_idx = self.alloca(i64t.into(), "best_idx")?;
        // The first element in either walking order is the one at the data pointer.
        let data = self.arr_ptr(arr, ARR_DATA)?;
        let first = self.load_elem(data, d)?;
        self.b.build_store(cur, first)?;
        self.b.build_store(best_idx, self.i64c(0))?;
        let order = if want_index { Walk::Flat } else { Walk::NdIter };
        self.walk(arr, aty, order, &mut |this, p, idx, exit| {
            let v = this.load_elem(p, d)?;
            let c = this.b.build_load(lt, cur, "")?;
            let nan = this.is_nan(v, d)?;
            let better = this.better(is_max, v, c, &dt)?;
            let take = this.b.build_or(nan, better, "")?;
            let nv = this.b.build_select(take, v, c, "")?;
            this.b.build_store(cur, nv)?;
            if want_index {
                let bi = this.b.build_load(i64t, best_idx, "")?;
                let ni = this.b.build_select(take, idx.into(), bi, "")?;
                this.b.build_store(best_idx, ni)?;
            }
            if d.is_float() {
                let go = this.new_block("reduce.go");
                this.b.build_conditional_branch(nan, exit, go)?;
                this.b.position_at_end(go);
            }
            Ok(())
        })?;
        if want_index {
            Ok(self.b.build_load(i64t, best_idx, which)?)
        } else {
            Ok(self.b.build_load(lt, cur, which)?)
        }
    }

    /// Emits a loop over every element of `arr` in `order`, calling `body(this, elem_ptr,
    /// flat_index, exit_block)` once per element. The body may branch to `exit_block` (which
    /// ends the loop) but must leave the builder in a block that continues it. Afterwards the
    /// builder is positioned after the loop.
    pub(crate) fn walk(
        &self,
        arr: StructValue<'ctx>,
        aty: &ArrayTy,
        order: Walk,
        body: &mut dyn FnMut(&Self, PointerValue<'ctx>, IntValue<'ctx>, BasicBlock<'ctx>) -> EResult<()>,
    ) -> EResult<()> {
        let n = aty.ndim as usize;
        let i64t = self.ctx().i64_type();
        let exit = self.new_block("reduce.exit");
        let data = self.arr_ptr(arr, ARR_DATA)?;
        // Memory order of an F array for nditer walks (Numba's rule: only for ndim ≥ 2).
        let reversed = order == Walk::NdIter && aty.layout == Layout::F && n >= 2;
        let flat = match aty.layout {
            Layout::C => true,
            Layout::F => n <= 1 || reversed,
            Layout::A => false,
        };
        if n == 0 {
            let zero = self.i64c(0);
            body(self, data, zero, exit)?;
            self.b.build_unconditional_branch(exit)?;
            self.b.position_at_end(exit);
            return Ok(());
        }
        if flat {
            // Contiguous in the walking order: element k is data[k].
            let nitems = self.arr_nitems(arr)?;
            let i = self.alloca(i64t.into(), "k")?;
            self.b.build_store(i, self.i64c(0))?;
            let head = self.new_block("reduce.head");
            let body_bb = self.new_block("reduce.body");
            self.b.build_unconditional_branch(head)?;
            self.b.position_at_end(head);
            let k = self.b.build_load(i64t, i, "k")?.into_int_value();
            let more = self.b.build_int_compare(IntPredicate::SLT, k, nitems, "")?;
            self.b.build_conditional_branch(more, body_bb, exit)?;
            self.b.position_at_end(body_bb);
            let elem_ty = self.em.mem_scalar_ty(aty.dtype);
            // SAFETY: a scalar pointee and one i64 index always make a well-formed GEP; k is
            // in [0, nitems) of a contiguous buffer.
            let p = unsafe { self.b.build_in_bounds_gep(elem_ty, data, &[k], "elem")? };
            body(self, p, k, exit)?;
            let k1 = self.b.build_int_add(k, self.i64c(1), "")?;
            self.b.build_store(i, k1)?;
            self.b.build_unconditional_branch(head)?;
            self.b.position_at_end(exit);
            return Ok(());
        }
        // A loop nest: outermost axis first (the last axis first when reversed).
        let axes: Vec<u32> = if reversed { (0..n as u32).rev().collect() } else { (0..n as u32).collect() };
        let mut idx = Vec::with_capacity(n);
        for _ in 0..n {
            let slot = self.alloca(i64t.into(), "ax")?;
            idx.push(slot);
        }
        let counter = self.alloca(i64t.into(), "flat")?;
        self.b.build_store(counter, self.i64c(0))?;
        let mut shapes = Vec::with_capacity(n);
        let mut strides = Vec::with_capacity(n);
        for &ax in &axes {
            shapes.push(self.arr_shape(arr, ax)?);
            strides.push(self.arr_stride(arr, ax)?);
        }
        // heads[l] tests level l; latches[l] advances level l.
        let heads: Vec<BasicBlock<'ctx>> = (0..n).map(|_| self.new_block("reduce.head")).collect();
        let latches: Vec<BasicBlock<'ctx>> = (0..n).map(|_| self.new_block("reduce.latch")).collect();
        let inner = self.new_block("reduce.body");
        self.b.build_store(idx[0], self.i64c(0))?;
        self.b.build_unconditional_branch(heads[0])?;
        for l in 0..n {
            self.b.position_at_end(heads[l]);
            let i = self.b.build_load(i64t, idx[l], "")?.into_int_value();
            let more = self.b.build_int_compare(IntPredicate::SLT, i, shapes[l], "")?;
            let next = if l + 1 < n { heads[l + 1] } else { inner };
            let done = if l == 0 { exit } else { latches[l - 1] };
            if l + 1 < n {
                // Entering the next level resets its index.
                let enter = self.new_block("reduce.enter");
                self.b.build_conditional_branch(more, enter, done)?;
                self.b.position_at_end(enter);
                self.b.build_store(idx[l + 1], self.i64c(0))?;
                self.b.build_unconditional_branch(next)?;
            } else {
                self.b.build_conditional_branch(more, next, done)?;
            }
            self.b.position_at_end(latches[l]);
            let i = self.b.build_load(i64t, idx[l], "")?.into_int_value();
            let i1 = self.b.build_int_add(i, self.i64c(1), "")?;
            self.b.build_store(idx[l], i1)?;
            self.b.build_unconditional_branch(heads[l])?;
        }
        self.b.position_at_end(inner);
        let mut off = self.i64c(0);
        for l in 0..n {
            let i = self.b.build_load(i64t, idx[l], "")?.into_int_value();
            let part = self.b.build_int_mul(i, strides[l], "")?;
            off = self.b.build_int_add(off, part, "")?;
        }
        // SAFETY: an i8 pointee and one i64 byte offset always make a well-formed GEP; the
        // offset addresses an element of the array (every index is below its axis' length).
        let p = unsafe { self.b.build_in_bounds_gep(self.ctx().i8_type(), data, &[off], "elem")? };
        let k = self.b.build_load(i64t, counter, "")?.into_int_value();
        body(self, p, k, exit)?;
        let k1 = self.b.build_int_add(k, self.i64c(1), "")?;
        self.b.build_store(counter, k1)?;
        self.b.build_unconditional_branch(latches[n - 1])?;
        self.b.position_at_end(exit);
        Ok(())
    }
}
