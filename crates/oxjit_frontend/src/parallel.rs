//! Which `prange` loops run in parallel, and what each variable of their bodies is.
//!
//! In: a typed body with its [`PrangeLoop`]s (recorded by lowering) of a `parallel=True`
//! function. Out: one [`ParallelLoop`] plan per loop that runs on the thread pool, and
//! warnings; or an error for a body whose iterations cannot run independently.
//!
//! The body's blocks (those reached from the body's first block without going through the
//! loop's header) run as chunks of iterations on several threads. Each variable the body uses
//! is one of:
//!
//! - **shared**: read but never assigned in the body (arrays, bounds, parameters): every chunk
//!   gets a copy of its value at loop entry. Writing *elements* of a shared array is the point
//!   of a parallel loop; writing the same element from every iteration is a race, reported as
//!   an error when the index cannot depend on the loop variable.
//! - **private**: assigned before it is read in every iteration: each chunk has its own.
//! - **reduction**: read and assigned across iterations, only as `x += e`, `x -= e`, `x *= e`,
//!   `x /= e`, `x &= e`, `x |= e`, `x ^= e` (or spelled `x = x + e`), `x = min(x, e)`,
//!   `x = max(x, e)`, or `a += e` on a whole array (also `-=`, `*=`): each chunk accumulates
//!   from the operation's identity (min/max: from the value at loop entry) and the caller
//!   combines the chunks' partials in chunk order after the loop (so the result is the serial
//!   one up to floating-point reassociation). Any other carried variable is an error.
//! - **last value**: a private scalar that is also read after the loop gets the value of the
//!   loop's last iteration (the serial result when every iteration assigns it), with a warning
//!   as Numba gives.
//! - **first value**: a private variable that an iteration may read before assigning it (it
//!   is assigned on some paths only, e.g. in an inner loop that may not run): each chunk starts
//!   it with its value at loop entry, with a warning (serially it would be the previous
//!   iteration's value). Read before any assignment on every path, it is a carried variable.
//!
//! A loop with a `break` or `return` in its body runs serially, with a warning (Numba does the
//! same). A `prange` nested in another one's body runs serially inside each chunk.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::mir::*;
use crate::types::Ty;

/// How a reduction variable's updates combine.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RedOp {
    /// `+=` and `-=` (a partial starts at 0; partials are added).
    Add,
    /// `*=` and `/=` (a partial starts at 1; partials are multiplied).
    Mul,
    Min,
    Max,
    BitAnd,
    BitOr,
    BitXor,
}

#[derive(Clone, Debug)]
pub struct Reduction {
    pub var: LocalId,
    pub op: RedOp,
    /// A whole-array reduction (`a += e` on an array): partials are private arrays.
    pub array: bool,
}

/// The plan for one `prange` loop that runs on the thread pool.
#[derive(Clone, Debug)]
pub struct ParallelLoop {
    pub lp: PrangeLoop,
    /// The body's blocks (each belongs to exactly this loop's chunk function).
    pub blocks: Vec<BlockId>,
    /// Locals read in the body and never assigned there: copied in at loop entry.
    pub shared: Vec<LocalId>,
    pub reductions: Vec<Reduction>,
    /// Private scalars read after the loop: the last iteration's value is copied out.
    pub last_value: Vec<LocalId>,
    /// Private variables an iteration may read before assigning them: each chunk starts them
    /// with their value at loop entry.
    pub first_value: Vec<LocalId>,
}

/// The plans for the `prange` loops of a `parallel=True` body, outermost loops only (a nested
/// `prange` runs inside its parent's chunks), and the warnings to show.
pub fn plan(typed: &TypedBody, file: &Rc<SourceFile>) -> Result<(Vec<ParallelLoop>, Vec<Diagnostic>), Diagnostic> {
    let body = &typed.body;
    let mut plans: Vec<ParallelLoop> = Vec::new();
    let mut warnings = Vec::new();
    let live = liveness(body);
    for lp in &body.prange_loops {
        if plans.iter().any(|p| p.blocks.contains(&lp.header)) {
            continue; // nested: serial inside the outer loop's chunks
        }
        match region(body, lp) {
            Err(span) => {
                warnings.push(
                    Diagnostic::warning("W0320", "this prange loop runs serially: its body can leave the loop (`break`, `return`)")
                        .with_primary(file, lp.span, "")
                        .with_secondary(file, span, "the loop is left here")
                        .with_note("only loops whose every iteration runs to its end can be split across threads (Numba does the same)"),
                );
            }
            Ok(blocks) => {
                let (p, w) = classify(typed, file, lp, blocks, &live)?;
                warnings.extend(w);
                plans.push(p);
            }
        }
    }
    Ok((plans, warnings))
}

fn successors(t: &Terminator) -> Vec<BlockId> {
    match t {
        Terminator::Goto(b) => vec![*b],
        Terminator::Branch { then_bb, else_bb, .. } => vec![*then_bb, *else_bb],
        Terminator::Return(_) | Terminator::Raise { .. } | Terminator::Unreachable => vec![],
    }
}

/// The blocks of the loop body, or the span where control leaves the loop otherwise than by
/// finishing the iteration (or raising).
fn region(body: &Body, lp: &PrangeLoop) -> Result<Vec<BlockId>, ruff_text_size::TextRange> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![lp.body];
    while let Some(b) = stack.pop() {
        if b == lp.header || !seen.insert(b) {
            continue;
        }
        let block = body.block(b);
        if matches!(block.term, Terminator::Return(_)) {
            return Err(block.term_span);
        }
        for s in successors(&block.term) {
            if s == lp.exit || s == lp.after {
                return Err(block.term_span);
            }
            stack.push(s);
        }
    }
    Ok(seen.into_iter().collect())
}

/// The locals a statement reads.
fn stmt_uses(kind: &StmtKind) -> Vec<LocalId> {
    let ops: Vec<&Operand> = match kind {
        StmtKind::Assign { value, .. } => value.operands(),
        StmtKind::SetItem { base, index, value } => std::iter::once(base).chain(index.iter()).chain(std::iter::once(value)).collect(),
    };
    ops.into_iter().filter_map(|o| if let Operand::Local(l) = o { Some(*l) } else { None }).collect()
}

fn term_uses(t: &Terminator) -> Vec<LocalId> {
    match t {
        Terminator::Branch { cond: Operand::Local(l), .. } | Terminator::Return(Operand::Local(l)) => vec![*l],
        _ => vec![],
    }
}

/// Live-in sets of every block (classic backward dataflow over the whole body).
fn liveness(body: &Body) -> Vec<BTreeSet<LocalId>> {
    let n = body.blocks.len();
    // Upward-exposed uses and definitions per block.
    let mut gen = vec![BTreeSet::new(); n];
    let mut kill = vec![BTreeSet::new(); n];
    for (i, b) in body.blocks.iter().enumerate() {
        for s in &b.stmts {
            for u in stmt_uses(&s.kind) {
                if !kill[i].contains(&u) {
                    gen[i].insert(u);
                }
            }
            if let StmtKind::Assign { dest, .. } = &s.kind {
                kill[i].insert(*dest);
            }
        }
        for u in term_uses(&b.term) {
            if !kill[i].contains(&u) {
                gen[i].insert(u);
            }
        }
    }
    let mut live_in: Vec<BTreeSet<LocalId>> = gen.clone();
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            let mut out = BTreeSet::new();
            for s in successors(&body.blocks[i].term) {
                out.extend(live_in[s.index()].iter().copied());
            }
            let mut inn = gen[i].clone();
            inn.extend(out.difference(&kill[i]).copied());
            if inn != live_in[i] {
                live_in[i] = inn;
                changed = true;
            }
        }
    }
    live_in
}

fn local_of(o: &Operand) -> Option<LocalId> {
    match o {
        Operand::Local(l) => Some(*l),
        Operand::Const(_) => None,
    }
}

/// The reduction an assignment `dest = value` performs on `var`, with the operand it reads
/// (`var op x`, `x op var` for commutative ops, `min(var, x)`, `oxjit.inplace.add(var, x)`).
fn reduction_step(var: LocalId, value: &Rvalue) -> Option<(RedOp, bool)> {
    match value {
        Rvalue::BinOp(op, a, b) => {
            let (red, commutes) = match op {
                BinOp::Add => (RedOp::Add, true),
                BinOp::Sub => (RedOp::Add, false),
                BinOp::Mul => (RedOp::Mul, true),
                BinOp::Div => (RedOp::Mul, false),
                BinOp::BitAnd => (RedOp::BitAnd, true),
                BinOp::BitOr => (RedOp::BitOr, true),
                BinOp::BitXor => (RedOp::BitXor, true),
                _ => return None,
            };
            let (la, lb) = (local_of(a), local_of(b));
            let var_left = la == Some(var) && lb != Some(var);
            let var_right = commutes && lb == Some(var) && la != Some(var);
            (var_left || var_right).then_some((red, false))
        }
        Rvalue::Call { func: Operand::Const(Const::Function(name)), args, kwargs } if kwargs.is_empty() && args.len() == 2 => {
            // In-place operators are `oxjit.inplace.py_add` ... (see `templates::binop_ufunc`).
            let red = match name.strip_prefix("oxjit.inplace.").map(|u| u.strip_prefix("py_").unwrap_or(u)).unwrap_or(name) {
                "builtins.min" => RedOp::Min,
                "builtins.max" => RedOp::Max,
                "add" | "subtract" => RedOp::Add,
                "multiply" => RedOp::Mul,
                _ => return None,
            };
            let inplace = name.starts_with("oxjit.inplace.");
            let (la, lb) = (local_of(&args[0]), local_of(&args[1]));
            if la == Some(var) && lb != Some(var) {
                Some((red, inplace))
            } else if !inplace && lb == Some(var) && la != Some(var) {
                Some((red, false))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn classify(
    typed: &TypedBody,
    file: &Rc<SourceFile>,
    lp: &PrangeLoop,
    blocks: Vec<BlockId>,
    live: &[BTreeSet<LocalId>],
) -> Result<(ParallelLoop, Vec<Diagnostic>), Diagnostic> {
    let body = &typed.body;
    let in_region = |b: BlockId| blocks.binary_search(&b).is_ok();
    let mut warnings = Vec::new();

    // Definitely-assigned locals at each region block's entry (within one iteration).
    let universe: BTreeSet<LocalId> = (0..body.locals.len() as u32).map(LocalId).collect();
    let mut preds: HashMap<BlockId, Vec<BlockId>> = HashMap::new();
    for &b in &blocks {
        for s in successors(&body.block(b).term) {
            if in_region(s) {
                preds.entry(s).or_default().push(b);
            }
        }
    }
    let mut def_in: HashMap<BlockId, BTreeSet<LocalId>> =
        blocks.iter().map(|&b| (b, if b == lp.body { BTreeSet::new() } else { universe.clone() })).collect();
    let block_defs = |b: BlockId| -> BTreeSet<LocalId> {
        body.block(b).stmts.iter().filter_map(|s| if let StmtKind::Assign { dest, .. } = &s.kind { Some(*dest) } else { None }).collect()
    };
    // Possibly-assigned locals at each region block's entry (within one iteration).
    let mut maybe_in: HashMap<BlockId, BTreeSet<LocalId>> = blocks.iter().map(|&b| (b, BTreeSet::new())).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &b in &blocks {
            if b == lp.body {
                continue;
            }
            let mut acc = BTreeSet::new();
            for p in preds.get(&b).map(Vec::as_slice).unwrap_or(&[]) {
                acc.extend(maybe_in[p].iter().copied());
                acc.extend(block_defs(*p));
            }
            if acc != maybe_in[&b] {
                maybe_in.insert(b, acc);
                changed = true;
            }
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &b in &blocks {
            if b == lp.body {
                continue;
            }
            let mut acc: Option<BTreeSet<LocalId>> = None;
            for p in preds.get(&b).map(Vec::as_slice).unwrap_or(&[]) {
                let mut out = def_in[p].clone();
                out.extend(block_defs(*p));
                acc = Some(match acc {
                    None => out,
                    Some(a) => a.intersection(&out).copied().collect(),
                });
            }
            let acc = acc.unwrap_or_default();
            if acc != def_in[&b] {
                def_in.insert(b, acc);
                changed = true;
            }
        }
    }

    // Upward-exposed uses (with the first span): reads where the variable is not assigned on
    // any path from the iteration's start (`exposed`), or only on some (`maybe_exposed`).
    let mut exposed: HashMap<LocalId, ruff_text_size::TextRange> = HashMap::new();
    let mut maybe_exposed: HashMap<LocalId, ruff_text_size::TextRange> = HashMap::new();
    let mut assigned: HashMap<LocalId, ruff_text_size::TextRange> = HashMap::new();
    for &b in &blocks {
        let block = body.block(b);
        let mut defined = def_in[&b].clone();
        let mut maybe = maybe_in[&b].clone();
        let mut note = |u: LocalId, span, defined: &BTreeSet<LocalId>, maybe: &BTreeSet<LocalId>| {
            if defined.contains(&u) {
            } else if maybe.contains(&u) {
                maybe_exposed.entry(u).or_insert(span);
            } else {
                exposed.entry(u).or_insert(span);
            }
        };
        for s in &block.stmts {
            for u in stmt_uses(&s.kind) {
                note(u, s.span, &defined, &maybe);
            }
            if let StmtKind::Assign { dest, .. } = &s.kind {
                defined.insert(*dest);
                maybe.insert(*dest);
                assigned.entry(*dest).or_insert(s.span);
            }
        }
        for u in term_uses(&block.term) {
            note(u, block.term_span, &defined, &maybe);
        }
    }

    let name = |l: LocalId| body.local_name(l);
    let mut shared: Vec<LocalId> = exposed.keys().filter(|l| !assigned.contains_key(l)).copied().collect();
    shared.sort();

    let mut reductions = Vec::new();
    let mut carried: Vec<LocalId> = exposed.keys().filter(|l| assigned.contains_key(l) && **l != lp.counter).copied().collect();
    carried.sort();
    for var in carried {
        let red = reduction_of(typed, &blocks, var).map_err(|(span, step)| match step {
            None => Diagnostic::typing("E0320", format!("`{}` is carried from one iteration of this prange loop to the next", name(var)))
                .with_primary(file, span, format!("`{}` is read here, from an earlier iteration", name(var)))
                .with_secondary(file, lp.span, "the iterations of this loop run in parallel, in no fixed order")
                .with_help(
                    "only reductions can carry a value between iterations: `x += e`, `x -= e`, `x *= e`, `x = min(x, e)`, `x = max(x, e)`, \
                     `a += e` on a whole array, with `x` not read anywhere else in the loop",
                ),
            Some(step) => Diagnostic::typing("E0320", format!("reduction variable `{}` is read inside this prange loop", name(var)))
                .with_primary(file, span, "read here")
                .with_secondary(file, step, "it accumulates a reduction here")
                .with_note(format!(
                    "each thread accumulates a partial `{}` over its own iterations; the partials are combined after the loop, so inside it the value is neither the serial one nor final",
                    name(var)
                ))
                .with_help("read it after the loop, or keep the per-iteration values in an array"),
        })?;
        if red.array && !matches!(typed.ty(var), Ty::Array(_)) {
            return Err(Diagnostic::internal("array reduction on a non-array"));
        }
        reductions.push(red);
    }

    // Private variables read where an earlier statement of the iteration may not have assigned
    // them: they start each chunk with their value from before the loop.
    let mut first_value: Vec<LocalId> = maybe_exposed
        .keys()
        .filter(|l| !exposed.contains_key(l) && assigned.contains_key(l) && **l != lp.counter)
        .copied()
        .collect();
    first_value.sort();
    for var in &first_value {
        warnings.push(
            Diagnostic::warning("W0321", format!("`{}` may be read before this iteration of the prange loop assigns it", name(*var)))
                .with_primary(file, maybe_exposed[var], "read here")
                .with_secondary(file, assigned[var], "assigned here, on some paths")
                .with_note("where the iteration has not assigned it, it holds its value from before the loop (not the previous iteration's, as it would serially)"),
        );
    }

    // Private variables read after the loop.
    let mut last_value = Vec::new();
    let live_out = &live[lp.exit.index()];
    let mut priv_live: Vec<LocalId> = assigned
        .keys()
        .filter(|l| live_out.contains(l) && **l != lp.counter && !reductions.iter().any(|r| r.var == **l))
        .copied()
        .collect();
    priv_live.sort();
    for var in priv_live {
        if matches!(typed.ty(var), Ty::Scalar(_)) {
            warnings.push(
                Diagnostic::warning(
                    "W0321",
                    format!("`{}` is assigned by every iteration of this prange loop and read after it", name(var)),
                )
                .with_primary(file, assigned[&var], "assigned here in parallel")
                .with_secondary(file, lp.span, "")
                .with_note("after the loop it holds the value of the loop's last iteration when that iteration assigned it"),
            );
            last_value.push(var);
        } else {
            return Err(Diagnostic::typing(
                "E0320",
                format!("`{}` is assigned by the iterations of this prange loop and read after it", name(var)),
            )
            .with_primary(file, assigned[&var], "assigned here, on several threads at once")
            .with_secondary(file, lp.span, "")
            .with_help("assign it before or after the loop, or keep one value per iteration in an array"));
        }
    }

    check_cell_races(typed, file, lp, &blocks, &shared)?;
    check_shared_containers(typed, file, lp, &blocks, &shared)?;

    Ok((ParallelLoop { lp: lp.clone(), blocks, shared, reductions, last_value, first_value }, warnings))
}

/// Checks that `var`'s only uses and definitions in the body are reduction steps of one kind:
/// `var = var op x` directly or through one temporary (`t = min(var, x); var = t`). The error
/// is the offending statement's span, with the span of a valid reduction step when there is one.
fn reduction_of(typed: &TypedBody, blocks: &[BlockId], var: LocalId) -> Result<Reduction, (ruff_text_size::TextRange, Option<ruff_text_size::TextRange>)> {
    let r = reduction_check(typed, blocks, var);
    r.map_err(|span| {
        // A read elsewhere next to valid steps: name the step too.
        let step = blocks.iter().flat_map(|b| typed.body.block(*b).stmts.iter()).find_map(|s| match &s.kind {
            StmtKind::Assign { value, .. } if s.span != span && reduction_step(var, value).is_some() => Some(s.span),
            _ => None,
        });
        (span, step)
    })
}

fn reduction_check(typed: &TypedBody, blocks: &[BlockId], var: LocalId) -> Result<Reduction, ruff_text_size::TextRange> {
    let body = &typed.body;
    let mut op: Option<RedOp> = None;
    let mut array = false;
    // Temporaries holding a step's result, to be assigned to `var`.
    let mut step_temps: Vec<LocalId> = Vec::new();
    let mut first_span = None;
    for &b in blocks {
        let block = body.block(b);
        for s in &block.stmts {
            let uses = stmt_uses(&s.kind);
            let reads_var = uses.contains(&var);
            if reads_var && first_span.is_none() {
                first_span = Some(s.span);
            }
            match &s.kind {
                StmtKind::Assign { dest, value, .. } if reads_var => {
                    let Some((red, inplace)) = reduction_step(var, value) else { return Err(s.span) };
                    if uses.iter().filter(|u| **u == var).count() != 1 || op.is_some_and(|o| o != red) {
                        return Err(s.span);
                    }
                    op = Some(red);
                    array |= inplace;
                    if *dest != var {
                        if body.local(*dest).name.is_some() {
                            return Err(s.span);
                        }
                        step_temps.push(*dest);
                    }
                }
                StmtKind::Assign { dest, value, .. } if *dest == var => match value {
                    Rvalue::Use(Operand::Local(t)) if step_temps.contains(t) => {}
                    _ => return Err(s.span),
                },
                _ if reads_var => return Err(s.span),
                _ => {}
            }
        }
        if term_uses(&block.term).contains(&var) {
            return Err(block.term_span);
        }
    }
    // Each step temporary is read only by the assignment back to `var`.
    for &b in blocks {
        let block = body.block(b);
        for s in &block.stmts {
            for t in &step_temps {
                if stmt_uses(&s.kind).contains(t) && !matches!(&s.kind, StmtKind::Assign { dest, value: Rvalue::Use(_), .. } if *dest == var) {
                    return Err(s.span);
                }
            }
        }
    }
    match op {
        Some(op) => Ok(Reduction { var, op, array }),
        None => Err(first_span.unwrap_or(body.span)),
    }
}

/// A write `a[idx] = v` to a shared array whose index does not depend on the loop variable,
/// on a path every iteration takes, writes the same element from every iteration.
/// Lists and dicts are not thread-safe: a container shared by the iterations (made before the
/// loop) must not be changed inside it (an item assignment, `append`, `d[k] = v`, `pop` ...);
/// two threads growing one table at once would corrupt it. Containers made in the body are
/// private to the iteration and may change.
fn check_shared_containers(typed: &TypedBody, file: &Rc<SourceFile>, lp: &PrangeLoop, blocks: &[BlockId], shared: &[LocalId]) -> Result<(), Diagnostic> {
    let body = &typed.body;
    let is_container = |l: LocalId| matches!(typed.ty(l), Ty::List(_) | Ty::Dict(_));
    let shared_container = |o: &Operand| match o {
        Operand::Local(l) if shared.contains(l) && is_container(*l) => Some(*l),
        _ => None,
    };
    let mutating = |name: &str| {
        let op = name.strip_prefix("list.").or_else(|| name.strip_prefix("dict."));
        matches!(
            op,
            Some(
                "append" | "insert" | "extend" | "iadd" | "imul" | "new_pop" | "clear" | "reverse" | "sort" | "setdefault" | "delitem" | "new_pop_default" | "new_popitem"
                    | "update"
            )
        )
    };
    let mutating_prelude = [crate::lists::prelude_id("list_remove"), crate::lists::prelude_id("list_extend")];
    for b in blocks {
        for st in &body.block(*b).stmts {
            let changed = match &st.kind {
                StmtKind::SetItem { base, .. } => shared_container(base),
                StmtKind::Assign { value: Rvalue::Call { args, .. }, res: Res::Call(target), .. } => {
                    let mutates = match target {
                        CallTarget::Intrinsic { name, .. } => mutating(name),
                        CallTarget::Dispatcher { func, .. } => mutating_prelude.contains(func),
                        CallTarget::UFunc { .. } => false,
                    };
                    if mutates {
                        args.first().and_then(shared_container)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            if let Some(l) = changed {
                let name = body.local_name(l);
                return Err(Diagnostic::typing("E0320", format!("`{name}` is changed by the iterations of this prange loop, on several threads at once"))
                    .with_primary(file, st.span, format!("`{name}` is {}, made before the loop", typed.ty(l)))
                    .with_secondary(file, lp.span, "")
                    .with_note("lists and dicts are not thread-safe: change them before or after the loop, or write per-iteration results into an array"));
            }
        }
    }
    Ok(())
}

fn check_cell_races(
    typed: &TypedBody,
    file: &Rc<SourceFile>,
    lp: &PrangeLoop,
    blocks: &[BlockId],
    shared: &[LocalId],
) -> Result<(), Diagnostic> {
    let body = &typed.body;
    // Locals whose value may depend on the iteration: the counter, and whatever is computed
    // from it (to a fixed point: loops inside the body carry dependence around).
    let mut tainted: BTreeSet<LocalId> = BTreeSet::from([lp.counter]);
    let mut changed = true;
    while changed {
        changed = false;
        for &b in blocks {
            for s in &body.block(b).stmts {
                if let StmtKind::Assign { dest, .. } = &s.kind {
                    if !tainted.contains(dest) && stmt_uses(&s.kind).iter().any(|u| tainted.contains(u)) {
                        tainted.insert(*dest);
                        changed = true;
                    }
                }
            }
        }
    }
    // Blocks every iteration reaches without a branch on an iteration-dependent condition.
    let mut unconditional = BTreeSet::new();
    let mut stack = vec![lp.body];
    while let Some(b) = stack.pop() {
        if b == lp.header || blocks.binary_search(&b).is_err() || !unconditional.insert(b) {
            continue;
        }
        match &body.block(b).term {
            Terminator::Goto(t) => stack.push(*t),
            Terminator::Branch { cond, then_bb, else_bb } => {
                if local_of(cond).is_some_and(|c| tainted.contains(&c)) {
                    continue;
                }
                stack.push(*then_bb);
                stack.push(*else_bb);
            }
            _ => {}
        }
    }
    for &b in &unconditional {
        for s in &body.block(b).stmts {
            let StmtKind::SetItem { base: Operand::Local(base), index, .. } = &s.kind else { continue };
            if !shared.contains(base) || index.iter().any(|i| local_of(i).is_some_and(|l| tainted.contains(&l))) {
                continue;
            }
            return Err(Diagnostic::typing(
                "E0320",
                format!("every iteration of this prange loop writes the same element of `{}`", body.local_name(*base)),
            )
            .with_primary(file, s.span, "the index does not depend on the loop variable")
            .with_secondary(file, lp.span, "the iterations of this loop run in parallel, in no fixed order")
            .with_help("index with the loop variable, or accumulate into a scalar or a whole array (`acc += row`), which are reductions"));
        }
    }
    Ok(())
}
