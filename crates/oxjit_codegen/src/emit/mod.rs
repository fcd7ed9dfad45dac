//! Typed MIR → one LLVM module.
//!
//! In: a [`Program`] (the root instance and every callee instance, each a typed MIR body).
//! Out: an [`EmittedModule`]: for every instance an *inner* function with its natural
//! signature, and for the root an *entry* wrapper with the one shape the dispatcher calls.
//!
//! ```text
//! ; inner: status 0 ok / 1 exception; result through %retp, exception through %err
//! define internal i32 @oxjit.rms.0(ptr %retp, ptr %err, { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] } %a)
//! ; entry: arguments and result in 8-byte slots (see `oxjit_frontend::types::slot_offsets`)
//! define i32 @oxjit.rms.0.entry(ptr %args, ptr %ret, ptr %err)
//! ```
//!
//! Every MIR local becomes an `alloca` in the entry block (LLVM's mem2reg/SROA turn them into
//! registers), every MIR block an LLVM block. The semantics of operators are Numba's, i.e.
//! Python's with fixed-width integers; each construct family lives in its own file:
//!
//! - `types.rs`: MIR types → LLVM types.
//! - `convert.rs`: the implicit conversions between scalar, tuple and array types.
//! - `consts.rs`: constants (scalars, tuples, frozen global arrays).
//! - `expr.rs`: rvalues: operands, unary operators, comparisons, truth, tuples, attributes.
//! - `arith.rs`: binary operators on ints and floats (Python floor division/modulo, powers, shifts).
//! - `complex.rs`: complex `*`, `/`, `**` with CPython's algorithms.
//! - `complex_math.rs`: `cmath.*`, NumPy's ufuncs on complex numbers, `np.angle` (Numba's algorithms).
//! - `array.rs`: the array struct, element addressing, `a[i, j]` loads and stores.
//! - `alloc.rs`: arrays made by compiled code (`np.zeros`, `arange`, `copy` ...) and views (`reshape`, `.T`).
//! - `ufunc.rs`: whole-array expressions (ufuncs with broadcasting, `a += b`, `a[1:] = x`).
//! - `fancy.rs`: indexing with a boolean mask or an integer array (reads and writes).
//! - `fusion.rs`: array expressions fused into one loop (no temporary arrays).
//! - `refcount.rs`: who owns which array reference; increments, decrements, the unwind path.
//! - `list.rs`, `dict.rs`: lists (Python lists and `typed.List`) and dicts over the runtime's
//!   containers; `Optional` values of `d.get(k)` (`convert.rs`, `expr.rs`).
//! - `call.rs`: calls to other instances and the built-in intrinsics (`abs`, `min`, `round`...).
//! - `list.rs`: lists (`Ty::List`): items in the slot layout, the runtime's growable buffer.
//! - `str.rs`: strings (`Ty::Str`): comparisons inline (`memcmp`), the rest in the runtime.
//! - `math.rs`: `math.*` and scalar `numpy.*` functions (LLVM intrinsics or libm).
//! - `reduce.rs`: whole-array reductions (`np.sum(a)`, `a.max()`, `np.argmin(a)` ...) as loops.
//! - `reduce_axis.rs`: reductions along one axis (`np.sum(a, axis=0)`, `a.argmax(axis=1)`).
//! - `round.rs`: `round(x)` and `round(x, ndigits)`, exactly as CPython rounds.
//! - `raise.rs`: the error slot and cold raise blocks.
//! - `body.rs`: one function: locals, blocks, statements, terminators.
//! - `entry.rs`: the entry wrapper and the argument/return slot layout.
//! - `parallel.rs`: `prange` loops of `parallel=True` functions: the launch, the outlined chunk function.
//! - `ufunc_loop.rs`: the NumPy ufunc inner loop around the root (`@vectorize`), exported instead of the entry.
//!
//! ```ignore
//! let ctx = inkwell::context::Context::create();
//! let emitted = oxjit_codegen::emit::emit_module(&ctx, &program)?;
//! // optimise `emitted.module`, hand it to the JIT, then call the symbol
//! // `emitted.entry_symbol` as `extern "C" fn(*const u8, *mut u8, *mut ErrSlot) -> i32`.
//! ```

mod alloc;
mod arith;
mod array;
mod body;
mod call;
mod complex;
mod complex_math;
mod consts;
mod convert;
mod dict;
mod entry;
mod expr;
mod fancy;
mod fusion;
mod list;
mod math;
mod more;
mod parallel;
mod raise;
mod random;
mod reduce;
mod reduce_axis;
mod refcount;
mod round;
mod slice;
mod str;
mod types;
mod ufunc;
pub mod ufunc_loop;
pub mod gufunc_loop;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashMap;

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::{Builder, BuilderError};
use inkwell::context::Context;
use inkwell::intrinsics::Intrinsic;
use inkwell::module::{Linkage, Module};
use inkwell::targets::TargetMachine;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValue, BasicValueEnum, FastMathFlags, FloatValue, FunctionValue, GlobalValue,
    IntValue, PointerValue, StructValue,
};
use inkwell::IntPredicate;
use oxjit_frontend::mir::{LocalId, Operand};
use oxjit_frontend::program::{Instance, Program};
use oxjit_frontend::{Diagnostic, Ty};
use oxjit_runtime::ExcKind;

/// The LLVM module for one [`Program`], and the name of the root's entry wrapper.
pub struct EmittedModule<'ctx> {
    pub module: Module<'ctx>,
    /// `i32 (ptr args, ptr ret, ptr err)` with external linkage: `<root symbol>.entry`.
    pub entry_symbol: String,
}

/// Emits every instance of `prog` into one module (verified before it is returned).
///
/// Errors are internal diagnostics: a well-typed program never fails here, so a failure is a
/// bug in the type checker or in this module.
pub fn emit_module<'ctx>(ctx: &'ctx Context, prog: &Program) -> Result<EmittedModule<'ctx>, Diagnostic> {
    let root = prog.instances.first().ok_or_else(|| Diagnostic::internal("cannot emit an empty program"))?;
    let module = ctx.create_module(&root.symbol);
    let mut em = Emitter::new(ctx, module);
    let mut inner = Vec::with_capacity(prog.instances.len());
    for inst in &prog.instances {
        inner.push(body::declare_inner(&em, inst).map_err(|e| *e.0)?);
    }
    em.inner = inner;
    for index in 0..prog.instances.len() {
        body::emit_body(&em, prog, index).map_err(|e| *e.0)?;
    }
    let entry_symbol = entry::emit_entry(&em, prog, em.inner[0]).map_err(|e| *e.0)?;
    if let Err(msg) = em.module.verify() {
        return Err(Diagnostic::internal(format!(
            "generated LLVM IR for `{}` is invalid: {}",
            root.typed.body.name,
            msg.to_string_lossy()
        )));
    }
    Ok(EmittedModule { module: em.module, entry_symbol })
}

/// A codegen failure; always an internal diagnostic underneath.
///
/// A local type (rather than `Diagnostic` itself) so that `?` works on inkwell's
/// `BuilderError`, which `Diagnostic` cannot implement `From` for; boxed to keep every
/// `EResult` small (it is returned from almost every function here).
pub(crate) struct EmitError(pub Box<Diagnostic>);

impl From<BuilderError> for EmitError {
    fn from(e: BuilderError) -> Self {
        EmitError(Box::new(Diagnostic::internal(format!("LLVM builder error: {e}"))))
    }
}

impl From<Diagnostic> for EmitError {
    fn from(d: Diagnostic) -> Self {
        EmitError(Box::new(d))
    }
}

pub(crate) type EResult<T> = Result<T, EmitError>;

/// An internal error: something the type checker should have rejected or resolved.
pub(crate) fn ice<T>(msg: impl Into<String>) -> EResult<T> {
    Err(EmitError(Box::new(Diagnostic::internal(msg))))
}

/// Module-wide state: the context, the module, declarations shared by all functions.
pub(crate) struct Emitter<'ctx> {
    pub ctx: &'ctx Context,
    pub module: Module<'ctx>,
    /// `target-cpu`, `target-features`, `frame-pointer`, `nounwind`: put on every function we define (MCJIT and
    /// ORC both take the CPU from here; without it no AVX).
    fn_attrs: Vec<Attribute>,
    /// `nounwind`, also put on libm declarations (they never unwind).
    nounwind: Attribute,
    /// Private constant strings, deduplicated by content.
    strings: RefCell<HashMap<Vec<u8>, GlobalValue<'ctx>>>,
    /// The data of string literals, by content and alignment (their kind).
    str_data: RefCell<HashMap<(Vec<u8>, u32), GlobalValue<'ctx>>>,
    /// The inner function of each instance, by index in `Program::instances`.
    pub inner: Vec<FunctionValue<'ctx>>,
    /// Above 0 while a chunk function of a parallel loop is emitted: loops inside it stay
    /// serial (see `parallel.rs`).
    pub chunk_depth: std::cell::Cell<u32>,
    /// Outlined loop functions made so far (for unique names).
    pub outlined: std::cell::Cell<u32>,
}

impl<'ctx> Emitter<'ctx> {
    fn new(ctx: &'ctx Context, module: Module<'ctx>) -> Self {
        let cpu = TargetMachine::get_host_cpu_name();
        let features = TargetMachine::get_host_cpu_features();
        let nounwind = ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("nounwind"), 0);
        let fn_attrs = vec![
            ctx.create_string_attribute("target-cpu", &cpu.to_string_lossy()),
            ctx.create_string_attribute("target-features", &features.to_string_lossy()),
            // Keep `rbp` a frame pointer: measured on Sapphire/Emerald Rapids, a hot loop whose
            // loads use `rbp` as base register ran 8-10% slower than the same code with any
            // other base (bench `histogram`: 1.07x -> 0.97x Numba); elsewhere neutral within
            // noise. Profilers can also walk the stack through compiled code.
            ctx.create_string_attribute("frame-pointer", "all"),
            nounwind,
        ];
        Emitter {
            ctx,
            module,
            fn_attrs,
            nounwind,
            strings: RefCell::new(HashMap::new()),
            str_data: RefCell::new(HashMap::new()),
            inner: Vec::new(),
            chunk_depth: std::cell::Cell::new(0),
            outlined: std::cell::Cell::new(0),
        }
    }

    /// Adds the per-function attributes (CPU, features, nounwind) to a defined function.
    pub fn add_fn_attrs(&self, f: FunctionValue<'ctx>) {
        for a in &self.fn_attrs {
            f.add_attribute(AttributeLoc::Function, *a);
        }
    }

    /// A private constant global holding `bytes` (not NUL-terminated); one per distinct text.
    pub fn const_bytes(&self, bytes: &[u8]) -> GlobalValue<'ctx> {
        if let Some(g) = self.strings.borrow().get(bytes) {
            return *g;
        }
        let init = self.ctx.const_string(bytes, false);
        let g = self.module.add_global(init.get_type(), None, "oxjit.str");
        g.set_initializer(&init);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        self.strings.borrow_mut().insert(bytes.to_vec(), g);
        g
    }

    /// A private constant global holding the code points of a string literal, aligned to
    /// `align` (its kind); one per distinct content and alignment.
    pub fn const_str_data(&self, bytes: &[u8], align: u32) -> GlobalValue<'ctx> {
        let key = (bytes.to_vec(), align);
        if let Some(g) = self.str_data.borrow().get(&key) {
            return *g;
        }
        let init = self.ctx.const_string(bytes, false);
        let g = self.module.add_global(init.get_type(), None, "oxjit.str.lit");
        g.set_initializer(&init);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.set_unnamed_addr(true);
        g.set_alignment(align);
        self.str_data.borrow_mut().insert(key, g);
        g
    }

    /// The declaration of an overloaded LLVM intrinsic (`llvm.sqrt` over `double` ...).
    pub fn intrinsic(&self, name: &str, overloads: &[BasicTypeEnum<'ctx>]) -> EResult<FunctionValue<'ctx>> {
        let Some(i) = Intrinsic::find(name) else {
            return ice(format!("LLVM has no intrinsic `{name}`"));
        };
        match i.get_declaration(&self.module, overloads) {
            Some(f) => Ok(f),
            None => ice(format!("cannot declare `{name}` for these types")),
        }
    }

    /// The declaration of an external C function (libm), added once.
    pub fn extern_fn(
        &self,
        name: &str,
        ret: BasicTypeEnum<'ctx>,
        params: &[BasicTypeEnum<'ctx>],
    ) -> FunctionValue<'ctx> {
        if let Some(f) = self.module.get_function(name) {
            return f;
        }
        let params: Vec<BasicMetadataTypeEnum> = params.iter().map(|t| (*t).into()).collect();
        let f = self.module.add_function(name, ret.fn_type(&params, false), Some(Linkage::External));
        f.add_attribute(AttributeLoc::Function, self.nounwind);
        f
    }

    /// The declaration of an external C function returning nothing (runtime helpers).
    pub fn extern_void_fn(&self, name: &str, params: &[BasicTypeEnum<'ctx>]) -> FunctionValue<'ctx> {
        if let Some(f) = self.module.get_function(name) {
            return f;
        }
        let params: Vec<BasicMetadataTypeEnum> = params.iter().map(|t| (*t).into()).collect();
        let f = self.module.add_function(name, self.ctx.void_type().fn_type(&params, false), Some(Linkage::External));
        f.add_attribute(AttributeLoc::Function, self.nounwind);
        f
    }
}

/// Per-function state while one inner function (or the entry wrapper) is emitted.
pub(crate) struct FnCx<'a, 'ctx> {
    pub em: &'a Emitter<'ctx>,
    pub prog: &'a Program,
    pub inst: &'a Instance,
    pub func: FunctionValue<'ctx>,
    /// Where instructions go.
    pub b: Builder<'ctx>,
    /// Positioned before the entry block's terminator: allocas created mid-function go there so
    /// that mem2reg/SROA see them.
    alloca_b: Builder<'ctx>,
    pub retp: PointerValue<'ctx>,
    pub errp: PointerValue<'ctx>,
    /// The stack slot of each MIR local.
    pub locals: Vec<PointerValue<'ctx>>,
    /// Shared raise blocks, one per (kind, message) in this function.
    raise_blocks: RefCell<HashMap<(u32, Option<String>), BasicBlock<'ctx>>>,
    /// Fast-math flags of this instance (empty = strict IEEE).
    pub fmf: FastMathFlags,
    /// Temporaries fused into the ufunc call that reads them (see `fusion.rs`).
    pub fused: HashMap<LocalId, fusion::FusedDef>,
    /// Inside a ufunc kernel: NumPy's error model (no ZeroDivisionError), see `ufunc.rs`.
    pub array_mode: std::cell::Cell<bool>,
    /// Which locals own references (see `refcount.rs`), by local index.
    pub owned: Vec<bool>,
    /// The shared exit for errors: releases the owning locals, returns the phi'd status.
    unwind: RefCell<Option<(BasicBlock<'ctx>, inkwell::values::PhiValue<'ctx>)>>,
    /// New references held by no local yet (an array being filled) that an error leaving an
    /// outlined parallel loop must release too (see `parallel.rs`).
    pub pending_release: RefCell<Vec<(BasicValueEnum<'ctx>, Ty)>>,
}

impl<'a, 'ctx> FnCx<'a, 'ctx> {
    pub fn ctx(&self) -> &'ctx Context {
        self.em.ctx
    }

    // ---- typed views of values: a mismatch is a codegen bug, reported, never a panic ----

    pub fn as_int(&self, v: BasicValueEnum<'ctx>) -> EResult<IntValue<'ctx>> {
        match v {
            BasicValueEnum::IntValue(i) => Ok(i),
            other => ice(format!("expected an integer value, found {}", other.get_type().print_to_string())),
        }
    }
    pub fn as_float(&self, v: BasicValueEnum<'ctx>) -> EResult<FloatValue<'ctx>> {
        match v {
            BasicValueEnum::FloatValue(f) => Ok(f),
            other => ice(format!("expected a float value, found {}", other.get_type().print_to_string())),
        }
    }
    pub fn as_struct(&self, v: BasicValueEnum<'ctx>) -> EResult<StructValue<'ctx>> {
        match v {
            BasicValueEnum::StructValue(s) => Ok(s),
            other => ice(format!("expected a struct value, found {}", other.get_type().print_to_string())),
        }
    }
    pub fn as_ptr(&self, v: BasicValueEnum<'ctx>) -> EResult<PointerValue<'ctx>> {
        match v {
            BasicValueEnum::PointerValue(p) => Ok(p),
            other => ice(format!("expected a pointer value, found {}", other.get_type().print_to_string())),
        }
    }

    // ---- small constants ----

    pub fn i64c(&self, v: i64) -> IntValue<'ctx> {
        self.ctx().i64_type().const_int(v as u64, true)
    }
    pub fn i32c(&self, v: i32) -> IntValue<'ctx> {
        self.ctx().i32_type().const_int(v as u64, true)
    }
    pub fn bool_c(&self, v: bool) -> IntValue<'ctx> {
        self.ctx().bool_type().const_int(v as u64, false)
    }

    // ---- blocks and control flow ----

    pub fn new_block(&self, name: &str) -> BasicBlock<'ctx> {
        self.ctx().append_basic_block(self.func, name)
    }

    /// A stack slot in the entry block (so that it is promoted to registers).
    pub fn alloca(&self, ty: BasicTypeEnum<'ctx>, name: &str) -> EResult<PointerValue<'ctx>> {
        Ok(self.alloca_b.build_alloca(ty, name)?)
    }

    /// `br cond, then, else` with `cond` marked unlikely (error paths).
    pub fn cond_br_unlikely(
        &self,
        cond: IntValue<'ctx>,
        then_bb: BasicBlock<'ctx>,
        else_bb: BasicBlock<'ctx>,
    ) -> EResult<()> {
        let br = self.b.build_conditional_branch(cond, then_bb, else_bb)?;
        let ctx = self.ctx();
        let i32t = ctx.i32_type();
        let weights = ctx.metadata_node(&[
            ctx.metadata_string("branch_weights").into(),
            i32t.const_int(1, false).into(),
            i32t.const_int(1 << 20, false).into(),
        ]);
        // Only fails for a kind id LLVM does not know; "prof" always exists.
        let _ = br.set_metadata(weights, ctx.get_kind_id("prof"));
        Ok(())
    }

    /// Raises `kind(msg)` when `fail` is true; code after this call runs when it is false.
    pub fn raise_if(&self, fail: IntValue<'ctx>, kind: ExcKind, msg: Option<&str>) -> EResult<()> {
        if let Some(c) = fail.get_zero_extended_constant() {
            if c == 0 {
                return Ok(());
            }
        }
        let raise_bb = self.raise_block(kind, msg)?;
        let ok_bb = self.new_block("ok");
        self.cond_br_unlikely(fail, raise_bb, ok_bb)?;
        self.b.position_at_end(ok_bb);
        Ok(())
    }

    /// After a call that returned `status`: return it at once when it is not 0.
    pub fn propagate_status(&self, status: IntValue<'ctx>) -> EResult<()> {
        let failed = self.b.build_int_compare(IntPredicate::NE, status, self.i32c(0), "failed")?;
        let fail_bb = self.new_block("propagate");
        let ok_bb = self.new_block("call.ok");
        self.cond_br_unlikely(failed, fail_bb, ok_bb)?;
        self.b.position_at_end(fail_bb);
        self.unwind_with(status)?;
        self.b.position_at_end(ok_bb);
        Ok(())
    }

    // ---- calls ----

    /// Calls `f` and returns its (non-void) result.
    pub fn call_value(
        &self,
        f: FunctionValue<'ctx>,
        args: &[BasicValueEnum<'ctx>],
        name: &str,
    ) -> EResult<BasicValueEnum<'ctx>> {
        let args: Vec<BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        let call = self.b.build_call(f, &args, name)?;
        match call.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(v) => {
                if v.get_type().is_float_type() {
                    self.apply_fmf(v);
                }
                Ok(v)
            }
            inkwell::values::ValueKind::Instruction(_) => ice("call of a void function used as a value"),
        }
    }

    /// Sets this instance's fast-math flags on a float instruction (no-op on constants).
    pub fn apply_fmf<V: BasicValue<'ctx>>(&self, v: V) {
        if self.fmf.is_empty() {
            return;
        }
        if let Some(inst) = v.as_instruction_value() {
            if inst.can_use_fast_math_flags() {
                // Cannot fail after the check above.
                let _ = inst.set_fast_math_flags(self.fmf);
            }
        }
    }

    // ---- locals ----

    pub fn local_ty(&self, l: LocalId) -> EResult<&'a Ty> {
        match self.inst.typed.local_tys.get(l.index()) {
            Some(t) => Ok(t),
            None => ice(format!("local {l} has no type")),
        }
    }

    pub fn load_local(&self, l: LocalId) -> EResult<BasicValueEnum<'ctx>> {
        let ty = self.em.llty(self.local_ty(l)?);
        let Some(slot) = self.locals.get(l.index()) else {
            return ice(format!("local {l} has no stack slot"));
        };
        Ok(self.b.build_load(ty, *slot, "")?)
    }

    /// An operand's value and type.
    pub fn operand(&self, op: &Operand) -> EResult<(BasicValueEnum<'ctx>, Ty)> {
        match op {
            Operand::Local(l) => Ok((self.load_local(*l)?, self.local_ty(*l)?.clone())),
            Operand::Const(c) => self.const_value(c),
        }
    }

    /// An operand converted to `to`.
    pub fn operand_as(&self, op: &Operand, to: &Ty) -> EResult<BasicValueEnum<'ctx>> {
        let (v, t) = self.operand(op)?;
        self.convert(v, &t, to)
    }
}

/// Maps the `FASTMATH_*` bits of `Options::fastmath` onto LLVM's flags.
pub(crate) fn fast_math_flags(bits: u32) -> FastMathFlags {
    use oxjit_frontend::{
        FASTMATH_AFN, FASTMATH_ARCP, FASTMATH_CONTRACT, FASTMATH_NINF, FASTMATH_NNAN, FASTMATH_NSZ, FASTMATH_REASSOC,
    };
    let mut f = FastMathFlags::empty();
    for (bit, flag) in [
        (FASTMATH_NNAN, FastMathFlags::NoNaNs),
        (FASTMATH_NINF, FastMathFlags::NoInfs),
        (FASTMATH_NSZ, FastMathFlags::NoSignedZeros),
        (FASTMATH_ARCP, FastMathFlags::AllowReciprocal),
        (FASTMATH_CONTRACT, FastMathFlags::AllowContract),
        (FASTMATH_AFN, FastMathFlags::ApproxFunc),
        (FASTMATH_REASSOC, FastMathFlags::AllowReassoc),
    ] {
        if bits & bit != 0 {
            f |= flag;
        }
    }
    f
}
