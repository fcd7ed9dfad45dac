//! Typed IR to machine code: the only crate (with none other) that uses inkwell.
//!
//! - [`target`]: the host `TargetMachine` (CPU name and features), the `default<O3>` pipeline,
//!   object and assembly emission.
//! - [`jit`]: the ORC LLJIT session fed with our object code; runtime and libm symbols.
//! - [`emit`]: `Program` (typed MIR instances) → one LLVM module: an inner function per
//!   instance and the root's entry wrapper.

pub mod emit;
pub mod jit;
pub mod target;
