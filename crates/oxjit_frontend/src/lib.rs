//! oxjit's frontend: Python source in, typed control-flow-graph IR out. No LLVM, no PyO3.
//!
//! ```text
//! Host::source ─► syntax (ruff_python_parser, dedent) ─► lower (AST → mir::Body, names resolved
//!   through Host::global) ─► typeck (unification over the CFG; templates per feature) ─► Program
//! ```
//!
//! - [`types`]: `Ty`, printing as Numba prints, signature strings, argument-slot layout.
//! - [`host`]: the `Host` trait, the only way in from Python (source, globals frozen at compile time).
//! - [`diagnostics`]: `Diagnostic` as data and its renderer (file:line:col, source line, carets).
//! - [`mir`]: the CFG IR, its ids and its text dump.
//! - [`lower`]: AST → MIR, one function at a time (scopes, globals, loops, short-circuits).
//! - [`typeck`]: inference; [`templates`]: typing rules of operators and calls, per family;
//!   [`np_array`]: NumPy array construction and array methods.
//! - [`program`]: the set of function instances one compile needs (callees, recursion).
//!
//! Example (with the in-memory test host):
//! ```ignore
//! let prog = oxjit_frontend::program::build(&host, root, &[Ty::F64], &Options::default())?;
//! println!("{}", prog.instances[0].typed.body.dump(Some(&prog.instances[0].typed.local_tys)));
//! ```

pub mod diagnostics;
pub mod host;
pub mod lower;
pub mod mir;
pub mod np_array;
pub mod np_more;
pub mod np_random;
pub mod parallel;
pub mod program;
pub mod syntax;
pub mod templates;
pub mod typeck;
pub mod types;
pub mod webs;

#[cfg(test)]
mod tests;

pub use diagnostics::{DiagKind, Diagnostic};
pub use typeck::lists;
pub use ruff_text_size::TextRange;
pub use host::{FuncId, GlobalValue, Host};
pub use types::{Layout, Scalar, Signature, Ty};

/// What happens on a float or integer division by zero.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum ErrorModel {
    /// Raise `ZeroDivisionError` (Numba's default for `@njit`).
    #[default]
    Python,
    /// Return inf/nan (ints: 0), as NumPy does.
    Numpy,
}

/// Compilation options that change the generated code (part of the specialisation key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Options {
    pub boundscheck: bool,
    /// LLVM fast-math flags as a bit set (see `FASTMATH_*`); 0 = strict IEEE.
    pub fastmath: u32,
    pub error_model: ErrorModel,
    pub parallel: bool,
    pub nogil: bool,
    /// LLVM optimisation level 0..=3.
    pub opt_level: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options { boundscheck: false, fastmath: 0, error_model: ErrorModel::Python, parallel: false, nogil: false, opt_level: 3 }
    }
}

/// Fast-math flag bits (the names Numba accepts in `fastmath={...}`).
pub const FASTMATH_NNAN: u32 = 1;
pub const FASTMATH_NINF: u32 = 2;
pub const FASTMATH_NSZ: u32 = 4;
pub const FASTMATH_ARCP: u32 = 8;
pub const FASTMATH_CONTRACT: u32 = 16;
pub const FASTMATH_AFN: u32 = 32;
pub const FASTMATH_REASSOC: u32 = 64;
pub const FASTMATH_FAST: u32 = 127;

/// Parses one fast-math flag name (`nnan`, `ninf`, `nsz`, `arcp`, `contract`, `afn`, `reassoc`, `fast`).
pub fn fastmath_flag(name: &str) -> Option<u32> {
    Some(match name {
        "nnan" => FASTMATH_NNAN,
        "ninf" => FASTMATH_NINF,
        "nsz" => FASTMATH_NSZ,
        "arcp" => FASTMATH_ARCP,
        "contract" => FASTMATH_CONTRACT,
        "afn" => FASTMATH_AFN,
        "reassoc" => FASTMATH_REASSOC,
        "fast" => FASTMATH_FAST,
        _ => return None,
    })
}
