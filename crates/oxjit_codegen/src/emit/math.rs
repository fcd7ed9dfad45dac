//! `math.*` and scalar `numpy.*` functions.
//!
//! Each function is an LLVM intrinsic where LLVM has one (so it folds, vectorises and takes
//! fast-math flags: `llvm.sqrt`, `llvm.exp`, `llvm.floor` ...) and a libm call otherwise
//! (`expm1`, `atan2`, `tgamma` ..., with the `f` suffix for float32). Domain errors follow
//! Numba, not CPython: `math.sqrt(-1.0)` is NaN and `math.log(0.0)` is -inf, no exception.
//!
//! ```text
//! math.floor(x: float64) -> int64      floor, then truncate to int
//! numpy.floor(x: float64) -> float64   floor
//! math.isnan(x: int64) -> bool         constant false
//! ```
//!
//! Every function computes in a float type `W` (the parameter's, or the result's when the
//! parameter is an integer) and converts the result to the call's type.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::FloatPredicate;
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::{Scalar, Ty};

use super::{ice, EResult, FnCx};

/// How a one-argument float function is lowered.
enum Lowering {
    /// An overloaded LLVM intrinsic.
    Intrinsic(&'static str),
    /// A libm function: the double and the float name.
    Libm(&'static str, &'static str),
}

fn unary_lowering(name: &str) -> Option<Lowering> {
    use Lowering::*;
    Some(match name {
        "sqrt" => Intrinsic("llvm.sqrt"),
        "exp" => Intrinsic("llvm.exp"),
        "exp2" => Intrinsic("llvm.exp2"),
        "log" => Intrinsic("llvm.log"),
        "log2" => Intrinsic("llvm.log2"),
        "log10" => Intrinsic("llvm.log10"),
        "sin" => Intrinsic("llvm.sin"),
        "cos" => Intrinsic("llvm.cos"),
        "fabs" => Intrinsic("llvm.fabs"),
        "floor" => Intrinsic("llvm.floor"),
        "ceil" => Intrinsic("llvm.ceil"),
        "trunc" => Intrinsic("llvm.trunc"),
        "rint" => Intrinsic("llvm.rint"),
        "expm1" => Libm("expm1", "expm1f"),
        "log1p" => Libm("log1p", "log1pf"),
        "tan" => Libm("tan", "tanf"),
        "asin" => Libm("asin", "asinf"),
        "acos" => Libm("acos", "acosf"),
        "atan" => Libm("atan", "atanf"),
        "sinh" => Libm("sinh", "sinhf"),
        "cosh" => Libm("cosh", "coshf"),
        "tanh" => Libm("tanh", "tanhf"),
        "asinh" => Libm("asinh", "asinhf"),
        "acosh" => Libm("acosh", "acoshf"),
        "atanh" => Libm("atanh", "atanhf"),
        "erf" => Libm("erf", "erff"),
        "erfc" => Libm("erfc", "erfcf"),
        "gamma" => Libm("tgamma", "tgammaf"),
        "lgamma" => Libm("lgamma", "lgammaf"),
        "cbrt" => Libm("cbrt", "cbrtf"),
        _ => return None,
    })
}

/// NumPy's spellings of the same functions.
fn canonical(name: &str) -> &str {
    match name {
        "arcsin" => "asin",
        "arccos" => "acos",
        "arctan" => "atan",
        "arcsinh" => "asinh",
        "arccosh" => "acosh",
        "arctanh" => "atanh",
        "arctan2" => "atan2",
        "power" => "pow",
        "absolute" => "abs",
        "deg2rad" => "radians",
        "rad2deg" => "degrees",
        other => other,
    }
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// `math.<fname>(args)` / `numpy.<fname>(args)`; `args` are already of the `params` types.
    pub fn math_call(
        &self,
        full_name: &str,
        fname: &str,
        numpy: bool,
        params: &[Ty],
        args: &[BasicValueEnum<'ctx>],
        rty: &Ty,
    ) -> EResult<BasicValueEnum<'ctx>> {
        if numpy {
            // Complex loops and `np.angle` (complex_math.rs).
            let loop_in: Vec<Scalar> = params.iter().filter_map(Ty::scalar).collect();
            if let (true, Some(out)) = (loop_in.len() == params.len(), rty.scalar()) {
                if let Some(r) = self.complex_ufunc(fname, &loop_in, args, out)? {
                    return Ok(r);
                }
            }
        }
        let fname = canonical(fname);
        let arity = |n: usize| -> EResult<()> {
            if args.len() == n {
                Ok(())
            } else {
                ice(format!("`{full_name}` called with {} arguments", args.len()))
            }
        };
        match fname {
            "abs" => {
                arity(1)?;
                let (v, t) = self.abs_value(args[0], &params[0])?;
                self.convert(v, &t, rty)
            }
            "sign" if numpy => {
                arity(1)?;
                let v = self.np_sign(args[0], &params[0])?;
                self.convert(v, &params[0], rty)
            }
            "minimum" | "maximum" | "fmin" | "fmax" if numpy => {
                arity(2)?;
                let b = self.convert(args[1], &params[1], &params[0])?;
                let v = self.np_min_max(fname, args[0], b, &params[0])?;
                self.convert(v, &params[0], rty)
            }
            "isnan" | "isinf" | "isfinite" => {
                arity(1)?;
                let v = self.float_class(fname, args[0], &params[0])?;
                self.convert(v.into(), &Ty::BOOL, rty)
            }
            // Integers are already integral: `math.floor(3) == 3`.
            "floor" | "ceil" | "trunc" | "rint" if params.first().is_some_and(|p| p.is_int() || *p == Ty::BOOL) => {
                arity(1)?;
                self.convert(args[0], &params[0], rty)
            }
            "pow" if params.len() == 2 && params.iter().all(|p| p.is_int()) && numpy => {
                // numpy.power on integers: integer power.
                let b = self.convert(args[1], &params[1], &params[0])?;
                let (v, t) = self.binop(BinOp::Pow, args[0], b, &params[0])?;
                self.convert(v, &t, rty)
            }
            "pow" | "atan2" | "hypot" | "copysign" | "fmod" => {
                arity(2)?;
                let w = self.work_float(&params[0], rty)?;
                let x = self.as_float(self.convert(args[0], &params[0], &w)?)?;
                let y = self.as_float(self.convert(args[1], &params[1], &w)?)?;
                let r = match fname {
                    "pow" => self.float_pow(x, y)?,
                    "copysign" => self.copysign(x, y)?,
                    "fmod" => {
                        let r = self.b.build_float_rem(x, y, "fmod")?;
                        self.apply_fmf(r);
                        r
                    }
                    other => self.libm_binary(other, x, y)?,
                };
                self.convert(r.into(), &w, rty)
            }
            "log" if args.len() == 2 => {
                // math.log(x, base) == log(x) / log(base)
                let w = self.work_float(&params[0], rty)?;
                let x = self.as_float(self.convert(args[0], &params[0], &w)?)?;
                let base = self.as_float(self.convert(args[1], &params[1], &w)?)?;
                let lx = self.float_unary_intrinsic("llvm.log", x)?;
                let lb = self.float_unary_intrinsic("llvm.log", base)?;
                let r = self.b.build_float_div(lx, lb, "")?;
                self.apply_fmf(r);
                self.convert(r.into(), &w, rty)
            }
            "radians" | "degrees" => {
                arity(1)?;
                let w = self.work_float(&params[0], rty)?;
                let x = self.as_float(self.convert(args[0], &params[0], &w)?)?;
                // CPython multiplies by the constant pi/180 (or 180/pi).
                let k = if fname == "radians" { std::f64::consts::PI / 180.0 } else { 180.0 / std::f64::consts::PI };
                let ft = x.get_type();
                let r = self.b.build_float_mul(x, ft.const_float(k), "")?;
                self.apply_fmf(r);
                self.convert(r.into(), &w, rty)
            }
            _ => {
                let Some(lowering) = unary_lowering(fname) else {
                    return ice(format!("`{full_name}` has no lowering"));
                };
                arity(1)?;
                if params[0].scalar().is_some_and(Scalar::is_complex) {
                    return ice(format!("`{full_name}` of a complex number has no lowering"));
                }
                let w = self.work_float(&params[0], rty)?;
                let x = self.as_float(self.convert(args[0], &params[0], &w)?)?;
                let r = match lowering {
                    Lowering::Intrinsic(name) => self.float_unary_intrinsic(name, x)?,
                    Lowering::Libm(d, f) => self.libm_unary(if w == Ty::Scalar(Scalar::F32) { f } else { d }, x)?,
                };
                self.convert(r.into(), &w, rty)
            }
        }
    }

    /// `np.sign(x)` as Numba computes it: ints give -1/0/1; floats give ±1.0, and the input
    /// itself for zeros and NaN (so `sign(-0.0)` is `-0.0`).
    fn np_sign(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Some(s) = t.scalar() else {
            return ice(format!("sign() of `{t}`"));
        };
        let bld = &self.b;
        if s.is_int() {
            let x = self.as_int(v)?;
            let it = x.get_type();
            let zero = it.const_zero();
            let pos = bld.build_int_compare(if s.is_signed() { inkwell::IntPredicate::SGT } else { inkwell::IntPredicate::UGT }, x, zero, "")?;
            let neg = bld.build_int_compare(inkwell::IntPredicate::SLT, x, zero, "")?;
            let neg = if s.is_signed() { neg } else { self.bool_c(false) };
            let r = bld.build_select(neg, it.const_all_ones(), zero, "")?;
            return Ok(bld.build_select(pos, it.const_int(1, false).into(), r, "sign")?);
        }
        if s.is_float() {
            let x = self.as_float(v)?;
            let ft = x.get_type();
            let zero = ft.const_zero();
            let pos = bld.build_float_compare(FloatPredicate::OGT, x, zero, "")?;
            let neg = bld.build_float_compare(FloatPredicate::OLT, x, zero, "")?;
            let r = bld.build_select(neg, ft.const_float(-1.0), x, "")?;
            return Ok(bld.build_select(pos, ft.const_float(1.0).into(), r, "sign")?);
        }
        ice(format!("sign() of `{t}`"))
    }

    /// `np.minimum/maximum` (a NaN wins, the first one when both are) and `np.fmin/fmax` (a
    /// number wins over a NaN), on two values of type `t`; ties keep the first operand.
    fn np_min_max(&self, which: &str, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Some(s) = t.scalar() else {
            return ice(format!("{which}() of `{t}`"));
        };
        let is_max = matches!(which, "maximum" | "fmax");
        let bld = &self.b;
        if s.is_int() || s == Scalar::Bool {
            let pred = match (is_max, s.is_signed()) {
                (true, true) => inkwell::IntPredicate::SGE,
                (true, false) => inkwell::IntPredicate::UGE,
                (false, true) => inkwell::IntPredicate::SLE,
                (false, false) => inkwell::IntPredicate::ULE,
            };
            let keep = bld.build_int_compare(pred, self.as_int(a)?, self.as_int(b)?, "")?;
            return Ok(bld.build_select(keep, a, b, which)?);
        }
        if s.is_float() {
            let (x, y) = (self.as_float(a)?, self.as_float(b)?);
            let pred = if is_max { FloatPredicate::OGE } else { FloatPredicate::OLE };
            let keep = bld.build_float_compare(pred, x, y, "")?;
            let non_nan = bld.build_select(keep, x, y, "")?;
            let any_nan = bld.build_float_compare(FloatPredicate::UNO, x, y, "")?;
            let nan_result = if which.starts_with('f') {
                // fmin/fmax: the other operand when one is NaN.
                let (test, other_first) = if is_max { (y, true) } else { (x, false) };
                let test_nan = bld.build_float_compare(FloatPredicate::UNO, test, test, "")?;
                if other_first {
                    bld.build_select(test_nan, x, y, "")?
                } else {
                    bld.build_select(test_nan, y, x, "")?
                }
            } else {
                let x_nan = bld.build_float_compare(FloatPredicate::UNO, x, x, "")?;
                bld.build_select(x_nan, x, y, "")?
            };
            return Ok(bld.build_select(any_nan, nan_result, non_nan, which)?);
        }
        ice(format!("{which}() of `{t}`"))
    }

    /// The float type a math function computes in: the parameter's float type, else the
    /// result's, else float64.
    fn work_float(&self, param: &Ty, rty: &Ty) -> EResult<Ty> {
        if param.is_float() {
            return Ok(param.clone());
        }
        if rty.is_float() {
            return Ok(rty.clone());
        }
        if param.is_number() {
            return Ok(Ty::F64);
        }
        ice(format!("math function applied to `{param}`"))
    }

    /// `isnan` / `isinf` / `isfinite` of a number of type `t`.
    fn float_class(&self, which: &str, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<inkwell::values::IntValue<'ctx>> {
        let Some(s) = t.scalar() else {
            return ice(format!("`{which}` of `{t}`"));
        };
        if s.is_int() || s == Scalar::Bool {
            return Ok(self.bool_c(which == "isfinite"));
        }
        let test = |x: FloatValue<'ctx>| -> EResult<inkwell::values::IntValue<'ctx>> {
            let bld = &self.b;
            Ok(match which {
                "isnan" => bld.build_float_compare(FloatPredicate::UNO, x, x, "")?,
                "isinf" => {
                    let a = self.float_unary_intrinsic("llvm.fabs", x)?;
                    let inf = x.get_type().const_float(f64::INFINITY);
                    self.b.build_float_compare(FloatPredicate::OEQ, a, inf, "")?
                }
                _ => {
                    let a = self.float_unary_intrinsic("llvm.fabs", x)?;
                    let inf = x.get_type().const_float(f64::INFINITY);
                    self.b.build_float_compare(FloatPredicate::OLT, a, inf, "")?
                }
            })
        };
        if s.is_float() {
            return test(self.as_float(v)?);
        }
        // Complex: nan/inf when either part is; finite when both are.
        let (re, im) = self.complex_parts(v)?;
        let (r, i) = (test(re)?, test(im)?);
        Ok(if which == "isfinite" { self.b.build_and(r, i, "")? } else { self.b.build_or(r, i, "")? })
    }

    /// `abs(x)`: ints wrap (`abs(INT_MIN) == INT_MIN`), floats clear the sign, complex → hypot.
    pub fn abs_value(&self, v: BasicValueEnum<'ctx>, t: &Ty) -> EResult<(BasicValueEnum<'ctx>, Ty)> {
        let Some(s) = t.scalar() else {
            return ice(format!("abs() of `{t}`"));
        };
        if s == Scalar::Bool {
            let i = self.convert(v, t, &Ty::I64)?;
            return Ok((i, Ty::I64));
        }
        if s.is_unsigned() {
            return Ok((v, t.clone()));
        }
        if s.is_signed() {
            let i = self.as_int(v)?;
            let bld = &self.b;
            let neg = bld.build_int_compare(inkwell::IntPredicate::SLT, i, i.get_type().const_zero(), "")?;
            let n = bld.build_int_neg(i, "")?;
            return Ok((bld.build_select(neg, n, i, "abs")?, t.clone()));
        }
        if s.is_float() {
            return Ok((self.float_unary_intrinsic("llvm.fabs", self.as_float(v)?)?.into(), t.clone()));
        }
        let (re, im) = self.complex_parts(v)?;
        let part = s.complex_part();
        let name = if part == Scalar::F32 { "hypotf" } else { "hypot" };
        let ft: BasicTypeEnum = re.get_type().into();
        let f = self.em.extern_fn(name, ft, &[ft, ft]);
        Ok((self.call_value(f, &[re.into(), im.into()], "abs")?, Ty::Scalar(part)))
    }

    /// A one-argument libm call (`name` already has the right suffix for the type).
    pub fn libm_unary(&self, name: &str, x: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let t: BasicTypeEnum = x.get_type().into();
        let f = self.em.extern_fn(name, t, &[t]);
        self.as_float(self.call_value(f, &[x.into()], name)?)
    }

    /// A two-argument libm call; `base` is the double name (`atan2`), `f` is appended for float.
    pub fn libm_binary(&self, base: &str, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> EResult<FloatValue<'ctx>> {
        let t: BasicTypeEnum = x.get_type().into();
        let name = if x.get_type() == self.ctx().f32_type() { format!("{base}f") } else { base.to_string() };
        let f = self.em.extern_fn(&name, t, &[t, t]);
        self.as_float(self.call_value(f, &[x.into(), y.into()], base)?)
    }
}
