//! Complex arithmetic, with CPython's algorithms so that results are bit-identical:
//!
//! ```text
//! a * b    textbook: (ar*br - ai*bi, ar*bi + ai*br)                    (_Py_c_prod)
//! a / b    Smith's method, dividing through by the larger part of b   (_Py_c_quot)
//! a ** b   b == 2: a * a; otherwise the polar form of CPython's `_Py_c_pow`
//!          (hypot, pow, atan2, exp, log, cos, sin), as Numba's `numba_cpow` does
//! ```
//!
//! Errors: `a / 0` raises ZeroDivisionError under both error models, as in Numba. For
//! `0 ** b` with a negative or complex `b`, where CPython raises, the result is NaN (Numba's
//! convention); overflow gives infinities rather than CPython's OverflowError. complex64
//! powers are computed in double precision.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::FloatPredicate;
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::Scalar;
use oxjit_runtime::ExcKind;

use super::{ice, EResult, FnCx};

/// A complex number as its two parts.
type Parts<'ctx> = (FloatValue<'ctx>, FloatValue<'ctx>);


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
    /// Real branches, as CPython and Numba have them: computing both halves and selecting
    /// (which LLVM keeps as selects) doubles the divisions, 3.6x slower in a dependent chain.
    fn complex_quot(&self, (ar, ai): Parts<'ctx>, (br, bi): Parts<'ctx>) -> EResult<Parts<'ctx>> {
        let abr = self.float_unary_intrinsic("llvm.fabs", br)?;
        let abi = self.float_unary_intrinsic("llvm.fabs", bi)?;
        let real_big = self.b.build_float_compare(FloatPredicate::OGE, abr, abi, "")?;
        let imag_big = self.b.build_float_compare(FloatPredicate::OGE, abi, abr, "")?;
        let by_real = self.new_block("cquot.real");
        let test_imag = self.new_block("cquot.test");
        let by_imag = self.new_block("cquot.imag");
        let done = self.new_block("cquot.done");
        self.b.build_conditional_branch(real_big, by_real, test_imag)?;
        // Neither holds: a NaN in the divisor.
        self.b.position_at_end(test_imag);
        self.b.build_conditional_branch(imag_big, by_imag, done)?;
        // |b.real| >= |b.imag|: divide top and bottom by b.real.
        self.b.position_at_end(by_real);
        let ratio = self.fdiv(bi, br)?;
        let denom = self.fadd(br, self.fmul(bi, ratio)?)?;
        let re1 = self.fdiv(self.fadd(ar, self.fmul(ai, ratio)?)?, denom)?;
        let im1 = self.fdiv(self.fsub(ai, self.fmul(ar, ratio)?)?, denom)?;
        self.b.build_unconditional_branch(done)?;
        // |b.imag| > |b.real|: divide top and bottom by b.imag.
        self.b.position_at_end(by_imag);
        let ratio = self.fdiv(br, bi)?;
        let denom = self.fadd(self.fmul(br, ratio)?, bi)?;
        let re2 = self.fdiv(self.fadd(self.fmul(ar, ratio)?, ai)?, denom)?;
        let im2 = self.fdiv(self.fsub(self.fmul(ai, ratio)?, ar)?, denom)?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let nan = ar.get_type().const_float(f64::NAN);
        let re = self.b.build_phi(ar.get_type(), "cquot.re")?;
        re.add_incoming(&[(&re1, by_real), (&re2, by_imag), (&nan, test_imag)]);
        let im = self.b.build_phi(ar.get_type(), "cquot.im")?;
        im.add_incoming(&[(&im1, by_real), (&im2, by_imag), (&nan, test_imag)]);
        Ok((re.as_basic_value().into_float_value(), im.as_basic_value().into_float_value()))
    }

    /// Numba's `complex_power_impl`: `a * a` for an exponent of 2, `_Py_c_pow` otherwise.
    fn complex_pow(&self, x: Parts<'ctx>, y: Parts<'ctx>, s: Scalar) -> EResult<BasicValueEnum<'ctx>> {
        let f64t = self.ctx().f64_type();
        let narrow_t = x.0.get_type();
        let wide = |v: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(if s == Scalar::C64 { self.b.build_float_ext(v, f64t, "")? } else { v })
        };
        let (x, y) = ((wide(x.0)?, wide(x.1)?), (wide(y.0)?, wide(y.1)?));
        let zero = f64t.const_zero();

        // Numba: an exponent of exactly 2 is a multiplication (cpow loses precision there);
        // every other exponent goes through CPython's `_Py_c_pow` (numba_cpow), polar form.
        let bld = &self.b;
        let im_zero = bld.build_float_compare(FloatPredicate::OEQ, y.1, zero, "")?;
        let re_two = bld.build_float_compare(FloatPredicate::OEQ, y.0, f64t.const_float(2.0), "")?;
        let is_two = bld.build_and(im_zero, re_two, "")?;
        let sq = self.complex_mul(x, x)?;
        let g = self.py_c_pow(x, y)?;
        let re = self.fsel(is_two, sq.0, g.0)?;
        let im = self.fsel(is_two, sq.1, g.1)?;
        let narrow = |v: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            Ok(if s == Scalar::C64 { self.b.build_float_trunc(v, narrow_t, "")? } else { v })
        };
        self.make_complex(s, narrow(re)?.into(), narrow(im)?.into())
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
