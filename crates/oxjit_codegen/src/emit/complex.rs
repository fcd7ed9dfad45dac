//! Complex arithmetic, with CPython's algorithms so that results are bit-identical:
//!
//! ```text
//! a * b    textbook: (ar*br - ai*bi, ar*bi + ai*br)                    (_Py_c_prod)
//! a / b    Smith's method, dividing through by the larger part of b   (_Py_c_quot)
//! a ** b   b integral with |b| <= 100: square and multiply             (c_powi / c_powu)
//!          otherwise polar form: hypot, pow, atan2, exp, log, cos, sin (_Py_c_pow)
//! ```
//!
//! Errors: `a / 0` raises ZeroDivisionError under both error models, as in Numba. For
//! `0 ** b` with a negative or complex `b`, where CPython raises, the result is NaN (Numba's
//! convention); overflow gives infinities rather than CPython's OverflowError. complex64
//! powers are computed in double precision.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::Scalar;
use oxjit_runtime::ExcKind;

use super::{ice, EResult, FnCx};

/// A complex number as its two parts.
type Parts<'ctx> = (FloatValue<'ctx>, FloatValue<'ctx>);

/// CPython computes integral powers up to this size by repeated multiplication.
const POWI_LIMIT: i64 = 100;

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `a OP b` on complex numbers of type `s`.
    pub fn complex_binop(
        &self,
        op: BinOp,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        s: Scalar,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let x = self.complex_parts(a)?;
        let y = self.complex_parts(b)?;
        let (re, im) = match op {
            BinOp::Add => (self.fadd(x.0, y.0)?, self.fadd(x.1, y.1)?),
            BinOp::Sub => (self.fsub(x.0, y.0)?, self.fsub(x.1, y.1)?),
            BinOp::Mul => self.complex_mul(x, y)?,
            BinOp::Div => {
                let bld = &self.b;
                let zero = y.0.get_type().const_zero();
                let re_zero = bld.build_float_compare(FloatPredicate::OEQ, y.0, zero, "")?;
                let im_zero = bld.build_float_compare(FloatPredicate::OEQ, y.1, zero, "")?;
                let both = bld.build_and(re_zero, im_zero, "")?;
                self.raise_if(both, ExcKind::ZeroDivisionError, Some("complex division by zero"))?;
                self.complex_quot(x, y)?
            }
            BinOp::Pow => return self.complex_pow(x, y, s),
            _ => return ice(format!("operator `{}` on complex numbers", op.symbol())),
        };
        self.make_complex(s, re.into(), im.into())
    }

    // ---- float operations carrying the instance's fast-math flags ----

    fn fadd(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let v = self.b.build_float_add(a, b, "")?;
        self.apply_fmf(v);
        Ok(v)
    }
    fn fsub(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let v = self.b.build_float_sub(a, b, "")?;
        self.apply_fmf(v);
        Ok(v)
    }
    fn fmul(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let v = self.b.build_float_mul(a, b, "")?;
        self.apply_fmf(v);
        Ok(v)
    }
    fn fdiv(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let v = self.b.build_float_div(a, b, "")?;
        self.apply_fmf(v);
        Ok(v)
    }
    fn fsel(&self, c: IntValue<'ctx>, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        Ok(self.b.build_select(c, a, b, "")?.into_float_value())
    }

    /// `_Py_c_prod`.
    fn complex_mul(&self, (ar, ai): Parts<'ctx>, (br, bi): Parts<'ctx>) -> EResult<Parts<'ctx>> {
        let re = self.fsub(self.fmul(ar, br)?, self.fmul(ai, bi)?)?;
        let im = self.fadd(self.fmul(ar, bi)?, self.fmul(ai, br)?)?;
        Ok((re, im))
    }

    /// `_Py_c_quot` (Smith's method) without the zero check: a zero divisor gives NaNs.
    fn complex_quot(&self, (ar, ai): Parts<'ctx>, (br, bi): Parts<'ctx>) -> EResult<Parts<'ctx>> {
        let abr = self.float_unary_intrinsic("llvm.fabs", br)?;
        let abi = self.float_unary_intrinsic("llvm.fabs", bi)?;
        let real_big = self.b.build_float_compare(FloatPredicate::OGE, abr, abi, "")?;
        let imag_big = self.b.build_float_compare(FloatPredicate::OGE, abi, abr, "")?;
        // |b.real| >= |b.imag|: divide top and bottom by b.real.
        let ratio = self.fdiv(bi, br)?;
        let denom = self.fadd(br, self.fmul(bi, ratio)?)?;
        let re1 = self.fdiv(self.fadd(ar, self.fmul(ai, ratio)?)?, denom)?;
        let im1 = self.fdiv(self.fsub(ai, self.fmul(ar, ratio)?)?, denom)?;
        // |b.imag| >= |b.real|: divide top and bottom by b.imag.
        let ratio = self.fdiv(br, bi)?;
        let denom = self.fadd(self.fmul(br, ratio)?, bi)?;
        let re2 = self.fdiv(self.fadd(self.fmul(ar, ratio)?, ai)?, denom)?;
        let im2 = self.fdiv(self.fsub(self.fmul(ai, ratio)?, ar)?, denom)?;
        // Neither holds: a NaN in the divisor.
        let nan = ar.get_type().const_float(f64::NAN);
        let re = self.fsel(real_big, re1, self.fsel(imag_big, re2, nan)?)?;
        let im = self.fsel(real_big, im1, self.fsel(imag_big, im2, nan)?)?;
        Ok((re, im))
    }

    /// CPython's `complex_pow`: an integral exponent with |n| <= 100 by repeated
    /// multiplication (`c_powi`), any other by the polar form (`_Py_c_pow`).
    fn complex_pow(&self, x: Parts<'ctx>, y: Parts<'ctx>, s: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        let f64t = self.ctx().f64_type();
        let narrow_t = x.0.get_type();
        let wide = |v: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(if s == Scalar::C64 { self.b.build_float_ext(v, f64t, "")? } else { v })
        };
        let (x, y) = ((wide(x.0)?, wide(x.1)?), (wide(y.0)?, wide(y.1)?));
        let zero = f64t.const_zero();

        // int_exponent = (long)b.real; integral when b.imag == 0 and b.real == int_exponent.
        let n = self.float_to_int(y.0, Scalar::I64)?;
        let bld = &self.b;
        let n_back = bld.build_signed_int_to_float(n, f64t, "")?;
        let im_zero = bld.build_float_compare(FloatPredicate::OEQ, y.1, zero, "")?;
        let re_int = bld.build_float_compare(FloatPredicate::OEQ, y.0, n_back, "")?;
        let neg = bld.build_int_compare(IntPredicate::SLT, n, self.i64c(0), "")?;
        let abs_n = bld.build_select(neg, bld.build_int_neg(n, "")?, n, "")?.into_int_value();
        let small = bld.build_int_compare(IntPredicate::ULE, abs_n, self.i64c(POWI_LIMIT), "")?;
        let use_powi = bld.build_and(bld.build_and(im_zero, re_int, "")?, small, "")?;

        // c_powi: c_powu(x, |n|), inverted for n < 0 (1 / 0 gives NaNs here).
        let m = self.b.build_select(use_powi, abs_n, self.i64c(0), "")?.into_int_value();
        let p = self.c_powu(x, m)?;
        let one = (f64t.const_float(1.0), zero);
        let inv = self.complex_quot(one, p)?;
        let pi = (self.fsel(neg, inv.0, p.0)?, self.fsel(neg, inv.1, p.1)?);

        let g = self.py_c_pow(x, y)?;
        let re = self.fsel(use_powi, pi.0, g.0)?;
        let im = self.fsel(use_powi, pi.1, g.1)?;
        let narrow = |v: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(if s == Scalar::C64 { self.b.build_float_trunc(v, narrow_t, "")? } else { v })
        };
        self.make_complex(s, narrow(re)?.into(), narrow(im)?.into())
    }

    /// `c_powu`: `r = 1; p = x; for each bit of n (low first): if set r *= p; p *= p`.
    fn c_powu(&self, x: Parts<'ctx>, n: IntValue<'ctx>) -> EResult<Parts<'ctx>> {
        let ft = x.0.get_type();
        let i64t = self.ctx().i64_type();
        let pre = self.current_block()?;
        let head = self.new_block("cpow.loop");
        let body = self.new_block("cpow.body");
        let done = self.new_block("cpow.done");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let phis = [
            self.b.build_phi(ft, "r.re")?,
            self.b.build_phi(ft, "r.im")?,
            self.b.build_phi(ft, "p.re")?,
            self.b.build_phi(ft, "p.im")?,
        ];
        let mask_phi = self.b.build_phi(i64t, "mask")?;
        let start = [ft.const_float(1.0), ft.const_zero(), x.0, x.1];
        for (phi, v) in phis.iter().zip(start.iter()) {
            phi.add_incoming(&[(v, pre)]);
        }
        mask_phi.add_incoming(&[(&self.i64c(1), pre)]);
        let cur: Vec<FloatValue<'ctx>> = phis.iter().map(|p| p.as_basic_value().into_float_value()).collect();
        let mask = mask_phi.as_basic_value().into_int_value();
        let more = self.b.build_int_compare(IntPredicate::ULE, mask, n, "")?;
        self.b.build_conditional_branch(more, body, done)?;

        self.b.position_at_end(body);
        let (r, p) = ((cur[0], cur[1]), (cur[2], cur[3]));
        let bit = self.b.build_and(n, mask, "")?;
        let set = self.b.build_int_compare(IntPredicate::NE, bit, self.i64c(0), "")?;
        let rp = self.complex_mul(r, p)?;
        let r2 = (self.fsel(set, rp.0, r.0)?, self.fsel(set, rp.1, r.1)?);
        let p2 = self.complex_mul(p, p)?;
        let mask2 = self.b.build_left_shift(mask, self.i64c(1), "")?;
        let body_end = self.current_block()?;
        self.b.build_unconditional_branch(head)?;
        for (phi, v) in phis.iter().zip([r2.0, r2.1, p2.0, p2.1].iter()) {
            phi.add_incoming(&[(v, body_end)]);
        }
        mask_phi.add_incoming(&[(&mask2, body_end)]);

        self.b.position_at_end(done);
        Ok((cur[0], cur[1]))
    }

    /// `_Py_c_pow` on doubles; the EDOM case (0 to a negative or complex power) gives NaNs.
    fn py_c_pow(&self, (ar, ai): Parts<'ctx>, (br, bi): Parts<'ctx>) -> EResult<Parts<'ctx>> {
        let ft = ar.get_type();
        let zero = ft.const_zero();
        let vabs = self.libm_binary("hypot", ar, ai)?;
        let len = self.float_pow(vabs, br)?;
        let at = self.libm_binary("atan2", ai, ar)?;
        let phase = self.fmul(at, br)?;
        let e = self.float_unary_intrinsic("llvm.exp", self.fmul(at, bi)?)?;
        let lg = self.float_unary_intrinsic("llvm.log", vabs)?;
        let bi_nz = self.b.build_float_compare(FloatPredicate::UNE, bi, zero, "")?;
        let len = self.fsel(bi_nz, self.fdiv(len, e)?, len)?;
        let phase = self.fsel(bi_nz, self.fadd(phase, self.fmul(bi, lg)?)?, phase)?;
        let c = self.float_unary_intrinsic("llvm.cos", phase)?;
        let sn = self.float_unary_intrinsic("llvm.sin", phase)?;
        let gre = self.fmul(len, c)?;
        let gim = self.fmul(len, sn)?;

        let bld = &self.b;
        let oeq0 = |x: FloatValue<'ctx>| bld.build_float_compare(FloatPredicate::OEQ, x, zero, "");
        let b_zero = bld.build_and(oeq0(br)?, oeq0(bi)?, "")?;
        let a_zero = bld.build_and(oeq0(ar)?, oeq0(ai)?, "")?;
        let br_neg = bld.build_float_compare(FloatPredicate::OLT, br, zero, "")?;
        let edom = bld.build_or(bi_nz, br_neg, "")?;
        let zero_base = self.fsel(edom, ft.const_float(f64::NAN), zero)?;
        let re = self.fsel(b_zero, ft.const_float(1.0), self.fsel(a_zero, zero_base, gre)?)?;
        let im = self.fsel(b_zero, zero, self.fsel(a_zero, zero_base, gim)?)?;
        Ok((re, im))
    }
}
