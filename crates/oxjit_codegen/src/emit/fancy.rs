//! Advanced indexing with one 1-d index array: `a[mask]`, `a[idx]`, `m[:, idx]`, and the
//! assignments `a[mask] = v`, `a[idx] = values`.
//!
//! The other components make a basic view `V` in which the indexed axis is whole; the
//! selected positions `p` along that axis (where the mask is true, or the index values,
//! wrapped and bounds-checked) are then visited in order, `j` counting them:
//!
//! ```text
//! read:   R = new C array, V's shape with the axis' length = count;  R[.., j, ..] = V[.., p, ..]
//! write:  V[.., p, ..] = value            (a number)
//!         V[.., p, ..] = value[.., j, ..]  (an array: that axis has length count, or 1)
//! ```
//!
//! A mask must be as long as the axis, an index inside it: IndexError otherwise (NumPy's
//! checks; Numba leaves both unchecked).

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::slice::Component;
use super::types::ARR_DATA;
use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Splits the components at the index array: the basic view with that axis whole, its
    /// type, the axis in the view, and the index array.
    fn fancy_view(
        &self,
        arr: StructValue<'ctx>,
        aty: &ArrayTy,
        mut comps: Vec<Component<'ctx>>,
        vndim: u8,
    ) -> EResult<(StructValue<'ctx>, ArrayTy, usize, StructValue<'ctx>, ArrayTy)> {
        let Some(k) = comps.iter().position(|c| matches!(c, Component::Array(..))) else {
            return ice("fancy indexing without an index array");
        };
        let Component::Array(index, ity) = std::mem::replace(&mut comps[k], Component::Full) else {
            return ice("fancy indexing lost its index array");
        };
        let axis = comps[..k].iter().filter(|c| !matches!(c, Component::Int(_))).count();
        let vty = ArrayTy { dtype: aty.dtype, ndim: vndim, layout: Layout::A, readonly: aty.readonly };
        let v = self.view_of(arr, aty, &comps, &vty)?;
        Ok((v, vty, axis, index, ity))
    }

    /// `v` with axis `axis` fixed at position `p` (one axis fewer).
    fn fix_axis(&self, v: StructValue<'ctx>, vty: &ArrayTy, axis: usize, p: IntValue<'ctx>) -> EResult<(StructValue<'ctx>, ArrayTy)> {
        let n = vty.ndim as u32;
        let mut shape = Vec::with_capacity(n as usize);
        let mut strides = Vec::with_capacity(n as usize);
        let mut off = self.i64c(0);
        for d in 0..n {
            if d as usize == axis {
                off = self.b.build_int_mul(p, self.arr_stride(v, d)?, "")?;
            } else {
                shape.push(self.arr_shape(v, d)?);
                strides.push(self.arr_stride(v, d)?);
            }
        }
        let t = ArrayTy { ndim: vty.ndim - 1, layout: Layout::A, ..vty.clone() };
        Ok((self.make_view(v, off, &shape, &strides, t.ndim)?, t))
    }

    /// Calls `visit(this, j, p)` for each selected position `p` along an axis of length `len`,
    /// `j` counting them; returns the count (the mask's popcount, or the index array's length).
    fn fancy_positions(
        &self,
        index: StructValue<'ctx>,
        ity: &ArrayTy,
        len: IntValue<'ctx>,
        visit: &mut dyn FnMut(&Self, IntValue<'ctx>, IntValue<'ctx>) -> EResult<()>,
    ) -> EResult<()> {
        let data = self.arr_ptr(index, ARR_DATA)?;
        let n = self.arr_shape(index, 0)?;
        let stride = self.arr_stride(index, 0)?;
        let elem = |this: &Self, i: IntValue<'ctx>| -> EResult<BasicValueEnum<'ctx>> {
            let off = this.b.build_int_mul(i, stride, "")?;
            // SAFETY: an i8 pointee and one i64 byte offset, inside the index array (i < n).
            let q = unsafe { this.b.build_in_bounds_gep(this.ctx().i8_type(), data, &[off], "")? };
            this.load_elem(q, ity.dtype)
        };
        if ity.dtype == Scalar::Bool {
            let bad = self.b.build_int_compare(IntPredicate::NE, n, len, "")?;
            self.raise_if(bad, ExcKind::IndexError, Some("boolean index did not match the indexed array's dimension"))?;
            let j = self.alloca(self.ctx().i64_type().into(), "j")?;
            self.b.build_store(j, self.i64c(0))?;
            self.count_loop(n, &mut |this, p| {
                let m = this.as_int(elem(this, p)?)?;
                let take = this.new_block("mask.take");
                let next = this.new_block("mask.next");
                this.b.build_conditional_branch(m, take, next)?;
                this.b.position_at_end(take);
                let jv = this.b.build_load(this.ctx().i64_type(), j, "")?.into_int_value();
                visit(this, jv, p)?;
                let j1 = this.b.build_int_add(jv, this.i64c(1), "")?;
                this.b.build_store(j, j1)?;
                this.b.build_unconditional_branch(next)?;
                this.b.position_at_end(next);
                Ok(())
            })
        } else {
            self.count_loop(n, &mut |this, j| {
                let v = elem(this, j)?;
                let p = this.as_int(this.convert(v, &Ty::Scalar(ity.dtype), &Ty::I64)?)?;
                let b = &this.b;
                let neg = b.build_int_compare(IntPredicate::SLT, p, this.i64c(0), "")?;
                let wrapped = b.build_int_add(p, len, "")?;
                let p = b.build_select(neg, wrapped, p, "")?.into_int_value();
                let oob = b.build_int_compare(IntPredicate::UGE, p, len, "")?;
                this.raise_if(oob, ExcKind::IndexError, Some("index is out of bounds"))?;
                visit(this, j, p)
            })
        }
    }

    /// The number of selected positions: the mask's count of true values, or the length.
    fn fancy_count(&self, index: StructValue<'ctx>, ity: &ArrayTy) -> EResult<IntValue<'ctx>> {
        if ity.dtype != Scalar::Bool {
            return self.arr_shape(index, 0);
        }
        let c = self.alloca(self.ctx().i64_type().into(), "count")?;
        self.b.build_store(c, self.i64c(0))?;
        let d = ity.dtype;
        self.walk(index, ity, super::reduce::Walk::Flat, &mut |this, q, _, _| {
            let m = this.as_int(this.load_elem(q, d)?)?;
            let m = this.b.build_int_z_extend(m, this.ctx().i64_type(), "")?;
            let cur = this.b.build_load(this.ctx().i64_type(), c, "")?.into_int_value();
            this.b.build_store(c, this.b.build_int_add(cur, m, "")?)?;
            Ok(())
        })?;
        Ok(self.b.build_load(self.ctx().i64_type(), c, "count")?.into_int_value())
    }

    /// `a[..., idx, ...]` read: a new C array.
    pub(crate) fn fancy_get(&self, arr: StructValue<'ctx>, aty: &ArrayTy, comps: Vec<Component<'ctx>>, rt: &ArrayTy) -> EResult<StructValue<'ctx>> {
        let (v, vty, axis, index, ity) = self.fancy_view(arr, aty, comps, rt.ndim)?;
        let count = self.fancy_count(index, &ity)?;
        let mut shape: Vec<IntValue<'ctx>> = (0..vty.ndim as u32).map(|d| self.arr_shape(v, d)).collect::<EResult<_>>()?;
        let len = shape[axis];
        // Every IndexError before the result exists (so raising leaks nothing).
        self.fancy_positions(index, &ity, len, &mut |_, _, _| Ok(()))?;
        shape[axis] = count;
        let out = self.alloc_array(rt, &shape, false)?;
        let oty = ArrayTy { layout: Layout::A, ..rt.clone() };
        self.fancy_positions(index, &ity, len, &mut |this, j, p| {
            let (src, sty) = this.fix_axis(v, &vty, axis, p)?;
            let (dst, dty) = this.fix_axis(out, &oty, axis, j)?;
            this.assign_into(dst, &dty, src.into(), &Ty::Array(sty))
        })?;
        Ok(out)
    }

    /// `a[..., idx, ...] = value`.
    pub(crate) fn fancy_set(&self, arr: StructValue<'ctx>, aty: &ArrayTy, comps: Vec<Component<'ctx>>, vndim: u8, value: BasicValueEnum<'ctx>, vt: &Ty) -> EResult<()> {
        let (v, vty, axis, index, ity) = self.fancy_view(arr, aty, comps, vndim)?;
        let len = self.arr_shape(v, axis as u32)?;
        match vt {
            Ty::Array(va) if va.ndim as usize + axis >= vty.ndim as usize => {
                // The value has the indexed axis (right-aligned): one slice of it per position.
                let vax = axis - (vty.ndim - va.ndim) as usize;
                let value = self.as_struct(value)?;
                let vlen = self.arr_shape(value, vax as u32)?;
                let count = self.fancy_count(index, &ity)?;
                let b = &self.b;
                let ok = b.build_or(
                    b.build_int_compare(IntPredicate::EQ, vlen, count, "")?,
                    b.build_int_compare(IntPredicate::EQ, vlen, self.i64c(1), "")?,
                    "",
                )?;
                self.raise_if(b.build_not(ok, "")?, ExcKind::ValueError, Some("shape mismatch: value array cannot be broadcast to the indexing result"))?;
                let single = self.b.build_int_compare(IntPredicate::EQ, vlen, self.i64c(1), "")?;
                self.fancy_positions(index, &ity, len, &mut |this, j, p| {
                    let (dst, dty) = this.fix_axis(v, &vty, axis, p)?;
                    let jj = this.b.build_select(single, this.i64c(0), j, "")?.into_int_value();
                    let (src, sty) = this.fix_axis(value, va, vax, jj)?;
                    this.assign_into(dst, &dty, src.into(), &Ty::Array(sty))
                })
            }
            _ => self.fancy_positions(index, &ity, len, &mut |this, _, p| {
                let (dst, dty) = this.fix_axis(v, &vty, axis, p)?;
                this.assign_into(dst, &dty, value, vt)
            }),
        }
    }
}
