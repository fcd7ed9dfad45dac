//! NumPy sorting, searching and linear algebra inside compiled code: typing rules (being
//! written). Intrinsics named `new.<op>` return a freshly allocated array (or a tuple of
//! them); `more.<op>` anything else (scalars, None, views). Both are lowered by
//! `oxjit_codegen::emit::more`.

use crate::np_array::Arg;
use crate::templates::CallRule;
use crate::types::ArrayTy;

/// The positional parameters of `np.<name>` (for placing keyword arguments), or `None` when
/// this family does not type `name`.
pub fn params_of(name: &str) -> Option<&'static [&'static str]> {
    let _ = name;
    None
}

/// Types `np.<name>(args...)` (keyword arguments already placed).
pub fn call(name: &str, args: &[Arg]) -> Option<CallRule> {
    let _ = (name, args);
    None
}

/// Whether `a.<name>(...)` is an array method of this family.
pub fn is_method(name: &str) -> bool {
    let _ = name;
    false
}

/// Types `a.<name>(args...)`; `Ok(None)` when the method is not of this family.
pub fn method(name: &str, a: &ArrayTy, args: &[Arg]) -> Result<Option<CallRule>, String> {
    let _ = (name, a, args);
    Ok(None)
}
