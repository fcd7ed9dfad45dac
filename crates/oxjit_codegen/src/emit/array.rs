//! Arrays: the struct's fields, element addresses, `a[i, j]` loads and `a[i, j] = v` stores.
//!
//! An element address is computed the way that lets LLVM see contiguous accesses:
//!
//! ```text
//! C layout:  data + ((i0 * shape1 + i1) * shape2 + i2) * sizeof(T)     one typed `gep inbounds T`
//! F layout:  data + ((i2 * shape1 + i1) * shape0 + i0) * sizeof(T)
//! A layout:  data + i0 * strides0 + i1 * strides1 + ...                 byte offsets
//! ```
//!
//! For a contiguous array the row-major (or column-major) offset from the shape is exact —
//! NumPy may store any stride for an axis of length 1, but its index is always 0 there — and
//! it keeps the innermost index unscaled by a loaded stride, so `for i: s += a[i] * a[i]`
//! becomes a unit-stride loop the vectoriser handles. Negative indices wrap once (`i + shape`);
//! with `boundscheck` an index still outside `[0, shape)` raises `IndexError`.

use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::host::ConstArray;
use oxjit_frontend::mir::Operand;
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT, ARR_SHAPE, ARR_STRIDES};
use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// A frozen global array: its bytes in a private constant global, and a constant array
    /// struct (no meminfo, no parent, C strides) pointing at them.
    pub fn const_array(&self, a: &ConstArray) -> EResult<BasicValueEnum<'ctx>> {
        let ctx = self.ctx();
        let itemsize = a.dtype.size() as i64;
        let nitems = a.shape.iter().try_fold(1i64, |acc, d| if *d < 0 { None } else { acc.checked_mul(*d) });
        let Some(nitems) = nitems.filter(|n| n.checked_mul(itemsize) == Some(a.data.len() as i64)) else {
            return ice(format!("constant array data ({} bytes) does not match its shape {:?}", a.data.len(), a.shape));
        };
        if a.shape.len() > u8::MAX as usize {
            return ice("constant array with more than 255 dimensions");
        }
        let init = ctx.const_string(&a.data, false);
        let g = self.em.module.add_global(init.get_type(), None, "oxjit.const_array");
        g.set_initializer(&init);
        g.set_constant(true);
        g.set_linkage(inkwell::module::Linkage::Private);
        g.set_alignment(16);
        let mut strides = vec![0i64; a.shape.len()];
        let mut acc = itemsize;
        // C order; cannot overflow: the product of the shape times itemsize is the data size.
        for d in (0..a.shape.len()).rev() {
            strides[d] = acc;
            acc = acc.saturating_mul(a.shape[d].max(1));
        }
        let i64t = ctx.i64_type();
        let null = ctx.ptr_type(AddressSpace::default()).const_null();
        let dims = |v: &[i64]| i64t.const_array(&v.iter().map(|x| i64t.const_int(*x as u64, true)).collect::<Vec<_>>());
        let st = self.em.array_ty(a.shape.len() as u8);
        Ok(st
            .const_named_struct(&[
                null.into(),
                null.into(),
                i64t.const_int(nitems as u64, true).into(),
                i64t.const_int(itemsize as u64, true).into(),
                g.as_pointer_value().into(),
                dims(&a.shape).into(),
                dims(&strides).into(),
            ])
            .into())
    }

    /// Field `i` of an array struct.
    pub fn arr_field(&self, arr: StructValue<'ctx>, i: u32) -> EResult<BasicValueEnum<'ctx>> {
        Ok(self.b.build_extract_value(arr, i, "")?)
    }

    pub fn arr_shape(&self, arr: StructValue<'ctx>, d: u32) -> EResult<IntValue<'ctx>> {
        self.arr_dim(arr, ARR_SHAPE, d)
    }

    pub fn arr_stride(&self, arr: StructValue<'ctx>, d: u32) -> EResult<IntValue<'ctx>> {
        self.arr_dim(arr, ARR_STRIDES, d)
    }

    fn arr_dim(&self, arr: StructValue<'ctx>, field: u32, d: u32) -> EResult<IntValue<'ctx>> {
        let dims = self.b.build_extract_value(arr, field, "")?;
        let BasicValueEnum::ArrayValue(dims) = dims else {
            return ice("array struct has no shape/strides field");
        };
        let v = self.b.build_extract_value(dims, d, if field == ARR_SHAPE { "shape" } else { "stride" })?;
        self.as_int(v)
    }

    pub fn arr_nitems(&self, arr: StructValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let v = self.arr_field(arr, ARR_NITEMS)?;
        self.as_int(v)
    }

    pub fn arr_itemsize(&self, arr: StructValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let v = self.arr_field(arr, ARR_ITEMSIZE)?;
        self.as_int(v)
    }

    /// The pointer fields, for completeness of the struct contract (meminfo, parent, data).
    pub fn arr_ptr(&self, arr: StructValue<'ctx>, field: u32) -> EResult<PointerValue<'ctx>> {
        debug_assert!(matches!(field, ARR_MEMINFO | ARR_PARENT | ARR_DATA));
        let v = self.arr_field(arr, field)?;
        self.as_ptr(v)
    }

    /// The index values of `a[...]`: one int operand per axis, or one tuple of ints. Each is
    /// converted to i64. An `...` among them stands for no axis here (every axis has an int).
    pub fn index_values(&self, idx: &[Operand], ndim: usize) -> EResult<Vec<IntValue<'ctx>>> {
        let is_ellipsis = |t: &Ty| matches!(t, Ty::Function(n) if &**n == "builtins.Ellipsis");
        let mut out = Vec::with_capacity(ndim);
        if let [single] = idx {
            let (v, t) = self.operand(single)?;
            if let Ty::Tuple(items) = &t {
                let s = self.as_struct(v)?;
                for (i, it) in items.iter().enumerate() {
                    if is_ellipsis(it) {
                        continue;
                    }
                    let e = self.b.build_extract_value(s, i as u32, "")?;
                    out.push(self.index_i64(e, it)?);
                }
            } else if !is_ellipsis(&t) {
                out.push(self.index_i64(v, &t)?);
            }
        } else {
            for op in idx {
                let (v, t) = self.operand(op)?;
                if !is_ellipsis(&t) {
                    out.push(self.index_i64(v, &t)?);
                }
            }
        }
        if out.len() != ndim {
            return ice(format!(
                "indexing a {ndim}-d array with {} integer indices is not supported by code generation (slices/views)",
                out.len()
            ));
        }
        Ok(out)
    }

    fn index_i64(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<IntValue<'ctx>> {
        if !t.is_int() {
            return ice(format!("array index of type `{t}`; expected an integer"));
        }
        let v = self.convert(v, t, &Ty::I64)?;
        self.as_int(v)
    }

    /// The address of element `idx` of `arr` (wraparound, and bounds checks when enabled).
    pub fn elem_ptr(
        &self,
        arr: StructValue<'ctx>,
        aty: &ArrayTy,
        idx: &[IntValue<'ctx>],
    ) -> EResult<PointerValue<'ctx>> {
        let n = aty.ndim as usize;
        if idx.len() != n {
            return ice(format!("{}-d array indexed with {} indices", n, idx.len()));
        }
        if n == 0 {
            // `a[()]` on a 0-d array: its only element.
            return self.arr_ptr(arr, ARR_DATA);
        }
        let b = &self.b;
        let zero = self.i64c(0);
        let mut fixed = Vec::with_capacity(n);
        let mut shapes = Vec::with_capacity(n);
        for (d, i) in idx.iter().enumerate() {
            let shape = self.arr_shape(arr, d as u32)?;
            let neg = b.build_int_compare(IntPredicate::SLT, *i, zero, "neg")?;
            let wrapped = b.build_int_add(*i, shape, "")?;
            let i = b.build_select(neg, wrapped, *i, "idx")?.into_int_value();
            if self.inst.options.boundscheck {
                // Unsigned compare: a still-negative index is a huge unsigned value.
                let oob = b.build_int_compare(IntPredicate::UGE, i, shape, "oob")?;
                self.raise_if(oob, ExcKind::IndexError, Some("index is out of bounds"))?;
            }
            fixed.push(i);
            shapes.push(shape);
        }
        let data = self.arr_ptr(arr, ARR_DATA)?;
        let elem_ty = self.em.mem_scalar_ty(aty.dtype);
        let b = &self.b;
        match aty.layout {
            Layout::C | Layout::F => {
                // Linear index in units of elements, innermost axis last (C) or first (F).
                let order: Vec<usize> = if aty.layout == Layout::C { (0..n).collect() } else { (0..n).rev().collect() };
                let mut lin = fixed[order[0]];
                for &d in &order[1..] {
                    let scaled = b.build_int_mul(lin, shapes[d], "")?;
                    lin = b.build_int_add(scaled, fixed[d], "")?;
                }
                // SAFETY: inkwell marks GEPs unsafe because a malformed index list (a non-constant
                // struct index, too many indices) makes LLVM abort; here the pointee is a scalar
                // and the single index an i64, which is always well-formed. (An out-of-bounds
                // index without `boundscheck` is the user's error, as in Numba.)
                Ok(unsafe { b.build_in_bounds_gep(elem_ty, data, &[lin], "elem")? })
            }
            Layout::A => {
                let mut off = zero;
                for (d, i) in fixed.iter().enumerate() {
                    let stride = self.arr_stride(arr, d as u32)?;
                    let part = b.build_int_mul(*i, stride, "")?;
                    off = if d == 0 { part } else { b.build_int_add(off, part, "")? };
                }
                let i8t = self.ctx().i8_type();
                // SAFETY: as above: an i8 pointee and one i64 index are always a well-formed GEP.
                Ok(unsafe { b.build_in_bounds_gep(i8t, data, &[off], "elem")? })
            }
        }
    }

    /// Loads an element (bool: a byte, true when non-zero).
    pub fn load_elem(&self, ptr: PointerValue<'ctx>, dtype: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        let t = self.em.mem_scalar_ty(dtype);
        let v = self.b.build_load(t, ptr, "")?;
        if dtype == Scalar::Bool {
            let i = self.as_int(v)?;
            return Ok(self.b.build_int_compare(IntPredicate::NE, i, i.get_type().const_zero(), "")?.into());
        }
        Ok(v)
    }

    /// Stores a value (already of type `dtype`) into an element.
    pub fn store_elem(&self, ptr: PointerValue<'ctx>, dtype: Scalar, v: BasicValueEnum<'ctx>) -> EResult<()> {
        let v = if dtype == Scalar::Bool {
            let i = self.as_int(v)?;
            self.b.build_int_z_extend(i, self.ctx().i8_type(), "")?.into()
        } else {
            v
        };
        self.b.build_store(ptr, v)?;
        Ok(())
    }

    /// `base[idx...]` on an array, converted to `rty`.
    pub fn array_getitem(
        &self,
        arr: BasicValueEnum<'ctx>,
        aty: &ArrayTy,
        idx: &[Operand],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let arr = self.as_struct(arr)?;
        let idx = self.index_values(idx, aty.ndim as usize)?;
        let p = self.elem_ptr(arr, aty, &idx)?;
        let v = self.load_elem(p, aty.dtype)?;
        self.convert(v, &Ty::Scalar(aty.dtype), rty)
    }

    /// `base[idx...] = value` on an array.
    pub fn array_setitem(&self, base: &Operand, idx: &[Operand], value: &Operand) -> EResult<()> {
        let (arr, t) = self.operand(base)?;
        let Ty::Array(aty) = &t else {
            return ice(format!("item assignment on a value of type `{t}`"));
        };
        // A view target (`a[1:] = x`, `m[i] = row`): assign into the view.
        let mut its = Vec::with_capacity(idx.len());
        for i in idx {
            its.push(self.operand(i)?.1);
        }
        if let [Ty::Tuple(items)] = its.as_slice() {
            its = items.to_vec();
        }
        if let Some(Ty::Array(vt)) = oxjit_frontend::templates::array_index(aty, &its) {
            let (v, vty) = self.operand(value)?;
            let arr = self.as_struct(arr)?;
            let comps = self.components(idx, aty.ndim)?;
            if comps.iter().any(|c| matches!(c, super::slice::Component::Array(..))) {
                return self.fancy_set(arr, aty, comps, vt.ndim, v, &vty);
            }
            let view = self.view_of(arr, aty, &comps, &vt)?;
            return self.assign_into(view, &vt, v, &vty);
        }
        let arr = self.as_struct(arr)?;
        let idx = self.index_values(idx, aty.ndim as usize)?;
        let v = self.operand_as(value, &Ty::Scalar(aty.dtype))?;
        let p = self.elem_ptr(arr, aty, &idx)?;
        self.store_elem(p, aty.dtype, v)
    }

    /// `(shape0, shape1, ...)` or the strides, as a `UniTuple(int64 x ndim)`.
    pub fn arr_dims_tuple(&self, arr: StructValue<'ctx>, ndim: u8, field: u32) -> EResult<BasicValueEnum<'ctx>> {
        let i64t = self.ctx().i64_type();
        let fields = vec![i64t.as_basic_type_enum(); ndim as usize];
        let mut out = self.ctx().struct_type(&fields, false).get_undef();
        for d in 0..ndim as u32 {
            let v = self.arr_dim(arr, field, d)?;
            out = self.b.build_insert_value(out, v, d, "")?.into_struct_value();
        }
        Ok(out.into())
    }
}
