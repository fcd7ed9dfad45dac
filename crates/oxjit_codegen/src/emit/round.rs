//! `round(x)` and `round(x, ndigits)`, as Numba computes them (Numba is the spec where it
//! and CPython differ).
//!
//! `round(x)` is round-half-to-even to an int. `round(x, n)` is Numba's scale, round, unscale
//! in the float type of `x` (float32 stays float32):
//!
//! ```text
//! n >= 0: p1 = 10.0**(n-22), p2 = 1e22
//!         when n > 22, else p1 = 10.0**n, p2 = 1; y = (x * p1) * p2; inf y -> x;
//!         result = (rint(y) / p2) / p1
//! n < 0:  p1 = 10.0**(-n); result = rint(x / p1) * p1
//! ```
//!
//! so `round(2.675, 2) == 2.68` (CPython: 2.67, rounding the exact binary value). `10.0**k` is
//! Numba's square-and-multiply (`llvm.powi`); non-finite `x` comes back unchanged.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::Ty;

use super::{ice, EResult, FnCx};

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `builtins.round` with its parameter types and converted arguments.
    pub fn round(&self, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        match (params, args) {
            ([t], [x]) if t.is_float() => {
                let r = self.float_unary_intrinsic("llvm.roundeven", self.as_float(*x)?)?;
                self.convert(r.into(), t, rty)
            }
            ([t], [x]) if t.is_int() || *t == Ty::BOOL => self.convert(*x, t, rty),
            ([t, nt], [x, n]) if t.is_float() && nt.is_int() => {
                let n = self.as_int(self.convert(*n, nt, &Ty::I64)?)?;
                let r = self.round_ndigits(self.as_float(*x)?, n)?;
                self.convert(r.into(), t, rty)
            }
            _ => ice(format!("round() of {} arguments of these types", args.len())),
        }
    }

    /// Numba's `round_ndigits` on a float of `x`'s own type.
    fn round_ndigits(&self, x: FloatValue<'ctx>, n: IntValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let ft = x.get_type();
        let f = |v: f64| ft.const_float(v);
        let b = &self.b;
        let sel = |c: IntValue<'ctx>, t: FloatValue<'ctx>, e: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(b.build_select(c, t, e, "")?.into_float_value())
        };
        let fty: BasicTypeEnum = ft.into();
        let i32t = self.ctx().i32_type();
        let powi = self.em.intrinsic("llvm.powi", &[fty, i32t.into()])?;
        let pow10 = |k: IntValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            // Exponents are clamped to what can matter (10**400 is inf in every float type).
            let k = self.umin(k, self.i64c(400))?;
            let k32 = b.build_int_truncate(k, i32t, "")?;
            self.as_float(self.call_value(powi, &[f(10.0).into(), k32.into()], "")?)
        };
        let rint = |v: FloatValue<'ctx>| self.float_unary_intrinsic("llvm.rint", v);

        let nonneg = b.build_int_compare(IntPredicate::SGE, n, self.i64c(0), "")?;
        let over22 = b.build_int_compare(IntPredicate::SGT, n, self.i64c(22), "")?;
        // n >= 0
        let e1 = b.build_select(over22, b.build_int_sub(n, self.i64c(22), "")?, n, "")?.into_int_value();
        let e1 = b.build_select(nonneg, e1, self.i64c(0), "")?.into_int_value();
        let p1 = pow10(e1)?;
        let p2 = sel(over22, f(1e22), f(1.0))?;
        let y = b.build_float_mul(b.build_float_mul(x, p1, "")?, p2, "")?;
        let y_inf = b.build_float_compare(FloatPredicate::OEQ, self.float_unary_intrinsic("llvm.fabs", y)?, f(f64::INFINITY), "")?;
        let pos_r = b.build_float_div(b.build_float_div(rint(y)?, p2, "")?, p1, "")?;
        let pos_r = sel(y_inf, x, pos_r)?;
        // n < 0
        let neg_n = b.build_int_neg(n, "")?;
        let neg_n = b.build_select(nonneg, self.i64c(0), neg_n, "")?.into_int_value();
        let q1 = pow10(neg_n)?;
        let neg_r = b.build_float_mul(rint(b.build_float_div(x, q1, "")?)?, q1, "")?;
        let r = sel(nonneg, pos_r, neg_r)?;
        // inf and nan come back unchanged.
        let finite = b.build_float_compare(FloatPredicate::OLT, self.float_unary_intrinsic("llvm.fabs", x)?, f(f64::INFINITY), "")?;
        sel(finite, r, x)
    }

    /// Unsigned minimum of two i64 values.
    fn umin(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let lt = self.b.build_int_compare(IntPredicate::ULT, a, b, "")?;
        Ok(self.b.build_select(lt, a, b, "")?.into_int_value())
    }
}
