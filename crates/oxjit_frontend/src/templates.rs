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

pub mod cmath;

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
        // Lists: an empty list takes the other's items; a literal's items widen (Numba's
        // refinement of list variables, see `lists.rs`).
        (Ty::List(x), Ty::List(y)) if x.typed == y.typed => {
            let elem = match (&x.elem, &y.elem) {
                (None, e) | (e, None) => e.clone(),
                // A typed list's element type is fixed once known (Numba's `ListType`).
                (Some(p), Some(q)) if x.typed => Some((p == q).then(|| p.clone())?),
                (Some(p), Some(q)) => Some(unify(p, q)?),
            };
            Some(Ty::List(std::sync::Arc::new(crate::types::ListTy { elem, reflected: x.reflected || y.reflected, typed: x.typed })))
        }
        // Dicts: an empty dict takes the other's types; defined ones must be equal.
        (Ty::Dict(x), Ty::Dict(y)) => {
            let pick = |p: &Option<Ty>, q: &Option<Ty>| -> Option<Option<Ty>> {
                match (p, q) {
                    (None, e) | (e, None) => Some(e.clone()),
                    (Some(a), Some(b)) => (a == b).then(|| Some(a.clone())),
                }
            };
            Some(Ty::dict(pick(&x.key, &y.key)?, pick(&x.value, &y.value)?))
        }
        // `d.get(k)` is a value or None.
        (Ty::Optional(x), Ty::Optional(y)) => Some(Ty::Optional(std::sync::Arc::new(unify(x, y)?))),
        (Ty::Optional(x), Ty::None) | (Ty::None, Ty::Optional(x)) => Some(Ty::Optional(x.clone())),
        (Ty::Optional(x), t) | (t, Ty::Optional(x)) => Some(Ty::Optional(std::sync::Arc::new(unify(x, t)?))),
        (Ty::Method(x), Ty::Method(y)) if x.1 == y.1 => Some(Ty::Method(std::sync::Arc::new((unify(&x.0, &y.0)?, x.1.clone())))),
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

/// One component of an array index after `...` is expanded.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexPart {
    /// An integer: the axis is dropped.
    Int,
    /// A slice (`true`: with a step) of one axis.
    Slice(bool),
    /// A whole axis (from `...`).
    Full,
    /// `None` / `np.newaxis`: a new axis of length 1.
    NewAxis,
    /// A 1-d integer or boolean array: fancy indexing (the result is a copy).
    Array(ArrayTy),
}

impl IndexPart {
    /// Whether the part consumes an axis of the indexed array.
    pub fn consumes(&self) -> bool {
        !matches!(self, IndexPart::NewAxis)
    }
}

/// The components of `a[idx...]` (a single tuple already flattened) with `...` expanded to
/// whole axes. `Err` says what is wrong with the index.
pub fn expand_index(ndim: u8, idx: &[Ty]) -> Result<Vec<IndexPart>, String> {
    let mut parts = Vec::with_capacity(idx.len());
    let mut ellipsis_at = None;
    for t in idx {
        parts.push(match t {
            Ty::Slice(step) => IndexPart::Slice(*step),
            Ty::None => IndexPart::NewAxis,
            Ty::Function(n) if &**n == "builtins.Ellipsis" => {
                if ellipsis_at.is_some() {
                    return Err("an index can only have a single ellipsis ('...')".into());
                }
                ellipsis_at = Some(parts.len());
                continue;
            }
            Ty::Array(a) if a.ndim == 1 && (a.dtype.is_int() || a.dtype == Scalar::Bool) => IndexPart::Array(a.clone()),
            Ty::Array(a) => return Err(format!("array indices must be 1-d arrays of integers or booleans, not {}", Ty::Array(a.clone()))),
            t if t.is_int() => IndexPart::Int,
            t => return Err(format!("array indices must be integers, slices, None, ... or arrays, not {t}")),
        });
    }
    let used = parts.iter().filter(|p| p.consumes()).count();
    if used > ndim as usize {
        return Err(format!("too many indices for a {ndim}-d array: {used} given"));
    }
    if let Some(at) = ellipsis_at {
        let fill = vec![IndexPart::Full; ndim as usize - used];
        parts.splice(at..at, fill);
    }
    if parts.iter().filter(|p| matches!(p, IndexPart::Array(_))).count() > 1 {
        return Err("only one advanced (array) index is supported".into());
    }
    Ok(parts)
}

/// The type of `a[idx...]`: an element when every axis gets an integer, a view for basic
/// indexing, a new array for an advanced (array) index. The layout of a view follows
/// Numba's rule: a C array stays C when the components, outermost first, are integers except
/// possibly an unstepped slice last (F: the same from the right, and only when every axis is
/// indexed); `None` axes make it A. `None` when the index is invalid (see [`expand_index`]).
pub fn array_index(a: &ArrayTy, idx: &[Ty]) -> Option<Ty> {
    let mut parts = expand_index(a.ndim, idx).ok()?;
    let ints = parts.iter().filter(|p| **p == IndexPart::Int).count();
    let newaxes = parts.iter().filter(|p| **p == IndexPart::NewAxis).count();
    if let Some(k) = parts.iter().position(|p| matches!(p, IndexPart::Array(_))) {
        // Advanced indexing: ints are advanced indices too; NumPy moves the result axis to
        // the front when the advanced indices are not next to each other (not supported).
        let adv: Vec<usize> = parts.iter().enumerate().filter(|(_, p)| matches!(p, IndexPart::Int | IndexPart::Array(_))).map(|(i, _)| i).collect();
        if adv.windows(2).any(|w| w[1] != w[0] + 1) || newaxes > 0 {
            return None;
        }
        let _ = k;
        let ndim = a.ndim as usize - ints - 1 + 1 + newaxes;
        return Some(Ty::Array(ArrayTy { dtype: a.dtype, ndim: ndim as u8, layout: Layout::C, readonly: false }));
    }
    if ints == a.ndim as usize && newaxes == 0 {
        return Some(Ty::Scalar(a.dtype));
    }
    // Whole axes at the end are the same as leaving them out.
    while parts.last() == Some(&IndexPart::Full) {
        parts.pop();
    }
    let as_slice = |p: &IndexPart| match p {
        IndexPart::Full => IndexPart::Slice(false),
        p => p.clone(),
    };
    let parts: Vec<IndexPart> = parts.iter().map(as_slice).collect();
    let keeps = |order: &mut dyn Iterator<Item = &IndexPart>| {
        let v: Vec<&IndexPart> = order.collect();
        v.iter().enumerate().all(|(k, p)| **p == IndexPart::Int || (k + 1 == v.len() && **p == IndexPart::Slice(false)))
    };
    let layout = match a.layout {
        _ if newaxes > 0 => Layout::A,
        Layout::C if keeps(&mut parts.iter()) => Layout::C,
        Layout::F if parts.len() == a.ndim as usize && keeps(&mut parts.iter().rev()) => Layout::F,
        _ => Layout::A,
    };
    Some(Ty::Array(ArrayTy { dtype: a.dtype, ndim: (a.ndim as usize - ints + newaxes) as u8, layout, readonly: a.readonly }))
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
    /// The function is known but not for these arguments (yet); the message says what.
    Unsupported(String),
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
    if let Some(m) = name.strip_prefix("cmath.") {
        return cmath::call(m, args);
    }
    if name == "numpy.angle" {
        return cmath::angle(args);
    }
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
                // Iterating over an n-d array yields its rows (views, `a[i]`).
                Ty::Array(a) if a.ndim >= 1 => intrinsic("builtins.len", vec![args[0].clone()], Ty::I64),
                Ty::Array(_) => CallRule::BadArgs("iteration over a 0-d array".into()),
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
        "oxjit.range_value" => intrinsic(name, vec![Ty::I64; 2], Ty::I64),
        "numpy.real" | "numpy.imag" => {
            if let Some(r) = arity(name, args, 1) {
                return r;
            }
            match &args[0] {
                Ty::Scalar(s) if s.is_complex() => intrinsic(name, vec![args[0].clone()], Ty::Scalar(s.complex_part())),
                Ty::Scalar(_) if args[0].is_number() => intrinsic(name, vec![args[0].clone()], args[0].clone()),
                // A view of the parts (NumPy's `a.real`; `a.imag` of real numbers is not a view).
                Ty::Array(a) if a.dtype.is_complex() => {
                    let mut v = a.clone();
                    v.dtype = a.dtype.complex_part();
                    v.layout = Layout::A;
                    intrinsic(name, vec![args[0].clone()], Ty::Array(v))
                }
                Ty::Array(_) if short == "real" => intrinsic(name, vec![args[0].clone()], args[0].clone()),
                t => CallRule::BadArgs(format!("numpy.{short}() of {t} is not supported")),
            }
        }
        "oxjit.get_num_threads" | "oxjit.get_thread_id" => match arity(name, args, 0) {
            Some(r) => r,
            None => intrinsic(name, vec![], Ty::I64),
        },
        "oxjit.set_num_threads" => {
            if let Some(r) = arity(name, args, 1) {
                return r;
            }
            match args[0].scalar() {
                Some(s) if s.is_int() => intrinsic(name, vec![Ty::I64], Ty::None),
                _ => CallRule::BadArgs(format!("set_num_threads() takes an integer, not {}", args[0])),
            }
        }
        "oxjit.slice" => {
            // Slice bounds: integers (converted to int64) or `None` for a missing part.
            let mut params = Vec::with_capacity(args.len());
            for a in args {
                match a {
                    Ty::None => params.push(Ty::None),
                    Ty::Scalar(s) if s.is_int() || *s == Scalar::Bool => params.push(Ty::I64),
                    t => return CallRule::BadArgs(format!("slice indices must be integers or None, not {t}")),
                }
            }
            intrinsic(name, params, Ty::Slice(args.len() == 3))
        }
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
            if let Some(r) = numpy_call(name, args) {
                return r;
            }
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


// ---------------------------------------------------------------------------------------
// NumPy: whole-array reductions and ufuncs on scalars
// ---------------------------------------------------------------------------------------

/// The reductions over a whole array, by NumPy function name (`np.amin` is `min`); each is
/// also an array method of the same name (except `count_nonzero`).
const REDUCTIONS: &[&str] = &["sum", "prod", "min", "max", "amin", "amax", "mean", "var", "std", "argmin", "argmax", "all", "any", "count_nonzero"];

/// Whether `numpy.<name>` / `a.<name>()` is a whole-array reduction this compiler knows.
pub fn is_reduction(name: &str) -> bool {
    REDUCTIONS.contains(&name)
}

/// Numba's accumulator type for sum/prod: bool and narrow ints widen to (u)int64.
fn accumulator(s: Scalar) -> Scalar {
    match s {
        Scalar::Bool => Scalar::I64,
        s if s.is_signed() => Scalar::I64,
        s if s.is_unsigned() => Scalar::U64,
        s => s,
    }
}

/// Typing of the reduction `name` over an array of type `a` (no `axis`): the intrinsic
/// `reduce.<name>` taking the array, with Numba's result dtypes.
pub fn reduction(name: &str, a: &ArrayTy) -> CallRule {
    let d = a.dtype;
    let op = match name {
        "amin" => "min",
        "amax" => "max",
        n => n,
    };
    let ret = match op {
        "sum" | "prod" => accumulator(d),
        "min" | "max" => d,
        "mean" if d.is_int() || d == Scalar::Bool => Scalar::F64,
        "mean" => d,
        "var" | "std" => Scalar::F64,
        "argmin" | "argmax" if d.is_complex() => return CallRule::BadArgs(format!("{op}() of an array of {} is not supported (complex numbers are not ordered)", d.name())),
        "argmin" | "argmax" | "count_nonzero" => Scalar::I64,
        "all" | "any" => Scalar::Bool,
        _ => return CallRule::Unknown,
    };
    intrinsic(&format!("reduce.{op}"), vec![Ty::Array(a.clone())], Ty::Scalar(ret))
}

/// A whole-array reduction called with `axis=None`: the `None` is passed and ignored.
pub fn with_none_axis(rule: CallRule) -> CallRule {
    match rule {
        CallRule::Intrinsic(CallTarget::Intrinsic { name, mut params }, ret) => {
            params.push(Ty::None);
            CallRule::Intrinsic(CallTarget::Intrinsic { name, params }, ret)
        }
        other => other,
    }
}

/// `np.<name>(a, axis)` / `a.<name>(axis=k)`: the reduction along one axis (`axis` known when
/// it runs, negative counting from the end). The result is an array of one dimension fewer
/// with the whole-array reduction's dtype, or that scalar for a 1-d array (Numba's rule).
pub fn reduction_axis(name: &str, a: &ArrayTy) -> CallRule {
    let op = match name {
        "amin" => "min",
        "amax" => "max",
        n => n,
    };
    if !matches!(op, "sum" | "prod" | "min" | "max" | "mean" | "argmin" | "argmax") {
        return CallRule::Unsupported(format!("{name}() with axis= is not supported yet"));
    }
    let ret = match reduction(op, a) {
        CallRule::Intrinsic(_, Ty::Scalar(r)) => r,
        other => return other,
    };
    let out = if a.ndim <= 1 { Ty::Scalar(ret) } else { Ty::array(ret, a.ndim - 1, Layout::C) };
    intrinsic(&format!("reduce_axis.{op}"), vec![Ty::Array(a.clone()), Ty::I64], out)
}

/// NumPy's loops of each supported ufunc, in `ufunc.types` order, as Numba sees them
/// (generated from NumPy 2.4 and Numba 0.68's `ufunc_db`): loops Numba has no implementation
/// for, or over types compiled code lacks (`g`: long double), are marked `!`; object loops
/// are dropped and float16 loops shown as float32, as Numba resolves them. Rows come from
/// `tools/gen_ufunc_loops.py <ufunc names>`.
const UFUNC_LOOPS: &[(&str, &[&str])] = &[
    ("sqrt", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("exp", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("log", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("log2", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("log10", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("log1p", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("expm1", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("sin", &["f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("cos", &["f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("tan", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arcsin", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arccos", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arctan", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arctan2", &["ff->f", "dd->d", "!gg->g"]),
    ("sinh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("cosh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("tanh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arcsinh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arccosh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("arctanh", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("hypot", &["ff->f", "dd->d", "!gg->g"]),
    ("absolute", &["?->?", "b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "d->d", "!g->g", "!m->m", "F->f", "D->d", "!G->g"]),
    ("fabs", &["f->f", "d->d", "!g->g"]),
    ("sign", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G", "!m->m"]),
    ("floor", &["?->?", "b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "d->d", "f->f", "d->d", "!g->g"]),
    ("ceil", &["?->?", "b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "d->d", "f->f", "d->d", "!g->g"]),
    ("trunc", &["?->?", "b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "d->d", "f->f", "d->d", "!g->g"]),
    ("rint", &["f->f", "d->d", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("power", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "dd->d", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G"]),
    ("minimum", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mm->m", "!MM->M"]),
    ("maximum", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mm->m", "!MM->M"]),
    ("fmin", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mm->m", "!MM->M"]),
    ("fmax", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mm->m", "!MM->M"]),
    ("isnan", &["?->?", "b->?", "B->?", "h->?", "H->?", "i->?", "I->?", "l->?", "L->?", "q->?", "Q->?", "f->?", "d->?", "!g->?", "F->?", "D->?", "!G->?", "!m->?", "!M->?"]),
    ("isinf", &["?->?", "b->?", "B->?", "h->?", "H->?", "i->?", "I->?", "l->?", "L->?", "q->?", "Q->?", "f->?", "d->?", "!g->?", "F->?", "D->?", "!G->?", "!m->?", "!M->?"]),
    ("isfinite", &["?->?", "b->?", "B->?", "h->?", "H->?", "i->?", "I->?", "l->?", "L->?", "q->?", "Q->?", "f->?", "d->?", "!g->?", "F->?", "D->?", "!G->?", "!m->?", "!M->?"]),
    ("deg2rad", &["f->f", "d->d", "!g->g"]),
    ("rad2deg", &["f->f", "d->d", "!g->g"]),
    ("copysign", &["ff->f", "dd->d", "!gg->g"]),    ("add", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!Mm->M", "!mm->m", "!mM->M"]),
    ("subtract", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!Mm->M", "!mm->m", "!MM->m"]),
    ("multiply", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mq->m", "!qm->m", "!md->m", "!dm->m"]),
    ("true_divide", &["ff->f", "ff->f", "dd->d", "!gg->g", "FF->F", "DD->D", "!GG->G", "!mq->m", "!md->m", "!mm->d"]),
    ("floor_divide", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g", "!mq->m", "!md->m", "!mm->q"]),
    ("remainder", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g", "!mm->m"]),
    ("fmod", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q", "ff->f", "ff->f", "dd->d", "!gg->g"]),
    ("left_shift", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q"]),
    ("right_shift", &["bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q"]),
    ("bitwise_and", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q"]),
    ("bitwise_or", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q"]),
    ("bitwise_xor", &["??->?", "bb->b", "BB->B", "hh->h", "HH->H", "ii->i", "II->I", "ll->l", "LL->L", "qq->q", "QQ->Q"]),
    ("invert", &["?->?", "b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q"]),
    ("equal", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("not_equal", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("less", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("less_equal", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("greater", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("greater_equal", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "qQ->?", "Qq->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?", "!MM->?", "!mm->?"]),
    ("negative", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "f->f", "d->d", "!g->g", "!m->m", "F->F", "D->D", "!G->G"]),
    ("positive", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "f->f", "d->d", "!g->g", "!m->m", "F->F", "D->D", "!G->G"]),
    ("square", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("reciprocal", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("cbrt", &["f->f", "f->f", "d->d", "f->f", "f->f", "d->d", "!g->g"]),
    ("exp2", &["f->f", "f->f", "d->d", "f->f", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
    ("logical_and", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?"]),
    ("logical_or", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?"]),
    ("logical_xor", &["??->?", "bb->?", "BB->?", "hh->?", "HH->?", "ii->?", "II->?", "ll->?", "LL->?", "qq->?", "QQ->?", "ff->?", "ff->?", "dd->?", "!gg->?", "FF->?", "DD->?", "!GG->?"]),
    ("logical_not", &["?->?", "b->?", "B->?", "h->?", "H->?", "i->?", "I->?", "l->?", "L->?", "q->?", "Q->?", "f->?", "f->?", "d->?", "!g->?", "F->?", "D->?", "!G->?"]),
    // Not ufuncs: `np.angle(z)` and `np.angle(z, deg)` over arrays run in the ufunc engine.
    ("angle", &["f->f", "d->d", "F->f", "D->d"]),
    ("angle_deg", &["f?->f", "d?->d", "F?->f", "D?->d"]),
    ("conjugate", &["b->b", "B->B", "h->h", "H->H", "i->i", "I->I", "l->l", "L->L", "q->q", "Q->Q", "f->f", "f->f", "d->d", "!g->g", "F->F", "D->D", "!G->G"]),
];

/// The scalar type of a ufunc loop letter.
fn loop_letter(c: char) -> Option<Scalar> {
    Some(match c {
        '?' => Scalar::Bool,
        'b' => Scalar::I8,
        'B' => Scalar::U8,
        'h' => Scalar::I16,
        'H' => Scalar::U16,
        'i' => Scalar::I32,
        'I' => Scalar::U32,
        'l' | 'q' => Scalar::I64,
        'L' | 'Q' => Scalar::U64,
        'f' => Scalar::F32,
        'd' => Scalar::F64,
        'F' => Scalar::C64,
        'D' => Scalar::C128,
        _ => return None,
    })
}

/// NumPy's `promote_types(a, b)`: the smallest type both cast to safely.
pub fn promote_types(a: Scalar, b: Scalar) -> Scalar {
    use Scalar::*;
    if can_cast_safe(a, b) {
        return b;
    }
    if can_cast_safe(b, a) {
        return a;
    }
    [I16, I32, I64, F32, F64, C64, C128].into_iter().find(|t| can_cast_safe(a, *t) && can_cast_safe(b, *t)).unwrap_or(F64)
}

/// NumPy's `can_cast(from, to, "same_kind")`: safe casts, or casts within a kind (float64 →
/// float32, int64 → int8); never float → int, complex → float, or number → bool.
pub fn can_cast_same_kind(from: Scalar, to: Scalar) -> bool {
    let kind = |s: Scalar| match s {
        Scalar::Bool => 0,
        s if s.is_int() => 1,
        s if s.is_float() => 2,
        _ => 3,
    };
    can_cast_safe(from, to) || kind(from) >= 1 && kind(from) <= kind(to)
}

/// NumPy's `can_cast(from, to, "safe")` on the scalars compiled code has.
fn can_cast_safe(from: Scalar, to: Scalar) -> bool {
    use Scalar::*;
    if from == to || from == Bool {
        return true;
    }
    let float_bits = |s: Scalar| match s {
        F32 | C64 => 24,
        F64 | C128 => 53,
        _ => 0,
    };
    match (from.is_int(), to) {
        (_, Bool) => false,
        (true, t) if t.is_int() => {
            if from.is_signed() == t.is_signed() {
                t.bits() >= from.bits()
            } else {
                from.is_unsigned() && t.bits() > from.bits()
            }
        }
        // An integer fits a float whose mantissa holds it (int16 -> float32, int32 -> float64).
        (true, t) => from.bits() <= 16 || float_bits(t) == 53,
        (false, t) if t.is_int() => false,
        (false, t) => match from {
            F32 => true,
            F64 => matches!(t, F64 | C128),
            C64 => t.is_complex(),
            _ => t == C128,
        },
    }
}

/// Numba's `ufunc_can_cast`: with mixed int/float inputs, any integer casts to any float.
fn ufunc_can_cast(from: Scalar, to: Scalar, mixed: bool) -> bool {
    if mixed && from.is_int() && (to.is_float() || to.is_complex()) {
        return true;
    }
    can_cast_safe(from, to)
}

/// NumPy's other spellings of ufunc names.
pub fn ufunc_canonical(name: &str) -> &str {
    match name {
        "abs" => "absolute",
        "mod" => "remainder",
        "divide" => "true_divide",
        "conj" => "conjugate",
        other => other,
    }
}

/// The ufunc an operator on arrays stands for (`a + b` is `np.add(a, b)`).
///
/// Numba evaluates operators in array expressions with the scalar operator's semantics and
/// typing, so the names are the ufunc's with a `py_` prefix (same loops, see [`ufunc_loop`]):
/// for `//` and `%` on floats the scalar semantics differ from the ufuncs in the sign of zero
/// and at infinities, and in a fused expression every operator's intermediate value has the
/// scalar operator's type (`int32 * int32` is int64, `float32 * 0.5` float64) where an
/// explicit `np.multiply` call has its loop's (int32, float32).
pub fn binop_ufunc(op: BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Add => "py_add",
        BinOp::Sub => "py_subtract",
        BinOp::Mul => "py_multiply",
        BinOp::Div => "py_true_divide",
        BinOp::FloorDiv => "py_floor_divide",
        BinOp::Mod => "py_remainder",
        BinOp::Pow => "py_power",
        BinOp::LShift => "py_left_shift",
        BinOp::RShift => "py_right_shift",
        BinOp::BitAnd => "py_bitwise_and",
        BinOp::BitOr => "py_bitwise_or",
        BinOp::BitXor => "py_bitwise_xor",
        BinOp::MatMul => return None,
    })
}

/// The ufunc an augmented assignment to an array runs in place (`a += b` is
/// `np.add(a, b, out=a)`): the ufunc's own semantics, except `//=` and `%=`, which keep the
/// operators' (as before the operators got their own names in [`binop_ufunc`]).
pub fn inplace_ufunc(op: BinOp) -> Option<&'static str> {
    let uf = binop_ufunc(op)?;
    Some(match op {
        BinOp::FloorDiv | BinOp::Mod => uf,
        _ => uf.strip_prefix("py_").unwrap_or(uf),
    })
}

/// The operator a binary ufunc is (`add` and `py_add` are `+`), the inverse of
/// [`binop_ufunc`].
pub fn ufunc_binop(ufunc: &str) -> Option<BinOp> {
    let base = |u: &'static str| u.strip_prefix("py_").unwrap_or(u);
    let ufunc = ufunc.strip_prefix("py_").unwrap_or(ufunc);
    [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
    ]
    .into_iter()
    .find(|op| binop_ufunc(*op).map(base) == Some(ufunc))
}

/// The ufunc a comparison of arrays stands for.
pub fn cmp_ufunc(op: CmpOp) -> Option<&'static str> {
    Some(match op {
        CmpOp::Eq => "equal",
        CmpOp::NotEq => "not_equal",
        CmpOp::Lt => "less",
        CmpOp::LtE => "less_equal",
        CmpOp::Gt => "greater",
        CmpOp::GtE => "greater_equal",
        _ => return None,
    })
}

/// The comparison a comparison ufunc is (`less` is `<`), the inverse of [`cmp_ufunc`].
pub fn cmp_ufunc_op(ufunc: &str) -> Option<CmpOp> {
    [CmpOp::Eq, CmpOp::NotEq, CmpOp::Lt, CmpOp::LtE, CmpOp::Gt, CmpOp::GtE].into_iter().find(|op| cmp_ufunc(*op) == Some(ufunc))
}

/// The ufunc a unary operator on an array stands for.
pub fn unop_ufunc(op: UnOp) -> Option<&'static str> {
    Some(match op {
        UnOp::Neg => "negative",
        UnOp::Pos => "positive",
        UnOp::Invert => "invert",
        UnOp::Not => return None,
    })
}

/// The loop Numba picks for ufunc `name` (canonical) on inputs of these scalar types: the
/// first loop in NumPy's order every input casts to. `Err` says why there is none.
pub fn ufunc_loop(name: &str, ins: &[Scalar]) -> Result<(Vec<Scalar>, Scalar), String> {
    let table = name.strip_prefix("py_").unwrap_or(name);
    // An operator's loops are its ufunc's; messages name the operator.
    let shown = match (name.starts_with("py_"), ufunc_binop(name)) {
        (true, Some(op)) => format!("`{}`", op.symbol()),
        _ => format!("numpy.{name}()"),
    };
    let Some((_, loops)) = UFUNC_LOOPS.iter().find(|(n, _)| *n == table) else {
        return Err(format!("numpy.{name} is not supported"));
    };
    let what = || ins.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
    let mixed = ins.iter().any(|s| s.is_int()) && ins.iter().any(|s| s.is_float() || s.is_complex());
    for l in loops.iter() {
        let (unsupported, l) = match l.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, *l),
        };
        let Some((li, lo)) = l.split_once("->") else { continue };
        let Some(lin) = li.chars().map(loop_letter).collect::<Option<Vec<Scalar>>>() else { continue };
        if !ufunc_loop_viable(&lin, ins, mixed) {
            continue;
        }
        let out = lo.chars().next().and_then(loop_letter);
        let (false, Some(out)) = (unsupported, out) else {
            return Err(format!("{shown} of {} is not supported", what()));
        };
        let params = lin;
        // Numba has no ordering of complex numbers.
        let ordered = matches!(table, "less" | "less_equal" | "greater" | "greater_equal" | "maximum" | "minimum" | "fmax" | "fmin" | "floor_divide" | "remainder" | "fmod");
        if ordered && params.iter().any(|s| s.is_complex()) {
            return Err(format!("{shown} of complex numbers is not supported"));
        }
        return Ok((params, out));
    }
    Err(format!("{shown} is not defined for {}", what()))
}

/// Whether a loop taking `lin` accepts inputs of types `ins` (`mixed`: int and float inputs
/// together, where Numba lets any integer cast to any float).
fn ufunc_loop_viable(lin: &[Scalar], ins: &[Scalar], mixed: bool) -> bool {
    lin.len() == ins.len() && lin.iter().zip(ins).all(|(t, s)| ufunc_can_cast(*s, *t, mixed))
}

/// The loop NumPy (and Numba, for its ufuncs called from compiled code) picks among `loops`
/// (each `(input types, output type)`, in registration order) for inputs of types `ins`: the
/// first one every input casts to safely (any integer to a float when ints and floats are
/// mixed) whose output casts to `out` (an explicit output array's dtype) under `same_kind`.
pub fn ufunc_select_loop(loops: &[(Vec<Scalar>, Scalar)], ins: &[Scalar], out: Option<Scalar>) -> Option<usize> {
    let mixed = ins.iter().any(|s| s.is_int()) && ins.iter().any(|s| s.is_float() || s.is_complex());
    loops.iter().position(|(lin, lout)| ufunc_loop_viable(lin, ins, mixed) && out.is_none_or(|o| can_cast_same_kind(*lout, o)))
}

/// The new array an elementwise call on `args` (numbers and arrays, at least one array)
/// gives, of dtype `out`: the largest ndim, F-ordered when every array input is F (and 2-d or
/// more), else C, as Numba lays out ufunc results.
pub fn ufunc_result(args: &[Ty], out: Scalar) -> Ty {
    let nd = args.iter().filter_map(Ty::as_array).map(|a| a.ndim).max().unwrap_or(0);
    let all_f = nd > 1 && args.iter().filter_map(Ty::as_array).all(|a| a.layout == Layout::F);
    Ty::array(out, nd, if all_f { Layout::F } else { Layout::C })
}

/// Typing of `numpy.<ufunc>(args...)`: on scalars the intrinsic `numpy.<ufunc>` with the
/// loop's input types as parameters and its output type as the result; with an array among
/// the inputs `ufunc.<ufunc>` over the arguments as they are, giving a new C array of the
/// loop's output type with the largest ndim (broadcasting is checked when it runs).
pub fn ufunc_scalar(name: &str, args: &[Ty]) -> Option<CallRule> {
    let canonical = ufunc_canonical(name);
    let table = canonical.strip_prefix("py_").unwrap_or(canonical);
    let (_, loops) = UFUNC_LOOPS.iter().find(|(n, _)| *n == table)?;
    let nin = loops.first().map(|l| l.trim_start_matches('!').split("->").next().unwrap_or("").len()).unwrap_or(1);
    // `np.sqrt(a, out)`: the result goes into `out`, which is also the value.
    if args.len() == nin + 1 {
        if let Some(Ty::Array(out)) = args.last() {
            let ins: Option<Vec<Scalar>> = args[..nin].iter().map(|a| a.as_array().map(|x| x.dtype).or_else(|| a.scalar())).collect();
            let Some(ins) = ins else {
                return Some(CallRule::BadArgs(format!("{name}() takes numbers or arrays")));
            };
            if args[..nin].iter().any(|a| a.as_array().is_some_and(|x| x.ndim > out.ndim)) {
                return Some(CallRule::BadArgs(format!("{name}(): an input has more dimensions than `out`")));
            }
            return Some(match ufunc_loop(canonical, &ins) {
                Ok((_, res)) if can_cast_same_kind(res, out.dtype) => {
                    intrinsic(&format!("ufunc_out.{canonical}"), args.to_vec(), Ty::Array(out.clone()))
                }
                Ok((_, res)) => CallRule::BadArgs(format!("{name}(): cannot store the {} result in `out` of {} (same_kind casting)", res.name(), out.dtype.name())),
                Err(msg) => CallRule::BadArgs(msg),
            });
        }
    }
    if args.len() != nin {
        return Some(CallRule::BadArgs(format!("{name}() takes {nin} argument{} ({} given)", if nin == 1 { "" } else { "s" }, args.len())));
    }
    let mut ins = Vec::with_capacity(nin);
    let mut ndim: Option<u8> = None;
    for a in args {
        match a {
            Ty::Scalar(s) => ins.push(*s),
            Ty::Array(arr) => {
                ins.push(arr.dtype);
                ndim = Some(ndim.unwrap_or(0).max(arr.ndim));
            }
            t => {
                let msg = match (canonical.starts_with("py_"), ufunc_binop(canonical)) {
                    (true, Some(op)) => format!("unsupported operand types for `{}`: {}", op.symbol(), args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" and ")),
                    _ => format!("{name}() takes numbers or arrays, not {t}"),
                };
                return Some(CallRule::BadArgs(msg));
            }
        }
    }
    let (params, out) = match ufunc_loop(canonical, &ins) {
        Ok(l) => l,
        Err(msg) if msg.contains("not supported") => return Some(CallRule::Unsupported(msg)),
        Err(msg) => return Some(CallRule::BadArgs(msg)),
    };
    let complex_ok = matches!(canonical, "absolute" | "isnan" | "isinf" | "isfinite") || is_operator_ufunc(canonical) || cmath::complex_ufunc(canonical);
    if params.iter().any(|s| s.is_complex()) && !complex_ok {
        return Some(CallRule::Unsupported(format!("numpy.{name}() of complex numbers is not supported yet")));
    }
    if ndim.is_some() {
        let ps: Vec<Ty> = args.iter().zip(&params).map(|(a, l)| if a.as_array().is_some() { a.clone() } else { Ty::Scalar(*l) }).collect();
        return Some(intrinsic(&format!("ufunc.{canonical}"), ps, ufunc_result(args, out)));
    }
    Some(intrinsic(&format!("numpy.{canonical}"), params.into_iter().map(Ty::Scalar).collect(), Ty::Scalar(out)))
}

/// The ufuncs that are Python operators (lowered by the operator code, not by `math`).
pub fn is_operator_ufunc(name: &str) -> bool {
    matches!(
        name.strip_prefix("py_").unwrap_or(name),
        "add" | "subtract" | "multiply" | "true_divide" | "floor_divide" | "remainder" | "py_floor_divide" | "py_remainder" | "power" | "left_shift" | "right_shift"
            | "bitwise_and" | "bitwise_or" | "bitwise_xor" | "invert" | "equal" | "not_equal" | "less" | "less_equal" | "greater"
            | "greater_equal" | "negative" | "positive" | "logical_and" | "logical_or" | "logical_xor" | "logical_not" | "square"
            | "reciprocal" | "conjugate"
    )
}

/// `numpy.<name>(args)` for the reductions and scalar ufuncs above; `None` when `name` is
/// neither.
fn numpy_call(name: &str, args: &[Ty]) -> Option<CallRule> {
    let np = name.strip_prefix("numpy.")?;
    if is_reduction(np) {
        return Some(match args {
            [Ty::Array(a)] => reduction(np, a),
            [_] => CallRule::Unsupported(format!("numpy.{np}() of a scalar is not supported yet")),
            [Ty::Array(a), Ty::None] => with_none_axis(reduction(np, a)),
            [Ty::Array(a), t] if t.is_int() => reduction_axis(np, a),
            [Ty::Array(_), t] => CallRule::BadArgs(format!("axis must be an integer, not {t}")),
            _ => CallRule::BadArgs(format!("{np}() takes one array")),
        });
    }
    ufunc_scalar(np, args)
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
    fn ufunc_loop_selection_is_numpy_s_linear_search() {
        let loops = vec![(vec![F64], F64), (vec![I64], I64), (vec![C128], C128)];
        assert_eq!(ufunc_select_loop(&loops, &[F32], None), Some(0));
        assert_eq!(ufunc_select_loop(&loops, &[I64], None), Some(0), "int64 casts safely to float64, which comes first");
        assert_eq!(ufunc_select_loop(&loops, &[C64], None), Some(2));
        assert_eq!(ufunc_select_loop(&loops[1..2], &[U64], None), None, "uint64 does not cast safely to int64");
        let two = vec![(vec![I64, I64], I64), (vec![F32, F32], F32)];
        assert_eq!(ufunc_select_loop(&two, &[I64, F32], None), Some(1), "mixed int/float inputs: any int casts to a float");
        assert_eq!(ufunc_select_loop(&two, &[I32, I8], Some(I8)), Some(0), "same_kind into the output");
        assert_eq!(ufunc_select_loop(&two, &[F32, F32], Some(I64)), None, "float32 results do not cast to an int output");
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
