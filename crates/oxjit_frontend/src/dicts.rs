//! Dictionaries (`dict` in compiled code, `numba.typed.Dict`) and the `typed` constructors:
//! typing rules. A child of `typeck`, like `lists.rs`.
//!
//! A dict is a runtime object (`oxjit_runtime::dict`): one pointer (`Ty::Dict`), shared by
//! reference. Typing follows Numba's `DictType`:
//!
//! - `{}`, `dict()` and `Dict()` start as `DictType[undefined,undefined]`; the first item
//!   assignment (`d[k] = v`, `d.setdefault`, `d.update`) in the function fixes the key and value
//!   types, as Numba infers them (through `if`s and loops: inference is a fixpoint). Later keys
//!   and values are *cast* to those types, never widened, and a cast Numba calls unsafe
//!   between number kinds (float to int, complex to float) is a TypingError
//!   (`typedobjectutils._sentry_safe_cast`);
//! - `{k: v, ...}` unifies its keys and its values; `Dict.empty(key_type=..., value_type=...)`
//!   takes types given as values (`types.int64`, `types.float64[:]`, `types.ListType(...)`);
//! - keys are numbers (bool, int, float, complex) or tuples of them ([`key_ok`]); values are
//!   what a list can hold except plain Python lists (Numba refuses reflected lists in dicts:
//!   use `typed.List`);
//! - `d.get(k)` is `OptionalType(V)`: used as a `V` it is checked, `TypeError` when `None`.
//!
//! Operations become `dict.*` intrinsics (`emit/dict.rs`) or prelude calls (`dict_eq`,
//! `dict_sorted`, see `lists.rs`). Iteration: lowering turns `for x in seq` into
//! `held = oxjit.iter_start(seq)` and a counted loop over `oxjit.iter_len(held)` reading
//! `held[i]`; for a dict or a view, `iter_start` makes a `DictView { iter: true }` holding the
//! dict and its length, the loop stops when the length changes (as Numba's iterator does), and
//! `held[i]` is the `i`-th live entry (the runtime packs entries after deletions).
//!
//! ```text
//! d = {}            _1 = call oxjit.dict_build()        DictType[undefined,undefined] → [int64,float64]
//! d[k] = v          d[k] = v                            (refines d; codegen dict_setitem)
//! d[k]              _2 = call oxjit.dict_getitem(d, k)  intrinsic dict.getitem (KeyError)
//! d.get(k, 0.0)     _3 = call oxjit.dictm.get(d, k, 0.0)  intrinsic dict.get
//! ```

use std::rc::Rc;
use std::sync::Arc;

use ruff_text_size::TextRange;

use super::lists::{elem_ok, prelude_id};
use super::{Infer, Typed, R};
use crate::diagnostics::Diagnostic;
use crate::mir::{CallTarget, CmpOp, Const, LocalId, Operand, Res, Rvalue};
use crate::templates;
use crate::types::{DictTy, DictViewKind, DictViewTy, Scalar, Ty};

/// The most 8-byte words a key may take (the runtime's key descriptor holds 16).
pub const MAX_KEY_WORDS: usize = 16;

/// Whether dicts may have keys of `t`: numbers and (non-empty) tuples of them.
pub fn key_ok(t: &Ty) -> bool {
    fn ok(t: &Ty) -> bool {
        match t {
            Ty::Scalar(_) => true,
            Ty::Tuple(items) => !items.is_empty() && items.iter().all(ok),
            _ => false,
        }
    }
    ok(t) && t.slot_size() / 8 <= MAX_KEY_WORDS
}

/// The runtime's key descriptor for keys of `t` (`oxjit_runtime::dict::KeyKind` codes, 4 bits
/// per word) and the number of words; `None` for types that cannot be keys.
pub fn key_layout(t: &Ty) -> Option<(u64, usize)> {
    fn walk(t: &Ty, out: &mut Vec<u64>) -> Option<()> {
        match t {
            Ty::Scalar(s) => {
                let code = match s {
                    Scalar::Bool => 1,
                    Scalar::I8 => 2,
                    Scalar::I16 => 3,
                    Scalar::I32 => 4,
                    Scalar::I64 => 5,
                    Scalar::U8 => 6,
                    Scalar::U16 => 7,
                    Scalar::U32 => 8,
                    Scalar::U64 => 9,
                    Scalar::F32 => 10,
                    Scalar::F64 => 11,
                    Scalar::C64 => 12,
                    // Two float64 words.
                    Scalar::C128 => {
                        out.push(11);
                        11
                    }
                };
                out.push(code);
            }
            Ty::Tuple(items) => {
                for it in items.iter() {
                    walk(it, out)?;
                }
            }
            _ => return None,
        }
        Some(())
    }
    if !key_ok(t) {
        return None;
    }
    let mut codes = Vec::new();
    walk(t, &mut codes)?;
    let kinds = codes.iter().enumerate().fold(0u64, |acc, (k, c)| acc | (c << (4 * k)));
    Some((kinds, codes.len()))
}

/// Whether dicts may hold values of `t`: what lists hold, except plain (reflected or
/// kernel-made) Python lists, which Numba refuses in dicts.
pub fn value_ok(t: &Ty) -> bool {
    fn no_plain_list(t: &Ty) -> bool {
        match t {
            Ty::List(l) => l.typed,
            Ty::Tuple(items) => items.iter().all(no_plain_list),
            _ => true,
        }
    }
    elem_ok(t) && no_plain_list(t) && super::lists::shareable(t)
}

/// The dict methods compiled code supports.
pub fn is_method(name: &str) -> bool {
    matches!(name, "get" | "pop" | "setdefault" | "keys" | "values" | "items" | "copy" | "clear" | "update" | "popitem")
}

fn intrinsic(name: &str, params: Vec<Ty>, ret: Ty) -> Typed {
    Typed::Done(ret, Res::Call(CallTarget::Intrinsic { name: Rc::from(name), params }))
}

/// `t` with `OptionalType` removed (how an optional value is used as a plain one).
pub fn strip_optional(t: Ty) -> Ty {
    match t {
        Ty::Optional(inner) => (*inner).clone(),
        t => t,
    }
}

/// Numba's `_sentry_safe_cast`: whether a value of `from` may be stored as `to` in a typed
/// container (`None` = yes) or why not. Numbers convert unless a float or complex value would
/// become an integer, or a complex one a float; tuples item by item; arrays to any layout of
/// the same dtype and dimensions; containers only to their own type.
pub fn cast_error(from: &Ty, to: &Ty) -> Option<String> {
    if from == to {
        return None;
    }
    let refuse = || Some(format!("cannot safely cast {from} to {to}. Please cast explicitly."));
    match (from, to) {
        (Ty::Scalar(f), Ty::Scalar(t)) => {
            let lossy = (t.is_int() && (f.is_float() || f.is_complex())) || (t.is_float() && f.is_complex());
            if lossy {
                refuse()
            } else {
                None
            }
        }
        (Ty::Tuple(a), Ty::Tuple(b)) if a.len() == b.len() => a.iter().zip(b.iter()).find_map(|(x, y)| cast_error(x, y)).and(refuse()),
        (Ty::Array(a), Ty::Array(b)) => {
            let ok = a.dtype == b.dtype && a.ndim == b.ndim && (b.layout == crate::types::Layout::A || a.layout == b.layout) && (!a.readonly || b.readonly);
            if ok {
                None
            } else {
                refuse()
            }
        }
        // An empty container literal takes the container's type.
        (Ty::List(_), Ty::List(_)) | (Ty::Dict(_), Ty::Dict(_)) if templates::unify(from, to).as_ref() == Some(to) => None,
        _ => refuse(),
    }
}

fn view(d: &DictTy, kind: DictViewKind, iter: bool) -> Ty {
    Ty::DictView(Arc::new(DictViewTy { dict: d.clone(), kind, iter }))
}

impl Infer<'_, '_> {
    fn dict_err(&self, code: &'static str, msg: String, span: TextRange) -> Diagnostic {
        Diagnostic::typing(code, msg).with_primary(&self.file, span, "")
    }

    /// Checks that `from` values may be stored as `to` (typed containers; see [`cast_error`]).
    pub(super) fn container_cast_check(&self, from: &Ty, to: &Ty, what: &Operand, span: TextRange) -> R<()> {
        match cast_error(from, to) {
            None => Ok(()),
            Some(msg) => Err(Diagnostic::typing("E0311", msg).with_primary(&self.file, span, format!("{} is {from}", self.describe(what)))),
        }
    }

    fn key_check(&self, t: &Ty, what: &Operand, span: TextRange) -> R<()> {
        if key_ok(t) {
            return Ok(());
        }
        Err(Diagnostic::typing("E0314", format!("dict keys of {t} are not supported"))
            .with_primary(&self.file, span, format!("{} is {t}", self.describe(what)))
            .with_note("dict keys can be numbers (bool, int, float, complex) or tuples of them"))
    }

    fn value_check(&self, t: &Ty, what: &Operand, span: TextRange) -> R<()> {
        if value_ok(t) {
            return Ok(());
        }
        let mut d = Diagnostic::typing("E0314", format!("dict values of {t} are not supported")).with_primary(&self.file, span, format!("{} is {t}", self.describe(what)));
        d = if matches!(t, Ty::List(_)) {
            d.with_help("a dict holds typed lists: build the value with `numba.typed.List` (`List()`, `List(items)`)")
        } else {
            d.with_note("dict values can be numbers, tuples, arrays, typed lists or dicts")
        };
        Err(d)
    }

    /// `x.name` on a dict: a bound method.
    pub(super) fn dict_getattr(&self, t: &Ty, name: &str, o: &Operand, span: TextRange) -> R<Ty> {
        if is_method(name) {
            return Ok(Ty::Method(Arc::new((t.clone(), Arc::from(name)))));
        }
        Err(Diagnostic::typing("E0309", format!("{t} has no attribute `{name}`")).with_primary(&self.file, span, format!("{} is {t}", self.describe(o))))
    }

    /// `d.name(args)`: rewritten to `oxjit.dictm.name(d, args)`, typed by [`Self::dict_method`].
    pub(super) fn dict_method_call(&self, name: &str, func: &Operand, args: &[Operand], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        let Some(recv) = self.method_receiver(func) else {
            return Err(Diagnostic::unsupported("E0307", format!("dict method `{name}` used as a value")).with_primary(&self.file, span, ""));
        };
        let args = std::iter::once(recv).chain(args.iter().cloned()).collect();
        Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(format!("oxjit.dictm.{name}").as_str()))), args, kwargs: kwargs.to_vec() }))
    }

    /// Stores a key of type `kt` and a value of type `vt` into the dict `recv` (typed `d`):
    /// the key and value types they are stored as. An empty dict held by a variable takes
    /// them (Numba types a dict by its first item assignment).
    fn dict_store(&mut self, recv: &Operand, d: &DictTy, kt: &Ty, vt: &Ty, key: &Operand, value: &Operand, span: TextRange) -> R<Option<(Ty, Ty)>> {
        match (&d.key, &d.value) {
            (Some(k), Some(v)) => {
                self.container_cast_check(kt, k, key, span)?;
                self.container_cast_check(vt, v, value, span)?;
                Ok(Some((k.clone(), v.clone())))
            }
            _ => {
                self.key_check(kt, key, span)?;
                self.value_check(vt, value, span)?;
                let k = d.key.clone().unwrap_or_else(|| kt.clone());
                let v = d.value.clone().unwrap_or_else(|| vt.clone());
                match recv {
                    Operand::Local(l) if !self.is_param(recv) => {
                        self.unify_local(*l, Ty::dict(Some(k.clone()), Some(v.clone())), span)?;
                        Ok(Some((k, v)))
                    }
                    _ => Ok(None),
                }
            }
        }
    }

    /// The parameter types of the key operands of `d[k]` (one operand), or of `d[a, b]` (the
    /// parts of a tuple key, which code generation assembles), after checking that they cast
    /// to the key type `k`.
    pub(super) fn key_args(&self, k: &Ty, keys: &[Operand], kts: &[Ty], span: TextRange) -> R<Vec<Ty>> {
        match (keys, kts) {
            ([key], [kt]) => {
                self.container_cast_check(kt, k, key, span)?;
                Ok(vec![k.clone()])
            }
            _ => {
                let given = Ty::tuple(kts.to_vec());
                match k {
                    Ty::Tuple(parts) if parts.len() == kts.len() => {
                        if let Some(msg) = cast_error(&given, k) {
                            return Err(Diagnostic::typing("E0311", msg).with_primary(&self.file, span, format!("the key is {given}")));
                        }
                        Ok(parts.to_vec())
                    }
                    _ => Err(Diagnostic::typing("E0311", format!("cannot use a key of {given} in a dict with keys of {k}")).with_primary(&self.file, span, "")),
                }
            }
        }
    }

    /// `types.float64[:]`, `types.int32[:, ::1]` inside a kernel: an array type (the layout
    /// from which axis is written `::1`, read from the slices' definitions).
    pub(super) fn type_subscript(&self, t: &Ty, idx: &[Operand], span: TextRange) -> R<Ty> {
        let bad = || Diagnostic::typing("E0308", format!("{t} can only be indexed by `:` and `::1` (an array type)")).with_primary(&self.file, span, "");
        let Ty::TypeRef(inner) = t else { return Err(bad()) };
        let Some(dtype) = inner.scalar() else { return Err(bad()) };
        let mut contiguous = Vec::new();
        for (k, o) in idx.iter().enumerate() {
            let Operand::Local(l) = o else { return Err(bad()) };
            let def = self.body.blocks.iter().flat_map(|b| &b.stmts).find_map(|s| match &s.kind {
                crate::mir::StmtKind::Assign { dest, value: Rvalue::Call { func: Operand::Const(Const::Function(f)), args, .. }, .. } if dest == l && &**f == "oxjit.slice" => Some(args.clone()),
                _ => None,
            });
            match def.as_deref() {
                Some([Operand::Const(Const::None), Operand::Const(Const::None)]) => {}
                Some([Operand::Const(Const::None), Operand::Const(Const::None), Operand::Const(Const::Int(1))]) => contiguous.push(k),
                _ => return Err(bad()),
            }
        }
        let n = idx.len();
        let layout = match contiguous.as_slice() {
            [] => crate::types::Layout::A,
            [k] if *k + 1 == n => crate::types::Layout::C,
            [0] => crate::types::Layout::F,
            _ => return Err(bad()),
        };
        Ok(Ty::TypeRef(Arc::new(Ty::array(dtype, n as u8, layout))))
    }

    /// The types given to `Dict.empty` / `List.empty_list` (`types.int64`, NumPy scalar classes).
    fn type_arg(&self, t: &Ty, what: &str, span: TextRange) -> R<Ty> {
        match t {
            Ty::TypeRef(t) => Ok((**t).clone()),
            Ty::Function(n) => match n.strip_prefix("numpy.").and_then(Scalar::from_name) {
                Some(s) => Ok(Ty::Scalar(s)),
                None => Err(self.dict_err("E0306", format!("{what} must be a type (such as `types.int64`), not {t}"), span)),
            },
            _ => Err(self.dict_err("E0306", format!("{what} must be a type (such as `types.int64`), not {t}"), span)),
        }
    }

    /// Positional and keyword arguments placed by parameter name (for the `typed` constructors).
    fn placed(&self, what: &str, names: &[&str], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Vec<Option<Ty>>> {
        if ats.len() > names.len() {
            return Err(self.dict_err("E0306", format!("{what}() takes at most {} arguments ({} given)", names.len(), ats.len()), span));
        }
        let mut out: Vec<Option<Ty>> = ats.iter().cloned().map(Some).collect();
        out.resize(names.len(), None);
        for ((k, _), t) in kwargs.iter().zip(kts) {
            let Some(pos) = names.iter().position(|n| **n == **k) else {
                return Err(self.dict_err("E0306", format!("{what}() got an unexpected keyword argument `{k}`"), span));
            };
            if out[pos].is_some() {
                return Err(self.dict_err("E0306", format!("{what}() got multiple values for argument `{k}`"), span));
            }
            out[pos] = Some(t.clone());
        }
        Ok(out)
    }

    /// Calls involving dicts and the `typed` constructors; `None` when not one of them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn dict_call(&mut self, name: &str, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Option<Typed>> {
        let bad = |this: &Self, msg: String| this.dict_err("E0306", msg, span);
        let first = ats.first();
        let dict0 = first.and_then(Ty::as_dict).cloned();
        let r = match name {
            "oxjit.dict_build" => {
                let (mut kt, mut vt): (Option<Ty>, Option<Ty>) = (None, None);
                for pair in args.chunks(2).zip(ats.chunks(2)) {
                    let ([k, v], [tk, tv]) = pair else { return Err(Diagnostic::internal("dict display without pairs")) };
                    self.key_check(tk, k, span)?;
                    self.value_check(tv, v, span)?;
                    for (acc, t, what) in [(&mut kt, tk, "keys"), (&mut vt, tv, "values")] {
                        *acc = Some(match acc.take() {
                            None => t.clone(),
                            Some(a) => match templates::unify(&a, t) {
                                Some(u) => u,
                                None => {
                                    return Err(Diagnostic::typing("E0304", format!("cannot make a dict whose {what} are {a} and {t}"))
                                        .with_primary(&self.file, span, "")
                                        .with_note("a dict holds keys of one type and values of one type"))
                                }
                            },
                        });
                    }
                }
                let params = match (&kt, &vt) {
                    (Some(k), Some(v)) => args.chunks(2).flat_map(|_| [k.clone(), v.clone()]).collect(),
                    _ => vec![],
                };
                intrinsic("dict.new_build", params, Ty::dict(kt, vt))
            }
            "builtins.dict" | "oxjit.typed.Dict" => {
                if !args.is_empty() || !kwargs.is_empty() {
                    let short = if name == "builtins.dict" { "dict" } else { "Dict" };
                    return Err(bad(self, format!("{short}() takes no arguments in compiled code (use `d.copy()` to copy a dict)")));
                }
                Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.dict_build"))), args: vec![], kwargs: vec![] })
            }
            "oxjit.typed.Dict.empty" => {
                let p = self.placed("Dict.empty", &["key_type", "value_type", "n_keys"], ats, kwargs, kts, span)?;
                let (Some(k), Some(v)) = (&p[0], &p[1]) else {
                    return Err(bad(self, "Dict.empty() needs `key_type` and `value_type`".into()));
                };
                let (k, v) = (self.type_arg(k, "key_type", span)?, self.type_arg(v, "value_type", span)?);
                if !key_ok(&k) {
                    return Err(bad(self, format!("dict keys of {k} are not supported (numbers and tuples of them are)")));
                }
                if !value_ok(&v) {
                    return Err(bad(self, format!("dict values of {v} are not supported")));
                }
                let mut params: Vec<Ty> = ats.to_vec();
                params.extend(kts.iter().cloned());
                intrinsic("dict.new_empty", params, Ty::dict(Some(k), Some(v)))
            }
            "oxjit.typed.List" => {
                if !kwargs.is_empty() {
                    return Err(bad(self, "List() takes no keyword arguments in compiled code".into()));
                }
                // (`List(iterable)` is lowered as the loop appending the items.)
                match ats {
                    [] => intrinsic("list.new_build", vec![], Ty::typed_list(None)),
                    _ => return Err(bad(self, format!("List() takes at most 1 argument ({} given)", args.len()))),
                }
            }
            "oxjit.typed.List.empty_list" => {
                let p = self.placed("List.empty_list", &["item_type", "allocated"], ats, kwargs, kts, span)?;
                let Some(t) = &p[0] else {
                    return Err(bad(self, "List.empty_list() needs `item_type`".into()));
                };
                if let Some(a) = &p[1] {
                    if !a.is_int() {
                        return Err(bad(self, format!("`allocated` must be an integer, not {a}")));
                    }
                }
                let e = self.type_arg(t, "item_type", span)?;
                if !elem_ok(&e) || !super::lists::shareable(&e) {
                    return Err(bad(self, format!("typed lists of {e} are not supported yet")));
                }
                let mut params: Vec<Ty> = ats.to_vec();
                params.extend(kts.iter().cloned());
                intrinsic("list.new_empty", params, Ty::typed_list(Some(e)))
            }
            "oxjit.dict_getitem" => match first {
                Some(Ty::Dict(d)) => {
                    let (Some(k), Some(v)) = (&d.key, &d.value) else { return Ok(Some(Typed::Unknown)) };
                    let mut params = vec![ats[0].clone()];
                    params.extend(self.key_args(k, &args[1..], &ats[1..], span)?);
                    intrinsic("dict.getitem", params, v.clone())
                }
                Some(Ty::DictView(vw)) if vw.iter => match vw.item() {
                    Some(item) => intrinsic("dict.iter_item", vec![ats[0].clone(), Ty::I64], item),
                    None => Typed::Unknown,
                },
                Some(t) => return Err(Diagnostic::typing("E0308", format!("{t} is not subscriptable")).with_primary(&self.file, span, "")),
                None => return Ok(None),
            },
            "oxjit.dict_truth" => intrinsic("dict.truth", vec![ats[0].clone()], Ty::BOOL),
            "oxjit.dict_contains" | "oxjit.dict_not_contains" => {
                let d = match first {
                    Some(Ty::Dict(d)) => (**d).clone(),
                    Some(Ty::DictView(v)) => v.dict.clone(),
                    _ => return Ok(None),
                };
                let Some(k) = d.key else { return Ok(Some(Typed::Unknown)) };
                let op = if name == "oxjit.dict_contains" { "dict.contains" } else { "dict.not_contains" };
                intrinsic(op, vec![ats[0].clone(), k], Ty::BOOL)
            }
            "oxjit.delitem" => match first {
                Some(Ty::Dict(d)) => {
                    let Some(k) = &d.key else { return Ok(Some(Typed::Unknown)) };
                    let mut params = vec![ats[0].clone()];
                    params.extend(self.key_args(k, &args[1..], &ats[1..], span)?);
                    intrinsic("dict.delitem", params, Ty::None)
                }
                Some(Ty::List(_)) => match &ats[1..] {
                    [t] if t.is_int() || *t == Ty::BOOL => Typed::Rewrite(Rvalue::Call {
                        func: Operand::Const(Const::Function(Rc::from("oxjit.listm.pop"))),
                        args: args.to_vec(),
                        kwargs: vec![],
                    }),
                    _ => return Err(bad(self, "`del` of a list item takes one integer index in compiled code".into())),
                },
                Some(t) => return Err(self.dict_err("E0311", format!("{t} does not support item deletion"), span)),
                None => return Ok(None),
            },
            "oxjit.iter_start" => match first {
                Some(Ty::Dict(d)) => intrinsic("dict.iter_start", vec![ats[0].clone()], view(d, DictViewKind::Keys, true)),
                Some(Ty::DictView(v)) if !v.iter => intrinsic("dict.iter_start", vec![ats[0].clone()], view(&v.dict, v.kind, true)),
                Some(_) => Typed::Rewrite(Rvalue::Use(args[0].clone())),
                None => return Ok(None),
            },
            "builtins.len" | "oxjit.iter_len" => match first {
                Some(Ty::Dict(_)) => intrinsic("dict.len", vec![ats[0].clone()], Ty::I64),
                Some(Ty::DictView(v)) if !v.iter => intrinsic("dict.len", vec![ats[0].clone()], Ty::I64),
                Some(Ty::DictView(_)) if name == "oxjit.iter_len" => intrinsic("dict.iter_len", vec![ats[0].clone()], Ty::I64),
                _ => return Ok(None),
            },
            "builtins.list" => match first {
                Some(Ty::Dict(_) | Ty::DictView(_)) if args.len() == 1 => self.prelude_call("list_from", args),
                _ => return Ok(None),
            },
            "builtins.sorted" => match first {
                Some(Ty::Dict(d)) if args.len() == 1 && kwargs.is_empty() && d.key.as_ref().is_some_and(|k| k.scalar().is_some_and(|s| !s.is_complex())) => {
                    self.prelude_call("dict_sorted", args)
                }
                Some(Ty::Dict(_)) => return Err(bad(self, "sorted() of a dict is supported for real-number keys, without keyword arguments".into())),
                _ => return Ok(None),
            },
            _ => {
                let Some(m) = name.strip_prefix("oxjit.dictm.") else { return Ok(None) };
                let Some(d) = dict0 else {
                    return Err(Diagnostic::internal("dict method on a non-dict").with_primary(&self.file, span, ""));
                };
                return self.dict_method(m, &d, args, ats, kwargs, span).map(Some);
            }
        };
        Ok(Some(r))
    }

    fn dict_method(&mut self, name: &str, d: &DictTy, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        let recv = args[0].clone();
        let nargs = args.len() - 1;
        let bad = |this: &Self, msg: String| this.dict_err("E0306", msg, span);
        let arity = |this: &Self, lo: usize, hi: usize| -> R<()> {
            if nargs < lo || nargs > hi {
                let want = if lo == hi { format!("{lo}") } else { format!("{lo} to {hi}") };
                return Err(bad(this, format!("dict.{name}() takes {want} argument{} ({nargs} given)", if hi == 1 { "" } else { "s" })));
            }
            Ok(())
        };
        if !kwargs.is_empty() {
            return Err(bad(self, format!("dict.{name}() takes no keyword arguments")));
        }
        // Methods that may type an empty dict.
        match name {
            "setdefault" => {
                arity(self, 2, 2)?;
                let Some((k, v)) = self.dict_store(&recv, d, &ats[1], &ats[2], &args[1], &args[2], span)? else { return Ok(Typed::Unknown) };
                return Ok(intrinsic("dict.setdefault", vec![Ty::dict(Some(k.clone()), Some(v.clone())), k, v.clone()], v));
            }
            "update" => {
                arity(self, 1, 1)?;
                let Ty::Dict(o) = &ats[1] else {
                    return Err(bad(self, format!("dict.update() takes a dict in compiled code, not {}", ats[1])));
                };
                let (Some(ok), Some(ov)) = (&o.key, &o.value) else { return Ok(Typed::Unknown) };
                let Some((k, v)) = self.dict_store(&recv, d, ok, ov, &args[1], &args[1], span)? else { return Ok(Typed::Unknown) };
                if (ok, ov) != (&k, &v) {
                    return Err(bad(self, format!("dict.update() of {} with {}: the key and value types must be the same", Ty::dict(Some(k), Some(v)), ats[1])));
                }
                return Ok(intrinsic("dict.update", vec![ats[1].clone(), ats[1].clone()], Ty::None));
            }
            _ => {}
        }
        let (Some(k), Some(v)) = (d.key.clone(), d.value.clone()) else { return Ok(Typed::Unknown) };
        let dt = Ty::dict(Some(k.clone()), Some(v.clone()));
        match name {
            "get" | "pop" => {
                arity(self, 1, 2)?;
                self.container_cast_check(&ats[1], &k, &args[1], span)?;
                if nargs == 2 {
                    // `_sentry_safe_cast_default`: a `None` default is allowed for `get`.
                    if ats[2] == Ty::None && name == "get" {
                        return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.dictm.get"))), args: args[..2].to_vec(), kwargs: vec![] }));
                    }
                    self.container_cast_check(&ats[2], &v, &args[2], span)?;
                    let op = if name == "get" { "dict.get" } else { "dict.new_pop_default" };
                    return Ok(intrinsic(op, vec![dt, k, v.clone()], v));
                }
                if name == "get" {
                    return Ok(intrinsic("dict.get_optional", vec![dt, k], Ty::Optional(Arc::new(v))));
                }
                Ok(intrinsic("dict.new_pop", vec![dt, k], v))
            }
            "keys" | "values" | "items" => {
                arity(self, 0, 0)?;
                let kind = match name {
                    "keys" => DictViewKind::Keys,
                    "values" => DictViewKind::Values,
                    _ => DictViewKind::Items,
                };
                Ok(intrinsic("dict.view", vec![dt], view(d, kind, false)))
            }
            "copy" => {
                arity(self, 0, 0)?;
                Ok(intrinsic("dict.new_copy", vec![dt.clone()], dt))
            }
            "clear" => {
                arity(self, 0, 0)?;
                Ok(intrinsic("dict.clear", vec![dt], Ty::None))
            }
            "popitem" => {
                arity(self, 0, 0)?;
                Ok(intrinsic("dict.new_popitem", vec![dt], Ty::tuple(vec![k, v])))
            }
            _ => Err(Diagnostic::unsupported("E0307", format!("method `{name}` of dicts is not supported yet")).with_primary(&self.file, span, "")),
        }
    }

    /// `k in d`, `d == e` ... with a dict operand.
    pub(super) fn dict_compare(&self, op: CmpOp, a: &Operand, b: &Operand, ta: &Ty, tb: &Ty, span: TextRange) -> R<Typed> {
        let err = || {
            Diagnostic::typing("E0303", format!("cannot compare {ta} and {tb} with `{}`", op.symbol()))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))
        };
        let prelude = |name: &str, args: Vec<Operand>| Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Dispatcher(prelude_id(name))), args, kwargs: vec![] });
        match op {
            CmpOp::In | CmpOp::NotIn => {
                let d = match tb {
                    Ty::Dict(d) => d.clone(),
                    Ty::DictView(v) if !v.iter && v.kind == DictViewKind::Keys => Arc::new(v.dict.clone()),
                    _ => return Err(err()),
                };
                let Some(k) = d.key.clone() else { return Ok(Typed::Unknown) };
                self.container_cast_check(ta, &k, a, span)?;
                let name = if op == CmpOp::In { "oxjit.dict_contains" } else { "oxjit.dict_not_contains" };
                Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(name))), args: vec![b.clone(), a.clone()], kwargs: vec![] }))
            }
            CmpOp::Eq | CmpOp::NotEq => match (ta, tb) {
                (Ty::Dict(x), Ty::Dict(y)) => {
                    if x.is_defined() && y.is_defined() && (x.key != y.key || !comparable(x.value.as_ref(), y.value.as_ref())) {
                        return Err(err());
                    }
                    Ok(prelude(if op == CmpOp::Eq { "dict_eq" } else { "dict_ne" }, vec![a.clone(), b.clone()]))
                }
                // A dict never equals a non-dict.
                _ => Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(op == CmpOp::NotEq))))),
            },
            _ => Err(err()),
        }
    }

    /// While inference runs: `d[k] = v` types an empty dict variable.
    pub(super) fn dict_setitem_refine(&mut self, base: &Operand, index: &[Operand], value: &Operand, span: TextRange) -> R<()> {
        let (Some(Ty::Dict(d)), Some(vt)) = (self.op_ty(base), self.op_ty(value)) else { return Ok(()) };
        if d.is_defined() || index.is_empty() {
            return Ok(());
        }
        let mut kts = Vec::with_capacity(index.len());
        for i in index {
            match self.op_ty(i) {
                Some(t) => kts.push(t),
                None => return Ok(()),
            }
        }
        let kt = if kts.len() == 1 { kts.pop().expect("one key") } else { Ty::tuple(kts) };
        self.dict_store(base, &d, &kt, &strip_optional(vt), &index[0], value, span)?;
        Ok(())
    }

    /// The final check of `d[k] = v`.
    pub(super) fn dict_setitem(&self, bt: &Ty, index: &[Operand], its: &[Ty], vt: &Ty, value: &Operand, span: TextRange) -> R<()> {
        let Some(d) = bt.as_dict() else { return Err(Diagnostic::internal("dict setitem on a non-dict")) };
        let (Some(k), Some(v)) = (&d.key, &d.value) else {
            return Err(Diagnostic::typing("E0305", "cannot infer the key and value types of this dict").with_primary(&self.file, span, ""));
        };
        self.key_args(k, index, its, span)?;
        self.container_cast_check(&strip_optional(vt.clone()), v, value, span)
    }

    /// After an assignment `dest = value` typed `t`: like `list_retarget`, a `{}` (or `dict()`,
    /// `Dict()`) held by a temporary whose variable was typed by a later item assignment is
    /// built with the variable's types, and `b = a` makes the refinement of `b` one of `a`.
    pub(super) fn dict_retarget(&mut self, dest: LocalId, value: &Rvalue, t: Ty, res: Res, span: TextRange) -> R<(Ty, Res)> {
        let Ty::Dict(_) = &t else { return Ok((t, res)) };
        let Some(dt) = self.tys[dest.index()].clone() else { return Ok((t, res)) };
        let Ty::Dict(dd) = &dt else { return Ok((t, res)) };
        if dt == t {
            return Ok((t, res));
        }
        if let Rvalue::Use(src @ Operand::Local(l)) = value {
            if !self.is_param(src) && templates::unify(&t, &dt).as_ref() == Some(&dt) {
                self.unify_local(*l, dt.clone(), span)?;
                return Ok((dt, res));
            }
        }
        if let Res::Call(CallTarget::Intrinsic { name, .. }) = &res {
            if &**name == "dict.new_build" && dd.is_defined() {
                if let Rvalue::Call { args, .. } = value {
                    let (k, v) = (dd.key.clone().expect("defined"), dd.value.clone().expect("defined"));
                    let params = args.chunks(2).flat_map(|_| [k.clone(), v.clone()]).collect();
                    return Ok((dt.clone(), Res::Call(CallTarget::Intrinsic { name: name.clone(), params })));
                }
            }
        }
        Ok((t, res))
    }

    /// After inference: every dict's key and value types must be known.
    pub(super) fn check_dicts_defined(&self) -> R<()> {
        let mut order: Vec<usize> = (0..self.tys.len()).collect();
        order.sort_by_key(|i| self.body.locals[*i].name.is_none());
        for i in order {
            let Some(t) = &self.tys[i] else { continue };
            let undefined = match t {
                Ty::Dict(d) => !d.is_defined(),
                Ty::DictView(v) => !v.dict.is_defined(),
                _ => false,
            };
            if undefined {
                let local = &self.body.locals[i];
                let what = match &local.name {
                    Some(n) => format!("the empty dict `{n}`"),
                    None => "this empty dict".to_string(),
                };
                return Err(Diagnostic::typing("E0305", format!("cannot infer the key and value types of {what}"))
                    .with_primary(&self.file, self.origin[i].unwrap_or(local.span), "")
                    .with_help("assign an item to it in this function (`d[key] = value`), or create it with `Dict.empty(key_type, value_type)`"));
            }
        }
        Ok(())
    }
}

/// Whether values of `a` and `b` can be compared with `!=` in the `dict_eq` prelude.
fn comparable(a: Option<&Ty>, b: Option<&Ty>) -> bool {
    match (a, b) {
        (Some(Ty::Scalar(_)), Some(Ty::Scalar(_))) => true,
        (Some(x), Some(y)) => x == y && matches!(x, Ty::List(_) | Ty::Dict(_)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Layout;

    #[test]
    fn key_descriptors() {
        assert_eq!(key_layout(&Ty::I64), Some((5, 1)));
        assert_eq!(key_layout(&Ty::tuple(vec![Ty::Scalar(Scalar::I32), Ty::F64])), Some((4 | (11 << 4), 2)));
        assert_eq!(key_layout(&Ty::C128), Some((11 | (11 << 4), 2)));
        assert_eq!(key_layout(&Ty::array(Scalar::F64, 1, Layout::C)), None);
        assert!(key_layout(&Ty::tuple(vec![Ty::I64; 17])).is_none());
    }

    #[test]
    fn safe_casts_follow_numba() {
        assert_eq!(cast_error(&Ty::I64, &Ty::F64), None);
        assert_eq!(cast_error(&Ty::BOOL, &Ty::I64), None);
        assert!(cast_error(&Ty::F64, &Ty::I64).is_some());
        assert!(cast_error(&Ty::C128, &Ty::F64).is_some());
        assert_eq!(cast_error(&Ty::tuple(vec![Ty::I64, Ty::I64]), &Ty::tuple(vec![Ty::F64, Ty::I64])), None);
        assert!(cast_error(&Ty::tuple(vec![Ty::F64]), &Ty::tuple(vec![Ty::I64])).is_some());
        assert_eq!(cast_error(&Ty::array(Scalar::F64, 1, Layout::C), &Ty::array(Scalar::F64, 1, Layout::A)), None);
        assert!(cast_error(&Ty::array(Scalar::F64, 1, Layout::A), &Ty::array(Scalar::F64, 1, Layout::C)).is_some());
        assert!(cast_error(&Ty::list(Ty::I64, false), &Ty::typed_list(Some(Ty::I64))).is_some());
    }

    #[test]
    fn values_refuse_plain_lists() {
        assert!(value_ok(&Ty::typed_list(Some(Ty::I64))));
        assert!(!value_ok(&Ty::list(Ty::I64, false)));
        assert!(value_ok(&Ty::dict(Some(Ty::I64), Some(Ty::F64))));
        assert!(!value_ok(&Ty::dict(None, None)));
    }
}
