//! NumPy sorting, searching, set operations, linear algebra and array joining inside compiled
//! code: typing rules (Numba 0.68's, checked against it).
//!
//! In: the called name (`numpy.sort`, or a method of an array type) and its arguments, each a
//! type plus the constant when the operand is one (`kind='mergesort'`, `side='right'`). Out: a
//! [`CallRule`] naming the intrinsic `oxjit_codegen::emit::more` lowers. Intrinsics named
//! `new.<op>` return a freshly allocated array (or a tuple of them), `more.<op>` anything else
//! (scalars, None). Constant arguments that select an algorithm are folded into the name:
//!
//! ```text
//! np.sort(a)                      new.sort(a)                   C copy of a, sorted along the last axis
//! a.sort()  a.sort(kind)          more.sort.<kind>(a)           None; kind = quicksort | mergesort
//! np.argsort(a, kind=) a.argsort  new.argsort.<kind>(a)         int64 1-d (a must be 1-d)
//! np.median(a)                    more.median(a)                float64
//! np.percentile(a, q) / quantile  more.<f>(a, q) | new.<f>(a, q)  float64, or float64 1-d for an array q
//! np.searchsorted(a, v, side=)    more.searchsorted.<side>(a, v) | new.searchsorted.<side>  int64 / int64 array shaped like v
//! np.unique(a)                    new.unique(a)                 1-d, a's dtype
//! np.nonzero(a) a.nonzero()       new.nonzero(a)                UniTuple(int64 1-d x ndim)
//! np.flatnonzero(a)               new.flatnonzero(a)            int64 1-d
//! np.argwhere(a)                  new.argwhere(a)               int64 2-d, F (Numba's transpose of a vstack)
//! np.dot(a, b) a @ b a.dot(b)     more.dot(a, b) | new.dot(a, b) same dtype, float or complex
//! np.vdot(a, b)                   more.vdot(a, b)               same dtype, float or complex
//! np.diff(a, n=1)                 new.diff(a, n)                a's dtype, C
//! np.cumsum(a, axis, dtype)       new.cumsum(a, ...)            1-d, Numba's accumulator dtype;
//!   np.cumprod, a.cumsum(...)                                    a's shape (C) along an axis of n-d a
//! np.concatenate((a, b), axis=0)  new.concatenate(tuple, axis)  unified dtype; F if all inputs are F, else C
//! np.stack / vstack / hstack      new.stack(tuple, axis) ...    the same
//! np.interp(x, xp, fp)            more.interp | new.interp      float64, or float64 shaped like x (real fp)
//! ```

use std::rc::Rc;

use crate::mir::{CallTarget, Const};
use crate::np_array::{dtype_arg, Arg};
use crate::templates::{unify, CallRule};
use crate::types::{ArrayTy, Layout, Scalar, Ty};

fn rule(name: &str, params: Vec<Ty>, ret: Ty) -> CallRule {
    CallRule::Intrinsic(
        CallTarget::Intrinsic {
            name: Rc::from(name),
            params,
        },
        ret,
    )
}

fn array_of(dtype: Scalar, ndim: u8, layout: Layout) -> Ty {
    Ty::Array(ArrayTy {
        dtype,
        ndim,
        layout,
        readonly: false,
    })
}

/// The positional parameters of `np.<name>` (for placing keyword arguments), or `None` when
/// this family does not type `name`.
pub fn params_of(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "sort" | "median" | "nonzero" | "flatnonzero" | "argwhere" => &["a"],
        "unique" => &["ar"],
        "argsort" => &["a", "kind"],
        "percentile" | "quantile" => &["a", "q"],
        "searchsorted" => &["a", "v", "side"],
        "dot" | "matmul" => &["a", "b"],
        "diff" => &["a", "n"],
        "cumsum" | "cumprod" => &["a", "axis", "dtype"],
        "vdot" => &["a", "b"],
        "concatenate" | "stack" => &["arrays", "axis"],
        "vstack" | "hstack" => &["tup"],
        "interp" => &["x", "xp", "fp"],
        // Typed by `templates::cmath::angle`; listed so `deg=` can be given by name.
        "angle" => &["z", "deg"],
        _ => return None,
    })
}

/// Numba's accumulator dtype (`get_accumulator_type`): bool and integers narrower than 64
/// bits accumulate in int64 / uint64.
pub fn accumulator(d: Scalar) -> Scalar {
    match d {
        Scalar::Bool => Scalar::I64,
        s if s.is_signed() => Scalar::I64,
        s if s.is_unsigned() => Scalar::U64,
        s => s,
    }
}

/// The dtype of `np.asarray(t)` for a flat tuple of numbers `t` (its items' unified type;
/// float64 for `()`), or `None` if an item is not a number. Tuples given where NumPy takes an
/// array (`q`, `v`, `x`, `xp`, `fp`) are typed as a 1-d array of this dtype; codegen builds
/// that array on the stack.
pub fn tuple_dtype(items: &[Ty]) -> Option<Scalar> {
    let mut d: Option<Scalar> = None;
    for t in items {
        let Ty::Scalar(s) = t else { return None };
        d = Some(match d {
            None => *s,
            Some(p) => match unify(&Ty::Scalar(p), &Ty::Scalar(*s)) {
                Some(Ty::Scalar(u)) => u,
                _ => return None,
            },
        });
    }
    Some(d.unwrap_or(Scalar::F64))
}

/// `t` as the array NumPy would make of it: arrays as they are, a flat tuple of numbers as a
/// 1-d C array of [`tuple_dtype`]; anything else as it is.
fn as_array_like(t: &Ty) -> Ty {
    match t {
        Ty::Tuple(items) => match tuple_dtype(items) {
            Some(d) => array_of(d, 1, Layout::C),
            None => t.clone(),
        },
        t => t.clone(),
    }
}

/// A sort kind given as a constant string: `quicksort`, or `mergesort` (also `stable`).
fn sort_kind(a: Option<&Arg>) -> Result<&'static str, String> {
    match a.map(|a| (a.ty, a.konst)) {
        None | Some((Ty::None, _)) => Ok("quicksort"),
        Some((Ty::Str, Some(Const::Str(k)))) => match &**k {
            "quicksort" => Ok("quicksort"),
            "mergesort" | "stable" => Ok("mergesort"),
            other => Err(format!(
                "unsupported sort kind {other:?} (quicksort, mergesort or stable)"
            )),
        },
        Some((t, _)) => Err(format!("\"kind\" must be a string literal, not {t}")),
    }
}

fn first_array<'a>(np: &str, args: &'a [Arg]) -> Result<&'a ArrayTy, String> {
    match args.first().map(|a| a.ty) {
        Some(Ty::Array(a)) => Ok(a),
        Some(t) => Err(format!("{np}() takes an array, not {t}")),
        None => Err(format!("{np}() missing the array argument")),
    }
}

/// The real (non-complex) dtype an order statistic needs.
fn real_dtype(np: &str, a: &ArrayTy) -> Result<Scalar, String> {
    if a.dtype.is_complex() {
        return Err(format!(
            "{np}() of complex numbers is not supported (they are not ordered)"
        ));
    }
    Ok(a.dtype)
}

/// Types `np.<name>(args...)` (keyword arguments already placed; missing ones are `None`).
pub fn call(name: &str, args: &[Arg]) -> Option<CallRule> {
    let max = params_of(name)?.len();
    if args.len() > max {
        return Some(CallRule::BadArgs(format!(
            "{name}() takes at most {max} arguments ({} given)",
            args.len()
        )));
    }
    let r = (|| -> Result<CallRule, String> {
        let arg_ty = |k: usize| args.get(k).map(|a| a.ty.clone());
        Ok(match name {
            "sort" => {
                let a = first_array(name, args)?;
                rule(
                    "new.sort",
                    vec![Ty::Array(a.clone())],
                    array_of(a.dtype, a.ndim, Layout::C),
                )
            }
            "argsort" => {
                let a = first_array(name, args)?;
                let mut r = argsort(a, args.get(1))?;
                if let CallRule::Intrinsic(CallTarget::Intrinsic { params, .. }, _) = &mut r {
                    params.extend(args[1..].iter().map(|x| x.ty.clone()));
                }
                return Ok(r);
            }
            "median" => {
                let a = first_array(name, args)?;
                real_dtype(name, a)?;
                rule("more.median", vec![Ty::Array(a.clone())], Ty::F64)
            }
            "percentile" | "quantile" => {
                let a = first_array(name, args)?;
                real_dtype(name, a)?;
                let Some(q) = args.get(1) else {
                    return Err(format!("{name}() takes an array and q"));
                };
                let q_arr = as_array_like(q.ty);
                match &q_arr {
                    Ty::Scalar(s) if !s.is_complex() => rule(
                        &format!("more.{name}"),
                        vec![Ty::Array(a.clone()), Ty::F64],
                        Ty::F64,
                    ),
                    Ty::Array(qa) if !qa.dtype.is_complex() => {
                        let ret = if qa.ndim == 0 {
                            Ty::F64
                        } else {
                            array_of(Scalar::F64, 1, Layout::C)
                        };
                        let prefix = if qa.ndim == 0 { "more" } else { "new" };
                        rule(
                            &format!("{prefix}.{name}"),
                            vec![Ty::Array(a.clone()), q.ty.clone()],
                            ret,
                        )
                    }
                    _ => {
                        return Err(format!(
                            "{name}(): q must be a real number or an array or tuple of them, not {}",
                            q.ty
                        ))
                    }
                }
            }
            "searchsorted" => {
                let a = first_array(name, args)?;
                if a.ndim != 1 {
                    return Err(format!(
                        "searchsorted() needs a 1-d array to search, not {}",
                        Ty::Array(a.clone())
                    ));
                }
                let Some(v) = args.get(1) else {
                    return Err("searchsorted() takes an array and the values".into());
                };
                let side = match args.get(2).map(|s| (s.ty, s.konst)) {
                    None | Some((Ty::None, _)) => "left",
                    Some((Ty::Str, Some(Const::Str(s)))) if &**s == "left" => "left",
                    Some((Ty::Str, Some(Const::Str(s)))) if &**s == "right" => "right",
                    Some((Ty::Str, Some(Const::Str(s)))) => {
                        return Err(format!("invalid value given for 'side': {s:?}"))
                    }
                    Some((t, _)) => {
                        return Err(format!(
                            "'side' must be the constant string 'left' or 'right', not {t}"
                        ))
                    }
                };
                let v_arr = as_array_like(v.ty);
                let key = match &v_arr {
                    Ty::Array(va) => va.dtype,
                    Ty::Scalar(s) => *s,
                    _ => {
                        return Err(format!(
                            "searchsorted() values must be numbers, an array or a tuple of numbers, not {}",
                            v.ty
                        ))
                    }
                };
                if crate::templates::compare(
                    crate::mir::CmpOp::Lt,
                    &Ty::Scalar(a.dtype),
                    &Ty::Scalar(key),
                )
                .is_none()
                    && !(a.dtype.is_complex() || key.is_complex())
                {
                    return Err(format!(
                        "searchsorted() cannot compare {} with {}",
                        a.dtype.name(),
                        key.name()
                    ));
                }
                let mut params = vec![Ty::Array(a.clone()), v.ty.clone()];
                params.extend(args[2..].iter().map(|x| x.ty.clone()));
                match &v_arr {
                    Ty::Array(va) => rule(
                        &format!("new.searchsorted.{side}"),
                        params,
                        array_of(Scalar::I64, va.ndim, Layout::C),
                    ),
                    _ => rule(&format!("more.searchsorted.{side}"), params, Ty::I64),
                }
            }
            "unique" => {
                let a = first_array(name, args)?;
                rule(
                    "new.unique",
                    vec![Ty::Array(a.clone())],
                    array_of(a.dtype, 1, Layout::C),
                )
            }
            "nonzero" => {
                let a = first_array(name, args)?;
                return nonzero(a);
            }
            "flatnonzero" => {
                let a = first_array(name, args)?;
                rule(
                    "new.flatnonzero",
                    vec![Ty::Array(a.clone())],
                    array_of(Scalar::I64, 1, Layout::C),
                )
            }
            "argwhere" => {
                let a = first_array(name, args)?;
                if a.ndim == 0 {
                    return Err("argwhere() of a 0-d array is not supported".into());
                }
                rule(
                    "new.argwhere",
                    vec![Ty::Array(a.clone())],
                    array_of(Scalar::I64, 2, Layout::F),
                )
            }
            "dot" | "matmul" => {
                let (Some(a), Some(b)) = (arg_ty(0), arg_ty(1)) else {
                    return Err(format!("{name}() takes two arrays"));
                };
                return dot(if name == "dot" { "np.dot()" } else { "'@'" }, &a, &b);
            }
            "vdot" => {
                let (Some(a), Some(b)) = (arg_ty(0), arg_ty(1)) else {
                    return Err("vdot() takes two arrays".into());
                };
                return vdot(&a, &b);
            }
            "diff" => {
                let a = first_array(name, args)?;
                return diff(a, args.get(1).map(|n| n.ty));
            }
            "cumsum" | "cumprod" => {
                let a = first_array(name, args)?;
                // Along an axis of an n-d array the result has `a`'s shape; otherwise it is
                // the flattened array's accumulation (1-d).
                let along = match args.get(1).map(|x| x.ty) {
                    None | Some(Ty::None) => false,
                    Some(t) if t.is_int() && a.ndim == 0 => {
                        return Err(format!(
                            "{name}(): axis is out of bounds for array of dimension 0"
                        ))
                    }
                    Some(t) if t.is_int() => a.ndim > 1,
                    Some(t) => {
                        return Err(format!("{name}() axis must be an integer or None, not {t}"))
                    }
                };
                let d = match dtype_arg(args.get(2))? {
                    Some(d) => d,
                    None => accumulator(a.dtype),
                };
                let mut params = vec![Ty::Array(a.clone())];
                for (k, x) in args.iter().enumerate().skip(1) {
                    params.push(if k == 1 && x.ty.is_int() {
                        Ty::I64
                    } else {
                        x.ty.clone()
                    });
                }
                let ndim = if along { a.ndim } else { 1 };
                rule(&format!("new.{name}"), params, array_of(d, ndim, Layout::C))
            }
            "concatenate" | "stack" | "vstack" | "hstack" => return join(name, args),
            "interp" => {
                let [x, xp, fp] = args else {
                    return Err("interp() takes x, xp and fp".into());
                };
                let (x_arr, xp_arr, fp_arr) = (as_array_like(x.ty), as_array_like(xp.ty), as_array_like(fp.ty));
                for (what, t) in [("xp", &xp_arr), ("fp", &fp_arr)] {
                    match t {
                        Ty::Array(a) if a.ndim == 1 && a.dtype.is_complex() && what == "fp" => {
                            return Ok(CallRule::Unsupported(
                                "interp() of complex fp is not supported yet".into(),
                            ))
                        }
                        Ty::Array(a) if a.ndim == 1 && !a.dtype.is_complex() => {}
                        Ty::Array(_) => {
                            return Err(format!(
                                "interp(): {what} must be a 1-d array of real numbers, not {t}"
                            ))
                        }
                        t => {
                            return Ok(CallRule::Unsupported(format!(
                                "interp() with {what} of {t} is not supported yet (arrays or tuples only)"
                            )))
                        }
                    }
                }
                match &x_arr {
                    Ty::Scalar(s) if s.is_int() || s.is_float() => rule(
                        "more.interp",
                        vec![Ty::F64, xp.ty.clone(), fp.ty.clone()],
                        Ty::F64,
                    ),
                    Ty::Array(xa) if !xa.dtype.is_complex() => rule(
                        "new.interp",
                        vec![x.ty.clone(), xp.ty.clone(), fp.ty.clone()],
                        array_of(Scalar::F64, xa.ndim, Layout::C),
                    ),
                    t => {
                        return Err(format!(
                            "interp(): x must be a real number or an array of them, not {t}"
                        ))
                    }
                }
            }
            _ => return Err(String::new()),
        })
    })();
    Some(match r {
        Ok(r) => r,
        Err(msg) if msg.is_empty() => CallRule::Unknown,
        Err(msg) => CallRule::BadArgs(msg),
    })
}

fn argsort(a: &ArrayTy, kind: Option<&Arg>) -> Result<CallRule, String> {
    if a.ndim != 1 {
        return Ok(CallRule::Unsupported(format!(
            "argsort() of a {}-d array is not supported (Numba sorts 1-d arrays only)",
            a.ndim
        )));
    }
    let kind = sort_kind(kind)?;
    Ok(rule(
        &format!("new.argsort.{kind}"),
        vec![Ty::Array(a.clone())],
        array_of(Scalar::I64, 1, Layout::C),
    ))
}

fn nonzero(a: &ArrayTy) -> Result<CallRule, String> {
    if a.ndim == 0 {
        return Err("nonzero() of a 0-d array is not supported".into());
    }
    let item = array_of(Scalar::I64, 1, Layout::C);
    Ok(rule(
        "new.nonzero",
        vec![Ty::Array(a.clone())],
        Ty::tuple(vec![item; a.ndim as usize]),
    ))
}

/// `np.diff(a, n)`: Numba reshapes `a` to 2-d, so it needs a C or F array.
fn diff(a: &ArrayTy, n: Option<&Ty>) -> Result<CallRule, String> {
    if a.ndim == 0 {
        return Err("diff() of a 0-d array is not supported".into());
    }
    if a.layout == Layout::A {
        return Ok(CallRule::Unsupported(format!(
            "diff() of a non-contiguous array ({}) is not supported (as in Numba)",
            Ty::Array(a.clone())
        )));
    }
    let mut params = vec![Ty::Array(a.clone())];
    match n {
        None => {}
        Some(Ty::None) => params.push(Ty::None),
        Some(t) if t.is_int() => params.push(Ty::I64),
        Some(t) => return Err(format!("diff() order n must be an integer, not {t}")),
    }
    Ok(rule(
        "new.diff",
        params,
        array_of(a.dtype, a.ndim, Layout::C),
    ))
}

/// `np.dot(a, b)` / `a @ b`: arrays of one float or complex dtype, 1-d or 2-d.
pub fn dot(what: &str, a: &Ty, b: &Ty) -> Result<CallRule, String> {
    let (Ty::Array(x), Ty::Array(y)) = (a, b) else {
        return Ok(CallRule::Unsupported(format!(
            "{what} of {a} and {b} is not supported (arrays only)"
        )));
    };
    if x.dtype != y.dtype {
        return Err(format!(
            "{what} arguments must all have the same dtype ({} and {})",
            x.dtype.name(),
            y.dtype.name()
        ));
    }
    if !(x.dtype.is_float() || x.dtype.is_complex()) {
        return Err(format!(
            "{what} only supported on float and complex arrays, not {}",
            x.dtype.name()
        ));
    }
    let params = vec![a.clone(), b.clone()];
    Ok(match (x.ndim, y.ndim) {
        (1, 1) => rule("more.dot", params, Ty::Scalar(x.dtype)),
        (2, 1) | (1, 2) => rule("new.dot", params, array_of(x.dtype, 1, Layout::C)),
        (2, 2) => rule("new.dot", params, array_of(x.dtype, 2, Layout::C)),
        _ => {
            return Err(format!(
                "{what}: inputs must have compatible dimensions (1-d or 2-d), not {a} and {b}"
            ))
        }
    })
}

/// `np.vdot(a, b)`: two arrays of one float or complex dtype (Numba's rule), flattened: 1-d
/// (any strides) as in Numba, or C-contiguous n-d (NumPy flattens those; Numba refuses them).
fn vdot(a: &Ty, b: &Ty) -> Result<CallRule, String> {
    let (Ty::Array(x), Ty::Array(y)) = (a, b) else {
        return Ok(CallRule::Unsupported(format!(
            "np.vdot() of {a} and {b} is not supported (arrays only)"
        )));
    };
    if x.dtype != y.dtype {
        return Err(format!(
            "np.vdot() arguments must all have the same dtype ({} and {})",
            x.dtype.name(),
            y.dtype.name()
        ));
    }
    if !(x.dtype.is_float() || x.dtype.is_complex()) {
        return Err(format!(
            "np.vdot() only supported on float and complex arrays, not {}",
            x.dtype.name()
        ));
    }
    for t in [x, y] {
        if t.ndim == 0 || (t.ndim > 1 && t.layout != Layout::C) {
            return Ok(CallRule::Unsupported(format!(
                "np.vdot() of {} is not supported (1-d arrays, or C-contiguous ones)",
                Ty::Array(t.clone())
            )));
        }
    }
    Ok(rule("more.vdot", vec![a.clone(), b.clone()], Ty::Scalar(x.dtype)))
}

/// `concatenate`, `stack`, `vstack`, `hstack` of a tuple of arrays: the promoted dtype.
fn join(name: &str, args: &[Arg]) -> Result<CallRule, String> {
    let Some(Ty::Tuple(items)) = args.first().map(|a| a.ty) else {
        return Err(format!("{name}() takes a tuple of arrays"));
    };
    let arrays: Vec<&ArrayTy> = items.iter().filter_map(Ty::as_array).collect();
    if arrays.is_empty() || arrays.len() != items.len() {
        return Err(format!("{name}() takes a non-empty tuple of arrays"));
    }
    let ndim = arrays[0].ndim;
    if arrays.iter().any(|a| a.ndim != ndim) {
        return Err(format!(
            "{name}(): all the input arrays must have the same number of dimensions"
        ));
    }
    // Numba unifies the dtypes (`unify_types`) and makes an F result only from F inputs.
    let mut dtype = arrays[0].dtype;
    for a in &arrays[1..] {
        match unify(&Ty::Scalar(dtype), &Ty::Scalar(a.dtype)) {
            Some(Ty::Scalar(s)) => dtype = s,
            _ => {
                return Err(format!(
                    "{name}(): input arrays must have compatible dtypes"
                ))
            }
        }
    }
    let layout = if arrays.iter().all(|a| a.layout == Layout::F) {
        Layout::F
    } else {
        Layout::C
    };
    let tuple = args[0].ty.clone();
    let axis_param = |k: usize| -> Result<Option<Ty>, String> {
        match args.get(k).map(|a| a.ty) {
            None => Ok(None),
            Some(Ty::None) => Ok(Some(Ty::None)),
            Some(t) if t.is_int() => Ok(Some(Ty::I64)),
            Some(t) => Err(format!("{name}() axis must be an integer, not {t}")),
        }
    };
    Ok(match name {
        "concatenate" => {
            if ndim == 0 {
                return Err("zero-dimensional arrays cannot be concatenated".into());
            }
            let mut params = vec![tuple];
            params.extend(axis_param(1)?);
            rule("new.concatenate", params, array_of(dtype, ndim, layout))
        }
        "stack" => {
            let mut params = vec![tuple];
            params.extend(axis_param(1)?);
            rule("new.stack", params, array_of(dtype, ndim + 1, layout))
        }
        // vstack: 0-d and 1-d arrays become rows; hstack: 0-d become 1-d, then axis 1 (0 for 1-d).
        "vstack" => rule(
            "new.vstack",
            vec![tuple],
            array_of(dtype, ndim.max(2), layout),
        ),
        _ => rule(
            "new.hstack",
            vec![tuple],
            array_of(dtype, ndim.max(1), layout),
        ),
    })
}

/// Whether `a.<name>(...)` is an array method of this family.
pub fn is_method(name: &str) -> bool {
    method_params(name).is_some()
}

/// The positional parameters of the array method `a.<name>` (NumPy's `ndarray` signatures,
/// for placing keyword arguments), or `None` when this family does not type it.
pub fn method_params(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "sort" | "argsort" => &["axis", "kind", "order"],
        "cumsum" | "cumprod" => &["axis", "dtype", "out"],
        "nonzero" => &[],
        "dot" => &["b", "out"],
        _ => return None,
    })
}

/// An argument that must be omitted (or `None`): `out=` and `order=`, which compiled code
/// does not take.
fn omitted(name: &str, what: &str, a: Option<&Arg>) -> Result<(), String> {
    match a.map(|a| a.ty) {
        None | Some(Ty::None) => Ok(()),
        Some(t) => Err(format!("{name}(): {what}= is not supported in compiled code ({t} given)")),
    }
}

/// The `axis` of `a.sort()` / `a.argsort()`: omitted, or a constant naming the last axis
/// (the only one sorted along).
fn sort_axis(name: &str, a: &ArrayTy, axis: Option<&Arg>) -> Result<(), String> {
    let nd = i64::from(a.ndim);
    match axis.map(|x| (x.ty, x.konst)) {
        None | Some((Ty::None, _)) => Ok(()),
        Some((_, Some(Const::Int(k)))) if *k == -1 || (nd > 0 && *k == nd - 1) => Ok(()),
        Some((_, Some(Const::Int(k)))) if *k < -nd || *k >= nd => {
            Err(format!("{name}(): axis {k} is out of bounds for array of dimension {nd}"))
        }
        Some((t, _)) if t.is_int() => Err(format!(
            "{name}() sorts along the last axis only: axis must be the constant -1 or {}",
            nd - 1
        )),
        Some((t, _)) => Err(format!("{name}(): axis must be an integer, not {t}")),
    }
}

/// Types `a.<name>(args...)`, the arguments positional in NumPy's order (keywords placed by
/// [`method_params`]; omitted ones before a given one are `None`); `Ok(None)` when the
/// method is not of this family.
pub fn method(name: &str, a: &ArrayTy, args: &[Arg]) -> Result<Option<CallRule>, String> {
    let recv = Ty::Array(a.clone());
    let Some(params) = method_params(name) else {
        return Ok(None);
    };
    if args.len() > params.len() {
        let n = params.len();
        return Err(format!(
            "{name}() takes at most {n} argument{} ({} given)",
            if n == 1 { "" } else { "s" },
            args.len()
        ));
    }
    // The intrinsic's parameters: the receiver, then every argument as given (codegen
    // converts each to its parameter type; constants selecting an algorithm are in the name).
    let with_args = |first: Ty| -> Vec<Ty> {
        std::iter::once(first).chain(args.iter().map(|x| x.ty.clone())).collect()
    };
    Ok(Some(match name {
        "sort" => {
            if a.readonly {
                return Err(format!("cannot sort {recv} in place"));
            }
            sort_axis(name, a, args.first())?;
            omitted(name, "order", args.get(2))?;
            let kind = sort_kind(args.get(1))?;
            rule(&format!("more.sort.{kind}"), with_args(recv), Ty::None)
        }
        "argsort" => {
            sort_axis(name, a, args.first())?;
            omitted(name, "order", args.get(2))?;
            let mut r = argsort(a, args.get(1))?;
            if let CallRule::Intrinsic(CallTarget::Intrinsic { params, .. }, _) = &mut r {
                params.extend(args.iter().map(|x| x.ty.clone()));
            }
            return Ok(Some(r));
        }
        "nonzero" => return nonzero(a).map(Some),
        "cumsum" | "cumprod" => {
            // np.cumsum(a, axis, dtype).
            omitted(name, "out", args.get(2))?;
            let mut all = vec![Arg { ty: &recv, konst: None }];
            all.extend(args.iter().take(2).map(|x| Arg { ty: x.ty, konst: x.konst }));
            return match call(name, &all) {
                Some(CallRule::BadArgs(msg)) => Err(msg),
                other => Ok(other),
            };
        }
        "dot" => {
            omitted(name, "out", args.get(1))?;
            let Some(b) = args.first() else {
                return Err("dot() takes an array".into());
            };
            return dot("np.dot()", &recv, b.ty).map(Some);
        }
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(d: Scalar, n: u8) -> Ty {
        array_of(d, n, Layout::C)
    }

    fn ret(r: Option<CallRule>) -> (String, Ty) {
        match r {
            Some(CallRule::Intrinsic(CallTarget::Intrinsic { name, .. }, t)) => {
                (name.to_string(), t)
            }
            Some(CallRule::BadArgs(m)) | Some(CallRule::Unsupported(m)) => panic!("rejected: {m}"),
            _ => panic!("not typed"),
        }
    }

    fn arg(t: &Ty) -> Arg<'_> {
        Arg { ty: t, konst: None }
    }

    #[test]
    fn result_types_follow_numba() {
        let f = arr(Scalar::F64, 1);
        let m = arr(Scalar::F64, 2);
        assert_eq!(
            ret(call("dot", &[arg(&f), arg(&f)])),
            ("more.dot".into(), Ty::F64)
        );
        assert_eq!(ret(call("dot", &[arg(&m), arg(&f)])).1, arr(Scalar::F64, 1));
        assert_eq!(
            ret(call("matmul", &[arg(&m), arg(&m)])).1,
            arr(Scalar::F64, 2)
        );
        let i8a = arr(Scalar::I8, 2);
        assert_eq!(ret(call("cumsum", &[arg(&i8a)])).1, arr(Scalar::I64, 1));
        assert_eq!(ret(call("median", &[arg(&i8a)])).1, Ty::F64);
        assert_eq!(
            ret(call("nonzero", &[arg(&i8a)])).1,
            Ty::tuple(vec![arr(Scalar::I64, 1); 2])
        );
        assert_eq!(
            ret(call("argwhere", &[arg(&i8a)])).1,
            array_of(Scalar::I64, 2, Layout::F)
        );
        let u8a = arr(Scalar::U8, 1);
        let pair = Ty::tuple(vec![arr(Scalar::I8, 1), u8a.clone()]);
        assert_eq!(
            ret(call("concatenate", &[arg(&pair)])).1,
            arr(Scalar::I16, 1)
        );
        assert_eq!(ret(call("vstack", &[arg(&pair)])).1, arr(Scalar::I16, 2));
        let kind = Const::Str(Rc::from("stable"));
        let s = Ty::Str;
        assert_eq!(
            ret(call(
                "argsort",
                &[
                    arg(&f),
                    Arg {
                        ty: &s,
                        konst: Some(&kind)
                    }
                ]
            ))
            .0,
            "new.argsort.mergesort"
        );
    }

    #[test]
    fn methods_take_numpy_positions_and_tuples_act_as_arrays() {
        let m = arr(Scalar::I8, 2);
        let Ty::Array(ma) = &m else { unreachable!() };
        let i = Ty::I64;
        let none = Ty::None;
        // a.cumsum(axis) of a 2-d array keeps the shape; a.cumsum() flattens.
        let r = method("cumsum", ma, &[arg(&i)]).unwrap();
        assert_eq!(ret(r).1, arr(Scalar::I64, 2));
        assert_eq!(ret(method("cumprod", ma, &[]).unwrap()).1, arr(Scalar::I64, 1));
        // a.sort(None, 'mergesort') (kind by keyword); order= and a non-last axis refused.
        let kind = Const::Str(Rc::from("mergesort"));
        let s = Ty::Str;
        let k = Arg { ty: &s, konst: Some(&kind) };
        assert_eq!(ret(method("sort", ma, &[arg(&none), k]).unwrap()).0, "more.sort.mergesort");
        let zero = Const::Int(0);
        assert!(method("sort", ma, &[Arg { ty: &i, konst: Some(&zero) }]).is_err());
        assert!(method("argsort", ma, &[arg(&none), arg(&none), arg(&i)]).is_err());
        // Tuples where NumPy takes an array.
        assert_eq!(tuple_dtype(&[Ty::I64, Ty::F64]), Some(Scalar::F64));
        assert_eq!(tuple_dtype(&[]), Some(Scalar::F64));
        assert_eq!(tuple_dtype(&[Ty::I64, Ty::None]), None);
        let f = arr(Scalar::F64, 1);
        let q = Ty::tuple(vec![Ty::I64, Ty::F64]);
        assert_eq!(ret(call("percentile", &[arg(&f), arg(&q)])).1, arr(Scalar::F64, 1));
        assert_eq!(ret(call("searchsorted", &[arg(&f), arg(&q)])).1, arr(Scalar::I64, 1));
        assert_eq!(ret(call("vdot", &[arg(&f), arg(&f)])), ("more.vdot".into(), Ty::F64));
    }

    #[test]
    fn rejects_what_numba_rejects() {
        let i = arr(Scalar::I64, 1);
        assert!(matches!(
            call("dot", &[arg(&i), arg(&i)]),
            Some(CallRule::BadArgs(_))
        ));
        let c = arr(Scalar::C128, 1);
        assert!(matches!(
            call("median", &[arg(&c)]),
            Some(CallRule::BadArgs(_))
        ));
        let f = arr(Scalar::F64, 1);
        let g = arr(Scalar::F32, 1);
        assert!(matches!(
            call("dot", &[arg(&f), arg(&g)]),
            Some(CallRule::BadArgs(_))
        ));
        let a2 = array_of(Scalar::F64, 2, Layout::A);
        assert!(matches!(
            call("diff", &[arg(&a2)]),
            Some(CallRule::Unsupported(_))
        ));
    }
}
