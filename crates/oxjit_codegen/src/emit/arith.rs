//! Binary arithmetic with Numba's semantics: Python's, on fixed-width numbers (complex
//! numbers are in [`super::complex`]).
//!
//! ```text
//! ints     + - * wrap; // rounds toward -inf, % takes the divisor's sign; INT_MIN // -1 wraps
//!          to INT_MIN, INT_MIN % -1 == 0; x // 0 raises ZeroDivisionError (error_model="numpy": 0)
//!          << >> with a count >= the width give 0 (or the sign fill for >>), never poison
//!          ** by repeated squaring (Numba's int_power / static_power rules for negative powers)
//! floats   // and % exactly as CPython's float_divmod / float_rem (fmod + sign fix-ups), so
//!          results are bit-identical; zero divisors raise (error_model="numpy": IEEE result)
//! ```

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::{ErrorModel, Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::{ice, EResult, FnCx};

/// Constant exponents up to this size are unrolled (Numba's `static_power_impl` limit).
const POWER_CUTOFF: u64 = 0x10000;

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    fn python_errors(&self) -> bool {
        self.inst.options.error_model == ErrorModel::Python && !self.array_mode.get()
    }

    /// `a OP b` with both operands already of type `t`; returns the value and its type (the
    /// type is `t` except for true division of integers, which gives float64).
    pub fn binop(
        &self,
        op: BinOp,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Ty,
    ) -> EResult<(BasicValueEnum<'ctx>, Ty)> {
        let Some(s) = t.scalar() else {
            return ice(format!("operator `{}` on `{t}`", op.symbol()));
        };
        if op == BinOp::MatMul {
            return ice(format!("operator `@` on `{t}`"));
        }
        if s == Scalar::Bool {
            let (x, y) = (self.as_int(a)?, self.as_int(b)?);
            let r = match op {
                BinOp::BitAnd => self.b.build_and(x, y, "")?,
                BinOp::BitOr => self.b.build_or(x, y, "")?,
                BinOp::BitXor => self.b.build_xor(x, y, "")?,
                // Arithmetic on bools is arithmetic on their int values (True + True == 2).
                _ => {
                    let a = self.convert(a, t, &Ty::I64)?;
                    let b = self.convert(b, t, &Ty::I64)?;
                    return self.binop(op, a, b, &Ty::I64);
                }
            };
            return Ok((r.into(), Ty::BOOL));
        }
        if s.is_int() {
            if op == BinOp::Div {
                let a = self.convert(a, t, &Ty::F64)?;
                let b = self.convert(b, t, &Ty::F64)?;
                return self.binop(op, a, b, &Ty::F64);
            }
            let r = self.int_binop(op, self.as_int(a)?, self.as_int(b)?, s)?;
            return Ok((r.into(), t.clone()));
        }
        if s.is_float() {
            let r = self.float_binop(op, self.as_float(a)?, self.as_float(b)?)?;
            return Ok((r.into(), t.clone()));
        }
        let r = self.complex_binop(op, a, b, s)?;
        Ok((r, t.clone()))
    }

    // ------------------------------------------------------------------------------------
    // Integers
    // ------------------------------------------------------------------------------------

    fn int_binop(&self, op: BinOp, a: IntValue<'ctx>, b: IntValue<'ctx>, s: Scalar) -> EResult<IntValue<'ctx>> {
        let bld = &self.b;
        Ok(match op {
            BinOp::Add => bld.build_int_add(a, b, "add")?,
            BinOp::Sub => bld.build_int_sub(a, b, "sub")?,
            BinOp::Mul => bld.build_int_mul(a, b, "mul")?,
            BinOp::FloorDiv => self.int_divmod(a, b, s, false)?,
            BinOp::Mod => self.int_divmod(a, b, s, true)?,
            BinOp::Pow => self.int_pow(a, b, s)?,
            BinOp::BitAnd => bld.build_and(a, b, "and")?,
            BinOp::BitOr => bld.build_or(a, b, "or")?,
            BinOp::BitXor => bld.build_xor(a, b, "xor")?,
            BinOp::LShift | BinOp::RShift => {
                let ty = a.get_type();
                let width = ty.const_int(s.bits() as u64, false);
                // Unsigned: a negative count is a huge one, and gives 0 / the sign fill too.
                let in_range = bld.build_int_compare(IntPredicate::ULT, b, width, "")?;
                if op == BinOp::RShift && s.is_signed() {
                    let max = ty.const_int(s.bits() as u64 - 1, false);
                    let count = bld.build_select(in_range, b, max, "")?.into_int_value();
                    bld.build_right_shift(a, count, true, "shr")?
                } else {
                    // A select never propagates poison from the arm it does not pick.
                    let shifted = if op == BinOp::LShift {
                        bld.build_left_shift(a, b, "shl")?
                    } else {
                        bld.build_right_shift(a, b, false, "shr")?
                    };
                    bld.build_select(in_range, shifted, ty.const_zero(), "")?.into_int_value()
                }
            }
            BinOp::Div | BinOp::MatMul => return ice(format!("operator `{}` on `{}`", op.symbol(), s.name())),
        })
    }

    /// Python's `a // b` or `a % b` (`want_mod`) on integers of type `s`.
    fn int_divmod(&self, a: IntValue<'ctx>, b: IntValue<'ctx>, s: Scalar, want_mod: bool) -> EResult<IntValue<'ctx>> {
        let ty = a.get_type();
        let zero = ty.const_zero();
        let one = ty.const_int(1, false);
        let is_zero = self.b.build_int_compare(IntPredicate::EQ, b, zero, "divisor.zero")?;
        if self.python_errors() {
            let msg = if want_mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
            self.raise_if(is_zero, ExcKind::ZeroDivisionError, Some(msg))?;
        }
        let bld = &self.b;
        let (q, r) = if s.is_signed() {
            // sdiv traps (x86) for a zero divisor and for INT_MIN / -1: divide by 1 instead
            // and patch the result. x // -1 == -x, x % -1 == 0.
            let minus_one = ty.const_all_ones();
            let is_m1 = bld.build_int_compare(IntPredicate::EQ, b, minus_one, "")?;
            let bad = bld.build_or(is_zero, is_m1, "")?;
            let safe = bld.build_select(bad, one, b, "")?.into_int_value();
            let q = bld.build_int_signed_div(a, safe, "")?;
            let r = bld.build_int_signed_rem(a, safe, "")?;
            let neg_a = bld.build_int_neg(a, "")?;
            let q = bld.build_select(is_m1, neg_a, q, "")?.into_int_value();
            // C truncates toward zero; Python floors: when the remainder is non-zero and its
            // sign differs from the divisor's, step the quotient down and the remainder over.
            let r_nz = bld.build_int_compare(IntPredicate::NE, r, zero, "")?;
            let signs = bld.build_xor(r, b, "")?;
            let differ = bld.build_int_compare(IntPredicate::SLT, signs, zero, "")?;
            let fix = bld.build_and(r_nz, differ, "")?;
            let q = bld.build_int_sub(q, bld.build_int_z_extend(fix, ty, "")?, "")?;
            let r = bld.build_int_add(r, bld.build_select(fix, b, zero, "")?.into_int_value(), "")?;
            // Numba: INT_MIN // -1 (which overflows) gives 0, as does INT_MIN % -1.
            let a_min = bld.build_int_compare(IntPredicate::EQ, a, min_int(ty), "")?;
            let overflow = bld.build_and(a_min, is_m1, "")?;
            let q = bld.build_select(overflow, zero, q, "")?.into_int_value();
            (q, r)
        } else {
            let safe = bld.build_select(is_zero, one, b, "")?.into_int_value();
            (bld.build_int_unsigned_div(a, safe, "")?, bld.build_int_unsigned_rem(a, safe, "")?)
        };
        let v = if want_mod { r } else { q };
        if self.python_errors() {
            Ok(v)
        } else {
            Ok(bld.build_select(is_zero, zero, v, "")?.into_int_value())
        }
    }

    /// `a ** b` on integers, as Numba computes it.
    fn int_pow(&self, a: IntValue<'ctx>, b: IntValue<'ctx>, s: Scalar) -> EResult<IntValue<'ctx>> {
        let constant = if s.is_signed() {
            b.get_sign_extended_constant()
        } else {
            b.get_zero_extended_constant().and_then(|k| i64::try_from(k).ok())
        };
        match constant {
            Some(k) if k.unsigned_abs() <= POWER_CUTOFF => self.int_pow_static(a, k),
            _ => self.int_pow_dynamic(a, b, s),
        }
    }

    /// A constant exponent (Numba's `static_power_impl`): the squarings are unrolled; a
    /// negative power inverts the result `r`: 0 → ZeroDivisionError (error_model="numpy":
    /// INT_MIN), ±1 → itself, anything else → 0.
    fn int_pow_static(&self, a: IntValue<'ctx>, k: i64) -> EResult<IntValue<'ctx>> {
        let ty = a.get_type();
        let bld = &self.b;
        let mut e = k.unsigned_abs();
        let mut r = ty.const_int(1, false);
        let mut base = a;
        while e != 0 {
            if e & 1 == 1 {
                r = bld.build_int_mul(r, base, "")?;
            }
            e >>= 1;
            if e != 0 {
                base = bld.build_int_mul(base, base, "")?;
            }
        }
        if k >= 0 {
            return Ok(r);
        }
        let zero = ty.const_zero();
        let is_zero = bld.build_int_compare(IntPredicate::EQ, r, zero, "")?;
        if self.python_errors() {
            self.raise_if(is_zero, ExcKind::ZeroDivisionError, Some("0 cannot be raised to a negative power"))?;
        }
        let bld = &self.b;
        let is_one = bld.build_int_compare(IntPredicate::EQ, r, ty.const_int(1, false), "")?;
        let is_m1 = bld.build_int_compare(IntPredicate::EQ, r, ty.const_all_ones(), "")?;
        let unit = bld.build_or(is_one, is_m1, "")?;
        let mut out = bld.build_select(unit, r, zero, "")?.into_int_value();
        if !self.python_errors() {
            out = bld.build_select(is_zero, min_int(ty), out, "")?.into_int_value();
        }
        Ok(out)
    }

    /// A run-time exponent (Numba's `int_power_impl`): a negative power gives 0 unless the base
    /// is ±1 (0 raises); an exponent above 65536 goes through C `pow` on floats (INT_MIN on
    /// overflow); otherwise a square-and-multiply loop with wrap-around.
    fn int_pow_dynamic(&self, a: IntValue<'ctx>, b: IntValue<'ctx>, s: Scalar) -> EResult<IntValue<'ctx>> {
        let ty = a.get_type();
        let zero = ty.const_zero();
        let one = ty.const_int(1, false);
        let done = self.new_block("pow.done");
        let mut incoming: Vec<(IntValue<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)> = Vec::new();
        let pos = self.new_block("pow.pos");

        if s.is_signed() {
            let neg = self.new_block("pow.neg");
            let is_neg = self.b.build_int_compare(IntPredicate::SLT, b, zero, "")?;
            self.b.build_conditional_branch(is_neg, neg, pos)?;
            self.b.position_at_end(neg);
            // -b overflows for INT_MIN: Numba raises OverflowError before looking at the base.
            let b_min = self.b.build_int_compare(IntPredicate::EQ, b, min_int(ty), "")?;
            self.raise_if(b_min, ExcKind::OverflowError, None)?;
            let a_zero = self.b.build_int_compare(IntPredicate::EQ, a, zero, "")?;
            if self.python_errors() {
                self.raise_if(a_zero, ExcKind::ZeroDivisionError, Some("0 cannot be raised to a negative power"))?;
            }
            let bld = &self.b;
            let a_one = bld.build_int_compare(IntPredicate::EQ, a, one, "")?;
            let a_m1 = bld.build_int_compare(IntPredicate::EQ, a, ty.const_all_ones(), "")?;
            let odd = bld.build_int_compare(IntPredicate::NE, bld.build_and(b, one, "")?, zero, "")?;
            let m1_pow = bld.build_select(odd, ty.const_all_ones(), one, "")?.into_int_value();
            // Numba takes C `pow(a, float(b))` once |b| > 65536: (-1) ** b then follows the
            // parity of float(b).
            let mag = bld.build_int_neg(b, "")?;
            let big = bld.build_int_compare(IntPredicate::UGT, mag, ty.const_int(POWER_CUTOFF, false), "")?;
            let via_float = self.int_pow_via_float(a, b, s)?;
            let bld = &self.b;
            let m1_pow = bld.build_select(big, via_float, m1_pow, "")?.into_int_value();
            let r = bld.build_select(a_m1, m1_pow, zero, "")?.into_int_value();
            let mut r = bld.build_select(a_one, one, r, "")?.into_int_value();
            if !self.python_errors() {
                r = bld.build_select(a_zero, min_int(ty), r, "")?.into_int_value();
            }
            incoming.push((r, self.current_block()?));
            self.b.build_unconditional_branch(done)?;
        } else {
            self.b.build_unconditional_branch(pos)?;
        }

        // Non-negative exponent above 65536: Numba's `math.pow(a, float(b))`, cast back.
        self.b.position_at_end(pos);
        let big = self.b.build_int_compare(IntPredicate::UGT, b, ty.const_int(POWER_CUTOFF, false), "")?;
        let big_bb = self.new_block("pow.big");
        let small_bb = self.new_block("pow.small");
        self.b.build_conditional_branch(big, big_bb, small_bb)?;
        self.b.position_at_end(big_bb);
        let via_float = self.int_pow_via_float(a, b, s)?;
        incoming.push((via_float, self.current_block()?));
        self.b.build_unconditional_branch(done)?;
        // Square and multiply (at most 17 rounds).
        self.b.position_at_end(small_bb);
        let loop_pre = self.current_block()?;
        let head = self.new_block("pow.loop");
        let body = self.new_block("pow.body");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let r_phi = self.b.build_phi(ty, "r")?;
        let base_phi = self.b.build_phi(ty, "base")?;
        let e_phi = self.b.build_phi(ty, "e")?;
        r_phi.add_incoming(&[(&one, loop_pre)]);
        base_phi.add_incoming(&[(&a, loop_pre)]);
        e_phi.add_incoming(&[(&b, loop_pre)]);
        let (r, base, e) = (
            r_phi.as_basic_value().into_int_value(),
            base_phi.as_basic_value().into_int_value(),
            e_phi.as_basic_value().into_int_value(),
        );
        let more = self.b.build_int_compare(IntPredicate::NE, e, zero, "")?;
        self.b.build_conditional_branch(more, body, done)?;
        incoming.push((r, head));

        self.b.position_at_end(body);
        let bld = &self.b;
        let bit = bld.build_int_compare(IntPredicate::NE, bld.build_and(e, one, "")?, zero, "")?;
        let times = bld.build_int_mul(r, base, "")?;
        let r2 = bld.build_select(bit, times, r, "")?.into_int_value();
        let e2 = bld.build_right_shift(e, one, false, "")?;
        let base2 = bld.build_int_mul(base, base, "")?;
        bld.build_unconditional_branch(head)?;
        r_phi.add_incoming(&[(&r2, body)]);
        base_phi.add_incoming(&[(&base2, body)]);
        e_phi.add_incoming(&[(&e2, body)]);

        self.b.position_at_end(done);
        let out = self.b.build_phi(ty, "pow")?;
        for (v, bb) in &incoming {
            out.add_incoming(&[(v, *bb)]);
        }
        Ok(out.as_basic_value().into_int_value())
    }

    /// `int(math.pow(float(a), float(b)))`, Numba's fallback for huge exponents.
    fn int_pow_via_float(&self, a: IntValue<'ctx>, b: IntValue<'ctx>, s: Scalar) -> EResult<IntValue<'ctx>> {
        let f64t = self.ctx().f64_type();
        let (af, bf) = if s.is_signed() {
            (self.b.build_signed_int_to_float(a, f64t, "")?, self.b.build_signed_int_to_float(b, f64t, "")?)
        } else {
            (self.b.build_unsigned_int_to_float(a, f64t, "")?, self.b.build_unsigned_int_to_float(b, f64t, "")?)
        };
        let p = self.float_pow(af, bf)?;
        self.float_to_int(p, s)
    }

    pub fn current_block(&self) -> EResult<inkwell::basic_block::BasicBlock<'ctx>> {
        match self.b.get_insert_block() {
            Some(bb) => Ok(bb),
            None => ice("builder is not positioned"),
        }
    }

    // ------------------------------------------------------------------------------------
    // Floats
    // ------------------------------------------------------------------------------------

    fn float_binop(&self, op: BinOp, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let bld = &self.b;
        let r = match op {
            BinOp::Add => bld.build_float_add(a, b, "fadd")?,
            BinOp::Sub => bld.build_float_sub(a, b, "fsub")?,
            BinOp::Mul => bld.build_float_mul(a, b, "fmul")?,
            BinOp::Div => {
                if self.python_errors() {
                    let z = self.float_is_zero(b)?;
                    self.raise_if(z, ExcKind::ZeroDivisionError, Some("division by zero"))?;
                }
                self.b.build_float_div(a, b, "fdiv")?
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let want_mod = op == BinOp::Mod;
                let z = self.float_is_zero(b)?;
                if self.python_errors() {
                    let msg = if want_mod { "float modulo" } else { "float floor division by zero" };
                    self.raise_if(z, ExcKind::ZeroDivisionError, Some(msg))?;
                }
                let (div, m) = self.float_divmod(a, b)?;
                let v = if want_mod { m } else { div };
                if self.python_errors() {
                    return Ok(v);
                }
                // Numba under error_model="numpy": a / 0 (±inf or nan) and fmod(a, 0) (nan).
                let ieee =
                    if want_mod { self.b.build_float_rem(a, b, "")? } else { self.b.build_float_div(a, b, "")? };
                self.apply_fmf(ieee);
                return Ok(self.b.build_select(z, ieee, v, "")?.into_float_value());
            }
            BinOp::Pow => return self.float_pow(a, b),
            _ => return ice(format!("operator `{}` on floats", op.symbol())),
        };
        self.apply_fmf(r);
        Ok(r)
    }

    fn float_is_zero(&self, x: FloatValue<'ctx>) -> EResult<IntValue<'ctx>> {
        Ok(self.b.build_float_compare(FloatPredicate::OEQ, x, x.get_type().const_zero(), "divisor.zero")?)
    }

    /// `a ** n` for a float `a` and an int64 `n`, as Numba computes it (`static_power_impl`
    /// for a constant exponent, `int_power_impl` otherwise): square and multiply in the float
    /// type, `1.0 / r` for a negative exponent (a zero `r` raises ZeroDivisionError under the
    /// Python error model), and C `pow` once `|n|` exceeds 65536.
    pub fn float_powi(&self, a: FloatValue<'ctx>, n: IntValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let ft = a.get_type();
        let one = ft.const_float(1.0);
        let invert = |this: &Self, r: FloatValue<'ctx>| -> EResult<FloatValue<'ctx>> {
            if this.python_errors() {
                let z = this.float_is_zero(r)?;
                this.raise_if(z, ExcKind::ZeroDivisionError, Some("division by zero"))?;
            }
            Ok(this.b.build_float_div(one, r, "")?)
        };
        if let Some(k) = n.get_sign_extended_constant() {
            if k.unsigned_abs() <= POWER_CUTOFF {
                let mut e = k.unsigned_abs();
                let mut r = one;
                let mut base = a;
                while e != 0 {
                    if e & 1 == 1 {
                        r = self.b.build_float_mul(r, base, "")?;
                    }
                    e >>= 1;
                    if e != 0 {
                        base = self.b.build_float_mul(base, base, "")?;
                    }
                }
                return if k < 0 { invert(self, r) } else { Ok(r) };
            }
        }
        let i64t = self.ctx().i64_type();
        let zero = i64t.const_zero();
        let neg = self.b.build_int_compare(IntPredicate::SLT, n, zero, "")?;
        let is_min = self.b.build_int_compare(IntPredicate::EQ, n, min_int(i64t), "")?;
        self.raise_if(is_min, ExcKind::OverflowError, None)?;
        let mag = self.b.build_select(neg, self.b.build_int_neg(n, "")?, n, "")?.into_int_value();
        let big = self.b.build_int_compare(IntPredicate::UGT, mag, i64t.const_int(POWER_CUTOFF, false), "")?;
        let big_bb = self.new_block("powi.big");
        let loop_pre = self.new_block("powi.pre");
        let head = self.new_block("powi.loop");
        let body = self.new_block("powi.body");
        let fin = self.new_block("powi.fin");
        let done = self.new_block("powi.done");
        self.b.build_conditional_branch(big, big_bb, loop_pre)?;
        // |n| > 65536: math.pow(a, float(n)).
        self.b.position_at_end(big_bb);
        let nf = self.b.build_signed_int_to_float(n, ft, "")?;
        let p = self.float_pow(a, nf)?;
        let big_end = self.current_block()?;
        self.b.build_unconditional_branch(done)?;
        // Square and multiply.
        self.b.position_at_end(loop_pre);
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let r_phi = self.b.build_phi(ft, "r")?;
        let base_phi = self.b.build_phi(ft, "base")?;
        let e_phi = self.b.build_phi(i64t, "e")?;
        r_phi.add_incoming(&[(&one, loop_pre)]);
        base_phi.add_incoming(&[(&a, loop_pre)]);
        e_phi.add_incoming(&[(&mag, loop_pre)]);
        let (r, base, e) =
            (r_phi.as_basic_value().into_float_value(), base_phi.as_basic_value().into_float_value(), e_phi.as_basic_value().into_int_value());
        let more = self.b.build_int_compare(IntPredicate::NE, e, zero, "")?;
        self.b.build_conditional_branch(more, body, fin)?;
        self.b.position_at_end(body);
        let i1 = i64t.const_int(1, false);
        let bit = self.b.build_int_compare(IntPredicate::NE, self.b.build_and(e, i1, "")?, zero, "")?;
        let times = self.b.build_float_mul(r, base, "")?;
        let r2 = self.b.build_select(bit, times, r, "")?.into_float_value();
        let e2 = self.b.build_right_shift(e, i1, false, "")?;
        let base2 = self.b.build_float_mul(base, base, "")?;
        self.b.build_unconditional_branch(head)?;
        r_phi.add_incoming(&[(&r2, body)]);
        base_phi.add_incoming(&[(&base2, body)]);
        e_phi.add_incoming(&[(&e2, body)]);
        // Invert for a negative exponent.
        self.b.position_at_end(fin);
        let inv_bb = self.new_block("powi.inv");
        let fin_end = self.current_block()?;
        self.b.build_conditional_branch(neg, inv_bb, done)?;
        self.b.position_at_end(inv_bb);
        let inv = invert(self, r)?;
        let inv_end = self.current_block()?;
        self.b.build_unconditional_branch(done)?;
        self.b.position_at_end(done);
        let out = self.b.build_phi(ft, "powi")?;
        out.add_incoming(&[(&p, big_end), (&r, fin_end), (&inv, inv_end)]);
        Ok(out.as_basic_value().into_float_value())
    }

    /// `llvm.pow(a, b)` (C `pow`, as CPython's float `**` uses).
    pub fn float_pow(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let t: BasicTypeEnum = a.get_type().into();
        let f = self.em.intrinsic("llvm.pow", &[t])?;
        let v = self.call_value(f, &[a.into(), b.into()], "pow")?;
        self.as_float(v)
    }

    /// CPython's `_float_div_mod` for a non-zero divisor: `(floordiv, mod)`.
    ///
    /// ```text
    /// mod = fmod(a, b); div = (a - mod) / b
    /// if mod: if (b < 0) != (mod < 0): mod += b; div -= 1
    /// else:   mod = copysign(0, b)
    /// if div: floordiv = floor(div); if div - floordiv > 0.5: floordiv += 1
    /// else:   floordiv = copysign(0, a / b)
    /// ```
    fn float_divmod(&self, a: FloatValue<'ctx>, b: FloatValue<'ctx>) -> EResult<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let ft = a.get_type();
        let zero = ft.const_zero();
        let one = ft.const_float(1.0);
        let bld = &self.b;
        let fm = |v: FloatValue<'ctx>| {
            self.apply_fmf(v);
            v
        };
        let m = fm(bld.build_float_rem(a, b, "fmod")?);
        let div = fm(bld.build_float_div(fm(bld.build_float_sub(a, m, "")?), b, "")?);
        let m_nz = bld.build_float_compare(FloatPredicate::UNE, m, zero, "")?;
        let b_neg = bld.build_float_compare(FloatPredicate::OLT, b, zero, "")?;
        let m_neg = bld.build_float_compare(FloatPredicate::OLT, m, zero, "")?;
        let signs_differ = bld.build_xor(b_neg, m_neg, "")?;
        let fix = bld.build_and(m_nz, signs_differ, "")?;
        let m_fixed = fm(bld.build_float_add(m, b, "")?);
        let div_fixed = fm(bld.build_float_sub(div, one, "")?);
        let m1 = bld.build_select(fix, m_fixed, m, "")?.into_float_value();
        let div = bld.build_select(fix, div_fixed, div, "")?.into_float_value();
        let signed_zero_b = self.copysign(zero, b)?;
        let m = bld.build_select(m_nz, m1, signed_zero_b, "mod")?.into_float_value();

        let div_nz = bld.build_float_compare(FloatPredicate::UNE, div, zero, "")?;
        let fl = self.float_unary_intrinsic("llvm.floor", div)?;
        let frac = fm(bld.build_float_sub(div, fl, "")?);
        let up = bld.build_float_compare(FloatPredicate::OGT, frac, ft.const_float(0.5), "")?;
        let fl1 = fm(bld.build_float_add(fl, one, "")?);
        let fl = bld.build_select(up, fl1, fl, "")?.into_float_value();
        let q = fm(bld.build_float_div(a, b, "")?);
        let signed_zero_q = self.copysign(zero, q)?;
        let floordiv = bld.build_select(div_nz, fl, signed_zero_q, "floordiv")?.into_float_value();
        Ok((floordiv, m))
    }

    pub fn copysign(&self, mag: FloatValue<'ctx>, sign: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let t: BasicTypeEnum = mag.get_type().into();
        let f = self.em.intrinsic("llvm.copysign", &[t])?;
        let v = self.call_value(f, &[mag.into(), sign.into()], "")?;
        self.as_float(v)
    }

    /// Calls a one-argument overloaded float intrinsic (`llvm.floor`, `llvm.sqrt`...).
    pub fn float_unary_intrinsic(&self, name: &str, x: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let t: BasicTypeEnum = x.get_type().into();
        let f = self.em.intrinsic(name, &[t])?;
        let v = self.call_value(f, &[x.into()], "")?;
        self.as_float(v)
    }
}

/// `0x8000...` of an integer type.
fn min_int(ty: inkwell::types::IntType<'_>) -> IntValue<'_> {
    let bits = ty.get_bit_width();
    if bits >= 64 {
        ty.const_int(1u64 << 63, false)
    } else {
        ty.const_int(1u64 << (bits - 1), false)
    }
}
