//! Array-expression fusion: `a * b + c / 2.0 - np.sqrt(d)` runs as one loop with no
//! temporary arrays (Numba's array-expression rewrite does the same in nopython mode).
//!
//! A ufunc call whose array result lands in a compiler temporary that is read exactly once,
//! by another ufunc call later in the same block, with only pure statements in between, is
//! not emitted on its own: the consumer evaluates it per element instead.
//!
//! ```text
//! _4 = ufunc.multiply(a, b)        ─┐ fused into _7 (no array for _4, _5, _6)
//! _5 = ufunc.true_divide(c, 2.0)    │
//! _6 = ufunc.add(_4, _5)            │
//! _7 = ufunc.subtract(_6, _sqrtd)  ─┘ one loop: out[k] = (a[k]*b[k] + c[k]/2.0) - sqrtd[k]
//! ```
//!
//! Values follow Numba's array-expression kernel, which evaluates the whole tree as one scalar
//! expression: an operator node (`py_add`, from `a + b`) has the scalar operator's type
//! (`int32 * int32` is int64, `float32 + 1` float64), an explicit ufunc call (`np.add(a, b)`)
//! its loop's type, and only the root is converted to the result array's dtype. The broadcast
//! of all the leaves equals the nested broadcasts (an incompatible pair fails either way).

use std::collections::HashMap;

use inkwell::values::BasicValueEnum;
use oxjit_frontend::mir::{Body, CallTarget, LocalId, Operand, Res, Rvalue, StmtKind, Terminator};
use oxjit_frontend::templates;
use oxjit_frontend::{Scalar, Ty};

use super::ufunc::Dest;
use super::{ice, EResult, FnCx};

/// A fused temporary: the ufunc and its arguments.
#[derive(Clone)]
pub(crate) struct FusedDef {
    pub ufunc: String,
    pub args: Vec<Operand>,
}

/// The temporaries of `body` that are fused into their single consumer.
pub(crate) fn fused_temps(body: &Body, local_tys: &[Ty]) -> HashMap<LocalId, FusedDef> {
    let mut uses = vec![0u32; body.locals.len()];
    let mut count = |o: &Operand| {
        if let Operand::Local(l) = o {
            if let Some(u) = uses.get_mut(l.index()) {
                *u += 1;
            }
        }
    };
    let mut assigns = vec![0u32; body.locals.len()];
    for block in &body.blocks {
        for stmt in &block.stmts {
            match &stmt.kind {
                StmtKind::Assign { dest, value, .. } => {
                    value.operands().into_iter().for_each(&mut count);
                    if let Some(a) = assigns.get_mut(dest.index()) {
                        *a += 1;
                    }
                }
                StmtKind::SetItem { base, index, value } => {
                    count(base);
                    index.iter().for_each(&mut count);
                    count(value);
                }
            }
        }
        match &block.term {
            Terminator::Branch { cond, .. } => count(cond),
            Terminator::Return(o) => count(o),
            _ => {}
        }
    }
    let ufunc_of = |value: &Rvalue, res: &Res| -> Option<(String, Vec<Operand>)> {
        match (value, res) {
            (Rvalue::Call { args, kwargs, .. }, Res::Call(CallTarget::Intrinsic { name, .. })) if kwargs.is_empty() => {
                name.strip_prefix("ufunc.").map(|u| (u.to_string(), args.clone()))
            }
            _ => None,
        }
    };
    let mut fused = HashMap::new();
    for block in &body.blocks {
        // Candidates defined in this block so far, still pure up to here.
        let mut open: HashMap<LocalId, FusedDef> = HashMap::new();
        for stmt in &block.stmts {
            let StmtKind::Assign { dest, value, res, ty } = &stmt.kind else {
                open.clear();
                continue;
            };
            let call = ufunc_of(value, res);
            if let Some((_, args)) = &call {
                for a in args {
                    if let Operand::Local(l) = a {
                        if let Some(def) = open.remove(l) {
                            fused.insert(*l, def);
                        }
                    }
                }
            }
            // Anything that may write memory ends every open candidate, and so does a new
            // value for a local one of them reads.
            if !is_pure(value, res) {
                open.clear();
            }
            open.retain(|_, def| !def.args.contains(&Operand::Local(*dest)));
            let temp = body.locals[dest.index()].name.is_none();
            if let (Some((ufunc, args)), true, Some(Ty::Array(_))) = (call, temp, ty) {
                let same_ty = local_tys.get(dest.index()) == ty.as_ref();
                if uses[dest.index()] == 1 && assigns[dest.index()] == 1 && same_ty {
                    open.insert(*dest, FusedDef { ufunc, args });
                }
            }
        }
    }
    fused
}

/// Whether evaluating `value` can write memory a fused temporary reads.
fn is_pure(value: &Rvalue, res: &Res) -> bool {
    match (value, res) {
        (Rvalue::Call { .. }, Res::Call(CallTarget::Dispatcher { .. })) => false,
        (Rvalue::Call { .. }, Res::Call(CallTarget::UFunc { out, .. })) => !out,
        (Rvalue::Call { .. }, Res::Call(CallTarget::Intrinsic { name, .. })) => {
            !(name.starts_with("ufunc_inplace.") || name.starts_with("ufunc_out.") || name.starts_with("array.") || name.starts_with("random."))
        }
        _ => true,
    }
}

/// A node of a fused expression.
enum Node {
    /// Index into the loop's inputs.
    Leaf(usize, Scalar),
    Ufunc { name: String, kids: Vec<Node> },
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Whether the call `args` reads a fused temporary (then [`Self::fused_ufunc`] emits it).
    pub fn reads_fused(&self, args: &[Operand]) -> bool {
        args.iter().any(|a| matches!(a, Operand::Local(l) if self.fused.contains_key(l)))
    }

    /// `ufunc.<name>(args)` with fused arguments: one elementwise loop over the leaves.
    pub fn fused_ufunc(&self, name: &str, args: &[Operand], rty: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(rt) = rty else {
            return ice(format!("fused ufunc.{name} typed `{rty}`"));
        };
        let mut leaves: Vec<(BasicValueEnum<'ctx>, Ty)> = Vec::new();
        let root = self.fused_node(name, args, &mut leaves)?;
        let out = self.elementwise(&leaves, Dest::New(rt.clone()), &mut |this, vals| {
            let (v, s) = this.eval_node(&root, vals)?;
            this.convert(v, &Ty::Scalar(s), &Ty::Scalar(rt.dtype))
        })?;
        Ok(out.into())
    }

    fn fused_node(&self, name: &str, args: &[Operand], leaves: &mut Vec<(BasicValueEnum<'ctx>, Ty)>) -> EResult<Node> {
        let mut kids = Vec::with_capacity(args.len());
        for a in args {
            if let Operand::Local(l) = a {
                if let Some(def) = self.fused.get(l) {
                    kids.push(self.fused_node(&def.ufunc, &def.args, leaves)?);
                    continue;
                }
            }
            let (v, t) = self.operand(a)?;
            let s = match &t {
                Ty::Array(x) => x.dtype,
                t => match t.scalar() {
                    Some(s) => s,
                    None => return ice(format!("fused ufunc argument of type `{t}`")),
                },
            };
            leaves.push((v, t));
            kids.push(Node::Leaf(leaves.len() - 1, s));
        }
        Ok(Node::Ufunc { name: name.to_string(), kids })
    }

    /// The value of `node` and its scalar type (see the module docs).
    fn eval_node(&self, node: &Node, vals: &[BasicValueEnum<'ctx>]) -> EResult<(BasicValueEnum<'ctx>, Scalar)> {
        match node {
            Node::Leaf(i, s) => Ok((vals[*i], *s)),
            Node::Ufunc { name, kids, .. } => {
                let mut kv = Vec::with_capacity(kids.len());
                for kid in kids {
                    kv.push(self.eval_node(kid, vals)?);
                }
                let ins: Vec<Scalar> = kv.iter().map(|(_, s)| *s).collect();
                let operator = if name.starts_with("py_") { templates::ufunc_binop(name) } else { None };
                let (loop_in, loop_out) = match (operator, ins.as_slice()) {
                    (Some(op), [x, y]) => match templates::binop(op, &Ty::Scalar(*x), &Ty::Scalar(*y)) {
                        Some((Ty::Scalar(t), Ty::Scalar(r))) => (vec![t, t], r),
                        _ => return ice(format!("fused operator {name} on {} and {}", x.name(), y.name())),
                    },
                    _ => match templates::ufunc_loop(name, &ins) {
                        Ok(l) => l,
                        Err(msg) => return ice(format!("fused ufunc {name}: {msg}")),
                    },
                };
                let mut conv = Vec::with_capacity(kids.len());
                for (k, (v, s)) in kv.into_iter().enumerate() {
                    conv.push(self.convert(v, &Ty::Scalar(s), &Ty::Scalar(loop_in[k]))?);
                }
                Ok((self.ufunc_kernel(name, &loop_in, &conv, loop_out)?, loop_out))
            }
        }
    }
}
