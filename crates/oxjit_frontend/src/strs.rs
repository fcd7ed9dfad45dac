//! Strings (`str`, Numba's `unicode_type`): typing rules.
//!
//! A string is a value of four words (`Ty::Str`: MemInfo, data, length, kind; see
//! `oxjit_runtime::str`): literals and module-level globals are constant data, arguments are
//! read in place from the Python object, and strings made by compiled code live in runtime
//! blocks counted like arrays. Operators and methods become `str.*` intrinsics that code
//! generation lowers (`emit/str.rs`); those named `str.new_*` return a new reference (a new
//! string, a view sharing its source's block, or a list of strings). Numba's typing is
//! followed, including its result types (`isdigit()` and `isalpha()` are `int64`,
//! `isspace()` is `bool`) and `s == 1` being `False`.
//!
//! This module is a child of `typeck` (it extends `Infer`), like `lists.rs`.
//!
//! ```text
//! s[i]              _3 = call oxjit.str_getitem(s, i)      intrinsic str.new_getitem
//! s.find("a", 2)    _4 = call oxjit.strm.find(s, "a", 2)   intrinsic str.find(str, str, int64, none)
//! m == "mean"       _5 = m == const "mean"                 operator on unicode_type (inline memcmp)
//! ```

use std::rc::Rc;

use ruff_text_size::TextRange;

use super::{Infer, Typed, R};
use crate::diagnostics::Diagnostic;
use crate::mir::{BinOp, CallTarget, CmpOp, Const, Operand, Res, Rvalue};
use crate::types::Ty;

/// Every method of Python's `str`, so that `s.title()` says "not supported yet" rather than
/// "no attribute".
const PY_METHODS: &[&str] = &[
    "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map", "index", "isalnum", "isalpha",
    "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
    "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
];

/// The methods compiled code supports.
pub fn is_method(name: &str) -> bool {
    matches!(
        name,
        "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith" | "strip" | "lstrip" | "rstrip" | "upper" | "lower" | "isdigit"
            | "isalpha" | "isspace" | "split" | "join" | "replace" | "zfill" | "center" | "ljust" | "rjust"
    )
}

fn intrinsic(name: &str, params: Vec<Ty>, ret: Ty) -> Typed {
    Typed::Done(ret, Res::Call(CallTarget::Intrinsic { name: Rc::from(name), params }))
}

/// An integer (or bool) argument.
fn int_like(t: &Ty) -> bool {
    t.is_int() || *t == Ty::BOOL
}

/// A `start`/`end` bound of `find` and friends: an integer or `None` (omitted).
fn bound_ok(t: &Ty) -> bool {
    int_like(t) || *t == Ty::None
}

fn call_fn(name: &str, args: Vec<Operand>) -> Typed {
    Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(name))), args, kwargs: vec![] })
}

impl Infer<'_, '_> {
    fn str_err(&self, msg: String, span: TextRange) -> Diagnostic {
        Diagnostic::typing("E0306", msg).with_primary(&self.file, span, "")
    }

    /// `s.name`: a bound method of a string.
    pub(super) fn str_getattr(&self, name: &str, o: &Operand, span: TextRange) -> R<Ty> {
        if PY_METHODS.contains(&name) {
            return Ok(Ty::Method(std::sync::Arc::new((Ty::Str, std::sync::Arc::from(name)))));
        }
        Err(Diagnostic::typing("E0309", format!("unicode_type has no attribute `{name}`")).with_primary(&self.file, span, format!("{} is unicode_type", self.describe(o))))
    }

    /// `s.name(args)`: rewritten to `oxjit.strm.name(s, args)`, typed by [`Self::str_call`].
    pub(super) fn str_method_call(&self, name: &str, func: &Operand, args: &[Operand], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        if !is_method(name) {
            return Err(Diagnostic::unsupported("E0307", format!("method `{name}` of unicode_type is not supported yet"))
                .with_primary(&self.file, span, "")
                .with_note("supported string methods: find, rfind, index, rindex, count, startswith, endswith, strip, lstrip, rstrip, upper, lower, isdigit, isalpha, isspace, split, join, replace, zfill, center, ljust, rjust"));
        }
        let Some(recv) = self.method_receiver(func) else {
            return Err(Diagnostic::unsupported("E0307", format!("string method `{name}` used as a value")).with_primary(&self.file, span, ""));
        };
        let args = std::iter::once(recv).chain(args.iter().cloned()).collect();
        Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(format!("oxjit.strm.{name}").as_str()))), args, kwargs: kwargs.to_vec() }))
    }

    /// `a + b`, `s * n` with a string operand.
    pub(super) fn str_binop(&self, op: BinOp, a: &Operand, b: &Operand, ta: &Ty, tb: &Ty, span: TextRange) -> R<Typed> {
        match (op, ta, tb) {
            (BinOp::Add, Ty::Str, Ty::Str) => Ok(call_fn("oxjit.str_concat", vec![a.clone(), b.clone()])),
            (BinOp::Mul, Ty::Str, n) if int_like(n) => Ok(call_fn("oxjit.str_repeat", vec![a.clone(), b.clone()])),
            (BinOp::Mul, n, Ty::Str) if int_like(n) => Ok(call_fn("oxjit.str_repeat", vec![b.clone(), a.clone()])),
            _ => Err(Diagnostic::typing("E0301", format!("unsupported operand types for {}: {ta} and {tb}", op.symbol()))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))),
        }
    }

    /// `a == b`, `a < b`, `sub in s`, `s in ("a", "b")` with a string operand.
    pub(super) fn str_compare(&self, op: CmpOp, a: &Operand, b: &Operand, ta: &Ty, tb: &Ty, span: TextRange) -> R<Typed> {
        let err = || {
            Diagnostic::typing("E0303", format!("cannot compare {ta} and {tb} with `{}`", op.symbol()))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))
        };
        let string_op = || Typed::Done(Ty::BOOL, Res::Op { operand_ty: Ty::Str });
        match (op, ta, tb) {
            (CmpOp::In | CmpOp::NotIn, Ty::Str, Ty::Str) => {
                let name = if op == CmpOp::In { "oxjit.str_contains" } else { "oxjit.str_not_contains" };
                Ok(call_fn(name, vec![b.clone(), a.clone()]))
            }
            // A string among a tuple of strings: compared one by one.
            (CmpOp::In | CmpOp::NotIn, Ty::Str, Ty::Tuple(items)) if items.iter().all(|t| *t == Ty::Str) => Ok(string_op()),
            (CmpOp::In | CmpOp::NotIn, ..) => Err(err()),
            (_, Ty::Str, Ty::Str) => Ok(string_op()),
            // Numba: a string never equals a value of another type.
            (CmpOp::Eq, ..) => Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(false))))),
            (CmpOp::NotEq, ..) => Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(true))))),
            _ => Err(err()),
        }
    }

    /// Calls involving strings: builtins (`len`, `str`, `ord`, `chr`, `bool`), the rewritten
    /// methods, indexing and `in`. `None` when not a string call.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn str_call(&mut self, name: &str, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Option<Typed>> {
        let first_str = ats.first() == Some(&Ty::Str);
        let r = match name {
            "builtins.len" | "oxjit.iter_len" if first_str => match ats {
                [_] => intrinsic("str.len", vec![Ty::Str], Ty::I64),
                _ => return Err(self.str_err("len() takes exactly one argument".into(), span)),
            },
            "builtins.str" if kwargs.is_empty() => match ats {
                [] => Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Str(Rc::from(""))))),
                [Ty::Str] => Typed::Rewrite(Rvalue::Use(args[0].clone())),
                [t] if int_like(t) => intrinsic("str.new_from_int", vec![t.clone()], Ty::Str),
                [t] => {
                    return Err(Diagnostic::unsupported("E0307", format!("str() of {t} is not supported in compiled code (integers, bools and strings are)"))
                        .with_primary(&self.file, span, format!("{} is {t}", self.describe(&args[0]))))
                }
                _ => return Err(self.str_err(format!("str() takes at most 1 argument in compiled code ({} given)", args.len()), span)),
            },
            "builtins.ord" => match ats {
                [Ty::Str] => intrinsic("str.ord", vec![Ty::Str], Ty::I64),
                [t] => return Err(self.str_err(format!("ord() expected a string of length 1, but {t} found"), span)),
                _ => return Err(self.str_err(format!("ord() takes exactly one argument ({} given)", args.len()), span)),
            },
            "builtins.chr" => match ats {
                [t] if int_like(t) => intrinsic("str.new_chr", vec![Ty::I64], Ty::Str),
                [t] => return Err(self.str_err(format!("chr() takes an integer, not {t}"), span)),
                _ => return Err(self.str_err(format!("chr() takes exactly one argument ({} given)", args.len()), span)),
            },
            "builtins.bool" if first_str && args.len() == 1 => Typed::Rewrite(Rvalue::Truth(args[0].clone())),
            "oxjit.str_getitem" => match &ats[1..] {
                [t] if int_like(t) => intrinsic("str.new_getitem", vec![Ty::Str, Ty::I64], Ty::Str),
                [Ty::Slice(s)] => intrinsic("str.new_slice", vec![Ty::Str, Ty::Slice(*s)], Ty::Str),
                [t] => {
                    return Err(Diagnostic::typing("E0308", format!("string indices must be integers or slices, not {t}"))
                        .with_primary(&self.file, span, format!("{} is {t}", self.describe(&args[1]))))
                }
                _ => return Err(Diagnostic::typing("E0308", "strings take a single index").with_primary(&self.file, span, "")),
            },
            "oxjit.str_contains" | "oxjit.str_not_contains" => intrinsic(&name.replace("oxjit.str_", "str."), vec![Ty::Str, Ty::Str], Ty::BOOL),
            "oxjit.str_concat" => intrinsic("str.new_concat", vec![Ty::Str, Ty::Str], Ty::Str),
            "oxjit.str_repeat" => intrinsic("str.new_repeat", vec![Ty::Str, Ty::I64], Ty::Str),
            _ => {
                let Some(m) = name.strip_prefix("oxjit.strm.") else { return Ok(None) };
                return self.str_method(m, func, args, ats, kwargs, span).map(Some);
            }
        };
        Ok(Some(r))
    }

    /// `s.name(args)` (the receiver is `args[0]`).
    fn str_method(&mut self, name: &str, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        let nargs = args.len() - 1;
        let arity = |this: &Self, lo: usize, hi: usize| -> R<()> {
            if nargs < lo || nargs > hi {
                let want = if lo == hi { format!("{lo}") } else { format!("{lo} to {hi}") };
                return Err(this.str_err(format!("str.{name}() takes {want} argument{} ({nargs} given)", if hi == 1 { "" } else { "s" }), span));
            }
            Ok(())
        };
        if !kwargs.is_empty() {
            if name != "split" {
                return Err(self.str_err(format!("str.{name}() takes no keyword arguments"), span));
            }
            let placed = self.place_kwargs("str.split", &["self", "sep", "maxsplit"], args, kwargs, span)?;
            return Ok(Typed::Rewrite(Rvalue::Call { func: func.clone(), args: placed, kwargs: vec![] }));
        }
        let arg_err = |this: &Self, k: usize, want: &str| -> Diagnostic {
            Diagnostic::typing("E0306", format!("str.{name}() argument {k} must be {want}, not {}", ats[k]))
                .with_primary(&this.file, span, format!("{} is {}", this.describe(&args[k]), ats[k]))
        };
        // Omitted optional arguments are passed as `None` (a rewrite), so every call of a
        // method has all its parameters.
        let full = match name {
            "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith" => 3,
            "strip" | "lstrip" | "rstrip" => 1,
            "split" | "center" | "ljust" | "rjust" => 2,
            "replace" => 3,
            _ => 0,
        };
        if nargs < full && self.arity_ok(name, nargs) {
            let mut padded = args.to_vec();
            padded.resize(full + 1, Operand::Const(Const::None));
            return Ok(Typed::Rewrite(Rvalue::Call { func: func.clone(), args: padded, kwargs: vec![] }));
        }
        let opt = |k: usize| ats.get(k).cloned().unwrap_or(Ty::None);
        match name {
            "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith" => {
                arity(self, 1, 3)?;
                let tuple_ok = matches!(name, "startswith" | "endswith") && matches!(&ats[1], Ty::Tuple(items) if !items.is_empty() && items.iter().all(|t| *t == Ty::Str));
                if ats[1] != Ty::Str && !tuple_ok {
                    let want = if matches!(name, "startswith" | "endswith") { "a string or a tuple of strings" } else { "a string" };
                    return Err(arg_err(self, 1, want));
                }
                if let Some(k) = (2..args.len()).find(|&k| !bound_ok(&ats[k])) {
                    return Err(arg_err(self, k, "an integer or None"));
                }
                let ret = match name {
                    "startswith" | "endswith" => Ty::BOOL,
                    _ => Ty::I64,
                };
                Ok(intrinsic(&format!("str.{name}"), vec![Ty::Str, ats[1].clone(), opt(2), opt(3)], ret))
            }
            "strip" | "lstrip" | "rstrip" => {
                arity(self, 0, 1)?;
                if nargs == 1 && !matches!(ats[1], Ty::Str | Ty::None) {
                    return Err(arg_err(self, 1, "a string or None"));
                }
                Ok(intrinsic(&format!("str.new_{name}"), vec![Ty::Str, opt(1)], Ty::Str))
            }
            "upper" | "lower" => {
                arity(self, 0, 0)?;
                Ok(intrinsic(&format!("str.new_{name}"), vec![Ty::Str], Ty::Str))
            }
            "isdigit" | "isalpha" | "isspace" => {
                arity(self, 0, 0)?;
                // Numba's types: `isdigit`/`isalpha` give int64, `isspace` a bool.
                let ret = if name == "isspace" { Ty::BOOL } else { Ty::I64 };
                Ok(intrinsic(&format!("str.{name}"), vec![Ty::Str], ret))
            }
            "split" => {
                arity(self, 0, 2)?;
                if !matches!(ats[1], Ty::Str | Ty::None) {
                    return Err(arg_err(self, 1, "a string or None"));
                }
                if !int_like(&ats[2]) && ats[2] != Ty::None {
                    return Err(arg_err(self, 2, "an integer"));
                }
                let max = if ats[2] == Ty::None { Ty::None } else { Ty::I64 };
                Ok(intrinsic("str.new_split", vec![Ty::Str, ats[1].clone(), max], Ty::list(Ty::Str, false)))
            }
            "join" => {
                arity(self, 1, 1)?;
                match &ats[1] {
                    Ty::List(l) => match &l.elem {
                        Some(Ty::Str) => Ok(intrinsic("str.new_join", vec![Ty::Str, ats[1].clone()], Ty::Str)),
                        Some(_) => Err(arg_err(self, 1, "an iterable of strings")),
                        None => Ok(Typed::Unknown),
                    },
                    // Other iterables of strings: collected into a list first (a prelude call).
                    Ty::Str => Ok(self.str_prelude_join(args)),
                    Ty::Tuple(items) if !items.is_empty() && items.iter().all(|t| *t == Ty::Str) => Ok(self.str_prelude_join(args)),
                    _ => Err(arg_err(self, 1, "an iterable of strings")),
                }
            }
            "replace" => {
                arity(self, 2, 3)?;
                if let Some(k) = (1..3).find(|&k| ats[k] != Ty::Str) {
                    return Err(arg_err(self, k, "a string"));
                }
                if !int_like(&ats[3]) && ats[3] != Ty::None {
                    return Err(arg_err(self, 3, "an integer"));
                }
                let count = if ats[3] == Ty::None { Ty::None } else { Ty::I64 };
                Ok(intrinsic("str.new_replace", vec![Ty::Str, Ty::Str, Ty::Str, count], Ty::Str))
            }
            "zfill" | "center" | "ljust" | "rjust" => {
                if name == "zfill" {
                    arity(self, 1, 1)?;
                } else {
                    arity(self, 1, 2)?;
                }
                if !int_like(&ats[1]) {
                    return Err(arg_err(self, 1, "an integer"));
                }
                if nargs == 2 && !matches!(ats[2], Ty::Str | Ty::None) {
                    return Err(arg_err(self, 2, "a string"));
                }
                let params = if name == "zfill" { vec![Ty::Str, Ty::I64] } else { vec![Ty::Str, Ty::I64, opt(2)] };
                Ok(intrinsic(&format!("str.new_{name}"), params, Ty::Str))
            }
            _ => Err(Diagnostic::unsupported("E0307", format!("method `{name}` of unicode_type is not supported yet")).with_primary(&self.file, span, "")),
        }
    }

    /// Whether `nargs` arguments (after the receiver) fit method `name`.
    fn arity_ok(&self, name: &str, nargs: usize) -> bool {
        let (lo, hi) = match name {
            "find" | "rfind" | "index" | "rindex" | "count" | "startswith" | "endswith" => (1, 3),
            "strip" | "lstrip" | "rstrip" => (0, 1),
            "split" => (0, 2),
            "center" | "ljust" | "rjust" => (1, 2),
            "replace" => (2, 3),
            _ => (0, 0),
        };
        (lo..=hi).contains(&nargs)
    }

    /// `sep.join(it)` for a tuple or string `it`: a prelude function collects the items into
    /// a list of strings, then joins it.
    fn str_prelude_join(&self, args: &[Operand]) -> Typed {
        Typed::Rewrite(Rvalue::Call {
            func: Operand::Const(Const::Dispatcher(super::lists::prelude_id("str_join"))),
            args: args.to_vec(),
            kwargs: vec![],
        })
    }
}
