//! The host `TargetMachine`: the CPU this process runs on, the `default<On>` optimisation
//! pipeline, and object / assembly emission.
//!
//! One [`HostTarget`] is created per driver (per codegen level) and reused for every compile:
//! creating a `TargetMachine` and initialising the native target are fixed costs we pay once.
//! Code is generated for the exact host CPU (`znver3`, `skylake` ...) with all its features,
//! position independent (PIC), default code model; object code therefore is not portable to
//! another CPU, and any on-disk cache key must include [`HostTarget::cpu`] and
//! [`HostTarget::features`].
//!
//! ```ignore
//! let target = HostTarget::new(3)?;
//! target.prepare(&module);             // triple + data layout
//! target.optimize(&module, 3)?;        // default<O3>, loop + SLP vectorisation
//! let obj = target.emit_object(&module)?;
//! jit.add_object(obj)?;
//! ```

use std::sync::OnceLock;

use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple};
use inkwell::OptimizationLevel;

/// A fresh LLVM context for one compile. (Lets the driver own the per-compile context
/// without depending on inkwell itself: inkwell stays inside this crate.)
pub fn new_context() -> Context {
    Context::create()
}

/// Initialises LLVM's native target (code generator, asm printer and parser) once per process,
/// and passes the options in `OXJIT_LLVM_ARGS` (space-separated, as `llc` takes them, e.g.
/// `-align-loops=64`) to LLVM: a developer's tool for experiments on generated code.
pub fn init_native() -> Result<(), String> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        Target::initialize_native(&InitializationConfig::default())?;
        if let Ok(args) = std::env::var("OXJIT_LLVM_ARGS") {
            parse_llvm_args(&args);
        }
        Ok(())
    })
    .clone()
}

fn parse_llvm_args(args: &str) {
    let owned: Vec<std::ffi::CString> = std::iter::once("oxjit")
        .chain(args.split_whitespace())
        .filter_map(|a| std::ffi::CString::new(a).ok())
        .collect();
    let ptrs: Vec<*const std::ffi::c_char> = owned.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: `ptrs` holds `ptrs.len()` NUL-terminated strings that outlive the call; the
    // overview string is NUL-terminated. LLVM copies what it keeps. Called once, before any
    // compile, under the `OnceLock`.
    unsafe {
        inkwell::llvm_sys::support::LLVMParseCommandLineOptions(ptrs.len() as i32, ptrs.as_ptr(), c"oxjit".as_ptr());
    }
}

/// The host `TargetMachine` and what describes it.
pub struct HostTarget {
    tm: TargetMachine,
    triple: String,
    cpu: String,
    features: String,
    data_layout: String,
    codegen_level: u8,
}

// SAFETY: an LLVM TargetMachine holds no thread-affine state; it must only not be used by two
// threads at once (emission mutates its options). `HostTarget` has no interior sharing, so
// moving it to another thread is sound, and `&mut`/lock discipline in the driver keeps uses
// exclusive. It is deliberately not `Sync`.
unsafe impl Send for HostTarget {}

fn level_of(opt_level: u8) -> OptimizationLevel {
    match opt_level {
        0 => OptimizationLevel::None,
        1 => OptimizationLevel::Less,
        2 => OptimizationLevel::Default,
        _ => OptimizationLevel::Aggressive,
    }
}

impl HostTarget {
    /// Creates the host TargetMachine whose code generator runs at `codegen_level` (0..=3).
    pub fn new(codegen_level: u8) -> Result<HostTarget, String> {
        init_native()?;
        let triple = TargetMachine::get_default_triple();
        let target = Target::from_triple(&triple).map_err(|e| format!("no LLVM target for the host triple: {e}"))?;
        let cpu = TargetMachine::get_host_cpu_name().to_string();
        let features = TargetMachine::get_host_cpu_features().to_string();
        let codegen_level = codegen_level.min(3);
        let tm = target
            .create_target_machine(&triple, &cpu, &features, level_of(codegen_level), RelocMode::PIC, CodeModel::Default)
            .ok_or_else(|| format!("LLVM could not create a TargetMachine for {} ({cpu})", triple.as_str().to_string_lossy()))?;
        let data_layout = tm.get_target_data().get_data_layout().as_str().to_string_lossy().into_owned();
        let triple = tm.get_triple().as_str().to_string_lossy().into_owned();
        Ok(HostTarget { tm, triple, cpu, features, data_layout, codegen_level })
    }

    pub fn triple(&self) -> &str {
        &self.triple
    }
    /// The host CPU name as LLVM knows it (`znver3`).
    pub fn cpu(&self) -> &str {
        &self.cpu
    }
    /// The host CPU's feature string (`+avx2,+fma,...`).
    pub fn features(&self) -> &str {
        &self.features
    }
    pub fn data_layout(&self) -> &str {
        &self.data_layout
    }
    /// The optimisation level of the code generator (instruction selection, scheduling).
    pub fn codegen_level(&self) -> u8 {
        self.codegen_level
    }
    pub fn target_machine(&self) -> &TargetMachine {
        &self.tm
    }

    /// Sets the module's triple and data layout to this machine's (before optimising: the
    /// passes read the data layout, and vectorisation needs the target).
    pub fn prepare(&self, module: &Module) {
        module.set_triple(&TargetTriple::create(&self.triple));
        module.set_data_layout(&self.tm.get_target_data().get_data_layout());
    }

    /// Runs LLVM's standard pipeline `default<O{opt_level}>` (0..=3) over the module, with
    /// loop vectorisation, SLP vectorisation, interleaving and unrolling on.
    pub fn optimize(&self, module: &Module, opt_level: u8) -> Result<(), String> {
        let options = PassBuilderOptions::create();
        options.set_loop_vectorization(true);
        options.set_loop_slp_vectorization(true);
        options.set_loop_interleaving(true);
        options.set_loop_unrolling(true);
        let pipeline = format!("default<O{}>", opt_level.min(3));
        module.run_passes(&pipeline, &self.tm, options).map_err(|e| format!("LLVM pass pipeline {pipeline} failed: {e}"))
    }

    /// Generates an ELF relocatable object for the module.
    ///
    /// Code generation runs LLVM IR passes (CodeGenPrepare ...) that change the module, so
    /// print its IR before calling this, not after.
    pub fn emit_object(&self, module: &Module) -> Result<MemoryBuffer<'static>, String> {
        self.tm.write_to_memory_buffer(module, FileType::Object).map_err(|e| format!("LLVM object emission failed: {e}"))
    }

    /// Generates assembly text for the module (same caveat as [`HostTarget::emit_object`]).
    pub fn emit_asm(&self, module: &Module) -> Result<String, String> {
        let buf = self.tm.write_to_memory_buffer(module, FileType::Assembly).map_err(|e| format!("LLVM assembly emission failed: {e}"))?;
        Ok(String::from_utf8_lossy(buf.as_slice()).into_owned())
    }

    /// Parses textual LLVM IR (as `Module::print_to_string` wrote it) into a fresh context and
    /// generates its assembly: how assembly is produced on demand, after the compile.
    pub fn asm_from_ir(&self, ir: &str) -> Result<String, String> {
        let ctx = Context::create();
        let buf = MemoryBuffer::create_from_memory_range_copy(ir.as_bytes(), "oxjit.asm");
        let module = ctx.create_module_from_ir(buf).map_err(|e| format!("cannot re-parse the optimised IR: {e}"))?;
        self.emit_asm(&module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_target_describes_the_host() {
        let t = HostTarget::new(3).unwrap();
        assert!(t.triple().starts_with("x86_64") || t.triple().starts_with("aarch64"), "{}", t.triple());
        assert!(!t.cpu().is_empty());
        assert!(t.data_layout().starts_with('e'), "{}", t.data_layout());
        assert_eq!(t.codegen_level(), 3);
    }
}
