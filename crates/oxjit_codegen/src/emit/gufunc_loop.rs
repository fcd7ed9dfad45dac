//! The NumPy generalized-ufunc inner loop around the root instance (`@guvectorize`).
//!
//! The root is a kernel compiled by the normal compiler: it takes one array view per operand
//! (inputs, then outputs, which it fills) and returns nothing. NumPy calls the loop once per
//! chunk of the broadcast *outer* dimension; the loop builds the operands' array structs for
//! each outer index and calls the kernel:
//!
//! ```text
//! ; layout "(m,n),(n)->(m)": core dimensions m (index 0) and n (index 1)
//! define internal i32 @<sym>.gufunc.body(ptr %args, ptr %dims, ptr %steps, i64 %lo, i64 %hi, ptr %err) {
//!   ; core sizes m = dims[1], n = dims[2]                (in order of first appearance)
//!   ; p_k = args[k], s_k = steps[k]                      (outer step of operand k)
//!   ; core strides follow the outer steps: steps[3..5] = strides of operand 0 (m, n),
//!   ;   steps[5] = operand 1 (n), steps[6] = operand 2 (m)
//!   ; a_k = { null, null, nitems, itemsize, undef, shape, strides }   built once, before the loop
//!   ; every innermost core stride == itemsize → the unit-stride loop (those strides constant)
//!   ; else                                   → the strided loop (NumPy's strides)
//!   ; for i in lo..hi:
//!   ;   a_k.data = p_k + i * s_k                                     (a scalar `()` input: load it)
//!   ;   st = call @<sym>(ptr %ret, ptr %err, a_0, a_1, a_2)         ; alwaysinline
//!   ;   st != 0 → ret st                                             ; the loop stops
//!   ; ret 0
//! }
//! define void @<sym>.gufunc(ptr %args, ptr %dims, ptr %steps, ptr %data) {
//!   ; cpu:      st = body(args, dims, steps, 0, dims[0], %err)       ; inlined
//!   ; parallel: enough work → st = oxjit_rt_parallel_for(@<sym>.gufunc.chunk, {args, dims, steps},
//!   ;                                                    dims[0], nchunks, %err)
//!   ;           else as cpu (each chunk is the body over its range)
//!   ; st != 0 → call %data(ptr %err, i32 st)
//! }
//! ```
//!
//! The two loops are the same code with the kernel inlined into each; in the first, the
//! kernel's element loops see a constant unit stride, so LLVM can vectorise them (Numba's
//! gufunc loop has only the strided form). The kernel is compiled once, with `A`-layout views.
//!
//! An operand with no core dimensions (`()`) reaches the kernel as its scalar value when the
//! signature gave a scalar type, or as a 1-element 1-d array (shape 1, stride 0) when it gave a
//! 1-d array type, as in Numba. The views borrow NumPy's buffers: the MemInfo is null (no
//! reference counting), and so is the parent (the kernel returns nothing that could box them).
//!
//! `%data` is the error reporter [`super::ufunc_loop`] documents; the loop stops at the first
//! kernel error, leaving later outer iterations unwritten.

use std::collections::HashMap;

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::context::Context;
use inkwell::module::Linkage;
use inkwell::types::BasicType;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_frontend::program::{Instance, Program};
use oxjit_frontend::{Diagnostic, Scalar, Ty};

use super::types::{ARR_DATA, ARR_ITEMSIZE, ARR_MEMINFO, ARR_NITEMS, ARR_PARENT, ARR_SHAPE, ARR_STRIDES};
use super::{ice, EResult, EmittedModule, Emitter};

/// A parsed gufunc layout such as `"(m,n),(n)->(m)"`.
///
/// ```
/// use oxjit_codegen::emit::gufunc_loop::CoreLayout;
/// let l = CoreLayout::parse("(m, n),(n)->(m)").unwrap();
/// assert_eq!((l.nin, l.nout()), (2, 1));
/// assert_eq!(l.args, vec![vec![0, 1], vec![1], vec![0]]);
/// assert_eq!(l.to_string(), "(m,n),(n)->(m)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreLayout {
    /// How many of the operands are inputs (they come first).
    pub nin: usize,
    /// Each operand's core dimensions, as indices into `names`.
    pub args: Vec<Vec<usize>>,
    /// The distinct dimension names, in order of first appearance (NumPy's order of the core
    /// sizes in the loop's `dimensions`).
    pub names: Vec<String>,
}

impl CoreLayout {
    /// Parses a layout: comma-separated parenthesised lists of dimension names (identifiers),
    /// `->`, then the outputs' lists. Every output dimension must appear among the inputs (the
    /// output's size must be known from the inputs), and there is at least one output.
    pub fn parse(text: &str) -> Result<CoreLayout, String> {
        let bad = |what: String| format!("invalid gufunc layout {text:?}: {what}");
        let Some((ins, outs)) = text.split_once("->") else {
            return Err(bad("expected '->' between the inputs and the outputs, as in \"(n),(n)->()\"".into()));
        };
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut args = Vec::new();
        let nin = parse_side(ins, "inputs", &mut names, &mut index, &mut args).map_err(bad)?;
        let known = names.len();
        let nout = parse_side(outs, "outputs", &mut names, &mut index, &mut args).map_err(bad)?;
        if nin == 0 {
            return Err(bad("a gufunc needs at least one input".into()));
        }
        if nout == 0 {
            return Err(bad("a gufunc needs at least one output (written by the kernel)".into()));
        }
        if names.len() > known {
            return Err(bad(format!(
                "output dimension {} does not appear in any input, so its size is unknown",
                names[known..].iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(CoreLayout { nin, args, names })
    }

    pub fn nout(&self) -> usize {
        self.args.len() - self.nin
    }
}

/// Parses one side of the arrow; appends to `args` and returns how many operands it had.
fn parse_side(
    side: &str,
    what: &str,
    names: &mut Vec<String>,
    index: &mut HashMap<String, usize>,
    args: &mut Vec<Vec<usize>>,
) -> Result<usize, String> {
    let s = side.trim();
    if s.is_empty() {
        return Ok(0);
    }
    let mut rest = s;
    let mut count = 0;
    loop {
        let Some(r) = rest.strip_prefix('(') else {
            return Err(format!("expected '(' in the {what} at {rest:?}"));
        };
        let Some(close) = r.find(')') else {
            return Err(format!("unclosed '(' in the {what}"));
        };
        let inner = &r[..close];
        let mut dims = Vec::new();
        if !inner.trim().is_empty() {
            for name in inner.split(',') {
                let name = name.trim();
                let ok = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_alphanumeric() || c == '_');
                if !ok {
                    return Err(format!(
                        "bad dimension name {name:?} in the {what} (dimensions are names like n or m; fixed sizes and '?' are not supported)"
                    ));
                }
                let next = names.len();
                let i = *index.entry(name.to_string()).or_insert(next);
                if i == next {
                    names.push(name.to_string());
                }
                dims.push(i);
            }
        }
        args.push(dims);
        count += 1;
        rest = r[close + 1..].trim_start();
        if rest.is_empty() {
            return Ok(count);
        }
        let Some(r) = rest.strip_prefix(',') else {
            return Err(format!("expected ',' between the {what} at {rest:?}"));
        };
        rest = r.trim_start();
    }
}

impl std::fmt::Display for CoreLayout {
    /// The normalised text NumPy is given (no spaces).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let side = |ops: &[Vec<usize>]| {
            ops.iter()
                .map(|d| format!("({})", d.iter().map(|i| self.names[*i].as_str()).collect::<Vec<_>>().join(",")))
                .collect::<Vec<_>>()
                .join(",")
        };
        write!(f, "{}->{}", side(&self.args[..self.nin]), side(&self.args[self.nin..]))
    }
}

/// How one operand reaches the kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// An array view with the operand's core dimensions.
    Array { dtype: Scalar, ndim: u8 },
    /// A `()` operand typed as a 1-d array: one element, stride 0.
    OneElement { dtype: Scalar },
    /// A `()` input typed as a scalar: its value.
    Scalar(Scalar),
}

impl OperandKind {
    /// The element type (NumPy's loop type for the operand).
    pub fn dtype(self) -> Scalar {
        match self {
            OperandKind::Array { dtype, .. } | OperandKind::OneElement { dtype } | OperandKind::Scalar(dtype) => dtype,
        }
    }
}

/// How the kernel parameter `ty` of operand `k` maps onto its core dimensions, or why it
/// cannot (a message naming the operand).
pub fn operand_kind(layout: &CoreLayout, k: usize, ty: &Ty) -> Result<OperandKind, String> {
    let core = layout.args.get(k).map_or(0, Vec::len);
    let which = if k < layout.nin { format!("input {k}") } else { format!("output {}", k - layout.nin) };
    match ty {
        Ty::Array(a) if a.ndim as usize == core => Ok(OperandKind::Array { dtype: a.dtype, ndim: a.ndim }),
        Ty::Array(a) if core == 0 && a.ndim == 1 => Ok(OperandKind::OneElement { dtype: a.dtype }),
        Ty::Array(a) => Err(format!(
            "{which} is a {}-d array ({ty}) but its layout has {core} core dimension{}",
            a.ndim,
            if core == 1 { "" } else { "s" }
        )),
        Ty::Scalar(s) if core == 0 && k < layout.nin => Ok(OperandKind::Scalar(*s)),
        Ty::Scalar(_) if core == 0 => Err(format!(
            "{which} is the scalar {ty}, but outputs are written by the kernel, so they must be arrays (for a `()` output use a 1-d array such as {}[:] and write element 0)",
            ty
        )),
        Ty::Scalar(_) => Err(format!("{which} is the scalar {ty}, but its layout has {core} core dimension(s)")),
        other => Err(format!("{which} has type {other}; gufunc operands are arrays or scalars")),
    }
}

/// Emits every instance of `prog` plus the gufunc loop around the root for `layout`;
/// `entry_symbol` of the result names the loop (`<root symbol>.gufunc`).
pub fn emit_gufunc_module<'ctx>(
    ctx: &'ctx Context,
    prog: &Program,
    layout: &CoreLayout,
    parallel: bool,
) -> Result<EmittedModule<'ctx>, Diagnostic> {
    let root = prog.instances.first().ok_or_else(|| Diagnostic::internal("cannot emit an empty program"))?;
    let kinds = operand_kinds(root, layout)?;
    let emitted = super::emit_module(ctx, prog)?;
    let mut em = Emitter::new(ctx, emitted.module);
    let inner = em
        .module
        .get_function(&root.symbol)
        .ok_or_else(|| Diagnostic::internal(format!("the module lost the inner function `{}`", root.symbol)))?;
    em.inner = vec![inner];
    let name = (|| {
        let body = emit_body(&em, root, inner, layout, &kinds)?;
        emit_entry(&em, root, body, layout, parallel)
    })()
    .map_err(|e| *e.0)?;
    if let Err(msg) = em.module.verify() {
        return Err(Diagnostic::internal(format!(
            "generated gufunc loop for `{}` is invalid: {}",
            root.typed.body.name,
            msg.to_string_lossy()
        )));
    }
    Ok(EmittedModule { module: em.module, entry_symbol: name })
}

/// Every root parameter's operand kind; a diagnostic on the kernel when one does not fit.
fn operand_kinds(root: &Instance, layout: &CoreLayout) -> Result<Vec<OperandKind>, Diagnostic> {
    let span_err = |msg: String| {
        Diagnostic::unsupported("E0307", format!("a gufunc kernel for layout {layout}: {msg}"))
            .with_primary(&root.file, root.typed.body.span, format!("`{}` is a gufunc kernel", root.typed.body.name))
    };
    if root.params.len() != layout.args.len() {
        return Err(span_err(format!(
            "the kernel takes {} arguments but the layout has {} operands (inputs, then outputs)",
            root.params.len(),
            layout.args.len()
        )));
    }
    root.params.iter().enumerate().map(|(k, t)| operand_kind(layout, k, t).map_err(span_err)).collect()
}

/// Emits `i32 <root>.gufunc.body(ptr args, ptr dims, ptr steps, i64 lo, i64 hi, ptr err)`:
/// outer iterations `lo..hi`, stopping at the first kernel error (its status returned, `err`
/// filled). Internal and always inlined into its caller(s).
fn emit_body<'ctx>(
    em: &Emitter<'ctx>,
    root: &Instance,
    inner: FunctionValue<'ctx>,
    layout: &CoreLayout,
    kinds: &[OperandKind],
) -> EResult<FunctionValue<'ctx>> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let i32t = ctx.i32_type();
    let always_inline = ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("alwaysinline"), 0);
    inner.add_attribute(AttributeLoc::Function, always_inline);

    let fn_ty = i32t.fn_type(&[ptr.into(), ptr.into(), ptr.into(), i64t.into(), i64t.into(), ptr.into()], false);
    let f = em.module.add_function(&format!("{}.gufunc.body", root.symbol), fn_ty, Some(Linkage::Internal));
    em.add_fn_attrs(f);
    f.add_attribute(AttributeLoc::Function, always_inline);
    let params = f.get_params();
    let [args, dims, steps, lo, hi, err] = params.as_slice() else {
        return ice("gufunc loop body lost its parameters");
    };
    for (p, n) in [(args, "args"), (dims, "dims"), (steps, "steps"), (lo, "lo"), (hi, "hi"), (err, "err")] {
        p.set_name(n);
    }
    let (args, dims, steps, err) =
        (args.into_pointer_value(), dims.into_pointer_value(), steps.into_pointer_value(), err.into_pointer_value());
    let (lo, hi) = (lo.into_int_value(), hi.into_int_value());

    let b = ctx.create_builder();
    let entry = ctx.append_basic_block(f, "entry");
    b.position_at_end(entry);
    let retslot = b.build_alloca(em.llty(&root.typed.ret), "retslot")?;

    // Loads `base[i]` (an npy_intp).
    let word = |base: PointerValue<'ctx>, i: usize, what: &str| -> EResult<IntValue<'ctx>> {
        // SAFETY: NumPy passes 1 + (number of core dimensions) entries in `dims` and
        // nargs + (sum of the operands' core dimension counts) in `steps`; callers stay below.
        let p = unsafe { b.build_in_bounds_gep(i64t, base, &[i64t.const_int(i as u64, false)], "")? };
        Ok(b.build_load(i64t, p, what)?.into_int_value())
    };
    let sizes = (0..layout.names.len())
        .map(|d| word(dims, 1 + d, &format!("dim.{}", layout.names[d])))
        .collect::<EResult<Vec<_>>>()?;

    let nargs = layout.args.len();
    let mut bases = Vec::with_capacity(nargs);
    let mut outer_steps = Vec::with_capacity(nargs);
    // The view templates of the general loop (NumPy's core strides) and of the unit-stride one
    // (every array operand's innermost core stride replaced by the constant itemsize).
    let mut general: Vec<Option<StructValue<'ctx>>> = Vec::with_capacity(nargs);
    let mut unit: Vec<Option<StructValue<'ctx>>> = Vec::with_capacity(nargs);
    let mut unit_ok = ctx.bool_type().const_int(1, false);
    let mut any_core = false;
    let mut core_at = nargs;
    for (k, kind) in kinds.iter().enumerate() {
        // SAFETY: `args` holds nargs data pointers; k < nargs.
        let pa = unsafe { b.build_in_bounds_gep(ptr, args, &[i64t.const_int(k as u64, false)], "")? };
        bases.push(b.build_load(ptr, pa, &format!("p{k}"))?.into_pointer_value());
        outer_steps.push(word(steps, k, &format!("s{k}"))?);
        let core = &layout.args[k];
        let (g, u) = match *kind {
            OperandKind::Scalar(_) => (None, None),
            OperandKind::OneElement { dtype } => {
                let t = view_template(em, &b, dtype, &[i64t.const_int(1, false)], &[i64t.const_zero()])?;
                (Some(t), Some(t))
            }
            OperandKind::Array { dtype, .. } => {
                let shape: Vec<IntValue> = core.iter().map(|d| sizes[*d]).collect();
                let mut strides =
                    (0..core.len()).map(|j| word(steps, core_at + j, &format!("cs{k}.{j}"))).collect::<EResult<Vec<_>>>()?;
                let g = view_template(em, &b, dtype, &shape, &strides)?;
                let u = match strides.last_mut() {
                    Some(last) => {
                        any_core = true;
                        let size = i64t.const_int(dtype.size() as u64, false);
                        let is_unit = b.build_int_compare(IntPredicate::EQ, *last, size, "")?;
                        unit_ok = b.build_and(unit_ok, is_unit, "unit")?;
                        *last = size;
                        view_template(em, &b, dtype, &shape, &strides)?
                    }
                    None => g,
                };
                (Some(g), Some(u))
            }
        };
        core_at += core.len();
        general.push(g);
        unit.push(u);
    }

    let exit = ctx.append_basic_block(f, "exit");
    let fail = ctx.append_basic_block(f, "fail");
    let choose = ctx.append_basic_block(f, "choose");
    let nonempty = b.build_int_compare(IntPredicate::SLT, lo, hi, "nonempty")?;
    b.build_conditional_branch(nonempty, choose, exit)?;
    b.position_at_end(choose);
    let lp = OuterLoop { em, b: &b, inner, kinds, bases: &bases, outer_steps: &outer_steps, lo, hi, choose, retslot, err, exit, fail };
    let mut failures = Vec::with_capacity(2);
    if any_core {
        // Two copies of the loop, each with the kernel inlined: with unit inner strides known
        // at compile time, the kernel's element loops address memory contiguously (LLVM
        // vectorises them); NumPy's usual operands (C-contiguous core blocks) take this one.
        let fast = ctx.append_basic_block(f, "unit.loop");
        let slow = ctx.append_basic_block(f, "strided.loop");
        b.build_conditional_branch(unit_ok, fast, slow)?;
        failures.push(lp.emit(fast, &unit)?);
        failures.push(lp.emit(slow, &general)?);
    } else {
        let only = ctx.append_basic_block(f, "loop");
        b.build_unconditional_branch(only)?;
        failures.push(lp.emit(only, &general)?);
    }

    b.position_at_end(fail);
    let status = b.build_phi(i32t, "status")?;
    for (st, bb) in &failures {
        status.add_incoming(&[(st, *bb)]);
    }
    b.build_return(Some(&status.as_basic_value()))?;
    b.position_at_end(exit);
    b.build_return(Some(&i32t.const_zero()))?;
    Ok(f)
}

/// Outer loops with at least this many core elements in total (the loop count times the
/// product of the core sizes) go to the thread pool under `target="parallel"`; smaller ones
/// run on the calling thread, where waking the workers would cost more than it saves.
const PARALLEL_MIN_WORK: u64 = 1 << 15;

/// Emits the exported `void <root>.gufunc(ptr args, ptr dims, ptr steps, ptr data)`: the body
/// over `0..n` on the calling thread, or (`parallel`, for enough work) cut into chunks run by
/// the runtime's thread pool (`oxjit_rt_parallel_for`, each chunk the body over its range);
/// a kernel error is then reported through `data`.
fn emit_entry<'ctx>(
    em: &Emitter<'ctx>,
    root: &Instance,
    body: FunctionValue<'ctx>,
    layout: &CoreLayout,
    parallel: bool,
) -> EResult<String> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let i32t = ctx.i32_type();
    let name = format!("{}.gufunc", root.symbol);
    let super::ufunc_loop::LoopShell { f, args, dims, steps, data, b, err } = super::ufunc_loop::loop_shell(em, &name)?;
    let n = b.build_load(i64t, dims, "n")?.into_int_value();
    let serial = |b: &inkwell::builder::Builder<'ctx>| -> EResult<IntValue<'ctx>> {
        let st = b.build_call(body, &[args.into(), dims.into(), steps.into(), i64t.const_zero().into(), n.into(), err.into()], "st")?;
        match st.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::IntValue(v)) => Ok(v),
            _ => ice("the gufunc body does not return an i32 status"),
        }
    };
    let done = ctx.append_basic_block(f, "done");
    let status = if parallel {
        // work = n * (core sizes), saturating well before it could wrap: sizes are < 2^63 and
        // the comparison only needs to know whether it reaches PARALLEL_MIN_WORK.
        let cap = i64t.const_int(PARALLEL_MIN_WORK, false);
        let mut work = n;
        for (d, _) in layout.names.iter().enumerate() {
            // SAFETY: `dims` holds 1 + (number of distinct core dimensions) entries.
            let p = unsafe { b.build_in_bounds_gep(i64t, dims, &[i64t.const_int(1 + d as u64, false)], "")? };
            let size = b.build_load(i64t, p, "")?.into_int_value();
            let small = b.build_int_compare(IntPredicate::ULT, work, cap, "")?;
            let capped = b.build_select(small, work, cap, "")?.into_int_value();
            work = b.build_int_mul(capped, size, "work")?;
        }
        let enough = b.build_int_compare(IntPredicate::UGE, work, cap, "enough")?;
        let chunks_fn = em.parallel_chunks_fn();
        let ask = ctx.append_basic_block(f, "ask.pool");
        let run_serial = ctx.append_basic_block(f, "serial");
        let run_pool = ctx.append_basic_block(f, "pool");
        b.build_conditional_branch(enough, ask, run_serial)?;
        b.position_at_end(ask);
        let nchunks = b.build_call(chunks_fn, &[n.into()], "nchunks")?;
        let nchunks = match nchunks.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::IntValue(v)) => v,
            _ => return ice("oxjit_rt_parallel_chunks does not return an i64"),
        };
        let several = b.build_int_compare(IntPredicate::SGT, nchunks, i64t.const_int(1, false), "several")?;
        b.build_conditional_branch(several, run_pool, run_serial)?;

        b.position_at_end(run_serial);
        let st_serial = serial(&b)?;
        b.build_unconditional_branch(done)?;

        b.position_at_end(run_pool);
        let chunk = emit_chunk(em, root, body)?;
        let env_ty = ctx.struct_type(&[ptr.into(), ptr.into(), ptr.into()], false);
        let env = b.build_alloca(env_ty, "env")?;
        for (k, v) in [args, dims, steps].into_iter().enumerate() {
            let slot = b.build_struct_gep(env_ty, env, k as u32, "")?;
            b.build_store(slot, v)?;
        }
        let for_fn = em.parallel_for_fn();
        let chunk_ptr = chunk.as_global_value().as_pointer_value();
        let st = b.build_call(for_fn, &[chunk_ptr.into(), env.into(), n.into(), nchunks.into(), err.into()], "st.pool")?;
        let st_pool = match st.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::IntValue(v)) => v,
            _ => return ice("oxjit_rt_parallel_for does not return an i32"),
        };
        b.build_unconditional_branch(done)?;

        b.position_at_end(done);
        let phi = b.build_phi(i32t, "status")?;
        phi.add_incoming(&[(&st_serial, run_serial), (&st_pool, run_pool)]);
        phi.as_basic_value().into_int_value()
    } else {
        let st = serial(&b)?;
        b.build_unconditional_branch(done)?;
        b.position_at_end(done);
        st
    };
    let failed = b.build_int_compare(IntPredicate::NE, status, i32t.const_zero(), "failed")?;
    let fail = ctx.append_basic_block(f, "fail");
    let exit = ctx.append_basic_block(f, "exit");
    b.build_conditional_branch(failed, fail, exit)?;
    b.position_at_end(fail);
    let report_ty = ctx.void_type().fn_type(&[ptr.into(), i32t.into()], false);
    b.build_indirect_call(report_ty, data, &[err.into(), status.into()], "")?;
    b.build_return(None)?;
    b.position_at_end(exit);
    b.build_return(None)?;
    Ok(name)
}

/// `i32 <root>.gufunc.chunk(ptr env, i64 lo, i64 hi, i64 chunk, ptr err)`: the pool's chunk
/// function; `env` holds the loop's `args`, `dims` and `steps` (read-only, shared by every
/// chunk), and each chunk runs the body over its own range of the outer dimension.
fn emit_chunk<'ctx>(em: &Emitter<'ctx>, root: &Instance, body: FunctionValue<'ctx>) -> EResult<FunctionValue<'ctx>> {
    let ctx = em.ctx;
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let fn_ty = ctx.i32_type().fn_type(&[ptr.into(), i64t.into(), i64t.into(), i64t.into(), ptr.into()], false);
    let f = em.module.add_function(&format!("{}.gufunc.chunk", root.symbol), fn_ty, Some(Linkage::Internal));
    em.add_fn_attrs(f);
    let params = f.get_params();
    let [env, lo, hi, _chunk, err] = params.as_slice() else {
        return ice("gufunc chunk function lost its parameters");
    };
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let env_ty = ctx.struct_type(&[ptr.into(), ptr.into(), ptr.into()], false);
    let mut loaded = Vec::with_capacity(3);
    for (k, what) in ["args", "dims", "steps"].into_iter().enumerate() {
        let slot = b.build_struct_gep(env_ty, env.into_pointer_value(), k as u32, "")?;
        loaded.push(b.build_load(ptr, slot, what)?);
    }
    let st = b.build_call(body, &[loaded[0].into(), loaded[1].into(), loaded[2].into(), (*lo).into(), (*hi).into(), (*err).into()], "st")?;
    let status = match st.try_as_basic_value() {
        inkwell::values::ValueKind::Basic(v) => v,
        _ => return ice("the gufunc body does not return an i32 status"),
    };
    b.build_return(Some(&status))?;
    Ok(f)
}

/// What the copies of the outer loop share.
struct OuterLoop<'a, 'ctx> {
    em: &'a Emitter<'ctx>,
    b: &'a inkwell::builder::Builder<'ctx>,
    inner: FunctionValue<'ctx>,
    kinds: &'a [OperandKind],
    bases: &'a [PointerValue<'ctx>],
    outer_steps: &'a [IntValue<'ctx>],
    lo: IntValue<'ctx>,
    hi: IntValue<'ctx>,
    /// The block that branches into the loops (the index phi's entry edge).
    choose: BasicBlock<'ctx>,
    retslot: PointerValue<'ctx>,
    err: PointerValue<'ctx>,
    exit: BasicBlock<'ctx>,
    fail: BasicBlock<'ctx>,
}

impl<'ctx> OuterLoop<'_, 'ctx> {
    /// `for i in lo..hi` starting at `head` (lo < hi), calling the kernel on views made from
    /// `templates`. Returns the failing status and the block it leaves from.
    fn emit(&self, head: BasicBlock<'ctx>, templates: &[Option<StructValue<'ctx>>]) -> EResult<(IntValue<'ctx>, BasicBlock<'ctx>)> {
        let (b, em) = (self.b, self.em);
        let ctx = em.ctx;
        let i64t = ctx.i64_type();
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i")?;
        let i_v = i.as_basic_value().into_int_value();
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![self.retslot.into(), self.err.into()];
        for (k, kind) in self.kinds.iter().enumerate() {
            let off = b.build_int_mul(i_v, self.outer_steps[k], "")?;
            // SAFETY: a plain (not inbounds) byte GEP; NumPy guarantees that `base + i * step`
            // addresses operand k's core block of outer index i, for 0 <= i < n (steps may be
            // 0 or negative).
            let p = unsafe { b.build_gep(ctx.i8_type(), self.bases[k], &[off], &format!("q{k}"))? };
            let v: BasicValueEnum = match (kind, templates[k]) {
                (OperandKind::Scalar(s), _) => load_scalar(em, b, *s, p)?,
                (_, Some(t)) => b.build_insert_value(t, p, ARR_DATA, &format!("a{k}"))?.into_struct_value().into(),
                (_, None) => return ice("gufunc array operand without a view template"),
            };
            call_args.push(v.into());
        }
        let st = b.build_call(self.inner, &call_args, "st")?;
        let status = match st.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::IntValue(v)) => v,
            _ => return ice("the inner function does not return an i32 status"),
        };
        let failed = b.build_int_compare(IntPredicate::NE, status, ctx.i32_type().const_zero(), "failed")?;
        let body_bb = b.get_insert_block().ok_or_else(|| super::EmitError(Box::new(Diagnostic::internal("builder has no block"))))?;
        let next_bb = ctx.insert_basic_block_after(body_bb, "next");
        b.build_conditional_branch(failed, self.fail, next_bb)?;
        b.position_at_end(next_bb);
        let next = b.build_int_add(i_v, i64t.const_int(1, false), "next")?;
        let more = b.build_int_compare(IntPredicate::SLT, next, self.hi, "more")?;
        b.build_conditional_branch(more, head, self.exit)?;
        i.add_incoming(&[(&self.lo, self.choose), (&next, next_bb)]);
        Ok((status, body_bb))
    }
}

/// An array struct with every field but the data pointer: no MemInfo, no parent, the given
/// shape and byte strides, `nitems` their product.
fn view_template<'ctx>(
    em: &Emitter<'ctx>,
    b: &inkwell::builder::Builder<'ctx>,
    dtype: Scalar,
    shape: &[IntValue<'ctx>],
    strides: &[IntValue<'ctx>],
) -> EResult<StructValue<'ctx>> {
    let ctx = em.ctx;
    let i64t = ctx.i64_type();
    let null = ctx.ptr_type(AddressSpace::default()).const_null();
    let Ok(ndim) = u8::try_from(shape.len()) else {
        return ice("a gufunc operand with more than 255 core dimensions");
    };
    let st = em.array_ty(ndim);
    let mut v = st.get_undef();
    v = b.build_insert_value(v, null, ARR_MEMINFO, "")?.into_struct_value();
    v = b.build_insert_value(v, null, ARR_PARENT, "")?.into_struct_value();
    let mut nitems = i64t.const_int(1, false);
    for s in shape {
        nitems = b.build_int_mul(nitems, *s, "")?;
    }
    v = b.build_insert_value(v, nitems, ARR_NITEMS, "")?.into_struct_value();
    v = b.build_insert_value(v, i64t.const_int(dtype.size() as u64, false), ARR_ITEMSIZE, "")?.into_struct_value();
    let dims_ty = i64t.array_type(u32::from(ndim));
    let mut sh = dims_ty.get_undef();
    let mut sd = dims_ty.get_undef();
    for (j, (s, t)) in shape.iter().zip(strides).enumerate() {
        sh = b.build_insert_value(sh, *s, j as u32, "")?.into_array_value();
        sd = b.build_insert_value(sd, *t, j as u32, "")?.into_array_value();
    }
    v = b.build_insert_value(v, sh, ARR_SHAPE, "")?.into_struct_value();
    v = b.build_insert_value(v, sd, ARR_STRIDES, "")?.into_struct_value();
    debug_assert_eq!(v.get_type(), st.as_basic_type_enum().into_struct_type());
    Ok(v)
}

/// Loads a scalar operand as its register value (bool: one byte compared with 0).
fn load_scalar<'ctx>(
    em: &Emitter<'ctx>,
    b: &inkwell::builder::Builder<'ctx>,
    s: Scalar,
    p: PointerValue<'ctx>,
) -> EResult<BasicValueEnum<'ctx>> {
    let v = b.build_load(em.mem_scalar_ty(s), p, "x")?;
    if s == Scalar::Bool {
        let byte = v.into_int_value();
        return Ok(b.build_int_compare(IntPredicate::NE, byte, byte.get_type().const_zero(), "")?.into());
    }
    Ok(v)
}

#[cfg(test)]
mod layout_tests {
    use super::CoreLayout;

    #[test]
    fn parses_numbas_layouts() {
        let l = CoreLayout::parse(" (n) , () -> (n) , () ").unwrap();
        assert_eq!(l.nin, 2);
        assert_eq!(l.args, vec![vec![0], vec![], vec![0], vec![]]);
        assert_eq!(l.to_string(), "(n),()->(n),()");
        // A square core (NumPy's `det` is "(m,m)->()"): one size, two strides.
        assert_eq!(CoreLayout::parse("(m,m)->()").unwrap().args, vec![vec![0, 0], vec![]]);
        let l = CoreLayout::parse("(m,n),(n,p)->(m,p)").unwrap();
        assert_eq!(l.names, ["m", "n", "p"]);
        assert_eq!(l.args, vec![vec![0, 1], vec![1, 2], vec![0, 2]]);
    }

    #[test]
    fn rejects_bad_layouts() {
        for (text, says) in [
            ("(n),(n)", "expected '->'"),
            ("(n)->", "at least one output"),
            ("->(n)", "at least one input"),
            ("(n)->(m)", "'m' does not appear"),
            ("(3)->()", "bad dimension name \"3\""),
            ("(n?)->()", "bad dimension name"),
            ("(n->()", "unclosed"),
            ("(n)(n)->()", "expected ','"),
            ("n->()", "expected '('"),
        ] {
            let e = CoreLayout::parse(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
