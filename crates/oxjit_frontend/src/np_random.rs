//! `np.random.*` inside compiled code: typing rules (being written).
//!
//! Lowered by `oxjit_codegen::emit::random` onto the runtime's generator
//! (`oxjit_runtime::random`).

use crate::np_array::Arg;
use crate::templates::CallRule;

/// The positional parameters of `np.random.<name>` (for placing keyword arguments), or
/// `None` when `name` is not supported.
pub fn params_of(name: &str) -> Option<&'static [&'static str]> {
    let _ = name;
    None
}

/// Types `np.random.<name>(args...)` (keyword arguments already placed).
pub fn call(name: &str, args: &[Arg]) -> Option<CallRule> {
    let _ = (name, args);
    None
}
