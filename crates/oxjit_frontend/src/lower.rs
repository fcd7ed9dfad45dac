//! Lowering: one function's AST to a MIR [`Body`], with names resolved.
//!
//! Scoping follows Python: a name assigned anywhere in the function (or a parameter) is a
//! local; every other name is read from the host once, at compile time (closure cell, global,
//! builtin) and frozen into a constant. Module attributes (`math.sqrt`, `np.pi`) are resolved
//! here too, so later stages only see `Const::Function("math.sqrt")` or a number.
//!
//! Control flow is made explicit: `and`/`or`, chained comparisons and conditional expressions
//! become branches that assign one temporary; `for` over `range`/`prange`/`enumerate`/`zip` or
//! an indexable value becomes a counted loop; `break`/`continue` become gotos.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::host::{FuncId, GlobalValue, Host};
use crate::mir::*;
use crate::syntax::ParsedFunction;
use crate::types::ModuleKind;

type R<T> = Result<T, Diagnostic>;

#[path = "lower_lists.rs"]
mod lower_lists;

/// The lowered function: its body and, per parameter, the default value if any.
/// `f(a, *t, b)` is lowered as `oxjit.star_call(f, (False, True, False), a, t, b)`: the
/// callee, the constant mask of starred operands, the operands. Typing replaces it by the call
/// with `t`'s items once `t`'s tuple type (and so its length) is known.
pub const STAR_CALL: &str = "oxjit.star_call";
/// `(a, *t)` is lowered as `oxjit.star_tuple((False, True), a, t)`, expanded like
/// [`STAR_CALL`] into the tuple of the items.
pub const STAR_TUPLE: &str = "oxjit.star_tuple";

fn star_mask(items: &[Expr]) -> Operand {
    Operand::Const(Const::Tuple(items.iter().map(|e| Const::Bool(matches!(e, Expr::Starred(_)))).collect()))
}

pub struct Lowered {
    pub body: Body,
    pub defaults: Vec<Option<Const>>,
    pub file: Rc<SourceFile>,
    /// The function takes `*args`: its last parameter is the tuple of the extra positional
    /// arguments.
    pub vararg: bool,
}

struct LoopCtx {
    continue_bb: BlockId,
    break_bb: BlockId,
}

struct Lowerer<'a> {
    host: &'a dyn Host,
    func: FuncId,
    file: Rc<SourceFile>,
    body: Body,
    cur: Option<BlockId>,
    vars: HashMap<String, LocalId>,
    local_names: HashSet<String>,
    loops: Vec<LoopCtx>,
    globals: HashMap<String, Const>,
    /// Set while lowering the callee of a call: a non-jitted function there is "not callable
    /// from compiled code" (E0307) rather than "a global of an unsupported type" (E0202).
    in_callee: bool,
}

/// Lowers a parsed function.
pub fn lower_function(host: &dyn Host, func: FuncId, parsed: &ParsedFunction, defaults: &[GlobalValue], kwdefaults: &[(String, GlobalValue)]) -> R<Lowered> {
    let def = parsed.def();
    let file = parsed.file.clone();
    let mut lw = Lowerer {
        host,
        func,
        file: file.clone(),
        body: Body { name: Rc::from(def.name.id.as_str()), func, params: vec![], locals: vec![], blocks: vec![], span: def.name.range, prange_loops: vec![] },
        cur: None,
        vars: HashMap::new(),
        local_names: HashSet::new(),
        loops: vec![],
        globals: HashMap::new(),
        in_callee: false,
    };
    if def.is_async {
        return Err(lw.unsupported(def.name.range, "`async def` functions"));
    }
    let p = &def.parameters;
    if let Some(v) = &p.kwarg {
        return Err(Diagnostic::unsupported("E0102", "`**kwargs` parameters are not supported yet").with_primary(&file, v.range, "here"));
    }
    if let Some(v) = p.kwonlyargs.first() {
        let _ = kwdefaults;
        return Err(Diagnostic::unsupported("E0102", "keyword-only parameters are not supported yet").with_primary(&file, v.range, "here"));
    }
    let params: Vec<&ast::ParameterWithDefault> = p.posonlyargs.iter().chain(p.args.iter()).collect();
    // Python scoping: every name bound in the body is local.
    for pw in &params {
        lw.local_names.insert(pw.parameter.name.id.to_string());
    }
    if let Some(v) = &p.vararg {
        lw.local_names.insert(v.name.id.to_string());
    }
    collect_bound_names(&def.body, &mut lw.local_names);

    let entry = lw.new_block();
    lw.cur = Some(entry);
    for pw in &params {
        let name = pw.parameter.name.id.as_str();
        let l = lw.var(name, pw.parameter.name.range);
        lw.body.params.push(l);
    }
    // `*args`: one more parameter, the tuple of the extra positional arguments (Numba's
    // StarArgTuple), packed by the caller.
    if let Some(v) = &p.vararg {
        let l = lw.var(v.name.id.as_str(), v.name.range);
        lw.body.params.push(l);
    }
    // Defaults (values frozen by Python at `def` time) align with the last parameters.
    let mut defs: Vec<Option<Const>> = vec![None; params.len()];
    let first = params.len().saturating_sub(defaults.len());
    for (i, d) in defaults.iter().enumerate() {
        if first + i < params.len() {
            defs[first + i] = global_to_const(d);
        }
    }
    lw.stmts(&def.body)?;
    if lw.cur.is_some() {
        let end = TextRange::empty(def.range().end());
        lw.terminate(Terminator::Return(Operand::Const(Const::None)), end);
    }
    if p.vararg.is_some() {
        defs.push(None);
    }
    Ok(Lowered { body: lw.body, defaults: defs, file, vararg: p.vararg.is_some() })
}

/// Converts a host value to a constant (None for values compiled code cannot hold).
pub fn global_to_const(v: &GlobalValue) -> Option<Const> {
    Some(match v {
        GlobalValue::Int(i) => Const::Int(*i),
        GlobalValue::UInt(u) => Const::UInt(*u),
        GlobalValue::Float(f) => Const::Float(*f),
        GlobalValue::Bool(b) => Const::Bool(*b),
        GlobalValue::Complex(r, i) => Const::Complex(*r, *i),
        GlobalValue::TypedInt(s, v) => Const::TypedInt(*s, *v),
        GlobalValue::TypedFloat(s, v) => Const::TypedFloat(*s, *v),
        GlobalValue::None => Const::None,
        GlobalValue::Str(s) => Const::Str(Rc::from(s.as_str())),
        GlobalValue::Tuple(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(global_to_const(i)?);
            }
            Const::Tuple(out.into())
        }
        GlobalValue::Module(m) => Const::Module(*m),
        GlobalValue::Function(n) => Const::Function(Rc::from(n.as_str())),
        GlobalValue::ExceptionClass(n) => Const::ExceptionClass(Rc::from(n.as_str())),
        GlobalValue::Dispatcher(id) => Const::Dispatcher(*id),
        GlobalValue::UFunc(u) => Const::UFunc(std::sync::Arc::new(u.clone())),
        GlobalValue::Overload(h, name) => Const::Function(Rc::from(format!("{OVERLOAD_PREFIX}{h}#{name}").as_str())),
        GlobalValue::Array(a) => Const::Array(Rc::new(a.clone())),
        GlobalValue::Type(t) => Const::Type(t.clone()),
        GlobalValue::Unsupported(_) | GlobalValue::Missing => return None,
    })
}

/// The name an overloaded function (`GlobalValue::Overload`) has as a `Const::Function`,
/// followed by `handle#python_name`.
pub const OVERLOAD_PREFIX: &str = "oxjit.overload#";

fn collect_bound_names(stmts: &[Stmt], out: &mut HashSet<String>) {
    fn target(e: &Expr, out: &mut HashSet<String>) {
        match e {
            Expr::Name(n) => {
                out.insert(n.id.to_string());
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| target(e, out)),
            Expr::List(t) => t.elts.iter().for_each(|e| target(e, out)),
            Expr::Starred(s) => target(&s.value, out),
            _ => {}
        }
    }
    fn walrus(e: &Expr, out: &mut HashSet<String>) {
        // Named expressions bind in the function scope; look through the common containers.
        match e {
            Expr::Named(n) => {
                target(&n.target, out);
                walrus(&n.value, out);
            }
            Expr::BinOp(b) => {
                walrus(&b.left, out);
                walrus(&b.right, out);
            }
            Expr::BoolOp(b) => b.values.iter().for_each(|v| walrus(v, out)),
            Expr::Compare(c) => {
                walrus(&c.left, out);
                c.comparators.iter().for_each(|v| walrus(v, out));
            }
            Expr::UnaryOp(u) => walrus(&u.operand, out),
            Expr::Call(c) => c.arguments.args.iter().for_each(|v| walrus(v, out)),
            Expr::If(i) => {
                walrus(&i.test, out);
                walrus(&i.body, out);
                walrus(&i.orelse, out);
            }
            _ => {}
        }
    }
    for s in stmts {
        match s {
            Stmt::Assign(a) => {
                a.targets.iter().for_each(|t| target(t, out));
                walrus(&a.value, out);
            }
            Stmt::AugAssign(a) => target(&a.target, out),
            Stmt::AnnAssign(a) => target(&a.target, out),
            Stmt::For(f) => {
                target(&f.target, out);
                collect_bound_names(&f.body, out);
                collect_bound_names(&f.orelse, out);
            }
            Stmt::While(w) => {
                walrus(&w.test, out);
                collect_bound_names(&w.body, out);
                collect_bound_names(&w.orelse, out);
            }
            Stmt::If(i) => {
                walrus(&i.test, out);
                collect_bound_names(&i.body, out);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        walrus(t, out);
                    }
                    collect_bound_names(&c.body, out);
                }
            }
            Stmt::Expr(e) => walrus(&e.value, out),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    walrus(v, out)
                }
            }
            Stmt::FunctionDef(f) => {
                out.insert(f.name.id.to_string());
            }
            Stmt::With(w) => collect_bound_names(&w.body, out),
            Stmt::Try(t) => {
                collect_bound_names(&t.body, out);
                collect_bound_names(&t.orelse, out);
                collect_bound_names(&t.finalbody, out);
            }
            _ => {}
        }
    }
}

/// Attributes of `math` (CPython 3.11), so `math.foo` is caught at its source.
const MATH_NAMES: &[&str] = &[
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "comb", "copysign", "cos", "cosh", "degrees", "dist", "erf",
    "erfc", "exp", "exp2", "expm1", "fabs", "factorial", "floor", "fmod", "frexp", "fsum", "gamma", "gcd", "hypot", "isclose", "isfinite",
    "isinf", "isnan", "isqrt", "lcm", "ldexp", "lgamma", "log", "log10", "log1p", "log2", "modf", "nextafter", "perm", "pow", "prod",
    "radians", "remainder", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", "ulp",
];

/// Resolves `module.attr` at compile time.
pub fn module_attr(m: ModuleKind, attr: &str) -> Option<Const> {
    let f = |prefix: &str| Some(Const::Function(Rc::from(format!("{prefix}.{attr}").as_str())));
    match m {
        ModuleKind::Math | ModuleKind::Cmath => match attr {
            "pi" => Some(Const::Float(std::f64::consts::PI)),
            "e" => Some(Const::Float(std::f64::consts::E)),
            "tau" => Some(Const::Float(std::f64::consts::TAU)),
            "inf" => Some(Const::Float(f64::INFINITY)),
            "nan" => Some(Const::Float(f64::NAN)),
            "infj" if m == ModuleKind::Cmath => Some(Const::Complex(0.0, f64::INFINITY)),
            "nanj" if m == ModuleKind::Cmath => Some(Const::Complex(0.0, f64::NAN)),
            _ if m == ModuleKind::Math && MATH_NAMES.contains(&attr) => f("math"),
            _ if m == ModuleKind::Cmath => f("cmath"),
            _ => None,
        },
        ModuleKind::Numpy => match attr {
            "pi" => Some(Const::Float(std::f64::consts::PI)),
            "e" => Some(Const::Float(std::f64::consts::E)),
            "inf" | "Inf" | "PINF" => Some(Const::Float(f64::INFINITY)),
            "NINF" => Some(Const::Float(f64::NEG_INFINITY)),
            "nan" | "NaN" | "NAN" => Some(Const::Float(f64::NAN)),
            "euler_gamma" => Some(Const::Float(0.577_215_664_901_532_9)),
            "newaxis" => Some(Const::None),
            "random" => Some(Const::Module(ModuleKind::NumpyRandom)),
            _ if attr.starts_with("__") => None,
            _ => f("numpy"),
        },
        ModuleKind::NumpyRandom => f("numpy.random"),
        ModuleKind::Oxjit => f("oxjit"),
        // Only the host can read another module's attributes.
        ModuleKind::Py(_) => None,
    }
}

fn stmt_kind_name(s: &Stmt) -> &'static str {
    match s {
        Stmt::FunctionDef(_) => "nested function definitions",
        Stmt::ClassDef(_) => "class definitions",
        Stmt::Delete(_) => "`del` statements",
        Stmt::TypeAlias(_) => "`type` aliases",
        Stmt::With(_) => "`with` statements",
        Stmt::Match(_) => "`match` statements",
        Stmt::Try(_) => "`try` statements",
        Stmt::Import(_) | Stmt::ImportFrom(_) => "`import` statements inside a kernel",
        Stmt::Global(_) => "`global` statements",
        Stmt::Nonlocal(_) => "`nonlocal` statements",
        _ => "this statement",
    }
}

fn expr_kind_name(e: &Expr) -> &'static str {
    match e {
        Expr::Lambda(_) => "lambda expressions",
        Expr::Dict(_) => "dict displays",
        Expr::Set(_) => "set displays",
        Expr::List(_) => "lists",
        Expr::ListComp(_) => "list comprehensions",
        Expr::SetComp(_) => "set comprehensions",
        Expr::DictComp(_) => "dict comprehensions",
        Expr::Generator(_) => "generator expressions",
        Expr::Await(_) => "`await`",
        Expr::Yield(_) | Expr::YieldFrom(_) => "`yield` (generators)",
        Expr::FString(_) | Expr::TString(_) => "f-strings",
        Expr::BytesLiteral(_) => "bytes literals",
        Expr::Starred(_) => "star-expressions",
        Expr::Slice(_) => "slicing",
        Expr::EllipsisLiteral(_) => "`...` (Ellipsis)",
        _ => "this expression",
    }
}

impl Lowerer<'_> {
    fn unsupported(&self, range: TextRange, what: &str) -> Diagnostic {
        Diagnostic::unsupported("E0101", format!("{what} are not supported yet")).with_primary(&self.file, range, "")
    }

    // ----- blocks -----

    fn new_block(&mut self) -> BlockId {
        let id = BlockId(self.body.blocks.len() as u32);
        self.body.blocks.push(Block { stmts: vec![], term: Terminator::Unreachable, term_span: TextRange::default() });
        id
    }

    /// The current block, opening a fresh (unreachable) one after a terminator.
    fn cur(&mut self) -> BlockId {
        match self.cur {
            Some(b) => b,
            None => {
                let b = self.new_block();
                self.cur = Some(b);
                b
            }
        }
    }

    fn terminate(&mut self, term: Terminator, span: TextRange) {
        let b = self.cur();
        self.body.blocks[b.index()].term = term;
        self.body.blocks[b.index()].term_span = span;
        self.cur = None;
    }

    fn goto(&mut self, target: BlockId, span: TextRange) {
        if self.cur.is_some() {
            self.terminate(Terminator::Goto(target), span);
        }
    }

    fn push(&mut self, kind: StmtKind, span: TextRange) {
        let b = self.cur();
        self.body.blocks[b.index()].stmts.push(crate::mir::Stmt { kind, span });
    }

    // ----- locals -----

    fn new_local(&mut self, name: Option<&str>, span: TextRange) -> LocalId {
        let id = LocalId(self.body.locals.len() as u32);
        self.body.locals.push(Local { name: name.map(Rc::from), span });
        id
    }

    fn var(&mut self, name: &str, span: TextRange) -> LocalId {
        if let Some(l) = self.vars.get(name) {
            return *l;
        }
        let l = self.new_local(Some(name), span);
        self.vars.insert(name.to_string(), l);
        l
    }

    fn temp(&mut self, value: Rvalue, span: TextRange) -> Operand {
        let t = self.new_local(None, span);
        self.assign(t, value, span);
        Operand::Local(t)
    }

    fn assign(&mut self, dest: LocalId, value: Rvalue, span: TextRange) {
        self.push(StmtKind::Assign { dest, value, ty: None, res: Res::None }, span);
    }

    fn truth(&mut self, op: Operand, span: TextRange) -> Operand {
        // Constants fold, so `while 1:` is as unconditional as `while True:`.
        match op {
            Operand::Const(Const::Bool(_)) => op,
            Operand::Const(Const::Int(v)) => Operand::Const(Const::Bool(v != 0)),
            Operand::Const(Const::UInt(v)) => Operand::Const(Const::Bool(v != 0)),
            Operand::Const(Const::Float(v)) => Operand::Const(Const::Bool(v != 0.0)),
            Operand::Const(Const::None) => Operand::Const(Const::Bool(false)),
            _ => self.temp(Rvalue::Truth(op), span),
        }
    }

    // ----- names -----

    fn global(&mut self, name: &str, range: TextRange) -> R<Const> {
        if let Some(c) = self.globals.get(name) {
            return Ok(c.clone());
        }
        let v = self.host.global(self.func, name);
        let c = match &v {
            GlobalValue::Missing => {
                return Err(Diagnostic::typing("E0201", format!("name `{name}` is not defined")).with_primary(&self.file, range, "not found in the function, its closure, globals or builtins"));
            }
            GlobalValue::Unsupported(what) if what.starts_with("function") && self.in_callee => {
                return Err(Diagnostic::typing("E0307", format!("`{name}` cannot be called from compiled code"))
                    .with_primary(&self.file, range, format!("`{name}` is a {what}"))
                    .with_help(format!("decorate `{name}` with @njit so compiled code can call it")));
            }
            GlobalValue::Unsupported(what) => {
                return Err(Diagnostic::typing("E0202", format!("global `{name}` has a type compiled code cannot use"))
                    .with_primary(&self.file, range, format!("`{name}` is {what}"))
                    .with_note("globals are frozen at compile time; numbers, strings, tuples of them, NumPy arrays, modules and jitted functions can be used"));
            }
            _ => global_to_const(&v).expect("supported global"),
        };
        self.globals.insert(name.to_string(), c.clone());
        Ok(c)
    }

    /// `module.attr`, asking the host first (it can read NumPy's real namespace).
    fn module_attr(&mut self, m: ModuleKind, attr: &str, range: TextRange) -> R<Const> {
        let mname = self.host.module_name(m);
        let missing = || Diagnostic::typing("E0203", format!("module `{mname}` has no attribute `{attr}`")).with_primary(&self.file, range, "unknown attribute");
        match self.host.module_attr(m, attr) {
            None => module_attr(m, attr).ok_or_else(missing),
            Some(GlobalValue::Missing) => Err(missing()),
            Some(GlobalValue::Unsupported(what)) => Err(Diagnostic::typing("E0202", format!("`{mname}.{attr}` has a type compiled code cannot use"))
                .with_primary(&self.file, range, format!("it is {what}"))),
            Some(v) => Ok(global_to_const(&v).expect("supported value")),
        }
    }

    fn name(&mut self, n: &ast::ExprName) -> R<Operand> {
        let id = n.id.as_str();
        if self.local_names.contains(id) {
            Ok(Operand::Local(self.var(id, n.range)))
        } else {
            Ok(Operand::Const(self.global(id, n.range)?))
        }
    }

    // ----- statements -----

    fn stmts(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        match s {
            Stmt::Pass(_) => Ok(()),
            Stmt::Expr(e) => {
                if matches!(&*e.value, Expr::StringLiteral(_)) {
                    return Ok(()); // docstring
                }
                self.expr(&e.value)?;
                Ok(())
            }
            Stmt::Assign(a) => {
                let v = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign_target(t, v.clone(), a.value.range())?;
                }
                Ok(())
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let val = self.expr(v)?;
                    self.assign_target(&a.target, val, v.range())?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::For(f) => self.for_stmt(f),
            Stmt::Break(b) => {
                let Some(target) = self.loops.last().map(|l| l.break_bb) else {
                    return Err(Diagnostic::typing("E0001", "`break` outside a loop").with_primary(&self.file, b.range, ""));
                };
                self.terminate(Terminator::Goto(target), b.range);
                Ok(())
            }
            Stmt::Continue(c) => {
                let Some(target) = self.loops.last().map(|l| l.continue_bb) else {
                    return Err(Diagnostic::typing("E0001", "`continue` outside a loop").with_primary(&self.file, c.range, ""));
                };
                self.terminate(Terminator::Goto(target), c.range);
                Ok(())
            }
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(v) => self.expr(v)?,
                    None => Operand::Const(Const::None),
                };
                let span = r.value.as_ref().map(|v| v.range()).unwrap_or(r.range);
                self.terminate(Terminator::Return(v), span);
                Ok(())
            }
            Stmt::Raise(r) => self.raise(r),
            Stmt::Delete(d) => self.delete(d),
            Stmt::Assert(a) => {
                let c = self.expr(&a.test)?;
                let c = self.truth(c, a.test.range());
                let ok = self.new_block();
                let fail = self.new_block();
                self.terminate(Terminator::Branch { cond: c, then_bb: ok, else_bb: fail }, a.test.range());
                self.cur = Some(fail);
                let msg = match &a.msg {
                    None => None,
                    Some(m) => match &**m {
                        Expr::StringLiteral(s) => Some(Rc::from(s.value.to_str())),
                        other => return Err(Diagnostic::unsupported("E0101", "assertion messages must be string literals for now").with_primary(&self.file, other.range(), "")),
                    },
                };
                self.terminate(Terminator::Raise { class: Rc::from("AssertionError"), msg }, a.range);
                self.cur = Some(ok);
                Ok(())
            }
            other => Err(self.unsupported(stmt_head(other), stmt_kind_name(other))),
        }
    }

    fn raise(&mut self, r: &ast::StmtRaise) -> R<()> {
        let Some(exc) = &r.exc else {
            return Err(Diagnostic::unsupported("E0101", "a bare `raise` (re-raise) is not supported").with_primary(&self.file, r.range, ""));
        };
        let (class_expr, msg) = match &**exc {
            Expr::Call(c) => {
                if !c.arguments.keywords.is_empty() || c.arguments.args.len() > 1 {
                    return Err(Diagnostic::unsupported("E0101", "exceptions take at most one message argument").with_primary(&self.file, c.arguments.range, ""));
                }
                let msg = match c.arguments.args.first() {
                    None => None,
                    Some(Expr::StringLiteral(s)) => Some(Rc::from(s.value.to_str())),
                    Some(other) => {
                        return Err(Diagnostic::unsupported("E0101", "exception messages must be string literals for now").with_primary(&self.file, other.range(), "not a string literal"));
                    }
                };
                (&*c.func, msg)
            }
            e => (e, None),
        };
        let cls = self.expr(class_expr)?;
        match cls {
            Operand::Const(Const::ExceptionClass(name)) => {
                self.terminate(Terminator::Raise { class: name, msg }, r.range);
                Ok(())
            }
            _ => Err(Diagnostic::typing("E0307", "only exception classes can be raised").with_primary(&self.file, class_expr.range(), "not an exception class")),
        }
    }

    fn assign_target(&mut self, target: &Expr, value: Operand, value_span: TextRange) -> R<()> {
        match target {
            Expr::Name(n) => {
                let l = self.var(n.id.as_str(), n.range);
                self.assign(l, Rvalue::Use(value), value_span);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. }) | Expr::List(ast::ExprList { elts, range, .. }) => {
                if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    return Err(self.unsupported(*range, "starred assignment targets"));
                }
                let t = self.temp(Rvalue::CheckTupleLen(value, elts.len()), *range);
                for (i, e) in elts.iter().enumerate() {
                    let item = self.temp(Rvalue::TupleGet(t.clone(), i), e.range());
                    self.assign_target(e, item, e.range())?;
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                let index = self.index(&s.slice)?;
                self.push(StmtKind::SetItem { base, index, value }, target.range());
                Ok(())
            }
            Expr::Attribute(a) => Err(Diagnostic::unsupported("E0101", "assigning to attributes is not supported").with_primary(&self.file, a.range, "")),
            other => Err(self.unsupported(other.range(), expr_kind_name(other))),
        }
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> R<()> {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                let l = self.var(n.id.as_str(), n.range);
                let v = self.expr(&a.value)?;
                // `x op= v`: typing makes it `x = x op v` for scalars and an in-place update
                // of the array for arrays (NumPy semantics: views and callers see it).
                let func = match crate::templates::inplace_ufunc(op) {
                    Some(uf) => Operand::Const(Const::Function(Rc::from(format!("oxjit.inplace.{uf}").as_str()))),
                    None => {
                        self.assign(l, Rvalue::BinOp(op, Operand::Local(l), v), a.range);
                        return Ok(());
                    }
                };
                self.assign(l, Rvalue::Call { func, args: vec![Operand::Local(l), v], kwargs: vec![] }, a.range);
                Ok(())
            }
            Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                let index = self.index(&s.slice)?;
                let old = self.temp(Rvalue::GetItem(base.clone(), index.clone()), a.target.range());
                let v = self.expr(&a.value)?;
                // On a view (`a[1:] += b`) the update runs in place, element by element, as
                // in Numba; storing the view back into itself is then a no-op.
                let new = match crate::templates::inplace_ufunc(op) {
                    Some(uf) => {
                        let func = Operand::Const(Const::Function(Rc::from(format!("oxjit.inplace.{uf}").as_str())));
                        self.temp(Rvalue::Call { func, args: vec![old, v], kwargs: vec![] }, a.range)
                    }
                    None => self.temp(Rvalue::BinOp(op, old, v), a.range),
                };
                self.push(StmtKind::SetItem { base, index, value: new }, a.range);
                Ok(())
            }
            other => Err(self.unsupported(other.range(), "augmented assignment to this target")),
        }
    }

    fn if_stmt(&mut self, i: &ast::StmtIf) -> R<()> {
        let join = self.new_block();
        let c = self.expr(&i.test)?;
        let c = self.truth(c, i.test.range());
        let then_bb = self.new_block();
        let mut else_bb = self.new_block();
        self.terminate(Terminator::Branch { cond: c, then_bb, else_bb }, i.test.range());
        self.cur = Some(then_bb);
        self.stmts(&i.body)?;
        self.goto(join, i.range);
        for clause in &i.elif_else_clauses {
            self.cur = Some(else_bb);
            match &clause.test {
                Some(test) => {
                    let c = self.expr(test)?;
                    let c = self.truth(c, test.range());
                    let t = self.new_block();
                    let e = self.new_block();
                    self.terminate(Terminator::Branch { cond: c, then_bb: t, else_bb: e }, test.range());
                    self.cur = Some(t);
                    self.stmts(&clause.body)?;
                    self.goto(join, clause.range);
                    else_bb = e;
                }
                None => {
                    self.stmts(&clause.body)?;
                    self.goto(join, clause.range);
                    else_bb = self.new_block(); // unreachable
                }
            }
        }
        self.cur = Some(else_bb);
        self.goto(join, i.range);
        self.cur = Some(join);
        Ok(())
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> R<()> {
        let header = self.new_block();
        let body = self.new_block();
        let orelse = self.new_block();
        let after = self.new_block();
        self.goto(header, w.range);
        self.cur = Some(header);
        let c = self.expr(&w.test)?;
        let c = self.truth(c, w.test.range());
        self.terminate(Terminator::Branch { cond: c, then_bb: body, else_bb: orelse }, w.test.range());
        self.cur = Some(body);
        self.loops.push(LoopCtx { continue_bb: header, break_bb: after });
        self.stmts(&w.body)?;
        self.loops.pop();
        self.goto(header, w.range);
        self.cur = Some(orelse);
        self.stmts(&w.orelse)?;
        self.goto(after, w.range);
        self.cur = Some(after);
        Ok(())
    }

    fn call_callee(&mut self, e: &Expr) -> Option<Rc<str>> {
        let Expr::Call(c) = e else { return None };
        let f = match &*c.func {
            Expr::Name(n) if !self.local_names.contains(n.id.as_str()) => self.global(n.id.as_str(), n.range).ok()?,
            Expr::Attribute(a) => match &*a.value {
                Expr::Name(n) if !self.local_names.contains(n.id.as_str()) => match self.global(n.id.as_str(), n.range).ok()? {
                    Const::Module(m) => self.module_attr(m, a.attr.id.as_str(), a.attr.range).ok()?,
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        };
        match f {
            Const::Function(name) => Some(name),
            _ => None,
        }
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> R<()> {
        if f.is_async {
            return Err(self.unsupported(f.range, "`async for` loops"));
        }
        let callee = self.call_callee(&f.iter);
        let span = f.iter.range();
        match callee.as_deref() {
            Some("builtins.range" | "oxjit.prange") => {
                let Expr::Call(c) = &*f.iter else { unreachable!() };
                if !c.arguments.keywords.is_empty() || c.arguments.args.is_empty() || c.arguments.args.len() > 3 {
                    return Err(Diagnostic::typing("E0306", "range() takes 1 to 3 integer arguments").with_primary(&self.file, c.arguments.range, ""));
                }
                let mut ops = Vec::new();
                for a in c.arguments.args.iter() {
                    if matches!(a, Expr::Starred(_)) {
                        return Err(self.unsupported(a.range(), "star-expressions"));
                    }
                    let o = self.expr(a)?;
                    if let Operand::Const(Const::Int(_)) = o {
                        // An integer literal is its own bound (and stays visible as a constant
                        // to later passes, e.g. in the chunks of a parallel loop).
                        ops.push(o);
                        continue;
                    }
                    // Each bound is evaluated once, into a temporary (a later rebinding of the
                    // name does not change the loop), and must be an integer.
                    let t = self.temp(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.range_bound"))), args: vec![o], kwargs: vec![] }, a.range());
                    ops.push(t);
                }
                let (start, stop, step) = match ops.len() {
                    1 => (Operand::Const(Const::Int(0)), ops[0].clone(), Operand::Const(Const::Int(1))),
                    2 => (ops[0].clone(), ops[1].clone(), Operand::Const(Const::Int(1))),
                    _ => (ops[0].clone(), ops[1].clone(), ops[2].clone()),
                };
                self.range_loop(f, start, stop, step, span, callee.as_deref() == Some("oxjit.prange"))
            }
            Some("builtins.enumerate") | Some("builtins.zip") => {
                let Expr::Call(c) = &*f.iter else { unreachable!() };
                let is_enum = callee.as_deref() == Some("builtins.enumerate");
                if !c.arguments.keywords.is_empty() || c.arguments.args.is_empty() || (is_enum && c.arguments.args.len() > 2) {
                    return Err(Diagnostic::unsupported("E0101", "this form of enumerate()/zip() is not supported yet").with_primary(&self.file, c.arguments.range, ""));
                }
                let mut seqs = Vec::new();
                for a in c.arguments.args.iter().take(if is_enum { 1 } else { usize::MAX }) {
                    seqs.push((self.expr(a)?, a.range()));
                }
                let start = if is_enum && c.arguments.args.len() == 2 { Some(self.expr(&c.arguments.args[1])?) } else { None };
                self.seq_loop(f, seqs, is_enum, start)
            }
            _ => {
                let seq = self.expr(&f.iter)?;
                self.seq_loop(f, vec![(seq, span)], false, None)
            }
        }
    }

    /// `for target in range(start, stop, step)`: the trip count is computed once (no overflow
    /// near the int64 limits), then `target = start + k * step` for `k` in `0..count`, a
    /// canonical counted loop that LLVM vectorises.
    fn range_loop(&mut self, f: &ast::StmtFor, start: Operand, stop: Operand, step: Operand, span: TextRange, prange: bool) -> R<()> {
        let zero_step = || Terminator::Raise { class: Rc::from("ValueError"), msg: Some(Rc::from("range() arg 3 must not be zero")) };
        match &step {
            Operand::Const(Const::Int(0)) => {
                self.terminate(zero_step(), span);
                return Ok(());
            }
            Operand::Const(Const::Int(_)) => {}
            _ => {
                let z = self.temp(Rvalue::Compare(CmpOp::Eq, step.clone(), Operand::Const(Const::Int(0))), span);
                let bad = self.new_block();
                let ok = self.new_block();
                self.terminate(Terminator::Branch { cond: z, then_bb: bad, else_bb: ok }, span);
                self.cur = Some(bad);
                self.terminate(zero_step(), span);
                self.cur = Some(ok);
            }
        }
        let count = match (&start, &stop, &step) {
            (Operand::Const(Const::Int(0)), _, Operand::Const(Const::Int(1))) => stop.clone(),
            _ => self.temp(
                Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.range_len"))), args: vec![start.clone(), stop.clone(), step.clone()], kwargs: vec![] },
                span,
            ),
        };
        let (k, header, orelse, after) = self.counted_loop(count.clone(), span);
        if prange {
            let body = self.cur.ok_or_else(|| Diagnostic::internal("prange body has no block"))?;
            let counter = match &self.body.blocks[header.index()].stmts.first().map(|s| &s.kind) {
                Some(StmtKind::Assign { value: Rvalue::Compare(_, Operand::Local(c), _), .. }) => *c,
                _ => return Err(Diagnostic::internal("prange header is not a counter test")),
            };
            self.body.prange_loops.push(PrangeLoop { header, body, exit: orelse, after, counter, count, span });
        }
        let value = match (&start, &step) {
            (Operand::Const(Const::Int(0)), Operand::Const(Const::Int(1))) => k,
            // `start + k` lies in the range (k < stop - start), so it cannot overflow:
            // `oxjit.range_value` says so to LLVM (no signed wrap), which lets it prove `i ± c`
            // indices non-negative. (`k * step` may wrap for huge steps: plain arithmetic.)
            (_, Operand::Const(Const::Int(1))) => self.temp(
                Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.range_value"))), args: vec![start, k], kwargs: vec![] },
                f.target.range(),
            ),
            _ => {
                let scaled = self.temp(Rvalue::BinOp(BinOp::Mul, k, step), span);
                self.temp(Rvalue::BinOp(BinOp::Add, start, scaled), f.target.range())
            }
        };
        self.assign_target(&f.target, value, f.target.range())?;
        self.loop_body(f, header, orelse, after)
    }

    /// The skeleton of a counted loop `for k in 0..n`: a hidden counter, the header testing
    /// `k < n`, and the body entered with `k` copied out and the counter already advanced (so
    /// `continue` can jump straight to the header). Returns `k`, the header, the block a
    /// normal exit goes to (the `else:` clause) and the block after the loop; the current block
    /// is the body.
    fn counted_loop(&mut self, n: Operand, span: TextRange) -> (Operand, BlockId, BlockId, BlockId) {
        self.counted_loop_in(|_| n, span)
    }

    /// [`Self::counted_loop`] with the trip count computed in the header, before every test
    /// (`n` emits it): a list can grow or shrink while it is iterated.
    fn counted_loop_in(&mut self, n: impl FnOnce(&mut Self) -> Operand, span: TextRange) -> (Operand, BlockId, BlockId, BlockId) {
        let counter = self.new_local(None, span);
        self.assign(counter, Rvalue::Use(Operand::Const(Const::Int(0))), span);
        let header = self.new_block();
        let body = self.new_block();
        let orelse = self.new_block();
        let after = self.new_block();
        self.goto(header, span);
        self.cur = Some(header);
        let n = n(self);
        let i = Operand::Local(counter);
        let c = self.temp(Rvalue::Compare(CmpOp::Lt, i.clone(), n), span);
        self.terminate(Terminator::Branch { cond: c, then_bb: body, else_bb: orelse }, span);
        self.cur = Some(body);
        let k = self.temp(Rvalue::Use(i.clone()), span);
        self.assign(counter, Rvalue::BinOp(BinOp::Add, i, Operand::Const(Const::Int(1))), span);
        (k, header, orelse, after)
    }

    fn loop_body(&mut self, f: &ast::StmtFor, header: BlockId, orelse: BlockId, after: BlockId) -> R<()> {
        self.loops.push(LoopCtx { continue_bb: header, break_bb: after });
        self.stmts(&f.body)?;
        self.loops.pop();
        self.goto(header, f.range);
        self.cur = Some(orelse);
        self.stmts(&f.orelse)?;
        self.goto(after, f.range);
        self.cur = Some(after);
        Ok(())
    }

    /// `for x in seq`, `for i, x in enumerate(seq)`, `for a, b in zip(s, t)`: a counted loop
    /// over `len(...)` with indexing.
    fn seq_loop(&mut self, f: &ast::StmtFor, seqs: Vec<(Operand, TextRange)>, enumerate: bool, start: Option<Operand>) -> R<()> {
        let span = f.iter.range();
        let len_fn = Operand::Const(Const::Function(Rc::from("oxjit.iter_len")));
        let mut seq_locals = Vec::new();
        for (s, r) in &seqs {
            // Hold the sequence in a temporary so a rebinding inside the loop changes nothing.
            // `iter_start` is the sequence itself, except for a dict (or a view of one): the
            // state of the iteration (typeck::dicts).
            let start = Operand::Const(Const::Function(Rc::from("oxjit.iter_start")));
            let held = self.temp(Rvalue::Call { func: start, args: vec![s.clone()], kwargs: vec![] }, *r);
            seq_locals.push(held);
        }
        // The length is read before every iteration (a list may change while it is iterated,
        // as in Python); for arrays and tuples it is loop-invariant and LLVM hoists it.
        let held_ranges: Vec<(Operand, TextRange)> = seq_locals.iter().cloned().zip(seqs.iter().map(|(_, r)| *r)).collect();
        let trip = move |lw: &mut Self| {
            let mut n: Option<Operand> = None;
            for (held, r) in &held_ranges {
                let len = lw.temp(Rvalue::Call { func: len_fn.clone(), args: vec![held.clone()], kwargs: vec![] }, *r);
                n = Some(match n {
                    None => len,
                    Some(prev) => lw.temp(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("builtins.min"))), args: vec![prev, len], kwargs: vec![] }, span),
                });
            }
            n.expect("at least one sequence")
        };
        let (idx, header, orelse, after) = self.counted_loop_in(trip, span);
        let mut items: Vec<Operand> = Vec::new();
        for (held, (_, r)) in seq_locals.iter().zip(&seqs) {
            items.push(self.temp(Rvalue::GetItem(held.clone(), vec![idx.clone()]), *r));
        }
        let value = if enumerate {
            let k = match start {
                Some(s) => self.temp(Rvalue::BinOp(BinOp::Add, idx.clone(), s), span),
                None => idx.clone(),
            };
            self.temp(Rvalue::BuildTuple(vec![k, items.pop().expect("one item")]), span)
        } else if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            self.temp(Rvalue::BuildTuple(items), span)
        };
        self.assign_target(&f.target, value, f.target.range())?;
        self.loop_body(f, header, orelse, after)
    }

    // ----- expressions -----

    fn index(&mut self, slice: &Expr) -> R<Vec<Operand>> {
        match slice {
            Expr::Tuple(t) => {
                let mut out = Vec::new();
                for e in &t.elts {
                    out.push(self.index_component(e)?);
                }
                Ok(out)
            }
            e => Ok(vec![self.index_component(e)?]),
        }
    }

    fn index_component(&mut self, e: &Expr) -> R<Operand> {
        match e {
            Expr::Slice(sl) => {
                // `lo:hi[:step]` builds a slice value; missing parts are `None`.
                let mut args = Vec::with_capacity(3);
                for part in [&sl.lower, &sl.upper] {
                    args.push(match part {
                        Some(p) => self.expr(p)?,
                        None => Operand::Const(Const::None),
                    });
                }
                if let Some(step) = &sl.step {
                    args.push(self.expr(step)?);
                }
                let func = Operand::Const(Const::Function(Rc::from("oxjit.slice")));
                Ok(self.temp(Rvalue::Call { func, args, kwargs: vec![] }, e.range()))
            }
            Expr::EllipsisLiteral(_) => Ok(Operand::Const(Const::Function(Rc::from("builtins.Ellipsis")))),
            _ => self.expr(e),
        }
    }

    fn expr(&mut self, e: &Expr) -> R<Operand> {
        let range = e.range();
        match e {
            Expr::Name(n) => self.name(n),
            Expr::NumberLiteral(n) => Ok(Operand::Const(match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Const::Int(v),
                    None => match i.as_u64() {
                        Some(v) => Const::UInt(v),
                        None => return Err(Diagnostic::typing("E0305", "integer literal does not fit in 64 bits").with_primary(&self.file, range, "")),
                    },
                },
                ast::Number::Float(f) => Const::Float(*f),
                ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
            })),
            Expr::BooleanLiteral(b) => Ok(Operand::Const(Const::Bool(b.value))),
            Expr::NoneLiteral(_) => Ok(Operand::Const(Const::None)),
            Expr::StringLiteral(s) => Ok(Operand::Const(Const::Str(Rc::from(s.value.to_str())))),
            Expr::BinOp(b) => {
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                Ok(self.temp(Rvalue::BinOp(binop(b.op), l, r), range))
            }
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand)?;
                // Fold negative literals so that -9223372036854775808 is an int64.
                if u.op == ast::UnaryOp::USub {
                    match v {
                        Operand::Const(Const::Int(i)) if i != i64::MIN => return Ok(Operand::Const(Const::Int(-i))),
                        Operand::Const(Const::UInt(u)) if u == 1u64 << 63 => return Ok(Operand::Const(Const::Int(i64::MIN))),
                        Operand::Const(Const::Float(f)) => return Ok(Operand::Const(Const::Float(-f))),
                        _ => {}
                    }
                }
                let op = match u.op {
                    ast::UnaryOp::USub => UnOp::Neg,
                    ast::UnaryOp::UAdd => UnOp::Pos,
                    ast::UnaryOp::Invert => UnOp::Invert,
                    ast::UnaryOp::Not => {
                        let t = self.truth(v, u.operand.range());
                        return Ok(self.temp(Rvalue::UnaryOp(UnOp::Not, t), range));
                    }
                };
                Ok(self.temp(Rvalue::UnaryOp(op, v), range))
            }
            Expr::BoolOp(b) => {
                let result = self.new_local(None, range);
                let end = self.new_block();
                let n = b.values.len();
                for (k, v) in b.values.iter().enumerate() {
                    let val = self.expr(v)?;
                    self.assign(result, Rvalue::Use(val), v.range());
                    if k + 1 == n {
                        break;
                    }
                    let c = self.truth(Operand::Local(result), v.range());
                    let next = self.new_block();
                    let (t, f) = match b.op {
                        ast::BoolOp::And => (next, end),
                        ast::BoolOp::Or => (end, next),
                    };
                    self.terminate(Terminator::Branch { cond: c, then_bb: t, else_bb: f }, v.range());
                    self.cur = Some(next);
                }
                self.goto(end, range);
                self.cur = Some(end);
                Ok(Operand::Local(result))
            }
            Expr::Compare(c) => {
                let mut left = self.expr(&c.left)?;
                if c.ops.len() == 1 {
                    let r = self.expr(&c.comparators[0])?;
                    return Ok(self.temp(Rvalue::Compare(cmpop(c.ops[0]), left, r), range));
                }
                let result = self.new_local(None, range);
                let end = self.new_block();
                for (k, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
                    let r = self.expr(right)?;
                    self.assign(result, Rvalue::Compare(cmpop(*op), left, r.clone()), range);
                    if k + 1 == c.ops.len() {
                        break;
                    }
                    let next = self.new_block();
                    self.terminate(Terminator::Branch { cond: Operand::Local(result), then_bb: next, else_bb: end }, range);
                    self.cur = Some(next);
                    left = r;
                }
                self.goto(end, range);
                self.cur = Some(end);
                Ok(Operand::Local(result))
            }
            Expr::If(i) => {
                let result = self.new_local(None, range);
                let c = self.expr(&i.test)?;
                let c = self.truth(c, i.test.range());
                let t = self.new_block();
                let f = self.new_block();
                let end = self.new_block();
                self.terminate(Terminator::Branch { cond: c, then_bb: t, else_bb: f }, i.test.range());
                self.cur = Some(t);
                let v = self.expr(&i.body)?;
                self.assign(result, Rvalue::Use(v), i.body.range());
                self.goto(end, range);
                self.cur = Some(f);
                let v = self.expr(&i.orelse)?;
                self.assign(result, Rvalue::Use(v), i.orelse.range());
                self.goto(end, range);
                self.cur = Some(end);
                Ok(Operand::Local(result))
            }
            Expr::Named(n) => {
                let v = self.expr(&n.value)?;
                self.assign_target(&n.target, v.clone(), n.value.range())?;
                Ok(v)
            }
            Expr::Tuple(t) => {
                let mut items = Vec::new();
                if t.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    // `(*t, 1)`: typing expands `t` once its length is known (see `STAR_TUPLE`).
                    items.push(star_mask(&t.elts));
                    for e in &t.elts {
                        items.push(match e {
                            Expr::Starred(st) => self.expr(&st.value)?,
                            _ => self.expr(e)?,
                        });
                    }
                    return Ok(self.temp(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(STAR_TUPLE))), args: items, kwargs: vec![] }, range));
                }
                for e in &t.elts {
                    items.push(self.expr(e)?);
                }
                if items.iter().all(|o| matches!(o, Operand::Const(_))) {
                    let cs: Vec<Const> = items.into_iter().map(|o| if let Operand::Const(c) = o { c } else { unreachable!() }).collect();
                    return Ok(Operand::Const(Const::Tuple(cs.into())));
                }
                Ok(self.temp(Rvalue::BuildTuple(items), range))
            }
            Expr::Attribute(a) => {
                let v = self.expr(&a.value)?;
                if let Operand::Const(Const::Module(m)) = v {
                    return self.module_attr(m, a.attr.id.as_str(), a.attr.range).map(Operand::Const);
                }
                Ok(self.temp(Rvalue::GetAttr(v, Rc::from(a.attr.id.as_str())), range))
            }
            Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                let idx = self.index(&s.slice)?;
                Ok(self.temp(Rvalue::GetItem(base, idx), range))
            }
            Expr::Call(c) => {
                self.in_callee = true;
                let func = self.expr(&c.func);
                self.in_callee = false;
                let func = func?;
                if matches!(&func, Operand::Const(Const::Function(n)) if &**n == "builtins.list") {
                    return self.list_constructor(c, "oxjit.list_build");
                }
                // `typed.List(iterable)`: the loop appending into a new typed list.
                if matches!(&func, Operand::Const(Const::Function(n)) if &**n == "oxjit.typed.List") && c.arguments.args.len() == 1 && c.arguments.keywords.is_empty() {
                    return self.list_constructor(c, "oxjit.typed.List");
                }
                // `np.array([[1, 2], [3, 4]])`: a list display given to the array constructors
                // is only read, so it is lowered like the tuple with the same items.
                let array_ctor = matches!(&func, Operand::Const(Const::Function(n)) if matches!(&**n, "numpy.array" | "numpy.asarray"));
                let starred = c.arguments.args.iter().any(|a| matches!(a, Expr::Starred(_)));
                let mut args = Vec::new();
                for (k, a) in c.arguments.args.iter().enumerate() {
                    args.push(match a {
                        Expr::Starred(st) => self.expr(&st.value)?,
                        _ if array_ctor && k == 0 && !starred => self.array_literal(a)?,
                        _ => self.expr(a)?,
                    });
                }
                let mut kwargs = Vec::new();
                for k in c.arguments.keywords.iter() {
                    let Some(name) = &k.arg else {
                        return Err(self.unsupported(k.range, "`**kwargs` in calls"));
                    };
                    kwargs.push((Rc::from(name.id.as_str()), self.expr(&k.value)?));
                }
                if starred {
                    // `f(a, *t)`: typing expands `t` once its length is known (see `STAR_CALL`).
                    let mask = star_mask(&c.arguments.args);
                    let args = [func, mask].into_iter().chain(args).collect();
                    return Ok(self.temp(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(STAR_CALL))), args, kwargs }, range));
                }
                Ok(self.temp(Rvalue::Call { func, args, kwargs }, range))
            }
            Expr::List(l) => self.list_display(l),
            Expr::ListComp(c) => self.list_comp(c),
            Expr::Dict(d) => self.dict_display(d),
            Expr::DictComp(c) => self.dict_comp(c),
            other => Err(self.unsupported(range, expr_kind_name(other))),
        }
    }
}

impl Lowerer<'_> {
    /// Nested list and tuple displays as nested tuples (the argument of `np.array`).
    fn array_literal(&mut self, e: &Expr) -> R<Operand> {
        let (elts, range) = match e {
            Expr::List(l) => (&l.elts, l.range),
            Expr::Tuple(t) => (&t.elts, t.range),
            other => return self.expr(other),
        };
        let mut items = Vec::with_capacity(elts.len());
        for x in elts {
            items.push(self.array_literal(x)?);
        }
        Ok(self.temp(Rvalue::BuildTuple(items), range))
    }
}

/// The range of a statement's first line (its keyword), for "not supported" messages.
fn stmt_head(s: &Stmt) -> TextRange {
    let r = s.range();
    let kw = match s {
        Stmt::Try(_) => 3,
        Stmt::With(_) => 4,
        Stmt::ClassDef(_) => 5,
        Stmt::Delete(_) => 3,
        Stmt::Global(_) => 6,
        Stmt::Nonlocal(_) => 8,
        Stmt::Match(_) => 5,
        Stmt::Import(_) => 6,
        Stmt::ImportFrom(_) => 4,
        Stmt::FunctionDef(_) => 3,
        _ => return r,
    };
    TextRange::at(r.start(), ruff_text_size::TextSize::new(kw)).intersect(r).unwrap_or(r)
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::NotEq,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::LtE,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::GtE,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
    }
}
