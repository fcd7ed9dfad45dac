//! MIR types → LLVM types.
//!
//! ```text
//! bool            i1 in registers and locals, i8 in memory (array elements, arg/ret slots)
//! int32, uint8    i32, i8 (signedness lives in the MIR type, not in LLVM)
//! complex128      { double, double }
//! array(_, 2d, _) { ptr meminfo, ptr parent, i64 nitems, i64 itemsize, ptr data, [2 x i64] shape, [2 x i64] strides }
//! Tuple(a, b)     { a, b }
//! none            i8 (always 0)
//! slice<a:b:c>    { i64 start, i64 stop, i64 step } (see slice.rs)
//! unicode_type    { ptr meminfo, ptr data, i64 len, i64 kind } (see str.rs)
//! list, dict      ptr (the MemInfo of the runtime container); a dict loop's state { ptr, i64 }
//! OptionalType(T) { i1 present, T } (T zeroed when absent)
//! module, function, dispatcher, exception class, range: {} (no runtime data)
//! ```
//!
//! The array struct is the same LLVM type for every dtype and layout of one ndim (Numba's
//! layout, so the dispatcher fills it straight from NumPy's fields); literal (unnamed) structs
//! make that automatic, since LLVM uniques them by structure.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::BasicValueEnum;
use inkwell::AddressSpace;
use oxjit_frontend::{Scalar, Ty};

use super::Emitter;

/// Field indices of the array struct.
pub(crate) const ARR_MEMINFO: u32 = 0;
pub(crate) const ARR_PARENT: u32 = 1;
pub(crate) const ARR_NITEMS: u32 = 2;
pub(crate) const ARR_ITEMSIZE: u32 = 3;
pub(crate) const ARR_DATA: u32 = 4;
pub(crate) const ARR_SHAPE: u32 = 5;
pub(crate) const ARR_STRIDES: u32 = 6;

impl<'ctx> Emitter<'ctx> {
    /// The LLVM type of a value of type `ty` in registers and stack slots.
    pub fn llty(&self, ty: &Ty) -> BasicTypeEnum<'ctx> {
        match ty {
            Ty::Scalar(s) => self.scalar_ty(*s),
            Ty::None => self.ctx.i8_type().into(),
            Ty::Array(a) => self.array_ty(a.ndim).into(),
            Ty::Tuple(items) => {
                let fields: Vec<BasicTypeEnum> = items.iter().map(|t| self.llty(t)).collect();
                self.ctx.struct_type(&fields, false).into()
            }
            Ty::Method(m) => self.llty(&m.0),
            Ty::List(_) | Ty::Dict(_) => self.ctx.ptr_type(AddressSpace::default()).into(),
            // A view is the dict's pointer; a loop's state adds the length it started with.
            Ty::DictView(v) if !v.iter => self.ctx.ptr_type(AddressSpace::default()).into(),
            Ty::DictView(_) => {
                let ptr = self.ctx.ptr_type(AddressSpace::default()).into();
                self.ctx.struct_type(&[ptr, self.ctx.i64_type().into()], false).into()
            }
            Ty::Optional(t) => self.ctx.struct_type(&[self.ctx.bool_type().into(), self.llty(t)], false).into(),
            Ty::Slice(_) => {
                let i64t = self.ctx.i64_type().into();
                self.ctx.struct_type(&[i64t, i64t, i64t], false).into()
            }
            Ty::Str => self.str_ty().into(),
            Ty::Range | Ty::Module(_) | Ty::Function(_) | Ty::Dispatcher(_) | Ty::UFunc(_) | Ty::ExceptionClass(_) | Ty::DType(_) | Ty::TypeRef(_) => {
                self.unit_ty().into()
            }
        }
    }

    /// The register type of a scalar (`bool` is `i1`).
    pub fn scalar_ty(&self, s: Scalar) -> BasicTypeEnum<'ctx> {
        let c = self.ctx;
        match s {
            Scalar::Bool => c.bool_type().into(),
            Scalar::I8 | Scalar::U8 => c.i8_type().into(),
            Scalar::I16 | Scalar::U16 => c.i16_type().into(),
            Scalar::I32 | Scalar::U32 => c.i32_type().into(),
            Scalar::I64 | Scalar::U64 => c.i64_type().into(),
            Scalar::F32 => c.f32_type().into(),
            Scalar::F64 => c.f64_type().into(),
            Scalar::C64 | Scalar::C128 => self.complex_ty(s).into(),
        }
    }

    /// The in-memory type of a scalar (`bool` is one byte).
    pub fn mem_scalar_ty(&self, s: Scalar) -> BasicTypeEnum<'ctx> {
        match s {
            Scalar::Bool => self.ctx.i8_type().into(),
            _ => self.scalar_ty(s),
        }
    }

    /// `{ f, f }` for complex64 (`f` = float) and complex128 (`f` = double).
    pub fn complex_ty(&self, s: Scalar) -> StructType<'ctx> {
        let part = self.scalar_ty(s.complex_part());
        self.ctx.struct_type(&[part, part], false)
    }

    /// `{ ptr, ptr, i64, i64, ptr, [n x i64], [n x i64] }`.
    pub fn array_ty(&self, ndim: u8) -> StructType<'ctx> {
        let c = self.ctx;
        let ptr = c.ptr_type(AddressSpace::default());
        let i64t = c.i64_type();
        let dims = i64t.array_type(ndim as u32);
        c.struct_type(&[ptr.into(), ptr.into(), i64t.into(), i64t.into(), ptr.into(), dims.into(), dims.into()], false)
    }

    /// `{}`: the type of values that carry no data (modules, functions, classes...).
    pub fn unit_ty(&self) -> StructType<'ctx> {
        self.ctx.struct_type(&[], false)
    }

    pub fn unit(&self) -> BasicValueEnum<'ctx> {
        self.unit_ty().const_named_struct(&[]).into()
    }

    /// `{ i32 kind, i32 has_msg, ptr msg, i64 msg_len }`: `oxjit_runtime::ErrSlot`.
    pub fn err_slot_ty(&self) -> StructType<'ctx> {
        let c = self.ctx;
        c.struct_type(
            &[
                c.i32_type().into(),
                c.i32_type().into(),
                c.ptr_type(AddressSpace::default()).into(),
                c.i64_type().into(),
            ],
            false,
        )
    }
}

/// True for types whose values carry no runtime data (their LLVM type is `{}`).
pub(crate) fn is_unit(ty: &Ty) -> bool {
    match ty {
        Ty::Range | Ty::Module(_) | Ty::Function(_) | Ty::Dispatcher(_) | Ty::UFunc(_) | Ty::ExceptionClass(_) | Ty::DType(_) | Ty::TypeRef(_) => true,
        Ty::Method(m) => is_unit(&m.0),
        _ => false,
    }
}
