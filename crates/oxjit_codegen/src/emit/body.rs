//! One instance's inner function: `i32 @sym(ptr %retp, ptr %err, params...)`.
//!
//! ```text
//! entry:                      ; one alloca per MIR local, parameters stored into theirs
//!   %x = alloca double
//!   store double %p0, ptr %x
//!   br label %bb0
//! bb0: ...                    ; one LLVM block per MIR block, in order
//! ```
//!
//! Blocks that cannot be reached from `bb0` get only `unreachable`: inference may leave
//! their statements untyped, and there is nothing to run.

use std::cell::RefCell;
use std::collections::HashMap;

use inkwell::attributes::AttributeLoc;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum};
use inkwell::values::FunctionValue;
use inkwell::AddressSpace;
use oxjit_frontend::mir::{Block, BlockId, StmtKind, Terminator};
use oxjit_frontend::program::{Instance, Program};
use oxjit_runtime::STATUS_OK;

use super::refcount::has_refs;
use super::{fast_math_flags, ice, EResult, EmitError, Emitter, FnCx};

/// Declares the inner function of `inst` (bodies refer to each other, recursion included).
pub(super) fn declare_inner<'ctx>(em: &Emitter<'ctx>, inst: &Instance) -> EResult<FunctionValue<'ctx>> {
    if em.module.get_function(&inst.symbol).is_some() {
        return ice(format!("two instances share the symbol `{}`", inst.symbol));
    }
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let mut params: Vec<BasicMetadataTypeEnum> = vec![ptr.into(), ptr.into()];
    params.extend(inst.params.iter().map(|t| BasicMetadataTypeEnum::from(em.llty(t))));
    let fn_ty = ctx.i32_type().fn_type(&params, false);
    let f = em.module.add_function(&inst.symbol, fn_ty, Some(Linkage::Internal));
    em.add_fn_attrs(f);
    // %retp and %err: distinct, non-null, not kept after the call.
    for (i, name) in [(0u32, "retp"), (1, "err")] {
        for attr in ["noalias", "nonnull", "nocapture"] {
            let kind = inkwell::attributes::Attribute::get_named_enum_kind_id(attr);
            f.add_attribute(AttributeLoc::Param(i), ctx.create_enum_attribute(kind, 0));
        }
        if let Some(p) = f.get_nth_param(i) {
            p.set_name(name);
        }
    }
    Ok(f)
}

/// Emits the body of `prog.instances[index]` into its declared inner function.
pub(super) fn emit_body(em: &Emitter<'_>, prog: &Program, index: usize) -> EResult<()> {
    let inst = &prog.instances[index];
    let body = &inst.typed.body;
    let typed = &inst.typed;
    if typed.local_tys.len() != body.locals.len() {
        return ice(format!("`{}`: {} locals but {} local types", body.name, body.locals.len(), typed.local_tys.len()));
    }
    if inst.params.len() != body.params.len() {
        return ice(format!(
            "`{}`: {} parameters but {} parameter types",
            body.name,
            body.params.len(),
            inst.params.len()
        ));
    }
    if body.blocks.is_empty() {
        return ice(format!("`{}` has no blocks", body.name));
    }
    let func = em.inner[index];
    let ctx = em.ctx;
    let entry = ctx.append_basic_block(func, "entry");
    let b = ctx.create_builder();
    b.position_at_end(entry);
    let (Some(retp), Some(errp)) = (func.get_nth_param(0), func.get_nth_param(1)) else {
        return ice("inner function lost its parameters");
    };
    let owned = owning_locals(inst);
    let cx = new_fn_cx(em, prog, inst, func, b, retp.into_pointer_value(), errp.into_pointer_value(), Some(owned))?;
    for (i, (local, pty)) in body.params.iter().zip(inst.params.iter()).enumerate() {
        let Some(p) = func.get_nth_param(i as u32 + 2) else {
            return ice("inner function lost a parameter");
        };
        p.set_name(&body.local_name(*local));
        let lty = cx.local_ty(*local)?;
        let v = cx.convert(p, pty, lty)?;
        if cx.owned[local.index()] {
            // A parameter the body reassigns owns a reference of its own.
            cx.incref(v, lty)?;
        }
        cx.b.build_store(cx.locals[local.index()], v)?;
    }
    let blocks: Vec<_> = (0..body.blocks.len()).map(|i| ctx.append_basic_block(func, &format!("bb{i}"))).collect();
    let jump = cx.b.build_unconditional_branch(blocks[0])?;
    cx.alloca_b.position_before(&jump);

    let reachable = reachable_blocks(&body.blocks);
    // Parallel loops: the header launches the chunks; the body's blocks live in the chunk
    // function (see `parallel.rs`).
    let chunk_fns: Vec<(FunctionValue, FunctionValue)> =
        (0..inst.parallel.len()).map(|k| super::parallel::declare_chunk_fn(em, inst, k)).collect::<EResult<_>>()?;
    let mut in_chunk = vec![false; body.blocks.len()];
    for plan in &inst.parallel {
        for b in &plan.blocks {
            in_chunk[b.index()] = true;
        }
    }
    for (i, block) in body.blocks.iter().enumerate() {
        cx.b.position_at_end(blocks[i]);
        if !reachable[i] || in_chunk[i] {
            cx.b.build_unreachable()?;
            continue;
        }
        if let Some(k) = inst.parallel.iter().position(|p| p.lp.header.index() == i) {
            let plan = &inst.parallel[k];
            cx.emit_parallel_launch(plan, chunk_fns[k].0, blocks[plan.lp.exit.index()])
                .map_err(|e| with_span(&cx, e, plan.lp.span))?;
            continue;
        }
        emit_block(&cx, block, &blocks)?;
    }
    for (k, (_, f)) in chunk_fns.into_iter().enumerate() {
        super::parallel::emit_chunk_fn(em, prog, inst, &inst.parallel[k], f)?;
    }
    Ok(())
}

/// The function context with one stack slot per MIR local (owning slots zeroed), created at
/// the builder's position in the entry block; `owned: None` makes no slots (a function that
/// runs no MIR statements: an outlined array loop).
#[allow(clippy::too_many_arguments)]
pub(super) fn new_fn_cx<'a, 'ctx>(
    em: &'a Emitter<'ctx>,
    prog: &'a Program,
    inst: &'a Instance,
    func: FunctionValue<'ctx>,
    b: inkwell::builder::Builder<'ctx>,
    retp: inkwell::values::PointerValue<'ctx>,
    errp: inkwell::values::PointerValue<'ctx>,
    owned: Option<Vec<bool>>,
) -> EResult<FnCx<'a, 'ctx>> {
    let body = &inst.typed.body;
    let typed = &inst.typed;
    let with_locals = owned.is_some();
    let owned = owned.unwrap_or_default();
    let mut locals = Vec::with_capacity(body.locals.len());
    for (i, t) in typed.local_tys.iter().enumerate().filter(|_| with_locals) {
        let name = body.locals[i].name.as_deref().map(str::to_string).unwrap_or_else(|| format!("_{i}"));
        let ty: BasicTypeEnum = em.llty(t);
        let slot = b.build_alloca(ty, &name)?;
        if owned[i] {
            // Null MemInfos: releasing a local that was never assigned is a no-op.
            b.build_store(slot, ty.const_zero())?;
        }
        locals.push(slot);
    }
    Ok(FnCx {
        em,
        prog,
        inst,
        func,
        b,
        alloca_b: em.ctx.create_builder(),
        retp,
        errp,
        locals,
        raise_blocks: RefCell::new(HashMap::new()),
        fmf: fast_math_flags(inst.options.fastmath),
        owned,
        unwind: RefCell::new(None),
        pending_release: RefCell::new(Vec::new()),
        array_mode: std::cell::Cell::new(false),
        fused: if with_locals { super::fusion::fused_temps(body, &typed.local_tys) } else { HashMap::new() },
    })
}

fn with_span(cx: &FnCx<'_, '_>, e: EmitError, span: oxjit_frontend::TextRange) -> EmitError {
    let mut d = e.0;
    if d.primary.is_none() {
        *d = d.with_primary(&cx.inst.file, span, "");
    }
    EmitError(d)
}

/// Which locals own references: those holding arrays, except parameters the body never
/// assigns (they borrow the caller's reference for the whole call).
fn owning_locals(inst: &Instance) -> Vec<bool> {
    let body = &inst.typed.body;
    let mut assigned = vec![false; body.locals.len()];
    for block in &body.blocks {
        for stmt in &block.stmts {
            if let StmtKind::Assign { dest, .. } = &stmt.kind {
                if let Some(a) = assigned.get_mut(dest.index()) {
                    *a = true;
                }
            }
        }
    }
    let mut is_param = vec![false; body.locals.len()];
    for p in &body.params {
        if let Some(x) = is_param.get_mut(p.index()) {
            *x = true;
        }
    }
    inst.typed
        .local_tys
        .iter()
        .enumerate()
        .map(|(i, t)| has_refs(t) && (!is_param[i] || assigned[i]))
        .collect()
}

/// Which blocks `bb0` reaches.
fn reachable_blocks(blocks: &[Block]) -> Vec<bool> {
    let mut seen = vec![false; blocks.len()];
    let mut stack = vec![0usize];
    while let Some(i) = stack.pop() {
        if i >= blocks.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        match &blocks[i].term {
            Terminator::Goto(t) => stack.push(t.index()),
            Terminator::Branch { then_bb, else_bb, .. } => {
                stack.push(then_bb.index());
                stack.push(else_bb.index());
            }
            Terminator::Return(_) | Terminator::Raise { .. } | Terminator::Unreachable => {}
        }
    }
    seen
}

pub(super) fn emit_block<'ctx>(
    cx: &FnCx<'_, 'ctx>,
    block: &Block,
    blocks: &[inkwell::basic_block::BasicBlock<'ctx>],
) -> EResult<()> {
    for stmt in &block.stmts {
        emit_stmt(cx, &stmt.kind).map_err(|e| with_span(cx, e, stmt.span))?;
    }
    emit_terminator(cx, &block.term, blocks).map_err(|e| with_span(cx, e, block.term_span))
}

fn emit_stmt(cx: &FnCx<'_, '_>, kind: &StmtKind) -> EResult<()> {
    match kind {
        StmtKind::Assign { dest, value, ty, res } => {
            let Some(rty) = ty else {
                return ice(format!("assignment to {dest} was not typed"));
            };
            if cx.fused.contains_key(dest) {
                // Evaluated per element by the ufunc call that reads it.
                return Ok(());
            }
            let v = cx.rvalue(value, rty, res)?;
            let dty = cx.local_ty(*dest)?;
            let v = cx.convert(v, rty, dty)?;
            if cx.owned.get(dest.index()).copied().unwrap_or(false) {
                // Take the new reference before dropping the old one (`a = a` must not free).
                if !cx.yields_new_ref(value, res, rty) {
                    cx.incref(v, dty)?;
                }
                let old = cx.load_local(*dest)?;
                cx.decref(old, dty)?;
            } else if cx.yields_new_ref(value, res, rty) {
                return ice(format!("a new array reference assigned to {dest}, which cannot own it"));
            }
            cx.b.build_store(cx.locals[dest.index()], v)?;
            Ok(())
        }
        StmtKind::SetItem { base, index, value } => match base {
            oxjit_frontend::mir::Operand::Local(l) if matches!(cx.local_ty(*l)?, oxjit_frontend::Ty::List(_)) => cx.list_setitem(base, index, value),
            oxjit_frontend::mir::Operand::Local(l) if matches!(cx.local_ty(*l)?, oxjit_frontend::Ty::Dict(_)) => cx.dict_setitem(base, index, value),
            _ => cx.array_setitem(base, index, value),
        },
    }
}

fn emit_terminator<'ctx>(
    cx: &FnCx<'_, 'ctx>,
    term: &Terminator,
    blocks: &[inkwell::basic_block::BasicBlock<'ctx>],
) -> EResult<()> {
    let target = |id: BlockId| match blocks.get(id.index()) {
        Some(bb) => Ok(*bb),
        None => ice(format!("jump to missing block {id}")),
    };
    match term {
        Terminator::Goto(t) => {
            cx.b.build_unconditional_branch(target(*t)?)?;
        }
        Terminator::Branch { cond, then_bb, else_bb } => {
            let (v, t) = cx.operand(cond)?;
            let c = cx.truth(v, &t)?;
            cx.b.build_conditional_branch(c, target(*then_bb)?, target(*else_bb)?)?;
        }
        Terminator::Return(op) => {
            let rty = &cx.inst.typed.ret;
            let v = cx.operand_as(op, rty)?;
            // The caller receives a reference of its own; then every local lets go of its.
            cx.incref(v, rty)?;
            cx.b.build_store(cx.retp, v)?;
            cx.release_locals()?;
            cx.b.build_return(Some(&cx.i32c(STATUS_OK)))?;
        }
        Terminator::Raise { class, msg } => cx.raise_now(class, msg.as_deref())?,
        Terminator::Unreachable => {
            cx.b.build_unreachable()?;
        }
    }
    Ok(())
}
