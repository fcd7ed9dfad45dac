//! Sorting, order statistics and searching: `np.sort`, `a.sort()`, `np.argsort`, `np.median`,
//! `np.percentile` / `np.quantile`, `np.unique`, `np.diff`, `np.interp` (runtime calls, see
//! `oxjit_runtime::sort`), `np.searchsorted`, `np.nonzero` / `np.flatnonzero` /
//! `np.argwhere` (loops emitted here).
//!
//! `searchsorted` is Numba's binary search with its comparison functions: `<` for `side='left'`
//! and `<=` for `'right'`, NaN-aware when the key is a float (NaN keys go after every number)
//! or complex (lexicographic, NaN parts last). With an array of keys each search starts from
//! the window the previous key leaves (`max` kept when the keys increase), exactly as Numba
//! does, which matters only for unsorted input.
//!
//! `nonzero` counts the true elements, then fills one block holding all `ndim` index arrays
//! (each array of the tuple owns one reference to it), so no allocation can fail half-way.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_frontend::mir::CmpOp;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{templates, Scalar, Ty};
use oxjit_runtime::sort as rt;
use oxjit_runtime::ExcKind;

use super::super::reduce::Walk;
use super::super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT};
use super::super::{ice, EResult};
use super::dtype_code;
use super::More;

/// A loop body over the elements of an array: the element's address and its indices.
type ElemBody<'f, 'a, 'ctx> = dyn FnMut(
        &More<'_, 'a, 'ctx>,
        inkwell::values::PointerValue<'ctx>,
        &[IntValue<'ctx>],
    ) -> EResult<()>
    + 'f;

impl<'c, 'a, 'ctx> More<'c, 'a, 'ctx> {
    /// The intrinsics of `more_sort.rs`: `head` is the operation, `variant` the folded constant
    /// argument (sort kind, searchsorted side).
    pub(super) fn more_sort(
        &self,
        head: &str,
        variant: &str,
        is_new: bool,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        if head == "interp" {
            return self.interp(params, args, rty);
        }
        let (a, at) = self.array_arg(params, args, 0)?;
        let i32t = self.ctx().i32_type();
        let ndim = self.i64c(at.ndim as i64);
        let dt = i32t.const_int(u64::from(dtype_code(at.dtype)), false);
        let kind = |v: &str| {
            i32t.const_int(
                u64::from(if v == "mergesort" {
                    rt::KIND_MERGESORT
                } else {
                    rt::KIND_QUICKSORT
                }),
                false,
            )
        };
        match head {
            "sort" if is_new => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.sort typed without an array");
                };
                let res = self.copy_array(a, &at, rt_ty)?;
                let p = self.spill_array(res)?;
                let status = self.rt_status_call(
                    "oxjit_rt_sort",
                    &[p.into(), ndim.into(), dt.into(), kind("quicksort").into()],
                )?;
                self.check_rt_status(status, &[], &[(res.into(), rty)])?;
                Ok(res.into())
            }
            "sort" => {
                let p = self.spill_array(a)?;
                let status = self.rt_status_call(
                    "oxjit_rt_sort",
                    &[p.into(), ndim.into(), dt.into(), kind(variant).into()],
                )?;
                self.check_rt_status(status, &[], &[])?;
                Ok(self.none_value())
            }
            "argsort" => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.argsort typed without an array");
                };
                let n = self.arr_nitems(a)?;
                let res = self.alloc_array(rt_ty, &[n], false)?;
                let out = self.arr_ptr(res, ARR_DATA)?;
                let p = self.spill_array(a)?;
                let status = self.rt_status_call(
                    "oxjit_rt_argsort",
                    &[
                        p.into(),
                        ndim.into(),
                        dt.into(),
                        kind(variant).into(),
                        out.into(),
                    ],
                )?;
                self.check_rt_status(status, &[], &[(res.into(), rty)])?;
                Ok(res.into())
            }
            "median" => {
                let f64t = self.ctx().f64_type();
                let out = self.alloca(f64t.into(), "median")?;
                let p = self.spill_array(a)?;
                let status = self.rt_status_call(
                    "oxjit_rt_median",
                    &[p.into(), ndim.into(), dt.into(), out.into()],
                )?;
                self.check_rt_status(status, &[], &[])?;
                Ok(self.b.build_load(f64t, out, "median")?)
            }
            "percentile" | "quantile" => self.percentile(head, a, &at, params, args, rty),
            "unique" => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.unique typed without an array");
                };
                let i64t = self.ctx().i64_type();
                let count = self.alloca(i64t.into(), "unique.count")?;
                let p = self.spill_array(a)?;
                let ptr = self.ctx().ptr_type(AddressSpace::default());
                let f = self.em.extern_fn(
                    "oxjit_rt_unique",
                    ptr.into(),
                    &[ptr.into(), i64t.into(), i32t.into(), ptr.into()],
                );
                let mi = self.as_ptr(self.call_value(
                    f,
                    &[p.into(), ndim.into(), dt.into(), count.into()],
                    "unique",
                )?)?;
                let failed = self.b.build_is_null(mi, "")?;
                self.raise_if(
                    failed,
                    ExcKind::MemoryError,
                    Some("cannot allocate memory for the array"),
                )?;
                let n = self.b.build_load(i64t, count, "n")?.into_int_value();
                Ok(self.array_over_block(mi, self.i64c(0), rt_ty, &[n])?.into())
            }
            "diff" => self.diff(a, &at, params, args, rty),
            "searchsorted" => self.searchsorted(variant == "right", a, &at, params, args, rty),
            "nonzero" | "flatnonzero" | "argwhere" => self.nonzero(head, a, &at, rty),
            _ => ice(format!("intrinsic `{head}` has no lowering")),
        }
    }

    /// `np.percentile(a, q)` / `np.quantile(a, q)`: the runtime computes into a float64 slot
    /// (scalar q) or a new 1-d array (array q).
    fn percentile(
        &self,
        which: &str,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let ctx = self.ctx();
        let (i32t, i64t, f64t) = (ctx.i32_type(), ctx.i64_type(), ctx.f64_type());
        let (Some(qt), Some(qv)) = (params.get(1), args.get(1)) else {
            return ice("percentile without q");
        };
        // q as an array struct: a scalar becomes a 0-d float64 array over a stack slot.
        let (q, qndim, qdtype, qsize) = match qt {
            Ty::Array(qa) => {
                let q = self.as_struct(*qv)?;
                (q, qa.ndim, qa.dtype, self.arr_nitems(q)?)
            }
            _ => (self.scalar_as_array(*qv, qt)?, 0, Scalar::F64, self.i64c(1)),
        };
        let (res, out) = match rty {
            Ty::Array(rt_ty) => {
                let res = self.alloc_array(rt_ty, &[qsize], false)?;
                (Some(res), self.arr_ptr(res, ARR_DATA)?)
            }
            _ => (None, self.alloca(f64t.into(), "percentile")?),
        };
        let (factor, upper, msg) = if which == "quantile" {
            (100.0, 1.0, "Quantiles must be in the range [0, 1]")
        } else {
            (1.0, 100.0, "Percentiles must be in the range [0, 100]")
        };
        let pa = self.spill_array(a)?;
        let pq = self.spill_array(q)?;
        let status = self.rt_status_call(
            "oxjit_rt_percentile",
            &[
                pa.into(),
                i64t.const_int(at.ndim as u64, false).into(),
                i32t.const_int(u64::from(dtype_code(at.dtype)), false)
                    .into(),
                pq.into(),
                i64t.const_int(qndim as u64, false).into(),
                i32t.const_int(u64::from(dtype_code(qdtype)), false).into(),
                f64t.const_float(factor).into(),
                f64t.const_float(upper).into(),
                out.into(),
            ],
        )?;
        let owned: Vec<(BasicValueEnum<'ctx>, &Ty)> =
            res.iter().map(|r| ((*r).into(), rty)).collect();
        self.check_rt_status(
            status,
            &[
                (rt::SORT_BAD_Q, ExcKind::ValueError, Some(msg)),
                (
                    rt::SORT_EMPTY_MAX,
                    ExcKind::ValueError,
                    Some("zero-size array to reduction operation maximum which has no identity"),
                ),
                (
                    rt::SORT_EMPTY_MIN,
                    ExcKind::ValueError,
                    Some("zero-size array to reduction operation minimum which has no identity"),
                ),
                (rt::SORT_EMPTY_SELECT, ExcKind::AssertionError, None),
            ],
            &owned,
        )?;
        match res {
            Some(r) => Ok(r.into()),
            None => Ok(self.b.build_load(f64t, out, which)?),
        }
    }

    /// `np.diff(a, n)`: `a.copy()` for n == 0 (Numba), ValueError for n < 0, else the runtime
    /// fills a new C array whose last axis is `max(size - n, 0)` long.
    fn diff(
        &self,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt_ty) = rty else {
            return ice("new.diff typed without an array");
        };
        let n = match (params.get(1), args.get(1)) {
            (Some(t), Some(v)) if t.is_int() => self.as_int(self.convert(*v, t, &Ty::I64)?)?,
            _ => self.i64c(1),
        };
        let slot = self.alloca(self.em.llty(rty), "diff")?;
        let copy_bb = self.new_block("diff.copy");
        let work_bb = self.new_block("diff.work");
        let done = self.new_block("diff.done");
        let zero = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64c(0), "")?;
        self.b.build_conditional_branch(zero, copy_bb, work_bb)?;
        self.b.position_at_end(copy_bb);
        let c = self.copy_array(a, at, rt_ty)?;
        self.b.build_store(slot, c)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(work_bb);
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, n, self.i64c(0), "")?;
        self.raise_if(
            neg,
            ExcKind::ValueError,
            Some("diff(): order must be non-negative"),
        )?;
        let mut shape = self.shape_of(a, at.ndim)?;
        let last = shape.len() - 1;
        let keep = self.b.build_int_sub(shape[last], n, "")?;
        let pos = self
            .b
            .build_int_compare(IntPredicate::SGT, keep, self.i64c(0), "")?;
        shape[last] = self
            .b
            .build_select(pos, keep, self.i64c(0), "keep")?
            .into_int_value();
        let res = self.alloc_array(rt_ty, &shape, false)?;
        let out = self.arr_ptr(res, ARR_DATA)?;
        let p = self.spill_array(a)?;
        let i32t = self.ctx().i32_type();
        let dt = i32t.const_int(u64::from(dtype_code(at.dtype)), false);
        let status = self.rt_status_call(
            "oxjit_rt_diff",
            &[
                p.into(),
                self.i64c(at.ndim as i64).into(),
                dt.into(),
                n.into(),
                out.into(),
            ],
        )?;
        self.check_rt_status(status, &[], &[(res.into(), rty)])?;
        self.b.build_store(slot, res)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(self.b.build_load(self.em.llty(rty), slot, "diff")?)
    }

    /// A number as a 0-d float64 array over a stack slot (for runtime functions taking arrays).
    fn scalar_as_array(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<StructValue<'ctx>> {
        let ptr = self.ctx().ptr_type(AddressSpace::default());
        let slot = self.alloca(self.ctx().f64_type().into(), "scalar")?;
        self.b.build_store(slot, self.convert(v, t, &Ty::F64)?)?;
        let mut s = self.em.array_ty(0).get_undef();
        for (field, x) in [
            (ARR_MEMINFO, ptr.const_null().into()),
            (ARR_PARENT, ptr.const_null().into()),
            (ARR_NITEMS, self.i64c(1).into()),
            (ARR_ITEMSIZE, self.i64c(8).into()),
            (ARR_DATA, slot.into()),
        ] {
            let x: BasicValueEnum<'ctx> = x;
            s = self
                .b
                .build_insert_value(s, x, field, "")?
                .into_struct_value();
        }
        Ok(s)
    }

    /// `np.interp(x, xp, fp)`: the runtime fills a float64 slot (scalar x) or a new array
    /// shaped like x.
    fn interp(
        &self,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(xt), Some(xv)) = (params.first(), args.first()) else {
            return ice("interp without x");
        };
        let (xp, xpt) = self.array_arg(params, args, 1)?;
        let (fp, fpt) = self.array_arg(params, args, 2)?;
        let (i32t, f64t) = (self.ctx().i32_type(), self.ctx().f64_type());
        let (x, xndim, xdtype) = match xt {
            Ty::Array(xa) => (self.as_struct(*xv)?, xa.ndim, xa.dtype),
            _ => (self.scalar_as_array(*xv, xt)?, 0, Scalar::F64),
        };
        let (res, out) = match rty {
            Ty::Array(rt_ty) => {
                let shape = self.shape_of(x, xndim)?;
                let res = self.alloc_array(rt_ty, &shape, false)?;
                (Some(res), self.arr_ptr(res, ARR_DATA)?)
            }
            _ => (None, self.alloca(f64t.into(), "interp")?),
        };
        let code = |d: Scalar| i32t.const_int(u64::from(dtype_code(d)), false);
        let (px, pxp, pfp) = (
            self.spill_array(x)?,
            self.spill_array(xp)?,
            self.spill_array(fp)?,
        );
        let status = self.rt_status_call(
            "oxjit_rt_interp",
            &[
                px.into(),
                self.i64c(i64::from(xndim)).into(),
                code(xdtype).into(),
                pxp.into(),
                code(xpt.dtype).into(),
                pfp.into(),
                code(fpt.dtype).into(),
                out.into(),
            ],
        )?;
        let owned: Vec<(BasicValueEnum<'ctx>, &Ty)> =
            res.iter().map(|r| ((*r).into(), rty)).collect();
        self.check_rt_status(
            status,
            &[
                (
                    rt::SORT_INTERP_EMPTY,
                    ExcKind::ValueError,
                    Some("array of sample points is empty"),
                ),
                (
                    rt::SORT_INTERP_SIZES,
                    ExcKind::ValueError,
                    Some("fp and xp are not of the same size."),
                ),
            ],
            &owned,
        )?;
        match res {
            Some(r) => Ok(r.into()),
            None => Ok(self.b.build_load(f64t, out, "interp")?),
        }
    }

    // ---- searchsorted ----

    /// Numba's comparison of searchsorted: `_less_than(x, y)` (left) or
    /// `_less_than_or_equal(x, y)` (right), `y` being a key.
    fn ss_cmp(
        &self,
        right: bool,
        x: BasicValueEnum<'ctx>,
        xs: Scalar,
        y: BasicValueEnum<'ctx>,
        ys: Scalar,
    ) -> EResult<IntValue<'ctx>> {
        if xs.is_complex() || ys.is_complex() {
            let c = match templates::unify(&Ty::Scalar(xs), &Ty::Scalar(ys)) {
                Some(Ty::Scalar(c)) if c.is_complex() => c,
                _ => Scalar::C128,
            };
            let x = self.convert(x, &Ty::Scalar(xs), &Ty::Scalar(c))?;
            let y = self.convert(y, &Ty::Scalar(ys), &Ty::Scalar(c))?;
            return self.complex_order(right, x, y, c);
        }
        let Some(ct) = templates::compare(CmpOp::Lt, &Ty::Scalar(xs), &Ty::Scalar(ys)) else {
            return ice(format!(
                "searchsorted cannot compare {} with {}",
                xs.name(),
                ys.name()
            ));
        };
        let xc = self.convert(x, &Ty::Scalar(xs), &ct)?;
        let yc = self.convert(y, &Ty::Scalar(ys), &ct)?;
        let base = self.compare_values(if right { CmpOp::LtE } else { CmpOp::Lt }, xc, yc, &ct)?;
        if !ys.is_float() {
            return Ok(base);
        }
        let ynan = self.is_nan(y, ys)?;
        if right {
            // `if isnan(b): True`, else `a <= b`.
            return Ok(self.b.build_or(ynan, base, "")?);
        }
        // `a < b or (isnan(b) and not isnan(a))`.
        let xnan = self.is_nan(x, xs)?;
        let nx = self.b.build_not(xnan, "")?;
        let tail = self.b.build_and(ynan, nx, "")?;
        Ok(self.b.build_or(base, tail, "")?)
    }

    /// `lt_complex(x, y)` or `less_than_or_equal_complex(x, y)`: lexicographic with NaN parts
    /// ordered last, as a chain of selects.
    fn complex_order(
        &self,
        right: bool,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        c: Scalar,
    ) -> EResult<IntValue<'ctx>> {
        let (ar, ai) = self.complex_parts(x)?;
        let (br, bi) = self.complex_parts(y)?;
        let b = &self.b;
        let nan = |v: inkwell::values::FloatValue<'ctx>| {
            b.build_float_compare(FloatPredicate::UNO, v, v, "")
        };
        let (arn, ain, brn, bin) = (nan(ar)?, nan(ai)?, nan(br)?, nan(bi)?);
        let t = self.bool_c(true);
        let f = self.bool_c(false);
        let sel =
            |c: IntValue<'ctx>, x: IntValue<'ctx>, y: IntValue<'ctx>| -> EResult<IntValue<'ctx>> {
                Ok(b.build_select(c, x, y, "")?.into_int_value())
            };
        let _ = c;
        let (ilt, rlt, req) = (
            b.build_float_compare(
                if right {
                    FloatPredicate::OLE
                } else {
                    FloatPredicate::OLT
                },
                ai,
                bi,
                "",
            )?,
            b.build_float_compare(
                if right {
                    FloatPredicate::OLE
                } else {
                    FloatPredicate::OLT
                },
                ar,
                br,
                "",
            )?,
            b.build_float_compare(FloatPredicate::OEQ, ar, br, "")?,
        );
        let strict_rlt = b.build_float_compare(FloatPredicate::OLT, ar, br, "")?;
        // Both real parts NaN.
        let both_rnan = if right {
            sel(ain, bin, sel(bin, t, ilt)?)?
        } else {
            sel(ain, f, sel(bin, t, ilt)?)?
        };
        // Neither real part NaN.
        let no_rnan = {
            let both_inan = rlt; // a.real < b.real (or <=)
            let plain = sel(strict_rlt, t, sel(req, ilt, f)?)?;
            sel(ain, sel(bin, both_inan, f)?, sel(bin, t, plain)?)?
        };
        let a_rnan = sel(brn, both_rnan, f)?;
        sel(arn, a_rnan, sel(brn, t, no_rnan)?)
    }

    /// `np.searchsorted(a, v, side)`.
    fn searchsorted(
        &self,
        right: bool,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let i64t = self.ctx().i64_type();
        let len = self.arr_shape(a, 0)?;
        let (Some(vt), Some(vv)) = (params.get(1), args.get(1)) else {
            return ice("searchsorted without values");
        };
        let lo = self.alloca(i64t.into(), "ss.lo")?;
        let hi = self.alloca(i64t.into(), "ss.hi")?;
        match vt {
            Ty::Scalar(ks) => {
                self.b.build_store(lo, self.i64c(0))?;
                self.b.build_store(hi, len)?;
                self.binary_search(right, a, at, *vv, *ks, lo, hi)?;
                Ok(self.b.build_load(i64t, lo, "idx")?)
            }
            Ty::Array(va) => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.searchsorted typed without an array");
                };
                let v = self.as_struct(*vv)?;
                let shape = self.shape_of(v, va.ndim)?;
                let res = self.alloc_array(rt_ty, &shape, false)?;
                let out = self.arr_ptr(res, ARR_DATA)?;
                let ks = va.dtype;
                let kty = self.em.llty(&Ty::Scalar(ks));
                let last = self.alloca(kty, "ss.last")?;
                self.b.build_store(lo, self.i64c(0))?;
                self.b.build_store(hi, len)?;
                self.walk(v, va, Walk::Flat, &mut |this, p, k, _| {
                    let this = More(this);
                    let key = this.load_elem(p, ks)?;
                    let first = this
                        .b
                        .build_int_compare(IntPredicate::EQ, k, this.i64c(0), "")?;
                    let prev = this.b.build_load(kty, last, "")?;
                    let prev = this.b.build_select(first, key, prev, "")?;
                    let up = this.ss_cmp(right, prev, ks, key, ks)?;
                    let cur_hi = this.b.build_load(i64t, hi, "")?.into_int_value();
                    let cur_lo = this.b.build_load(i64t, lo, "")?.into_int_value();
                    // Keys going up keep `lo` and reopen `hi`; otherwise restart from 0 and
                    // widen `hi` by one (capped at len).
                    let below = this
                        .b
                        .build_int_compare(IntPredicate::SLT, cur_hi, len, "")?;
                    let widened = this.b.build_int_add(cur_hi, this.i64c(1), "")?;
                    let widened = this
                        .b
                        .build_select(below, widened, len, "")?
                        .into_int_value();
                    let new_hi = this.b.build_select(up, len, widened, "")?;
                    let new_lo = this.b.build_select(up, cur_lo, this.i64c(0), "")?;
                    // The first key always searches the whole array.
                    let new_hi = this.b.build_select(first, len.into(), new_hi, "")?;
                    let new_lo = this
                        .b
                        .build_select(first, this.i64c(0).into(), new_lo, "")?;
                    this.b.build_store(hi, new_hi)?;
                    this.b.build_store(lo, new_lo)?;
                    this.b.build_store(last, key)?;
                    this.binary_search(right, a, at, key, ks, lo, hi)?;
                    let idx = this.b.build_load(i64t, lo, "")?;
                    let q = this.nth_ptr(out, Scalar::I64, k)?;
                    this.b.build_store(q, idx)?;
                    Ok(())
                })?;
                Ok(res.into())
            }
            t => ice(format!("searchsorted of {t}")),
        }
    }

    /// Numba's `_searchsorted` loop on the window `[*lo, *hi)`; leaves the answer in `*lo`.
    #[allow(clippy::too_many_arguments)]
    fn binary_search(
        &self,
        right: bool,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        key: BasicValueEnum<'ctx>,
        ks: Scalar,
        lo: inkwell::values::PointerValue<'ctx>,
        hi: inkwell::values::PointerValue<'ctx>,
    ) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        let head = self.new_block("ss.head");
        let body = self.new_block("ss.body");
        let exit = self.new_block("ss.exit");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let l = self.b.build_load(i64t, lo, "")?.into_int_value();
        let h = self.b.build_load(i64t, hi, "")?.into_int_value();
        let more = self.b.build_int_compare(IntPredicate::SLT, l, h, "")?;
        self.b.build_conditional_branch(more, body, exit)?;
        self.b.position_at_end(body);
        let span = self.b.build_int_sub(h, l, "")?;
        let half = self.b.build_right_shift(span, self.i64c(1), true, "")?;
        let mid = self.b.build_int_add(l, half, "mid")?;
        let stride = self.arr_stride(a, 0)?;
        let data = self.arr_ptr(a, ARR_DATA)?;
        let p = if at.layout == Layout::A {
            let off = self.b.build_int_mul(mid, stride, "")?;
            self.byte_ptr(data, off)?
        } else {
            self.nth_ptr(data, at.dtype, mid)?
        };
        let x = self.load_elem(p, at.dtype)?;
        let go_right = self.ss_cmp(right, x, at.dtype, key, ks)?;
        let mid1 = self.b.build_int_add(mid, self.i64c(1), "")?;
        let nl = self.b.build_select(go_right, mid1, l, "")?;
        let nh = self.b.build_select(go_right, h, mid, "")?;
        self.b.build_store(lo, nl)?;
        self.b.build_store(hi, nh)?;
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    // ---- nonzero, flatnonzero, argwhere ----

    /// Counts the true elements, allocates the result(s), then stores the indices of the true
    /// elements in logical C order.
    fn nonzero(
        &self,
        which: &str,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let i64t = self.ctx().i64_type();
        let d = at.dtype;
        let count = self.alloca(i64t.into(), "nz.count")?;
        self.b.build_store(count, self.i64c(0))?;
        self.walk(a, at, Walk::NdIter, &mut |this, p, _, _| {
            let this = More(this);
            let v = this.load_elem(p, d)?;
            let t = this.truth_scalar(v, d)?;
            let t = this.b.build_int_z_extend(t, i64t, "")?;
            let c = this.b.build_load(i64t, count, "")?.into_int_value();
            this.b.build_store(count, this.b.build_int_add(c, t, "")?)?;
            Ok(())
        })?;
        let n = self.b.build_load(i64t, count, "nz.n")?.into_int_value();
        let pos = self.alloca(i64t.into(), "nz.pos")?;
        self.b.build_store(pos, self.i64c(0))?;
        let nd = at.ndim as usize;
        match which {
            "flatnonzero" => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.flatnonzero typed without an array");
                };
                let res = self.alloc_array(rt_ty, &[n], false)?;
                let out = self.arr_ptr(res, ARR_DATA)?;
                self.walk(a, at, Walk::Flat, &mut |this, p, k, _| {
                    let this = More(this);
                    this.if_true_elem(p, d, &mut |this| {
                        let this = More(this);
                        let at_pos = this.b.build_load(i64t, pos, "")?.into_int_value();
                        this.b
                            .build_store(this.nth_ptr(out, Scalar::I64, at_pos)?, k)?;
                        this.b
                            .build_store(pos, this.b.build_int_add(at_pos, this.i64c(1), "")?)?;
                        Ok(())
                    })
                })?;
                Ok(res.into())
            }
            "argwhere" => {
                let Ty::Array(rt_ty) = rty else {
                    return ice("new.argwhere typed without an array");
                };
                let res = self.alloc_array(rt_ty, &[n, self.i64c(nd as i64)], false)?;
                let out = self.arr_ptr(res, ARR_DATA)?;
                self.each_index(a, at, &mut |this, p, idx| {
                    let this = More(this);
                    this.if_true_elem(p, d, &mut |this| {
                        let this = More(this);
                        let at_pos = this.b.build_load(i64t, pos, "")?.into_int_value();
                        for (k, i) in idx.iter().enumerate() {
                            // F layout: element (pos, k) at k * n + pos.
                            let col = this.b.build_int_mul(this.i64c(k as i64), n, "")?;
                            let flat = this.b.build_int_add(col, at_pos, "")?;
                            this.b
                                .build_store(this.nth_ptr(out, Scalar::I64, flat)?, *i)?;
                        }
                        this.b
                            .build_store(pos, this.b.build_int_add(at_pos, this.i64c(1), "")?)?;
                        Ok(())
                    })
                })?;
                Ok(res.into())
            }
            _ => {
                // One block of ndim rows holds every result array; each array owns a reference.
                let block_ty = ArrayTy {
                    dtype: Scalar::I64,
                    ndim: 2,
                    layout: Layout::C,
                    readonly: false,
                };
                let block = self.alloc_array(&block_ty, &[self.i64c(nd as i64), n], false)?;
                let mi = self.arr_ptr(block, ARR_MEMINFO)?;
                let item_ty = ArrayTy {
                    dtype: Scalar::I64,
                    ndim: 1,
                    layout: Layout::C,
                    readonly: false,
                };
                let row_bytes = self.b.build_int_mul(n, self.i64c(8), "")?;
                let mut rows = Vec::with_capacity(nd);
                for k in 0..nd {
                    let off = self.b.build_int_mul(row_bytes, self.i64c(k as i64), "")?;
                    rows.push(self.array_over_block(mi, off, &item_ty, &[n])?);
                }
                for r in rows.iter().skip(1) {
                    self.incref((*r).into(), &Ty::Array(item_ty.clone()))?;
                }
                let datas: Vec<_> = rows
                    .iter()
                    .map(|r| self.arr_ptr(*r, ARR_DATA))
                    .collect::<EResult<_>>()?;
                self.each_index(a, at, &mut |this, p, idx| {
                    let this = More(this);
                    this.if_true_elem(p, d, &mut |this| {
                        let this = More(this);
                        let at_pos = this.b.build_load(i64t, pos, "")?.into_int_value();
                        for (data, i) in datas.iter().zip(idx) {
                            this.b
                                .build_store(this.nth_ptr(*data, Scalar::I64, at_pos)?, *i)?;
                        }
                        this.b
                            .build_store(pos, this.b.build_int_add(at_pos, this.i64c(1), "")?)?;
                        Ok(())
                    })
                })?;
                let Ty::Tuple(items) = rty else {
                    return ice("new.nonzero typed without a tuple");
                };
                let mut tup = self.em.llty(rty).into_struct_type().get_undef();
                for (k, r) in rows.iter().enumerate().take(items.len()) {
                    tup = self
                        .b
                        .build_insert_value(tup, *r, k as u32, "")?
                        .into_struct_value();
                }
                Ok(tup.into())
            }
        }
    }

    /// Runs `then` when the element at `p` is true (non-zero; NaN is true).
    fn if_true_elem(
        &self,
        p: inkwell::values::PointerValue<'ctx>,
        d: Scalar,
        then: &mut dyn FnMut(&More<'_, 'a, 'ctx>) -> EResult<()>,
    ) -> EResult<()> {
        let v = self.load_elem(p, d)?;
        let t = self.truth_scalar(v, d)?;
        let yes = self.new_block("nz.yes");
        let next = self.new_block("nz.next");
        self.b.build_conditional_branch(t, yes, next)?;
        self.b.position_at_end(yes);
        then(self)?;
        self.b.build_unconditional_branch(next)?;
        self.b.position_at_end(next);
        Ok(())
    }

    /// A loop nest over every element of `arr` in logical C order, with its indices.
    fn each_index(
        &self,
        arr: StructValue<'ctx>,
        aty: &ArrayTy,
        body: &mut ElemBody<'_, 'a, 'ctx>,
    ) -> EResult<()> {
        let shape = self.shape_of(arr, aty.ndim)?;
        let strides: Vec<IntValue<'ctx>> = (0..aty.ndim as u32)
            .map(|d| self.arr_stride(arr, d))
            .collect::<EResult<_>>()?;
        let data = self.arr_ptr(arr, ARR_DATA)?;
        self.loop_nest(&shape, &mut |this, idx| {
            let this = More(this);
            let mut off = this.i64c(0);
            for (i, s) in idx.iter().zip(&strides) {
                off = this
                    .b
                    .build_int_add(off, this.b.build_int_mul(*i, *s, "")?, "")?;
            }
            let p = this.byte_ptr(data, off)?;
            body(&this, p, idx)
        })
    }
}
