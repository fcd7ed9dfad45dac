//! Lowering of list and dict displays, comprehensions and `del` (a child of `lower`).
//!
//! `[a, b]` is a call of `oxjit.list_build(a, b)` (typed in `lists.rs`), `{k: v}` one of
//! `oxjit.dict_build(k, v)` (`dicts.rs`), `del d[k]` one of `oxjit.delitem(d, k)`. A
//! comprehension becomes the loop it stands for, built as Python statements and lowered like
//! user code (a dict comprehension assigns `$comp[k] = v`):
//!
//! ```text
//! [f(x) for x in xs if x > 0]   ⇒   $comp1 = []
//!                                   for $x.1 in xs:
//!                                       if $x.1 > 0:
//!                                           $comp1.append(f($x.1))
//! ```
//!
//! The comprehension's targets are renamed (`$x.1`), so, as in Python 3, they do not leak
//! into or clobber the function's own variables.

use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::name::Name;
use ruff_python_ast::visitor::transformer::{walk_expr, Transformer};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Lowerer, R};
use crate::diagnostics::Diagnostic;
use crate::mir::{Const, Operand, Rvalue};

/// Renames the comprehension's target names in its expressions.
struct Rename<'a>(&'a HashMap<String, String>);

impl Transformer for Rename<'_> {
    fn visit_expr(&self, expr: &mut Expr) {
        if let Expr::Name(n) = expr {
            if let Some(new) = self.0.get(n.id.as_str()) {
                n.id = Name::new(new);
            }
            return;
        }
        walk_expr(self, expr);
    }
}

fn name_expr(id: &str, range: TextRange) -> Expr {
    Expr::Name(ast::ExprName { node_index: Default::default(), range, id: Name::new(id), ctx: ast::ExprContext::Load })
}

fn bind_targets(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|x| bind_targets(x, out)),
        Expr::List(t) => t.elts.iter().for_each(|x| bind_targets(x, out)),
        _ => {}
    }
}

impl Lowerer<'_> {
    /// `[a, b, c]`.
    pub(super) fn list_display(&mut self, l: &ast::ExprList) -> R<Operand> {
        let mut items = Vec::with_capacity(l.elts.len());
        for e in &l.elts {
            if matches!(e, Expr::Starred(_)) {
                return Err(self.unsupported(e.range(), "star-expressions"));
            }
            items.push(self.expr(e)?);
        }
        let func = Operand::Const(Const::Function(Rc::from("oxjit.list_build")));
        Ok(self.temp(Rvalue::Call { func, args: items, kwargs: vec![] }, l.range))
    }

    /// `list()` is `[]`; `list(iterable)` is `[x for x in iterable]` (so it takes whatever a
    /// `for` loop iterates: ranges, arrays, tuples, lists, dicts). `build` makes the empty
    /// list: `oxjit.list_build`, or `oxjit.typed.List` for `typed.List(iterable)`.
    pub(super) fn list_constructor(&mut self, c: &ast::ExprCall, build: &str) -> R<Operand> {
        let range = c.range();
        match (&*c.arguments.args, c.arguments.keywords.is_empty()) {
            ([], true) => {
                let func = Operand::Const(Const::Function(Rc::from(build)));
                Ok(self.temp(Rvalue::Call { func, args: vec![], kwargs: vec![] }, range))
            }
            ([it], true) if !matches!(it, Expr::Starred(_)) => {
                let var = "$item";
                let comp = ast::ExprListComp {
                    node_index: Default::default(),
                    range,
                    elt: Box::new(name_expr(var, range)),
                    generators: vec![ast::Comprehension {
                        range,
                        node_index: Default::default(),
                        target: Expr::Name(ast::ExprName { node_index: Default::default(), range, id: Name::new(var), ctx: ast::ExprContext::Store }),
                        iter: it.clone(),
                        ifs: vec![],
                        is_async: false,
                    }],
                };
                self.list_comp_into(&comp, build)
            }
            _ => Err(crate::diagnostics::Diagnostic::typing("E0306", "list() takes at most one positional argument").with_primary(&self.file, c.arguments.range, "")),
        }
    }

    /// `[elt for t in it if c ...]`: the loop, appending into a new list.
    pub(super) fn list_comp(&mut self, c: &ast::ExprListComp) -> R<Operand> {
        self.list_comp_into(c, "oxjit.list_build")
    }

    fn list_comp_into(&mut self, c: &ast::ExprListComp, build: &str) -> R<Operand> {
        let range = c.range;
        self.comprehension(range, &c.generators, build, |acc, renames| {
            let mut elt = (*c.elt).clone();
            Rename(renames).visit_expr(&mut elt);
            let append = Expr::Call(ast::ExprCall {
                node_index: Default::default(),
                range_start: range.start(),
                func: Box::new(Expr::Attribute(ast::ExprAttribute {
                    node_index: Default::default(),
                    range,
                    value: Box::new(name_expr(acc, range)),
                    attr: ast::Identifier { id: Name::new("append"), range, node_index: Default::default() },
                    ctx: ast::ExprContext::Load,
                })),
                arguments: ast::Arguments { range, node_index: Default::default(), args: vec![elt].into_boxed_slice(), keywords: Default::default() },
            });
            Ok(Stmt::Expr(ast::StmtExpr { node_index: Default::default(), range, value: Box::new(append) }))
        })
    }

    /// `{k: v for t in it if c ...}`: the loop, assigning items of a new dict.
    pub(super) fn dict_comp(&mut self, c: &ast::ExprDictComp) -> R<Operand> {
        let range = c.range;
        let Some(key) = &c.key else {
            return Err(self.unsupported(range, "`**` in dict comprehensions"));
        };
        self.comprehension(range, &c.generators, "oxjit.dict_build", |acc, renames| {
            let (mut k, mut v) = ((**key).clone(), (*c.value).clone());
            Rename(renames).visit_expr(&mut k);
            Rename(renames).visit_expr(&mut v);
            let target = Expr::Subscript(ast::ExprSubscript {
                node_index: Default::default(),
                range,
                value: Box::new(name_expr(acc, range)),
                slice: Box::new(k),
                ctx: ast::ExprContext::Store,
            });
            Ok(Stmt::Assign(ast::StmtAssign { node_index: Default::default(), range, targets: vec![target], value: Box::new(v) }))
        })
    }

    /// `{k: v, ...}`: a call of `oxjit.dict_build(k0, v0, k1, v1, ...)` (typed in `dicts.rs`).
    pub(super) fn dict_display(&mut self, d: &ast::ExprDict) -> R<Operand> {
        let mut items = Vec::with_capacity(2 * d.items.len());
        for it in &d.items {
            let Some(k) = &it.key else {
                return Err(self.unsupported(it.value.range(), "`**` unpacking in dict displays"));
            };
            items.push(self.expr(k)?);
            items.push(self.expr(&it.value)?);
        }
        let func = Operand::Const(Const::Function(Rc::from("oxjit.dict_build")));
        Ok(self.temp(Rvalue::Call { func, args: items, kwargs: vec![] }, d.range))
    }

    /// `del a[i]`: a call of `oxjit.delitem(a, i)` (dicts, lists); other targets are refused.
    pub(super) fn delete(&mut self, d: &ast::StmtDelete) -> R<()> {
        for t in &d.targets {
            let Expr::Subscript(s) = t else {
                return Err(Diagnostic::unsupported("E0101", "`del` of a variable or an attribute is not supported yet")
                    .with_primary(&self.file, t.range(), "")
                    .with_note("`del d[key]` and `del lst[i]` are supported"));
            };
            let base = self.expr(&s.value)?;
            let mut args = vec![base];
            args.extend(self.index(&s.slice)?);
            let func = Operand::Const(Const::Function(Rc::from("oxjit.delitem")));
            self.temp(Rvalue::Call { func, args, kwargs: vec![] }, t.range());
        }
        Ok(())
    }

    /// A comprehension: `$compN = <build>()`, then the loops of `generators` (targets renamed,
    /// so they do not leak) around the statement `body` makes from the accumulator's name.
    fn comprehension(
        &mut self,
        range: TextRange,
        generators: &[ast::Comprehension],
        build: &str,
        body: impl FnOnce(&str, &HashMap<String, String>) -> R<Stmt>,
    ) -> R<Operand> {
        let n = self.body.locals.len();
        let acc = format!("$comp{n}");
        self.local_names.insert(acc.clone());
        let acc_local = self.var(&acc, range);
        let func = Operand::Const(Const::Function(Rc::from(build)));
        self.assign(acc_local, Rvalue::Call { func, args: vec![], kwargs: vec![] }, range);

        let mut renames: HashMap<String, String> = HashMap::new();
        let mut gens: Vec<ast::Comprehension> = Vec::with_capacity(generators.len());
        for g in generators {
            if g.is_async {
                return Err(self.unsupported(g.range, "`async` comprehensions"));
            }
            let mut g = g.clone();
            // The iterable of a generator sees the names bound by the generators before it.
            Rename(&renames).visit_expr(&mut g.iter);
            let mut names = Vec::new();
            bind_targets(&g.target, &mut names);
            for name in names {
                let new = format!("${name}.{n}");
                self.local_names.insert(new.clone());
                renames.insert(name, new);
            }
            Rename(&renames).visit_expr(&mut g.target);
            for cond in &mut g.ifs {
                Rename(&renames).visit_expr(cond);
            }
            gens.push(g);
        }
        let mut body: Vec<Stmt> = vec![body(&acc, &renames)?];
        for g in gens.into_iter().rev() {
            for cond in g.ifs.into_iter().rev() {
                body = vec![Stmt::If(ast::StmtIf {
                    node_index: Default::default(),
                    range,
                    test: Box::new(cond),
                    body: body.into_iter().collect(),
                    elif_else_clauses: vec![],
                })];
            }
            body = vec![Stmt::For(ast::StmtFor {
                node_index: Default::default(),
                range: g.range,
                is_async: false,
                target: Box::new(g.target),
                iter: Box::new(g.iter),
                body: body.into_iter().collect(),
                orelse: Default::default(),
            })];
        }
        self.stmts(&body)?;
        Ok(Operand::Local(acc_local))
    }
}
