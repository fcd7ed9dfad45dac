//! Typing rules ("templates") for operators and known functions, by family.
//!
//! Each rule maps argument types to a result type and to what code generation needs
//! (`Res`). Numba's rules are the spec:
//! - integer arithmetic promotes to at least 64 bits, signed if any operand is signed
//!   (`int32 + int32 -> int64`, `uint8 + uint8 -> uint64`, `int64 + uint64 -> int64`);
//! - true division of integers is float64; floats keep float32 only among float32 and small ints;
//! - variables that are assigned different numeric types unify (`int64` and `float64` give
//!   `float64`, `int64` and `uint64` give `float64`).
//!
//! The lowering of each rule lives in `oxjit_codegen::emit` under the same names.

use std::rc::Rc;

use crate::mir::{BinOp, CallTarget, CmpOp, UnOp};
use crate::types::{ArrayTy, Layout, Scalar, Ty};

/// Unifies the types of two assignments to one variable (Numba's `unify_pairs`).
pub fn unify(a: &Ty, b: &Ty) -> Option<Ty> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Ty::Scalar(x), Ty::Scalar(y)) => Some(Ty::Scalar(unify_scalar(*x, *y))),
        (Ty::Tuple(x), Ty::Tuple(y)) if x.len() == y.len() => {
            let mut out = Vec::with_capacity(x.len());
            for (p, q) in x.iter().zip(y.iter()) {
                out.push(unify(p, q)?);
            }
            Some(Ty::tuple(out))
        }
        (Ty::Array(x), Ty::Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim => Some(Ty::Array(ArrayTy {
            dtype: x.dtype,
            ndim: x.ndim,
            layout: if x.layout == y.layout { x.layout } else { Layout::A },
            readonly: x.readonly || y.readonly,
        })),
        _ => None,
    }
}

fn unify_scalar(x: Scalar, y: Scalar) -> Scalar {
    use Scalar::*;
    if x == y {
        return x;
    }
    if x.is_complex() || y.is_complex() {
        let small = |s: Scalar| s == C64 || s == F32 || s.bits() <= 16;
        return if small(x) && small(y) { C64 } else { C128 };
    }
    if x.is_float() || y.is_float() {
        let small = |s: Scalar| s == F32 || s == Bool || (s.is_int() && s.bits() <= 16);
        return if small(x) && small(y) { F32 } else { F64 };
    }
    // Both integers or bools.
    if x == Bool {
        return y;
    }
    if y == Bool {
        return x;
    }
    if x.is_signed() == y.is_signed() {
        return if x.bits() >= y.bits() { x } else { y };
    }
    let (s, u) = if x.is_signed() { (x, y) } else { (y, x) };
    if s.bits() > u.bits() {
        s
    } else if u.bits() < 64 {
        Scalar::int(u.bits() * 2, true)
    } else {
        F64
    }
}

/// Whether a value of type `from` can be converted to `to` where a declared type asks for it
/// (a signature's return type, an array element store): numbers to numbers except complex to
/// real, tuples element by element, arrays to the same dtype and ndim with a laxer layout.
pub fn can_convert(from: &Ty, to: &Ty) -> bool {
    if from == to {
        return true;
    }
    match (from, to) {
        (Ty::Scalar(f), Ty::Scalar(t)) => !f.is_complex() || t.is_complex(),
        (Ty::Tuple(f), Ty::Tuple(t)) => f.len() == t.len() && f.iter().zip(t.iter()).all(|(a, b)| can_convert(a, b)),
        (Ty::Array(f), Ty::Array(t)) => f.dtype == t.dtype && f.ndim == t.ndim && (t.layout == Layout::A || f.layout == t.layout) && (t.readonly || !f.readonly),
        _ => false,
    }
}

/// Numba's `choose_result_int`: at least 64 bits, signed if any input is signed.
fn result_int(xs: &[Scalar]) -> Scalar {
    let bits = xs.iter().map(|s| if *s == Scalar::Bool { 64 } else { s.bits() }).max().unwrap_or(64).max(64);
    let signed = xs.iter().any(|s| s.is_signed() || *s == Scalar::Bool);
    Scalar::int(bits, signed)
}

/// The type both operands of an arithmetic operator are converted to.
fn arith_ty(x: Scalar, y: Scalar) -> Scalar {
    if x.is_complex() || y.is_complex() || x.is_float() || y.is_float() {
        unify_scalar(x, y)
    } else {
        result_int(&[x, y])
    }
}

/// Typing of `a <op> b` on scalars: `(operand type, result type)`, or `None` if ill-typed.
pub fn binop(op: BinOp, a: &Ty, b: &Ty) -> Option<(Ty, Ty)> {
    let (x, y) = (a.scalar()?, b.scalar()?);
    let complex = x.is_complex() || y.is_complex();
    let float = x.is_float() || y.is_float();
    let t = match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul => arith_ty(x, y),
        BinOp::Div => {
            if complex || float {
                arith_ty(x, y)
            } else {
                Scalar::F64
            }
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if complex {
                return None;
            }
            arith_ty(x, y)
        }
        BinOp::Pow => {
            if complex || float {
                arith_ty(x, y)
            } else {
                result_int(&[x, y])
            }
        }
        BinOp::LShift | BinOp::RShift => {
            if complex || float {
                return None;
            }
            result_int(&[x])
        }
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
            if complex || float {
                return None;
            }
            if x == Scalar::Bool && y == Scalar::Bool {
                Scalar::Bool
            } else {
                result_int(&[x, y])
            }
        }
        BinOp::MatMul => return None,
    };
    Some((Ty::Scalar(t), Ty::Scalar(t)))
}

/// Typing of a unary operator: `(operand type, result type)`.
pub fn unop(op: UnOp, a: &Ty) -> Option<(Ty, Ty)> {
    let x = a.scalar()?;
    let t = match op {
        UnOp::Not => Scalar::Bool,
        UnOp::Neg | UnOp::Pos => {
            if x.is_int() || x == Scalar::Bool {
                result_int(&[x])
            } else {
                x
            }
        }
        UnOp::Invert => {
            if x.is_float() || x.is_complex() {
                return None;
            }
            if x == Scalar::Bool {
                Scalar::Bool // Numba: `~True` is `False`
            } else {
                result_int(&[x])
            }
        }
    };
    Some((Ty::Scalar(t), Ty::Scalar(t)))
}

/// Typing of a comparison on scalars: the operand type (the result is bool).
pub fn compare(op: CmpOp, a: &Ty, b: &Ty) -> Option<Ty> {
    let (x, y) = (a.scalar()?, b.scalar()?);
    match op {
        CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn => None,
        // Comparisons take two operands of one type; mixed operands meet at their common safe
        // type, so `uint64` vs `int64` compares as float64 (as in Numba).
        CmpOp::Eq | CmpOp::NotEq => Some(Ty::Scalar(unify_scalar(x, y))),
        _ => {
            if x.is_complex() || y.is_complex() {
                return None;
            }
            Some(Ty::Scalar(unify_scalar(x, y)))
        }
    }
}

/// What a call to a known function resolves to.
pub enum CallRule {
    /// An intrinsic with converted parameter types and a result type.
    Intrinsic(CallTarget, Ty),
    /// The arguments are wrong; the message says how.
    BadArgs(String),
    /// The function is not supported (yet).
    Unknown,
}

fn intrinsic(name: &str, params: Vec<Ty>, ret: Ty) -> CallRule {
    CallRule::Intrinsic(CallTarget::Intrinsic { name: Rc::from(name), params }, ret)
}

fn float_of(s: Scalar) -> Scalar {
    if s == Scalar::F32 {
        Scalar::F32
    } else {
        Scalar::F64
    }
}

const MATH_UNARY: &[&str] = &[
    "sqrt", "exp", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "fabs", "erf", "erfc", "gamma", "lgamma", "radians", "degrees",
];
const MATH_BINARY: &[&str] = &["atan2", "hypot", "copysign", "pow", "fmod"];

fn arity(name: &str, args: &[Ty], n: usize) -> Option<CallRule> {
    if args.len() != n {
        let short = name.rsplit('.').next().unwrap_or(name);
        Some(CallRule::BadArgs(format!("{short}() takes {n} argument{} ({} given)", if n == 1 { "" } else { "s" }, args.len())))
    } else {
        None
    }
}

fn real_arg(name: &str, t: &Ty) -> Result<Scalar, CallRule> {
    match t.scalar() {
        Some(s) if !s.is_complex() => Ok(s),
        _ => Err(CallRule::BadArgs(format!("{name}() takes real numbers, not {t}"))),
    }
}

/// Types a call to a known function by its qualified name. `args` are the positional
/// argument types (keyword arguments are rejected by the caller for these functions).
pub fn call(name: &str, args: &[Ty]) -> CallRule {
    let short = name.rsplit('.').next().unwrap_or(name);
    if let Some(m) = name.strip_prefix("math.") {
        if MATH_UNARY.contains(&m) {
            if let Some(r) = arity(name, args, 1) {
                return r;
            }
            let s = match real_arg(name, &args[0]) {
                Ok(s) => s,
                Err(e) => return e,
            };
            let f = Ty::Scalar(float_of(s));
            return intrinsic(name, vec![f.clone()], f);
        }
        if MATH_BINARY.contains(&m) {
            if let Some(r) = arity(name, args, 2) {
                return r;
            }
            let (a, b) = match (real_arg(name, &args[0]), real_arg(name, &args[1])) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(e), _) | (_, Err(e)) => return e,
            };
            let f = Ty::Scalar(if a == Scalar::F32 && b == Scalar::F32 { Scalar::F32 } else { Scalar::F64 });
            return intrinsic(name, vec![f.clone(), f.clone()], f);
        }
        return match m {
            "floor" | "ceil" | "trunc" => {
                if let Some(r) = arity(name, args, 1) {
                    return r;
                }
                match real_arg(name, &args[0]) {
                    Ok(s) if s.is_int() || s == Scalar::Bool => intrinsic("cast", vec![args[0].clone()], Ty::I64),
                    Ok(s) => intrinsic(name, vec![Ty::Scalar(s)], Ty::I64),
                    Err(e) => e,
                }
            }
            "isnan" | "isinf" | "isfinite" => {
                if let Some(r) = arity(name, args, 1) {
                    return r;
                }
                match real_arg(name, &args[0]) {
                    Ok(s) => intrinsic(name, vec![Ty::Scalar(s)], Ty::BOOL),
                    Err(e) => e,
                }
            }
            _ => CallRule::Unknown,
        };
    }
    match name {
        "builtins.abs" => {
            if let Some(r) = arity(name, args, 1) {
                return r;
            }
            match args[0].scalar() {
                Some(Scalar::Bool) => intrinsic(name, vec![Ty::I64], Ty::I64),
                Some(s) if s.is_complex() => intrinsic(name, vec![args[0].clone()], Ty::Scalar(s.complex_part())),
                Some(_) => intrinsic(name, vec![args[0].clone()], args[0].clone()),
                None => CallRule::BadArgs(format!("abs() takes a number, not {}", args[0])),
            }
        }
        "builtins.min" | "builtins.max" => {
            if args.is_empty() {
                return CallRule::BadArgs(format!("{short}() expected at least 1 argument, got 0"));
            }
            if args.len() == 1 {
                return match &args[0] {
                    Ty::Tuple(items) if !items.is_empty() && items.iter().all(Ty::is_number) => {
                        let mut t = items[0].clone();
                        for i in items.iter() {
                            t = unify(&t, i).unwrap_or(t);
                        }
                        intrinsic(name, vec![Ty::tuple(vec![t.clone(); items.len()])], t)
                    }
                    Ty::Array(_) => CallRule::BadArgs(format!("{short}() over an array is not supported yet (use a loop)")),
                    t => CallRule::BadArgs(format!("{short}() of a single {t} is not supported")),
                };
            }
            let mut t = match args[0].scalar() {
                Some(s) if !s.is_complex() => args[0].clone(),
                _ => return CallRule::BadArgs(format!("{short}() takes real numbers, not {}", args[0])),
            };
            for a in &args[1..] {
                match a.scalar() {
                    Some(s) if !s.is_complex() => t = unify(&t, a).expect("scalars unify"),
                    _ => return CallRule::BadArgs(format!("{short}() takes real numbers, not {a}")),
                }
            }
            intrinsic(name, vec![t.clone(); args.len()], t)
        }
        "builtins.len" | "oxjit.iter_len" => {
            if let Some(r) = arity("len", args, 1) {
                return r;
            }
            match &args[0] {
                Ty::Array(a) if a.ndim == 1 || name == "builtins.len" => intrinsic("builtins.len", vec![args[0].clone()], Ty::I64),
                Ty::Array(_) => CallRule::BadArgs("iterating over a multi-dimensional array is not supported yet".into()),
                Ty::Tuple(items) if name == "builtins.len" || items.iter().all(|t| *t == items[0]) => {
                    intrinsic("builtins.len", vec![args[0].clone()], Ty::I64)
                }
                Ty::Tuple(_) => CallRule::BadArgs("cannot iterate over a heterogeneous tuple".into()),
                t => CallRule::BadArgs(format!("`{t}` has no len()")),
            }
        }
        "oxjit.float_powi" => match (args[0].scalar(), args[1].scalar()) {
            (Some(f), Some(_)) => {
                let t = Ty::Scalar(arith_ty(f, Scalar::I64));
                intrinsic(name, vec![t.clone(), Ty::I64], t)
            }
            _ => CallRule::BadArgs("float_powi() of non-numbers".into()),
        },
        "oxjit.range_len" => intrinsic(name, vec![Ty::I64; 3], Ty::I64),
        "oxjit.range_bound" => match args[0].scalar() {
            Some(s) if s.is_int() || s == Scalar::Bool => intrinsic("cast", vec![args[0].clone()], Ty::I64),
            _ => CallRule::BadArgs(format!("range() arguments must be integers, not {}", args[0])),
        },
        "builtins.int" | "builtins.float" | "builtins.bool" | "builtins.complex" => {
            let target = match short {
                "int" => Ty::I64,
                "float" => Ty::F64,
                "bool" => Ty::BOOL,
                _ => Ty::C128,
            };
            match args.len() {
                0 => intrinsic("cast", vec![Ty::I64], target), // int() == 0 etc.: the caller passes the constant 0
                1 => match args[0].scalar() {
                    Some(s) if s.is_complex() && short != "complex" && short != "bool" => CallRule::BadArgs(format!("can't convert complex to {short}")),
                    Some(_) => intrinsic("cast", vec![args[0].clone()], target),
                    None => CallRule::BadArgs(format!("{short}() of {} is not supported", args[0])),
                },
                2 if short == "complex" => match (real_arg(name, &args[0]), real_arg(name, &args[1])) {
                    (Ok(_), Ok(_)) => intrinsic("builtins.complex", vec![Ty::F64, Ty::F64], Ty::C128),
                    (Err(e), _) | (_, Err(e)) => e,
                },
                n => CallRule::BadArgs(format!("{short}() takes at most 1 argument ({n} given)")),
            }
        }
        "builtins.round" => match args.len() {
            1 => match args[0].scalar() {
                Some(s) if s.is_float() => intrinsic(name, vec![args[0].clone()], Ty::I64),
                Some(s) if s.is_int() || s == Scalar::Bool => intrinsic("cast", vec![args[0].clone()], Ty::I64),
                _ => CallRule::BadArgs(format!("round() takes a real number, not {}", args[0])),
            },
            2 => match (args[0].scalar(), args[1].scalar()) {
                (Some(s), Some(n)) if s.is_float() && (n.is_int() || n == Scalar::Bool) => intrinsic(name, vec![args[0].clone(), Ty::I64], args[0].clone()),
                // Numba: round(int, ndigits) is computed on (and returns) a float64.
                (Some(s), Some(n)) if (s.is_int() || s == Scalar::Bool) && (n.is_int() || n == Scalar::Bool) => intrinsic(name, vec![Ty::F64, Ty::I64], Ty::F64),
                _ => CallRule::BadArgs(format!("round() takes a real number and an integer, not {} and {}", args[0], args[1])),
            },
            n => CallRule::BadArgs(format!("round() takes 1 or 2 arguments ({n} given)")),
        },
        _ => {
            if let Some(np) = name.strip_prefix("numpy.") {
                if let Some(s) = Scalar::from_name(np) {
                    if np.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && !matches!(np, "int" | "float" | "complex" | "bool") {
                        return match args.len() {
                            0 => intrinsic("cast", vec![Ty::I64], Ty::Scalar(s)),
                            1 if args[0].is_number() => intrinsic("cast", vec![args[0].clone()], Ty::Scalar(s)),
                            _ => CallRule::BadArgs(format!("numpy.{np}() takes one number")),
                        };
                    }
                }
            }
            CallRule::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Scalar::*;

    fn s(x: Scalar) -> Ty {
        Ty::Scalar(x)
    }

    #[test]
    fn numba_int_promotion() {
        assert_eq!(binop(BinOp::Add, &s(I32), &s(I32)).unwrap().1, s(I64));
        assert_eq!(binop(BinOp::Add, &s(U8), &s(U8)).unwrap().1, s(U64));
        assert_eq!(binop(BinOp::Add, &s(I64), &s(U64)).unwrap().1, s(I64));
        assert_eq!(binop(BinOp::Div, &s(I64), &s(I64)).unwrap().1, s(F64));
        assert_eq!(binop(BinOp::Add, &s(F32), &s(F32)).unwrap().1, s(F32));
        assert_eq!(binop(BinOp::Add, &s(F32), &s(I64)).unwrap().1, s(F64));
        assert_eq!(binop(BinOp::BitAnd, &s(Bool), &s(Bool)).unwrap().1, s(Bool));
        assert!(binop(BinOp::FloorDiv, &s(C128), &s(F64)).is_none());
    }

    #[test]
    fn unify_rules() {
        assert_eq!(unify(&s(I64), &s(F64)), Some(s(F64)));
        assert_eq!(unify(&s(I64), &s(U64)), Some(s(F64)));
        assert_eq!(unify(&s(I32), &s(I64)), Some(s(I64)));
        assert_eq!(unify(&s(Bool), &s(I64)), Some(s(I64)));
        assert_eq!(unify(&s(F64), &s(C128)), Some(s(C128)));
        assert_eq!(unify(&Ty::tuple(vec![s(I64)]), &s(I64)), None);
        let a = Ty::array(F64, 1, Layout::C);
        let b = Ty::array(F64, 1, Layout::A);
        assert_eq!(unify(&a, &b), Some(b.clone()));
    }
}
