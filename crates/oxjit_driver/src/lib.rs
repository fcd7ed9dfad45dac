//! The driver: stage order of one compile, and the process-wide JIT.
//!
//! ```text
//! Driver::compile(host, func, arg types, options)
//!   → oxjit_frontend::program::build   (parse, lower, infer: every instance reached)
//!   → oxjit_codegen::emit::emit_module (one LLVM module: inner functions + the root's entry wrapper)
//!   → symbols: inner functions internal, entry renamed `<entry>.c<N>` (unique in the session)
//!   → optimise (default<O3>, host CPU) → object code → JitSession::add_object → entry address
//! ```
//! Dumps: `OXJIT_DUMP=mir,llvm-raw,llvm,asm` prints stages to stderr; `OXJIT_TIMING=1` prints
//! per-stage times (see [`dump`]).
//!
//! **Symbol names.** All compiled objects share the JIT's one main JITDylib, and the frontend
//! names functions `oxjit.<name>.<index in the program>`, so two compiles of `f` (two type
//! keys) produce the same names. The driver therefore makes every definition but the entry
//! wrapper internal (they never reach the JIT's symbol table, and LLVM may inline or drop
//! them) and appends `.c<N>` to the entry, N counting this driver's compiles. Each compile's
//! module is self-contained (the program holds every callee instance), so nothing needs to
//! link against an earlier compile's inner functions.
//!
//! **Assembly** costs a second code generation (as much as the object itself, about half of a
//! compile), so it is produced only on demand: [`Compiled::asm`] re-parses the kept optimised
//! IR and generates assembly from it, once.

pub mod dump;

use std::sync::OnceLock;

use oxjit_codegen::emit::EmittedModule;
pub use oxjit_codegen::emit::gufunc_loop::{operand_kind, CoreLayout, OperandKind};
use oxjit_codegen::jit::JitSession;
use oxjit_codegen::target::HostTarget;
use oxjit_frontend::program::Program;
use oxjit_frontend::types::Signature;
use oxjit_frontend::{Diagnostic, FuncId, Host, Options, Ty};
pub use oxjit_runtime::ErrSlot;

use dump::{DumpFlags, StageTimes};

/// `i32 entry(const u8 *args, u8 *ret, ErrSlot *err)`: the one wrapper shape the dispatcher calls.
pub type EntryFn = unsafe extern "C" fn(*const u8, *mut u8, *mut ErrSlot) -> i32;

/// `void loop(char **args, npy_intp const *dimensions, npy_intp const *steps, void *data)`:
/// NumPy's `PyUFuncGenericFunction`, as [`Driver::compile_ufunc_loop`] makes it.
pub type UfuncLoopFn = unsafe extern "C" fn(*mut *mut u8, *const isize, *const isize, *mut std::ffi::c_void);

/// A compiled ufunc inner loop (one `@vectorize` or `@guvectorize` signature).
///
/// `function` lives in the JIT session of the [`Driver`] that compiled it, like
/// [`Compiled::entry`]. `data` must be a `void (*)(const ErrSlot *, i32 status)` that reports an
/// error of the kernel (the loop calls it once, then stops).
#[derive(Debug)]
pub struct UfuncLoop {
    pub function: UfuncLoopFn,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// Optimised LLVM IR of the module.
    pub llvm_ir: String,
    /// The loop's symbol in the JIT (`oxjit.f.0.ufunc.c3`).
    pub symbol: String,
}

/// A compiled specialisation, ready to call.
///
/// `entry` points into the JIT session of the [`Driver`] that compiled it and is valid as
/// long as that driver lives (the process-wide driver is never dropped).
#[derive(Debug)]
pub struct Compiled {
    pub entry: EntryFn,
    pub params: Vec<Ty>,
    /// The type the entry wrapper writes to `ret` (the inferred return type).
    pub ret: Ty,
    /// Typed IR of the root function, annotated for `inspect_types()`.
    pub typed_dump: String,
    /// Optimised LLVM IR of the whole module (`inspect_llvm()`).
    pub llvm_ir: String,
    /// The entry wrapper's symbol in the JIT (`oxjit.f.0.entry.c3`).
    pub symbol: String,
    /// Warnings for the host to show: (code, rendered text), e.g. a `prange` loop that runs
    /// serially or a private variable read after a parallel loop.
    pub warnings: Vec<(String, String)>,
    /// Code generator level, to regenerate the same assembly on demand.
    codegen_level: u8,
    asm: OnceLock<Result<String, String>>,
}

// SAFETY: `entry` points into JIT memory that stays mapped while the driver that made it
// lives (the process-wide driver is never dropped), and the rest is plain owned data
// (`OnceLock<Result<String, String>>` is itself Send + Sync).
unsafe impl Send for Compiled {}
unsafe impl Sync for Compiled {}

impl Compiled {
    /// Assembly for the host CPU (`inspect_asm()`): generated from [`Compiled::llvm_ir`] on the
    /// first call, by the same code generator settings that produced the object code.
    pub fn asm(&self) -> Result<String, String> {
        self.asm.get_or_init(|| HostTarget::new(self.codegen_level)?.asm_from_ir(&self.llvm_ir)).clone()
    }
}

/// The process-wide compiler: one JIT session and one TargetMachine, reused for every compile.
///
/// Not `Sync`: the Python side keeps it behind its compile lock, so one compile runs at a
/// time; it is `Send` so that lock may live in a static.
pub struct Driver {
    jit: JitSession,
    /// Host TargetMachines by code generator level (0..=3), made on first use.
    targets: [Option<HostTarget>; 4],
    /// Compiles so far: the `.c<N>` tag that keeps entry symbols unique in `jit`.
    compiles: u64,
    /// Stage times (ms) of the last successful compile.
    last_times: Vec<(&'static str, f64)>,
}

const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Driver>();
    assert_send::<Compiled>();
};

fn internal(context: &str) -> impl FnOnce(String) -> Diagnostic + '_ {
    move |msg| Diagnostic::internal(format!("{context}: {msg}"))
}

impl Driver {
    /// Creates the JIT session (runtime and libm symbols registered) and the host target for
    /// the default optimisation level.
    pub fn new() -> Result<Driver, String> {
        let jit = JitSession::new()?;
        let mut targets: [Option<HostTarget>; 4] = Default::default();
        targets[3] = Some(HostTarget::new(3)?);
        Ok(Driver { jit, targets, compiles: 0, last_times: Vec::new() })
    }

    fn target(&mut self, level: u8) -> Result<&HostTarget, String> {
        let slot = &mut self.targets[level.min(3) as usize];
        if slot.is_none() {
            *slot = Some(HostTarget::new(level)?);
        }
        Ok(slot.as_ref().expect("just set"))
    }

    /// Wall-clock milliseconds per stage of the last successful compile, in order:
    /// frontend, emit, optimise, ir-text, object, jit-link (what `OXJIT_TIMING=1` prints).
    pub fn last_stage_times(&self) -> &[(&'static str, f64)] {
        &self.last_times
    }

    /// The JIT session (to register more runtime symbols, or look up symbols).
    pub fn jit_mut(&mut self) -> &mut JitSession {
        &mut self.jit
    }

    /// Compiles `func` for `args` (and `ret`, when a signature gave it).
    pub fn compile(&mut self, host: &dyn Host, func: FuncId, args: &[Ty], ret: Option<&Ty>, opts: &Options) -> Result<Compiled, Diagnostic> {
        let dumps = DumpFlags::from_env();
        let timing = dump::timing_from_env();
        let mut times = StageTimes::start();

        let prog = build_program(host, func, args, ret, opts)?;
        let root = prog.instances.first().ok_or_else(|| Diagnostic::internal("the frontend produced an empty program"))?;
        let inferred = root.typed.ret.clone();
        let signature = Signature { args: root.params.clone(), ret: Some(inferred.clone()) };
        let typed_dump = format!("# {}: {}\n{}", root.typed.body.name, signature, root.typed.body.dump(Some(&root.typed.local_tys)));
        if dumps.mir {
            let all: String = prog.instances.iter().map(|i| i.typed.body.dump(Some(&i.typed.local_tys))).collect::<Vec<_>>().join("\n");
            dump::print_section(&format!("mir {}", root.typed.body.name), &all);
        }
        times.mark("frontend");

        let ctx = oxjit_codegen::target::new_context();
        let emitted = oxjit_codegen::emit::emit_module(&ctx, &prog)?;
        let level = opts.opt_level.min(3);
        let (symbol, llvm_ir, addr) = self.link(&emitted, level, &dumps, &mut times)?;
        // SAFETY: `symbol` is the entry wrapper emit_module generated with exactly the
        // `EntryFn` signature (`i32 (ptr, ptr, ptr)`, C calling convention), and `addr` is
        // its non-null address in the session's executable memory.
        let entry: EntryFn = unsafe { std::mem::transmute::<usize, EntryFn>(addr) };
        times.mark("jit-link");

        let compiled = Compiled {
            entry,
            params: root.params.clone(),
            ret: inferred,
            typed_dump,
            llvm_ir,
            symbol,
            warnings: prog.warnings.iter().map(|d| (d.code.to_string(), d.render())).collect(),
            codegen_level: level,
            asm: OnceLock::new(),
        };
        if dumps.llvm {
            dump::print_section(&format!("llvm {}", compiled.symbol), &compiled.llvm_ir);
        }
        if dumps.asm {
            match compiled.asm() {
                Ok(asm) => dump::print_section(&format!("asm {}", compiled.symbol), &asm),
                Err(e) => eprintln!("oxjit: cannot produce assembly for {}: {e}", compiled.symbol),
            }
        }
        if timing {
            eprintln!("oxjit: compile {} {signature} (O{level}): {}", root.typed.body.name, times.render());
        }
        self.last_times = times.stages;
        Ok(compiled)
    }

    /// Compiles `func` for scalar `args` as a NumPy ufunc inner loop (`@vectorize`): the
    /// kernel is inlined into `void loop(char **args, npy_intp const *dims, npy_intp const
    /// *steps, void *data)` (see `oxjit_codegen::emit::ufunc_loop`), and the loop's address is
    /// returned. The kernel's own options apply; `@vectorize` asks for `error_model="numpy"`.
    pub fn compile_ufunc_loop(
        &mut self,
        host: &dyn Host,
        func: FuncId,
        args: &[Ty],
        ret: Option<&Ty>,
        opts: &Options,
    ) -> Result<UfuncLoop, Diagnostic> {
        self.compile_loop(host, func, args, ret, opts, LoopKind::Ufunc)
    }

    /// Compiles `func` (which takes one array view, or scalar, per operand, outputs last, and
    /// returns nothing) as a NumPy generalized-ufunc inner loop for `layout` (`@guvectorize`;
    /// see `oxjit_codegen::emit::gufunc_loop`). Same loop shape and data pointer as
    /// [`Driver::compile_ufunc_loop`]; `ret` of the result is `none`. With `parallel`
    /// (`target="parallel"`), large outer loops are split over the runtime's thread pool.
    pub fn compile_gufunc_loop(
        &mut self,
        host: &dyn Host,
        func: FuncId,
        args: &[Ty],
        layout: &CoreLayout,
        parallel: bool,
        opts: &Options,
    ) -> Result<UfuncLoop, Diagnostic> {
        self.compile_loop(host, func, args, Some(&Ty::None), opts, LoopKind::Gufunc(layout, parallel))
    }

    /// The frontend, the loop's module, optimisation and linking.
    fn compile_loop(
        &mut self,
        host: &dyn Host,
        func: FuncId,
        args: &[Ty],
        ret: Option<&Ty>,
        opts: &Options,
        kind: LoopKind<'_>,
    ) -> Result<UfuncLoop, Diagnostic> {
        let what = match kind {
            LoopKind::Ufunc => "ufunc loop",
            LoopKind::Gufunc(_, false) => "gufunc loop",
            LoopKind::Gufunc(_, true) => "parallel gufunc loop",
        };
        let dumps = DumpFlags::from_env();
        let timing = dump::timing_from_env();
        let mut times = StageTimes::start();
        let prog = build_program(host, func, args, ret, opts)?;
        let root = prog.instances.first().ok_or_else(|| Diagnostic::internal("the frontend produced an empty program"))?;
        let signature = Signature { args: root.params.clone(), ret: Some(root.typed.ret.clone()) };
        if dumps.mir {
            let all: String = prog.instances.iter().map(|i| i.typed.body.dump(Some(&i.typed.local_tys))).collect::<Vec<_>>().join("\n");
            dump::print_section(&format!("mir {} ({what})", root.typed.body.name), &all);
        }
        times.mark("frontend");

        let ctx = oxjit_codegen::target::new_context();
        let emitted = match kind {
            LoopKind::Ufunc => oxjit_codegen::emit::ufunc_loop::emit_ufunc_module(&ctx, &prog)?,
            LoopKind::Gufunc(layout, parallel) => {
                oxjit_codegen::emit::gufunc_loop::emit_gufunc_module(&ctx, &prog, layout, parallel)?
            }
        };
        let level = opts.opt_level.min(3);
        let (symbol, llvm_ir, addr) = self.link(&emitted, level, &dumps, &mut times)?;
        // SAFETY: `symbol` is the loop the emitter generated with exactly the `UfuncLoopFn`
        // signature (`void (ptr, ptr, ptr, ptr)`, C calling convention; both loop emitters
        // promise it), and `addr` is its non-null address in the session's executable memory.
        let function: UfuncLoopFn = unsafe { std::mem::transmute::<usize, UfuncLoopFn>(addr) };
        times.mark("jit-link");
        if dumps.llvm {
            dump::print_section(&format!("llvm {symbol}"), &llvm_ir);
        }
        if timing {
            eprintln!("oxjit: compile {what} {} {signature} (O{level}): {}", root.typed.body.name, times.render());
        }
        self.last_times = times.stages;
        Ok(UfuncLoop { function, params: root.params.clone(), ret: root.typed.ret.clone(), llvm_ir, symbol })
    }

    /// Names, optimises and links one emitted module; returns the exported symbol (its
    /// `entry_symbol` tagged `.c<N>`), the optimised IR and the symbol's address.
    fn link(
        &mut self,
        emitted: &EmittedModule<'_>,
        level: u8,
        dumps: &DumpFlags,
        times: &mut StageTimes,
    ) -> Result<(String, String, usize), Diagnostic> {
        let module = &emitted.module;
        let tag = format!(".c{}", self.compiles);
        let symbol = oxjit_codegen::jit::internalize_and_tag(module, &emitted.entry_symbol, &tag).map_err(internal("symbol naming"))?;
        self.compiles += 1;
        times.mark("emit");

        let target = self.target(level).map_err(internal("host target"))?;
        target.prepare(module);
        if dumps.llvm_raw {
            dump::print_section(&format!("llvm-raw {symbol}"), &module.print_to_string().to_string());
        }
        target.optimize(module, level).map_err(internal("optimisation"))?;
        times.mark("optimise");
        let llvm_ir = module.print_to_string().to_string();
        times.mark("ir-text");
        let object = target.emit_object(module).map_err(internal("code generation"))?;
        times.mark("object");

        self.jit.add_object(object).map_err(internal("JIT"))?;
        let addr = self.jit.lookup(&symbol).map_err(internal("JIT"))?;
        Ok((symbol, llvm_ir, addr))
    }
}

/// Which NumPy inner loop [`Driver::compile_loop`] wraps the kernel in.
#[derive(Clone, Copy)]
enum LoopKind<'a> {
    /// `@vectorize`: a scalar kernel over elements.
    Ufunc,
    /// `@guvectorize`: an array kernel over the outer dimension, with this core layout; the
    /// flag splits large outer loops over the thread pool.
    Gufunc(&'a CoreLayout, bool),
}

/// The frontend for one compile: the typed program, with the root's return type set to the one
/// a signature declared (the returned value is converted to it, as Numba does, when the
/// conversion exists).
fn build_program(host: &dyn Host, func: FuncId, args: &[Ty], ret: Option<&Ty>, opts: &Options) -> Result<Program, Diagnostic> {
    let mut prog = oxjit_frontend::program::build(host, func, args, opts)?;
    if let Some(want) = ret {
        let root = prog.instances.first_mut().ok_or_else(|| Diagnostic::internal("the frontend produced an empty program"))?;
        let inferred = root.typed.ret.clone();
        if *want != inferred {
            if !oxjit_frontend::templates::can_convert(&inferred, want) {
                let d = Diagnostic::typing("E0310", format!("the function returns {inferred}, but its signature declares {want}"));
                return Err(d.with_primary(&root.file, root.typed.body.span, format!("inferred return type is {inferred}")));
            }
            root.typed.ret = want.clone();
        }
    }
    Ok(prog)
}
