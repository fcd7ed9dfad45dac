//! Implicit conversions between types: `convert(v, from, to)`.
//!
//! Used wherever the MIR says a value of one type lands in a place of another (an `int64`
//! assigned to a `float64` variable, an argument passed to a `float64` parameter, the operands
//! of `a + b` brought to their common type).
//!
//! ```text
//! int → int      sext/zext (by the source's signedness) or trunc     bool → int   zext
//! int → float    sitofp/uitofp                                        number → bool  truth value
//! float → int    truncation toward zero; NaN/out of range → INT_MIN (x86's "integer indefinite")
//! real → complex {x, 0}          tuple → tuple  elementwise          array → array (same ndim)  no-op
//! ```
//!
//! `fptosi` of a NaN or an out-of-range value is poison in LLVM, and a branch on poison is
//! undefined behaviour; `float_to_int` gives the value x86's `cvttsd2si` gives (so Numba's
//! results on this machine) and never poison: `freeze(fptosi)` on x86-64, whose conversion
//! instructions give that value themselves, a guarded form elsewhere.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::{Scalar, Ty};

use super::types::is_unit;
use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Converts `v` (of type `from`) to type `to`.
    pub fn convert(&self, v: BasicValueEnum<'ctx>, from: &Ty, to: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        if from == to {
            return Ok(v);
        }
        match (from, to) {
            (Ty::Scalar(a), Ty::Scalar(b)) => self.convert_scalar(v, *a, *b),
            (Ty::Tuple(fs), Ty::Tuple(ts)) if fs.len() == ts.len() => {
                let s = self.as_struct(v)?;
                let target = self.em.llty(to).into_struct_type();
                let mut out = target.get_undef();
                for (i, (f, t)) in fs.iter().zip(ts.iter()).enumerate() {
                    let item = self.b.build_extract_value(s, i as u32, "")?;
                    let item = self.convert(item, f, t)?;
                    out = self.b.build_insert_value(out, item, i as u32, "")?.into_struct_value();
                }
                Ok(out.into())
            }
            // Layout and mutability only narrow what code may assume; the struct is the same.
            (Ty::Array(a), Ty::Array(b)) if a.ndim == b.ndim => Ok(v),
            (Ty::Method(m), _) if &m.0 == to => Ok(v),
            (_, Ty::Method(m)) if &m.0 == from => Ok(v),
            _ if is_unit(from) && is_unit(to) => Ok(self.em.unit()),
            (Ty::None, Ty::None) => Ok(v),
            // Lists differ only in the reflected flag (or a refined `list(undefined)`); dicts
            // only in a refined `DictType[undefined,undefined]`.
            (Ty::List(_), Ty::List(_)) | (Ty::Dict(_), Ty::Dict(_)) => Ok(v),
            (Ty::DictView(a), Ty::DictView(b)) if a.iter == b.iter => Ok(v),
            // Optional values (`d.get(k)`): wrapped, or checked and unwrapped.
            (Ty::None, Ty::Optional(t)) => self.make_optional(self.bool_c(false), self.em.llty(t).const_zero(), to),
            (Ty::Optional(a), Ty::Optional(b)) => {
                let s = self.as_struct(v)?;
                let present = self.b.build_extract_value(s, 0, "")?.into_int_value();
                let x = self.convert(self.b.build_extract_value(s, 1, "")?, a, b)?;
                self.make_optional(present, x, to)
            }
            (Ty::Optional(a), _) => {
                let s = self.as_struct(v)?;
                let present = self.b.build_extract_value(s, 0, "")?.into_int_value();
                let msg = format!("expected {a}, got None");
                self.raise_if(self.b.build_not(present, "")?, oxjit_runtime::ExcKind::TypeError, Some(&msg))?;
                self.convert(self.b.build_extract_value(s, 1, "")?, a, to)
            }
            (_, Ty::Optional(t)) => {
                let x = self.convert(v, from, t)?;
                self.make_optional(self.bool_c(true), x, to)
            }
            // A new array of the items (NumPy functions taking sequences; see `call.rs`).
            (Ty::List(_), Ty::Array(a)) if a.ndim == 1 => self.list_to_array(v, from, a),
            _ => ice(format!("cannot convert `{from}` to `{to}`")),
        }
    }

    fn convert_scalar(&self, v: BasicValueEnum<'ctx>, from: Scalar, to: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        if from == to {
            return Ok(v);
        }
        if to == Scalar::Bool {
            return Ok(self.truth_scalar(v, from)?.into());
        }
        let to_ll = self.em.scalar_ty(to);
        if from.is_complex() {
            if to.is_complex() {
                let s = self.as_struct(v)?;
                let re = self.b.build_extract_value(s, 0, "re")?;
                let im = self.b.build_extract_value(s, 1, "im")?;
                let re = self.convert_scalar(re, from.complex_part(), to.complex_part())?;
                let im = self.convert_scalar(im, from.complex_part(), to.complex_part())?;
                return self.make_complex(to, re, im);
            }
            return ice(format!(
                "cannot convert `{}` to `{}` (the imaginary part would be lost)",
                from.name(),
                to.name()
            ));
        }
        if to.is_complex() {
            let part = to.complex_part();
            let re = self.convert_scalar(v, from, part)?;
            let zero = self.em.scalar_ty(part).into_float_type().const_zero();
            return self.make_complex(to, re, zero.into());
        }
        let b = &self.b;
        if from == Scalar::Bool || from.is_int() {
            let i = self.as_int(v)?;
            // bool is an unsigned 1-bit integer for every conversion.
            let signed = from.is_signed();
            if to.is_int() {
                let (fw, tw) = (from.bits(), to.bits());
                let t = to_ll.into_int_type();
                return Ok(if fw == tw {
                    i.into()
                } else if fw > tw {
                    b.build_int_truncate(i, t, "")?.into()
                } else if signed {
                    b.build_int_s_extend(i, t, "")?.into()
                } else {
                    b.build_int_z_extend(i, t, "")?.into()
                });
            }
            if to.is_float() {
                let t = to_ll.into_float_type();
                return Ok(if signed {
                    b.build_signed_int_to_float(i, t, "")?.into()
                } else {
                    b.build_unsigned_int_to_float(i, t, "")?.into()
                });
            }
        }
        if from.is_float() {
            let f = self.as_float(v)?;
            if to.is_float() {
                let t = to_ll.into_float_type();
                let r =
                    if from.bits() < to.bits() { b.build_float_ext(f, t, "")? } else { b.build_float_trunc(f, t, "")? };
                return Ok(r.into());
            }
            if to.is_int() {
                return Ok(self.float_to_int(f, to)?.into());
            }
        }
        ice(format!("cannot convert `{}` to `{}`", from.name(), to.name()))
    }

    /// Float → integer by truncation toward zero, without poison: a NaN or a value outside the
    /// target's range gives `0x8000...` of 64 bits (then truncated), as x86 does.
    ///
    /// On x86-64 this is `freeze(fptosi)`: the instructions LLVM selects for `fptosi` there
    /// (`cvttsd2si`, `cvttss2si`, and `vcvttpd2qq` when the loop is vectorised) give exactly
    /// that "integer indefinite" value, so no guard is needed at run time; `freeze` keeps the
    /// poison of an out-of-range `fptosi` from reaching a branch. Only a conversion LLVM folds
    /// at compile time (a NaN constant) may give another fixed value, 0 in practice, which is
    /// what Numba (plain `fptosi`) gives too. The guard of the generic form (two compares and
    /// a select) cost 1.5× in a histogram loop and halved its unrolling; an x86 intrinsic
    /// call (`llvm.x86.sse2.cvttsd2si64`) would be as fast there but stops the loop vectoriser.
    pub fn float_to_int(&self, f: FloatValue<'ctx>, to: Scalar) -> EResult<IntValue<'ctx>> {
        let b = &self.b;
        let ft = f.get_type();
        let i64t = self.ctx().i64_type();
        // -2**63 and 2**63, exactly.
        let lo = ft.const_float(i64::MIN as f64);
        let hi = ft.const_float(-(i64::MIN as f64));
        let mut r = if host_is_x86_64() {
            let raw = b.build_float_to_signed_int(f, i64t, "")?;
            self.freeze_int(raw)
        } else {
            let ge_lo = b.build_float_compare(FloatPredicate::OGE, f, lo, "")?;
            let lt_hi = b.build_float_compare(FloatPredicate::OLT, f, hi, "")?;
            let in_i64 = b.build_and(ge_lo, lt_hi, "")?;
            let raw = b.build_float_to_signed_int(f, i64t, "")?;
            let indefinite = self.i64c(i64::MIN);
            b.build_select(in_i64, raw, indefinite, "")?.into_int_value()
        };
        if to == Scalar::U64 {
            // [2^63, 2^64) only fits unsigned.
            let two64 = ft.const_float(2f64.powi(64));
            let ge_hi = b.build_float_compare(FloatPredicate::OGE, f, hi, "")?;
            let lt_top = b.build_float_compare(FloatPredicate::OLT, f, two64, "")?;
            let in_upper = b.build_and(ge_hi, lt_top, "")?;
            let raw_u = b.build_float_to_unsigned_int(f, i64t, "")?;
            r = b.build_select(in_upper, raw_u, r, "")?.into_int_value();
        }
        let t = self.em.scalar_ty(to).into_int_type();
        if to.bits() < 64 {
            r = self.b.build_int_truncate(r, t, "")?;
        }
        Ok(r)
    }

    /// `freeze v`: one fixed (if arbitrary) value where `v` is poison (inkwell 0.11 has no
    /// builder method for it).
    fn freeze_int(&self, v: IntValue<'ctx>) -> IntValue<'ctx> {
        use inkwell::values::AsValueRef;
        // SAFETY: the builder is positioned in a live function of this context and `v` is an
        // integer value of it; `LLVMBuildFreeze` returns a new instruction of `v`'s type, so
        // wrapping it as an `IntValue` is sound.
        unsafe { IntValue::new(inkwell::llvm_sys::core::LLVMBuildFreeze(self.b.as_mut_ptr(), v.as_value_ref(), c"".as_ptr())) }
    }

    /// `{re, im}` of complex type `c` from two values already of its part type.
    pub fn make_complex(
        &self,
        c: Scalar,
        re: BasicValueEnum<'ctx>,
        im: BasicValueEnum<'ctx>,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let t = self.em.complex_ty(c);
        let v = self.b.build_insert_value(t.get_undef(), re, 0, "")?;
        let v = self.b.build_insert_value(v, im, 1, "")?;
        Ok(v.into_struct_value().into())
    }

    /// The real and imaginary parts of a complex value.
    pub fn complex_parts(&self, v: BasicValueEnum<'ctx>) -> EResult<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let s = self.as_struct(v)?;
        let re = self.b.build_extract_value(s, 0, "re")?;
        let im = self.b.build_extract_value(s, 1, "im")?;
        Ok((self.as_float(re)?, self.as_float(im)?))
    }

    /// Python's truth value of a number: `x != 0`; NaN is true; a complex is true when either
    /// part is.
    pub fn truth_scalar(&self, v: BasicValueEnum<'ctx>, s: Scalar) -> EResult<IntValue<'ctx>> {
        let b = &self.b;
        if s == Scalar::Bool {
            return self.as_int(v);
        }
        if s.is_int() {
            let i = self.as_int(v)?;
            return Ok(b.build_int_compare(IntPredicate::NE, i, i.get_type().const_zero(), "")?);
        }
        if s.is_float() {
            let f = self.as_float(v)?;
            return Ok(b.build_float_compare(FloatPredicate::UNE, f, f.get_type().const_zero(), "")?);
        }
        let (re, im) = self.complex_parts(v)?;
        let zero = re.get_type().const_zero();
        let r = b.build_float_compare(FloatPredicate::UNE, re, zero, "")?;
        let i = b.build_float_compare(FloatPredicate::UNE, im, zero, "")?;
        Ok(b.build_or(r, i, "")?)
    }
}

/// Whether the JIT's target (always the host, see `target.rs`) is x86-64.
fn host_is_x86_64() -> bool {
    static X86: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *X86.get_or_init(|| {
        inkwell::targets::TargetMachine::get_default_triple().as_str().to_string_lossy().starts_with("x86_64")
    })
}
