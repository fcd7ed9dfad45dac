//! The JIT: an ORC LLJIT session fed with object code that [`crate::target`] produced.
//!
//! inkwell 0.11 has no ORCv2 wrapper, so this module speaks LLVM's C API
//! (`llvm_sys::orc2`) directly and keeps every raw pointer inside [`JitSession`].
//!
//! Symbols resolve, in order, against: the objects added so far (one JITDylib, "main"), the
//! absolute symbols defined with [`JitSession::define_symbols`] (the runtime's `oxjit_rt_*`
//! helpers, registered by [`JitSession::new`] from `oxjit_runtime::symbols()`), the
//! process's own dynamic symbol table (libm's `exp`, `atan2` ...; libc), and then libm and
//! libgcc_s opened by name (for a process that does not export them globally).
//!
//! All objects go into the one main JITDylib, so a symbol may be defined once per session:
//! adding a second object that defines an existing symbol fails with "Duplicate definition".
//! The driver keeps names unique (see `oxjit_driver`). Code stays mapped until the session is
//! dropped; addresses from [`JitSession::lookup`] are valid exactly that long.
//!
//! ```ignore
//! let mut jit = JitSession::new()?;
//! jit.add_object(target.emit_object(&module)?)?;
//! let f: extern "C" fn(f64) -> f64 = unsafe { std::mem::transmute(jit.lookup("square")?) };
//! ```

use std::ffi::{c_void, CStr, CString};
use std::sync::Mutex;

use inkwell::llvm_sys::error::{LLVMDisposeErrorMessage, LLVMErrorRef, LLVMGetErrorMessage};
use inkwell::llvm_sys::orc2::lljit::{
    LLVMOrcCreateLLJIT, LLVMOrcCreateLLJITBuilder, LLVMOrcDisposeLLJIT, LLVMOrcLLJITAddObjectFile, LLVMOrcLLJITBuilderSetJITTargetMachineBuilder,
    LLVMOrcLLJITGetExecutionSession, LLVMOrcLLJITGetGlobalPrefix, LLVMOrcLLJITGetMainJITDylib, LLVMOrcLLJITGetTripleString, LLVMOrcLLJITLookup,
    LLVMOrcLLJITMangleAndIntern, LLVMOrcLLJITRef,
};
use inkwell::llvm_sys::orc2::{
    LLVMJITEvaluatedSymbol, LLVMJITSymbolFlags, LLVMJITSymbolGenericFlags, LLVMOrcAbsoluteSymbols, LLVMOrcCSymbolMapPair,
    LLVMOrcCreateDynamicLibrarySearchGeneratorForPath, LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess, LLVMOrcDefinitionGeneratorRef, LLVMOrcDisposeMaterializationUnit, LLVMOrcExecutionSessionSetErrorReporter,
    LLVMOrcExecutorAddress, LLVMOrcJITDylibAddGenerator, LLVMOrcJITDylibDefine, LLVMOrcJITDylibRef, LLVMOrcJITTargetMachineBuilderDetectHost,
    LLVMOrcJITTargetMachineBuilderRef,
};
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::{Linkage, Module};

/// Turns an `LLVMErrorRef` into its message, consuming the error. `None` for success (null).
fn take_error(err: LLVMErrorRef) -> Option<String> {
    if err.is_null() {
        return None;
    }
    // SAFETY: `err` is a live, unconsumed error; LLVMGetErrorMessage consumes it and returns
    // an owned C string that we copy and free with the matching LLVMDisposeErrorMessage.
    unsafe {
        let msg = LLVMGetErrorMessage(err);
        if msg.is_null() {
            return Some("unknown LLVM error".to_string());
        }
        let text = CStr::from_ptr(msg).to_string_lossy().into_owned();
        LLVMDisposeErrorMessage(msg);
        Some(text)
    }
}

fn check(err: LLVMErrorRef, what: &str) -> Result<(), String> {
    match take_error(err) {
        None => Ok(()),
        Some(msg) => Err(format!("{what}: {msg}")),
    }
}

fn c_string(name: &str) -> Result<CString, String> {
    CString::new(name).map_err(|_| format!("symbol name {name:?} contains a NUL byte"))
}

/// Errors the execution session reports asynchronously (failed materialisation: unresolved
/// symbols, relocation overflow ...). `lookup` appends them to its own, terse, message.
type ReportedErrors = Mutex<Vec<String>>;

extern "C" fn report_error(ctx: *mut c_void, err: LLVMErrorRef) {
    let msg = take_error(err).unwrap_or_default();
    // SAFETY: `ctx` is the `Box<ReportedErrors>` owned by the JitSession that registered this
    // reporter; the session disposes the LLJIT (and with it every call of this function)
    // before it frees the box.
    let errors = unsafe { &*(ctx as *const ReportedErrors) };
    if let Ok(mut e) = errors.lock() {
        e.push(msg);
    }
}

/// One ORC LLJIT instance with its main JITDylib.
pub struct JitSession {
    jit: LLVMOrcLLJITRef,
    main: LLVMOrcJITDylibRef,
    errors: Box<ReportedErrors>,
}

// SAFETY: the LLJIT is a heap object without thread affinity (ORC itself is built for use from
// several threads). JitSession is not `Sync`: every method takes `&mut self` or `&self` on one
// owner, and the driver only uses its session under the process-wide compile lock, so no two
// threads touch the LLJIT at once. Code it produced may be called from any thread.
unsafe impl Send for JitSession {}

impl JitSession {
    /// Creates an LLJIT for the host, with process symbols (libm, libc) visible and the
    /// runtime's symbols (`oxjit_runtime::symbols()`) defined.
    pub fn new() -> Result<JitSession, String> {
        crate::target::init_native()?;
        let mut jtmb: LLVMOrcJITTargetMachineBuilderRef = std::ptr::null_mut();
        // SAFETY: DetectHost writes a new builder to `jtmb` on success; on failure it returns
        // the error and leaves `jtmb` unset.
        check(unsafe { LLVMOrcJITTargetMachineBuilderDetectHost(&mut jtmb) }, "cannot describe the host for the JIT")?;
        let mut jit: LLVMOrcLLJITRef = std::ptr::null_mut();
        // SAFETY: the builder takes ownership of `jtmb`, and LLVMOrcCreateLLJIT takes
        // ownership of (and disposes) the builder whether it succeeds or not.
        let err = unsafe {
            let builder = LLVMOrcCreateLLJITBuilder();
            LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
            LLVMOrcCreateLLJIT(&mut jit, builder)
        };
        check(err, "cannot create the ORC LLJIT")?;
        let errors: Box<ReportedErrors> = Box::new(Mutex::new(Vec::new()));
        // SAFETY: `jit` is a live LLJIT; its main JITDylib lives as long as it does.
        let main = unsafe { LLVMOrcLLJITGetMainJITDylib(jit) };
        // From here on, Drop disposes the LLJIT on every error path.
        let mut session = JitSession { jit, main, errors };
        // SAFETY: the reporter context is the boxed error list, whose address is stable and
        // outlives the LLJIT (see Drop: the LLJIT is disposed first).
        unsafe {
            let es = LLVMOrcLLJITGetExecutionSession(session.jit);
            let ctx = &*session.errors as *const ReportedErrors as *mut c_void;
            LLVMOrcExecutionSessionSetErrorReporter(es, report_error, ctx);
        }
        let mut generator: LLVMOrcDefinitionGeneratorRef = std::ptr::null_mut();
        // SAFETY: `generator` receives a new generator on success; the global prefix is the
        // LLJIT's (empty on ELF); no filter.
        let err = unsafe {
            LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&mut generator, LLVMOrcLLJITGetGlobalPrefix(session.jit), None, std::ptr::null_mut())
        };
        check(err, "cannot create the process symbol generator")?;
        // SAFETY: the JITDylib takes ownership of the generator.
        unsafe { LLVMOrcJITDylibAddGenerator(session.main, generator) };
        session.add_library_fallbacks();
        session.define_symbols(&oxjit_runtime::symbols())?;
        Ok(session)
    }

    /// Searches libm and libgcc_s themselves after the process. When this library was loaded
    /// with `RTLD_LOCAL` (a Python extension) by a program that does not link them, their
    /// symbols are not in the process's global scope: libm's `exp`, `fmod`, `pow` ..., and
    /// libgcc's `__powidf2`, `__divti3` ..., which LLVM's code generator calls for some
    /// intrinsics. Best effort: a library that cannot be opened is skipped.
    fn add_library_fallbacks(&mut self) {
        #[cfg(target_os = "linux")]
        for lib in [c"libm.so.6", c"libgcc_s.so.1"] {
            let mut generator: LLVMOrcDefinitionGeneratorRef = std::ptr::null_mut();
            // SAFETY: as for the process generator; the path is a NUL-terminated literal.
            let err = unsafe {
                LLVMOrcCreateDynamicLibrarySearchGeneratorForPath(&mut generator, lib.as_ptr(), LLVMOrcLLJITGetGlobalPrefix(self.jit), None, std::ptr::null_mut())
            };
            if take_error(err).is_none() && !generator.is_null() {
                // SAFETY: the JITDylib takes ownership of the generator.
                unsafe { LLVMOrcJITDylibAddGenerator(self.main, generator) };
            }
        }
    }

    /// The JIT's target triple.
    pub fn triple(&self) -> String {
        // SAFETY: the LLJIT owns the string; we copy it before any other call.
        unsafe { CStr::from_ptr(LLVMOrcLLJITGetTripleString(self.jit)).to_string_lossy().into_owned() }
    }

    /// Defines absolute symbols `name -> address` (C-ABI functions or data of this process)
    /// in the main JITDylib. Each name may be defined once per session.
    pub fn define_symbols(&mut self, symbols: &[(&str, usize)]) -> Result<(), String> {
        if symbols.is_empty() {
            return Ok(());
        }
        let names: Vec<CString> = symbols.iter().map(|(n, _)| c_string(n)).collect::<Result<_, _>>()?;
        let flags = LLVMJITSymbolFlags {
            GenericFlags: LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsExported as u8
                | LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsCallable as u8,
            TargetFlags: 0,
        };
        let mut pairs: Vec<LLVMOrcCSymbolMapPair> = names
            .iter()
            .zip(symbols)
            .map(|(name, (_, addr))| LLVMOrcCSymbolMapPair {
                // SAFETY: interning returns a new reference to a pool entry; the
                // materialization unit created below takes over that reference.
                Name: unsafe { LLVMOrcLLJITMangleAndIntern(self.jit, name.as_ptr()) },
                Sym: LLVMJITEvaluatedSymbol { Address: *addr as LLVMOrcExecutorAddress, Flags: LLVMJITSymbolFlags { ..flags } },
            })
            .collect();
        // SAFETY: LLVMOrcAbsoluteSymbols copies the pairs and takes over the names' pool
        // references. JITDylibDefine takes ownership of the unit only on success; on failure
        // (a name already defined) the unit is still ours and is disposed here.
        let err = unsafe {
            let mu = LLVMOrcAbsoluteSymbols(pairs.as_mut_ptr(), pairs.len());
            let err = LLVMOrcJITDylibDefine(self.main, mu);
            if !err.is_null() {
                LLVMOrcDisposeMaterializationUnit(mu);
            }
            err
        };
        check(err, "cannot define symbols in the JIT")
    }

    /// Adds a relocatable object (from [`crate::target::HostTarget::emit_object`]) to the main
    /// JITDylib. Its code is linked lazily, on the first lookup of one of its symbols.
    pub fn add_object(&mut self, object: MemoryBuffer<'static>) -> Result<(), String> {
        let buf = object.as_mut_ptr();
        // The LLJIT takes ownership of the buffer (success or not): do not free it ourselves.
        std::mem::forget(object);
        // SAFETY: `buf` is a live memory buffer whose ownership passes to the LLJIT.
        let err = unsafe { LLVMOrcLLJITAddObjectFile(self.jit, self.main, buf) };
        check(err, "cannot add the object to the JIT")
    }

    /// The address of a symbol (unmangled name), linking the object that defines it first.
    pub fn lookup(&self, name: &str) -> Result<usize, String> {
        let cname = c_string(name)?;
        if let Ok(mut e) = self.errors.lock() {
            e.clear();
        }
        let mut addr: LLVMOrcExecutorAddress = 0;
        // SAFETY: `jit` is live; `addr` receives the address on success.
        let err = unsafe { LLVMOrcLLJITLookup(self.jit, &mut addr, cname.as_ptr()) };
        if let Some(msg) = take_error(err) {
            let reported = self.errors.lock().map(|mut e| std::mem::take(&mut *e)).unwrap_or_default();
            let mut text = format!("JIT lookup of `{name}` failed: {msg}");
            for r in reported {
                text.push_str("; ");
                text.push_str(&r);
            }
            return Err(text);
        }
        if addr == 0 {
            return Err(format!("JIT lookup of `{name}` returned a null address"));
        }
        Ok(addr as usize)
    }
}

impl Drop for JitSession {
    fn drop(&mut self) {
        // SAFETY: we own the LLJIT; disposing it frees its code and stops all error reports,
        // before `self.errors` (the reporter's context) is freed after this function.
        let err = unsafe { LLVMOrcDisposeLLJIT(self.jit) };
        // A failure while tearing down has nowhere to go; consume it so it is not leaked.
        let _ = take_error(err);
    }
}

/// Prepares a module's symbols for a JIT session where every module shares one namespace:
/// every definition except `entry` becomes internal (invisible to the linker, and free for
/// LLVM to inline, specialise and delete), and `entry` is renamed to `entry + tag`.
///
/// The caller picks a `tag` no earlier module in the session used (the driver uses `.c<N>`
/// with a per-session counter), so no two objects ever define the same symbol. Declarations
/// (libm, runtime helpers) and `llvm.*` globals are left alone. Call this before optimising,
/// so the optimiser sees the internal linkage. Returns the entry's final name.
pub fn internalize_and_tag(module: &Module, entry: &str, tag: &str) -> Result<String, String> {
    let f = module.get_function(entry).ok_or_else(|| format!("the module has no entry function `{entry}`"))?;
    if f.count_basic_blocks() == 0 {
        return Err(format!("the entry function `{entry}` is only declared"));
    }
    let keep = |name: &CStr, linkage: Linkage| {
        name.to_bytes().starts_with(b"llvm.") || matches!(linkage, Linkage::Internal | Linkage::Private | Linkage::Appending)
    };
    for g in module.get_functions() {
        if g != f && g.count_basic_blocks() > 0 && !keep(g.get_name(), g.get_linkage()) {
            g.set_linkage(Linkage::Internal);
        }
    }
    for g in module.get_globals() {
        if !g.is_declaration() && !keep(g.get_name(), g.get_linkage()) {
            g.set_linkage(Linkage::Internal);
        }
    }
    let gv = f.as_global_value();
    gv.set_name(&format!("{entry}{tag}"));
    f.set_linkage(Linkage::External);
    // LLVM appends a number if the name was taken; report the name it really has.
    Ok(gv.get_name().to_string_lossy().into_owned())
}
