//! `round(x)` and `round(x, ndigits)`.
//!
//! `round(x)` is round-half-to-even to an int. `round(x, n)` must give what CPython gives,
//! and CPython rounds the *exact* binary value of `x` to `n` decimals (through a decimal
//! string), so `round(2.675, 2) == 2.67` (2.675 is stored as 2.67499999...). Numba's
//! scale-round-unscale gives 2.68 there, because `2.675 * 100` rounds up to exactly 267.5.
//!
//! For `|n| <= 22`, `10**|n|` is an exact double `p`, and one FMA recovers the exact error of
//! the scaling (`x * p = y + lo` exactly; for `x / p`, the remainder `x - y * p` is exact), so
//! the halfway cases can be decided on the exact value:
//!
//! ```text
//! y  = x * p (x / p when n < 0)          lo = fma(x, p, -y)   (fma(-y, p, x) when n < 0)
//! z  = roundeven(y)                       ; a tie on y is broken by the sign of lo
//! y integral, |lo| == 1/2 (ulp(y) == 1)   ; a tie on the exact value: to even
//! result = z / p (z * p when n < 0)      ; one correctly rounded operation = strtod's answer
//! ```
//!
//! When `|y| >= 2**53` the decimal rounding moves `x` by less than half an ulp, so the answer
//! is `x` itself. Beyond 22 digits the scaling is inexact and Numba's formula is used (the
//! answer may then differ from CPython in the last bit). CPython's cut-offs apply: `n > 323`
//! gives `x`, `n < -308` a zero with the sign of `x`; a non-finite `x` comes back unchanged.
//! float32 values are rounded in double precision.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue, GlobalValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::Ty;

use super::{ice, EResult, FnCx};

/// `10**k` for `k` in `0..=22`: every one is exact in binary64.
const POW10_EXACT: usize = 22;

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
                let xd = self.as_float(self.convert(*x, t, &Ty::F64)?)?;
                let r = self.round_ndigits(xd, n)?;
                self.convert(r.into(), &Ty::F64, rty)
            }
            _ => ice(format!("round() of {} arguments of these types", args.len())),
        }
    }

    fn pow10_table(&self) -> GlobalValue<'ctx> {
        let name = "oxjit.pow10";
        if let Some(g) = self.em.module.get_global(name) {
            return g;
        }
        let f64t = self.ctx().f64_type();
        let vals: Vec<FloatValue> = (0..=POW10_EXACT as i32).map(|k| f64t.const_float(10f64.powi(k))).collect();
        let init = f64t.const_array(&vals);
        let g = self.em.module.add_global(init.get_type(), None, name);
        g.set_initializer(&init);
        g.set_constant(true);
        g.set_linkage(inkwell::module::Linkage::Private);
        g
    }

    /// `round(x, n)` on a double (see the module docs).
    fn round_ndigits(&self, x: FloatValue<'ctx>, n: IntValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let ft = x.get_type();
        let f = |v: f64| ft.const_float(v);
        let b = &self.b;
        let sel = |c: IntValue<'ctx>, t: FloatValue<'ctx>, e: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(b.build_select(c, t, e, "")?.into_float_value())
        };
        let fcmp = |p, l: FloatValue<'ctx>, r: FloatValue<'ctx>| b.build_float_compare(p, l, r, "");
        let fabs = |v: FloatValue<'ctx>| self.float_unary_intrinsic("llvm.fabs", v);

        // |n| clamped (n may be anything an int64 holds).
        let nonneg = b.build_int_compare(IntPredicate::SGE, n, self.i64c(0), "")?;
        let neg_n = b.build_int_neg(n, "")?;
        let abs_n = b.build_select(nonneg, n, neg_n, "")?.into_int_value();
        let abs_n = self.umin(abs_n, self.i64c(400))?;
        let exact = b.build_int_compare(IntPredicate::ULE, abs_n, self.i64c(POW10_EXACT as i64), "")?;

        // Exact path.
        let k = self.umin(abs_n, self.i64c(POW10_EXACT as i64))?;
        let table = self.pow10_table();
        let arr_t = ft.array_type(POW10_EXACT as u32 + 1);
        // SAFETY: two i64 indices into a `[23 x double]`, the second clamped to 0..=22: a
        // well-formed GEP inside the table.
        let slot = unsafe { b.build_in_bounds_gep(arr_t, table.as_pointer_value(), &[self.i64c(0), k], "")? };
        let p = self.as_float(b.build_load(ft, slot, "pow10")?)?;
        let fma_t: BasicTypeEnum = ft.into();
        let fma = self.em.intrinsic("llvm.fma", &[fma_t])?;
        let prod = b.build_float_mul(x, p, "")?;
        let quot = b.build_float_div(x, p, "")?;
        let y = sel(nonneg, prod, quot)?;
        let neg_y = b.build_float_neg(y, "")?;
        let lo_mul = self.as_float(self.call_value(fma, &[x.into(), p.into(), neg_y.into()], "")?)?;
        let lo_div = self.as_float(self.call_value(fma, &[neg_y.into(), p.into(), x.into()], "")?)?;
        let lo = sel(nonneg, lo_mul, lo_div)?;
        // lo == 1/2 in units of the quotient: 1/2 for a product, p/2 for a remainder.
        let half_p = b.build_float_mul(p, f(0.5), "")?;
        let half = sel(nonneg, f(0.5), half_p)?;
        let lo_pos = fcmp(FloatPredicate::OGT, lo, f(0.0))?;
        let lo_neg = fcmp(FloatPredicate::OLT, lo, f(0.0))?;
        let lo_half = fcmp(FloatPredicate::OEQ, fabs(lo)?, half)?;

        let z0 = self.float_unary_intrinsic("llvm.roundeven", y)?;
        let d = b.build_float_sub(y, z0, "")?;
        let z_up = b.build_float_add(z0, f(1.0), "")?;
        let z_dn = b.build_float_sub(z0, f(1.0), "")?;
        // A tie on y: the exact value is above it when lo > 0 (below when lo < 0).
        let tie_d = fcmp(FloatPredicate::OEQ, fabs(d)?, f(0.5))?;
        let d_pos = fcmp(FloatPredicate::OGT, d, f(0.0))?;
        let up1 = b.build_and(b.build_and(tie_d, d_pos, "")?, lo_pos, "")?;
        let d_neg = fcmp(FloatPredicate::OLT, d, f(0.0))?;
        let dn1 = b.build_and(b.build_and(tie_d, d_neg, "")?, lo_neg, "")?;
        // y integral and the exact value halfway to the next one: to the even neighbour.
        let y_odd = fcmp(FloatPredicate::UNE, b.build_float_rem(y, f(2.0), "")?, f(0.0))?;
        let d_zero = fcmp(FloatPredicate::OEQ, d, f(0.0))?;
        let tie_lo = b.build_and(b.build_and(d_zero, lo_half, "")?, y_odd, "")?;
        let up2 = b.build_and(tie_lo, lo_pos, "")?;
        let dn2 = b.build_and(tie_lo, lo_neg, "")?;
        let up = b.build_or(up1, up2, "")?;
        let dn = b.build_or(dn1, dn2, "")?;
        let z = sel(up, z_up, z0)?;
        let z = sel(dn, z_dn, z)?;
        let back_div = b.build_float_div(z, p, "")?;
        let back_mul = b.build_float_mul(z, p, "")?;
        let exact_r = sel(nonneg, back_div, back_mul)?;
        let exact_big = fcmp(FloatPredicate::OGE, fabs(y)?, f(9_007_199_254_740_992.0))?; // 2**53

        // Inexact path (|n| > 22): Numba's scale, roundeven, unscale; p1 * p2 = 10**|n|.
        let over22 = b.build_int_compare(IntPredicate::UGT, abs_n, self.i64c(POW10_EXACT as i64), "")?;
        let e1 = b.build_int_sub(abs_n, self.i64c(POW10_EXACT as i64), "")?;
        let e1 = b.build_select(b.build_and(over22, nonneg, "")?, e1, abs_n, "")?.into_int_value();
        let e1f = b.build_signed_int_to_float(e1, ft, "")?;
        let p1 = self.float_pow(f(10.0), e1f)?;
        let p2 = sel(b.build_and(over22, nonneg, "")?, f(1e22), f(1.0))?;
        let scaled = b.build_float_mul(b.build_float_mul(x, p1, "")?, p2, "")?;
        let shrunk = b.build_float_div(x, p1, "")?;
        let ya = sel(nonneg, scaled, shrunk)?;
        let za = self.float_unary_intrinsic("llvm.roundeven", ya)?;
        let unscaled = b.build_float_div(b.build_float_div(za, p2, "")?, p1, "")?;
        let grown = b.build_float_mul(za, p1, "")?;
        let approx_r = sel(nonneg, unscaled, grown)?;
        // Margin for the inexact scaling: 2**54.
        let approx_big = fcmp(FloatPredicate::OGE, fabs(ya)?, f(18_014_398_509_481_984.0))?;

        let r = sel(exact, exact_r, approx_r)?;
        let big = b.build_select(exact, exact_big, approx_big, "")?.into_int_value();
        let r_nan = fcmp(FloatPredicate::UNO, r, r)?;
        let keep = b.build_or(big, r_nan, "")?;
        let mut r = sel(keep, x, r)?;
        let too_big = b.build_int_compare(IntPredicate::SGT, n, self.i64c(323), "")?;
        let too_small = b.build_int_compare(IntPredicate::SLT, n, self.i64c(-308), "")?;
        let zero_x = b.build_float_mul(f(0.0), x, "")?;
        r = sel(too_small, zero_x, r)?;
        r = sel(too_big, x, r)?;
        let x_finite = fcmp(FloatPredicate::OLT, fabs(x)?, f(f64::INFINITY))?;
        sel(x_finite, r, x)
    }

    /// Unsigned minimum of two i64 values.
    fn umin(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> EResult<IntValue<'ctx>> {
        let lt = self.b.build_int_compare(IntPredicate::ULT, a, b, "")?;
        Ok(self.b.build_select(lt, a, b, "")?.into_int_value())
    }
}
