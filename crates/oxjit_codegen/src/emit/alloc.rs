//! Arrays made by compiled code (`alloc.*`), views of arrays (`view.*`), `a.fill(v)`.
//!
//! An allocation asks the runtime for a block (`oxjit_rt_alloc[_zeroed](bytes, 64)`), which
//! returns the MemInfo with one reference; the array struct then owns it:
//!
//! ```text
//! %mi   = call ptr @oxjit_rt_alloc(i64 %bytes, i64 64)     ; null → MemoryError
//! %data = load ptr, ptr (%mi + MEMINFO_DATA_OFFSET)
//! { %mi, null, nitems, itemsize, %data, shape, C (or F) strides }
//! ```
//!
//! Sizes are checked as NumPy checks them: a negative dimension is a `ValueError`, and so is a
//! shape whose byte size overflows. Values are computed as Numba computes them (`arange` as
//! `start + i * step` in the arguments' type, `linspace` as `start + i * step` with the last
//! element set to `stop`), so results match bit for bit.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::{ExcKind, DATA_ALIGN, MEMINFO_DATA_OFFSET};

use super::reduce::Walk;
use super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT};
use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// A new array of `aty` (layout C or F) with the given shape; zero-filled when `zeroed`.
    pub fn alloc_array(&self, aty: &ArrayTy, shape: &[IntValue<'ctx>], zeroed: bool) -> EResult<StructValue<'ctx>> {
        if shape.len() != aty.ndim as usize {
            return ice(format!("allocating a {}-d array with {} dimensions", aty.ndim, shape.len()));
        }
        let b = &self.b;
        let ctx = self.ctx();
        let i64t = ctx.i64_type();
        let itemsize = aty.dtype.size() as i64;
        // nitems = Π shape, with every dimension ≥ 0 and no overflow of nitems · itemsize.
        let mul = self.em.intrinsic("llvm.smul.with.overflow", &[i64t.into()])?;
        let mut nitems = self.i64c(1);
        let mut overflow = ctx.bool_type().const_zero();
        let mut negative = ctx.bool_type().const_zero();
        for d in shape {
            let neg = b.build_int_compare(IntPredicate::SLT, *d, self.i64c(0), "")?;
            negative = b.build_or(negative, neg, "")?;
            let r = self.as_struct(self.call_value(mul, &[nitems.into(), (*d).into()], "")?)?;
            nitems = self.as_int(b.build_extract_value(r, 0, "nitems")?)?;
            let o = self.as_int(b.build_extract_value(r, 1, "")?)?;
            overflow = b.build_or(overflow, o, "")?;
        }
        self.raise_if(negative, ExcKind::ValueError, Some("negative dimensions are not allowed"))?;
        let b = &self.b;
        let r = self.as_struct(self.call_value(mul, &[nitems.into(), self.i64c(itemsize).into()], "")?)?;
        let bytes = self.as_int(b.build_extract_value(r, 0, "bytes")?)?;
        let o = self.as_int(b.build_extract_value(r, 1, "")?)?;
        let overflow = b.build_or(overflow, o, "")?;
        self.raise_if(overflow, ExcKind::ValueError, Some("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size."))?;
        let b = &self.b;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let f = self.em.extern_fn(if zeroed { "oxjit_rt_alloc_zeroed" } else { "oxjit_rt_alloc" }, ptr.into(), &[i64t.into(), i64t.into()]);
        let mi = self.as_ptr(self.call_value(f, &[bytes.into(), self.i64c(DATA_ALIGN as i64).into()], "meminfo")?)?;
        let failed = b.build_is_null(mi, "")?;
        self.raise_if(failed, ExcKind::MemoryError, Some("cannot allocate memory for the array"))?;
        let b = &self.b;
        // SAFETY: a constant byte offset inside the MemInfo header.
        let data_field = unsafe { b.build_in_bounds_gep(ctx.i8_type(), mi, &[self.i64c(MEMINFO_DATA_OFFSET as i64)], "")? };
        let data = b.build_load(ptr, data_field, "data")?;
        let strides = contiguous_strides(self, shape, itemsize, aty.layout)?;
        let st = self.em.array_ty(aty.ndim);
        let mut v = st.get_undef();
        v = b.build_insert_value(v, mi, ARR_MEMINFO, "")?.into_struct_value();
        v = b.build_insert_value(v, ptr.const_null(), ARR_PARENT, "")?.into_struct_value();
        v = b.build_insert_value(v, nitems, ARR_NITEMS, "")?.into_struct_value();
        v = b.build_insert_value(v, self.i64c(itemsize), ARR_ITEMSIZE, "")?.into_struct_value();
        v = b.build_insert_value(v, data, ARR_DATA, "")?.into_struct_value();
        v = self.set_dims(v, aty.ndim, shape, &strides)?;
        Ok(v)
    }

    /// Writes shape and strides into an array struct.
    pub fn set_dims(&self, mut v: StructValue<'ctx>, ndim: u8, shape: &[IntValue<'ctx>], strides: &[IntValue<'ctx>]) -> EResult<StructValue<'ctx>> {
        let dims_t = self.ctx().i64_type().array_type(ndim as u32);
        for (field, vals) in [(super::types::ARR_SHAPE, shape), (super::types::ARR_STRIDES, strides)] {
            let mut arr = dims_t.get_undef();
            for (i, x) in vals.iter().enumerate() {
                arr = self.b.build_insert_value(arr, *x, i as u32, "")?.into_array_value();
            }
            v = self.b.build_insert_value(v, arr, field, "")?.into_struct_value();
        }
        Ok(v)
    }

    /// The dimensions of a shape argument (an int or a tuple of ints, already int64).
    fn shape_values(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<Vec<IntValue<'ctx>>> {
        match t {
            Ty::Tuple(items) => {
                let s = self.as_struct(v)?;
                (0..items.len()).map(|i| self.as_int(self.b.build_extract_value(s, i as u32, "")?)).collect()
            }
            _ => Ok(vec![self.as_int(v)?]),
        }
    }

    fn array_shape(&self, arr: StructValue<'ctx>, ndim: u8) -> EResult<Vec<IntValue<'ctx>>> {
        (0..ndim as u32).map(|d| self.arr_shape(arr, d)).collect()
    }

    /// Stores `v` (already of the element type) into every element of `arr`.
    pub fn fill_array(&self, arr: StructValue<'ctx>, aty: &ArrayTy, v: BasicValueEnum<'ctx>) -> EResult<()> {
        let d = aty.dtype;
        self.walk(arr, aty, Walk::NdIter, &mut |this, p, _, _| this.store_elem(p, d, v))
    }

    /// `for i in 0..n: body(i)`.
    pub fn count_loop(&self, n: IntValue<'ctx>, body: &mut dyn FnMut(&Self, IntValue<'ctx>) -> EResult<()>) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        let slot = self.alloca(i64t.into(), "i")?;
        self.b.build_store(slot, self.i64c(0))?;
        let head = self.new_block("loop.head");
        let body_bb = self.new_block("loop.body");
        let exit = self.new_block("loop.exit");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let i = self.b.build_load(i64t, slot, "i")?.into_int_value();
        let more = self.b.build_int_compare(IntPredicate::SLT, i, n, "")?;
        self.b.build_conditional_branch(more, body_bb, exit)?;
        self.b.position_at_end(body_bb);
        body(self, i)?;
        let i1 = self.b.build_int_add(i, self.i64c(1), "")?;
        self.b.build_store(slot, i1)?;
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(exit);
        Ok(())
    }

    /// Pointer to element `k` of a contiguous array's data.
    fn flat_ptr(&self, arr: StructValue<'ctx>, d: Scalar, k: IntValue<'ctx>) -> EResult<inkwell::values::PointerValue<'ctx>> {
        let data = self.arr_ptr(arr, ARR_DATA)?;
        // SAFETY: a scalar pointee with one i64 index is a well-formed GEP; callers pass k in
        // [0, nitems) of a contiguous buffer.
        Ok(unsafe { self.b.build_in_bounds_gep(self.em.mem_scalar_ty(d), data, &[k], "")? })
    }

    /// `alloc.<op>(...)`: the typing rules are in `oxjit_frontend::np_array`.
    pub fn alloc_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("alloc.{op} typed `{rty}`"));
        };
        let dt = Ty::Scalar(rt.dtype);
        let (Some(p0), Some(a0)) = (params.first(), args.first()) else {
            return ice(format!("alloc.{op} without arguments"));
        };
        let out = match op {
            "empty" | "zeros" | "ones" | "full" | "empty_like" | "zeros_like" | "ones_like" | "full_like" => {
                let kind = op.strip_suffix("_like");
                let shape = match (kind, p0) {
                    (None, _) => self.shape_values(*a0, p0)?,
                    (Some(_), Ty::Array(at)) => self.array_shape(self.as_struct(*a0)?, at.ndim)?,
                    _ => return ice("alloc.*_like of a non-array"),
                };
                let kind = kind.unwrap_or(op);
                let arr = self.alloc_array(rt, &shape, kind == "zeros")?;
                let fill = match kind {
                    "ones" => Some(self.convert(self.i64c(1).into(), &Ty::I64, &dt)?),
                    "full" => Some(self.convert(args[1], &params[1], &dt)?),
                    _ => None,
                };
                if let Some(v) = fill {
                    self.fill_array(arr, rt, v)?;
                }
                arr
            }
            "copy" => {
                let Ty::Array(at) = p0 else { return ice("alloc.copy of a non-array") };
                self.copy_array(self.as_struct(*a0)?, at, rt)?
            }
            "ascontiguousarray" | "asfortranarray" => match p0 {
                Ty::Array(at) => self.as_layout(self.as_struct(*a0)?, at, rt)?,
                t => {
                    let arr = self.alloc_array(rt, &[self.i64c(1)], false)?;
                    let v = self.convert(*a0, t, &dt)?;
                    self.fill_array(arr, rt, v)?;
                    arr
                }
            },
            "arange" => self.arange(rt, params, args)?,
            "linspace" => self.linspace(rt, params, args)?,
            "eye" | "identity" => {
                let n = self.as_int(*a0)?;
                let m = match params.get(1) {
                    Some(t) if op == "eye" && t.is_int() => self.as_int(args[1])?,
                    _ => n,
                };
                let k = match params.get(2) {
                    Some(t) if op == "eye" && t.is_int() => self.as_int(args[2])?,
                    _ => self.i64c(0),
                };
                let arr = self.alloc_array(rt, &[n, m], true)?;
                let one = self.convert(self.i64c(1).into(), &Ty::I64, &dt)?;
                let d = rt.dtype;
                self.count_loop(n, &mut |this, i| {
                    let b = &this.b;
                    let j = b.build_int_add(i, k, "")?;
                    let lo = b.build_int_compare(IntPredicate::SGE, j, this.i64c(0), "")?;
                    let hi = b.build_int_compare(IntPredicate::SLT, j, m, "")?;
                    let inside = b.build_and(lo, hi, "")?;
                    let set = this.new_block("eye.set");
                    let next = this.new_block("eye.next");
                    b.build_conditional_branch(inside, set, next)?;
                    b.position_at_end(set);
                    let row = b.build_int_mul(i, m, "")?;
                    let flat = b.build_int_add(row, j, "")?;
                    let p = this.flat_ptr(arr, d, flat)?;
                    this.store_elem(p, d, one)?;
                    this.b.build_unconditional_branch(next)?;
                    this.b.position_at_end(next);
                    Ok(())
                })?;
                arr
            }
            "array" => {
                let mut shape = Vec::new();
                let mut t = p0;
                while let Ty::Tuple(items) = t {
                    shape.push(self.i64c(items.len() as i64));
                    let Some(first) = items.first() else { return ice("array() of an empty tuple") };
                    t = first;
                }
                let arr = self.alloc_array(rt, &shape, false)?;
                let mut k = 0i64;
                self.store_nested(arr, rt.dtype, *a0, p0, &mut k)?;
                arr
            }
            _ => return ice(format!("intrinsic `alloc.{op}` has no lowering")),
        };
        Ok(out.into())
    }

    /// A new contiguous array (`rt`: C, or F for an F source; 1-d for `flatten`) holding the
    /// elements of `src` converted to `rt`'s dtype.
    pub fn copy_array(&self, src: StructValue<'ctx>, at: &ArrayTy, rt: &ArrayTy) -> EResult<StructValue<'ctx>> {
        let shape = if rt.ndim == at.ndim { self.array_shape(src, at.ndim)? } else { vec![self.arr_nitems(src)?] };
        let arr = self.alloc_array(rt, &shape, false)?;
        // Walk the source in the destination's memory order (F only when both are F).
        let order = if rt.layout == Layout::F { Walk::NdIter } else { Walk::Flat };
        let (sd, dd) = (at.dtype, rt.dtype);
        let src_t = Ty::Scalar(sd);
        self.walk(src, at, order, &mut |this, p, k, _| {
            let v = this.load_elem(p, sd)?;
            let v = this.convert(v, &src_t, &Ty::Scalar(dd))?;
            let q = this.flat_ptr(arr, dd, k)?;
            this.store_elem(q, dd, v)
        })?;
        Ok(arr)
    }

    /// `np.ascontiguousarray` / `np.asfortranarray` (`rt.layout` says which) as Numba does it:
    /// the source itself (a new reference) when its layout already is `rt`'s, a 1-d view of a
    /// 0-d source, a copy otherwise; an `A` source is checked at run time with Numba's
    /// `is_contiguous` / `is_fortran` rule (outer and inner axes of length <= 1 are skipped).
    fn as_layout(&self, src: StructValue<'ctx>, at: &ArrayTy, rt: &ArrayTy) -> EResult<StructValue<'ctx>> {
        let same = |this: &Self| -> EResult<StructValue<'ctx>> {
            this.incref(src.into(), &Ty::Array(at.clone()))?;
            Ok(src)
        };
        if at.ndim == 0 {
            let itemsize = self.i64c(at.dtype.size() as i64);
            let base = self.em.array_ty(1).get_undef();
            let mut v = base;
            for f in [ARR_MEMINFO, ARR_PARENT, ARR_NITEMS, ARR_ITEMSIZE, ARR_DATA] {
                let x = self.b.build_extract_value(src, f, "")?;
                v = self.b.build_insert_value(v, x, f, "")?.into_struct_value();
            }
            let view = self.set_dims(v, 1, &[self.i64c(1)], &[itemsize])?;
            self.incref(view.into(), &Ty::Array(rt.clone()))?;
            return Ok(view);
        }
        if at.layout == rt.layout || (at.ndim == 1 && at.layout != Layout::A) {
            return same(self);
        }
        if at.layout != Layout::A {
            return self.layout_copy(src, at, rt);
        }
        let ok = self.has_layout(src, at.ndim, at.dtype.size() as i64, rt.layout)?;
        let then_bb = self.new_block("aslayout.same");
        let else_bb = self.new_block("aslayout.copy");
        let done = self.new_block("aslayout.done");
        self.b.build_conditional_branch(ok, then_bb, else_bb)?;
        self.b.position_at_end(then_bb);
        let a = same(self)?;
        let a_end = self.current_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(else_bb);
        let c = self.layout_copy(src, at, rt)?;
        let c_end = self.current_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(src.get_type(), "aslayout")?;
        phi.add_incoming(&[(&a, a_end), (&c, c_end)]);
        Ok(phi.as_basic_value().into_struct_value())
    }

    /// A copy of `src` in `rt`'s layout. (`copy_array` writes an F destination in the source's
    /// walking order, right only for F sources: a C or A source goes to F as the C copy of its
    /// transpose, transposed back.)
    fn layout_copy(&self, src: StructValue<'ctx>, at: &ArrayTy, rt: &ArrayTy) -> EResult<StructValue<'ctx>> {
        if rt.layout != Layout::F || at.layout == Layout::F {
            return self.copy_array(src, at, rt);
        }
        let n = at.ndim as u32;
        let reversed = |this: &Self, s: StructValue<'ctx>| -> EResult<StructValue<'ctx>> {
            let shape: Vec<_> = (0..n).rev().map(|d| this.arr_shape(s, d)).collect::<EResult<_>>()?;
            let strides: Vec<_> = (0..n).rev().map(|d| this.arr_stride(s, d)).collect::<EResult<_>>()?;
            this.set_dims(s, at.ndim, &shape, &strides)
        };
        let src_t = reversed(self, src)?;
        let at_t = ArrayTy { layout: Layout::A, ..at.clone() };
        let c = self.copy_array(src_t, &at_t, &ArrayTy { layout: Layout::C, ..rt.clone() })?;
        reversed(self, c)
    }

    /// Numba's `is_contiguous` (C) / `is_fortran` (F) test of an array's shape and strides.
    fn has_layout(&self, src: StructValue<'ctx>, ndim: u8, itemsize: i64, layout: Layout) -> EResult<IntValue<'ctx>> {
        let b = &self.b;
        let n = ndim as i64;
        // Axes in walking order: innermost first.
        let order: Vec<u32> = if layout == Layout::C { (0..ndim as u32).rev().collect() } else { (0..ndim as u32).collect() };
        let dims: Vec<_> = order.iter().map(|d| self.arr_shape(src, *d)).collect::<EResult<_>>()?;
        let strides: Vec<_> = order.iter().map(|d| self.arr_stride(src, *d)).collect::<EResult<_>>()?;
        // inner = first position (in walking order) with a dimension > 1, n if none;
        // outer = last such position.
        let mut inner = self.i64c(n);
        for k in (0..ndim as usize).rev() {
            let big = b.build_int_compare(IntPredicate::SGT, dims[k], self.i64c(1), "")?;
            inner = b.build_select(big, self.i64c(k as i64), inner, "")?.into_int_value();
        }
        let mut outer = self.i64c(-1);
        for (k, d) in dims.iter().enumerate() {
            let big = b.build_int_compare(IntPredicate::SGT, *d, self.i64c(1), "")?;
            outer = b.build_select(big, self.i64c(k as i64), outer, "")?.into_int_value();
        }
        let all_small = b.build_int_compare(IntPredicate::EQ, inner, self.i64c(n), "")?;
        let mut ok = self.ctx().bool_type().const_all_ones();
        for k in 0..ndim as usize {
            let kc = self.i64c(k as i64);
            // The innermost long axis has the item size as its stride.
            let is_inner = b.build_int_compare(IntPredicate::EQ, inner, kc, "")?;
            let unit = b.build_int_compare(IntPredicate::EQ, strides[k], self.i64c(itemsize), "")?;
            let bad_inner = b.build_and(is_inner, b.build_not(unit, "")?, "")?;
            // Between them, each stride is the next inner one times its length.
            if k + 1 < ndim as usize {
                let in_span = b.build_and(
                    b.build_int_compare(IntPredicate::SLE, inner, kc, "")?,
                    b.build_int_compare(IntPredicate::SLT, kc, outer, "")?,
                    "",
                )?;
                let want = b.build_int_mul(strides[k], dims[k], "")?;
                let eq = b.build_int_compare(IntPredicate::EQ, want, strides[k + 1], "")?;
                let bad_step = b.build_and(in_span, b.build_not(eq, "")?, "")?;
                ok = b.build_and(ok, b.build_not(bad_step, "")?, "")?;
            }
            ok = b.build_and(ok, b.build_not(bad_inner, "")?, "")?;
        }
        Ok(b.build_or(all_small, ok, "")?)
    }

    /// Whether the memory spans of two arrays intersect (empty arrays intersect nothing).
    pub fn arrays_overlap(&self, a: StructValue<'ctx>, an: u8, b: StructValue<'ctx>, bn: u8) -> EResult<IntValue<'ctx>> {
        let span = |s: StructValue<'ctx>, n: u8| -> EResult<(IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>)> {
            let bld = &self.b;
            let base = bld.build_ptr_to_int(self.arr_ptr(s, ARR_DATA)?, self.ctx().i64_type(), "")?;
            let mut lo = base;
            let mut hi = bld.build_int_add(base, self.arr_itemsize(s)?, "")?;
            let mut empty = self.ctx().bool_type().const_zero();
            for d in 0..n as u32 {
                let len = self.arr_shape(s, d)?;
                let st = self.arr_stride(s, d)?;
                empty = bld.build_or(empty, bld.build_int_compare(IntPredicate::SLE, len, self.i64c(0), "")?, "")?;
                let ext = bld.build_int_mul(bld.build_int_sub(len, self.i64c(1), "")?, st, "")?;
                let neg = bld.build_int_compare(IntPredicate::SLT, ext, self.i64c(0), "")?;
                let down = bld.build_select(neg, ext, self.i64c(0), "")?.into_int_value();
                let up = bld.build_select(neg, self.i64c(0), ext, "")?.into_int_value();
                lo = bld.build_int_add(lo, down, "")?;
                hi = bld.build_int_add(hi, up, "")?;
            }
            Ok((lo, hi, empty))
        };
        let (alo, ahi, ae) = span(a, an)?;
        let (blo, bhi, be) = span(b, bn)?;
        let bld = &self.b;
        let x = bld.build_int_compare(IntPredicate::ULT, alo, bhi, "")?;
        let y = bld.build_int_compare(IntPredicate::ULT, blo, ahi, "")?;
        let both = bld.build_and(x, y, "")?;
        let any_empty = bld.build_or(ae, be, "")?;
        Ok(bld.build_and(both, bld.build_not(any_empty, "")?, "overlap")?)
    }

    /// Stores a nested tuple's numbers into consecutive elements (C order) from `*k` on.
    fn store_nested(&self, arr: StructValue<'ctx>, d: Scalar, v: BasicValueEnum<'ctx>, t: &Ty, k: &mut i64) -> EResult<()> {
        match t {
            Ty::Tuple(items) => {
                let s = self.as_struct(v)?;
                for (i, it) in items.iter().enumerate() {
                    let e = self.b.build_extract_value(s, i as u32, "")?;
                    self.store_nested(arr, d, e, it, k)?;
                }
                Ok(())
            }
            _ => {
                let x = self.convert(v, t, &Ty::Scalar(d))?;
                let p = self.flat_ptr(arr, d, self.i64c(*k))?;
                *k += 1;
                self.store_elem(p, d, x)
            }
        }
    }

    /// `np.arange`: Numba's algorithm. `nitems = max(ceil((stop - start) / step), 0)` in
    /// float64; element `i` is `start + i * step` in the arguments' type, then converted.
    fn arange(&self, rt: &ArrayTy, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<StructValue<'ctx>> {
        let nums: Vec<(BasicValueEnum<'ctx>, &Ty)> =
            params.iter().zip(args).take(3).filter(|(t, _)| !matches!(t, Ty::None)).map(|(t, v)| (*v, t)).collect();
        let Some(t) = nums.first().map(|(_, t)| (*t).clone()) else { return ice("arange() without bounds") };
        let zero = self.convert(self.i64c(0).into(), &Ty::I64, &t)?;
        let one = self.convert(self.i64c(1).into(), &Ty::I64, &t)?;
        let (start, stop, step) = match nums.as_slice() {
            [(stop, _)] => (zero, *stop, one),
            [(start, _), (stop, _)] => (*start, *stop, one),
            [(start, _), (stop, _), (step, _)] => (*start, *stop, *step),
            _ => return ice("arange() with more than 3 bounds"),
        };
        let is_zero = self.compare_values(oxjit_frontend::mir::CmpOp::Eq, step, zero, &t)?;
        self.raise_if(is_zero, ExcKind::ValueError, Some("Maximum allowed size exceeded"))?;
        let (span, _) = self.binop(BinOp::Sub, stop, start, &t)?;
        let (q, qt) = self.binop(BinOp::Div, span, step, &t)?;
        let q = self.convert(q, &qt, &Ty::F64)?;
        let ceil = self.em.intrinsic("llvm.ceil", &[self.ctx().f64_type().into()])?;
        let c = self.as_float(self.call_value(ceil, &[q], "")?)?;
        // NaN or a count beyond int64 cannot be allocated: NumPy raises ValueError too.
        let lim = self.ctx().f64_type().const_float(9.2e18);
        let ok = self.b.build_float_compare(inkwell::FloatPredicate::OLT, c, lim, "")?;
        let nan = self.b.build_float_compare(inkwell::FloatPredicate::UNO, c, c, "")?;
        let bad = self.b.build_or(self.b.build_not(ok, "")?, nan, "")?;
        self.raise_if(bad, ExcKind::ValueError, Some("Maximum allowed size exceeded"))?;
        let n = self.b.build_float_to_signed_int(c, self.ctx().i64_type(), "")?;
        let neg = self.b.build_int_compare(IntPredicate::SLT, n, self.i64c(0), "")?;
        let n = self.b.build_select(neg, self.i64c(0), n, "nitems")?.into_int_value();
        let arr = self.alloc_array(rt, &[n], false)?;
        let d = rt.dtype;
        self.count_loop(n, &mut |this, i| {
            let fi = this.convert(i.into(), &Ty::I64, &t)?;
            let (off, ot) = this.binop(BinOp::Mul, fi, step, &t)?;
            let off = this.convert(off, &ot, &t)?;
            let (v, vt) = this.binop(BinOp::Add, start, off, &t)?;
            let v = this.convert(v, &vt, &Ty::Scalar(d))?;
            let p = this.flat_ptr(arr, d, i)?;
            this.store_elem(p, d, v)
        })?;
        Ok(arr)
    }

    /// `np.linspace(start, stop, num=50)`: Numba's algorithm (see the module doc).
    fn linspace(&self, rt: &ArrayTy, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<StructValue<'ctx>> {
        let t = Ty::Scalar(rt.dtype);
        let start = self.convert(args[0], &params[0], &t)?;
        let stop = self.convert(args[1], &params[1], &t)?;
        let num = match params.get(2) {
            Some(p) if p.is_int() => self.as_int(self.convert(args[2], p, &Ty::I64)?)?,
            _ => self.i64c(50),
        };
        let arr = self.alloc_array(rt, &[num], false)?;
        let d = rt.dtype;
        let b = &self.b;
        let div = b.build_int_sub(num, self.i64c(1), "div")?;
        let has_step = b.build_int_compare(IntPredicate::SGT, div, self.i64c(0), "")?;
        let step_bb = self.new_block("linspace.step");
        let single_bb = self.new_block("linspace.single");
        let last_bb = self.new_block("linspace.last");
        let done = self.new_block("linspace.done");
        b.build_conditional_branch(has_step, step_bb, single_bb)?;
        b.position_at_end(step_bb);
        let (delta, _) = self.binop(BinOp::Sub, stop, start, &t)?;
        let divf = self.convert(div.into(), &Ty::I64, &t)?;
        let (step, _) = self.binop(BinOp::Div, delta, divf, &t)?;
        self.count_loop(num, &mut |this, i| {
            let fi = this.convert(i.into(), &Ty::I64, &t)?;
            let (off, _) = this.binop(BinOp::Mul, fi, step, &t)?;
            let (v, _) = this.binop(BinOp::Add, start, off, &t)?;
            let p = this.flat_ptr(arr, d, i)?;
            this.store_elem(p, d, v)
        })?;
        self.b.build_unconditional_branch(last_bb)?;
        // num ≤ 1: arr[0] = start when num == 1.
        self.b.position_at_end(single_bb);
        let one = self.b.build_int_compare(IntPredicate::EQ, num, self.i64c(1), "")?;
        let set0 = self.new_block("linspace.set0");
        self.b.build_conditional_branch(one, set0, done)?;
        self.b.position_at_end(set0);
        let p = self.flat_ptr(arr, d, self.i64c(0))?;
        self.store_elem(p, d, start)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(last_bb);
        let p = self.flat_ptr(arr, d, div)?;
        self.store_elem(p, d, stop)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        Ok(arr)
    }

    /// `view.<op>(a, ...)`: a new struct over the same data and MemInfo.
    pub fn view_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (Some(Ty::Array(at)), Some(a0), Ty::Array(rt)) = (params.first(), args.first(), rty) else {
            return ice(format!("view.{op} typed `{rty}`"));
        };
        let src = self.as_struct(*a0)?;
        let n = at.ndim as u32;
        let base = self.em.array_ty(rt.ndim).get_undef();
        let copy_fields = |mut v: StructValue<'ctx>| -> EResult<StructValue<'ctx>> {
            for f in [ARR_MEMINFO, ARR_PARENT, ARR_NITEMS, ARR_ITEMSIZE, ARR_DATA] {
                let x = self.b.build_extract_value(src, f, "")?;
                v = self.b.build_insert_value(v, x, f, "")?.into_struct_value();
            }
            Ok(v)
        };
        let out = match op {
            "asarray" => src,
            "transpose" => {
                let shape: Vec<_> = (0..n).rev().map(|d| self.arr_shape(src, d)).collect::<EResult<_>>()?;
                let strides: Vec<_> = (0..n).rev().map(|d| self.arr_stride(src, d)).collect::<EResult<_>>()?;
                self.set_dims(copy_fields(base)?, rt.ndim, &shape, &strides)?
            }
            "transpose_axes" => {
                let mut axes = Vec::new();
                for (v, t) in args[1..].iter().zip(&params[1..]) {
                    axes.extend(self.shape_values(*v, t)?);
                }
                let (shape, strides) = self.permuted_dims(src, n, &axes)?;
                self.set_dims(copy_fields(base)?, rt.ndim, &shape, &strides)?
            }
            "ravel" => {
                let nitems = self.arr_nitems(src)?;
                let itemsize = self.i64c(at.dtype.size() as i64);
                self.set_dims(copy_fields(base)?, 1, &[nitems], &[itemsize])?
            }
            "reshape" => {
                let mut dims = Vec::new();
                for (v, t) in args[1..].iter().zip(&params[1..]) {
                    dims.extend(self.shape_values(*v, t)?);
                }
                let shape = self.reshape_dims(self.arr_nitems(src)?, &dims)?;
                let strides = contiguous_strides(self, &shape, at.dtype.size() as i64, Layout::C)?;
                self.set_dims(copy_fields(base)?, rt.ndim, &shape, &strides)?
            }
            "real" | "imag" => {
                // The float parts of complex items: same shape and strides, every item's first
                // (real) or second (imaginary) half.
                let part = rt.dtype.size() as i64;
                let shape: Vec<_> = (0..n).map(|d| self.arr_shape(src, d)).collect::<EResult<_>>()?;
                let strides: Vec<_> = (0..n).map(|d| self.arr_stride(src, d)).collect::<EResult<_>>()?;
                let mut v = self.set_dims(copy_fields(base)?, rt.ndim, &shape, &strides)?;
                if op == "imag" {
                    let data = self.as_ptr(self.b.build_extract_value(src, ARR_DATA, "")?)?;
                    // SAFETY: an i8 pointee with one i64 index is always a well-formed GEP; the
                    // offset stays inside the first item (`2 * part` bytes) or past an empty array.
                    let im = unsafe { self.b.build_gep(self.ctx().i8_type(), data, &[self.i64c(part)], "imag")? };
                    v = self.b.build_insert_value(v, im, ARR_DATA, "")?.into_struct_value();
                }
                self.b.build_insert_value(v, self.i64c(part), ARR_ITEMSIZE, "")?.into_struct_value()
            }
            "dtype" => {
                // NumPy's rule (Numba's messages): a different item size rescales the last
                // axis, which must be contiguous (or of length 1) and hold a whole number of
                // new items.
                let (old, new) = (at.dtype.size() as i64, rt.dtype.size() as i64);
                let mut shape: Vec<_> = (0..n).map(|d| self.arr_shape(src, d)).collect::<EResult<_>>()?;
                let mut strides: Vec<_> = (0..n).map(|d| self.arr_stride(src, d)).collect::<EResult<_>>()?;
                if old != new && n > 0 {
                    let ax = n as usize - 1;
                    let b = &self.b;
                    let strided = b.build_int_compare(IntPredicate::NE, strides[ax], self.i64c(old), "")?;
                    let long = b.build_int_compare(IntPredicate::SGT, shape[ax], self.i64c(1), "")?;
                    let not_contig = b.build_and(strided, long, "")?;
                    self.raise_if(not_contig, ExcKind::ValueError, Some("To change to a dtype of a different size, the last axis must be contiguous"))?;
                    let b = &self.b;
                    let bytes = b.build_int_mul(shape[ax], self.i64c(old), "")?;
                    let rem = b.build_int_signed_rem(bytes, self.i64c(new), "")?;
                    let ragged = b.build_int_compare(IntPredicate::NE, rem, self.i64c(0), "")?;
                    self.raise_if(
                        ragged,
                        ExcKind::ValueError,
                        Some("When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array."),
                    )?;
                    shape[ax] = self.b.build_int_signed_div(bytes, self.i64c(new), "")?;
                    strides[ax] = self.i64c(new);
                }
                let mut v = self.set_dims(copy_fields(base)?, rt.ndim, &shape, &strides)?;
                if old != new {
                    // Exact: the rescaled axis holds a whole number of new items.
                    let bytes = self.b.build_int_mul(self.arr_nitems(src)?, self.i64c(old), "")?;
                    let nitems = self.b.build_int_signed_div(bytes, self.i64c(new), "")?;
                    v = self.b.build_insert_value(v, nitems, ARR_NITEMS, "")?.into_struct_value();
                }
                self.b.build_insert_value(v, self.i64c(new), ARR_ITEMSIZE, "")?.into_struct_value()
            }
            _ => return ice(format!("intrinsic `view.{op}` has no lowering")),
        };
        Ok(out.into())
    }

    /// Shape and strides permuted by run-time `axes` (negative ones count from the end);
    /// an axis out of range or given twice is a ValueError, as in NumPy.
    fn permuted_dims(&self, src: StructValue<'ctx>, n: u32, axes: &[IntValue<'ctx>]) -> EResult<(Vec<IntValue<'ctx>>, Vec<IntValue<'ctx>>)> {
        let nd = self.i64c(n as i64);
        let mut fixed = Vec::with_capacity(axes.len());
        let mut bad = self.ctx().bool_type().const_zero();
        for ax in axes {
            let b = &self.b;
            let neg = b.build_int_compare(IntPredicate::SLT, *ax, self.i64c(0), "")?;
            let wrapped = b.build_int_add(*ax, nd, "")?;
            let ax = b.build_select(neg, wrapped, *ax, "axis")?.into_int_value();
            let out = b.build_int_compare(IntPredicate::UGE, ax, nd, "")?;
            bad = b.build_or(bad, out, "")?;
            fixed.push(ax);
        }
        self.raise_if(bad, ExcKind::ValueError, Some("axis is out of bounds for the array's dimension"))?;
        let mut repeated = self.ctx().bool_type().const_zero();
        for i in 0..fixed.len() {
            for j in i + 1..fixed.len() {
                let same = self.b.build_int_compare(IntPredicate::EQ, fixed[i], fixed[j], "")?;
                repeated = self.b.build_or(repeated, same, "")?;
            }
        }
        self.raise_if(repeated, ExcKind::ValueError, Some("repeated axis in transpose"))?;
        let mut shape = Vec::with_capacity(fixed.len());
        let mut strides = Vec::with_capacity(fixed.len());
        for ax in &fixed {
            let mut sh = self.i64c(0);
            let mut st = self.i64c(0);
            for d in 0..n {
                let hit = self.b.build_int_compare(IntPredicate::EQ, *ax, self.i64c(d as i64), "")?;
                sh = self.b.build_select(hit, self.arr_shape(src, d)?, sh, "")?.into_int_value();
                st = self.b.build_select(hit, self.arr_stride(src, d)?, st, "")?.into_int_value();
            }
            shape.push(sh);
            strides.push(st);
        }
        Ok((shape, strides))
    }

    /// The new shape of `reshape`: one `-1` is inferred; the sizes must match (NumPy's errors).
    fn reshape_dims(&self, nitems: IntValue<'ctx>, dims: &[IntValue<'ctx>]) -> EResult<Vec<IntValue<'ctx>>> {
        let b = &self.b;
        let minus1 = self.i64c(-1);
        let mut unknowns = self.i64c(0);
        let mut known = self.i64c(1);
        let mut other_neg = self.ctx().bool_type().const_zero();
        for d in dims {
            let is_unknown = b.build_int_compare(IntPredicate::EQ, *d, minus1, "")?;
            unknowns = b.build_int_add(unknowns, b.build_int_z_extend(is_unknown, self.ctx().i64_type(), "")?, "")?;
            let factor = b.build_select(is_unknown, self.i64c(1), *d, "")?.into_int_value();
            known = b.build_int_mul(known, factor, "")?;
            let neg = b.build_int_compare(IntPredicate::SLT, *d, minus1, "")?;
            other_neg = b.build_or(other_neg, neg, "")?;
        }
        self.raise_if(other_neg, ExcKind::ValueError, Some("negative dimensions not allowed"))?;
        let b = &self.b;
        let many = b.build_int_compare(IntPredicate::UGT, unknowns, self.i64c(1), "")?;
        self.raise_if(many, ExcKind::ValueError, Some("can only specify one unknown dimension"))?;
        let b = &self.b;
        let has_unknown = b.build_int_compare(IntPredicate::EQ, unknowns, self.i64c(1), "")?;
        // The inferred size: nitems / known (known == 0 cannot be inferred).
        let known_zero = b.build_int_compare(IntPredicate::EQ, known, self.i64c(0), "")?;
        let safe_known = b.build_select(known_zero, self.i64c(1), known, "")?.into_int_value();
        let inferred = b.build_int_signed_div(nitems, safe_known, "")?;
        let rem = b.build_int_signed_rem(nitems, safe_known, "")?;
        let total = b.build_select(has_unknown, nitems, known, "")?.into_int_value();
        let mismatch_known = b.build_int_compare(IntPredicate::NE, total, nitems, "")?;
        let bad_unknown = b.build_or(known_zero, b.build_int_compare(IntPredicate::NE, rem, self.i64c(0), "")?, "")?;
        let bad = b.build_select(has_unknown, bad_unknown, mismatch_known, "")?.into_int_value();
        self.raise_if(bad, ExcKind::ValueError, Some("cannot reshape array: total size of new array must be unchanged"))?;
        let b = &self.b;
        dims.iter()
            .map(|d| {
                let is_unknown = b.build_int_compare(IntPredicate::EQ, *d, minus1, "")?;
                Ok(b.build_select(is_unknown, inferred, *d, "")?.into_int_value())
            })
            .collect()
    }

    /// `array.fill(a, v)`.
    pub fn array_method_call(&self, op: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>]) -> EResult<BasicValueEnum<'ctx>> {
        match (op, params, args) {
            ("dtype", _, _) => Ok(self.em.unit()),
            // `a, b = arr`: the array itself, once the length of its first axis is checked.
            ("unpack", [Ty::Array(_), _], [a, n]) => {
                let len = self.arr_shape(self.as_struct(*a)?, 0)?;
                let bad = self.b.build_int_compare(IntPredicate::NE, len, self.as_int(*n)?, "")?;
                self.raise_if(bad, ExcKind::ValueError, None)?;
                Ok(*a)
            }
            ("fill", [Ty::Array(at), vt], [a, v]) => {
                let v = self.convert(*v, vt, &Ty::Scalar(at.dtype))?;
                self.fill_array(self.as_struct(*a)?, at, v)?;
                Ok(self.ctx().i8_type().const_zero().into())
            }
            _ => ice(format!("intrinsic `array.{op}` has no lowering")),
        }
    }
}

/// Strides of a contiguous array of `shape` in `layout` (A is treated as C).
fn contiguous_strides<'ctx>(cx: &FnCx<'_, 'ctx>, shape: &[IntValue<'ctx>], itemsize: i64, layout: Layout) -> EResult<Vec<IntValue<'ctx>>> {
    let n = shape.len();
    let mut strides = vec![cx.i64c(itemsize); n];
    let order: Vec<usize> = if layout == Layout::F { (0..n).collect() } else { (0..n).rev().collect() };
    let mut acc = cx.i64c(itemsize);
    for &d in &order {
        strides[d] = acc;
        acc = cx.b.build_int_mul(acc, shape[d], "")?;
    }
    Ok(strides)
}
