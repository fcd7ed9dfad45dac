//! Complex math: the `cmath` module, NumPy's ufuncs on complex numbers, `np.angle`.
//!
//! Numba 0.68 is the spec, bit for bit, so these are Numba's algorithms: its `cmath` ones
//! (CPython's and NumPy's special cases for infinities and NaNs, the large-argument branches
//! of `acos`/`asinh`/`atanh`, NumPy's `npy_csqrt`) and, for the ufuncs, the simpler formulas
//! of its `npyfuncs` loops (`np.cosh(z)` is `cos(y)·cosh(x) + i·sin(y)·sinh(x)`, no special
//! cases), which is why `np.cosh` and `cmath.cosh` differ at infinities.
//!
//! ```text
//! ufunc          kernel                              cmath     kernel
//! exp, log       cmath's                             exp log   same; log(z, b) = log z / log b
//! sqrt           cmath's (npy_csqrt)                 sqrt      same
//! sin cos tan    cmath's (via sinh/cosh/tanh of iz)  cosh ...  CPython's special cases
//! sinh cosh tanh naive formulas                      tanh      CPython's c_tanh
//! arcsin arccos arctan arcsinh arctanh   cmath's     acosh     CPython's c_acosh
//! arccosh        log(z + sqrt(z+1)·sqrt(z-1))        log10     log(z) / ln 10
//! exp2 log2 log10 expm1 log1p   NumPy's nc_* formulas          phase polar rect isnan ...
//! reciprocal     Smith's method (no error)
//! sign           z / |z| (0 for 0), NumPy 2
//! ```
//!
//! Numba writes most of these as Python functions it compiles with the argument's types, so
//! for complex64 the *precision* of every step follows Numba's typing: float32 parts stay
//! float32 through float32 operations and float32 math functions, but a Python float
//! constant (`1. - z.real`, `z.real * 0.5`) widens the expression to float64, a variable
//! assigned both widths becomes float64, and `complex(a, b)` is complex64 only when both
//! parts are float32. [`F`] carries that width with each value, so each kernel below reads
//! like Numba's source and gets the same roundings. Each function is evaluated without
//! branches (every case computed, the answer selected): they are pure, so that is the same.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::FloatPredicate;
use oxjit_frontend::mir::BinOp;
use oxjit_frontend::{Scalar, Ty};
use oxjit_runtime::ExcKind;

use super::{ice, EResult, FnCx};

/// A float value and whether it is float64 (else float32), as Numba types it.
#[derive(Clone, Copy)]
struct F<'ctx> {
    v: FloatValue<'ctx>,
    wide: bool,
}

/// A complex value as two parts of one width.
#[derive(Clone, Copy)]
struct C<'ctx> {
    re: F<'ctx>,
    im: F<'ctx>,
}

impl C<'_> {
    fn wide(&self) -> bool {
        self.re.wide
    }
}

// Numba's constants: Python floats are float64; its float32 limits are NumPy float32
// scalars (comparisons only, where the width does not matter, except `sqrt`'s threshold,
// computed in float32 for complex64 under NumPy 2's promotion).
const LN_4: f64 = 1.386_294_361_119_890_6;
/// Numba's `LN_10 = 2.302585092994045684`, the same double as Rust's.
const LN_10: f64 = std::f64::consts::LN_10;
/// `FLT_MAX / 4`: above it `acos`, `acosh`, `asinh` take their large-argument branch.
const THRES: f64 = 8.507_058_665_963_221_5e37;
/// `sqrt(FLT_MAX / 4)` and `sqrt(FLT_MIN)`, `atanh`'s thresholds.
const THRES_LARGE: f64 = 9.223_371_761_976_865e18;
const THRES_SMALL: f64 = 1.084_202_172_485_504_4e-19;
/// `MAX / (1 + sqrt(2))` of `sqrt`, for float32 (computed in float32) and float64.
const SQRT_THRES_32: f64 = 1.409_495_530_379_319_3e38;
const SQRT_THRES_64: f64 = 7.446_288_774_449_766e307;
// NumPy's constants of `np.exp2`, `np.log2`, `np.log10` (rounded to the part type); its
// 36-digit literals are the same doubles as Rust's.
const NPY_LOGE2: f64 = std::f64::consts::LN_2;
const NPY_LOG2E: f64 = std::f64::consts::LOG2_E;
const NPY_LOG10E: f64 = std::f64::consts::LOG10_E;
/// `float(180 / np.pi)`, `np.angle(z, deg=True)`'s factor.
const DEG_PER_RAD: f64 = 57.295_779_513_082_32;

/// The ufuncs [`FnCx::complex_ufunc`] lowers for complex loops.
fn is_complex_kernel(name: &str) -> bool {
    oxjit_frontend::templates::cmath::complex_ufunc(name) || matches!(name, "reciprocal" | "power")
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    // ---- entry points ----

    /// The scalar kernel of ufunc `name` when it is one of the complex loops this module
    /// lowers (or `angle`); `None` lets the caller lower it.
    pub fn complex_ufunc(&self, name: &str, loop_in: &[Scalar], vals: &[BasicValueEnum<'ctx>], out: Scalar) -> EResult<Option<BasicValueEnum<'ctx>>> {
        if name == "angle" || name == "angle_deg" {
            let deg = if name == "angle_deg" { vals.get(1).copied() } else { None };
            let (Some(s), Some(v)) = (loop_in.first(), vals.first()) else { return ice("angle() without an argument") };
            let a = self.cm_angle(*v, *s, deg)?;
            return Ok(Some(self.convert(a.v.into(), &Ty::Scalar(if a.wide { Scalar::F64 } else { Scalar::F32 }), &Ty::Scalar(out))?));
        }
        let Some(&s) = loop_in.first() else { return Ok(None) };
        if !s.is_complex() || !is_complex_kernel(name) {
            return Ok(None);
        }
        if name == "power" {
            let [a, b] = vals else { return ice("power() takes 2 arguments") };
            let r = self.complex_binop(BinOp::Pow, *a, *b, s)?;
            return Ok(Some(self.convert(r, &Ty::Scalar(s), &Ty::Scalar(out))?));
        }
        let [v] = vals else { return ice(format!("{name}() takes 1 argument")) };
        let z = self.cm_in(*v)?;
        let r = match name {
            "exp" => self.cm_exp(z)?,
            "exp2" => {
                let k = self.cm_kn(NPY_LOGE2, z.wide());
                let t = C { re: self.cm_mul(k, z.re)?, im: self.cm_mul(k, z.im)? };
                self.cm_exp(t)?
            }
            "log" => self.cm_log(z)?,
            "log2" | "log10" => {
                let l = self.cm_log(z)?;
                let k = self.cm_kn(if name == "log2" { NPY_LOG2E } else { NPY_LOG10E }, z.wide());
                C { re: self.cm_mul(k, l.re)?, im: self.cm_mul(k, l.im)? }
            }
            "expm1" => {
                let a = self.cm_f1("exp", z.re)?;
                let re = self.cm_add(self.cm_mul(a, self.cm_f1("cos", z.im)?)?, self.cm_kn(-1.0, z.wide()))?;
                C { re, im: self.cm_mul(a, self.cm_f1("sin", z.im)?)? }
            }
            "log1p" => {
                let rp1 = self.cm_add(z.re, self.cm_kn(1.0, z.wide()))?;
                let l = self.cm_f2("hypot", rp1, z.im)?;
                C { re: self.cm_f1("log", l)?, im: self.cm_f2("atan2", z.im, rp1)? }
            }
            "sqrt" => self.cm_sqrt(z, None)?,
            "reciprocal" => self.cm_reciprocal(z)?,
            "sin" => self.cm_sin(z)?,
            "cos" => self.cm_cos(z)?,
            "tan" => self.cm_tan(z)?,
            "arcsin" => self.cm_asin(z)?,
            "arccos" => self.cm_acos(z)?,
            "arctan" => self.cm_atan(z)?,
            "arcsinh" => self.cm_asinh(z)?,
            "arctanh" => self.cm_atanh(z)?,
            "sinh" | "cosh" => {
                // NumPy's nc_sinh / nc_cosh without special cases.
                let (s, c) = (self.cm_f1("sin", z.im)?, self.cm_f1("cos", z.im)?);
                let (sh, ch) = (self.cm_f1("sinh", z.re)?, self.cm_f1("cosh", z.re)?);
                if name == "sinh" {
                    C { re: self.cm_mul(c, sh)?, im: self.cm_mul(s, ch)? }
                } else {
                    C { re: self.cm_mul(c, ch)?, im: self.cm_mul(s, sh)? }
                }
            }
            "tanh" => self.cm_np_tanh(z)?,
            "arccosh" => {
                let one = C { re: self.cm_kn(1.0, z.wide()), im: self.cm_kn(0.0, z.wide()) };
                let p = self.cm_sqrt(self.cm_cadd(z, one)?, None)?;
                let m = self.cm_sqrt(self.cm_csub(z, one)?, None)?;
                let prod = self.cm_cmul(p, m)?;
                self.cm_log(self.cm_cadd(z, prod)?)?
            }
            "rint" => C { re: self.cm_f1("rint", z.re)?, im: self.cm_f1("rint", z.im)? },
            "sign" => self.cm_sign(z)?,
            _ => return Ok(None),
        };
        let r = self.cm_cast(r, z.wide())?;
        Ok(Some(self.convert(self.cm_out(r)?, &Ty::Scalar(s), &Ty::Scalar(out))?))
    }

    /// `cmath.<f>(args)`; `args` are already of the `params` types (see
    /// `templates::cmath`), the result is converted to `rty`.
    pub fn cmath_call(&self, f: &str, params: &[Ty], args: &[BasicValueEnum<'ctx>], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        if f == "rect" {
            let ([r, phi], [rt, pt]) = (args, params) else { return ice("rect() takes 2 arguments") };
            let r = F { v: self.as_float(*r)?, wide: *rt == Ty::F64 };
            let phi = F { v: self.as_float(*phi)?, wide: *pt == Ty::F64 };
            let z = self.cm_rect(r, phi)?;
            return self.convert(self.cm_out(z)?, &self.cm_ty(&z), rty);
        }
        if f == "log" && args.len() == 2 {
            let Some(s) = params[0].scalar() else { return ice("cmath.log of a non-number") };
            let a = self.cm_out(self.cm_log(self.cm_in(args[0])?)?)?;
            let b = self.cm_out(self.cm_log(self.cm_in(args[1])?)?)?;
            let q = self.complex_binop(BinOp::Div, a, b, s)?;
            return self.convert(q, &params[0], rty);
        }
        let [v] = args else { return ice(format!("cmath.{f} takes 1 argument")) };
        let z = self.cm_in(*v)?;
        let bld = &self.b;
        match f {
            "isnan" | "isinf" | "isfinite" => {
                let t = |x: F<'ctx>| match f {
                    "isnan" => self.cm_isnan(x),
                    "isinf" => self.cm_isinf(x),
                    _ => self.cm_isfinite(x),
                };
                let (r, i) = (t(z.re)?, t(z.im)?);
                let v = if f == "isfinite" { bld.build_and(r, i, "")? } else { bld.build_or(r, i, "")? };
                return self.convert(v.into(), &Ty::BOOL, rty);
            }
            "phase" => {
                let p = self.cm_f2("atan2", z.im, z.re)?;
                return self.convert(p.v.into(), &self.cm_fty(p), rty);
            }
            "polar" => {
                let r = self.cm_f2("hypot", z.re, z.im)?;
                let p = self.cm_f2("atan2", z.im, z.re)?;
                let ft = self.cm_fty(r);
                let tup = Ty::tuple(vec![ft.clone(), ft]);
                let st = self.em.llty(&tup).into_struct_type();
                let t = bld.build_insert_value(st.get_undef(), r.v, 0, "")?;
                let t = bld.build_insert_value(t, p.v, 1, "")?;
                return self.convert(t.into_struct_value().into(), &tup, rty);
            }
            _ => {}
        }
        let r = match f {
            "exp" => self.cm_exp(z)?,
            "log" => self.cm_log(z)?,
            "log10" => {
                let l = self.cm_log(z)?;
                let k = self.cm_k(LN_10);
                C { re: self.cm_div(l.re, k)?, im: self.cm_div(l.im, k)? }
            }
            "sqrt" => self.cm_sqrt(z, None)?,
            "sin" => self.cm_sin(z)?,
            "cos" => self.cm_cos(z)?,
            "tan" => self.cm_tan(z)?,
            "asin" => self.cm_asin(z)?,
            "acos" => self.cm_acos(z)?,
            "atan" => self.cm_atan(z)?,
            "asinh" => self.cm_asinh(z)?,
            "atanh" => self.cm_atanh(z)?,
            "sinh" => self.cm_sinh(z)?,
            "cosh" => self.cm_cosh(z)?,
            "tanh" => self.cm_tanh(z)?,
            "acosh" => self.cm_acosh(z)?,
            _ => return ice(format!("intrinsic `cmath.{f}` has no lowering")),
        };
        self.convert(self.cm_out(r)?, &self.cm_ty(&r), rty)
    }

    /// `np.angle(z[, deg])` of one number of type `s` (an integer computes in float64):
    /// `atan2(z.imag, z.real)`, in degrees as float64 when `deg` is true.
    fn cm_angle(&self, v: BasicValueEnum<'ctx>, s: Scalar, deg: Option<BasicValueEnum<'ctx>>) -> EResult<F<'ctx>> {
        let z = if s.is_complex() {
            self.cm_in(v)?
        } else {
            let w = if s == Scalar::F32 { Scalar::F32 } else { Scalar::F64 };
            let x = self.as_float(self.convert(v, &Ty::Scalar(s), &Ty::Scalar(w))?)?;
            C { re: F { v: x, wide: w == Scalar::F64 }, im: F { v: x.get_type().const_zero(), wide: w == Scalar::F64 } }
        };
        let a = self.cm_f2("atan2", z.im, z.re)?;
        let Some(d) = deg else { return Ok(a) };
        let d = self.as_int(d)?;
        let scaled = self.cm_mul(a, self.cm_k(DEG_PER_RAD))?;
        self.cm_sel(d, scaled, a)
    }

    // ---- cmath's algorithms (Numba's `cmathimpl`) ----

    /// `cmath.exp`, with its cases for non-finite parts.
    fn cm_exp(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (x, y) = (z.re, z.im);
        let (xf, yf) = (self.cm_isfinite(x)?, self.cm_isfinite(y)?);
        let (c, s, r) = (self.cm_f1("cos", y)?, self.cm_f1("sin", y)?, self.cm_f1("exp", x)?);
        let finite = self.cm_c(self.cm_mul(r, c)?, self.cm_mul(r, s)?)?;
        let nan = self.cm_k(f64::NAN);
        let both_nan = self.cm_c(nan, nan)?;
        let x_finite = self.cm_csel(yf, finite, both_nan)?;
        // x is NaN: nan + nan j, or nan + 0j when y is zero.
        let y_true = self.cm_truth(y)?;
        let x_nan = self.cm_csel(y_true, self.cm_c(x, x)?, self.cm_c(x, y)?)?;
        // x is +inf: cos/sin times inf, keeping zeros (exp(inf + 0j) is inf + 0j).
        let re = self.cm_sel(self.cm_truth(c)?, self.cm_mul(c, x)?, c)?;
        let im = self.cm_sel(self.cm_truth(s)?, self.cm_mul(s, x)?, s)?;
        let pos_inf = self.cm_csel(yf, self.cm_c(re, im)?, self.cm_c(x, nan)?)?;
        // x is -inf: exp gives zeros; a non-finite y gives 0 + 0j.
        let zero = self.cm_k(0.0);
        let neg_inf = self.cm_csel(yf, finite, self.cm_c(zero, zero)?)?;
        let x_pos = self.cm_cmp(FloatPredicate::OGT, x, zero)?;
        let inf = self.cm_csel(x_pos, pos_inf, neg_inf)?;
        let not_finite = self.cm_csel(self.cm_isnan(x)?, x_nan, inf)?;
        let r = self.cm_csel(xf, x_finite, not_finite)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.log`: `log(hypot(x, y)) + i·atan2(y, x)`.
    fn cm_log(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let h = self.cm_f2("hypot", z.re, z.im)?;
        let r = self.cm_c(self.cm_f1("log", h)?, self.cm_f2("atan2", z.im, z.re)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.sqrt`: NumPy's `npy_csqrt` (Algorithm 312, scaled against overflow).
    ///
    /// Numba compiles it with Python's float division, so a square root of 0 in the
    /// denominator (`sqrt(5e-324j)`: the half-modulus underflows) raises ZeroDivisionError,
    /// under either error model and in array loops too; `live` says whether this call is on
    /// the path the caller takes (it evaluates every path).
    fn cm_sqrt(&self, z: C<'ctx>, live: Option<IntValue<'ctx>>) -> EResult<C<'ctx>> {
        let (a, b) = (z.re, z.im);
        let zero = self.cm_k(0.0);
        let bld = &self.b;
        let a0 = self.cm_cmp(FloatPredicate::OEQ, a, zero)?;
        let b0 = self.cm_cmp(FloatPredicate::OEQ, b, zero)?;
        let spec1 = bld.build_or(bld.build_and(a0, b0, "")?, self.cm_isinf(b)?, "")?;
        let s1 = self.cm_c(self.cm_abs(b)?, b)?;
        let s2 = self.cm_c(a, a)?;
        let bmb = self.cm_sub(b, b)?;
        let a_neg = self.cm_cmp(FloatPredicate::OLT, a, zero)?;
        let s3 = self.cm_csel(a_neg, self.cm_c(self.cm_abs(bmb)?, self.cm_f2("copysign", a, b)?)?, self.cm_c(a, self.cm_f2("copysign", bmb, b)?)?)?;
        let (a_inf, a_nan) = (self.cm_isinf(a)?, self.cm_isnan(a)?);
        // The general case, on parts scaled by 1/4 near overflow (float64 from there on).
        let thres = self.cm_k(if z.wide() { SQRT_THRES_64 } else { SQRT_THRES_32 });
        let big_a = self.cm_cmp(FloatPredicate::OGE, self.cm_abs(a)?, thres)?;
        let big_b = self.cm_cmp(FloatPredicate::OGE, self.cm_abs(b)?, thres)?;
        let scale = self.b.build_or(big_a, big_b, "")?;
        let q = self.cm_k(0.25);
        let a = self.cm_sel(scale, self.cm_mul(a, q)?, a)?;
        let b = self.cm_sel(scale, self.cm_mul(b, q)?, b)?;
        let (half, two) = (self.cm_k(0.5), self.cm_k(2.0));
        let h = self.cm_f2("hypot", a, b)?;
        let t1 = self.cm_f1("sqrt", self.cm_mul(self.cm_add(a, h)?, half)?)?;
        let im1 = self.cm_div(b, self.cm_mul(two, t1)?)?;
        let t2 = self.cm_f1("sqrt", self.cm_mul(self.cm_add(self.cm_neg(a)?, h)?, half)?)?;
        let re2 = self.cm_div(self.cm_abs(b)?, self.cm_mul(two, t2)?)?;
        let im2 = self.cm_f2("copysign", t2, b)?;
        let a_pos = self.cm_cmp(FloatPredicate::OGE, a, zero)?;
        let re = self.cm_sel(a_pos, t1, re2)?;
        let im = self.cm_sel(a_pos, im1, im2)?;
        let t = self.cm_sel(a_pos, t1, t2)?;
        let bld = &self.b;
        let special = bld.build_or(bld.build_or(spec1, a_inf, "")?, a_nan, "")?;
        let mut fail = bld.build_and(bld.build_not(special, "")?, self.cm_cmp(FloatPredicate::OEQ, t, zero)?, "")?;
        if let Some(live) = live {
            fail = bld.build_and(fail, live, "")?;
        }
        self.raise_if(fail, ExcKind::ZeroDivisionError, Some("division by zero"))?;
        let general = self.cm_csel(scale, self.cm_c(self.cm_mul(re, two)?, im)?, self.cm_c(re, im)?)?;
        let r = self.cm_csel(a_inf, s3, general)?;
        let r = self.cm_csel(a_nan, s2, r)?;
        let r = self.cm_csel(spec1, s1, r)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.cosh`: CPython's special cases for an infinite real part.
    fn cm_cosh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (x, y) = (z.re, z.im);
        let zero = self.cm_k(0.0);
        let keep = self.b.build_or(self.cm_isnan(y)?, self.cm_cmp(FloatPredicate::OEQ, y, zero)?, "")?;
        let (c, s) = (self.cm_f1("cos", y)?, self.cm_f1("sin", y)?);
        let re = self.cm_sel(keep, self.cm_abs(x)?, self.cm_f2("copysign", x, c)?)?;
        let im = self.cm_sel(keep, y, self.cm_f2("copysign", x, s)?)?;
        let x_neg = self.cm_cmp(FloatPredicate::OLT, x, zero)?;
        let im = self.cm_sel(x_neg, self.cm_neg(im)?, im)?;
        let inf = self.cm_c(re, im)?;
        let general = self.cm_c(self.cm_mul(c, self.cm_f1("cosh", x)?)?, self.cm_mul(s, self.cm_f1("sinh", x)?)?)?;
        self.cm_csel(self.cm_isinf(x)?, inf, general)
    }

    /// `cmath.sinh`: CPython's special cases for an infinite real part.
    fn cm_sinh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (x, y) = (z.re, z.im);
        let (c, s) = (self.cm_f1("cos", y)?, self.cm_f1("sin", y)?);
        let re = self.cm_sel(self.cm_truth(c)?, self.cm_mul(c, x)?, c)?;
        let im = self.cm_sel(self.cm_truth(s)?, self.cm_mul(s, self.cm_abs(x)?)?, s)?;
        let inf = self.cm_csel(self.cm_isnan(y)?, self.cm_c(x, y)?, self.cm_c(re, im)?)?;
        let general = self.cm_c(self.cm_mul(c, self.cm_f1("sinh", x)?)?, self.cm_mul(s, self.cm_f1("cosh", x)?)?)?;
        self.cm_csel(self.cm_isinf(x)?, inf, general)
    }

    /// `cmath.tanh`: CPython's `c_tanh` (float64 constants: complex128 for complex64).
    fn cm_tanh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (x, y) = (z.re, z.im);
        let one = self.cm_k(1.0);
        let zero = self.cm_k(0.0);
        let inf_re = self.cm_f2("copysign", one, x)?;
        let s2y = self.cm_f1("sin", self.cm_mul(self.cm_k(2.0), y)?)?;
        let inf_im = self.cm_sel(self.cm_isinf(y)?, zero, self.cm_f2("copysign", zero, s2y)?)?;
        let inf = self.cm_c(inf_re, inf_im)?;
        let tx = self.cm_f1("tanh", x)?;
        let ty = self.cm_f1("tan", y)?;
        let cx = self.cm_div(one, self.cm_f1("cosh", x)?)?;
        let txty = self.cm_mul(tx, ty)?;
        let denom = self.cm_add(one, self.cm_mul(txty, txty)?)?;
        let re = self.cm_div(self.cm_mul(tx, self.cm_add(one, self.cm_mul(ty, ty)?)?)?, denom)?;
        let im = self.cm_mul(self.cm_mul(self.cm_div(ty, denom)?, cx)?, cx)?;
        let general = self.cm_c(re, im)?;
        self.cm_csel(self.cm_isinf(x)?, inf, general)
    }

    /// `i·z` as Numba writes it, `complex(-z.imag, z.real)`.
    fn cm_times_i(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        self.cm_c(self.cm_neg(z.im)?, z.re)
    }

    /// `cmath.cos(z) = cosh(iz)`.
    fn cm_cos(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let r = self.cm_cosh(self.cm_times_i(z)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.sin(z) = -i·sinh(iz)`.
    fn cm_sin(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let r = self.cm_sinh(self.cm_times_i(z)?)?;
        let r = self.cm_c(r.im, self.cm_neg(r.re)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.tan(z) = -i·tanh(iz)`.
    fn cm_tan(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let r = self.cm_tanh(self.cm_times_i(z)?)?;
        let r = self.cm_c(r.im, self.cm_neg(r.re)?)?;
        self.cm_cast(r, z.wide())
    }

    /// Whether `|z.real|` or `|z.imag|` exceeds `FLT_MAX / 4` (the large-argument branch).
    fn cm_large(&self, z: C<'ctx>) -> EResult<IntValue<'ctx>> {
        let t = self.cm_k(THRES);
        let r = self.cm_cmp(FloatPredicate::OGT, self.cm_abs(z.re)?, t)?;
        let i = self.cm_cmp(FloatPredicate::OGT, self.cm_abs(z.im)?, t)?;
        Ok(self.b.build_or(r, i, "")?)
    }

    /// `log(hypot(x/2, y/2)) + ln 4`, the modulus term of the large-argument branches.
    fn cm_log_half_hypot(&self, z: C<'ctx>) -> EResult<F<'ctx>> {
        let half = self.cm_k(0.5);
        let h = self.cm_f2("hypot", self.cm_mul(z.re, half)?, self.cm_mul(z.im, half)?)?;
        self.cm_add(self.cm_f1("log", h)?, self.cm_k(LN_4))
    }

    /// `cmath.acos`: CPython's `c_acos`.
    fn cm_acos(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let one = self.cm_k(1.0);
        let big_re = self.cm_f2("atan2", self.cm_abs(z.im)?, z.re)?;
        let big_im = self.cm_f2("copysign", self.cm_log_half_hypot(z)?, self.cm_neg(z.im)?)?;
        let big = self.cm_c(big_re, big_im)?;
        let small = Some(self.b.build_not(self.cm_large(z)?, "")?);
        let s1 = self.cm_sqrt(self.cm_c(self.cm_sub(one, z.re)?, self.cm_neg(z.im)?)?, small)?;
        let s2 = self.cm_sqrt(self.cm_c(self.cm_add(one, z.re)?, z.im)?, small)?;
        let re = self.cm_mul(self.cm_k(2.0), self.cm_f2("atan2", s1.re, s2.re)?)?;
        let im = self.cm_f1("asinh", self.cm_sub(self.cm_mul(s2.re, s1.im)?, self.cm_mul(s2.im, s1.re)?)?)?;
        let r = self.cm_csel(self.cm_large(z)?, big, self.cm_c(re, im)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.acosh`: CPython's `c_acosh` (complex128 for complex64).
    fn cm_acosh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let one = self.cm_k(1.0);
        let big = self.cm_c(self.cm_log_half_hypot(z)?, self.cm_f2("atan2", z.im, z.re)?)?;
        let small = Some(self.b.build_not(self.cm_large(z)?, "")?);
        let s1 = self.cm_sqrt(self.cm_c(self.cm_sub(z.re, one)?, z.im)?, small)?;
        let s2 = self.cm_sqrt(self.cm_c(self.cm_add(z.re, one)?, z.im)?, small)?;
        let re = self.cm_f1("asinh", self.cm_add(self.cm_mul(s1.re, s2.re)?, self.cm_mul(s1.im, s2.im)?)?)?;
        let im = self.cm_mul(self.cm_k(2.0), self.cm_f2("atan2", s1.im, s2.re)?)?;
        self.cm_csel(self.cm_large(z)?, big, self.cm_c(re, im)?)
    }

    /// `cmath.asinh`: CPython's `c_asinh`.
    fn cm_asinh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let one = self.cm_k(1.0);
        let big_re = self.cm_f2("copysign", self.cm_log_half_hypot(z)?, z.re)?;
        let big = self.cm_c(big_re, self.cm_f2("atan2", z.im, self.cm_abs(z.re)?)?)?;
        let small = Some(self.b.build_not(self.cm_large(z)?, "")?);
        let s1 = self.cm_sqrt(self.cm_c(self.cm_add(one, z.im)?, self.cm_neg(z.re)?)?, small)?;
        let s2 = self.cm_sqrt(self.cm_c(self.cm_sub(one, z.im)?, z.re)?, small)?;
        let re = self.cm_f1("asinh", self.cm_sub(self.cm_mul(s1.re, s2.im)?, self.cm_mul(s2.re, s1.im)?)?)?;
        let im = self.cm_f2("atan2", z.im, self.cm_sub(self.cm_mul(s1.re, s2.re)?, self.cm_mul(s1.im, s2.im)?)?)?;
        let r = self.cm_csel(self.cm_large(z)?, big, self.cm_c(re, im)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.asin(z) = -i·asinh(iz)`.
    fn cm_asin(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let r = self.cm_asinh(self.cm_times_i(z)?)?;
        let r = self.cm_c(r.im, self.cm_neg(r.re)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.atan(z) = -i·atanh(iz)`, with Numba's swap for an infinite real part and a
    /// NaN imaginary part.
    fn cm_atan(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let r = self.cm_atanh(self.cm_times_i(z)?)?;
        let odd = self.b.build_and(self.cm_isinf(z.re)?, self.cm_isnan(z.im)?, "")?;
        let r = self.cm_csel(odd, self.cm_c(r.im, r.re)?, self.cm_c(r.im, self.cm_neg(r.re)?)?)?;
        self.cm_cast(r, z.wide())
    }

    /// `cmath.atanh`: CPython's `c_atanh`, on `-z` when `z.real < 0`.
    fn cm_atanh(&self, z0: C<'ctx>) -> EResult<C<'ctx>> {
        let zero = self.cm_k(0.0);
        let one = self.cm_k(1.0);
        let two = self.cm_k(2.0);
        let four = self.cm_k(4.0);
        let negate = self.cm_cmp(FloatPredicate::OLT, z0.re, zero)?;
        let z = self.cm_csel(negate, self.cm_c(self.cm_neg(z0.re)?, self.cm_neg(z0.im)?)?, z0)?;
        let (x, y) = (z.re, z.im);
        let ay = self.cm_abs(y)?;
        let bld = &self.b;
        let large = self.cm_k(THRES_LARGE);
        let big = bld.build_or(
            bld.build_or(self.cm_isnan(x)?, self.cm_cmp(FloatPredicate::OGT, x, large)?, "")?,
            self.cm_cmp(FloatPredicate::OGT, ay, large)?,
            "",
        )?;
        // Large or NaN real part.
        let half = self.cm_k(0.5);
        let h = self.cm_f2("hypot", self.cm_mul(x, half)?, self.cm_mul(y, half)?)?;
        let quot = self.cm_div(self.cm_div(self.cm_div(x, four)?, h)?, h)?;
        let re_big = self.cm_sel(self.cm_isinf(x)?, zero, quot)?;
        let re_big = self.cm_sel(self.cm_isinf(y)?, self.cm_f2("copysign", zero, x)?, re_big)?;
        let im_big = self.cm_neg(self.cm_f2("copysign", self.cm_k(std::f64::consts::FRAC_PI_2), self.cm_neg(y)?)?)?;
        // z near 1.
        let near_one = bld.build_and(self.cm_cmp(FloatPredicate::OEQ, x, one)?, self.cm_cmp(FloatPredicate::OLT, ay, self.cm_k(THRES_SMALL))?, "")?;
        let ay0 = self.cm_cmp(FloatPredicate::OEQ, ay, zero)?;
        let ratio = self.cm_div(self.cm_f1("sqrt", ay)?, self.cm_f1("sqrt", self.cm_f2("hypot", ay, two)?)?)?;
        let re_one = self.cm_sel(ay0, self.cm_k(f64::INFINITY), self.cm_neg(self.cm_f1("log", ratio)?)?)?;
        let at = self.cm_div(self.cm_f2("atan2", two, self.cm_neg(ay)?)?, two)?;
        let im_one = self.cm_sel(ay0, y, self.cm_f2("copysign", at, y)?)?;
        // The general case.
        let sqay = self.cm_mul(ay, ay)?;
        let zr1 = self.cm_sub(one, x)?;
        let den = self.cm_add(self.cm_mul(zr1, zr1)?, sqay)?;
        let re_gen = self.cm_mul(self.cm_f1("log1p", self.cm_div(self.cm_mul(four, x)?, den)?)?, self.cm_k(0.25))?;
        let at = self.cm_f2("atan2", self.cm_mul(self.cm_k(-2.0), y)?, self.cm_sub(self.cm_mul(zr1, self.cm_add(one, x)?)?, sqay)?)?;
        let im_gen = self.cm_mul(self.cm_neg(at)?, half)?;
        let re = self.cm_sel(big, re_big, self.cm_sel(near_one, re_one, re_gen)?)?;
        let im = self.cm_sel(big, im_big, self.cm_sel(near_one, im_one, im_gen)?)?;
        let im = self.cm_sel(self.cm_isnan(y)?, self.cm_k(f64::NAN), im)?;
        let r = self.cm_csel(negate, self.cm_c(self.cm_neg(re)?, self.cm_neg(im)?)?, self.cm_c(re, im)?)?;
        self.cm_cast(r, z0.wide())
    }

    /// `cmath.rect(r, phi)`, with its cases for a non-finite angle and an infinite modulus.
    fn cm_rect(&self, r: F<'ctx>, phi: F<'ctx>) -> EResult<C<'ctx>> {
        let zero = self.cm_k(0.0);
        let (c, s) = (self.cm_f1("cos", phi)?, self.cm_f1("sin", phi)?);
        let r_inf = self.cm_isinf(r)?;
        let part = |t: F<'ctx>| -> EResult<F<'ctx>> {
            // 0 * inf would be NaN: keep the zero, with the sign of the division.
            let t0 = self.cm_cmp(FloatPredicate::OEQ, t, zero)?;
            let div = self.b.build_and(t0, r_inf, "")?;
            self.cm_sel(div, self.cm_div(t, r)?, self.cm_mul(t, r)?)
        };
        let general = self.cm_c(part(c)?, part(s)?)?;
        // phi not finite: rect(0, phi) is |r|, rect(inf, phi) is r + phi j.
        let r_zero = self.b.build_not(self.cm_truth(r)?, "")?;
        let zero_r = self.cm_c(self.cm_abs(r)?, self.cm_kn(0.0, r.wide))?;
        let inf_r = self.cm_c(r, phi)?;
        let odd = self.cm_csel(r_inf, inf_r, general)?;
        let odd = self.cm_csel(r_zero, zero_r, odd)?;
        self.cm_csel(self.cm_isfinite(phi)?, general, odd)
    }

    // ---- NumPy's loops (Numba's `npyfuncs`) ----

    /// `np.reciprocal`: Smith's division of 1 by `z`, no error for 0.
    fn cm_reciprocal(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (zr, zi) = (z.re, z.im);
        let w = z.wide();
        let (zero, one) = (self.cm_kn(0.0, w), self.cm_kn(1.0, w));
        let r_big = self.cm_cmp(FloatPredicate::OLE, self.cm_fabs_npy(zi)?, self.cm_fabs_npy(zr)?)?;
        let r = self.cm_div(zi, zr)?;
        let inv = self.cm_div(one, self.cm_add(zr, self.cm_mul(zi, r)?)?)?;
        let a = C { re: inv, im: self.cm_mul(self.cm_sub(zero, r)?, inv)? };
        let r = self.cm_div(zr, zi)?;
        let inv = self.cm_div(one, self.cm_add(self.cm_mul(zr, r)?, zi)?)?;
        let b = C { re: self.cm_mul(r, inv)?, im: self.cm_sub(zero, inv)? };
        self.cm_csel(r_big, a, b)
    }

    /// NumPy's `fabs` of the complex loops: `x < 0 ? 0 - x : x`.
    fn cm_fabs_npy(&self, x: F<'ctx>) -> EResult<F<'ctx>> {
        let zero = self.cm_kn(0.0, x.wide);
        let neg = self.cm_cmp(FloatPredicate::OLT, x, zero)?;
        self.cm_sel(neg, self.cm_sub(zero, x)?, x)
    }

    /// `np.tanh`: NumPy's `nc_tanh` as Numba writes it (no special cases).
    fn cm_np_tanh(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let (si, ci) = (self.cm_f1("sin", z.im)?, self.cm_f1("cos", z.im)?);
        let (shr, chr) = (self.cm_f1("sinh", z.re)?, self.cm_f1("cosh", z.re)?);
        let rs = self.cm_mul(ci, shr)?;
        let is = self.cm_mul(si, chr)?;
        let rc = self.cm_mul(ci, chr)?;
        let ic = self.cm_mul(si, shr)?;
        let d = self.cm_add(self.cm_mul(rc, rc)?, self.cm_mul(ic, ic)?)?;
        let inv = self.cm_div(self.cm_kn(1.0, z.wide()), d)?;
        let numr = self.cm_add(self.cm_mul(rs, rc)?, self.cm_mul(is, ic)?)?;
        let numi = self.cm_sub(self.cm_mul(is, rc)?, self.cm_mul(rs, ic)?)?;
        Ok(C { re: self.cm_mul(numr, inv)?, im: self.cm_mul(numi, inv)? })
    }

    /// `np.sign` (NumPy 2): `z / |z|`, `0` for `0`; the division is CPython's.
    fn cm_sign(&self, z: C<'ctx>) -> EResult<C<'ctx>> {
        let a = self.cm_f2("hypot", z.re, z.im)?;
        let w = z.wide();
        let zero = self.cm_kn(0.0, w);
        let is0 = self.cm_cmp(FloatPredicate::OEQ, a, zero)?;
        let q = self.cm_py_quot(z, C { re: a, im: zero })?;
        self.cm_csel(is0, C { re: zero, im: zero }, q)
    }

    /// CPython's complex division (`_Py_c_quot`) without the zero check.
    fn cm_py_quot(&self, a: C<'ctx>, b: C<'ctx>) -> EResult<C<'ctx>> {
        let (abr, abi) = (self.cm_abs(b.re)?, self.cm_abs(b.im)?);
        let real_big = self.cm_cmp(FloatPredicate::OGE, abr, abi)?;
        let imag_big = self.cm_cmp(FloatPredicate::OGE, abi, abr)?;
        let ratio = self.cm_div(b.im, b.re)?;
        let denom = self.cm_add(b.re, self.cm_mul(b.im, ratio)?)?;
        let r1 = C { re: self.cm_div(self.cm_add(a.re, self.cm_mul(a.im, ratio)?)?, denom)?, im: self.cm_div(self.cm_sub(a.im, self.cm_mul(a.re, ratio)?)?, denom)? };
        let ratio = self.cm_div(b.re, b.im)?;
        let denom = self.cm_add(self.cm_mul(b.re, ratio)?, b.im)?;
        let r2 = C { re: self.cm_div(self.cm_add(self.cm_mul(a.re, ratio)?, a.im)?, denom)?, im: self.cm_div(self.cm_sub(self.cm_mul(a.im, ratio)?, a.re)?, denom)? };
        let nan = self.cm_kn(f64::NAN, a.wide());
        let r = self.cm_csel(imag_big, r2, C { re: nan, im: nan })?;
        self.cm_csel(real_big, r1, r)
    }

    /// Complex `+`, `-`, `*` (CPython's product) of two values of one width.
    fn cm_cadd(&self, a: C<'ctx>, b: C<'ctx>) -> EResult<C<'ctx>> {
        Ok(C { re: self.cm_add(a.re, b.re)?, im: self.cm_add(a.im, b.im)? })
    }
    fn cm_csub(&self, a: C<'ctx>, b: C<'ctx>) -> EResult<C<'ctx>> {
        Ok(C { re: self.cm_sub(a.re, b.re)?, im: self.cm_sub(a.im, b.im)? })
    }
    fn cm_cmul(&self, a: C<'ctx>, b: C<'ctx>) -> EResult<C<'ctx>> {
        let re = self.cm_sub(self.cm_mul(a.re, b.re)?, self.cm_mul(a.im, b.im)?)?;
        let im = self.cm_add(self.cm_mul(a.re, b.im)?, self.cm_mul(a.im, b.re)?)?;
        Ok(C { re, im })
    }

    // ---- values with Numba's float widths ----

    /// A complex value's parts.
    fn cm_in(&self, v: BasicValueEnum<'ctx>) -> EResult<C<'ctx>> {
        let (re, im) = self.complex_parts(v)?;
        let wide = re.get_type() == self.ctx().f64_type();
        Ok(C { re: F { v: re, wide }, im: F { v: im, wide } })
    }

    /// The complex type of `z`.
    fn cm_ty(&self, z: &C<'ctx>) -> Ty {
        Ty::Scalar(if z.wide() { Scalar::C128 } else { Scalar::C64 })
    }

    /// The float type of `x`.
    fn cm_fty(&self, x: F<'ctx>) -> Ty {
        Ty::Scalar(if x.wide { Scalar::F64 } else { Scalar::F32 })
    }

    /// `z` as an LLVM complex value.
    fn cm_out(&self, z: C<'ctx>) -> EResult<BasicValueEnum<'ctx>> {
        let s = if z.wide() { Scalar::C128 } else { Scalar::C64 };
        self.make_complex(s, z.re.v.into(), z.im.v.into())
    }

    /// `x` converted to float64 when `wide` (exact), or rounded to float32 when not.
    fn cm_to(&self, x: F<'ctx>, wide: bool) -> EResult<F<'ctx>> {
        if x.wide == wide {
            return Ok(x);
        }
        let v = if wide {
            self.b.build_float_ext(x.v, self.ctx().f64_type(), "")?
        } else {
            self.b.build_float_trunc(x.v, self.ctx().f32_type(), "")?
        };
        Ok(F { v, wide })
    }

    /// `z` as a complex value of the given width (a function's declared result type).
    fn cm_cast(&self, z: C<'ctx>, wide: bool) -> EResult<C<'ctx>> {
        Ok(C { re: self.cm_to(z.re, wide)?, im: self.cm_to(z.im, wide)? })
    }

    /// `complex(a, b)`: complex64 when both are float32, else complex128.
    fn cm_c(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<C<'ctx>> {
        let w = a.wide || b.wide;
        Ok(C { re: self.cm_to(a, w)?, im: self.cm_to(b, w)? })
    }

    /// A Python float constant (float64).
    fn cm_k(&self, x: f64) -> F<'ctx> {
        F { v: self.ctx().f64_type().const_float(x), wide: true }
    }

    /// A constant of the part type (Numba's `context.get_constant(float_ty, x)`).
    fn cm_kn(&self, x: f64, wide: bool) -> F<'ctx> {
        let t = if wide { self.ctx().f64_type() } else { self.ctx().f32_type() };
        F { v: t.const_float(x), wide }
    }

    /// Both operands at their common width.
    fn cm_pair(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<(F<'ctx>, F<'ctx>)> {
        let w = a.wide || b.wide;
        Ok((self.cm_to(a, w)?, self.cm_to(b, w)?))
    }

    fn cm_add(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(F { v: self.b.build_float_add(a.v, b.v, "")?, wide: a.wide })
    }
    fn cm_sub(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(F { v: self.b.build_float_sub(a.v, b.v, "")?, wide: a.wide })
    }
    fn cm_mul(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(F { v: self.b.build_float_mul(a.v, b.v, "")?, wide: a.wide })
    }
    fn cm_div(&self, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(F { v: self.b.build_float_div(a.v, b.v, "")?, wide: a.wide })
    }
    fn cm_neg(&self, a: F<'ctx>) -> EResult<F<'ctx>> {
        Ok(F { v: self.b.build_float_neg(a.v, "")?, wide: a.wide })
    }
    fn cm_abs(&self, a: F<'ctx>) -> EResult<F<'ctx>> {
        Ok(F { v: self.float_unary_intrinsic("llvm.fabs", a.v)?, wide: a.wide })
    }

    /// `math.<name>(a)` at `a`'s width, lowered as `math.*` is (an LLVM intrinsic or libm).
    fn cm_f1(&self, name: &str, a: F<'ctx>) -> EResult<F<'ctx>> {
        let t = self.cm_fty(a);
        let v = self.math_call(&format!("math.{name}"), name, false, std::slice::from_ref(&t), &[a.v.into()], &t)?;
        Ok(F { v: self.as_float(v)?, wide: a.wide })
    }

    /// `math.atan2`, `math.hypot`, `math.copysign` at the common width.
    fn cm_f2(&self, name: &str, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        let v = match name {
            "copysign" => self.copysign(a.v, b.v)?,
            _ => self.libm_binary(name, a.v, b.v)?,
        };
        Ok(F { v, wide: a.wide })
    }

    fn cm_cmp(&self, pred: FloatPredicate, a: F<'ctx>, b: F<'ctx>) -> EResult<IntValue<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(self.b.build_float_compare(pred, a.v, b.v, "")?)
    }

    /// Python's truth value of a float: `x != 0`, NaN included.
    fn cm_truth(&self, a: F<'ctx>) -> EResult<IntValue<'ctx>> {
        Ok(self.b.build_float_compare(FloatPredicate::UNE, a.v, a.v.get_type().const_zero(), "")?)
    }
    fn cm_isnan(&self, a: F<'ctx>) -> EResult<IntValue<'ctx>> {
        Ok(self.b.build_float_compare(FloatPredicate::UNO, a.v, a.v, "")?)
    }
    fn cm_isinf(&self, a: F<'ctx>) -> EResult<IntValue<'ctx>> {
        let x = self.cm_abs(a)?;
        Ok(self.b.build_float_compare(FloatPredicate::OEQ, x.v, x.v.get_type().const_float(f64::INFINITY), "")?)
    }
    fn cm_isfinite(&self, a: F<'ctx>) -> EResult<IntValue<'ctx>> {
        let x = self.cm_abs(a)?;
        Ok(self.b.build_float_compare(FloatPredicate::OLT, x.v, x.v.get_type().const_float(f64::INFINITY), "")?)
    }

    /// `c ? a : b`; a variable assigned both widths is float64 (Numba's unification).
    fn cm_sel(&self, c: IntValue<'ctx>, a: F<'ctx>, b: F<'ctx>) -> EResult<F<'ctx>> {
        let (a, b) = self.cm_pair(a, b)?;
        Ok(F { v: self.b.build_select(c, a.v, b.v, "")?.into_float_value(), wide: a.wide })
    }
    fn cm_csel(&self, c: IntValue<'ctx>, a: C<'ctx>, b: C<'ctx>) -> EResult<C<'ctx>> {
        let w = a.wide() || b.wide();
        let (a, b) = (self.cm_cast(a, w)?, self.cm_cast(b, w)?);
        Ok(C { re: self.cm_sel(c, a.re, b.re)?, im: self.cm_sel(c, a.im, b.im)? })
    }
}
