//! The NumPy ufunc inner loop around the root instance (`@vectorize`).
//!
//! NumPy calls one function per registered type signature with its "generic loop" shape; the
//! root instance is a scalar kernel, and this wrapper runs it over NumPy's (strided) buffers:
//!
//! ```text
//! define void @<sym>.ufunc(ptr %args, ptr %dims, ptr %steps, ptr %data) {
//!   ; n = dims[0]; p_k = args[k]; s_k = steps[k]   for the nin inputs and the one output
//!   ; all s_k == sizeof(T_k) → the contiguous loop (element-indexed GEPs, vectorisable)
//!   ; else                  → the strided loop (byte offsets i * s_k)
//!   ;   x_k = load T_k at p_k[i]     (bool: one byte, != 0)
//!   ;   st  = call @<sym>(ptr %ret, ptr %err, x_0, ..)   ; alwaysinline
//!   ;   st != 0 → call %data(ptr %err, i32 st); ret void  ; the loop stops at the first error
//!   ;   store the result at out[i]
//! }
//! ```
//!
//! `%data` is the `void (*)(const ErrSlot *, i32 status)` the Python side registers as the
//! loop's data pointer: it takes the GIL and sets the Python exception, which NumPy raises after
//! the loop. Numba's wrapper sets the exception and keeps looping without storing; stopping at
//! once leaves the same visible state (the failing element and everything after it unwritten,
//! but here the elements after it are not computed either) and costs nothing on the fast path,
//! since kernels are compiled with `error_model="numpy"` and most then cannot fail at all
//! (the status folds to 0 after inlining, and the exit branch disappears).

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::program::{Instance, Program};
use oxjit_frontend::{Diagnostic, Scalar, Ty};

use super::{ice, EResult, EmittedModule, Emitter};

/// Emits every instance of `prog` (as [`super::emit_module`] does) plus the NumPy ufunc loop
/// around the root; `entry_symbol` of the result names the loop (`<root symbol>.ufunc`).
///
/// The root's parameters and return type must be scalars (an unsupported-feature diagnostic
/// otherwise: NumPy ufuncs run over elements).
pub fn emit_ufunc_module<'ctx>(ctx: &'ctx Context, prog: &Program) -> Result<EmittedModule<'ctx>, Diagnostic> {
    let root = prog.instances.first().ok_or_else(|| Diagnostic::internal("cannot emit an empty program"))?;
    let (ins, out) = loop_types(root)?;
    let emitted = super::emit_module(ctx, prog)?;
    let mut em = Emitter::new(ctx, emitted.module);
    let inner = em
        .module
        .get_function(&root.symbol)
        .ok_or_else(|| Diagnostic::internal(format!("the module lost the inner function `{}`", root.symbol)))?;
    em.inner = vec![inner];
    let name = emit_ufunc_loop(&em, root, inner, &ins, out).map_err(|e| *e.0)?;
    if let Err(msg) = em.module.verify() {
        return Err(Diagnostic::internal(format!(
            "generated ufunc loop for `{}` is invalid: {}",
            root.typed.body.name,
            msg.to_string_lossy()
        )));
    }
    Ok(EmittedModule { module: em.module, entry_symbol: name })
}

/// The element types of the root's inputs and output.
fn loop_types(root: &Instance) -> Result<(Vec<Scalar>, Scalar), Diagnostic> {
    let scalar = |t: &Ty, what: &str| match t {
        Ty::Scalar(s) => Ok(*s),
        other => Err(Diagnostic::unsupported(
            "E0307",
            format!("a vectorized function must {what} scalars, not {other}"),
        )
        .with_primary(&root.file, root.typed.body.span, format!("`{}` is vectorized", root.typed.body.name))
        .with_help("@vectorize kernels map numbers to a number; use @njit for array code")),
    };
    let ins = root.params.iter().map(|t| scalar(t, "take")).collect::<Result<Vec<_>, _>>()?;
    let out = scalar(&root.typed.ret, "return")?;
    Ok((ins, out))
}

/// One operand of the loop: its data pointer, byte step and element type.
struct Operand<'ctx> {
    base: PointerValue<'ctx>,
    step: IntValue<'ctx>,
    elem: Scalar,
}

/// A NumPy inner loop `void name(ptr args, ptr dims, ptr steps, ptr data)` being emitted:
/// the builder is in its entry block, after a zeroed error slot `err`.
pub(super) struct LoopShell<'ctx> {
    pub f: FunctionValue<'ctx>,
    pub args: PointerValue<'ctx>,
    pub dims: PointerValue<'ctx>,
    pub steps: PointerValue<'ctx>,
    pub data: PointerValue<'ctx>,
    pub b: Builder<'ctx>,
    pub err: PointerValue<'ctx>,
}

/// Declares the exported NumPy loop `name` (for `@vectorize` and `@guvectorize`).
pub(super) fn loop_shell<'ctx>(em: &Emitter<'ctx>, name: &str) -> EResult<LoopShell<'ctx>> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let fn_ty = ctx.void_type().fn_type(&[ptr.into(), ptr.into(), ptr.into(), ptr.into()], false);
    let f = em.module.add_function(name, fn_ty, None);
    em.add_fn_attrs(f);
    let (Some(args), Some(dims), Some(steps), Some(data)) =
        (f.get_nth_param(0), f.get_nth_param(1), f.get_nth_param(2), f.get_nth_param(3))
    else {
        return ice("NumPy loop lost its parameters");
    };
    for (p, n) in [(args, "args"), (dims, "dims"), (steps, "steps"), (data, "data")] {
        p.set_name(n);
    }
    let b = ctx.create_builder();
    let entry = ctx.append_basic_block(f, "entry");
    b.position_at_end(entry);
    let err = b.build_alloca(em.err_slot_ty(), "err")?;
    b.build_store(err, em.err_slot_ty().const_zero())?;
    Ok(LoopShell {
        f,
        args: args.into_pointer_value(),
        dims: dims.into_pointer_value(),
        steps: steps.into_pointer_value(),
        data: data.into_pointer_value(),
        b,
        err,
    })
}

/// Emits `<root>.ufunc` and returns its name.
fn emit_ufunc_loop<'ctx>(
    em: &Emitter<'ctx>,
    root: &Instance,
    inner: FunctionValue<'ctx>,
    ins: &[Scalar],
    out: Scalar,
) -> EResult<String> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let i32t = ctx.i32_type();
    // The kernel disappears into the loop (as Numba marks it), so LLVM sees one loop body.
    inner.add_attribute(AttributeLoc::Function, ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("alwaysinline"), 0));

    let name = format!("{}.ufunc", root.symbol);
    let LoopShell { f, args, dims, steps, data, b, err } = loop_shell(em, &name)?;
    let retslot = b.build_alloca(em.scalar_ty(out), "retslot")?;
    let n = b.build_load(i64t, dims, "n")?.into_int_value();

    let mut ops = Vec::with_capacity(ins.len() + 1);
    let mut contiguous = ctx.bool_type().const_int(1, false);
    for (k, elem) in ins.iter().chain(std::iter::once(&out)).enumerate() {
        let kc = i64t.const_int(k as u64, false);
        // SAFETY: NumPy passes nin + nout entries in `args` and `steps`; k < nin + 1.
        let (pa, ps) = unsafe { (b.build_in_bounds_gep(ptr, args, &[kc], "")?, b.build_in_bounds_gep(i64t, steps, &[kc], "")?) };
        let base = b.build_load(ptr, pa, &format!("p{k}"))?.into_pointer_value();
        let step = b.build_load(i64t, ps, &format!("s{k}"))?.into_int_value();
        let unit = b.build_int_compare(IntPredicate::EQ, step, i64t.const_int(elem.size() as u64, false), "")?;
        contiguous = b.build_and(contiguous, unit, "contig")?;
        ops.push(Operand { base, step, elem: *elem });
    }

    let exit = ctx.append_basic_block(f, "exit");
    let fail = ctx.append_basic_block(f, "fail");
    let choose = ctx.append_basic_block(f, "choose");
    let nonempty = b.build_int_compare(IntPredicate::SGT, n, i64t.const_zero(), "nonempty")?;
    b.build_conditional_branch(nonempty, choose, exit)?;
    b.position_at_end(choose);
    let fast = ctx.append_basic_block(f, "contig.loop");
    let slow = ctx.append_basic_block(f, "strided.loop");
    b.build_conditional_branch(contiguous, fast, slow)?;

    let lp = Loop { em, b: &b, inner, ops: &ops, n, choose, err, retslot, exit, fail };
    let fail_from_fast = lp.emit(fast, true)?;
    let fail_from_slow = lp.emit(slow, false)?;

    b.position_at_end(fail);
    let status = b.build_phi(i32t, "status")?;
    status.add_incoming(&[(&fail_from_fast.0, fail_from_fast.1), (&fail_from_slow.0, fail_from_slow.1)]);
    let report_ty = ctx.void_type().fn_type(&[ptr.into(), i32t.into()], false);
    b.build_indirect_call(report_ty, data, &[err.into(), status.as_basic_value().into()], "")?;
    b.build_return(None)?;
    b.position_at_end(exit);
    b.build_return(None)?;
    Ok(name)
}

/// What the two loops (contiguous, strided) share.
struct Loop<'a, 'ctx> {
    em: &'a Emitter<'ctx>,
    b: &'a Builder<'ctx>,
    inner: FunctionValue<'ctx>,
    /// The inputs, then the output.
    ops: &'a [Operand<'ctx>],
    n: IntValue<'ctx>,
    /// The block that branches into both loops (the phi's entry edge).
    choose: BasicBlock<'ctx>,
    err: PointerValue<'ctx>,
    retslot: PointerValue<'ctx>,
    exit: BasicBlock<'ctx>,
    fail: BasicBlock<'ctx>,
}

impl<'ctx> Loop<'_, 'ctx> {
    /// `for i in 0..n` starting at `head` (the caller branched there; n > 0). Returns the
    /// failing status and the block it leaves from, for the `fail` block's phi.
    fn emit(&self, head: BasicBlock<'ctx>, contiguous: bool) -> EResult<(IntValue<'ctx>, BasicBlock<'ctx>)> {
        let (b, em) = (self.b, self.em);
        let ctx = em.ctx;
        let i64t = ctx.i64_type();
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i")?;
        let i_v = i.as_basic_value().into_int_value();

        let (inputs, output) = self.ops.split_at(self.ops.len() - 1);
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![self.retslot.into(), self.err.into()];
        for op in inputs {
            let p = self.element(op, i_v, contiguous)?;
            call_args.push(self.load(op.elem, p)?.into());
        }
        let st = b.build_call(self.inner, &call_args, "st")?;
        let status = match st.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::IntValue(v)) => v,
            _ => return ice("the inner function does not return an i32 status"),
        };
        let failed = b.build_int_compare(IntPredicate::NE, status, ctx.i32_type().const_zero(), "failed")?;
        let body_bb = b.get_insert_block().ok_or_else(|| super::EmitError(Box::new(Diagnostic::internal("builder has no block"))))?;
        let store_bb = ctx.insert_basic_block_after(body_bb, if contiguous { "contig.store" } else { "strided.store" });
        b.build_conditional_branch(failed, self.fail, store_bb)?;
        b.position_at_end(store_bb);
        let Some(out) = output.first() else {
            return ice("ufunc loop without an output");
        };
        let v = b.build_load(em.scalar_ty(out.elem), self.retslot, "result")?;
        let p = self.element(out, i_v, contiguous)?;
        self.store(out.elem, p, v)?;
        let next = b.build_int_add(i_v, i64t.const_int(1, false), "next")?;
        let more = b.build_int_compare(IntPredicate::SLT, next, self.n, "more")?;
        b.build_conditional_branch(more, head, self.exit)?;

        i.add_incoming(&[(&i64t.const_zero(), self.choose), (&next, store_bb)]);
        Ok((status, body_bb))
    }

    /// The address of element `i` of `op`.
    fn element(&self, op: &Operand<'ctx>, i: IntValue<'ctx>, contiguous: bool) -> EResult<PointerValue<'ctx>> {
        let b = self.b;
        if contiguous {
            let ty = self.em.mem_scalar_ty(op.elem);
            // SAFETY: NumPy guarantees n elements of this type at `base` with unit stride
            // (checked on entry to this loop); 0 <= i < n.
            Ok(unsafe { b.build_in_bounds_gep(ty, op.base, &[i], "")? })
        } else {
            let off = b.build_int_mul(i, op.step, "")?;
            // SAFETY: a plain (not inbounds) byte GEP; NumPy guarantees that `base + i * step`
            // addresses element i for 0 <= i < n (steps may be zero or negative).
            Ok(unsafe { b.build_gep(self.em.ctx.i8_type(), op.base, &[off], "")? })
        }
    }

    /// Loads an element as its register value (bool: one byte compared with 0).
    fn load(&self, s: Scalar, p: PointerValue<'ctx>) -> EResult<BasicValueEnum<'ctx>> {
        let b = self.b;
        let v = b.build_load(self.em.mem_scalar_ty(s), p, "x")?;
        if s == Scalar::Bool {
            let byte = v.into_int_value();
            return Ok(b.build_int_compare(IntPredicate::NE, byte, byte.get_type().const_zero(), "")?.into());
        }
        Ok(v)
    }

    /// Stores a register value as an element (bool: one byte 0/1).
    fn store(&self, s: Scalar, p: PointerValue<'ctx>, v: BasicValueEnum<'ctx>) -> EResult<()> {
        let b = self.b;
        if s == Scalar::Bool {
            let byte = b.build_int_z_extend(v.into_int_value(), self.em.ctx.i8_type(), "")?;
            b.build_store(p, byte)?;
        } else {
            b.build_store(p, v)?;
        }
        Ok(())
    }
}
