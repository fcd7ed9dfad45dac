//! The driver: stage order of one compile, and the process-wide JIT.
//!
//! ```text
//! Driver::compile(host, func, arg types, options)
//!   → oxjit_frontend::program::build   (parse, lower, infer: every instance reached)
//!   → oxjit_codegen::emit_module       (one LLVM module: inner functions + the root's entry wrapper)
//!   → optimise (default<O3>, host CPU) → object code → JitSession::add_object → entry address
//! ```
//! Dumps: `OXJIT_DUMP=mir,llvm,asm` prints stages to stderr; `OXJIT_TIMING=1` prints per-stage times.

use oxjit_frontend::{Diagnostic, FuncId, Host, Options, Ty};
pub use oxjit_runtime::ErrSlot;

/// `i32 entry(const u8 *args, u8 *ret, ErrSlot *err)`: the one wrapper shape the dispatcher calls.
pub type EntryFn = unsafe extern "C" fn(*const u8, *mut u8, *mut ErrSlot) -> i32;

/// A compiled specialisation, ready to call.
#[derive(Debug)]
pub struct Compiled {
    pub entry: EntryFn,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// Typed IR of the root function, annotated for `inspect_types()`.
    pub typed_dump: String,
    /// Optimised LLVM IR of the whole module (`inspect_llvm()`).
    pub llvm_ir: String,
    /// Assembly for the host CPU (`inspect_asm()`).
    pub asm: String,
}

// SAFETY: `entry` points into JIT memory that is never freed while the process lives, and the
// rest is plain owned data.
unsafe impl Send for Compiled {}
unsafe impl Sync for Compiled {}

/// The process-wide compiler: one JIT session and one TargetMachine, reused for every compile.
pub struct Driver {
    _private: (),
}

impl Driver {
    pub fn new() -> Result<Driver, String> {
        todo!("driver")
    }

    /// Compiles `func` for `args` (and `ret`, when a signature gave it).
    pub fn compile(&mut self, host: &dyn Host, func: FuncId, args: &[Ty], ret: Option<&Ty>, opts: &Options) -> Result<Compiled, Diagnostic> {
        let _ = (host, func, args, ret, opts);
        todo!("driver")
    }
}
