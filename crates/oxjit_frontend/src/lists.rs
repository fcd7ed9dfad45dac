//! Python lists: typing rules, and the small Python "prelude" that implements the list
//! operations best written as loops (`index`, `count`, `in`, `==`, `sum`, `min` ...).
//!
//! A list is a runtime object (`oxjit_runtime::list`): a refcounted MemInfo over a growable
//! buffer of items in the slot layout, so one value (`Ty::List`) is a pointer and lists are
//! shared by reference exactly as in Python. Typing follows Numba:
//!
//! - `[a, b, c]` unifies its items (`[1, 2.5]` is `list(float64)`); `[]` starts as
//!   `list(undefined)` and takes its element type from the first `append`/`extend`/`insert`/
//!   item assignment in the function (the variable is *refined*: types only widen, so
//!   `l = [1]; l.append(2.5)` makes `l` a `list(float64)`, as in Numba);
//! - a list passed from Python is a `reflected list(T)`: its final contents are written back
//!   into the caller's list by the dispatcher;
//! - operators and methods become calls: `list.*` intrinsics that code generation lowers
//!   (`emit/list.rs`: append, getitem, slicing, concatenation ...), or calls of the prelude
//!   functions below, which the compiler compiles like user code (an instance per type).
//!
//! This module is a child of `typeck` (it extends `Infer`); [`PreludeHost`] wraps the host
//! so that the prelude's functions have sources and globals of their own.
//!
//! ```text
//! l = []            l = call oxjit.list_build()              list(undefined) → list(int64)
//! l.append(i)       _3 = call oxjit.listm.append(l, i)       intrinsic list.append
//! x in l            _4 = call dispatcher#list_contains(l, x) prelude instance
//! ```

use std::rc::Rc;
use std::sync::Arc;

use ruff_text_size::TextRange;

use super::{Infer, Typed, R};
use crate::diagnostics::Diagnostic;
use crate::host::{FuncId, FuncSource, GlobalValue, Host};
use crate::mir::{BinOp, CallTarget, CmpOp, Const, Operand, Res, Rvalue, StmtKind};
use crate::templates;
use crate::types::{ListTy, ModuleKind, Scalar, Ty};

/// Function ids of the prelude: far above anything a host hands out.
pub const PRELUDE_BASE: FuncId = 0xFFF0_0000;

/// The prelude: list operations as plain Python, compiled on demand per element type.
const PRELUDE: &[(&str, &str)] = &[
    ("list_index", "def list_index(l, v):\n    for i in range(len(l)):\n        if l[i] == v:\n            return i\n    raise ValueError(\"value not in list\")\n"),
    ("list_count", "def list_count(l, v):\n    c = 0\n    for i in range(len(l)):\n        if l[i] == v:\n            c += 1\n    return c\n"),
    (
        "list_remove",
        "def list_remove(l, v):\n    for i in range(len(l)):\n        if l[i] == v:\n            l.pop(i)\n            return\n    raise ValueError(\"list.remove(x): x not in list\")\n",
    ),
    ("list_contains", "def list_contains(l, v):\n    for i in range(len(l)):\n        if l[i] == v:\n            return True\n    return False\n"),
    ("list_not_contains", "def list_not_contains(l, v):\n    for i in range(len(l)):\n        if l[i] == v:\n            return False\n    return True\n"),
    (
        "list_eq",
        "def list_eq(a, b):\n    if len(a) != len(b):\n        return False\n    for i in range(len(a)):\n        if a[i] != b[i]:\n            return False\n    return True\n",
    ),
    (
        "list_ne",
        "def list_ne(a, b):\n    if len(a) != len(b):\n        return True\n    for i in range(len(a)):\n        if a[i] != b[i]:\n            return True\n    return False\n",
    ),
    (
        "list_lt",
        "def list_lt(a, b):\n    for i in range(min(len(a), len(b))):\n        if a[i] != b[i]:\n            return a[i] < b[i]\n    return len(a) < len(b)\n",
    ),
    (
        "list_le",
        "def list_le(a, b):\n    for i in range(min(len(a), len(b))):\n        if a[i] != b[i]:\n            return a[i] < b[i]\n    return len(a) <= len(b)\n",
    ),
    ("list_sum", "def list_sum(l):\n    s = 0\n    for i in range(len(l)):\n        s = s + l[i]\n    return s\n"),
    (
        "list_min",
        "def list_min(l):\n    if len(l) == 0:\n        raise StopIteration(\"min() arg is an empty sequence\")\n    m = l[0]\n    for i in range(1, len(l)):\n        if l[i] < m:\n            m = l[i]\n    return m\n",
    ),
    (
        "list_max",
        "def list_max(l):\n    if len(l) == 0:\n        raise StopIteration(\"max() arg is an empty sequence\")\n    m = l[0]\n    for i in range(1, len(l)):\n        if l[i] > m:\n            m = l[i]\n    return m\n",
    ),
    ("list_extend", "def list_extend(l, it):\n    for x in it:\n        l.append(x)\n"),
    ("list_from", "def list_from(it):\n    out = []\n    for x in it:\n        out.append(x)\n    return out\n"),
    // `np.cross` of 3-vectors along the last axis (Numba's checks and messages).
    (
        "np_cross_1d",
        "def np_cross_1d(a, b):\n    _cross_check(a.shape[0], b.shape[0])\n    out = np.empty(3, (a[:1] * b[:1]).dtype)\n    out[0] = a[1] * b[2] - a[2] * b[1]\n    out[1] = a[2] * b[0] - a[0] * b[2]\n    out[2] = a[0] * b[1] - a[1] * b[0]\n    return out\n",
    ),
    (
        "np_cross_nd",
        "def np_cross_nd(a, b):\n    _cross_check(a.shape[-1], b.shape[-1])\n    a0 = a[..., 0]\n    a1 = a[..., 1]\n    a2 = a[..., 2]\n    b0 = b[..., 0]\n    b1 = b[..., 1]\n    b2 = b[..., 2]\n    return np.stack((a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0), -1)\n",
    ),
    (
        "_cross_check",
        "def _cross_check(n, m):\n    if n == 2 and m == 2:\n        raise ValueError(\"Dimensions for both inputs is 2.\\nPlease replace your numpy.cross(a, b) call with a call to `cross2d(a, b)` from `numba.np.extensions`.\")\n    if n != 3 or m != 3:\n        raise ValueError(\"Incompatible dimensions for cross product\\n(dimension must be 2 or 3)\")\n",
    ),
    // `sep.join(it)` of a tuple or a string (a list of strings is joined by the runtime).
    ("str_join", "def str_join(sep, it):\n    items = []\n    for x in it:\n        items.append(x)\n    return sep.join(items)\n"),
    // Dicts (see `typeck::dicts`): `==`, `sorted(d)`.
    (
        "dict_eq",
        "def dict_eq(a, b):\n    if len(a) != len(b):\n        return False\n    for k, v in a.items():\n        if k not in b:\n            return False\n        if b[k] != v:\n            return False\n    return True\n",
    ),
    ("dict_ne", "def dict_ne(a, b):\n    return not dict_eq(a, b)\n"),
    ("dict_sorted", "def dict_sorted(d):\n    out = []\n    for k in d:\n        out.append(k)\n    out.sort()\n    return out\n"),
];

/// The id of a prelude function by name.
pub fn prelude_id(name: &str) -> FuncId {
    let k = PRELUDE.iter().position(|(n, _)| *n == name).expect("known prelude function");
    PRELUDE_BASE + k as FuncId
}

fn prelude_fn(id: FuncId) -> Option<&'static (&'static str, &'static str)> {
    id.checked_sub(PRELUDE_BASE).and_then(|k| PRELUDE.get(k as usize))
}

/// The host seen by the compiler: the real one, plus the prelude's functions.
pub struct PreludeHost<'h> {
    pub inner: &'h dyn Host,
}

impl Host for PreludeHost<'_> {
    fn source(&self, func: FuncId) -> Result<FuncSource, String> {
        match prelude_fn(func) {
            Some((name, text)) => Ok(FuncSource {
                name: (*name).to_string(),
                filename: "<oxjit lists>".into(),
                source: (*text).to_string(),
                first_line: 1,
                defaults: vec![],
                kwdefaults: vec![],
            }),
            None => self.inner.source(func),
        }
    }
    fn global(&self, func: FuncId, name: &str) -> GlobalValue {
        if prelude_fn(func).is_none() {
            return self.inner.global(func, name);
        }
        match name {
            "range" | "len" | "min" | "max" => GlobalValue::Function(format!("builtins.{name}")),
            "np" => GlobalValue::Module(ModuleKind::Numpy),
            "_cross_check" => GlobalValue::Dispatcher(prelude_id(name)),
            "dict_eq" => GlobalValue::Dispatcher(prelude_id("dict_eq")),
            "ValueError" | "StopIteration" => GlobalValue::ExceptionClass(name.into()),
            _ => GlobalValue::Missing,
        }
    }
    fn options(&self, func: FuncId) -> crate::Options {
        if prelude_fn(func).is_some() {
            return crate::Options::default();
        }
        self.inner.options(func)
    }
    fn module_attr(&self, module: ModuleKind, name: &str) -> Option<GlobalValue> {
        self.inner.module_attr(module, name)
    }
    fn resolve_overload(&self, handle: u32, args: &[Ty], kwargs: &[(&str, Ty)]) -> Result<Option<FuncId>, String> {
        self.inner.resolve_overload(handle, args, kwargs)
    }
    fn module_name(&self, module: ModuleKind) -> String {
        self.inner.module_name(module)
    }
}

/// Whether lists may hold values of `t` (numbers, strings, tuples of them, arrays, lists, dicts).
pub fn elem_ok(t: &Ty) -> bool {
    // The runtime tracks owned references in the first 64 words of an item.
    fn refs(t: &Ty) -> u32 {
        match t {
            Ty::Array(_) | Ty::List(_) | Ty::Str | Ty::Dict(_) => 1,
            Ty::Tuple(items) => items.iter().map(refs).sum(),
            _ => 0,
        }
    }
    item_ok(t) && refs(t) == ref_mask(t).count_ones()
}

/// Whether values of `t` may be stored in a container Python can keep across calls
/// (`typed.List`, dicts): not strings yet, since an argument's or a literal's string is borrowed
/// (see docs/architecture.md, Strings) and would outlive its data there.
pub fn shareable(t: &Ty) -> bool {
    match t {
        Ty::Str => false,
        Ty::Tuple(items) => items.iter().all(shareable),
        Ty::List(l) => l.elem.as_ref().is_none_or(shareable),
        _ => true,
    }
}

fn item_ok(t: &Ty) -> bool {
    match t {
        Ty::Scalar(_) | Ty::Array(_) | Ty::Str => true,
        Ty::List(l) => l.elem.as_ref().is_some_and(elem_ok),
        Ty::Dict(d) => d.is_defined(),
        // Empty tuples have no bytes to store.
        Ty::Tuple(items) => !items.is_empty() && items.iter().all(item_ok),
        _ => false,
    }
}

/// Whether `t` holds a list whose element type is still unknown.
pub fn has_undefined(t: &Ty) -> bool {
    match t {
        Ty::List(l) => l.elem.as_ref().is_none_or(has_undefined),
        Ty::Dict(d) => !d.is_defined() || d.key.as_ref().is_some_and(has_undefined) || d.value.as_ref().is_some_and(has_undefined),
        Ty::DictView(v) => !v.dict.is_defined(),
        Ty::Tuple(items) => items.iter().any(has_undefined),
        Ty::Method(m) => has_undefined(&m.0),
        _ => false,
    }
}

/// The list methods compiled code supports.
pub fn is_method(name: &str) -> bool {
    matches!(name, "append" | "extend" | "insert" | "pop" | "remove" | "index" | "count" | "reverse" | "sort" | "copy" | "clear")
}

fn intrinsic(name: &str, params: Vec<Ty>, ret: Ty) -> Typed {
    Typed::Done(ret, Res::Call(CallTarget::Intrinsic { name: Rc::from(name), params }))
}

fn new_list(elem: &Ty) -> Ty {
    Ty::list(elem.clone(), false)
}

/// A new list like `l` (a copy, a slice): a `typed.List` stays one, other lists are plain.
fn new_like(l: &ListTy, elem: &Ty) -> Ty {
    if l.typed {
        Ty::typed_list(Some(elem.clone()))
    } else {
        new_list(elem)
    }
}

impl Infer<'_, '_> {
    pub(super) fn list_err(&self, code: &'static str, msg: String, span: TextRange) -> Diagnostic {
        Diagnostic::typing(code, msg).with_primary(&self.file, span, "")
    }

    fn elem_check(&self, t: &Ty, what: &Operand, span: TextRange) -> R<()> {
        if elem_ok(t) {
            return Ok(());
        }
        Err(Diagnostic::typing("E0314", format!("lists of {t} are not supported"))
            .with_primary(&self.file, span, format!("{} is {t}", self.describe(what)))
            .with_note("list items can be numbers, strings, tuples of them, arrays or lists"))
    }

    /// The operand a bound method was taken from (`l` in `_3 = l.append`).
    pub(super) fn method_receiver(&self, func: &Operand) -> Option<Operand> {
        let Operand::Local(m) = func else { return None };
        for b in &self.body.blocks {
            for s in &b.stmts {
                if let StmtKind::Assign { dest, value: Rvalue::GetAttr(o, _), .. } = &s.kind {
                    if dest == m {
                        return Some(o.clone());
                    }
                }
            }
        }
        None
    }

    pub(super) fn is_param(&self, op: &Operand) -> bool {
        matches!(op, Operand::Local(l) if self.body.params.contains(l))
    }

    /// Adds a value of type `vt` to the list `recv` (typed `l`): the element type the value is
    /// stored as. An empty or literal list held by a variable widens to hold it (Numba's
    /// refinement); a parameter's list keeps its type and the value is converted.
    fn refine(&mut self, recv: &Operand, l: &ListTy, vt: &Ty, span: TextRange) -> R<Ty> {
        self.elem_check(vt, recv, span)?;
        if l.typed && !shareable(vt) {
            return Err(Diagnostic::typing("E0314", format!("typed lists of {vt} are not supported yet"))
                .with_primary(&self.file, span, format!("this stores {vt} into {}", self.describe(recv)))
                .with_note("a typed.List is shared with Python; strings in it are not supported yet (plain lists of strings are)"));
        }
        if l.typed {
            // `typed.List`: the first item fixes the type; later values are cast to it.
            return match &l.elem {
                Some(e) => {
                    if let Some(msg) = super::dicts::cast_error(vt, e) {
                        let lt = Ty::List(Arc::new(l.clone()));
                        return Err(Diagnostic::typing("E0311", msg).with_primary(&self.file, span, format!("{} is {lt}", self.describe(recv))));
                    }
                    Ok(e.clone())
                }
                None => {
                    if let Operand::Local(local) = recv {
                        self.unify_local(*local, Ty::typed_list(Some(vt.clone())), span)?;
                    }
                    Ok(vt.clone())
                }
            };
        }
        let widened = match &l.elem {
            None => Some(vt.clone()),
            Some(e) => templates::unify(e, vt),
        };
        let Some(widened) = widened else {
            let lt = Ty::List(Arc::new(l.clone()));
            return Err(Diagnostic::typing("E0304", format!("cannot store {vt} in {lt}"))
                .with_primary(&self.file, span, format!("{} is {lt}", self.describe(recv)))
                .with_note("a list holds items of one type"));
        };
        if l.elem.as_ref() == Some(&widened) {
            return Ok(widened);
        }
        match (recv, &l.elem) {
            (Operand::Local(local), _) if !self.is_param(recv) => {
                self.unify_local(*local, l.with_elem(widened.clone()), span)?;
                Ok(widened)
            }
            (_, Some(e)) if e.is_number() && vt.is_number() => Ok(e.clone()),
            _ => {
                let lt = Ty::List(Arc::new(l.clone()));
                Err(Diagnostic::typing("E0304", format!("cannot store {vt} in {lt}")).with_primary(&self.file, span, format!("{} is {lt}", self.describe(recv))))
            }
        }
    }

    /// `x.name` on a list: a bound method.
    pub(super) fn list_getattr(&self, t: &Ty, name: &str, o: &Operand, span: TextRange) -> R<Ty> {
        if is_method(name) {
            return Ok(Ty::Method(Arc::new((t.clone(), Arc::from(name)))));
        }
        Err(Diagnostic::typing("E0309", format!("{t} has no attribute `{name}`")).with_primary(&self.file, span, format!("{} is {t}", self.describe(o))))
    }

    /// `l.name(args)`: rewritten to `oxjit.listm.name(l, args)`, typed by [`Self::list_call`].
    pub(super) fn list_method_call(&self, name: &str, func: &Operand, args: &[Operand], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        let Some(recv) = self.method_receiver(func) else {
            return Err(Diagnostic::unsupported("E0307", format!("list method `{name}` used as a value")).with_primary(&self.file, span, ""));
        };
        let args = std::iter::once(recv).chain(args.iter().cloned()).collect();
        Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(format!("oxjit.listm.{name}").as_str()))), args, kwargs: kwargs.to_vec() }))
    }

    /// A call of a prelude function (an instance for these argument types).
    pub(super) fn prelude_call(&self, name: &str, args: &[Operand]) -> Typed {
        Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Dispatcher(prelude_id(name))), args: args.to_vec(), kwargs: vec![] })
    }

    /// Calls involving lists: list displays, `len`/`sum`/`min`/`max`/`sorted`/`list()` of
    /// lists, the rewritten methods and operators. `None` when not a list call.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list_call(&mut self, name: &str, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Option<Typed>> {
        let any_list = ats.iter().any(|t| matches!(t, Ty::List(_)));
        let bad = |this: &Self, msg: String| this.list_err("E0306", msg, span);
        let list0 = match ats.first() {
            Some(Ty::List(l)) => Some(l.clone()),
            _ => None,
        };
        let kw_reverse = |this: &Self| -> R<Option<Operand>> {
            match kwargs {
                [] => Ok(None),
                [(k, v)] if &**k == "reverse" && kts[0].scalar().is_some_and(|s| s == Scalar::Bool || s.is_int()) => Ok(Some(v.clone())),
                _ => Err(bad(this, format!("{}() only takes the keyword argument `reverse` (a bool) in compiled code", name.rsplit('.').next().unwrap_or(name)))),
            }
        };
        let r = match name {
            "oxjit.list_build" => {
                let mut elem: Option<Ty> = None;
                for (a, t) in args.iter().zip(ats) {
                    self.elem_check(t, a, span)?;
                    elem = Some(match elem {
                        None => t.clone(),
                        Some(e) => match templates::unify(&e, t) {
                            Some(u) => u,
                            None => {
                                return Err(Diagnostic::typing("E0304", format!("cannot make a list of {e} and {t}"))
                                    .with_primary(&self.file, span, format!("{} is {t}", self.describe(a)))
                                    .with_note("a list holds items of one type"))
                            }
                        },
                    });
                }
                let n = args.len();
                match elem {
                    Some(e) => intrinsic("list.new_build", vec![e.clone(); n], new_list(&e)),
                    None => intrinsic("list.new_build", vec![], Ty::List(Arc::new(ListTy { elem: None, reflected: false, typed: false }))),
                }
            }
            "builtins.list" => match ats {
                [] => Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.list_build"))), args: vec![], kwargs: vec![] }),
                [Ty::List(l)] => match &l.elem {
                    Some(e) => intrinsic("list.new_copy", vec![ats[0].clone()], new_list(e)),
                    None => return Ok(Some(Typed::Unknown)),
                },
                [Ty::Range | Ty::Array(_) | Ty::Tuple(_) | Ty::Str] => self.prelude_call("list_from", args),
                [t] => return Err(bad(self, format!("list() of {t} is not supported"))),
                _ => return Err(bad(self, format!("list() takes at most 1 argument ({} given)", args.len()))),
            },
            "builtins.len" | "oxjit.iter_len" if any_list => match ats {
                [Ty::List(_)] => intrinsic("list.len", vec![ats[0].clone()], Ty::I64),
                _ => return Err(bad(self, "len() takes exactly one argument".into())),
            },
            "builtins.sum" if any_list => match ats {
                [Ty::List(l)] if l.elem.as_ref().is_some_and(Ty::is_number) => self.prelude_call("list_sum", args),
                _ => return Err(bad(self, format!("sum() of {} is not supported", ats[0]))),
            },
            "builtins.min" | "builtins.max" if any_list => match ats {
                [Ty::List(l)] if l.elem.as_ref().is_some_and(|t| t.is_number() || matches!(t, Ty::Tuple(_) | Ty::Str)) => {
                    self.prelude_call(if name == "builtins.min" { "list_min" } else { "list_max" }, args)
                }
                _ => return Err(bad(self, format!("{}() of {} is not supported", &name[9..], ats.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")))),
            },
            "builtins.sorted" if any_list => {
                let rev = kw_reverse(self)?;
                match (&list0, ats.len()) {
                    (Some(l), 1) if l.elem.as_ref().is_some_and(sortable) => {
                        let e = l.elem.clone().expect("checked");
                        let Some(rev) = rev else {
                            return Ok(Some(Typed::Rewrite(Rvalue::Call {
                                func: Operand::Const(Const::Function(Rc::from(name))),
                                args: vec![args[0].clone()],
                                kwargs: vec![(Rc::from("reverse"), Operand::Const(Const::Bool(false)))],
                            })));
                        };
                        let _ = rev;
                        intrinsic("list.new_sorted", vec![ats[0].clone(), kts[0].clone()], new_list(&e))
                    }
                    _ => return Err(bad(self, format!("sorted() of {} is not supported (lists of real numbers and of strings are)", ats[0]))),
                }
            }
            "oxjit.list_truth" => intrinsic("list.truth", vec![ats[0].clone()], Ty::BOOL),
            // `a, b = l`: the list itself, once its length is checked.
            "oxjit.list_unpack" => intrinsic("list.unpack", vec![ats[0].clone(), Ty::I64], ats[0].clone()),
            // `np.array(l)`: a new 1-d array of the items (Numba: lists of numbers only).
            "numpy.array" | "numpy.asarray" if matches!(ats.first(), Some(Ty::List(_))) => match (&list0, args.len(), kwargs.is_empty()) {
                (Some(l), 1, true) => match &l.elem {
                    Some(Ty::Scalar(s)) => intrinsic("list.new_to_array", vec![ats[0].clone()], Ty::array(*s, 1, crate::types::Layout::C)),
                    // A list of equal-length tuples of numbers: one row per item.
                    Some(Ty::Tuple(items)) if !items.is_empty() && items.iter().all(Ty::is_number) => {
                        let mut d = items[0].clone();
                        for t in items.iter() {
                            d = templates::unify(&d, t).unwrap_or(d);
                        }
                        let Some(s) = d.scalar() else { return Ok(None) };
                        intrinsic("list.new_to_array", vec![ats[0].clone()], Ty::array(s, 2, crate::types::Layout::C))
                    }
                    Some(t) => return Err(bad(self, format!("{}() of a list of {t} is not supported (lists of numbers are)", &name[6..]))),
                    None => Typed::Unknown,
                },
                _ => return Err(bad(self, format!("{}() of a list takes no other arguments in compiled code", &name[6..]))),
            },
            // NumPy functions taking a sequence: a list argument is passed as a new 1-d array
            // (made and released around the call by code generation).
            "numpy.percentile" | "numpy.quantile" if ats.iter().skip(1).any(|t| matches!(t, Ty::List(_))) => {
                let mut subst = ats.to_vec();
                for t in subst.iter_mut().skip(1) {
                    if let Ty::List(l) = t {
                        match &l.elem {
                            Some(Ty::Scalar(s)) => *t = Ty::array(*s, 1, crate::types::Layout::C),
                            Some(e) => return Err(bad(self, format!("{}(): q must be a list of numbers, not of {e}", &name[6..]))),
                            None => return Ok(Some(Typed::Unknown)),
                        }
                    }
                }
                return self.np_array_call(&name[6..], func, args, &subst, kwargs, span);
            }
            "oxjit.list_getitem" => {
                let Some(l) = &list0 else { return Ok(None) };
                let Some(e) = l.elem.clone() else { return Ok(Some(Typed::Unknown)) };
                match &ats[1..] {
                    [t] if t.is_int() || *t == Ty::BOOL => intrinsic("list.getitem", vec![ats[0].clone(), Ty::I64], e),
                    [Ty::Slice(_)] => intrinsic("list.new_slice", vec![ats[0].clone(), ats[1].clone()], new_like(l, &e)),
                    [t] => {
                        return Err(Diagnostic::typing("E0308", format!("list indices must be integers or slices, not {t}"))
                            .with_primary(&self.file, span, format!("{} is {t}", self.describe(&args[1]))))
                    }
                    _ => return Err(Diagnostic::typing("E0308", "lists take a single index".to_string()).with_primary(&self.file, span, "")),
                }
            }
            "oxjit.list_concat" => match (&ats[0], &ats[1]) {
                (Ty::List(a), Ty::List(b)) => match (&a.elem, &b.elem) {
                    (Some(x), Some(y)) if x == y => intrinsic("list.new_concat", vec![ats[0].clone(), ats[1].clone()], new_like(a, x)),
                    (Some(x), Some(y)) => return Err(self.list_err("E0301", format!("cannot concatenate list({x}) and list({y})"), span)),
                    _ => return Ok(Some(Typed::Unknown)),
                },
                _ => return Ok(None),
            },
            "oxjit.list_repeat" => match (&ats[0], &ats[1]) {
                (Ty::List(a), n) if n.is_int() || *n == Ty::BOOL => match &a.elem {
                    Some(x) => intrinsic("list.new_repeat", vec![ats[0].clone(), Ty::I64], new_like(a, x)),
                    None => return Ok(Some(Typed::Unknown)),
                },
                _ => return Err(self.list_err("E0301", format!("can't multiply {} by {}", ats[0], ats[1]), span)),
            },
            _ => {
                let Some(m) = name.strip_prefix("oxjit.listm.") else { return Ok(None) };
                return self.list_method(m, args, ats, kwargs, kts, span).map(Some);
            }
        };
        Ok(Some(r))
    }

    fn list_method(&mut self, name: &str, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Typed> {
        let Ty::List(l) = &ats[0] else {
            return Err(Diagnostic::internal("list method on a non-list").with_primary(&self.file, span, ""));
        };
        let lt = ats[0].clone();
        let recv = args[0].clone();
        let nargs = args.len() - 1;
        let bad = |this: &Self, msg: String| this.list_err("E0306", msg, span);
        let arity = |this: &Self, lo: usize, hi: usize| -> R<()> {
            if nargs < lo || nargs > hi {
                let want = if lo == hi { format!("{lo}") } else { format!("{lo} to {hi}") };
                return Err(bad(this, format!("list.{name}() takes {want} argument{} ({nargs} given)", if hi == 1 { "" } else { "s" })));
            }
            Ok(())
        };
        if !kwargs.is_empty() && name != "sort" {
            return Err(bad(self, format!("list.{name}() takes no keyword arguments")));
        }
        let elem = l.elem.clone();
        let need_elem = |e: &Option<Ty>| e.clone();
        match name {
            "append" => {
                arity(self, 1, 1)?;
                let e = self.refine(&recv, l, &ats[1], span)?;
                Ok(intrinsic("list.append", vec![l.with_elem(e.clone()), e], Ty::None))
            }
            "insert" => {
                arity(self, 2, 2)?;
                if !(ats[1].is_int() || ats[1] == Ty::BOOL) {
                    return Err(bad(self, format!("list.insert() index must be an integer, not {}", ats[1])));
                }
                let e = self.refine(&recv, l, &ats[2], span)?;
                Ok(intrinsic("list.insert", vec![l.with_elem(e.clone()), Ty::I64, e], Ty::None))
            }
            "extend" => {
                arity(self, 1, 1)?;
                let it_elem = match &ats[1] {
                    Ty::List(o) => match &o.elem {
                        Some(e) => e.clone(),
                        None => return Ok(Typed::Unknown),
                    },
                    Ty::Range => Ty::I64,
                    Ty::Array(a) if a.ndim == 1 => Ty::Scalar(a.dtype),
                    Ty::Tuple(items) if !items.is_empty() && items.iter().all(|t| *t == items[0]) => items[0].clone(),
                    t => return Err(bad(self, format!("list.extend() of {t} is not supported"))),
                };
                let e = self.refine(&recv, l, &it_elem, span)?;
                if matches!(&ats[1], Ty::List(o) if o.elem.as_ref() == Some(&e)) {
                    return Ok(intrinsic("list.extend", vec![l.with_elem(e), ats[1].clone()], Ty::None));
                }
                Ok(self.prelude_call("list_extend", args))
            }
            _ => {
                let Some(e) = need_elem(&elem) else { return Ok(Typed::Unknown) };
                match name {
                    "pop" => {
                        arity(self, 0, 1)?;
                        if nargs == 1 && !(ats[1].is_int() || ats[1] == Ty::BOOL) {
                            return Err(bad(self, format!("list.pop() index must be an integer, not {}", ats[1])));
                        }
                        let mut params = vec![lt];
                        if nargs == 1 {
                            params.push(Ty::I64);
                        }
                        Ok(intrinsic("list.new_pop", params, e))
                    }
                    "remove" | "index" | "count" => {
                        arity(self, 1, 1)?;
                        if !comparable(&e, &ats[1]) {
                            return Err(bad(self, format!("list.{name}() of {} in {lt} is not supported", ats[1])));
                        }
                        Ok(self.prelude_call(&format!("list_{name}"), args))
                    }
                    "reverse" | "clear" => {
                        arity(self, 0, 0)?;
                        Ok(intrinsic(&format!("list.{name}"), vec![lt], Ty::None))
                    }
                    "copy" => {
                        arity(self, 0, 0)?;
                        Ok(intrinsic("list.new_copy", vec![lt], new_like(l, &e)))
                    }
                    "sort" => {
                        arity(self, 0, 0)?;
                        if !sortable(&e) {
                            return Err(Diagnostic::unsupported("E0307", format!("list.sort() of {lt} is not supported (lists of real numbers and of strings are)")).with_primary(&self.file, span, ""));
                        }
                        match kwargs {
                            [] => Ok(Typed::Rewrite(Rvalue::Call {
                                func: Operand::Const(Const::Function(Rc::from("oxjit.listm.sort"))),
                                args: args.to_vec(),
                                kwargs: vec![(Rc::from("reverse"), Operand::Const(Const::Bool(false)))],
                            })),
                            [(k, _)] if &**k == "reverse" && kts[0].scalar().is_some_and(|s| s == Scalar::Bool || s.is_int()) => {
                                Ok(intrinsic("list.sort", vec![lt, kts[0].clone()], Ty::None))
                            }
                            _ => Err(bad(self, "list.sort() only takes the keyword argument `reverse` (a bool) in compiled code".into())),
                        }
                    }
                    _ => Err(Diagnostic::unsupported("E0307", format!("method `{name}` of lists is not supported yet")).with_primary(&self.file, span, "")),
                }
            }
        }
    }

    /// `a + b`, `a * n` with a list operand.
    pub(super) fn list_binop(&self, op: BinOp, a: &Operand, b: &Operand, ta: &Ty, tb: &Ty, span: TextRange) -> R<Typed> {
        let call = |name: &str, args: Vec<Operand>| Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(name))), args, kwargs: vec![] });
        match (op, ta, tb) {
            (BinOp::Add, Ty::List(_), Ty::List(_)) => Ok(call("oxjit.list_concat", vec![a.clone(), b.clone()])),
            (BinOp::Mul, Ty::List(_), _) => Ok(call("oxjit.list_repeat", vec![a.clone(), b.clone()])),
            (BinOp::Mul, _, Ty::List(_)) => Ok(call("oxjit.list_repeat", vec![b.clone(), a.clone()])),
            _ => Err(Diagnostic::typing("E0301", format!("unsupported operand types for {}: {ta} and {tb}", op.symbol()))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))),
        }
    }

    /// `x in l`, `a == b`, `a < b` ... with a list operand: a prelude call.
    pub(super) fn list_compare(&self, op: CmpOp, a: &Operand, b: &Operand, ta: &Ty, tb: &Ty, span: TextRange) -> R<Typed> {
        let call = |name: &str, args: Vec<Operand>| Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Dispatcher(prelude_id(name))), args, kwargs: vec![] });
        let err = || {
            Diagnostic::typing("E0303", format!("cannot compare {ta} and {tb} with `{}`", op.symbol()))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))
        };
        match op {
            CmpOp::In | CmpOp::NotIn => {
                let Ty::List(l) = tb else { return Err(err()) };
                if let Some(e) = &l.elem {
                    if !comparable(e, ta) {
                        return Err(err());
                    }
                }
                Ok(call(if op == CmpOp::In { "list_contains" } else { "list_not_contains" }, vec![b.clone(), a.clone()]))
            }
            _ => {
                let (Ty::List(x), Ty::List(y)) = (ta, tb) else {
                    return match op {
                        // Python: a list never equals a non-list.
                        CmpOp::Eq => Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(false))))),
                        CmpOp::NotEq => Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(true))))),
                        _ => Err(err()),
                    };
                };
                if let (Some(p), Some(q)) = (&x.elem, &y.elem) {
                    if !comparable(p, q) {
                        return Err(err());
                    }
                }
                let (a, b) = (a.clone(), b.clone());
                Ok(match op {
                    CmpOp::Eq => call("list_eq", vec![a, b]),
                    CmpOp::NotEq => call("list_ne", vec![a, b]),
                    CmpOp::Lt => call("list_lt", vec![a, b]),
                    CmpOp::LtE => call("list_le", vec![a, b]),
                    CmpOp::Gt => call("list_lt", vec![b, a]),
                    CmpOp::GtE => call("list_le", vec![b, a]),
                    _ => return Err(err()),
                })
            }
        }
    }

    /// `l += other`: extends `l` in place (aliases see it), the value is `l` itself.
    pub(super) fn list_inplace(&mut self, uf: &str, args: &[Operand], ats: &[Ty], span: TextRange) -> R<Typed> {
        match (uf, &ats[0], &ats[1]) {
            ("add", Ty::List(l), Ty::List(o)) => {
                let Some(oe) = o.elem.clone() else { return Ok(Typed::Unknown) };
                let e = self.refine(&args[0], l, &oe, span)?;
                if e != oe {
                    return Err(self.list_err("E0301", format!("cannot extend {} with {} in place", ats[0], ats[1]), span));
                }
                let lt = l.with_elem(e);
                Ok(intrinsic("list.iadd", vec![lt.clone(), ats[1].clone()], lt))
            }
            ("multiply", Ty::List(l), n) if n.is_int() || *n == Ty::BOOL => match &l.elem {
                Some(_) => Ok(intrinsic("list.imul", vec![ats[0].clone(), Ty::I64], ats[0].clone())),
                None => Ok(Typed::Unknown),
            },
            _ => Err(Diagnostic::typing("E0301", format!("unsupported operand types for in-place {uf}: {} and {}", ats[0], ats[1])).with_primary(&self.file, span, "")),
        }
    }

    /// While inference runs: `l[i] = v` widens a list variable's element type like `append`.
    pub(super) fn list_setitem_refine(&mut self, base: &Operand, index: &[Operand], value: &Operand, span: TextRange) -> R<()> {
        if let (Some(Ty::List(l)), Some(vt)) = (self.op_ty(base), self.op_ty(value)) {
            let slice = matches!(index.first().and_then(|i| self.op_ty(i)), Some(Ty::Slice(_)));
            let vt = match (slice, &vt) {
                (true, Ty::List(v)) => match &v.elem {
                    Some(e) => e.clone(),
                    None => return Ok(()),
                },
                (true, _) => return Ok(()),
                (false, _) => vt,
            };
            if elem_ok(&vt) {
                self.refine(base, &l, &vt, span)?;
            }
        }
        Ok(())
    }

    /// The final check of `l[i] = v`.
    pub(super) fn list_setitem(&self, bt: &Ty, base: &Operand, its: &[Ty], vt: &Ty, value: &Operand, span: TextRange) -> R<()> {
        let Some(e) = bt.list_elem() else {
            return Err(Diagnostic::typing("E0305", "cannot infer the element type of this list").with_primary(&self.file, span, ""));
        };
        match its {
            [t] if t.is_int() || *t == Ty::BOOL => {}
            [Ty::Slice(_)] => {
                return match vt {
                    Ty::List(v) if v.elem.as_ref() == Some(e) => Ok(()),
                    _ => Err(Diagnostic::typing("E0311", format!("can only assign a list of the same item type to a slice of {bt}, not {vt}"))
                        .with_primary(&self.file, span, format!("{} is {vt}", self.describe(value)))),
                };
            }
            _ => return Err(Diagnostic::typing("E0308", "list indices must be integers").with_primary(&self.file, span, format!("{} is {bt}", self.describe(base)))),
        }
        // A typed list casts with Numba's typed-container rules (no float into int items).
        if matches!(bt, Ty::List(l) if l.typed) {
            return self.container_cast_check(&super::dicts::strip_optional(vt.clone()), e, value, span);
        }
        // Numbers convert (a complex number only into complex items); other values must fit.
        let complex_into_real = vt.scalar().is_some_and(Scalar::is_complex) && !e.scalar().is_some_and(Scalar::is_complex);
        let ok = *vt == *e || (vt.is_number() && e.is_number() && !complex_into_real) || templates::unify(e, vt).as_ref() == Some(e);
        if !ok {
            return Err(Diagnostic::typing("E0311", format!("cannot store {vt} into {bt}")).with_primary(&self.file, span, format!("{} is {vt}", self.describe(value))));
        }
        Ok(())
    }

    /// After an assignment `dest = value` typed `t`: a list literal (or `[]`) assigned to a
    /// variable whose type was widened is built with the variable's element type; in the
    /// final pass any other list of a different type than its variable is an error (the list
    /// object is shared, so its items cannot be converted).
    pub(super) fn list_retarget(&mut self, dest: crate::mir::LocalId, value: &Rvalue, t: Ty, res: Res, span: TextRange, final_pass: bool) -> R<(Ty, Res)> {
        let Ty::List(_) = &t else { return Ok((t, res)) };
        let Some(dt) = self.tys[dest.index()].clone() else { return Ok((t, res)) };
        if dt == t {
            return Ok((t, res));
        }
        let Ty::List(dl) = &dt else { return Ok((t, res)) };
        // `b = a`: one list object under two names, so a refinement of `b` is one of `a` (the
        // temporary holding `[]` included).
        if let Rvalue::Use(src @ Operand::Local(l)) = value {
            if !self.is_param(src) && templates::unify(&t, &dt).as_ref() == Some(&dt) {
                self.unify_local(*l, dt.clone(), span)?;
                return Ok((dt, res));
            }
        }
        if let (Rvalue::Call { args, .. }, Res::Call(CallTarget::Intrinsic { name, .. })) = (value, &res) {
            if &**name == "list.new_build" {
                if let Some(e) = &dl.elem {
                    let params = vec![e.clone(); args.len()];
                    return Ok((dt.clone(), Res::Call(CallTarget::Intrinsic { name: name.clone(), params })));
                }
                return Ok((t, res));
            }
        }
        let same_items = match (&t, &dt) {
            (Ty::List(a), Ty::List(b)) => a.elem == b.elem,
            _ => false,
        };
        if final_pass && !same_items {
            let name = self.body.local_name(dest);
            return Err(Diagnostic::typing("E0304", format!("cannot unify {t} and {dt} for variable `{name}`"))
                .with_primary(&self.file, span, format!("`{name}` is assigned {t} here"))
                .with_note("a list's element type is fixed once it holds items; build a new list instead"));
        }
        Ok((t, res))
    }

    /// `return []` next to `return [1, 2]`: the empty list takes the function's list type.
    pub(super) fn list_return_refine(&mut self, op: &Operand, span: TextRange) -> R<()> {
        if let (Operand::Local(l), Some(Ty::List(_)), Some(ret @ Ty::List(_))) = (op, self.op_ty(op), self.ret.clone()) {
            if !self.is_param(op) && self.op_ty(op).as_ref() != Some(&ret) && templates::unify(&self.op_ty(op).expect("typed"), &ret).as_ref() == Some(&ret) {
                self.unify_local(*l, ret, span)?;
            }
        }
        Ok(())
    }

    /// After inference: every list's element type must be known.
    pub(super) fn check_lists_defined(&self) -> R<()> {
        // Named variables first: `seen = []` reports `seen`, not the temporary holding `[]`.
        let mut order: Vec<usize> = (0..self.tys.len()).collect();
        order.sort_by_key(|i| self.body.locals[*i].name.is_none());
        for i in order {
            let Some(t) = &self.tys[i] else { continue };
            if has_undefined(t) && !matches!(t, Ty::Method(_)) {
                let local = &self.body.locals[i];
                let what = match &local.name {
                    Some(n) => format!("the empty list `{n}`"),
                    None => "this empty list".to_string(),
                };
                return Err(Diagnostic::typing("E0305", format!("cannot infer the element type of {what}"))
                    .with_primary(&self.file, self.origin[i].unwrap_or(local.span), "")
                    .with_help("append an item to it in this function, or build it with items"));
            }
        }
        Ok(())
    }
}

/// Whether `l.sort()` / `sorted(l)` support items of `t` (real numbers, strings).
fn sortable(t: &Ty) -> bool {
    *t == Ty::Str || t.scalar().is_some_and(|s| !s.is_complex())
}

/// Whether items of `a` can be compared with `==` to values of `b` in the prelude loops.
fn comparable(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Scalar(_), Ty::Scalar(_)) | (Ty::Str, Ty::Str) => true,
        // `==` on tuples is not typed by the operator templates yet.
        (Ty::Tuple(_), Ty::Tuple(_)) => false,
        (Ty::List(x), Ty::List(y)) => match (&x.elem, &y.elem) {
            (Some(p), Some(q)) => comparable(p, q),
            _ => true,
        },
        _ => false,
    }
}

/// The item words of a list of `t` that hold MemInfo pointers the list owns (bit `k` = word
/// `k` of the item's slot layout): arrays' MemInfos and nested lists.
pub fn ref_mask(t: &Ty) -> u64 {
    fn walk(t: &Ty, word: usize, mask: &mut u64) {
        match t {
            // A string's first word is its MemInfo (null for borrowed and static strings).
            Ty::Array(_) | Ty::List(_) | Ty::Str | Ty::Dict(_) if word < 64 => *mask |= 1 << word,
            Ty::Tuple(items) => {
                let mut w = word;
                for it in items.iter() {
                    walk(it, w, mask);
                    w += it.slot_size() / 8;
                }
            }
            _ => {}
        }
    }
    let mut mask = 0;
    walk(t, 0, &mut mask);
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_numba() {
        assert_eq!(Ty::list(Ty::I64, true).to_string(), "reflected list(int64)<iv=None>");
        assert_eq!(Ty::list(Ty::tuple(vec![Ty::I64, Ty::F64]), false).to_string(), "list(Tuple(int64, float64))<iv=None>");
        assert_eq!(Ty::List(Arc::new(ListTy { elem: None, reflected: false, typed: false })).to_string(), "list(undefined)<iv=None>");
        assert_eq!(Ty::typed_list(Some(Ty::I64)).to_string(), "ListType[int64]");
    }

    #[test]
    fn empty_lists_take_the_other_type_and_literals_widen() {
        let undefined = Ty::List(Arc::new(ListTy { elem: None, reflected: false, typed: false }));
        // Typed lists never widen, and never unify with other lists.
        assert_eq!(templates::unify(&Ty::typed_list(Some(Ty::I64)), &Ty::typed_list(Some(Ty::F64))), None);
        assert_eq!(templates::unify(&Ty::typed_list(None), &Ty::typed_list(Some(Ty::F64))), Some(Ty::typed_list(Some(Ty::F64))));
        assert_eq!(templates::unify(&Ty::typed_list(Some(Ty::I64)), &Ty::list(Ty::I64, false)), None);
        assert_eq!(templates::unify(&undefined, &Ty::list(Ty::F64, false)), Some(Ty::list(Ty::F64, false)));
        assert_eq!(templates::unify(&Ty::list(Ty::I64, false), &Ty::list(Ty::F64, false)), Some(Ty::list(Ty::F64, false)));
        assert_eq!(templates::unify(&Ty::list(Ty::I64, false), &Ty::list(Ty::tuple(vec![Ty::I64]), false)), None);
        assert!(has_undefined(&Ty::tuple(vec![Ty::I64, undefined])));
    }

    #[test]
    fn ref_masks_mark_owned_words() {
        let arr = Ty::array(Scalar::F64, 1, crate::types::Layout::C);
        assert_eq!(ref_mask(&Ty::F64), 0);
        assert_eq!(ref_mask(&arr), 1);
        // (int64, array 1-d (7 words), list): words 1 and 8.
        assert_eq!(ref_mask(&Ty::tuple(vec![Ty::I64, arr, Ty::list(Ty::I64, false)])), (1 << 1) | (1 << 8));
        // (string (4 words), int64, string): words 0 and 5.
        assert_eq!(ref_mask(&Ty::tuple(vec![Ty::Str, Ty::I64, Ty::Str])), 1 | (1 << 5));
        assert!(elem_ok(&Ty::Str) && elem_ok(&Ty::tuple(vec![Ty::Str, Ty::F64])));
    }

    #[test]
    fn prelude_functions_have_sources() {
        for (name, text) in PRELUDE {
            assert!(text.starts_with(&format!("def {name}(")), "{name}");
            assert_eq!(prelude_fn(prelude_id(name)).map(|p| p.0), Some(*name));
        }
    }
}
