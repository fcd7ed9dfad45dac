//! Typing of the `cmath` module, `np.angle`, and which NumPy ufuncs take complex numbers.
//!
//! Numba 0.68 is the spec, and it types the `cmath` functions in two families:
//!
//! ```text
//! exp log sqrt sin cos tan asin acos atan asinh atanh   any number, converted to complex
//!     (complex64 for complex64, float32, bool, int8, uint8, int16; else complex128),
//!     result of that type; log(z, base) converts both to one of the two
//! isnan isinf isfinite                                   any number -> bool
//! cosh sinh                                              complex only, same type back
//! tanh acosh log10                                       complex only -> complex128
//!     (their float64 constants widen the complex64 computation)
//! phase -> part, polar -> (part, part)                   complex only
//! rect(r, phi)                                           floats only; complex64 iff both float32
//! ```
//!
//! Every rule is an intrinsic `cmath.<name>` whose parameters are the converted argument
//! types; `oxjit_codegen::emit::complex_math` lowers them with Numba's algorithms.

use super::{arity, intrinsic, ufunc_result, CallRule};
use crate::types::{Scalar, Ty};

/// The complex type Numba converts a number to for `cmath.exp(x)` and the other functions
/// typed by a table of `(complex64,)` and `(complex128,)` signatures.
pub fn complex_for(s: Scalar) -> Scalar {
    use Scalar::*;
    match s {
        C64 | F32 | Bool | I8 | U8 | I16 => C64,
        _ => C128,
    }
}

/// The ufuncs Numba has complex loops for (besides the operators and `absolute`,
/// `isnan`, `isinf`, `isfinite`, which were supported before).
pub fn complex_ufunc(name: &str) -> bool {
    matches!(
        name,
        "exp" | "exp2" | "expm1" | "log" | "log2" | "log10" | "log1p" | "sqrt" | "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan" | "sinh"
            | "cosh" | "tanh" | "arcsinh" | "arccosh" | "arctanh" | "sign" | "rint"
    )
}

const CONVERTING: &[&str] = &["exp", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "asinh", "atanh"];
const PREDICATES: &[&str] = &["isnan", "isinf", "isfinite"];
const COMPLEX_ONLY: &[&str] = &["cosh", "sinh", "tanh", "acosh", "log10", "phase", "polar"];

/// Types `cmath.<m>(args)`.
pub fn call(m: &str, args: &[Ty]) -> CallRule {
    let name = format!("cmath.{m}");
    let number = |t: &Ty| t.scalar().filter(|_| t.is_number());
    if m == "log" && args.len() == 2 {
        return match (number(&args[0]), number(&args[1])) {
            (Some(a), Some(b)) => {
                let c = if complex_for(a) == Scalar::C64 && complex_for(b) == Scalar::C64 { Scalar::C64 } else { Scalar::C128 };
                intrinsic(&name, vec![Ty::Scalar(c); 2], Ty::Scalar(c))
            }
            _ => CallRule::BadArgs(format!("log() takes numbers, not {} and {}", args[0], args[1])),
        };
    }
    if CONVERTING.contains(&m) || PREDICATES.contains(&m) {
        if let Some(r) = arity(&name, args, 1) {
            return r;
        }
        let Some(s) = number(&args[0]) else {
            return CallRule::BadArgs(format!("{m}() takes a number, not {}", args[0]));
        };
        let c = Ty::Scalar(complex_for(s));
        let ret = if PREDICATES.contains(&m) { Ty::BOOL } else { c.clone() };
        return intrinsic(&name, vec![c], ret);
    }
    if COMPLEX_ONLY.contains(&m) {
        if let Some(r) = arity(&name, args, 1) {
            return r;
        }
        let s = match args[0].scalar() {
            Some(s) if s.is_complex() => s,
            _ => return CallRule::BadArgs(format!("cmath.{m}() takes a complex number, not {}", args[0])),
        };
        let part = Ty::Scalar(s.complex_part());
        let ret = match m {
            "cosh" | "sinh" => args[0].clone(),
            "phase" => part,
            "polar" => Ty::tuple(vec![part.clone(), part]),
            _ => Ty::C128,
        };
        return intrinsic(&name, vec![args[0].clone()], ret);
    }
    if m == "rect" {
        if let Some(r) = arity(&name, args, 2) {
            return r;
        }
        return match (args[0].scalar(), args[1].scalar()) {
            (Some(r), Some(p)) if r.is_float() && p.is_float() => {
                let c = if r == Scalar::F32 && p == Scalar::F32 { Scalar::C64 } else { Scalar::C128 };
                intrinsic(&name, args.to_vec(), Ty::Scalar(c))
            }
            _ => CallRule::BadArgs(format!("cmath.rect() takes two floats, not {} and {}", args[0], args[1])),
        };
    }
    CallRule::Unknown
}

/// Types `np.angle(z)` / `np.angle(z, deg)`: a number gives float64 (Numba returns the
/// float64 of both branches, `deg` or not); an array of complex or float numbers gives a new
/// array of the part type (`ufunc.angle` / `ufunc.angle_deg` over the element loop).
pub fn angle(args: &[Ty]) -> CallRule {
    if args.is_empty() || args.len() > 2 {
        return CallRule::BadArgs(format!("angle() takes 1 or 2 arguments ({} given)", args.len()));
    }
    let mut params = vec![args[0].clone()];
    if let Some(d) = args.get(1) {
        match d.scalar() {
            Some(Scalar::Bool) => params.push(Ty::BOOL),
            _ => return CallRule::BadArgs(format!("angle(): `deg` must be a boolean, not {d}")),
        }
    }
    let deg = if args.len() == 2 { "angle_deg" } else { "angle" };
    match &args[0] {
        Ty::Scalar(s) if *s != Scalar::Bool => intrinsic(&format!("numpy.{deg}"), params, Ty::F64),
        Ty::Array(a) if a.dtype.is_complex() || a.dtype.is_float() => {
            let part = if a.dtype.is_complex() { a.dtype.complex_part() } else { a.dtype };
            intrinsic(&format!("ufunc.{deg}"), params, ufunc_result(&args[..1], part))
        }
        t => CallRule::BadArgs(format!("angle() takes a complex number or an array of complex numbers, not {t}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Layout;
    use Scalar::*;

    fn ret(rule: CallRule) -> Option<Ty> {
        match rule {
            CallRule::Intrinsic(_, t) => Some(t),
            _ => None,
        }
    }

    #[test]
    fn cmath_result_types_follow_numba() {
        let s = Ty::Scalar;
        assert_eq!(ret(call("exp", &[s(C64)])), Some(s(C64)));
        assert_eq!(ret(call("exp", &[s(F32)])), Some(s(C64)), "float32 converts to complex64");
        assert_eq!(ret(call("sqrt", &[s(U16)])), Some(s(C128)), "uint16 does not fit complex64 safely");
        assert_eq!(ret(call("sqrt", &[s(Bool)])), Some(s(C64)));
        assert_eq!(ret(call("tanh", &[s(C64)])), Some(s(C128)), "float64 constants widen cmath.tanh");
        assert_eq!(ret(call("cosh", &[s(C64)])), Some(s(C64)));
        assert_eq!(ret(call("polar", &[s(C64)])), Some(Ty::tuple(vec![s(F32), s(F32)])));
        assert_eq!(ret(call("log", &[s(C64), s(F32)])), Some(s(C64)));
        assert_eq!(ret(call("log", &[s(C64), s(F64)])), Some(s(C128)));
        assert_eq!(ret(call("rect", &[s(F64), s(F32)])), Some(s(C128)));
        assert_eq!(ret(call("isnan", &[s(I64)])), Some(Ty::BOOL));
        assert!(matches!(call("cosh", &[s(F64)]), CallRule::BadArgs(_)), "cmath.cosh takes complex numbers only");
        assert!(matches!(call("rect", &[s(I64), s(F64)]), CallRule::BadArgs(_)));
        assert!(matches!(call("nope", &[s(C128)]), CallRule::Unknown));
    }

    #[test]
    fn angle_types() {
        let s = Ty::Scalar;
        assert_eq!(ret(angle(&[s(C64)])), Some(Ty::F64), "a scalar angle is float64, complex64 or not");
        assert_eq!(ret(angle(&[Ty::array(C64, 2, Layout::A), Ty::BOOL])), Some(Ty::array(F32, 2, Layout::C)));
        assert!(matches!(angle(&[Ty::array(I64, 1, Layout::C)]), CallRule::BadArgs(_)));
        assert!(matches!(angle(&[s(Bool)]), CallRule::BadArgs(_)));
    }
}
