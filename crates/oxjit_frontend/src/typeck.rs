//! Type inference over the MIR: a fixpoint of unification.
//!
//! Every local starts untyped. A sweep over the reachable blocks types each rvalue whose
//! operands are typed (by the rules in [`crate::templates`]) and unifies the result into the
//! destination local; `return`s unify into the function's return type. Sweeps repeat until
//! nothing changes; types only widen (int64 → float64), so this terminates. A local that
//! is still untyped at the end is a diagnostic, never a panic.
//!
//! Calls to other jitted functions type their callee for the argument types (an *instance*)
//! through the [`ProgramBuilder`]; a call back into an instance still being inferred
//! (recursion) sees the return type inferred so far from its other return paths, as in Numba.

use std::collections::HashMap;
use std::rc::Rc;

use ruff_text_size::TextRange;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::host::{FuncId, Host};
use crate::lower::{lower_function, Lowered};
use crate::mir::*;
use crate::program::{Instance, Program};
use crate::syntax::parse_function;
use crate::np_array;
use crate::np_more;
use crate::np_random;
use crate::templates::{self, CallRule};
use crate::types::{Scalar, Ty};
use crate::Options;

type R<T> = Result<T, Diagnostic>;

#[path = "lists.rs"]
pub mod lists;
#[path = "dicts.rs"]
pub mod dicts;

#[path = "strs.rs"]
pub mod strs;

/// The type of a constant.
pub fn const_ty(c: &Const) -> Ty {
    match c {
        Const::Int(_) => Ty::I64,
        Const::UInt(_) => Ty::Scalar(Scalar::U64),
        Const::Float(_) => Ty::F64,
        Const::Bool(_) => Ty::BOOL,
        Const::Complex(..) => Ty::C128,
        Const::None => Ty::None,
        Const::Str(_) => Ty::Str,
        Const::Tuple(items) => Ty::tuple(items.iter().map(const_ty).collect()),
        Const::Module(m) => Ty::Module(*m),
        Const::Function(n) => Ty::Function(std::sync::Arc::from(&**n)),
        Const::ExceptionClass(n) => Ty::ExceptionClass(std::sync::Arc::from(&**n)),
        Const::Dispatcher(id) => Ty::Dispatcher(*id),
        Const::UFunc(u) => Ty::UFunc(u.clone()),
        Const::Array(a) => Ty::Array(crate::types::ArrayTy { dtype: a.dtype, ndim: a.shape.len() as u8, layout: crate::types::Layout::C, readonly: true }),
        Const::TypedInt(s, _) | Const::TypedFloat(s, _) => Ty::Scalar(*s),
        Const::Type(t) => Ty::TypeRef(std::sync::Arc::new(t.clone())),
    }
}

/// Builds the program for `root(args)`.
pub fn build_program(host: &dyn Host, root: FuncId, args: &[Ty], opts: &Options) -> R<Program> {
    let host = lists::PreludeHost { inner: host };
    let host: &dyn Host = &host;
    let mut pb = ProgramBuilder { host, root_opts: opts.clone(), lowered: HashMap::new(), instances: vec![], stack: vec![], warnings: vec![] };
    pb.instance(root, args.to_vec(), None)?;
    let instances = pb.instances.into_iter().map(|i| i.expect("every instance finished")).collect();
    Ok(Program { instances, warnings: pb.warnings })
}

struct InProgress {
    func: FuncId,
    params: Vec<Ty>,
    ret: Option<Ty>,
    used_unknown_ret: bool,
    /// The first recursive call that saw the return type still unknown.
    unknown_site: Option<(Rc<SourceFile>, TextRange)>,
}

pub struct ProgramBuilder<'h> {
    host: &'h dyn Host,
    root_opts: Options,
    lowered: HashMap<FuncId, Rc<Lowered>>,
    instances: Vec<Option<Instance>>,
    stack: Vec<InProgress>,
    warnings: Vec<Diagnostic>,
}

impl ProgramBuilder<'_> {
    fn lowered(&mut self, func: FuncId) -> R<Rc<Lowered>> {
        if let Some(l) = self.lowered.get(&func) {
            return Ok(l.clone());
        }
        let src = self.host.source(func).map_err(|e| Diagnostic::typing("E0002", format!("cannot compile: {e}")))?;
        let parsed = parse_function(&src)?;
        let l = Rc::new(lower_function(self.host, func, &parsed, &src.defaults, &src.kwdefaults)?);
        self.lowered.insert(func, l.clone());
        Ok(l)
    }

    /// The return type of `func(params)`, typing the instance if needed. `Ok(None)` means a
    /// recursive call whose return type is not known yet.
    fn instance(&mut self, func: FuncId, params: Vec<Ty>, call_site: Option<(&Rc<SourceFile>, TextRange)>) -> R<Option<Ty>> {
        for inst in self.instances.iter().flatten() {
            if inst.func == func && inst.params == params {
                return Ok(Some(inst.typed.ret.clone()));
            }
        }
        if let Some(p) = self.stack.iter_mut().find(|p| p.func == func && p.params == params) {
            if p.ret.is_none() {
                p.used_unknown_ret = true;
                if p.unknown_site.is_none() {
                    p.unknown_site = call_site.map(|(f, r)| (f.clone(), r));
                }
            }
            return Ok(p.ret.clone());
        }
        if self.stack.len() > 64 {
            let mut d = Diagnostic::typing("E0305", "calls nest too deeply while typing (unbounded recursion through changing argument types?)");
            if let Some((f, r)) = call_site {
                d = d.with_primary(f, r, "");
            }
            return Err(d);
        }
        let lowered = self.lowered(func)?;
        let options = if self.instances.is_empty() { self.root_opts.clone() } else { self.host.options(func) };
        let index = self.instances.len();
        self.instances.push(None);
        self.stack.push(InProgress { func, params: params.clone(), ret: None, used_unknown_ret: false, unknown_site: None });
        let result = infer(self, &lowered, &params);
        let done = self.stack.pop().expect("pushed above");
        // A recursive call whose type never became known explains any failure that follows.
        if done.used_unknown_ret && done.ret.is_none() {
            let d = Diagnostic::typing("E0305", format!("cannot infer the return type of recursive function `{}`", lowered.body.name));
            let d = match &done.unknown_site {
                Some((f, r)) => d
                    .with_primary(f, *r, "the type of this call is what is being inferred")
                    .with_secondary(&lowered.file, lowered.body.span, "every return path of this function calls itself"),
                None => d.with_primary(&lowered.file, lowered.body.span, "every return path calls the function itself"),
            };
            return Err(d.with_help("give the function a return path that does not recurse (a base case)"));
        }
        let (typed, ret) = result?;
        let symbol = format!("oxjit.{}.{}", lowered.body.name, index);
        let parallel = if options.parallel {
            let (plans, warnings) = crate::parallel::plan(&typed, &lowered.file)?;
            self.warnings.extend(warnings);
            plans
        } else {
            Vec::new()
        };
        self.instances[index] = Some(Instance { func, params, typed, file: lowered.file.clone(), symbol, options, parallel });
        Ok(Some(ret))
    }
}

struct Infer<'a, 'h> {
    pb: &'a mut ProgramBuilder<'h>,
    file: Rc<SourceFile>,
    body: Body,
    tys: Vec<Option<Ty>>,
    /// Where each local first got its type (for "was assigned ... here" labels).
    origin: Vec<Option<TextRange>>,
    ret: Option<Ty>,
    ret_origin: Option<TextRange>,
    changed: bool,
}

fn infer(pb: &mut ProgramBuilder<'_>, lowered: &Lowered, params: &[Ty]) -> R<(TypedBody, Ty)> {
    let mut body = lowered.body.clone();
    if params.len() != body.params.len() {
        return Err(Diagnostic::typing("E0306", format!("`{}` takes {} arguments ({} given)", body.name, body.params.len(), params.len()))
            .with_primary(&lowered.file, body.span, "defined here"));
    }
    let split = crate::webs::split(&mut body);
    prune_none_tests(&mut body, params);
    remove_unreachable(&mut body);
    let n = body.locals.len();
    let mut inf = Infer { pb, file: lowered.file.clone(), body, tys: vec![None; n], origin: vec![None; n], ret: None, ret_origin: None, changed: true };
    for (p, t) in inf.body.params.clone().iter().zip(params) {
        inf.tys[p.index()] = Some(t.clone());
        inf.origin[p.index()] = Some(inf.body.locals[p.index()].span);
    }
    let mut rounds = 0;
    while inf.changed {
        inf.changed = false;
        inf.sweep(false)?;
        rounds += 1;
        if rounds > 100 {
            return Err(Diagnostic::internal("type inference did not converge"));
        }
    }
    inf.sweep(true)?;
    inf.check_dicts_defined()?;
    inf.check_lists_defined()?;
    let ret = match inf.ret.clone() {
        Some(r) => r,
        None => Ty::None, // never returns (always raises): any type will do
    };
    let local_tys: Vec<Ty> = inf.tys.iter().map(|t| t.clone().unwrap_or(Ty::None)).collect();
    let mut body = inf.body;
    crate::webs::merge_same_typed(&mut body, &split, &local_tys);
    let typed = TypedBody { body, local_tys, ret: ret.clone(), params: params.to_vec() };
    Ok((typed, ret))
}

/// Numba's dead-branch pruning of `arg is None` / `arg is not None` on a parameter the body
/// never reassigns: the parameter's type decides the test before typing (`None` is `none`,
/// anything else is not), so the branch not taken is never typed. This is what lets
/// `if w is None: return np.ones(n) else: return w` return one type for each call.
fn prune_none_tests(body: &mut Body, params: &[Ty]) {
    let mut assigned = vec![0u32; body.locals.len()];
    for b in &body.blocks {
        for s in &b.stmts {
            if let StmtKind::Assign { dest, .. } = &s.kind {
                assigned[dest.index()] += 1;
            }
        }
    }
    let param_ty = |l: LocalId| -> Option<&Ty> {
        let k = body.params.iter().position(|p| *p == l)?;
        (assigned[l.index()] == 0).then(|| params.get(k)).flatten()
    };
    let mut known: HashMap<LocalId, bool> = HashMap::new();
    // Tests first, then what copies or negates them (in program order, so one pass suffices
    // for what lowering emits).
    for b in &body.blocks {
        for s in &b.stmts {
            let StmtKind::Assign { dest, value, .. } = &s.kind else { continue };
            if assigned[dest.index()] != 1 {
                continue;
            }
            let v = match value {
                Rvalue::Compare(op @ (CmpOp::Is | CmpOp::IsNot), x, y) => {
                    let p = match (x, y) {
                        (Operand::Local(p), Operand::Const(Const::None)) | (Operand::Const(Const::None), Operand::Local(p)) => *p,
                        _ => continue,
                    };
                    let Some(t) = param_ty(p) else { continue };
                    (*t == Ty::None) == (*op == CmpOp::Is)
                }
                Rvalue::Use(Operand::Local(c)) | Rvalue::Truth(Operand::Local(c)) => match known.get(c) {
                    Some(v) => *v,
                    None => continue,
                },
                Rvalue::UnaryOp(UnOp::Not, Operand::Local(c)) => match known.get(c) {
                    Some(v) => !*v,
                    None => continue,
                },
                _ => continue,
            };
            known.insert(*dest, v);
        }
    }
    for b in &mut body.blocks {
        if let Terminator::Branch { cond: Operand::Local(c), .. } = &b.term {
            if let Some(v) = known.get(c) {
                let Terminator::Branch { cond, .. } = &mut b.term else { unreachable!() };
                *cond = Operand::Const(Const::Bool(*v));
            }
        }
    }
}

/// Replaces blocks no path reaches with empty `unreachable` ones, so dead code after a
/// `return` is not typed.
fn remove_unreachable(body: &mut Body) {
    // A branch on a constant (`while True:`) is a goto, so the edge not taken is dead.
    for b in &mut body.blocks {
        if let Terminator::Branch { cond: Operand::Const(Const::Bool(c)), then_bb, else_bb } = &b.term {
            b.term = Terminator::Goto(if *c { *then_bb } else { *else_bb });
        }
    }
    let mut seen = vec![false; body.blocks.len()];
    let mut work = vec![0usize];
    while let Some(b) = work.pop() {
        if seen[b] {
            continue;
        }
        seen[b] = true;
        match &body.blocks[b].term {
            Terminator::Goto(t) => work.push(t.index()),
            Terminator::Branch { then_bb, else_bb, .. } => {
                work.push(then_bb.index());
                work.push(else_bb.index());
            }
            _ => {}
        }
    }
    for (b, s) in seen.iter().enumerate() {
        if !s {
            body.blocks[b].stmts.clear();
            body.blocks[b].term = Terminator::Unreachable;
        }
    }
}

/// Outcome of typing one rvalue.
enum Typed {
    /// The rvalue's type and resolution.
    Done(Ty, Res),
    /// Replace the rvalue (a call folded into an operator or a constant), then type again.
    Rewrite(Rvalue),
    /// An operand has no type yet.
    Unknown,
    /// New temporaries to assign (in order) just before the statement, and the rvalue that
    /// replaces it (a call given packed `*args`).
    Expand(Vec<(LocalId, Rvalue)>, Rvalue),
}

impl Infer<'_, '_> {
    fn op_ty(&self, op: &Operand) -> Option<Ty> {
        match op {
            Operand::Local(l) => self.tys[l.index()].clone(),
            Operand::Const(c) => Some(const_ty(c)),
        }
    }

    /// How an operand reads in a message: its variable name or its source text.
    fn describe(&self, op: &Operand) -> String {
        match op {
            Operand::Local(l) => match &self.body.locals[l.index()].name {
                Some(n) => format!("`{n}`"),
                None => {
                    let r = self.body.locals[l.index()].span;
                    let text = self.file.text.get(r.start().to_usize()..r.end().to_usize()).unwrap_or("");
                    if !text.is_empty() && text.len() <= 40 && !text.contains('\n') {
                        format!("`{text}`")
                    } else {
                        "the value".to_string()
                    }
                }
            },
            Operand::Const(c) => format!("`{c}`"),
        }
    }

    fn unify_local(&mut self, dest: LocalId, t: Ty, span: TextRange) -> R<()> {
        let cur = self.tys[dest.index()].clone();
        let new = match &cur {
            None => t.clone(),
            Some(c) => match templates::unify(c, &t) {
                Some(u) => u,
                None => {
                    let name = self.body.local_name(dest);
                    // The primary label goes on the later assignment in the source.
                    let (mut first, mut second) = ((span, t.clone()), (self.origin[dest.index()].unwrap_or(span), c.clone()));
                    if first.0.start() < second.0.start() {
                        std::mem::swap(&mut first, &mut second);
                    }
                    let mut d = Diagnostic::typing("E0304", format!("cannot unify {} and {} for variable `{name}`", second.1, first.1))
                        .with_primary(&self.file, first.0, format!("`{name}` is assigned {} here", first.1));
                    if second.0 != first.0 {
                        d = d.with_secondary(&self.file, second.0, format!("and {} here", second.1));
                    }
                    return Err(d.with_note("in compiled code a variable has one type where its assignments meet (after `if`/`else`, around a loop)"));
                }
            },
        };
        if cur.as_ref() != Some(&new) {
            if cur.is_none() {
                self.origin[dest.index()] = Some(span);
            }
            self.tys[dest.index()] = Some(new);
            self.changed = true;
        }
        Ok(())
    }

    fn sweep(&mut self, final_pass: bool) -> R<()> {
        for b in 0..self.body.blocks.len() {
            let mut s = 0;
            while s < self.body.blocks[b].stmts.len() {
                let span = self.body.blocks[b].stmts[s].span;
                let kind = self.body.blocks[b].stmts[s].kind.clone();
                s += 1;
                match kind {
                    StmtKind::Assign { dest, mut value, .. } => {
                        // A typing rule may ask for temporaries assigned just before the
                        // statement (`f(*t)`: the items of `t`; `g(1, 2)` for `def g(*a)`:
                        // the tuple `a`); they are inserted and typed first.
                        let mut guard = 0;
                        let mut expansion = self.star_expansion(&value, span)?;
                        let (t, res) = loop {
                            if expansion.is_some() {
                                break (None, Res::None);
                            }
                            match self.rvalue(&value, span)? {
                                Typed::Done(t, r) => break (Some(t), r),
                                Typed::Unknown => break (None, Res::None),
                                Typed::Expand(temps, rv) => expansion = Some((temps, rv)),
                                Typed::Rewrite(v) => {
                                    value = v;
                                    guard += 1;
                                    if guard > 4 {
                                        return Err(Diagnostic::internal("rvalue rewrite loop"));
                                    }
                                }
                            }
                        };
                        if let Some((temps, rewritten)) = expansion {
                            let at = s - 1;
                            let stmts: Vec<Stmt> = temps
                                .into_iter()
                                .map(|(l, rv)| Stmt { kind: StmtKind::Assign { dest: l, value: rv, ty: None, res: Res::None }, span })
                                .collect();
                            self.body.blocks[b].stmts[at].kind = StmtKind::Assign { dest, value: rewritten, ty: None, res: Res::None };
                            self.body.blocks[b].stmts.splice(at..at, stmts);
                            self.changed = true;
                            s = at;
                            continue;
                        }
                        match t {
                            Some(t) => {
                                self.unify_local(dest, t.clone(), span)?;
                                let (t, res) = self.list_retarget(dest, &value, t, res, span, final_pass)?;
                                let (t, res) = self.dict_retarget(dest, &value, t, res, span)?;
                                self.body.blocks[b].stmts[s - 1].kind = StmtKind::Assign { dest, value, ty: Some(t), res };
                            }
                            None => {
                                self.body.blocks[b].stmts[s - 1].kind = StmtKind::Assign { dest, value: value.clone(), ty: None, res: Res::None };
                                if final_pass {
                                    return Err(self.unknown_operand(&value, span));
                                }
                            }
                        }
                    }
                    StmtKind::SetItem { base, index, value } => {
                        if final_pass {
                            self.setitem(&base, &index, &value, span)?;
                        } else {
                            self.list_setitem_refine(&base, &index, &value, span)?;
                            self.dict_setitem_refine(&base, &index, &value, span)?;
                        }
                    }
                }
            }
            let term = self.body.blocks[b].term.clone();
            let tspan = self.body.blocks[b].term_span;
            match term {
                Terminator::Return(op) => match self.op_ty(&op) {
                    Some(t) => {
                        self.unify_ret(t, tspan)?;
                        self.list_return_refine(&op, tspan)?;
                    }
                    None if final_pass => return Err(self.unknown_operand(&Rvalue::Use(op), tspan)),
                    None => {}
                },
                Terminator::Branch { cond, .. } if final_pass => match self.op_ty(&cond) {
                    Some(Ty::Scalar(Scalar::Bool)) => {}
                    Some(t) => return Err(Diagnostic::internal(format!("branch on {t}")).with_primary(&self.file, tspan, "")),
                    None => return Err(self.unknown_operand(&Rvalue::Use(cond), tspan)),
                },
                _ => {}
            }
        }
        Ok(())
    }

    /// `f(a, *t)` / `(*t, b)`, lowered as calls of `oxjit.star_call(f, mask, ...)` /
    /// `oxjit.star_tuple(mask, ...)` with `mask` the constant tuple of which operands were
    /// starred. Once every starred operand has a tuple type, gives the temporaries holding the
    /// items and the plain call or tuple that replaces the statement. `None` while a starred
    /// operand's type is unknown, or for any other rvalue.
    #[allow(clippy::type_complexity)]
    fn star_expansion(&mut self, rv: &Rvalue, span: TextRange) -> R<Option<(Vec<(LocalId, Rvalue)>, Rvalue)>> {
        let Rvalue::Call { func: Operand::Const(Const::Function(name)), args, kwargs } = rv else { return Ok(None) };
        let is_call = match &**name {
            crate::lower::STAR_CALL => true,
            crate::lower::STAR_TUPLE => false,
            _ => return Ok(None),
        };
        let (callee, rest) = if is_call { (Some(&args[0]), &args[1..]) } else { (None, &args[..]) };
        let Some((Operand::Const(Const::Tuple(mask)), items)) = rest.split_first() else {
            return Err(Diagnostic::internal("malformed star expression"));
        };
        let mut lens = Vec::with_capacity(items.len());
        for (m, o) in mask.iter().zip(items) {
            if *m != Const::Bool(true) {
                lens.push(None);
                continue;
            }
            match self.op_ty(o) {
                None => return Ok(None),
                Some(Ty::Tuple(ts)) => lens.push(Some(ts.len())),
                Some(t) => {
                    return Err(Diagnostic::typing("E0306", format!("`*` unpacks a tuple here, and {} is {t}", self.describe(o)))
                        .with_primary(&self.file, span, "")
                        .with_help("only tuples (of any length known when compiling) can be unpacked with `*` in compiled code"))
                }
            }
        }
        let mut temps = Vec::new();
        let mut flat = Vec::new();
        for (o, len) in items.iter().zip(lens) {
            match len {
                None => flat.push(o.clone()),
                Some(n) => {
                    for i in 0..n {
                        let l = self.new_temp(span);
                        temps.push((l, Rvalue::TupleGet(o.clone(), i)));
                        flat.push(Operand::Local(l));
                    }
                }
            }
        }
        let rewritten = match callee {
            Some(f) => Rvalue::Call { func: f.clone(), args: flat, kwargs: kwargs.clone() },
            None => Rvalue::BuildTuple(flat),
        };
        Ok(Some((temps, rewritten)))
    }

    /// `t[a:b:c]` on a tuple of `n` items with constant bounds (Numba's static slice): the
    /// selected items become temporaries and the value the tuple of them.
    fn tuple_slice(&mut self, n: usize, base: &Operand, slice: &Operand, span: TextRange) -> R<Typed> {
        let bounds = self.const_slice(slice).ok_or_else(|| {
            Diagnostic::typing("E0308", "a tuple can only be sliced with constant bounds")
                .with_primary(&self.file, span, "")
                .with_help("write the bounds as integer literals, e.g. `t[1:]` or `t[:-1]`")
        })?;
        let picks = slice_indices(n as i64, bounds).ok_or_else(|| Diagnostic::typing("E0308", "slice step cannot be zero").with_primary(&self.file, span, ""))?;
        let mut temps = Vec::with_capacity(picks.len());
        let mut items = Vec::with_capacity(picks.len());
        for k in picks {
            let l = self.new_temp(span);
            temps.push((l, Rvalue::TupleGet(base.clone(), k)));
            items.push(Operand::Local(l));
        }
        if temps.is_empty() {
            return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Tuple(Rc::from(vec![]))))));
        }
        Ok(Typed::Expand(temps, Rvalue::BuildTuple(items)))
    }

    /// The constant `(start, stop, step)` of a slice operand built from literals (`None` for a
    /// missing part), if it is one.
    #[allow(clippy::type_complexity)]
    fn const_slice(&self, op: &Operand) -> Option<(Option<i64>, Option<i64>, Option<i64>)> {
        let Operand::Local(l) = op else { return None };
        if self.body.locals[l.index()].name.is_some() {
            return None;
        }
        let args = self.body.blocks.iter().flat_map(|b| b.stmts.iter()).find_map(|s| match &s.kind {
            StmtKind::Assign { dest, value: Rvalue::Call { func: Operand::Const(Const::Function(f)), args, .. }, .. } if dest == l && &**f == "oxjit.slice" => Some(args),
            _ => None,
        })?;
        let part = |o: Option<&Operand>| -> Option<Option<i64>> {
            match o {
                None | Some(Operand::Const(Const::None)) => Some(None),
                Some(Operand::Const(Const::Int(v))) => Some(Some(*v)),
                _ => None,
            }
        };
        Some((part(args.first())?, part(args.get(1))?, part(args.get(2))?))
    }

    /// A fresh untyped temporary (for statements inserted while typing).
    fn new_temp(&mut self, span: TextRange) -> LocalId {
        let l = LocalId(self.body.locals.len() as u32);
        self.body.locals.push(crate::mir::Local { name: None, span });
        self.tys.push(None);
        self.origin.push(None);
        l
    }

    fn unify_ret(&mut self, t: Ty, span: TextRange) -> R<()> {
        let new = match &self.ret {
            None => t.clone(),
            Some(c) => match templates::unify(c, &t) {
                Some(u) => u,
                None => {
                    let (mut first, mut second) = ((span, t.clone()), (self.ret_origin.unwrap_or(span), c.clone()));
                    if first.0.start() < second.0.start() {
                        std::mem::swap(&mut first, &mut second);
                    }
                    let mut d = Diagnostic::typing("E0310", format!("cannot unify return types {} and {}", second.1, first.1))
                        .with_primary(&self.file, first.0, format!("returns {}", first.1));
                    if second.0 != first.0 {
                        d = d.with_secondary(&self.file, second.0, format!("returns {}", second.1));
                    }
                    return Err(d.with_note("every `return` of a function must give compatible types (None with a value is not supported yet)"));
                }
            },
        };
        if self.ret.as_ref() != Some(&new) {
            if self.ret.is_none() {
                self.ret_origin = Some(span);
            }
            self.ret = Some(new.clone());
            self.changed = true;
            if let Some(p) = self.pb.stack.last_mut() {
                p.ret = Some(new);
            }
        }
        Ok(())
    }

    fn unknown_operand(&self, rv: &Rvalue, span: TextRange) -> Diagnostic {
        for o in rv.operands() {
            if self.op_ty(o).is_none() {
                if let Operand::Local(l) = o {
                    let local = &self.body.locals[l.index()];
                    if let Some(name) = &local.name {
                        return Diagnostic::typing("E0305", format!("cannot infer the type of `{name}`"))
                            .with_primary(&self.file, span, format!("`{name}` is used here"))
                            .with_note("it is never assigned a value of known type before this use (is it assigned on every path?)");
                    }
                    // A temporary: report what produced it.
                    return Diagnostic::typing("E0305", "cannot infer the type of this expression").with_primary(&self.file, local.span, "");
                }
            }
        }
        Diagnostic::typing("E0305", "cannot infer the type of this expression").with_primary(&self.file, span, "")
    }

    fn rvalue(&mut self, rv: &Rvalue, span: TextRange) -> R<Typed> {
        macro_rules! ty {
            ($o:expr) => {
                match self.op_ty($o) {
                    Some(t) => t,
                    None => return Ok(Typed::Unknown),
                }
            };
        }
        match rv {
            Rvalue::Use(o) => Ok(Typed::Done(ty!(o), Res::None)),
            Rvalue::BinOp(op, a, b) => {
                // An optional value (`d.get(k)`) is used as its value (checked when it runs).
                let (ta, tb) = (dicts::strip_optional(ty!(a)), dicts::strip_optional(ty!(b)));
                // Numba: a float raised to an integer is square-and-multiply, not C `pow`.
                if *op == BinOp::Pow && ta.is_float() && (tb.is_int() || tb == Ty::BOOL) {
                    return Ok(Typed::Rewrite(Rvalue::Call {
                        func: Operand::Const(Const::Function(Rc::from("oxjit.float_powi"))),
                        args: vec![a.clone(), b.clone()],
                        kwargs: vec![],
                    }));
                }
                if matches!(ta, Ty::List(_)) || matches!(tb, Ty::List(_)) {
                    return self.list_binop(*op, a, b, &ta, &tb, span);
                }
                if ta == Ty::Str || tb == Ty::Str {
                    return self.str_binop(*op, a, b, &ta, &tb, span);
                }
                if ta.as_array().is_some() || tb.as_array().is_some() {
                    return self.array_operator(templates::binop_ufunc(*op), op.symbol(), vec![a.clone(), b.clone()], span);
                }
                match templates::binop(*op, &ta, &tb) {
                    Some((operand_ty, result)) => Ok(Typed::Done(result, Res::Op { operand_ty })),
                    None => {
                        let arrays = ta.as_array().is_some() || tb.as_array().is_some();
                        let mut d = Diagnostic::typing("E0301", format!("unsupported operand types for {}: {ta} and {tb}", op.symbol()))
                            .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)));
                        if arrays {
                            d.kind = crate::DiagKind::Unsupported;
                            d = d.with_note("whole-array expressions are not supported yet; write the loop");
                        }
                        Err(d)
                    }
                }
            }
            Rvalue::UnaryOp(op, a) => {
                let ta = dicts::strip_optional(ty!(a));
                if ta.as_array().is_some() {
                    return self.array_operator(templates::unop_ufunc(*op), op.symbol().trim(), vec![a.clone()], span);
                }
                match templates::unop(*op, &ta) {
                    Some((operand_ty, result)) => Ok(Typed::Done(result, Res::Op { operand_ty })),
                    None => Err(Diagnostic::typing("E0302", format!("bad operand type for unary {}: {ta}", op.symbol().trim()))
                        .with_primary(&self.file, span, format!("{} is {ta}", self.describe(a)))),
                }
            }
            Rvalue::Compare(op, a, b) => {
                let (ta, tb) = (ty!(a), ty!(b));
                if let (Ty::DType(x), Ty::DType(y), CmpOp::Eq | CmpOp::NotEq) = (&ta, &tb, op) {
                    return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool((x == y) == (*op == CmpOp::Eq))))));
                }
                if matches!(op, CmpOp::Is | CmpOp::IsNot) {
                    // `v is None` for `v = d.get(k)`: tested when it runs.
                    if let (Ty::Optional(_), Ty::None) | (Ty::None, Ty::Optional(_)) = (&ta, &tb) {
                        let operand_ty = if matches!(ta, Ty::Optional(_)) { ta.clone() } else { tb.clone() };
                        return Ok(Typed::Done(Ty::BOOL, Res::Op { operand_ty }));
                    }
                    let same = match (&ta, &tb) {
                        (Ty::None, Ty::None) => Some(true),
                        (Ty::None, _) | (_, Ty::None) => Some(false),
                        _ => None,
                    };
                    if let Some(same) = same {
                        return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(same == (*op == CmpOp::Is))))));
                    }
                }
                let (ta, tb) = (dicts::strip_optional(ta), dicts::strip_optional(tb));
                if matches!(tb, Ty::Dict(_) | Ty::DictView(_)) || (matches!(ta, Ty::Dict(_)) && !matches!(op, CmpOp::Is | CmpOp::IsNot)) {
                    return self.dict_compare(*op, a, b, &ta, &tb, span);
                }
                if matches!(tb, Ty::List(_)) || (matches!(ta, Ty::List(_)) && !matches!(op, CmpOp::Is | CmpOp::IsNot)) {
                    return self.list_compare(*op, a, b, &ta, &tb, span);
                }
                if ta.as_array().is_some() || tb.as_array().is_some() {
                    return self.array_operator(templates::cmp_ufunc(*op), op.symbol(), vec![a.clone(), b.clone()], span);
                }
                if ta == Ty::Str || tb == Ty::Str {
                    return self.str_compare(*op, a, b, &ta, &tb, span);
                }
                match templates::compare(*op, &ta, &tb) {
                    Some(operand_ty) => Ok(Typed::Done(Ty::BOOL, Res::Op { operand_ty })),
                    None => Err(Diagnostic::typing("E0303", format!("cannot compare {ta} and {tb} with `{}`", op.symbol()))
                        .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b)))),
                }
            }
            Rvalue::Truth(a) => {
                let ta = ty!(a);
                match &ta {
                    Ty::Scalar(_) | Ty::None | Ty::Tuple(_) | Ty::Str | Ty::Optional(_) => Ok(Typed::Done(Ty::BOOL, Res::None)),
                    Ty::Dict(_) => Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.dict_truth"))), args: vec![a.clone()], kwargs: vec![] })),
                    Ty::List(_) => Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.list_truth"))), args: vec![a.clone()], kwargs: vec![] })),
                    _ => Err(Diagnostic::typing("E0302", format!("the truth value of {ta} is not defined in compiled code"))
                        .with_primary(&self.file, span, format!("{} is {ta}", self.describe(a)))),
                }
            }
            Rvalue::BuildTuple(items) => {
                let mut ts = Vec::with_capacity(items.len());
                for i in items {
                    ts.push(ty!(i));
                }
                Ok(Typed::Done(Ty::tuple(ts), Res::None))
            }
            Rvalue::TupleGet(t, i) => match ty!(t) {
                Ty::Tuple(items) => Ok(Typed::Done(items[*i].clone(), Res::None)),
                // `a, b = l` / `a, b = arr`: item `i` (the length was checked before).
                Ty::List(_) => Ok(Typed::Rewrite(Rvalue::Call {
                    func: Operand::Const(Const::Function(Rc::from("oxjit.list_getitem"))),
                    args: vec![t.clone(), Operand::Const(Const::Int(*i as i64))],
                    kwargs: vec![],
                })),
                Ty::Array(_) => Ok(Typed::Rewrite(Rvalue::GetItem(t.clone(), vec![Operand::Const(Const::Int(*i as i64))]))),
                other => Err(Diagnostic::internal(format!("tuple_get on {other}")).with_primary(&self.file, span, "")),
            },
            Rvalue::CheckTupleLen(t, n) => match ty!(t) {
                // Lists and arrays (along the first axis) unpack with a length check when it runs
                // (Numba: ValueError).
                Ty::List(_) => Ok(Typed::Rewrite(Rvalue::Call {
                    func: Operand::Const(Const::Function(Rc::from("oxjit.list_unpack"))),
                    args: vec![t.clone(), Operand::Const(Const::Int(*n as i64))],
                    kwargs: vec![],
                })),
                Ty::Array(a) if a.ndim >= 1 => Ok(Typed::Rewrite(Rvalue::Call {
                    func: Operand::Const(Const::Function(Rc::from("oxjit.array_unpack"))),
                    args: vec![t.clone(), Operand::Const(Const::Int(*n as i64))],
                    kwargs: vec![],
                })),
                Ty::Tuple(items) if items.len() == *n => Ok(Typed::Done(Ty::Tuple(items), Res::None)),
                Ty::Tuple(items) => Err(Diagnostic::typing("E0312", format!("cannot unpack {} values into {n} targets", items.len()))
                    .with_primary(&self.file, span, format!("{} has {} elements", self.describe(t), items.len()))),
                other => Err(Diagnostic::typing("E0312", format!("cannot unpack {other}"))
                    .with_primary(&self.file, span, format!("{} is {other}, not a tuple", self.describe(t)))),
            },
            Rvalue::GetAttr(o, name) => {
                let t = ty!(o);
                if let Ty::Array(a) = &t {
                    if &**name == "imag" && !a.dtype.is_complex() {
                        // Numba: the imaginary part of a real array is a new array of zeros.
                        return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("numpy.zeros_like"))), args: vec![o.clone()], kwargs: vec![] }));
                    }
                }
                self.getattr(&t, name, o, span).map(|t| Typed::Done(t, Res::None))
            }
            Rvalue::GetItem(o, idx) => {
                let t = ty!(o);
                if let Ty::List(_) = t {
                    let args = std::iter::once(o.clone()).chain(idx.iter().cloned()).collect();
                    return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.list_getitem"))), args, kwargs: vec![] }));
                }
                if let Ty::Str = t {
                    let args = std::iter::once(o.clone()).chain(idx.iter().cloned()).collect();
                    return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.str_getitem"))), args, kwargs: vec![] }));
                }
                if let Ty::TypeRef(_) = t {
                    return self.type_subscript(&t, idx, span).map(|t| Typed::Done(t, Res::None));
                }
                if let Ty::Dict(_) | Ty::DictView(_) = t {
                    // `d[a, b]` is the tuple key `(a, b)`, as in Python (see `dicts::key_args`).
                    let args = std::iter::once(o.clone()).chain(idx.iter().cloned()).collect();
                    return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("oxjit.dict_getitem"))), args, kwargs: vec![] }));
                }
                let mut its = Vec::new();
                for i in idx {
                    its.push(ty!(i));
                }
                if let (Ty::Tuple(items), [Ty::Slice(_)]) = (&t, its.as_slice()) {
                    return self.tuple_slice(items.len(), o, &idx[0], span);
                }
                self.getitem(&t, o, idx, &its, span).map(|t| Typed::Done(t, Res::None))
            }
            Rvalue::Call { func, args, kwargs } => {
                let ft = ty!(func);
                let mut ats = Vec::new();
                for a in args {
                    ats.push(dicts::strip_optional(ty!(a)));
                }
                let mut kts = Vec::new();
                for (_, v) in kwargs {
                    kts.push(ty!(v));
                }
                self.call(&ft, func, args, &ats, kwargs, &kts, span)
            }
        }
    }

    fn getattr(&self, t: &Ty, name: &str, o: &Operand, span: TextRange) -> R<Ty> {
        let method = |recv: &Ty| Ty::Method(std::sync::Arc::new((recv.clone(), std::sync::Arc::from(name))));
        if let Ty::List(_) = t {
            return self.list_getattr(t, name, o, span);
        }
        if let Ty::Str = t {
            return self.str_getattr(name, o, span);
        }
        if let Ty::Dict(_) = t {
            return self.dict_getattr(t, name, o, span);
        }
        if let Ty::Function(f) = t {
            // `Dict.empty`, `List.empty_list` (numba.typed's classes).
            if let ("oxjit.typed.Dict", "empty") | ("oxjit.typed.List", "empty_list") = (&**f, name) {
                return Ok(Ty::Function(std::sync::Arc::from(format!("{f}.{name}").as_str())));
            }
        }
        match t {
            Ty::Array(a) => match name {
                "shape" | "strides" => return Ok(Ty::tuple(vec![Ty::I64; a.ndim as usize])),
                "size" | "ndim" | "itemsize" | "nbytes" => return Ok(Ty::I64),
                _ if np_array::is_method(name) || np_more::is_method(name) => return Ok(method(t)),
                _ if templates::is_reduction(name) && !matches!(name, "count_nonzero" | "amin" | "amax") => return Ok(method(t)),
                _ => {
                    if let Some(t) = np_array::attribute(a, name) {
                        return Ok(t);
                    }
                }
            },
            Ty::Scalar(s) => match name {
                "real" | "imag" if s.is_complex() => return Ok(Ty::Scalar(s.complex_part())),
                "real" | "imag" => return Ok(t.clone()),
                "conjugate" => return Ok(method(t)),
                _ => {}
            },
            _ => {}
        }
        let mut d = Diagnostic::typing("E0309", format!("{t} has no attribute `{name}`")).with_primary(&self.file, span, format!("{} is {t}", self.describe(o)));
        if t.as_array().is_some() {
            d.kind = crate::DiagKind::Unsupported;
            d = d.with_note("array methods and views are not supported yet; `shape`, `size`, `ndim`, `strides`, `itemsize` are");
        }
        Err(d)
    }

    fn getitem(&self, t: &Ty, base: &Operand, idx: &[Operand], its: &[Ty], span: TextRange) -> R<Ty> {
        match t {
            Ty::Array(a) => {
                let its: Vec<Ty> = match its {
                    [Ty::Tuple(items)] => items.to_vec(),
                    _ => its.to_vec(),
                };
                for (k, it) in its.iter().enumerate() {
                    let ok = it.is_int() || matches!(it, Ty::Slice(_) | Ty::None | Ty::Array(_)) || matches!(it, Ty::Function(n) if &**n == "builtins.Ellipsis");
                    if !ok {
                        let what = idx.get(k).map(|o| self.describe(o)).unwrap_or_else(|| "the index".into());
                        return Err(Diagnostic::typing("E0308", format!("array indices must be integers or slices, not {it}"))
                            .with_primary(&self.file, span, format!("{what} is {it}")));
                    }
                }
                if let Err(msg) = templates::expand_index(a.ndim, &its) {
                    let label = if msg.starts_with("too many") {
                        format!("{} has {} dimension{}", self.describe(base), a.ndim, if a.ndim == 1 { "" } else { "s" })
                    } else {
                        String::new()
                    };
                    return Err(Diagnostic::typing("E0308", msg).with_primary(&self.file, span, label));
                }
                match templates::array_index(a, &its) {
                    Some(r) => Ok(r),
                    None => Err(Diagnostic::unsupported("E0308", "this combination of an array index with integers, `None` or separated axes is not supported")
                        .with_primary(&self.file, span, "")),
                }
            }
            Ty::Tuple(items) => {
                if idx.len() != 1 {
                    return Err(Diagnostic::typing("E0308", "tuple indices must be a single integer").with_primary(&self.file, span, ""));
                }
                match &idx[0] {
                    Operand::Const(Const::Int(k)) => {
                        let n = items.len() as i64;
                        let k2 = if *k < 0 { k + n } else { *k };
                        if k2 < 0 || k2 >= n {
                            return Err(Diagnostic::typing("E0308", format!("tuple index {k} out of range for {t}")).with_primary(&self.file, span, ""));
                        }
                        Ok(items[k2 as usize].clone())
                    }
                    other => {
                        if !its[0].is_int() {
                            return Err(Diagnostic::typing("E0308", format!("tuple indices must be integers, not {}", its[0])).with_primary(&self.file, span, ""));
                        }
                        if items.is_empty() || !items.iter().all(|i| *i == items[0]) {
                            return Err(Diagnostic::typing("E0308", format!("{t} can only be indexed by a constant"))
                                .with_primary(&self.file, span, format!("{} is not a compile-time constant", self.describe(other))));
                        }
                        Ok(items[0].clone())
                    }
                }
            }
            _ => Err(Diagnostic::typing("E0308", format!("{t} is not subscriptable")).with_primary(&self.file, span, format!("{} is {t}", self.describe(base)))),
        }
    }

    fn setitem(&self, base: &Operand, index: &[Operand], value: &Operand, span: TextRange) -> R<()> {
        let (Some(bt), Some(vt)) = (self.op_ty(base), self.op_ty(value)) else {
            return Err(self.unknown_operand(&Rvalue::BuildTuple(std::iter::once(base.clone()).chain(index.iter().cloned()).chain([value.clone()]).collect()), span));
        };
        let mut its = Vec::new();
        for i in index {
            match self.op_ty(i) {
                Some(t) => its.push(t),
                None => return Err(self.unknown_operand(&Rvalue::Use(i.clone()), span)),
            }
        }
        match &bt {
            Ty::Array(a) => {
                if a.readonly {
                    return Err(Diagnostic::typing("E0311", format!("cannot assign into {bt}"))
                        .with_primary(&self.file, span, format!("{} is read-only", self.describe(base)))
                        .with_note("global arrays are frozen constants, and non-writeable arrays are passed read-only"));
                }
                if let Ty::Array(view) = self.getitem(&bt, base, index, &its, span)? {
                    // Slice assignment: a number fills the view, an array is broadcast into it
                    // (its shape is checked when it runs).
                    return match &vt {
                        Ty::Scalar(_) => Ok(()),
                        Ty::Array(v) if v.ndim <= view.ndim => Ok(()),
                        Ty::Array(v) => Err(Diagnostic::typing("E0311", format!("cannot assign a {}-d array to a {}-d view", v.ndim, view.ndim))
                            .with_primary(&self.file, span, format!("{} is {vt}", self.describe(value)))),
                        _ => Err(Diagnostic::typing("E0311", format!("cannot assign {vt} to an array view"))
                            .with_primary(&self.file, span, format!("{} is {vt}", self.describe(value)))),
                    };
                }
                match vt.scalar() {
                    Some(s) if s.is_complex() && !a.dtype.is_complex() => Err(Diagnostic::typing("E0311", format!("cannot store {vt} into an array of {}", a.dtype.name()))
                        .with_primary(&self.file, span, format!("{} is {vt}", self.describe(value)))),
                    Some(_) => Ok(()),
                    None => Err(Diagnostic::typing("E0311", format!("cannot store {vt} into an array of {}", a.dtype.name()))
                        .with_primary(&self.file, span, format!("{} is {vt}", self.describe(value)))),
                }
            }
            Ty::List(_) => self.list_setitem(&bt, base, &its, &vt, value, span),
            Ty::Dict(_) => self.dict_setitem(&bt, index, &its, &vt, value, span),
            Ty::Tuple(_) => Err(Diagnostic::typing("E0311", "tuples are immutable").with_primary(&self.file, span, format!("{} is {bt}", self.describe(base)))),
            _ => Err(Diagnostic::typing("E0311", format!("{bt} does not support item assignment")).with_primary(&self.file, span, format!("{} is {bt}", self.describe(base)))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call(&mut self, ft: &Ty, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Typed> {
        let bad = |this: &Self, msg: String| Diagnostic::typing("E0306", msg).with_primary(&this.file, span, "");
        match ft {
            Ty::Function(name) => {
                let name: &str = name;
                if let Some(uf) = name.strip_prefix("oxjit.inplace.") {
                    if matches!(ats.first(), Some(Ty::List(_))) {
                        return self.list_inplace(uf, args, ats, span);
                    }
                    return self.inplace(uf, args, ats, span);
                }
                if name == "numpy.cross" {
                    return match (ats, kwargs) {
                        ([Ty::Array(a), Ty::Array(b)], []) if a.ndim >= 1 && b.ndim >= 1 => {
                            let which = if a.ndim == 1 && b.ndim == 1 { "np_cross_1d" } else { "np_cross_nd" };
                            Ok(self.prelude_call(which, args))
                        }
                        _ => Err(bad(self, format!("np.cross() takes two arrays of at least one dimension here, not ({})", ats.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")))),
                    };
                }
                if name == "oxjit.array_unpack" {
                    return Ok(Typed::Done(ats[0].clone(), Res::Call(CallTarget::Intrinsic { name: Rc::from("array.unpack"), params: vec![ats[0].clone(), Ty::I64] })));
                }
                if let Some(h) = name.strip_prefix(crate::lower::OVERLOAD_PREFIX) {
                    return self.call_overload(h, args, ats, kwargs, kts, span);
                }
                if let Some(r) = self.dict_call(name, args, ats, kwargs, kts, span)? {
                    return Ok(r);
                }
                if let Some(r) = self.list_call(name, func, args, ats, kwargs, kts, span)? {
                    return Ok(r);
                }
                if let Some(r) = self.str_call(name, func, args, ats, kwargs, span)? {
                    return Ok(r);
                }
                if let Some(np) = name.strip_prefix("numpy.") {
                    if let Some(r) = self.np_array_call(np, func, args, ats, kwargs, span)? {
                        return Ok(r);
                    }
                }
                if let Some(d) = self.numpy_kwargs(name.strip_prefix("numpy."), kwargs, span) {
                    return Err(d);
                }
                if name.strip_prefix("numpy.").is_some_and(templates::is_reduction) {
                    if let Some(r) = self.reduction_kwargs(func, args, kwargs) {
                        return Ok(r);
                    }
                }
                if !kwargs.is_empty() {
                    return Err(bad(self, format!("{name}() does not take keyword arguments in compiled code")));
                }
                // Folds: pow(a, b) is a ** b; int()/float() with no argument are constants.
                match (name, args.len()) {
                    ("builtins.pow", 2) => return Ok(Typed::Rewrite(Rvalue::BinOp(BinOp::Pow, args[0].clone(), args[1].clone()))),
                    ("builtins.int", 0) => return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Int(0))))),
                    ("builtins.float", 0) => return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Float(0.0))))),
                    ("builtins.bool", 0) => return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Bool(false))))),
                    ("builtins.complex", 0) => return Ok(Typed::Rewrite(Rvalue::Use(Operand::Const(Const::Complex(0.0, 0.0))))),
                    _ => {}
                }
                match templates::call(name, ats) {
                    CallRule::Intrinsic(target, ret) => Ok(Typed::Done(ret, Res::Call(target))),
                    CallRule::BadArgs(msg) if name == "oxjit.iter_len" => Err(Diagnostic::typing("E0313", format!("{} is not iterable", ats[0]))
                        .with_primary(&self.file, span, msg)),
                    CallRule::BadArgs(msg) => Err(bad(self, msg)),
                    CallRule::Unsupported(msg) => Err(Diagnostic::unsupported("E0307", msg).with_primary(&self.file, span, "")),
                    CallRule::Unknown => {
                        let short = name.strip_prefix("builtins.").unwrap_or(name);
                        let mut d = Diagnostic::unsupported("E0307", format!("`{short}` is not supported in compiled code yet")).with_primary(&self.file, span, "");
                        if matches!(name, "builtins.range" | "oxjit.prange") {
                            d = d.with_note("range() and prange() can only be iterated by a `for` loop");
                        }
                        Err(d)
                    }
                }
            }
            Ty::Method(m) => {
                let (recv, name) = (&m.0, &*m.1);
                if let Ty::List(_) = recv {
                    return self.list_method_call(name, func, args, kwargs, span);
                }
                if let Ty::Str = recv {
                    return self.str_method_call(name, func, args, kwargs, span);
                }
                if let Ty::Dict(_) = recv {
                    return self.dict_method_call(name, func, args, kwargs, span);
                }
                if let (Ty::Scalar(s), "conjugate") = (recv, name) {
                    if !args.is_empty() || !kwargs.is_empty() {
                        return Err(bad(self, "conjugate() takes no arguments".into()));
                    }
                    let t = Ty::Scalar(*s);
                    if s.is_complex() {
                        return Ok(Typed::Done(t.clone(), Res::Call(CallTarget::Intrinsic { name: Rc::from("complex.conjugate"), params: vec![t] })));
                    }
                    return Ok(Typed::Done(t.clone(), Res::Call(CallTarget::Intrinsic { name: Rc::from("cast"), params: vec![t] })));
                }
                if let Ty::Array(a) = recv {
                    if templates::is_reduction(name) && name != "count_nonzero" {
                        return self.array_reduction_method(a, name, args, kwargs, span);
                    }
                    type Method = fn(&str, &crate::types::ArrayTy, &[np_array::Arg]) -> Result<Option<CallRule>, String>;
                    let family: Option<Method> = if np_more::is_method(name) {
                        Some(np_more::method)
                    } else if np_array::is_method(name) {
                        Some(np_array::method)
                    } else {
                        None
                    };
                    if let Some(method) = family {
                        if !kwargs.is_empty() {
                            // Keywords are placed by the method's parameter names, as for
                            // `np.*` functions: a rewrite to the positional form.
                            let names = np_more::method_params(name).or_else(|| np_array::method_params(name)).unwrap_or(&[]);
                            let args = self.place_kwargs(name, names, args, kwargs, span)?;
                            return Ok(Typed::Rewrite(Rvalue::Call { func: func.clone(), args, kwargs: vec![] }));
                        }
                        let consts = self.arg_consts(args);
                        let argv: Vec<np_array::Arg> = ats.iter().zip(&consts).map(|(t, c)| np_array::Arg { ty: t, konst: c.as_ref() }).collect();
                        return match method(name, a, &argv) {
                            Ok(Some(CallRule::Intrinsic(target, ret))) => Ok(Typed::Done(ret, Res::Call(target))),
                            Ok(_) => Err(Diagnostic::unsupported("E0307", format!("method `{name}` of {recv} is not supported yet")).with_primary(&self.file, span, "")),
                            Err(msg) => Err(bad(self, msg)),
                        };
                    }
                }
                Err(Diagnostic::unsupported("E0307", format!("method `{name}` of {recv} is not supported yet")).with_primary(&self.file, span, ""))
            }
            Ty::Dispatcher(id) => self.call_dispatcher(*id, args, ats, kwargs, kts, span),
            Ty::UFunc(u) => self.call_ufunc(u, func, args, ats, kwargs, span),
            Ty::ExceptionClass(n) => Err(Diagnostic::unsupported("E0307", format!("exception objects can only be raised (`raise {n}(...)`)")).with_primary(&self.file, span, "")),
            other => Err(Diagnostic::typing("E0307", format!("{other} is not callable")).with_primary(&self.file, span, format!("{} is {other}", self.describe(func)))),
        }
    }

    /// A call of a function with `@overload` implementations: the host runs the typing
    /// functions on the argument types and jits the implementation one of them returns; the
    /// call becomes a call of that dispatcher (keyword arguments are placed by its parameters).
    fn call_overload(&mut self, handle: &str, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Typed> {
        let Some((Ok(h), pyname)) = handle.split_once('#').map(|(h, n)| (h.parse::<u32>(), n)) else {
            return Err(Diagnostic::internal("bad overload handle"));
        };
        let kw: Vec<(&str, Ty)> = kwargs.iter().zip(kts).map(|((k, _), t)| (&**k, t.clone())).collect();
        let what = format!("`{pyname}`");
        let sig = || {
            let mut parts: Vec<String> = ats.iter().map(|t| t.to_string()).collect();
            parts.extend(kw.iter().map(|(k, t)| format!("{k}={t}")));
            parts.join(", ")
        };
        match self.pb.host.resolve_overload(h, ats, &kw) {
            Ok(Some(fid)) => Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Dispatcher(fid)), args: args.to_vec(), kwargs: kwargs.to_vec() })),
            Ok(None) => Err(Diagnostic::typing("E0306", format!("no implementation of {what} for argument types ({})", sig()))
                .with_primary(&self.file, span, "")
                .with_note("every typing function registered with @overload returned None for these types")),
            Err(e) => Err(Diagnostic::typing("E0306", format!("the @overload typing function of {what} failed for argument types ({}): {e}", sig()))
                .with_primary(&self.file, span, "")),
        }
    }

    // ----- Whole-array expressions -----

    /// An operator with an array operand: the ufunc call it stands for (`a + b` is
    /// `np.add(a, b)`), typed by the ufunc's loops.
    fn array_operator(&self, ufunc: Option<&str>, symbol: &str, args: Vec<Operand>, span: TextRange) -> R<Typed> {
        if symbol == "@" {
            return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from("numpy.matmul"))), args, kwargs: vec![] }));
        }
        let Some(uf) = ufunc else {
            return Err(Diagnostic::unsupported("E0301", format!("`{symbol}` on arrays is not supported")).with_primary(&self.file, span, ""));
        };
        Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Function(Rc::from(format!("numpy.{uf}").as_str()))), args, kwargs: vec![] }))
    }

    /// `x op= v` (lowered as `oxjit.inplace.<ufunc>(x, v)`): for a scalar `x` the plain
    /// operator; for an array the ufunc computed into `x` itself, whose dtype must hold the
    /// loop's result under NumPy's `same_kind` casting.
    fn inplace(&self, uf: &str, args: &[Operand], ats: &[Ty], span: TextRange) -> R<Typed> {
        let ([a, b], [ta, tb]) = (args, ats) else {
            return Err(Diagnostic::internal("in-place operator without two operands").with_primary(&self.file, span, ""));
        };
        let Ty::Array(at) = ta else {
            let Some(op) = templates::ufunc_binop(uf) else {
                return Err(Diagnostic::internal(format!("unknown in-place operator {uf}")).with_primary(&self.file, span, ""));
            };
            return Ok(Typed::Rewrite(Rvalue::BinOp(op, a.clone(), b.clone())));
        };
        let symbol = |uf: &str| templates::ufunc_binop(uf).map(|op| op.symbol()).unwrap_or("?");
        if at.readonly {
            return Err(Diagnostic::typing("E0311", format!("cannot update {ta} in place")).with_primary(&self.file, span, format!("{} is read-only", self.describe(a))));
        }
        let bd = match tb {
            Ty::Scalar(s) => *s,
            Ty::Array(bt) if bt.ndim <= at.ndim => bt.dtype,
            Ty::Array(bt) => {
                return Err(Diagnostic::typing("E0301", format!("cannot update a {}-d array in place with a {}-d one", at.ndim, bt.ndim))
                    .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b))))
            }
            t => return Err(Diagnostic::typing("E0301", format!("unsupported operand types for {}=: {ta} and {t}", symbol(uf))).with_primary(&self.file, span, "")),
        };
        let (_, out) = templates::ufunc_loop(uf, &[at.dtype, bd])
            .map_err(|msg| Diagnostic::typing("E0301", msg).with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b))))?;
        if !templates::can_cast_same_kind(out, at.dtype) {
            return Err(Diagnostic::typing("E0301", format!("cannot store the {} result of `{}=` in {ta} (NumPy's same_kind casting)", out.name(), symbol(uf)))
                .with_primary(&self.file, span, format!("{} is {ta}, {} is {tb}", self.describe(a), self.describe(b))));
        }
        Ok(Typed::Done(ta.clone(), Res::Call(CallTarget::Intrinsic { name: Rc::from(format!("ufunc_inplace.{uf}").as_str()), params: vec![ta.clone(), tb.clone()] })))
    }

    // ----- NumPy array construction (np_array.rs) -----

    /// The constants among `args` (dtype strings are read from them).
    fn arg_consts(&self, args: &[Operand]) -> Vec<Option<Const>> {
        args.iter()
            .map(|a| match a {
                Operand::Const(c) => Some(c.clone()),
                Operand::Local(_) => None,
            })
            .collect()
    }

    /// `np.zeros(...)`, `np.arange(...)` ...: keyword arguments are placed by name (a rewrite
    /// to positional form, missing ones `None`), then typed by `np_array::creation`.
    fn np_array_call(&self, np: &str, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Option<Typed>> {
        type Rule = fn(&str, &[np_array::Arg]) -> Option<CallRule>;
        let (names, rule): (&[&str], Rule) = if let Some(r) = np.strip_prefix("random.") {
            match np_random::params_of(r) {
                Some(names) => (names, |np, args| np_random::call(np.strip_prefix("random.").unwrap_or(np), args)),
                None => return Ok(None),
            }
        } else if let Some(names) = np_more::params_of(np) {
            (names, np_more::call)
        } else {
            match np_array::params_of(np) {
                Some(names) => (names, np_array::creation),
                None => return Ok(None),
            }
        };
        let bad = |msg: String| Diagnostic::typing("E0306", msg).with_primary(&self.file, span, "");
        if !kwargs.is_empty() {
            let args = self.place_kwargs(np, names, args, kwargs, span)?;
            return Ok(Some(Typed::Rewrite(Rvalue::Call { func: func.clone(), args, kwargs: vec![] })));
        }
        let consts = self.arg_consts(args);
        let argv: Vec<np_array::Arg> = ats.iter().zip(&consts).map(|(t, c)| np_array::Arg { ty: t, konst: c.as_ref() }).collect();
        match rule(np, &argv) {
            Some(CallRule::Intrinsic(target, ret)) => Ok(Some(Typed::Done(ret, Res::Call(target)))),
            Some(CallRule::BadArgs(msg)) => Err(bad(msg)),
            Some(CallRule::Unsupported(msg)) => Err(Diagnostic::unsupported("E0307", msg).with_primary(&self.file, span, "")),
            Some(CallRule::Unknown) | None => Ok(None),
        }
    }

    /// The positional form of a call to `what` (an `np.*` function or an array method) whose
    /// parameters are `names`: keywords placed by name, omitted ones before the last given
    /// one `None` (the typing rules read `None` as "omitted").
    fn place_kwargs(&self, what: &str, names: &[&str], args: &[Operand], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Vec<Operand>> {
        let bad = |msg: String| Diagnostic::typing("E0306", msg).with_primary(&self.file, span, "");
        if args.len() > names.len() {
            return Err(bad(format!("{what}() takes at most {} arguments ({} given)", names.len(), args.len())));
        }
        let mut placed: Vec<Option<Operand>> = args.iter().cloned().map(Some).collect();
        placed.resize(names.len(), None);
        for (k, v) in kwargs {
            let Some(pos) = names.iter().position(|n| **n == **k) else {
                return Err(bad(format!("{what}() got an unexpected keyword argument `{k}`")));
            };
            if placed[pos].is_some() {
                return Err(bad(format!("{what}() got multiple values for argument `{k}`")));
            }
            placed[pos] = Some(v.clone());
        }
        while placed.last().is_some_and(Option::is_none) {
            placed.pop();
        }
        Ok(placed.into_iter().map(|o| o.unwrap_or(Operand::Const(Const::None))).collect())
    }

    // ----- NumPy reductions (whole arrays) -----

    /// Keywords given to a NumPy reduction other than `axis=` (which `reduction_kwargs` places).
    fn numpy_kwargs(&self, np: Option<&str>, kwargs: &[(Rc<str>, Operand)], span: TextRange) -> Option<Diagnostic> {
        let np = np?;
        if !templates::is_reduction(np) {
            return None;
        }
        let (k, _) = kwargs.iter().find(|(k, _)| &**k != "axis")?;
        Some(Diagnostic::unsupported("E0307", format!("{np}() does not take the keyword argument `{k}` in compiled code")).with_primary(&self.file, span, ""))
    }

    /// `np.sum(a, axis=k)`: the axis keyword becomes the second positional argument.
    fn reduction_kwargs(&self, func: &Operand, args: &[Operand], kwargs: &[(Rc<str>, Operand)]) -> Option<Typed> {
        let [(k, axis)] = kwargs else { return None };
        if &**k != "axis" || args.len() != 1 {
            return None;
        }
        Some(Typed::Rewrite(Rvalue::Call { func: func.clone(), args: vec![args[0].clone(), axis.clone()], kwargs: vec![] }))
    }

    /// `a.sum()`, `a.argmax()` ...: the reduction over the whole array.
    fn array_reduction_method(&self, a: &crate::types::ArrayTy, name: &str, args: &[Operand], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        if let Some(d) = self.numpy_kwargs(Some(name), kwargs, span) {
            return Err(d);
        }
        let axis: Vec<&Operand> = args.iter().chain(kwargs.iter().map(|(_, o)| o)).collect();
        let rule = match axis.as_slice() {
            [] => templates::reduction(name, a),
            [o] => match self.op_ty(o) {
                Some(Ty::None) => templates::with_none_axis(templates::reduction(name, a)),
                Some(t) if t.is_int() => templates::reduction_axis(name, a),
                Some(t) => return Err(Diagnostic::typing("E0306", format!("axis must be an integer, not {t}")).with_primary(&self.file, span, "")),
                None => return Ok(Typed::Unknown),
            },
            _ => return Err(Diagnostic::typing("E0306", format!("{name}() takes at most one argument (axis)")).with_primary(&self.file, span, "")),
        };
        match rule {
            CallRule::Intrinsic(target, ret) => Ok(Typed::Done(ret, Res::Call(target))),
            CallRule::BadArgs(msg) => Err(Diagnostic::typing("E0306", msg).with_primary(&self.file, span, "")),
            CallRule::Unsupported(msg) => Err(Diagnostic::unsupported("E0307", msg).with_primary(&self.file, span, "")),
            CallRule::Unknown => Err(Diagnostic::unsupported("E0307", format!("method `{name}` of arrays is not supported yet")).with_primary(&self.file, span, "")),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn call_dispatcher(&mut self, id: FuncId, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], kts: &[Ty], span: TextRange) -> R<Typed> {
        let callee = self.pb.lowered(id)?;
        let mut names: Vec<String> = callee.body.params.iter().map(|p| callee.body.local_name(*p)).collect();
        let fname = callee.body.name.clone();
        let bad = |msg: String| Diagnostic::typing("E0306", msg).with_primary(&self.file, span, "").with_secondary(&callee.file, callee.body.span, "defined here");
        if callee.vararg {
            let star = names.pop().expect("the *args parameter");
            let packed_kw = format!("*{star}");
            if let [(k, _)] = kwargs {
                if **k == *packed_kw && args.len() == names.len() {
                    // The bound form built below: named parameters in order, then the tuple.
                    let params: Vec<Ty> = ats.iter().chain(kts).cloned().collect();
                    let file = self.file.clone();
                    return match self.pb.instance(id, params.clone(), Some((&file, span)))? {
                        Some(ret) => Ok(Typed::Done(ret.clone(), Res::Call(CallTarget::Dispatcher { func: id, params, ret }))),
                        None => Ok(Typed::Unknown),
                    };
                }
            }
            // `def g(a, *rest)`: the positional arguments after the named ones become the tuple
            // `rest` (a temporary built just before the call); the named parameters are bound
            // from the other arguments, keywords and defaults.
            let fixed = names.len().min(args.len());
            let mut placed: Vec<Option<Operand>> = args[..fixed].iter().cloned().map(Some).collect();
            placed.resize(names.len(), None);
            for (k, v) in kwargs {
                let Some(pos) = names.iter().position(|n| **n == **k) else {
                    return Err(bad(format!("`{fname}` got an unexpected keyword argument `{k}`")));
                };
                if placed[pos].is_some() {
                    return Err(bad(format!("`{fname}` got multiple values for argument `{k}`")));
                }
                placed[pos] = Some(v.clone());
            }
            let mut bound = Vec::with_capacity(names.len());
            for (k, p) in placed.into_iter().enumerate() {
                match (p, &callee.defaults[k]) {
                    (Some(o), _) => bound.push(o),
                    (None, Some(c)) => bound.push(Operand::Const(c.clone())),
                    (None, None) => return Err(bad(format!("`{fname}` missing required argument `{}`", names[k]))),
                }
            }
            let extra = &args[fixed..];
            if extra.is_empty() {
                let kw = vec![(Rc::from(packed_kw.as_str()), Operand::Const(Const::Tuple(Rc::from(vec![]))))];
                return Ok(Typed::Rewrite(Rvalue::Call { func: func_op(id), args: bound, kwargs: kw }));
            }
            let packed = self.new_temp(span);
            let kw = vec![(Rc::from(packed_kw.as_str()), Operand::Local(packed))];
            return Ok(Typed::Expand(vec![(packed, Rvalue::BuildTuple(extra.to_vec()))], Rvalue::Call { func: func_op(id), args: bound, kwargs: kw }));
        }
        if args.len() > names.len() {
            return Err(bad(format!("`{fname}` takes {} positional argument{} but {} were given", names.len(), if names.len() == 1 { "" } else { "s" }, args.len())));
        }
        let mut placed: Vec<Option<(Operand, Ty)>> = vec![None; names.len()];
        for (k, (a, t)) in args.iter().zip(ats).enumerate() {
            placed[k] = Some((a.clone(), t.clone()));
        }
        for ((k, v), t) in kwargs.iter().zip(kts) {
            let Some(pos) = names.iter().position(|n| **n == **k) else {
                return Err(bad(format!("`{fname}` got an unexpected keyword argument `{k}`")));
            };
            if placed[pos].is_some() {
                return Err(bad(format!("`{fname}` got multiple values for argument `{k}`")));
            }
            placed[pos] = Some((v.clone(), t.clone()));
        }
        let mut new_args = Vec::with_capacity(names.len());
        let mut params = Vec::with_capacity(names.len());
        for (k, p) in placed.into_iter().enumerate() {
            match p {
                Some((o, t)) => {
                    new_args.push(o);
                    params.push(t);
                }
                None => match &callee.defaults[k] {
                    Some(c) => {
                        params.push(const_ty(c));
                        new_args.push(Operand::Const(c.clone()));
                    }
                    None => return Err(bad(format!("`{fname}` missing required argument `{}`", names[k]))),
                },
            }
        }
        if !kwargs.is_empty() || new_args.len() != args.len() {
            return Ok(Typed::Rewrite(Rvalue::Call { func: Operand::Const(Const::Dispatcher(id)), args: new_args, kwargs: vec![] }));
        }
        let file = self.file.clone();
        match self.pb.instance(id, params.clone(), Some((&file, span)))? {
            Some(ret) => Ok(Typed::Done(ret.clone(), Res::Call(CallTarget::Dispatcher { func: id, params, ret }))),
            None => Ok(Typed::Unknown),
        }
    }
}

/// The indices `range(n)[start:stop:step]` selects, as Python computes them; `None` for a zero
/// step.
fn slice_indices(n: i64, (start, stop, step): (Option<i64>, Option<i64>, Option<i64>)) -> Option<Vec<usize>> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
    let norm = |v: i64| if v < 0 { v + n } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let a = start.map_or(0, |v| clamp(norm(v), 0, n));
        let b = stop.map_or(n, |v| clamp(norm(v), 0, n));
        let mut i = a;
        while i < b {
            out.push(i as usize);
            i += step;
        }
    } else {
        let a = start.map_or(n - 1, |v| clamp(norm(v), -1, n - 1));
        let b = stop.map_or(-1, |v| clamp(norm(v), -1, n - 1));
        let mut i = a;
        while i > b {
            out.push(i as usize);
            i += step;
        }
    }
    Some(out)
}

fn func_op(id: FuncId) -> Operand {
    Operand::Const(Const::Dispatcher(id))
}

// ----- oxjit ufuncs (`@vectorize`) called from compiled code -----

impl Infer<'_, '_> {
    /// `f(x, y)` or `f(x, y, out)` for an oxjit ufunc `f`, as Numba types its ufuncs in
    /// compiled code. The loop is the one NumPy would pick among an eager ufunc's loops (the
    /// first every argument's dtype casts to safely, `templates::ufunc_select_loop`); a lazy
    /// ufunc uses the arguments' own element types. The kernel is typed as an instance for the
    /// loop's input types; on scalars the call is a call of that instance, with an array
    /// argument it runs per element over the broadcast shape into a new array (or `out`).
    fn call_ufunc(&mut self, u: &crate::host::UFuncDef, func: &Operand, args: &[Operand], ats: &[Ty], kwargs: &[(Rc<str>, Operand)], span: TextRange) -> R<Typed> {
        let name = &u.name;
        let bad = |this: &Self, msg: String| Diagnostic::typing("E0306", msg).with_primary(&this.file, span, "");
        if !kwargs.is_empty() {
            if let [(k, o)] = kwargs {
                if &**k == "out" {
                    let args = args.iter().cloned().chain([o.clone()]).collect();
                    return Ok(Typed::Rewrite(Rvalue::Call { func: func.clone(), args, kwargs: vec![] }));
                }
            }
            let (k, _) = kwargs.iter().find(|(k, _)| &**k != "out").unwrap_or(&kwargs[0]);
            return Err(bad(self, format!("ufunc `{name}` does not take the keyword argument `{k}` in compiled code (only `out`)")));
        }
        let nin = match u.loops.first() {
            Some(l) => l.args.len(),
            None => self.pb.lowered(u.kernel)?.body.params.len(),
        };
        let out = match args.len() {
            n if n == nin => None,
            n if n == nin + 1 => match &ats[nin] {
                Ty::Array(a) => Some(a.clone()),
                t => return Err(Diagnostic::typing("E0306", format!("the output of ufunc `{name}` must be an array, not {t}"))
                    .with_primary(&self.file, span, format!("{} is {t}", self.describe(&args[nin])))),
            },
            n => return Err(bad(self, format!("ufunc `{name}` takes {nin} argument{} and an optional output array ({n} given)", if nin == 1 { "" } else { "s" }))),
        };
        let mut ins = Vec::with_capacity(nin);
        for (a, t) in args.iter().zip(ats).take(nin) {
            match t {
                Ty::Scalar(s) => ins.push(*s),
                Ty::Array(x) => ins.push(x.dtype),
                t => return Err(Diagnostic::typing("E0306", format!("ufunc `{name}` takes numbers or arrays, not {t}"))
                    .with_primary(&self.file, span, format!("{} is {t}", self.describe(a)))),
            }
        }
        // The loop's input types, and its declared output type (eager ufuncs).
        let (loop_in, declared) = if u.is_lazy() {
            (ins.clone(), None)
        } else {
            let loops: Vec<(Vec<Scalar>, Option<Scalar>)> = u
                .loops
                .iter()
                .filter_map(|sig| {
                    let lin = sig.args.iter().map(Ty::scalar).collect::<Option<Vec<Scalar>>>()?;
                    Some((lin, sig.ret.as_ref().and_then(Ty::scalar)))
                })
                .collect();
            // A loop whose output type is not declared is checked against `out` below.
            let table: Vec<(Vec<Scalar>, Scalar)> = loops.iter().map(|(lin, lout)| (lin.clone(), lout.or(out.as_ref().map(|o| o.dtype)).unwrap_or(Scalar::F64))).collect();
            match templates::ufunc_select_loop(&table, &ins, out.as_ref().map(|o| o.dtype)) {
                Some(i) => loops[i].clone(),
                None => {
                    let types = ins.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
                    let have = u.loops.iter().map(|s| format!("{s}")).collect::<Vec<_>>().join(", ");
                    let mut d = Diagnostic::typing("E0306", format!("ufunc `{name}` has no loop for the argument types ({types})"))
                        .with_primary(&self.file, span, format!("called with {types}"))
                        .with_note(format!("`{name}` was compiled for {have}; a loop is chosen as NumPy chooses it: the first one every argument casts to safely"));
                    if out.is_some() {
                        d = d.with_note("with `out`, the loop's result must also cast to the output's dtype (same_kind)");
                    }
                    return Err(d.with_help(format!("add a signature to the @vectorize of `{name}`, or convert the arguments")));
                }
            }
        };
        let params: Vec<Ty> = loop_in.iter().map(|s| Ty::Scalar(*s)).collect();
        let file = self.file.clone();
        let Some(ret) = self.pb.instance(u.kernel, params.clone(), Some((&file, span)))? else {
            return Ok(Typed::Unknown);
        };
        let kout = match (declared, &ret) {
            (Some(s), _) | (None, &Ty::Scalar(s)) => s,
            (None, t) => {
                let kernel = self.pb.lowered(u.kernel)?;
                return Err(Diagnostic::typing("E0306", format!("the kernel of ufunc `{name}` returns {t}, not a number"))
                    .with_primary(&self.file, span, format!("called with {}", params.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")))
                    .with_secondary(&kernel.file, kernel.body.span, "defined here"));
            }
        };
        let arrays = ats.iter().any(|t| t.as_array().is_some());
        if !arrays {
            return Ok(Typed::Done(Ty::Scalar(kout), Res::Call(CallTarget::Dispatcher { func: u.kernel, params, ret })));
        }
        // Scalar arguments are converted to the loop's types once, before the loop.
        let mut ps: Vec<Ty> = ats.iter().zip(&loop_in).map(|(t, l)| if t.as_array().is_some() { t.clone() } else { Ty::Scalar(*l) }).collect();
        let rty = match &out {
            Some(o) => {
                let ot = Ty::Array(o.clone());
                if o.readonly {
                    return Err(Diagnostic::typing("E0311", format!("cannot write the results of ufunc `{name}` into {ot}"))
                        .with_primary(&self.file, span, format!("{} is read-only", self.describe(&args[nin]))));
                }
                if ats[..nin].iter().filter_map(Ty::as_array).any(|a| a.ndim > o.ndim) {
                    return Err(bad(self, format!("ufunc `{name}`: an input has more dimensions than the output array")));
                }
                if !templates::can_cast_same_kind(kout, o.dtype) {
                    return Err(Diagnostic::typing("E0306", format!("cannot store the {} results of ufunc `{name}` in {ot} (same_kind casting)", kout.name()))
                        .with_primary(&self.file, span, format!("{} is {ot}", self.describe(&args[nin]))));
                }
                ps.push(ot.clone());
                ot
            }
            // Numba: only 0-d arrays give a scalar.
            None if ats.iter().filter_map(Ty::as_array).all(|a| a.ndim == 0) => Ty::Scalar(kout),
            None => templates::ufunc_result(ats, kout),
        };
        Ok(Typed::Done(rty, Res::Call(CallTarget::UFunc { func: u.kernel, loop_in: params, params: ps, out: out.is_some() })))
    }
}
