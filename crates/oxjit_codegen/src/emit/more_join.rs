//! Accumulations and joins: `np.cumsum` / `a.cumsum()`, `np.cumprod` / `a.cumprod()`,
//! `np.concatenate`, `np.stack`, `np.vstack`, `np.hstack`.
//!
//! ```text
//! cumsum / cumprod   1-d over the flattened array in logical C order, in Numba's accumulator
//!                    type (int64 / uint64 for bool and narrow ints), `c = c + x` / `c = c * x`;
//!                    along an axis of an n-d array: a's shape, one such sum per lane
//! concatenate        every input copied into its slab of the result along `axis` (checked
//!                    when it runs: IndexError out of bounds, ValueError on other sizes)
//! stack              the inputs viewed with a new axis of length 1 at `axis`, concatenated
//! vstack / hstack    stack or concatenate along axis 0 / 1 (0-d inputs as 1 x 1 / 1-element)
//! ```
//!
//! The result layout is Numba's: F when every input is F, else C.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::types::ArrayTy;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::super::reduce::Walk;
use super::super::types::ARR_DATA;
use super::super::{ice, EResult};
use super::More;

/// One input of a join: the array, its type, and the shape and byte strides it is copied
/// with (its own, or with an inserted axis of length 1).
struct Part<'ctx> {
    arr: StructValue<'ctx>,
    aty: ArrayTy,
    shape: Vec<IntValue<'ctx>>,
    strides: Vec<IntValue<'ctx>>,
}

impl<'c, 'a, 'ctx> More<'c, 'a, 'ctx> {
    pub(super) fn more_join(
        &self,
        head: &str,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("new.{head} typed without an array"));
        };
        match head {
            "cumsum" | "cumprod" => self.accumulate(head == "cumprod", params, args, rt),
            _ => self.join(head, params, args, rt),
        }
    }

    /// `np.cumsum(a)` / `np.cumprod(a)`.
    fn accumulate(
        &self,
        product: bool,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(params, args, 0)?;
        if rt.ndim > 1 {
            return self.accumulate_axis(product, params, args, rt);
        }
        if let (Some(t), Some(v)) = (params.get(1).filter(|t| t.is_int()), args.get(1)) {
            // An explicit axis of a 1-d array: 0 or -1.
            let ax = self.as_int(self.convert(*v, t, &Ty::I64)?)?;
            let lo = self
                .b
                .build_int_compare(IntPredicate::SLT, ax, self.i64c(-1), "")?;
            let hi = self
                .b
                .build_int_compare(IntPredicate::SGT, ax, self.i64c(0), "")?;
            let bad = self.b.build_or(lo, hi, "")?;
            self.raise_if(
                bad,
                ExcKind::ValueError,
                Some("axis is out of bounds for array of dimension 1"),
            )?;
        }
        let n = self.arr_nitems(a)?;
        let res = self.alloc_array(rt, &[n], false)?;
        let out = self.arr_ptr(res, ARR_DATA)?;
        let (d, acc_d) = (at.dtype, rt.dtype);
        let acc_t = Ty::Scalar(acc_d);
        let acc = self.alloca(self.em.llty(&acc_t), "acc")?;
        let init = self.convert(self.i64c(i64::from(product)).into(), &Ty::I64, &acc_t)?;
        self.b.build_store(acc, init)?;
        self.walk(a, &at, Walk::Flat, &mut |this, p, k, _| {
            let this = More(this);
            let v = this.load_elem(p, d)?;
            let v = this.convert(v, &Ty::Scalar(d), &acc_t)?;
            let cur = this.b.build_load(this.em.llty(&acc_t), acc, "")?;
            let next = if acc_d == Scalar::Bool {
                // cumsum(dtype=bool): `or`; cumprod: `and`.
                let (x, y) = (this.as_int(cur)?, this.as_int(v)?);
                if product {
                    this.b.build_and(x, y, "")?.into()
                } else {
                    this.b.build_or(x, y, "")?.into()
                }
            } else {
                this.binop(
                    if product { BinOp::Mul } else { BinOp::Add },
                    cur,
                    v,
                    &acc_t,
                )?
                .0
            };
            this.b.build_store(acc, next)?;
            this.store_elem(this.nth_ptr(out, acc_d, k)?, acc_d, next)
        })?;
        Ok(res.into())
    }

    /// `c + x` / `c * x` in the accumulator type (`or` / `and` for bool).
    fn accumulate_step(
        &self,
        product: bool,
        cur: BasicValueEnum<'ctx>,
        v: BasicValueEnum<'ctx>,
        acc_t: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        if *acc_t == Ty::BOOL {
            let (x, y) = (self.as_int(cur)?, self.as_int(v)?);
            return Ok(if product {
                self.b.build_and(x, y, "")?.into()
            } else {
                self.b.build_or(x, y, "")?.into()
            });
        }
        let op = if product { BinOp::Mul } else { BinOp::Add };
        Ok(self.binop(op, cur, v, acc_t)?.0)
    }

    /// `np.cumsum(a, axis)` / `np.cumprod(a, axis)` of an n-d array: a C array of `a`'s shape,
    /// `out[..., i, ...] = out[..., i - 1, ...] op a[..., i, ...]` along the axis, starting from
    /// 0 (1) as Numba's per-lane accumulators do. `a` is read once in C order; element `k`'s
    /// predecessor along the axis is `k - inner` (`inner`: the product of the later dims).
    fn accumulate_axis(
        &self,
        product: bool,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(params, args, 0)?;
        let (Some(t), Some(v)) = (params.get(1), args.get(1)) else {
            return ice("new.cumsum along an axis without the axis");
        };
        let nd = i64::from(at.ndim);
        let b = &self.b;
        let ax = self.as_int(self.convert(*v, t, &Ty::I64)?)?;
        let lo = b.build_int_compare(IntPredicate::SLT, ax, self.i64c(-nd), "")?;
        let hi = b.build_int_compare(IntPredicate::SGE, ax, self.i64c(nd), "")?;
        self.raise_if(
            b.build_or(lo, hi, "")?,
            ExcKind::ValueError,
            Some(&format!("axis is out of bounds for array of dimension {nd}")),
        )?;
        let neg = b.build_int_compare(IntPredicate::SLT, ax, self.i64c(0), "")?;
        let ax = b
            .build_select(neg, b.build_int_add(ax, self.i64c(nd), "")?, ax, "axis")?
            .into_int_value();
        let shape = self.shape_of(a, at.ndim)?;
        // The axis' length and the product of the dimensions after it.
        let (mut len, mut inner) = (self.i64c(1), self.i64c(1));
        for (d, n) in shape.iter().enumerate() {
            let d = self.i64c(d as i64);
            let is_ax = b.build_int_compare(IntPredicate::EQ, d, ax, "")?;
            let after = b.build_int_compare(IntPredicate::SGT, d, ax, "")?;
            len = b.build_select(is_ax, *n, len, "")?.into_int_value();
            let f = b.build_select(after, *n, self.i64c(1), "")?.into_int_value();
            inner = b.build_int_mul(inner, f, "inner")?;
        }
        let res = self.alloc_array(rt, &shape, false)?;
        let out = self.arr_ptr(res, ARR_DATA)?;
        let (d, acc_d) = (at.dtype, rt.dtype);
        let acc_t = Ty::Scalar(acc_d);
        let identity = self.convert(self.i64c(i64::from(product)).into(), &Ty::I64, &acc_t)?;
        self.walk(a, &at, Walk::Flat, &mut |this, p, k, _| {
            let this = More(this);
            let v = this.load_elem(p, d)?;
            let v = this.convert(v, &Ty::Scalar(d), &acc_t)?;
            let b = &this.b;
            // Runs only for elements, so `inner` and `len` are positive here.
            let pos = b.build_int_signed_rem(b.build_int_signed_div(k, inner, "")?, len, "")?;
            let first = b.build_int_compare(IntPredicate::EQ, pos, this.i64c(0), "")?;
            // The first of a lane reads itself (not yet written; the value is not used).
            let back = b.build_select(first, k, b.build_int_sub(k, inner, "")?, "")?.into_int_value();
            let prev = this.load_elem(this.nth_ptr(out, acc_d, back)?, acc_d)?;
            let cur = this.b.build_select(first, identity, prev, "")?;
            let next = this.accumulate_step(product, cur, v, &acc_t)?;
            this.store_elem(this.nth_ptr(out, acc_d, k)?, acc_d, next)
        })?;
        Ok(res.into())
    }

    /// `concatenate`, `stack`, `vstack`, `hstack` of a tuple of arrays.
    fn join(
        &self,
        head: &str,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(Ty::Tuple(items)), Some(tv)) = (params.first(), args.first()) else {
            return ice(format!("new.{head} without a tuple"));
        };
        let tuple = self.as_struct(*tv)?;
        let mut parts = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            let Ty::Array(aty) = it else {
                return ice(format!("new.{head} of a non-array"));
            };
            let arr = self.as_struct(self.b.build_extract_value(tuple, i as u32, "")?)?;
            let shape = self.shape_of(arr, aty.ndim)?;
            let strides = (0..aty.ndim as u32)
                .map(|d| self.arr_stride(arr, d))
                .collect::<EResult<Vec<_>>>()?;
            parts.push(Part {
                arr,
                aty: aty.clone(),
                shape,
                strides,
            });
        }
        let axis_arg = match (params.get(1), args.get(1)) {
            (Some(t), Some(v)) if t.is_int() => {
                Some(self.as_int(self.convert(*v, t, &Ty::I64)?)?)
            }
            _ => None,
        };
        let in_ndim = parts[0].aty.ndim;
        match head {
            "concatenate" => self.concatenate(
                "np.concatenate",
                parts,
                axis_arg.unwrap_or(self.i64c(0)),
                rt,
            ),
            "stack" => self.stack(parts, axis_arg.unwrap_or(self.i64c(0)), rt),
            "vstack" if in_ndim == 0 => {
                // (1, 1) blocks down axis 0.
                for p in &mut parts {
                    p.shape = vec![self.i64c(1), self.i64c(1)];
                    p.strides = vec![self.i64c(0), self.i64c(0)];
                }
                self.concatenate("np.concatenate", parts, self.i64c(0), rt)
            }
            "vstack" if in_ndim == 1 => self.stack(parts, self.i64c(0), rt),
            "vstack" => self.concatenate("np.concatenate", parts, self.i64c(0), rt),
            _ if in_ndim == 0 => {
                for p in &mut parts {
                    p.shape = vec![self.i64c(1)];
                    p.strides = vec![self.i64c(0)];
                }
                self.concatenate("np.concatenate", parts, self.i64c(0), rt)
            }
            _ => self.concatenate(
                "np.concatenate",
                parts,
                self.i64c(if in_ndim == 1 { 0 } else { 1 }),
                rt,
            ),
        }
    }

    /// Normalises a run-time axis for `ndim` dimensions: IndexError when out of bounds.
    fn join_axis(&self, func: &str, axis: IntValue<'ctx>, ndim: u8) -> EResult<IntValue<'ctx>> {
        let nd = self.i64c(ndim as i64);
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, axis, self.i64c(0), "")?;
        let wrapped = self.b.build_int_add(axis, nd, "")?;
        let axis = self
            .b
            .build_select(neg, wrapped, axis, "axis")?
            .into_int_value();
        let lo = self
            .b
            .build_int_compare(IntPredicate::SLT, axis, self.i64c(0), "")?;
        let hi = self.b.build_int_compare(IntPredicate::SGE, axis, nd, "")?;
        let bad = self.b.build_or(lo, hi, "")?;
        self.raise_if(
            bad,
            ExcKind::IndexError,
            Some(&format!("{func}(): axis out of bounds")),
        )?;
        Ok(axis)
    }

    /// `np.stack(arrays, axis)`: equal shapes, a new axis of length 1 inserted in each input.
    fn stack(
        &self,
        mut parts: Vec<Part<'ctx>>,
        axis: IntValue<'ctx>,
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let axis = self.join_axis("np.stack", axis, rt.ndim)?;
        let first = parts[0].shape.clone();
        for p in &parts[1..] {
            let mut bad = self.bool_c(false);
            for (x, y) in p.shape.iter().zip(&first) {
                bad = self.b.build_or(
                    bad,
                    self.b.build_int_compare(IntPredicate::NE, *x, *y, "")?,
                    "",
                )?;
            }
            self.raise_if(
                bad,
                ExcKind::ValueError,
                Some("np.stack(): all input arrays must have the same shape"),
            )?;
        }
        let nd = rt.ndim as usize;
        for p in &mut parts {
            let (mut shape, mut strides) = (Vec::with_capacity(nd), Vec::with_capacity(nd));
            for j in 0..nd {
                let jv = self.i64c(j as i64);
                let at = self.b.build_int_compare(IntPredicate::EQ, jv, axis, "")?;
                let after = self.b.build_int_compare(IntPredicate::SGT, jv, axis, "")?;
                // Output axis j holds input axis j (before the new one) or j - 1 (after it).
                let before_sh = if j < nd - 1 { p.shape[j] } else { self.i64c(1) };
                let before_st = if j < nd - 1 {
                    p.strides[j]
                } else {
                    self.i64c(0)
                };
                let (after_sh, after_st) = if j >= 1 {
                    (p.shape[j - 1], p.strides[j - 1])
                } else {
                    (self.i64c(1), self.i64c(0))
                };
                let sh = self
                    .b
                    .build_select(after, after_sh, before_sh, "")?
                    .into_int_value();
                let st = self
                    .b
                    .build_select(after, after_st, before_st, "")?
                    .into_int_value();
                shape.push(
                    self.b
                        .build_select(at, self.i64c(1), sh, "")?
                        .into_int_value(),
                );
                strides.push(
                    self.b
                        .build_select(at, self.i64c(0), st, "")?
                        .into_int_value(),
                );
            }
            p.shape = shape;
            p.strides = strides;
        }
        self.join_copy(parts, axis, rt)
    }

    /// `np.concatenate(arrays, axis)` (also the last step of the others).
    fn concatenate(
        &self,
        func: &str,
        parts: Vec<Part<'ctx>>,
        axis: IntValue<'ctx>,
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let axis = self.join_axis(func, axis, rt.ndim)?;
        for dim in 0..rt.ndim as usize {
            let off_axis =
                self.b
                    .build_int_compare(IntPredicate::NE, self.i64c(dim as i64), axis, "")?;
            let mut bad = self.bool_c(false);
            for p in &parts[1..] {
                bad = self.b.build_or(
                    bad,
                    self.b.build_int_compare(
                        IntPredicate::NE,
                        p.shape[dim],
                        parts[0].shape[dim],
                        "",
                    )?,
                    "",
                )?;
            }
            let bad = self.b.build_and(bad, off_axis, "")?;
            self.raise_if(
                bad,
                ExcKind::ValueError,
                Some(&format!(
                    "{func}(): input sizes over dimension {dim} do not match"
                )),
            )?;
        }
        self.join_copy(parts, axis, rt)
    }

    /// Allocates the result (the parts' shape, summed along `axis`) and copies each part into
    /// its slab.
    fn join_copy(
        &self,
        parts: Vec<Part<'ctx>>,
        axis: IntValue<'ctx>,
        rt: &ArrayTy,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let nd = rt.ndim as usize;
        let mut shape = Vec::with_capacity(nd);
        for dim in 0..nd {
            let mut total = parts[0].shape[dim];
            for p in &parts[1..] {
                total = self.b.build_int_add(total, p.shape[dim], "")?;
            }
            let on_axis =
                self.b
                    .build_int_compare(IntPredicate::EQ, self.i64c(dim as i64), axis, "")?;
            shape.push(
                self.b
                    .build_select(on_axis, total, parts[0].shape[dim], "")?
                    .into_int_value(),
            );
        }
        let res = self.alloc_array(rt, &shape, false)?;
        let ostrides: Vec<IntValue<'ctx>> = (0..nd as u32)
            .map(|d| self.arr_stride(res, d))
            .collect::<EResult<_>>()?;
        let odata = self.arr_ptr(res, ARR_DATA)?;
        let mut axis_stride = self.i64c(0);
        for (dim, st) in ostrides.iter().enumerate() {
            let on_axis =
                self.b
                    .build_int_compare(IntPredicate::EQ, self.i64c(dim as i64), axis, "")?;
            axis_stride = self
                .b
                .build_select(on_axis, *st, axis_stride, "")?
                .into_int_value();
        }
        let mut offset = self.i64c(0);
        let od = rt.dtype;
        for p in &parts {
            let src = self.arr_ptr(p.arr, ARR_DATA)?;
            let sd = p.aty.dtype;
            let base = offset;
            self.loop_nest(&p.shape, &mut |this, idx| {
                let this = More(this);
                let mut so = this.i64c(0);
                let mut doff = base;
                for ((i, s), o) in idx.iter().zip(&p.strides).zip(&ostrides) {
                    so = this
                        .b
                        .build_int_add(so, this.b.build_int_mul(*i, *s, "")?, "")?;
                    doff = this
                        .b
                        .build_int_add(doff, this.b.build_int_mul(*i, *o, "")?, "")?;
                }
                let v = this.load_elem(this.byte_ptr(src, so)?, sd)?;
                let v = this.convert(v, &Ty::Scalar(sd), &Ty::Scalar(od))?;
                this.store_elem(this.byte_ptr(odata, doff)?, od, v)
            })?;
            let mut len = self.i64c(0);
            for (dim, sh) in p.shape.iter().enumerate() {
                let on_axis =
                    self.b
                        .build_int_compare(IntPredicate::EQ, self.i64c(dim as i64), axis, "")?;
                len = self.b.build_select(on_axis, *sh, len, "")?.into_int_value();
            }
            offset =
                self.b
                    .build_int_add(offset, self.b.build_int_mul(len, axis_stride, "")?, "")?;
        }
        Ok(res.into())
    }
}
