//! Constants: each `Const` becomes an LLVM constant of its own type (the type inference
//! gives it, `oxjit_frontend::typeck::const_ty`); `convert` then brings it to the type the use needs, and the
//! builder folds that conversion, so `x = 1` into a float64 variable stores `double 1.0`.

use inkwell::values::BasicValueEnum;
use oxjit_frontend::mir::Const;
use oxjit_frontend::typeck::const_ty;
use oxjit_frontend::{Scalar, Ty};

use super::{EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// The value of a constant operand and its type.
    pub fn const_value(&self, c: &Const) -> EResult<(BasicValueEnum<'ctx>, Ty)> {
        let ty = const_ty(c);
        let ctx = self.ctx();
        let v: BasicValueEnum<'ctx> = match c {
            Const::Int(v) => ctx.i64_type().const_int(*v as u64, true).into(),
            Const::UInt(v) => ctx.i64_type().const_int(*v, false).into(),
            Const::Float(v) => ctx.f64_type().const_float(*v).into(),
            Const::Bool(v) => self.bool_c(*v).into(),
            Const::Complex(re, im) => {
                let f = ctx.f64_type();
                self.em
                    .complex_ty(Scalar::C128)
                    .const_named_struct(&[f.const_float(*re).into(), f.const_float(*im).into()])
                    .into()
            }
            Const::None => ctx.i8_type().const_zero().into(),
            Const::Tuple(items) => {
                let mut vals = Vec::with_capacity(items.len());
                for item in items.iter() {
                    vals.push(self.const_value(item)?.0);
                }
                // The struct type of `const_ty` is the literal struct of the item types.
                ctx.const_struct(&vals, false).into()
            }
            Const::Str(text) => self.em.const_str(text).into(),
            Const::Module(_) | Const::Function(_) | Const::ExceptionClass(_) | Const::Dispatcher(_) | Const::UFunc(_) | Const::Type(_) => self.em.unit(),
            Const::Array(a) => self.const_array(a)?,
            Const::TypedInt(s, v) => {
                let t = self.em.scalar_ty(*s);
                match *s {
                    Scalar::Bool => self.bool_c(*v != 0).into(),
                    s if s.is_int() => t.into_int_type().const_int(*v as u64, s.is_signed()).into(),
                    // A typed int constant of a float/complex type: convert its value.
                    _ => {
                        let (iv, it) = (ctx.i64_type().const_int(*v as u64, true).into(), Ty::I64);
                        return Ok((self.convert(iv, &it, &ty)?, ty));
                    }
                }
            }
            Const::TypedFloat(s, v) => match *s {
                Scalar::F32 => ctx.f32_type().const_float(*v).into(),
                Scalar::F64 => ctx.f64_type().const_float(*v).into(),
                _ => {
                    let fv = ctx.f64_type().const_float(*v).into();
                    return Ok((self.convert(fv, &Ty::F64, &ty)?, ty));
                }
            },
        };
        Ok((v, ty))
    }
}
