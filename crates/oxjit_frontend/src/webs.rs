//! Variable versions: a Python variable may hold values of different types in different parts
//! of a function, as long as the parts never meet (Numba's SSA rule).
//!
//! ```python
//! w = None if w is None else w     # a parameter that is None...
//! w = init_weights(w, n)           # ...becomes an array: two versions of `w`
//! x = 2 ** 40; y = x // 3          # x is int64 here
//! x = 0.5                          # and float64 here; y stays an int64
//! ```
//!
//! Before typing, [`split`] gives each *web* of a named variable its own local: the
//! definitions (assignments, and the parameter's value on entry) that reach a common use are
//! joined, so a value defined before a loop and reassigned inside it stays one local, while
//! straight-line reassignments that no later use sees together become separate locals. Each
//! web is then typed on its own; where two webs of one variable meet (a join) they are one web
//! and unify as before.
//!
//! After typing, [`merge_same_typed`] renames the webs of a variable that got the same type
//! back into one local. That restores the old code shape where it is the same program (a
//! reassigned array releases its old value at the assignment, not at the return), so only
//! variables that really change type keep several locals.

use std::collections::HashMap;

use crate::mir::{Body, Local, LocalId, Operand, StmtKind, Terminator};
use crate::types::Ty;

/// A definition of a variable: its parameter value on entry, or an assignment.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Def {
    Entry,
    Stmt(usize, usize),
}

/// Splits every named variable into its webs. Returns `(web, variable)` for each new local
/// (the web that holds the parameter's entry value, or else the earliest assignment, keeps the
/// variable's own local).
pub fn split(body: &mut Body) -> Vec<(LocalId, LocalId)> {
    let n = body.locals.len();
    let mut defs: Vec<Vec<Def>> = vec![Vec::new(); n];
    for p in &body.params {
        defs[p.index()].push(Def::Entry);
    }
    for (bi, b) in body.blocks.iter().enumerate() {
        for (si, s) in b.stmts.iter().enumerate() {
            if let StmtKind::Assign { dest, .. } = &s.kind {
                defs[dest.index()].push(Def::Stmt(bi, si));
            }
        }
    }
    // Locals the parallel-loop skeletons name are left alone (their identity is structural).
    let mut pinned = vec![false; n];
    for pl in &body.prange_loops {
        pinned[pl.counter.index()] = true;
        if let Operand::Local(l) = &pl.count {
            pinned[l.index()] = true;
        }
    }
    let preds = predecessors(body);
    let mut added = Vec::new();
    for v in 0..n {
        if defs[v].len() < 2 || body.locals[v].name.is_none() || pinned[v] {
            continue;
        }
        let var = LocalId(v as u32);
        let webs = webs_of(body, &preds, var, &defs[v]);
        let classes = webs.iter().copied().max().map_or(0, |m| m + 1);
        if classes < 2 {
            continue;
        }
        // Class of each def -> its local; the class of the first def keeps `var` (the entry
        // value of a parameter is always first).
        let mut local_of: Vec<Option<LocalId>> = vec![None; classes];
        local_of[webs[0]] = Some(var);
        for (k, d) in defs[v].iter().enumerate() {
            let c = webs[k];
            if local_of[c].is_none() {
                let span = match d {
                    Def::Stmt(b, s) => body.blocks[*b].stmts[*s].span,
                    Def::Entry => body.locals[v].span,
                };
                let id = LocalId(body.locals.len() as u32);
                body.locals.push(Local { name: body.locals[v].name.clone(), span });
                local_of[c] = Some(id);
                added.push((id, var));
            }
        }
        let def_local: Vec<LocalId> = webs.iter().map(|c| local_of[*c].expect("every class named")).collect();
        rename(body, &preds, var, &defs[v], &def_local);
    }
    added
}

/// After typing: webs of one variable with equal types become one local again. `tys` is
/// indexed by local; the renamed webs' entries are left as they are (no statement uses them).
pub fn merge_same_typed(body: &mut Body, split: &[(LocalId, LocalId)], tys: &[Ty]) {
    if split.is_empty() {
        return;
    }
    let mut to: HashMap<LocalId, LocalId> = HashMap::new();
    // Canonical local per (variable, type): the variable's own local when it has that type,
    // else the first web of that type.
    let mut canon: Vec<(LocalId, &Ty, LocalId)> = Vec::new();
    let vars: Vec<LocalId> = split.iter().map(|(_, v)| *v).collect();
    for v in &vars {
        if !canon.iter().any(|(cv, t, _)| cv == v && *t == &tys[v.index()]) {
            canon.push((*v, &tys[v.index()], *v));
        }
    }
    for (w, v) in split {
        let t = &tys[w.index()];
        match canon.iter().find(|(cv, ct, _)| cv == v && *ct == t) {
            Some((_, _, c)) => {
                to.insert(*w, *c);
            }
            None => canon.push((*v, t, *w)),
        }
    }
    if to.is_empty() {
        return;
    }
    let map = |l: &mut LocalId| {
        if let Some(t) = to.get(l) {
            *l = *t;
        }
    };
    for b in &mut body.blocks {
        for s in &mut b.stmts {
            match &mut s.kind {
                StmtKind::Assign { dest, value, .. } => {
                    map(dest);
                    for o in value.operands_mut() {
                        if let Operand::Local(l) = o {
                            map(l);
                        }
                    }
                }
                StmtKind::SetItem { base, index, value } => {
                    for o in std::iter::once(base).chain(index.iter_mut()).chain(std::iter::once(value)) {
                        if let Operand::Local(l) = o {
                            map(l);
                        }
                    }
                }
            }
        }
        if let Some(Operand::Local(l)) = term_operand_mut(&mut b.term) {
            map(l);
        }
    }
}

fn predecessors(body: &Body) -> Vec<Vec<usize>> {
    let mut preds = vec![Vec::new(); body.blocks.len()];
    for (bi, b) in body.blocks.iter().enumerate() {
        for s in successors(&b.term) {
            preds[s].push(bi);
        }
    }
    preds
}

fn successors(t: &Terminator) -> Vec<usize> {
    match t {
        Terminator::Goto(b) => vec![b.index()],
        Terminator::Branch { then_bb, else_bb, .. } => vec![then_bb.index(), else_bb.index()],
        _ => Vec::new(),
    }
}

fn term_operand_mut(t: &mut Terminator) -> Option<&mut Operand> {
    match t {
        Terminator::Branch { cond, .. } => Some(cond),
        Terminator::Return(o) => Some(o),
        _ => None,
    }
}

fn term_operand(t: &Terminator) -> Option<&Operand> {
    match t {
        Terminator::Branch { cond, .. } => Some(cond),
        Terminator::Return(o) => Some(o),
        _ => None,
    }
}

/// A small bit set over the definitions of one variable.
#[derive(Clone, PartialEq)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn one(n: usize, k: usize) -> Bits {
        let mut b = Bits::new(n);
        b.0[k / 64] |= 1 << (k % 64);
        b
    }
    fn union(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= *b;
        }
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, bits)| (0..64).filter(move |i| bits >> i & 1 == 1).map(move |i| w * 64 + i))
    }
}

/// The definitions (of one variable) reaching the start of each block.
fn reaching_in(body: &Body, preds: &[Vec<usize>], defs: &[Def]) -> Vec<Bits> {
    let nd = defs.len();
    let nb = body.blocks.len();
    // The last definition of `var` in each block, if any.
    let mut last: Vec<Option<usize>> = vec![None; nb];
    for (k, d) in defs.iter().enumerate() {
        if let Def::Stmt(b, s) = d {
            if last[*b].is_none_or(|j| matches!(defs[j], Def::Stmt(_, s2) if s2 < *s)) {
                last[*b] = Some(k);
            }
        }
    }
    let entry = defs.iter().position(|d| *d == Def::Entry);
    let mut ins = vec![Bits::new(nd); nb];
    let mut outs = vec![Bits::new(nd); nb];
    let mut changed = true;
    while changed {
        changed = false;
        for b in 0..nb {
            let mut i = Bits::new(nd);
            if b == 0 {
                if let Some(e) = entry {
                    i.union(&Bits::one(nd, e));
                }
            }
            for p in &preds[b] {
                i.union(&outs[*p]);
            }
            let o = match last[b] {
                Some(k) => Bits::one(nd, k),
                None => i.clone(),
            };
            if i != ins[b] || o != outs[b] {
                ins[b] = i;
                outs[b] = o;
                changed = true;
            }
        }
    }
    ins
}

fn uses(s: &StmtKind, var: LocalId) -> bool {
    let l = Operand::Local(var);
    match s {
        StmtKind::Assign { value, .. } => value.operands().into_iter().any(|o| *o == l),
        StmtKind::SetItem { base, index, value } => *base == l || *value == l || index.contains(&l),
    }
}

fn defines(s: &StmtKind, var: LocalId) -> bool {
    matches!(s, StmtKind::Assign { dest, .. } if *dest == var)
}

/// The web (class number, dense from 0 in order of first appearance) of each definition.
fn webs_of(body: &Body, preds: &[Vec<usize>], var: LocalId, defs: &[Def]) -> Vec<usize> {
    let ins = reaching_in(body, preds, defs);
    let mut parent: Vec<usize> = (0..defs.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let join = |p: &mut Vec<usize>, reach: &Bits| {
        let mut it = reach.iter();
        if let Some(first) = it.next() {
            for k in it {
                let (a, b) = (find(p, first), find(p, k));
                p[a] = b;
            }
        }
    };
    let index_of = |d: Def| defs.iter().position(|x| *x == d).expect("a definition of the variable");
    for (bi, b) in body.blocks.iter().enumerate() {
        let nd = defs.len();
        let mut cur = ins[bi].clone();
        for (si, s) in b.stmts.iter().enumerate() {
            if uses(&s.kind, var) {
                join(&mut parent, &cur);
            }
            if defines(&s.kind, var) {
                cur = Bits::one(nd, index_of(Def::Stmt(bi, si)));
            }
        }
        if term_operand(&b.term) == Some(&Operand::Local(var)) {
            join(&mut parent, &cur);
        }
    }
    let mut class_of_root: HashMap<usize, usize> = HashMap::new();
    (0..defs.len())
        .map(|k| {
            let r = find(&mut parent, k);
            let next = class_of_root.len();
            *class_of_root.entry(r).or_insert(next)
        })
        .collect()
}

/// Rewrites the definitions and uses of `var`: each definition `k` assigns `def_local[k]`,
/// each use reads the local of the definitions reaching it (all in one web by construction).
/// A use no definition reaches (a read before any assignment on every path) keeps `var`.
fn rename(body: &mut Body, preds: &[Vec<usize>], var: LocalId, defs: &[Def], def_local: &[LocalId]) {
    let ins = reaching_in(body, preds, defs);
    let index_of = |d: Def| defs.iter().position(|x| *x == d).expect("a definition of the variable");
    let subst = |o: &mut Operand, to: LocalId| {
        if *o == Operand::Local(var) {
            *o = Operand::Local(to);
        }
    };
    for bi in 0..body.blocks.len() {
        let mut cur = ins[bi].iter().next().map(|k| def_local[k]).unwrap_or(var);
        for si in 0..body.blocks[bi].stmts.len() {
            let this_def = defines(&body.blocks[bi].stmts[si].kind, var).then(|| def_local[index_of(Def::Stmt(bi, si))]);
            match &mut body.blocks[bi].stmts[si].kind {
                StmtKind::Assign { dest, value, .. } => {
                    for o in value.operands_mut() {
                        subst(o, cur);
                    }
                    if let Some(d) = this_def {
                        *dest = d;
                        cur = d;
                    }
                }
                StmtKind::SetItem { base, index, value } => {
                    subst(base, cur);
                    subst(value, cur);
                    for o in index.iter_mut() {
                        subst(o, cur);
                    }
                }
            }
        }
        if let Some(o) = term_operand_mut(&mut body.blocks[bi].term) {
            subst(o, cur);
        }
    }
}
