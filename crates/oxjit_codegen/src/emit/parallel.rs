//! `prange` loops of `parallel=True` functions: the launch in the function, and the body
//! outlined into a chunk function the runtime's thread pool calls (`oxjit_runtime::parallel`).
//!
//! ```text
//! ; in the function, in place of the loop header:
//!   %n = call i64 @oxjit_rt_parallel_chunks(i64 %count)
//!   %parts = alloca %Partials, i64 %n            ; between stacksave/stackrestore
//!   store ptr %parts, ptr %env                   ; then the shared values and initial values
//!   %st = call i32 @oxjit_rt_parallel_for(ptr @f.prange0, ptr %env, i64 %count, i64 %n, ptr %err)
//!   ; status check, then for c in 0..n: x = x OP parts[c].x   (in chunk order)
//!   br label %exit
//!
//! define internal i32 @f.prange0(ptr %env, i64 %lo, i64 %hi, i64 %chunk, ptr %err)
//!   ; own slots for every local; shared ones loaded from %env, reductions set to the
//!   ; identity (min/max: the value at loop entry), counter = lo
//! header:  br (counter < hi), body, done     ; the loop's MIR blocks follow, unchanged
//! done:    store the partials into parts[chunk]; release owned locals; ret 0
//! ```
//!
//! The partials of a chunk are its reductions and the last values of private scalars read
//! after the loop; the last chunk's last values are the last iteration's. Which locals are
//! shared, private or reductions is decided by `oxjit_frontend::parallel`.

use inkwell::basic_block::BasicBlock;
use inkwell::module::Linkage;
use inkwell::types::{BasicType, BasicTypeEnum, StructType};
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::mir::{LocalId, StmtKind};
use oxjit_frontend::parallel::{ParallelLoop, RedOp};
use oxjit_frontend::program::{Instance, Program};
use oxjit_frontend::types::Scalar;
use oxjit_frontend::Ty;
use oxjit_runtime::STATUS_OK;

use super::refcount::has_refs;
use super::{ice, EResult, Emitter, FnCx};

impl<'ctx> Emitter<'ctx> {
    /// `i64 @oxjit_rt_parallel_chunks(i64 count)`: how many chunks the pool cuts a loop into.
    pub(super) fn parallel_chunks_fn(&self) -> FunctionValue<'ctx> {
        let i64t = self.ctx.i64_type();
        self.extern_fn("oxjit_rt_parallel_chunks", i64t.into(), &[i64t.into()])
    }

    /// `i32 @oxjit_rt_parallel_for(ptr f, ptr env, i64 count, i64 nchunks, ptr err)`.
    pub(super) fn parallel_for_fn(&self) -> FunctionValue<'ctx> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        self.extern_fn("oxjit_rt_parallel_for", self.ctx.i32_type().into(), &[ptr.into(), ptr.into(), i64t.into(), i64t.into(), ptr.into()])
    }
}

/// The chunk function of the `k`-th parallel loop of `inst`: returns the function the pool
/// calls and the one the loop's code goes into (see [`chunk_fn_pair`]).
pub(super) fn declare_chunk_fn<'ctx>(em: &Emitter<'ctx>, inst: &Instance, k: usize) -> EResult<(FunctionValue<'ctx>, FunctionValue<'ctx>)> {
    chunk_fn_pair(em, &format!("{}.prange{k}", inst.symbol))
}

/// A chunk function `i32 name(ptr env, i64 lo, i64 hi, i64 chunk, ptr err)` that only calls
/// `name.body` (same signature), which the caller fills with the loop. A serial function gets
/// inlined into its entry wrapper and simplified a second time there, and that second round is
/// what proves `i + 1`-style indices non-negative once the first has put the loops in canonical
/// form; without it a stencil's `a[i, j + 1]` kept its wrap-around select and vectorised as a
/// gather (15% slower). The body, called once, is inlined into this wrapper and gets the same
/// two rounds.
fn chunk_fn_pair<'ctx>(em: &Emitter<'ctx>, name: &str) -> EResult<(FunctionValue<'ctx>, FunctionValue<'ctx>)> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let fn_ty = ctx.i32_type().fn_type(&[ptr.into(), i64t.into(), i64t.into(), i64t.into(), ptr.into()], false);
    let outer = em.module.add_function(name, fn_ty, Some(Linkage::Internal));
    em.add_fn_attrs(outer);
    let inner = em.module.add_function(&format!("{name}.body"), fn_ty, Some(Linkage::Internal));
    em.add_fn_attrs(inner);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(outer, "entry"));
    let args: Vec<_> = outer.get_param_iter().map(|p| p.into()).collect();
    let inkwell::values::ValueKind::Basic(st) = b.build_call(inner, &args, "")?.try_as_basic_value() else {
        return ice("chunk body returns no status");
    };
    b.build_return(Some(&st))?;
    Ok((outer, inner))
}

/// Locals whose value at loop entry goes into the environment: the shared ones, then the
/// reductions and last values (their starting points).
fn env_locals(plan: &ParallelLoop) -> Vec<LocalId> {
    let mut v = plan.shared.clone();
    v.extend(plan.reductions.iter().map(|r| r.var));
    v.extend(plan.last_value.iter().copied());
    v.extend(plan.first_value.iter().copied());
    v
}

/// Locals a chunk reports back: its reductions, then its last values.
fn partial_locals(plan: &ParallelLoop) -> Vec<LocalId> {
    let mut v: Vec<LocalId> = plan.reductions.iter().map(|r| r.var).collect();
    v.extend(plan.last_value.iter().copied());
    v
}

fn struct_of<'ctx>(em: &Emitter<'ctx>, inst: &Instance, first_ptr: bool, locals: &[LocalId]) -> StructType<'ctx> {
    let mut fields: Vec<BasicTypeEnum> = Vec::new();
    if first_ptr {
        fields.push(em.ctx.ptr_type(AddressSpace::default()).into());
    }
    fields.extend(locals.iter().map(|l| em.llty(inst.typed.ty(*l))));
    em.ctx.struct_type(&fields, false)
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Runs the loop `plan` on the thread pool, combines the partials and jumps to `exit`.
    pub(super) fn emit_parallel_launch(&self, plan: &ParallelLoop, chunk_fn: FunctionValue<'ctx>, exit: BasicBlock<'ctx>) -> EResult<()> {
        let ctx = self.ctx();
        let ptr = ctx.ptr_type(AddressSpace::default());
        let count = self.operand_as(&plan.lp.count, &Ty::I64)?.into_int_value();
        let n = self.call_value(self.em.parallel_chunks_fn(), &[count.into()], "nchunks")?.into_int_value();

        let env_ls = env_locals(plan);
        let env_ty = struct_of(self.em, self.inst, true, &env_ls);
        let env = self.alloca(env_ty.into(), "penv")?;
        let part_ls = partial_locals(plan);
        let part_ty = struct_of(self.em, self.inst, false, &part_ls);
        let saved = if part_ls.is_empty() {
            None
        } else {
            let save = self.em.intrinsic("llvm.stacksave", &[ptr.into()])?;
            Some(self.call_value(save, &[], "sp")?.into_pointer_value())
        };
        let parts = match saved {
            Some(_) => {
                let parts = self.b.build_array_alloca(part_ty, n, "parts")?;
                if plan.reductions.iter().any(|r| r.array) {
                    // Chunks that never ran leave null arrays, which the cleanup skips.
                    let Some(size) = part_ty.size_of() else { return ice("partials of unsized type") };
                    let bytes = self.b.build_int_mul(size, n, "")?;
                    self.b.build_memset(parts, 8, ctx.i8_type().const_zero(), bytes)?;
                }
                parts
            }
            None => ptr.const_null(),
        };
        self.b.build_store(self.b.build_struct_gep(env_ty, env, 0, "")?, parts)?;
        for (i, l) in env_ls.iter().enumerate() {
            let v = self.load_local(*l)?;
            self.b.build_store(self.b.build_struct_gep(env_ty, env, i as u32 + 1, "")?, v)?;
        }
        let f_ptr = chunk_fn.as_global_value().as_pointer_value();
        let st = self.call_value(self.em.parallel_for_fn(), &[f_ptr.into(), env.into(), count.into(), n.into(), self.errp.into()], "pstatus")?.into_int_value();
        if plan.reductions.iter().any(|r| r.array) {
            // On an error, the array partials of the chunks that finished are released.
            let failed = self.b.build_int_compare(IntPredicate::NE, st, self.i32c(0), "")?;
            let fail_bb = self.new_block("pfailed");
            let ok_bb = self.new_block("pok");
            self.cond_br_unlikely(failed, fail_bb, ok_bb)?;
            self.b.position_at_end(fail_bb);
            self.count_loop(n, &mut |this, c| {
                // SAFETY (of the IR): `c < n`.
                let part = unsafe { this.b.build_in_bounds_gep(part_ty, parts, &[c], "")? };
                for (i, r) in plan.reductions.iter().enumerate().filter(|(_, r)| r.array) {
                    let t = this.local_ty(r.var)?;
                    let p = this.b.build_load(this.em.llty(t), this.b.build_struct_gep(part_ty, part, i as u32, "")?, "")?;
                    this.decref(p, t)?;
                }
                Ok(())
            })?;
            self.unwind_with(st)?;
            self.b.position_at_end(ok_bb);
        } else {
            self.propagate_status(st)?;
        }

        if !part_ls.is_empty() {
            self.combine_partials(plan, part_ty, parts, n)?;
        }
        if let Some(sp) = saved {
            let restore = self.em.intrinsic("llvm.stackrestore", &[ptr.into()])?;
            self.b.build_call(restore, &[sp.into()], "")?;
        }
        self.b.build_unconditional_branch(exit)?;
        Ok(())
    }

    /// `x = x OP parts[c].x` for each reduction, for `c` in `0..n` in order; then the last
    /// values from `parts[n - 1]`.
    fn combine_partials(&self, plan: &ParallelLoop, part_ty: StructType<'ctx>, parts: PointerValue<'ctx>, n: IntValue<'ctx>) -> EResult<()> {
        let i64t = self.ctx().i64_type();
        let c_slot = self.alloca(i64t.into(), "pc")?;
        self.b.build_store(c_slot, i64t.const_zero())?;
        let head = self.new_block("combine.head");
        let step = self.new_block("combine.step");
        let done = self.new_block("combine.done");
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(head);
        let c = self.b.build_load(i64t, c_slot, "c")?.into_int_value();
        let more = self.b.build_int_compare(IntPredicate::SLT, c, n, "")?;
        self.b.build_conditional_branch(more, step, done)?;
        self.b.position_at_end(step);
        // SAFETY (of the IR): `c < n`, the length of the partials array.
        let part = unsafe { self.b.build_in_bounds_gep(part_ty, parts, &[c], "part")? };
        for (i, r) in plan.reductions.iter().enumerate() {
            let t = self.local_ty(r.var)?;
            let p = self.b.build_load(self.em.llty(t), self.b.build_struct_gep(part_ty, part, i as u32, "")?, "")?;
            let cur = self.load_local(r.var)?;
            if r.array {
                // `x += part` element by element, then the partial is released.
                let name = if r.op == RedOp::Mul { "multiply" } else { "add" };
                self.ufunc_inplace(name, &[t.clone(), t.clone()], &[cur, p])?;
                self.decref(p, t)?;
                continue;
            }
            let v = self.reduce_values(r.op, cur, p, t)?;
            self.b.build_store(self.locals[r.var.index()], v)?;
        }
        self.b.build_store(c_slot, self.b.build_int_add(c, i64t.const_int(1, false), "")?)?;
        self.b.build_unconditional_branch(head)?;
        self.b.position_at_end(done);
        if !plan.last_value.is_empty() {
            let last = self.b.build_int_sub(n, i64t.const_int(1, false), "")?;
            // SAFETY (of the IR): `n >= 1`.
            let part = unsafe { self.b.build_in_bounds_gep(part_ty, parts, &[last], "last")? };
            for (j, l) in plan.last_value.iter().enumerate() {
                let i = plan.reductions.len() + j;
                let t = self.em.llty(self.local_ty(*l)?);
                let v = self.b.build_load(t, self.b.build_struct_gep(part_ty, part, i as u32, "")?, "")?;
                self.b.build_store(self.locals[l.index()], v)?;
            }
        }
        Ok(())
    }

    /// `a OP b` for a reduction's combining operation on values of type `t`.
    fn reduce_values(&self, op: RedOp, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>, t: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        use oxjit_frontend::mir::BinOp;
        let bin = match op {
            RedOp::Min | RedOp::Max => return self.min_max(op == RedOp::Max, &[t.clone(), t.clone()], &[a, b], t),
            RedOp::Add => BinOp::Add,
            RedOp::Mul => BinOp::Mul,
            RedOp::BitAnd => BinOp::BitAnd,
            RedOp::BitOr => BinOp::BitOr,
            RedOp::BitXor => BinOp::BitXor,
        };
        let (v, vt) = self.binop(bin, a, b, t)?;
        self.convert(v, &vt, t)
    }

    /// The value a reduction's partial starts from (`None`: the value at loop entry).
    fn reduction_identity(&self, op: RedOp, t: &Ty) -> EResult<Option<BasicValueEnum<'ctx>>> {
        let llt = self.em.llty(t);
        Ok(Some(match op {
            RedOp::Min | RedOp::Max => return Ok(None),
            RedOp::Add | RedOp::BitOr | RedOp::BitXor => llt.const_zero(),
            RedOp::Mul => self.convert(self.i64c(1).into(), &Ty::I64, t)?,
            RedOp::BitAnd => match t {
                Ty::Scalar(Scalar::Bool) => self.bool_c(true).into(),
                _ if llt.is_int_type() => llt.into_int_type().const_all_ones().into(),
                _ => return ice(format!("`&=` reduction on `{t}`")),
            },
        }))
    }

    /// A chunk's private partial of array reduction `r`: a new C-contiguous array shaped like
    /// the reduced array `shared`, filled with the operation's identity.
    fn array_partial(&self, op: RedOp, t: &Ty, shared: BasicValueEnum<'ctx>) -> EResult<BasicValueEnum<'ctx>> {
        let Ty::Array(at) = t else { return ice(format!("array reduction on `{t}`")) };
        let shared = self.as_struct(shared)?;
        let shape: Vec<IntValue<'ctx>> = (0..at.ndim as u32).map(|d| self.arr_shape(shared, d)).collect::<EResult<_>>()?;
        let mut ct = at.clone();
        ct.layout = oxjit_frontend::Layout::C;
        let arr = self.alloc_array(&ct, &shape, op != RedOp::Mul)?;
        if op == RedOp::Mul {
            let one = self.convert(self.i64c(1).into(), &Ty::I64, &Ty::Scalar(at.dtype))?;
            self.fill_array(arr, &ct, one)?;
        }
        Ok(arr.into())
    }
}

/// The body of an outlined loop: `(cx, captured values, lo, hi)`, emitted into the new function.
type RangeBody<'f, 'a, 'ctx, T> = dyn FnMut(&FnCx<'a, 'ctx>, &[BasicValueEnum<'ctx>], IntValue<'ctx>, IntValue<'ctx>) -> EResult<T> + 'f;
/// [`RangeBody`] that also receives the chunk's index.
type ChunkBody<'f, 'a, 'ctx> =
    dyn FnMut(&FnCx<'a, 'ctx>, &[BasicValueEnum<'ctx>], IntValue<'ctx>, IntValue<'ctx>, IntValue<'ctx>) -> EResult<()> + 'f;

/// Below this many elements an array expression of a parallel function runs on the calling
/// thread (waking the pool costs a few microseconds).
const MIN_PARALLEL_ELEMENTS: i64 = 1 << 15;

/// The most chunks a whole-array reduction is cut into (its partials live on the stack).
const MAX_REDUCE_CHUNKS: i64 = 64;

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    /// Whether loops emitted here may be split across the thread pool: in a `parallel=True`
    /// function, outside the chunks of another parallel loop.
    pub(super) fn may_parallelize(&self) -> bool {
        self.inst.options.parallel && self.em.chunk_depth.get() == 0
    }

    /// Runs `body(cx, values, lo, hi)` for chunks `lo..hi` of `0..count` on the thread pool,
    /// in a new function whose context `cx` sees `captured` as `values` (LLVM values of this
    /// function cannot be used there). Serially, in one chunk, when `work` (the number of
    /// elements) is small.
    pub(super) fn outlined_loop(
        &self,
        count: IntValue<'ctx>,
        work: IntValue<'ctx>,
        captured: &[BasicValueEnum<'ctx>],
        body: &mut RangeBody<'_, 'a, 'ctx, ()>,
    ) -> EResult<()> {
        self.outlined_chunks(count, work, None, captured, &mut |cx, vals, lo, hi, _| body(cx, vals, lo, hi))?;
        Ok(())
    }

    /// A reduction over `0..count` on the thread pool: `body(cx, values, lo, hi)` returns the
    /// partial of chunk `lo..hi`; the partials are folded into `init` with `combine`, in chunk
    /// order. Serially, in one chunk, when `work` is small.
    pub(super) fn outlined_reduce(
        &self,
        count: IntValue<'ctx>,
        work: IntValue<'ctx>,
        captured: &[BasicValueEnum<'ctx>],
        init: BasicValueEnum<'ctx>,
        body: &mut RangeBody<'_, 'a, 'ctx, BasicValueEnum<'ctx>>,
        combine: &mut dyn FnMut(&Self, BasicValueEnum<'ctx>, BasicValueEnum<'ctx>) -> EResult<BasicValueEnum<'ctx>>,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let t = init.get_type();
        let parts_ty = t.array_type(MAX_REDUCE_CHUNKS as u32);
        let parts = self.alloca(parts_ty.into(), "rparts")?;
        let mut cap = captured.to_vec();
        cap.push(parts.into());
        let np = captured.len();
        let n = self.outlined_chunks(count, work, Some(MAX_REDUCE_CHUNKS), &cap, &mut |cx, vals, lo, hi, chunk| {
            let v = body(cx, &vals[..np], lo, hi)?;
            let parts = cx.as_ptr(vals[np])?;
            // SAFETY (of the IR): `chunk < n <= MAX_REDUCE_CHUNKS`.
            let q = unsafe { cx.b.build_in_bounds_gep(t, parts, &[chunk], "")? };
            cx.b.build_store(q, v)?;
            Ok(())
        })?;
        let acc = self.alloca(t, "racc")?;
        self.b.build_store(acc, init)?;
        self.count_loop(n, &mut |this, c| {
            // SAFETY (of the IR): `c < n`.
            let q = unsafe { this.b.build_in_bounds_gep(t, parts, &[c], "")? };
            let p = this.b.build_load(t, q, "")?;
            let cur = this.b.build_load(t, acc, "")?;
            let r = combine(this, cur, p)?;
            this.b.build_store(acc, r)?;
            Ok(())
        })?;
        Ok(self.b.build_load(t, acc, "")?)
    }

    /// [`Self::outlined_loop`] with the chunk index, and at most `max_chunks` chunks; returns
    /// the number of chunks.
    fn outlined_chunks(
        &self,
        count: IntValue<'ctx>,
        work: IntValue<'ctx>,
        max_chunks: Option<i64>,
        captured: &[BasicValueEnum<'ctx>],
        body: &mut ChunkBody<'_, 'a, 'ctx>,
    ) -> EResult<IntValue<'ctx>> {
        let em = self.em;
        let ctx = em.ctx;
        let k = em.outlined.get();
        em.outlined.set(k + 1);
        let (launched, f) = chunk_fn_pair(em, &format!("{}.par{k}", self.inst.symbol))?;
        let env_ty = ctx.struct_type(&captured.iter().map(|v| v.get_type()).collect::<Vec<_>>(), false);
        {
            let (Some(env), Some(lo), Some(hi), Some(chunk), Some(errp)) =
                (f.get_nth_param(0), f.get_nth_param(1), f.get_nth_param(2), f.get_nth_param(3), f.get_nth_param(4))
            else {
                return ice("outlined loop lost its parameters");
            };
            let entry = ctx.append_basic_block(f, "entry");
            let b = ctx.create_builder();
            b.position_at_end(entry);
            let retp = b.build_alloca(ctx.i8_type(), "noret")?;
            let cx = super::body::new_fn_cx(em, self.prog, self.inst, f, b, retp, errp.into_pointer_value(), None)?;
            cx.array_mode.set(self.array_mode.get());
            let start = ctx.append_basic_block(f, "start");
            let jump = cx.b.build_unconditional_branch(start)?;
            cx.alloca_b.position_before(&jump);
            cx.b.position_at_end(start);
            let env = env.into_pointer_value();
            let mut vals = Vec::with_capacity(captured.len());
            for (i, v) in captured.iter().enumerate() {
                vals.push(load_env(&cx, v.get_type(), cx.b.build_struct_gep(env_ty, env, i as u32, "")?)?);
            }
            assume_chunk_bounds(&cx, lo.into_int_value(), hi.into_int_value())?;
            em.chunk_depth.set(em.chunk_depth.get() + 1);
            let r = body(&cx, &vals, lo.into_int_value(), hi.into_int_value(), chunk.into_int_value());
            em.chunk_depth.set(em.chunk_depth.get() - 1);
            r?;
            cx.b.build_return(Some(&cx.i32c(STATUS_OK)))?;
        }
        let env = self.alloca(env_ty.into(), "aenv")?;
        for (i, v) in captured.iter().enumerate() {
            self.b.build_store(self.b.build_struct_gep(env_ty, env, i as u32, "")?, *v)?;
        }
        let many = self.call_value(em.parallel_chunks_fn(), &[count.into()], "")?.into_int_value();
        let small = self.b.build_int_compare(IntPredicate::SLT, work, self.i64c(MIN_PARALLEL_ELEMENTS), "")?;
        let mut n = self.b.build_select(small, self.i64c(1), many, "nchunks")?.into_int_value();
        if let Some(cap) = max_chunks {
            let over = self.b.build_int_compare(IntPredicate::SGT, n, self.i64c(cap), "")?;
            n = self.b.build_select(over, self.i64c(cap), n, "")?.into_int_value();
        }
        let fp = launched.as_global_value().as_pointer_value();
        let st = self.call_value(em.parallel_for_fn(), &[fp.into(), env.into(), count.into(), n.into(), self.errp.into()], "")?.into_int_value();
        let pending = self.pending_release.borrow().clone();
        if pending.is_empty() {
            self.propagate_status(st)?;
        } else {
            let failed = self.b.build_int_compare(IntPredicate::NE, st, self.i32c(0), "")?;
            let fail_bb = self.new_block("par.failed");
            let ok_bb = self.new_block("par.ok");
            self.cond_br_unlikely(failed, fail_bb, ok_bb)?;
            self.b.position_at_end(fail_bb);
            for (v, t) in &pending {
                self.decref(*v, t)?;
            }
            self.unwind_with(st)?;
            self.b.position_at_end(ok_bb);
        }
        Ok(n)
    }
}

/// Marks a load from the environment `!noundef`: the caller stored defined values there, and
/// saying so spares LLVM the `freeze`s that hide facts (index ranges) from later passes.
fn noundef<'ctx>(cx: &FnCx<'_, 'ctx>, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    if let Some(inst) = v.as_instruction_value() {
        let ctx = cx.ctx();
        // Only fails for a kind id LLVM does not know; "noundef" always exists.
        let _ = inst.set_metadata(ctx.metadata_node(&[]), ctx.get_kind_id("noundef"));
    }
    v
}

/// Loads a value of type `t` from `p` scalar by scalar, each load `!noundef` (an aggregate
/// load's metadata does not survive SROA's splitting).
fn load_env<'ctx>(cx: &FnCx<'_, 'ctx>, t: BasicTypeEnum<'ctx>, p: PointerValue<'ctx>) -> EResult<BasicValueEnum<'ctx>> {
    match t {
        BasicTypeEnum::StructType(st) => {
            let mut v = st.get_undef();
            for i in 0..st.count_fields() {
                let Some(ft) = st.get_field_type_at_index(i) else { return ice("struct field without a type") };
                let x = load_env(cx, ft, cx.b.build_struct_gep(st, p, i, "")?)?;
                v = cx.b.build_insert_value(v, x, i, "")?.into_struct_value();
            }
            Ok(v.into())
        }
        BasicTypeEnum::ArrayType(at) => {
            let mut v = at.get_undef();
            let et = at.get_element_type();
            for i in 0..at.len() {
                // SAFETY (of the IR): a constant index inside the array.
                let q = unsafe { cx.b.build_in_bounds_gep(at, p, &[cx.i64c(0), cx.i64c(i as i64)], "")? };
                let x = load_env(cx, et, q)?;
                v = cx.b.build_insert_value(v, x, i, "")?.into_array_value();
            }
            Ok(v.into())
        }
        _ => Ok(noundef(cx, cx.b.build_load(t, p, "")?)),
    }
}

/// Tells LLVM that `0 <= lo <= hi` (the runtime's chunks always are): indices in `lo..hi` are
/// then known non-negative, so negative-index wrap-around folds away and loops vectorise.
fn assume_chunk_bounds<'ctx>(cx: &FnCx<'_, 'ctx>, lo: IntValue<'ctx>, hi: IntValue<'ctx>) -> EResult<()> {
    let assume = cx.em.intrinsic("llvm.assume", &[])?;
    let ge0 = cx.b.build_int_compare(IntPredicate::SGE, lo, cx.i64c(0), "")?;
    let le = cx.b.build_int_compare(IntPredicate::SLE, lo, hi, "")?;
    cx.b.build_call(assume, &[ge0.into()], "")?;
    cx.b.build_call(assume, &[le.into()], "")?;
    Ok(())
}

/// Emits the chunk function of `plan` (declared as `func`).
pub(super) fn emit_chunk_fn<'ctx>(em: &Emitter<'ctx>, prog: &Program, inst: &Instance, plan: &ParallelLoop, func: FunctionValue<'ctx>) -> EResult<()> {
    let ctx = em.ctx;
    let body = &inst.typed.body;
    let (Some(env), Some(lo), Some(hi), Some(chunk), Some(errp)) =
        (func.get_nth_param(0), func.get_nth_param(1), func.get_nth_param(2), func.get_nth_param(3), func.get_nth_param(4))
    else {
        return ice("chunk function lost its parameters");
    };
    let (env, lo, hi, chunk) = (env.into_pointer_value(), lo.into_int_value(), hi.into_int_value(), chunk.into_int_value());
    let entry = ctx.append_basic_block(func, "entry");
    let b = ctx.create_builder();
    b.position_at_end(entry);
    // A chunk owns the arrays it assigns (privates); shared arrays are borrowed from the caller.
    let mut assigned = vec![false; body.locals.len()];
    for bid in &plan.blocks {
        for s in &body.block(*bid).stmts {
            if let StmtKind::Assign { dest, .. } = &s.kind {
                assigned[dest.index()] = true;
            }
        }
    }
    let owned: Vec<bool> = inst.typed.local_tys.iter().enumerate().map(|(i, t)| has_refs(t) && assigned[i]).collect();
    let retp = b.build_alloca(ctx.i8_type(), "noret")?;
    let cx = super::body::new_fn_cx(em, prog, inst, func, b, retp, errp.into_pointer_value(), Some(owned))?;
    // Allocas stay in `entry`; the code starts in `start`.
    let start = ctx.append_basic_block(func, "start");
    let jump = cx.b.build_unconditional_branch(start)?;
    cx.alloca_b.position_before(&jump);
    cx.b.position_at_end(start);

    let env_ls = env_locals(plan);
    let env_ty = struct_of(em, inst, true, &env_ls);
    let parts = cx.b.build_load(ctx.ptr_type(AddressSpace::default()), cx.b.build_struct_gep(env_ty, env, 0, "")?, "parts")?.into_pointer_value();
    for (i, l) in env_ls.iter().enumerate() {
        let t = cx.local_ty(*l)?;
        // (No `assume(dim >= 0)` for arrays: instcombine then turns `range(1, n - 1)` lengths
        // into `usub.sat`, which hides the loop bound from scalar evolution.)
        let mut v = load_env(&cx, em.llty(t), cx.b.build_struct_gep(env_ty, env, i as u32 + 1, "")?)?;
        if cx.owned[l.index()] && plan.first_value.contains(l) {
            // The chunk's own reference (released when it reassigns the variable or ends).
            cx.incref(v, t)?;
        }
        if let Some(r) = plan.reductions.iter().find(|r| r.var == *l) {
            if r.array {
                v = cx.array_partial(r.op, t, v)?;
            } else if let Some(id) = cx.reduction_identity(r.op, t)? {
                v = id;
            }
        }
        cx.b.build_store(cx.locals[l.index()], v)?;
    }
    assume_chunk_bounds(&cx, lo, hi)?;
    cx.b.build_store(cx.locals[plan.lp.counter.index()], lo)?;

    // Every MIR block maps to its own LLVM block; only the loop's are filled (the header is
    // replaced by the chunk's own `counter < hi` test).
    let header = ctx.append_basic_block(func, "chunk.header");
    let done = ctx.append_basic_block(func, "chunk.done");
    let dead = ctx.append_basic_block(func, "outside");
    let mut blocks: Vec<BasicBlock> = vec![dead; body.blocks.len()];
    for bid in &plan.blocks {
        blocks[bid.index()] = ctx.append_basic_block(func, &format!("bb{}", bid.index()));
    }
    blocks[plan.lp.header.index()] = header;
    cx.b.build_unconditional_branch(header)?;

    cx.b.position_at_end(dead);
    cx.b.build_unreachable()?;
    cx.b.position_at_end(header);
    let i64t = ctx.i64_type();
    let k = cx.b.build_load(i64t, cx.locals[plan.lp.counter.index()], "k")?.into_int_value();
    let more = cx.b.build_int_compare(IntPredicate::SLT, k, hi, "")?;
    cx.b.build_conditional_branch(more, blocks[plan.lp.body.index()], done)?;
    // Array expressions inside the body run serially within the chunk.
    em.chunk_depth.set(em.chunk_depth.get() + 1);
    let emitted = plan.blocks.iter().try_for_each(|bid| {
        cx.b.position_at_end(blocks[bid.index()]);
        super::body::emit_block(&cx, body.block(*bid), &blocks)
    });
    em.chunk_depth.set(em.chunk_depth.get() - 1);
    emitted?;

    cx.b.position_at_end(done);
    let part_ls = partial_locals(plan);
    if !part_ls.is_empty() {
        let part_ty = struct_of(em, inst, false, &part_ls);
        // SAFETY (of the IR): `chunk < n`, the length of the caller's partials array.
        let part = unsafe { cx.b.build_in_bounds_gep(part_ty, parts, &[chunk], "part")? };
        for (i, l) in part_ls.iter().enumerate() {
            let v = cx.load_local(*l)?;
            if cx.owned[l.index()] {
                // The caller takes a reference of its own (the chunk's is released below).
                cx.incref(v, cx.local_ty(*l)?)?;
            }
            cx.b.build_store(cx.b.build_struct_gep(part_ty, part, i as u32, "")?, v)?;
        }
    }
    cx.release_locals()?;
    cx.b.build_return(Some(&cx.i32c(STATUS_OK)))?;
    Ok(())
}
