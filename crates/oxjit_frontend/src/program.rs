//! The program one compile produces: the root function instance and every jitted callee
//! instance it reaches, each typed for its own argument types.

use std::rc::Rc;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::host::{FuncId, Host};
use crate::mir::TypedBody;
use crate::types::Ty;
use crate::Options;

/// One function typed for one tuple of argument types.
#[derive(Debug)]
pub struct Instance {
    pub func: FuncId,
    pub params: Vec<Ty>,
    pub typed: TypedBody,
    pub file: Rc<SourceFile>,
    /// A unique LLVM symbol name for the inner function (`oxjit.<name>.<n>`).
    pub symbol: String,
    pub options: Options,
    /// With `options.parallel`: the `prange` loops that run on the thread pool.
    pub parallel: Vec<crate::parallel::ParallelLoop>,
}

/// All instances of one compile; `instances[0]` is the root.
#[derive(Debug, Default)]
pub struct Program {
    pub instances: Vec<Instance>,
    /// Warnings for the host to show (unsafe or serial `prange` loops ...).
    pub warnings: Vec<Diagnostic>,
}

impl Program {
    /// The index of the instance of `func` for `params`.
    pub fn find(&self, func: FuncId, params: &[Ty]) -> Option<usize> {
        self.instances.iter().position(|i| i.func == func && i.params == params)
    }
}

/// Parses, lowers and types `root` for `args`, and every callee it reaches.
pub fn build(host: &dyn Host, root: FuncId, args: &[Ty], opts: &Options) -> Result<Program, Diagnostic> {
    crate::typeck::build_program(host, root, args, opts)
}
