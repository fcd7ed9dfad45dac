//! NumPy array construction and array methods: typing rules (Numba's, checked against 0.68).
//!
//! In: the called name (`numpy.zeros`, or a method of an array type) and its arguments, each a
//! type plus the constant when the operand is one (dtype strings). Out: a [`CallRule`] naming
//! the intrinsic codegen lowers. Naming convention of those intrinsics:
//!
//! ```text
//! alloc.<what>   returns a freshly allocated array (one reference, owned by the caller)
//! view.<what>    returns a view of its array argument (same MemInfo)
//! array.<what>   anything else (`a.fill(v)` returns None)
//! ```
//!
//! Result layouts follow Numba: constructors give C arrays; `empty_like`/`full_like`/`np.copy`/
//! `astype` keep C or F and give C for A; `a.copy()`, `ravel`, `flatten` give C; `a.T` swaps
//! C and F; `reshape` needs a C array (Numba refuses A and F at compile time).

use std::rc::Rc;

use crate::mir::{CallTarget, Const};
use crate::templates::CallRule;
use crate::types::{ArrayTy, Layout, Scalar, Ty};

/// One argument as typing sees it: its type, and its value when it is a constant.
pub struct Arg<'a> {
    pub ty: &'a Ty,
    pub konst: Option<&'a Const>,
}

fn rule(name: &str, params: Vec<Ty>, ret: Ty) -> CallRule {
    CallRule::Intrinsic(CallTarget::Intrinsic { name: Rc::from(name), params }, ret)
}

fn bad(msg: impl Into<String>) -> CallRule {
    CallRule::BadArgs(msg.into())
}

/// The positional parameters of the NumPy functions typed here, for placing keyword
/// arguments; `None` for functions this module does not type.
pub fn params_of(np: &str) -> Option<&'static [&'static str]> {
    Some(match np {
        "empty" | "zeros" | "ones" => &["shape", "dtype"],
        "full" => &["shape", "fill_value", "dtype"],
        "empty_like" | "zeros_like" | "ones_like" => &["a", "dtype"],
        "full_like" => &["a", "fill_value", "dtype"],
        "arange" => &["start", "stop", "step", "dtype"],
        "linspace" => &["start", "stop", "num"],
        "eye" => &["N", "M", "k", "dtype"],
        "identity" => &["n", "dtype"],
        "copy" | "ravel" | "transpose" | "ascontiguousarray" | "asfortranarray" => &["a"],
        "reshape" => &["a", "newshape"],
        "array" | "asarray" => &["object", "dtype"],
        "where" => &["condition", "x", "y"],
        "clip" => &["a", "a_min", "a_max"],
        "dtype" => &["dtype"],
        _ => return None,
    })
}

/// The dtype an argument names: `np.float32`, `float`, `"f8"`, `a.dtype`. `Ok(None)` for a
/// missing or `None` dtype (the function's default).
pub fn dtype_arg(a: Option<&Arg>) -> Result<Option<Scalar>, String> {
    let Some(a) = a else { return Ok(None) };
    match (a.ty, a.konst) {
        (Ty::None, _) => Ok(None),
        (Ty::DType(s), _) => Ok(Some(*s)),
        // A Numba type object (`numba.int32`, `types.float64`) names its dtype too.
        (Ty::TypeRef(t), _) if t.scalar().is_some() && matches!(**t, Ty::Scalar(_)) => Ok(t.scalar()),
        (Ty::Function(name), _) => {
            let s = match name.strip_prefix("numpy.").or_else(|| name.strip_prefix("builtins.")) {
                // Numba accepts the builtin `float` and `complex` as dtypes, not `int` or `bool`.
                Some("float") if name.starts_with("builtins.") => Some(Scalar::F64),
                Some("complex") if name.starts_with("builtins.") => Some(Scalar::C128),
                Some(short) if name.starts_with("numpy.") => Scalar::from_name(short),
                _ => None,
            };
            s.map(Some).ok_or_else(|| format!("`{name}` is not a dtype Numba-compatible code accepts"))
        }
        (Ty::Str, Some(Const::Str(text))) => match Scalar::from_name(text) {
            Some(s) => Ok(Some(s)),
            None => Err(format!("unknown dtype string {text:?}")),
        },
        (t, _) => Err(format!("dtype must be a NumPy type, a dtype string or `a.dtype`, not {t}")),
    }
}

/// A shape argument: an integer (1-d) or a tuple of integers. Returns the ndim and the type
/// the argument converts to (`int64` or `UniTuple(int64 x n)`).
fn shape_arg(t: &Ty) -> Result<(u8, Ty), String> {
    match t {
        Ty::Scalar(s) if s.is_int() => Ok((1, Ty::I64)),
        Ty::Tuple(items) if items.iter().all(Ty::is_int) => {
            if items.len() > 32 {
                return Err(format!("{} dimensions are more than NumPy supports (32)", items.len()));
            }
            Ok((items.len() as u8, Ty::tuple(vec![Ty::I64; items.len()])))
        }
        t => Err(format!("the shape must be an integer or a tuple of integers, not {t}")),
    }
}

/// The dtype `np.full(shape, v)` / `np.array((v, ...))` infer from a scalar value.
fn value_dtype(t: &Ty) -> Option<Scalar> {
    t.scalar()
}

/// Layout of `empty_like`, `np.copy`, `astype`: C and F are kept, A becomes C.
fn kept_layout(a: &ArrayTy) -> Layout {
    if a.layout == Layout::A {
        Layout::C
    } else {
        a.layout
    }
}

fn array_of(dtype: Scalar, ndim: u8, layout: Layout) -> Ty {
    Ty::Array(ArrayTy { dtype, ndim, layout, readonly: false })
}

/// `numpy.<np>(args...)` with keyword arguments already placed (missing ones are `None`).
/// `None` when `np` is not a function of this family.
pub fn creation(np: &str, args: &[Arg]) -> Option<CallRule> {
    let n = args.len();
    let max = params_of(np)?.len();
    if n > max {
        return Some(bad(format!("{np}() takes at most {max} arguments ({n} given)")));
    }
    let dtype_at = |k: usize| dtype_arg(args.get(k));
    let r = (|| -> Result<CallRule, String> {
        Ok(match np {
            "empty" | "zeros" | "ones" => {
                let Some(shape) = args.first() else { return Err(format!("{np}() missing the shape")) };
                let (ndim, st) = shape_arg(shape.ty)?;
                let d = dtype_at(1)?.unwrap_or(Scalar::F64);
                let mut params = vec![st];
                params.extend(args[1..].iter().map(|a| a.ty.clone()));
                rule(&format!("alloc.{np}"), params, array_of(d, ndim, Layout::C))
            }
            "full" => {
                if n < 2 {
                    return Err("full() takes a shape and a fill value".into());
                }
                let (ndim, st) = shape_arg(args[0].ty)?;
                let Some(vd) = value_dtype(args[1].ty) else {
                    return Err(format!("the fill value must be a number, not {}", args[1].ty));
                };
                let d = dtype_at(2)?.unwrap_or(vd);
                let mut params = vec![st, Ty::Scalar(vd)];
                params.extend(args[2..].iter().map(|a| a.ty.clone()));
                rule("alloc.full", params, array_of(d, ndim, Layout::C))
            }
            "empty_like" | "zeros_like" | "ones_like" | "full_like" => {
                let Some(Ty::Array(a)) = args.first().map(|a| a.ty) else {
                    return Err(format!("{np}() takes an array first"));
                };
                let fill = np == "full_like";
                if fill && n < 2 {
                    return Err("full_like() takes an array and a fill value".into());
                }
                let dpos = if fill { 2 } else { 1 };
                let d = dtype_at(dpos)?.unwrap_or(a.dtype);
                let mut params = vec![args[0].ty.clone()];
                if fill {
                    let Some(vd) = value_dtype(args[1].ty) else {
                        return Err(format!("the fill value must be a number, not {}", args[1].ty));
                    };
                    params.push(Ty::Scalar(vd));
                }
                params.extend(args[dpos.min(n)..].iter().map(|a| a.ty.clone()));
                rule(&format!("alloc.{np}"), params, array_of(d, a.ndim, kept_layout(a)))
            }
            "arange" => {
                let nums: Vec<&Arg> = args.iter().take(3).filter(|a| !matches!(a.ty, Ty::None)).collect();
                if nums.is_empty() {
                    return Err("arange() needs a stop value".into());
                }
                let mut t = Scalar::I64;
                for a in &nums {
                    match a.ty.scalar() {
                        Some(s) if s.is_complex() => t = Scalar::C128,
                        Some(s) if s.is_float() && t != Scalar::C128 => t = Scalar::F64,
                        Some(_) => {}
                        None => return Err(format!("arange() takes numbers, not {}", a.ty)),
                    }
                }
                let d = dtype_at(3)?.unwrap_or(t);
                let mut params: Vec<Ty> = args.iter().take(3).map(|a| if matches!(a.ty, Ty::None) { Ty::None } else { Ty::Scalar(t) }).collect();
                params.extend(args.iter().skip(3).map(|a| a.ty.clone()));
                rule("alloc.arange", params, array_of(d, 1, Layout::C))
            }
            "linspace" => {
                if n < 2 {
                    return Err("linspace() takes a start and a stop".into());
                }
                let mut t = Scalar::F64;
                for a in &args[..2] {
                    match a.ty.scalar() {
                        Some(s) if s.is_complex() => t = Scalar::C128,
                        Some(_) => {}
                        None => return Err(format!("linspace() takes numbers, not {}", a.ty)),
                    }
                }
                let mut params = vec![Ty::Scalar(t), Ty::Scalar(t)];
                match args.get(2).map(|a| a.ty) {
                    None => {}
                    Some(t) if t.is_int() => params.push(Ty::I64),
                    Some(t) => return Err(format!("linspace() num must be an integer, not {t}")),
                }
                rule("alloc.linspace", params, array_of(t, 1, Layout::C))
            }
            "eye" | "identity" => {
                let d = dtype_at(if np == "eye" { 3 } else { 1 })?.unwrap_or(Scalar::F64);
                let mut params = Vec::new();
                for (k, a) in args.iter().enumerate() {
                    let is_dtype = (np == "eye" && k == 3) || (np == "identity" && k == 1);
                    if is_dtype || (matches!(a.ty, Ty::None) && k > 0) {
                        params.push(a.ty.clone());
                    } else if a.ty.is_int() {
                        params.push(Ty::I64);
                    } else {
                        return Err(format!("{np}() sizes must be integers, not {}", a.ty));
                    }
                }
                if params.is_empty() {
                    return Err(format!("{np}() missing the size"));
                }
                rule(&format!("alloc.{np}"), params, array_of(d, 2, Layout::C))
            }
            // Numba's layout conversions: the same array when its layout already is the one
            // asked for (or, for `A` arrays, when a run-time check finds it so), else a copy;
            // a 0-d array becomes a 1-d view. Always a new reference.
            "ascontiguousarray" | "asfortranarray" => match args {
                [a] | [a, _] => match a.ty {
                    Ty::Array(at) => {
                        let layout = if np == "ascontiguousarray" { Layout::C } else { Layout::F };
                        rule(&format!("alloc.{np}"), vec![a.ty.clone()], array_of(at.dtype, at.ndim.max(1), layout))
                    }
                    // A number becomes a 1-element array (Numba: `np.array(x)`, then 0-d -> 1-d).
                    Ty::Scalar(s) => {
                        let layout = if np == "ascontiguousarray" { Layout::C } else { Layout::F };
                        rule(&format!("alloc.{np}"), vec![a.ty.clone()], array_of(*s, 1, layout))
                    }
                    t => return Err(format!("np.{np}() of {t} is not supported (pass an array or a number)")),
                },
                _ => return Err(format!("np.{np}() takes one array")),
            },
            "copy" => match args.first().map(|a| a.ty) {
                Some(Ty::Array(a)) => rule("alloc.copy", vec![Ty::Array(a.clone())], array_of(a.dtype, a.ndim, kept_layout(a))),
                Some(t) => return Err(format!("np.copy() of {t} is not supported")),
                None => return Err("copy() takes an array".into()),
            },
            "ravel" => match args.first().map(|a| a.ty) {
                Some(Ty::Array(a)) => return method("ravel", a, &[]).and_then(|r| r.ok_or_else(String::new)),
                _ => return Err("ravel() takes an array".into()),
            },
            "transpose" => match args.first().map(|a| a.ty) {
                Some(Ty::Array(a)) => return method("transpose", a, &[]).and_then(|r| r.ok_or_else(String::new)),
                _ => return Err("transpose() takes an array".into()),
            },
            "reshape" => match args.first().map(|a| a.ty) {
                Some(Ty::Array(a)) => return method("reshape", a, &args[1..]).and_then(|r| r.ok_or_else(String::new)),
                _ => return Err("reshape() takes an array".into()),
            },
            "array" | "asarray" => {
                let Some(obj) = args.first() else { return Err(format!("{np}() takes an object")) };
                if let (Ty::Array(a), "asarray") = (obj.ty, np) {
                    if dtype_at(1)?.is_none_or(|d| d == a.dtype) {
                        return Ok(rule("view.asarray", vec![obj.ty.clone()], obj.ty.clone()));
                    }
                }
                let (_, elem) = nested_shape(obj.ty)?;
                let d = dtype_at(1)?.unwrap_or(elem);
                let mut params = vec![obj.ty.clone()];
                params.extend(args[1..].iter().map(|a| a.ty.clone()));
                rule("alloc.array", params, array_of(d, nested_ndim(obj.ty), Layout::C))
            }
            "dtype" => {
                let Some(d) = dtype_arg(args.first())? else { return Err("dtype() needs a type".into()) };
                rule("array.dtype", args.iter().map(|a| a.ty.clone()).collect(), Ty::DType(d))
            }
            "where" => {
                if n != 3 {
                    return Err("where() takes a condition and two values here (the one-argument form is not supported yet)".into());
                }
                let mut ndim = 0u8;
                let mut elems = Vec::with_capacity(3);
                for a in args {
                    match a.ty {
                        Ty::Array(x) => {
                            ndim = ndim.max(x.ndim);
                            elems.push(x.dtype);
                        }
                        t => match t.scalar() {
                            Some(s) => elems.push(s),
                            None => return Err(format!("where() takes arrays or numbers, not {t}")),
                        },
                    }
                }
                let d = crate::templates::promote_types(elems[1], elems[2]);
                rule("ufunc_like.where", args.iter().map(|a| a.ty.clone()).collect(), array_of(d, ndim, Layout::C))
            }
            "clip" => {
                let Some(Ty::Array(a)) = args.first().map(|a| a.ty) else { return Err("clip() takes an array first".into()) };
                if n != 3 {
                    return Err("clip() takes an array, a_min and a_max".into());
                }
                let mut ndim = a.ndim;
                for b in &args[1..] {
                    match b.ty {
                        Ty::Array(x) => ndim = ndim.max(x.ndim),
                        t if t.is_number() || matches!(t, Ty::None) => {}
                        t => return Err(format!("clip() bounds must be numbers, arrays or None, not {t}")),
                    }
                }
                if args[1..].iter().all(|b| matches!(b.ty, Ty::None)) {
                    return Err("clip(): a_min and a_max cannot both be None".into());
                }
                rule("ufunc_like.clip", args.iter().map(|a| a.ty.clone()).collect(), array_of(a.dtype, ndim, Layout::C))
            }
            _ => return Err(String::new()),
        })
    })();
    Some(match r {
        Ok(r) => r,
        Err(msg) if msg.is_empty() => CallRule::Unknown,
        Err(msg) => bad(msg),
    })
}

/// Number of nesting levels of a tuple of tuples of numbers (or of an array).
fn nested_ndim(t: &Ty) -> u8 {
    match t {
        Ty::Tuple(items) => 1 + items.first().map(nested_ndim).unwrap_or(0),
        Ty::Array(a) => a.ndim,
        _ => 0,
    }
}

/// The shape of a nested tuple of numbers and the unified element type; the tuples of each
/// level must have equal lengths (NumPy's rule for a regular array).
fn nested_shape(t: &Ty) -> Result<(Vec<usize>, Scalar), String> {
    match t {
        Ty::Scalar(s) => Ok((vec![], *s)),
        Ty::Tuple(items) => {
            let mut sub: Option<Vec<usize>> = None;
            let mut elem: Option<Scalar> = None;
            for it in items.iter() {
                let (s, e) = nested_shape(it)?;
                if sub.as_ref().is_some_and(|x| *x != s) {
                    return Err("array() of a ragged nested sequence".into());
                }
                sub = Some(s);
                elem = Some(match elem {
                    None => e,
                    Some(prev) => match crate::templates::unify(&Ty::Scalar(prev), &Ty::Scalar(e)) {
                        Some(Ty::Scalar(u)) => u,
                        _ => return Err("array() of mixed element types".into()),
                    },
                });
            }
            let Some(elem) = elem else { return Err("array() of an empty sequence has no dtype".into()) };
            let mut shape = vec![items.len()];
            shape.extend(sub.unwrap_or_default());
            Ok((shape, elem))
        }
        t => Err(format!("array() takes numbers or tuples of numbers, not {t}")),
    }
}

/// The attributes of an array that this family types (views): `a.T`.
pub fn attribute(a: &ArrayTy, name: &str) -> Option<Ty> {
    match name {
        "T" => Some(Ty::Array(transposed(a))),
        "dtype" => Some(Ty::DType(a.dtype)),
        // Views of the real or imaginary parts of a complex array (Numba: layout A); `real` of
        // a real array is the array itself (`imag` of one is rewritten to `zeros_like`).
        "real" | "imag" if a.dtype.is_complex() => Some(array_of(a.dtype.complex_part(), a.ndim, if a.ndim == 0 { a.layout } else { Layout::A })),
        "real" => Some(Ty::Array(a.clone())),
        _ => None,
    }
}

/// Whether `a.<name>` is an array method typed by [`method`].
pub fn is_method(name: &str) -> bool {
    matches!(name, "copy" | "astype" | "reshape" | "ravel" | "flatten" | "transpose" | "fill" | "clip" | "view" | "conjugate" | "conj")
}

/// The positional parameters of the array method `a.<name>` (NumPy's `ndarray` signatures),
/// for placing keyword arguments; `None` when [`method`] does not type it.
pub fn method_params(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "copy" | "ravel" | "flatten" => &["order"],
        "astype" => &["dtype", "order", "casting", "subok", "copy"],
        "view" => &["dtype"],
        "conjugate" | "conj" => &[],
        "reshape" => &["shape", "order"],
        "transpose" => &["axes"],
        "fill" => &["value"],
        "clip" => &["min", "max", "out"],
        _ => return None,
    })
}

fn transposed(a: &ArrayTy) -> ArrayTy {
    let layout = match a.layout {
        Layout::C if a.ndim > 1 => Layout::F,
        Layout::F if a.ndim > 1 => Layout::C,
        l => l,
    };
    ArrayTy { layout, ..a.clone() }
}

/// `a.<name>(args...)`: `Ok(None)` when the method is not of this family.
pub fn method(name: &str, a: &ArrayTy, args: &[Arg]) -> Result<Option<CallRule>, String> {
    let recv = Ty::Array(a.clone());
    let none = |what: &str| -> Result<(), String> {
        if args.is_empty() {
            Ok(())
        } else {
            Err(format!("{what}() takes no arguments here ({} given)", args.len()))
        }
    };
    Ok(Some(match name {
        "copy" => {
            none("copy")?;
            rule("alloc.copy", vec![recv], array_of(a.dtype, a.ndim, Layout::C))
        }
        "flatten" => {
            none("flatten")?;
            rule("alloc.copy", vec![recv], array_of(a.dtype, 1, Layout::C))
        }
        "ravel" => {
            none("ravel")?;
            if a.layout == Layout::C {
                rule("view.ravel", vec![recv], array_of(a.dtype, 1, Layout::C))
            } else {
                rule("alloc.copy", vec![recv], array_of(a.dtype, 1, Layout::C))
            }
        }
        "astype" => {
            let [d] = args else { return Err(format!("astype() takes one dtype ({} given)", args.len())) };
            let Some(d) = dtype_arg(Some(d))? else { return Err("astype() needs a dtype".into()) };
            let mut params = vec![recv];
            params.push(args[0].ty.clone());
            rule("alloc.copy", params, array_of(d, a.ndim, kept_layout(a)))
        }
        // `a.conjugate()`: the ufunc `np.conjugate(a)` (a new array).
        "conjugate" | "conj" => {
            none(name)?;
            return Ok(crate::templates::ufunc_scalar("conjugate", &[recv]));
        }
        "view" => {
            // `a.view(dtype)`: the same bytes read as another dtype; same ndim and layout
            // (Numba). A different item size rescales the contiguous axis, checked when it runs.
            let [d] = args else { return Err(format!("view() takes one dtype ({} given)", args.len())) };
            let Some(d) = dtype_arg(Some(d))? else { return Err("view() needs a dtype".into()) };
            if a.ndim == 0 && d.size() != a.dtype.size() {
                return Err(format!("view() of a 0-d {recv} needs a dtype of the same size"));
            }
            rule("view.dtype", vec![recv, args[0].ty.clone()], array_of(d, a.ndim, a.layout))
        }
        "transpose" if args.is_empty() => rule("view.transpose", vec![recv], Ty::Array(transposed(a))),
        "transpose" => {
            // Explicit axes: a permutation known only when it runs, so the layout is A.
            let axes: Vec<&Ty> = match args {
                [one] => match one.ty {
                    Ty::Tuple(items) => items.iter().collect(),
                    t => vec![t],
                },
                many => many.iter().map(|a| a.ty).collect(),
            };
            if axes.len() != a.ndim as usize || !axes.iter().all(|t| t.is_int()) {
                return Err(format!("transpose() takes {} integer axes for {recv}", a.ndim));
            }
            let mut params = vec![recv.clone()];
            params.extend(std::iter::repeat_n(Ty::I64, args.len()));
            if let [one] = args {
                if let Ty::Tuple(items) = one.ty {
                    params[1] = Ty::tuple(vec![Ty::I64; items.len()]);
                }
            }
            rule("view.transpose_axes", params, array_of(a.dtype, a.ndim, Layout::A))
        }
        "fill" => {
            let [v] = args else { return Err(format!("fill() takes one value ({} given)", args.len())) };
            if !v.ty.is_number() {
                return Err(format!("fill() takes a number, not {}", v.ty));
            }
            rule("array.fill", vec![recv, Ty::Scalar(a.dtype)], Ty::None)
        }
        "reshape" => {
            // One tuple, or the dimensions as separate integers.
            let dims: Vec<&Ty> = match args {
                [one] => match one.ty {
                    Ty::Tuple(items) => items.iter().collect(),
                    t => vec![t],
                },
                many => many.iter().map(|a| a.ty).collect(),
            };
            if dims.is_empty() || !dims.iter().all(|t| t.is_int()) {
                return Err("reshape() takes integers or a tuple of integers".into());
            }
            if a.layout != Layout::C {
                return Err(format!("reshape() supports contiguous (C) arrays only; this one is {}", recv));
            }
            let mut params = vec![recv];
            params.extend(std::iter::repeat_n(Ty::I64, dims.len()));
            let ndim = dims.len() as u8;
            if args.len() == 1 && matches!(args[0].ty, Ty::Tuple(_)) {
                params.truncate(1);
                params.push(Ty::tuple(vec![Ty::I64; dims.len()]));
            }
            rule("view.reshape", params, array_of(a.dtype, ndim, Layout::C))
        }
        "clip" => {
            // The call must carry both bounds (the lowering reads three operands); `out`
            // is not taken.
            if args.len() != 2 {
                return Err(format!(
                    "clip() takes min and max here ({} given); pass None for a missing bound",
                    args.len()
                ));
            }
            let mut all = vec![Arg { ty: &recv, konst: None }];
            all.extend(args.iter().map(|a| Arg { ty: a.ty, konst: a.konst }));
            return match creation("clip", &all) {
                Some(CallRule::BadArgs(msg)) => Err(msg),
                other => Ok(other),
            };
        }
        _ => return Ok(None),
    }))
}
