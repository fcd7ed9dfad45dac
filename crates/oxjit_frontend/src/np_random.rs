//! `np.random.*` inside compiled code: typing rules (Numba 0.68's, from
//! `numba/np/random/legacy.py`).
//!
//! In: the function's name inside `numpy.random` and its arguments, keyword arguments already
//! placed by [`params_of`] (a missing middle argument arrives as `None`). Out: a [`CallRule`]
//! naming a `random.<op>` intrinsic, lowered by `oxjit_codegen::emit::random` onto the
//! runtime's generator (`oxjit_runtime::random`), which draws what Numba draws.
//!
//! Every intrinsic's parameters are the distribution's arguments, converted (`float64` for
//! real parameters, `int64` for integers, `None` for an omitted one, whose default the
//! lowering supplies), then the shape:
//!
//! ```text
//! random.normal(float64|None loc, float64|None scale [, size])   size: None | int64 | UniTuple(int64 x n)
//! random.rand(int64 d0, int64 d1, ...)                            the dimensions themselves (also randn)
//! random.randint(int64 low, int64|None high [, size])             randint(n) is [0, n)
//! random.choice(a [, size [, bool|None replace]])                 a: int64 or a 1-d array
//! random.shuffle(array) -> None      random.permutation(int64 | array) -> array
//! ```
//!
//! A draw returns `float64` (`int64` for `randint`, `poisson`, `binomial`, `geometric` and
//! `choice` of an int); with a `size` it returns a new C array of that shape (a 0-d array for
//! `size=()`). Argument values are checked when the lowered code runs, with Numba's messages.
//! Beyond Numba, every parameter with a NumPy default may be omitted or given by keyword
//! (`normal(size=3)`, `randint(10, size=5)`, `poisson(size=4)`): Numba rejects those forms.
//!
//! ```text
//! np.random.normal(1.0, 2.0, (2, 3))   ->  random.normal(float64, float64, UniTuple(int64 x 2)) -> array(float64, 2d, C)
//! np.random.randint(np.int32(0), np.int32(9))  ->  random.randint(int64, int64) -> int32
//! ```

use std::rc::Rc;

use crate::mir::CallTarget;
use crate::np_array::Arg;
use crate::templates::CallRule;
use crate::types::{ArrayTy, Layout, Scalar, Ty};

/// The positional parameters of `np.random.<name>` (for placing keyword arguments), or
/// `None` when `name` is not supported. `rand` and `randn` take the dimensions as separate
/// arguments and no keywords.
pub fn params_of(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "seed" => &["seed"],
        "random" | "random_sample" | "sample" | "ranf" | "standard_normal" | "standard_exponential" => &["size"],
        "rand" | "randn" => &[],
        "uniform" => &["low", "high", "size"],
        "normal" => &["loc", "scale", "size"],
        "randint" => &["low", "high", "size"],
        "exponential" => &["scale", "size"],
        "poisson" => &["lam", "size"],
        "binomial" => &["n", "p", "size"],
        "gamma" => &["shape", "scale", "size"],
        "standard_gamma" => &["shape", "size"],
        "beta" => &["a", "b", "size"],
        "geometric" => &["p", "size"],
        "choice" => &["a", "size", "replace"],
        "shuffle" | "permutation" => &["x"],
        _ => return None,
    })
}

fn rule(op: &str, params: Vec<Ty>, ret: Ty) -> CallRule {
    CallRule::Intrinsic(CallTarget::Intrinsic { name: Rc::from(format!("random.{op}").as_str()), params }, ret)
}

fn array_of(dtype: Scalar, ndim: u8) -> Ty {
    Ty::Array(ArrayTy { dtype, ndim, layout: Layout::C, readonly: false })
}

/// A `size` argument: `Ok(None)` for `None` (one draw), else the number of dimensions and the
/// type it converts to.
fn size_arg(name: &str, a: &Arg) -> Result<Option<(u8, Ty)>, String> {
    match a.ty {
        Ty::None => Ok(None),
        Ty::Scalar(s) if s.is_int() => Ok(Some((1, Ty::I64))),
        Ty::Tuple(items) if items.iter().all(Ty::is_int) => {
            if items.len() > 32 {
                return Err(format!("{name}(): {} dimensions are more than NumPy supports (32)", items.len()));
            }
            Ok(Some((items.len() as u8, Ty::tuple(vec![Ty::I64; items.len()]))))
        }
        t => Err(format!("{name}(): size must be an integer, a tuple of integers or None, not {t}")),
    }
}

/// A real parameter with a default: `None` stays `None` (the lowering supplies the default),
/// an int or float converts to `float64`. Numba accepts no bool or complex here.
fn real_or_default(name: &str, what: &str, a: Option<&Arg>) -> Result<Ty, String> {
    match a.map(|a| a.ty) {
        None | Some(Ty::None) => Ok(Ty::None),
        Some(_) => real(name, what, a),
    }
}

/// A required real parameter.
fn real(name: &str, what: &str, a: Option<&Arg>) -> Result<Ty, String> {
    match a.map(|a| a.ty) {
        None | Some(Ty::None) => Err(format!("{name}() missing required argument `{what}`")),
        Some(Ty::Scalar(s)) if s.is_int() || s.is_float() => Ok(Ty::F64),
        Some(t) => Err(format!("{name}(): `{what}` must be an int or a float, not {t}")),
    }
}

/// A required integer parameter (its own type, for Numba's result-type rules).
fn int(name: &str, what: &str, a: Option<&Arg>) -> Result<Scalar, String> {
    match a.map(|a| a.ty) {
        None | Some(Ty::None) => Err(format!("{name}() missing required argument `{what}`")),
        Some(Ty::Scalar(s)) if s.is_int() => Ok(*s),
        Some(t) => Err(format!("{name}(): `{what}` must be an integer, not {t}")),
    }
}

/// A draw of `dtype` whose first `given` arguments are the distribution's (`params`: the
/// converted types of those present; omitted trailing ones get no parameter at all), then the
/// optional `size` at `args[given]`.
fn draw(op: &str, name: &str, given: usize, mut params: Vec<Ty>, args: &[Arg], dtype: Scalar) -> Result<CallRule, String> {
    params.truncate(args.len().min(given));
    let Some(size) = args.get(given) else {
        return Ok(rule(op, params, Ty::Scalar(dtype)));
    };
    match size_arg(name, size)? {
        None => {
            params.push(Ty::None);
            Ok(rule(op, params, Ty::Scalar(dtype)))
        }
        Some((ndim, st)) => {
            params.push(st);
            Ok(rule(op, params, array_of(dtype, ndim)))
        }
    }
}

/// Types `np.random.<name>(args...)` (keyword arguments already placed). `None` when `name`
/// is not a function of this family.
pub fn call(name: &str, args: &[Arg]) -> Option<CallRule> {
    let max = params_of(name)?.len();
    let n = args.len();
    let varargs = matches!(name, "rand" | "randn");
    if !varargs && n > max {
        return Some(CallRule::BadArgs(format!("{name}() takes at most {max} argument{} ({n} given)", if max == 1 { "" } else { "s" })));
    }
    let arg = |k: usize| args.get(k);
    let r = (|| -> Result<CallRule, String> {
        match name {
            "seed" => match arg(0).map(|a| a.ty) {
                // Numba types the seed `uint32`: any integer, its low 32 bits.
                Some(Ty::Scalar(s)) if s.is_int() => Ok(rule("seed", vec![Ty::Scalar(Scalar::U32)], Ty::None)),
                None | Some(Ty::None) => Err("seed() needs an integer seed in compiled code (seeding from OS entropy is not supported)".into()),
                Some(t) => Err(format!("seed(): the seed must be an integer, not {t}")),
            },
            "random" | "random_sample" | "sample" | "ranf" => draw("sample", name, 0, vec![], args, Scalar::F64),
            "standard_normal" => draw("gauss", name, 0, vec![], args, Scalar::F64),
            "standard_exponential" => draw("standard_exponential", name, 0, vec![], args, Scalar::F64),
            "rand" | "randn" => {
                if let Some(a) = args.iter().find(|a| !a.ty.is_int()) {
                    return Err(format!("{name}() takes integer dimensions, not {}", a.ty));
                }
                if n > 32 {
                    return Err(format!("{name}(): {n} dimensions are more than NumPy supports (32)"));
                }
                let ret = if n == 0 { Ty::F64 } else { array_of(Scalar::F64, n as u8) };
                Ok(rule(name, vec![Ty::I64; n], ret))
            }
            "uniform" | "normal" => {
                let (p0, p1) = if name == "uniform" { ("low", "high") } else { ("loc", "scale") };
                let params = vec![real_or_default(name, p0, arg(0))?, real_or_default(name, p1, arg(1))?];
                draw(name, name, 2, params, args, Scalar::F64)
            }
            "exponential" | "poisson" => {
                let what = if name == "poisson" { "lam" } else { "scale" };
                let dtype = if name == "poisson" { Scalar::I64 } else { Scalar::F64 };
                draw(name, name, 1, vec![real_or_default(name, what, arg(0))?], args, dtype)
            }
            "geometric" => draw(name, name, 1, vec![real(name, "p", arg(0))?], args, Scalar::I64),
            "standard_gamma" => draw(name, name, 1, vec![real(name, "shape", arg(0))?], args, Scalar::F64),
            "gamma" => {
                let params = vec![real(name, "shape", arg(0))?, real_or_default(name, "scale", arg(1))?];
                draw(name, name, 2, params, args, Scalar::F64)
            }
            "beta" => draw(name, name, 2, vec![real(name, "a", arg(0))?, real(name, "b", arg(1))?], args, Scalar::F64),
            "binomial" => {
                int(name, "n", arg(0))?;
                draw(name, name, 2, vec![Ty::I64, real(name, "p", arg(1))?], args, Scalar::I64)
            }
            "randint" => {
                let low = int(name, "low", arg(0))?;
                let high = match arg(1).map(|a| a.ty) {
                    None | Some(Ty::None) => None,
                    Some(_) => Some(int(name, "high", arg(1))?),
                };
                // Numba: the wider of the two types, signed if either is; `randint(n)` is
                // `randint(0, n)` with an int64 zero. Arrays are always signed.
                let (bits, signed) = match high {
                    Some(h) => (low.bits().max(h.bits()), low.is_signed() || h.is_signed()),
                    None => (64, true),
                };
                let high_t = if high.is_some() { Ty::I64 } else { Ty::None };
                let rule = draw(name, name, 2, vec![Ty::I64, high_t], args, Scalar::int(bits, true))?;
                Ok(match rule {
                    CallRule::Intrinsic(t, Ty::Scalar(_)) => CallRule::Intrinsic(t, Ty::Scalar(Scalar::int(bits, signed))),
                    other => other,
                })
            }
            "choice" => choice(args),
            "shuffle" => match arg(0).map(|a| a.ty) {
                Some(Ty::Array(a)) if a.ndim >= 1 => {
                    if a.readonly {
                        return Err(format!("shuffle() cannot shuffle a read-only array ({})", Ty::Array(a.clone())));
                    }
                    Ok(rule("shuffle", vec![Ty::Array(a.clone())], Ty::None))
                }
                Some(t) => Err(format!("shuffle() takes an array of at least 1 dimension, not {t}")),
                None => Err("shuffle() missing required argument `x`".into()),
            },
            "permutation" => match arg(0).map(|a| a.ty) {
                Some(Ty::Scalar(s)) if s.is_int() => Ok(rule("permutation", vec![Ty::I64], array_of(Scalar::I64, 1))),
                Some(Ty::Array(a)) if a.ndim >= 1 => Ok(rule("permutation", vec![Ty::Array(a.clone())], array_of(a.dtype, a.ndim))),
                Some(t) => Err(format!("permutation() takes an integer or an array of at least 1 dimension, not {t}")),
                None => Err("permutation() missing required argument `x`".into()),
            },
            _ => Err(String::new()),
        }
    })();
    Some(match r {
        Ok(r) => r,
        Err(msg) if msg.is_empty() => CallRule::Unknown,
        Err(msg) => CallRule::BadArgs(msg),
    })
}

/// `choice(a, size=None, replace=True)`: `a` an integer (the population `arange(a)`) or a
/// 1-d array. `replace` is only read with a `size`; an explicit `None` is false (Numba tests
/// it with `if replace:`).
fn choice(args: &[Arg]) -> Result<CallRule, String> {
    let (a_ty, dtype) = match args.first().map(|a| a.ty) {
        Some(Ty::Scalar(s)) if s.is_int() => (Ty::I64, Scalar::I64),
        Some(Ty::Array(a)) if a.ndim == 1 => (Ty::Array(a.clone()), a.dtype),
        Some(Ty::Array(a)) => return Err(format!("choice() takes a 1-dimensional array, not a {}-dimensional one", a.ndim)),
        Some(t) => return Err(format!("np.random.choice() first argument should be int or array, got {t}")),
        None => return Err("choice() missing required argument `a`".into()),
    };
    let mut params = vec![a_ty];
    let Some(size) = args.get(1) else {
        return Ok(rule("choice", params, Ty::Scalar(dtype)));
    };
    let shape = size_arg("choice", size)?;
    params.push(shape.as_ref().map_or(Ty::None, |(_, t)| t.clone()));
    if let Some(replace) = args.get(2) {
        params.push(match replace.ty {
            Ty::None => Ty::None,
            Ty::Scalar(s) if !s.is_complex() => Ty::Scalar(Scalar::Bool),
            t => return Err(format!("choice(): replace must be a bool, not {t}")),
        });
    }
    Ok(match shape {
        None => rule("choice", params, Ty::Scalar(dtype)),
        Some((ndim, _)) => rule("choice", params, array_of(dtype, ndim)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(tys: &[Ty]) -> Vec<Arg<'_>> {
        tys.iter().map(|t| Arg { ty: t, konst: None }).collect()
    }

    fn typed(name: &str, tys: &[Ty]) -> (String, Vec<Ty>, Ty) {
        match call(name, &args(tys)) {
            Some(CallRule::Intrinsic(CallTarget::Intrinsic { name, params }, ret)) => (name.to_string(), params, ret),
            Some(CallRule::BadArgs(m)) => panic!("{name}: bad args: {m}"),
            _ => panic!("{name}: not typed"),
        }
    }

    fn bad(name: &str, tys: &[Ty]) -> String {
        match call(name, &args(tys)) {
            Some(CallRule::BadArgs(m)) => m,
            _ => panic!("{name} accepted {tys:?}"),
        }
    }

    #[test]
    fn draws_are_scalars_or_c_arrays() {
        let i32t = Ty::Scalar(Scalar::I32);
        assert_eq!(typed("random", &[]), ("random.sample".into(), vec![], Ty::F64));
        assert_eq!(typed("ranf", &[Ty::None]), ("random.sample".into(), vec![Ty::None], Ty::F64));
        let pair = Ty::tuple(vec![Ty::I64, i32t.clone()]);
        let (op, params, ret) = typed("normal", &[Ty::I64, Ty::F64, pair]);
        assert_eq!(op, "random.normal");
        assert_eq!(params, vec![Ty::F64, Ty::F64, Ty::tuple(vec![Ty::I64, Ty::I64])]);
        assert_eq!(ret, array_of(Scalar::F64, 2));
        assert_eq!(typed("poisson", &[Ty::None, Ty::I64]).2, array_of(Scalar::I64, 1));
        // Omitted trailing arguments have no parameter (the lowering supplies the defaults).
        assert_eq!(typed("poisson", &[]), ("random.poisson".into(), vec![], Ty::I64));
        assert_eq!(typed("gamma", &[Ty::F64]).1, vec![Ty::F64]);
        assert_eq!(typed("randint", &[Ty::I64]).1, vec![Ty::I64]);
        assert_eq!(typed("rand", &[Ty::I64, i32t.clone(), Ty::I64]).2, array_of(Scalar::F64, 3));
        assert_eq!(typed("randn", &[]).2, Ty::F64);
        assert_eq!(typed("uniform", &[Ty::F64, Ty::F64, Ty::tuple(vec![])]).2, array_of(Scalar::F64, 0));
        assert_eq!(typed("seed", &[i32t]).1, vec![Ty::Scalar(Scalar::U32)]);
    }

    #[test]
    fn randint_follows_numba_integer_rules() {
        let i32t = Ty::Scalar(Scalar::I32);
        let u32t = Ty::Scalar(Scalar::U32);
        assert_eq!(typed("randint", &[i32t.clone(), i32t.clone()]).2, i32t);
        assert_eq!(typed("randint", &[u32t.clone(), u32t.clone()]).2, u32t);
        assert_eq!(typed("randint", std::slice::from_ref(&i32t)).2, Ty::I64);
        assert_eq!(typed("randint", &[u32t.clone(), u32t.clone(), Ty::I64]).2, array_of(Scalar::I32, 1));
        assert_eq!(typed("randint", &[Ty::I64, Ty::None, Ty::I64]).1, vec![Ty::I64, Ty::None, Ty::I64]);
        assert!(bad("randint", &[Ty::F64]).contains("integer"));
        assert!(bad("randint", &[Ty::Scalar(Scalar::Bool), Ty::I64]).contains("integer"));
    }

    #[test]
    fn choice_shuffle_permutation() {
        let a = array_of(Scalar::F32, 1);
        assert_eq!(typed("choice", std::slice::from_ref(&a)).2, Ty::Scalar(Scalar::F32));
        assert_eq!(typed("choice", &[Ty::I64, Ty::I64]).2, array_of(Scalar::I64, 1));
        let (_, params, _) = typed("choice", &[a.clone(), Ty::I64, Ty::I64]);
        assert_eq!(params, vec![a.clone(), Ty::I64, Ty::Scalar(Scalar::Bool)]);
        assert!(bad("choice", &[array_of(Scalar::F64, 2)]).contains("1-dimensional"));
        assert_eq!(typed("shuffle", &[array_of(Scalar::I8, 2)]).2, Ty::None);
        let ro = Ty::Array(ArrayTy { dtype: Scalar::F64, ndim: 1, layout: Layout::C, readonly: true });
        assert!(bad("shuffle", &[ro]).contains("read-only"));
        assert_eq!(typed("permutation", &[Ty::Scalar(Scalar::U8)]).2, array_of(Scalar::I64, 1));
        let f = Ty::Array(ArrayTy { dtype: Scalar::F64, ndim: 2, layout: Layout::F, readonly: true });
        assert_eq!(typed("permutation", &[f]).2, array_of(Scalar::F64, 2));
    }

    #[test]
    fn bad_arguments_are_reported() {
        assert!(bad("normal", &[Ty::C128]).contains("int or a float"));
        assert!(bad("normal", &[Ty::F64, Ty::F64, Ty::F64]).contains("size"));
        assert!(bad("binomial", &[Ty::F64, Ty::F64]).contains("integer"));
        assert!(bad("gamma", &[]).contains("missing"));
        assert!(bad("uniform", &[Ty::F64, Ty::F64, Ty::None, Ty::None]).contains("at most 3"));
        assert!(bad("seed", &[Ty::F64]).contains("integer"));
        assert!(call("multinomial", &[]).is_none());
    }
}
