//! The C-ABI runtime that compiled code calls. It knows no compiler crate.
//!
//! In: calls from JIT-compiled code through `extern "C"` symbols registered with the JIT
//! (see `oxjit_codegen::jit`). Out: error reports the dispatcher turns into Python exceptions.
//!
//! - [`ErrSlot`]: the error slot every compiled function receives. An `inner` function returns
//!   status `1` after filling it; the dispatcher reads `kind` and the message.
//! - `oxjit_rt_*`: helpers too large or too rare to inline (formatting a message ...).
//! - [`memory`]: reference-counted blocks ([`MemInfo`]) for arrays allocated by compiled code:
//!   `oxjit_rt_alloc`, `oxjit_rt_incref`, `oxjit_rt_decref`, external wraps, statistics.
//! - `pool` (private): recycles large freed blocks so their pages stay resident; bounded by
//!   [`DEFAULT_POOL_LIMIT`] / `OXJIT_POOL_LIMIT` / [`oxjit_rt_set_pool_limit`].
//! - `stats` (private): per-thread allocation counters (no atomic read-modify-writes) behind
//!   [`oxjit_rt_stats`].
//! - [`random`]: `np.random` for compiled code: a per-thread MT19937 that reproduces Numba's
//!   (and NumPy's legacy `RandomState`) streams after `oxjit_rt_random_seed`.
//! - [`parallel`]: the thread pool behind `prange` loops, thread counts, thread ids.
//! - [`str`]: Python strings (PEP 393 layout): building, searching, splitting, joining;
//!   `str_tables` (generated) classifies characters as CPython does.
//! - [`list`], [`dict`]: the refcounted containers of compiled code (Python lists and
//!   `typed.List`; `dict` and `typed.Dict`), items in the entry wrapper's slot layout.
//! - [`objects`]: host objects (NumPy arrays borrowed from Python) adopted by a MemInfo when
//!   compiled code stores them into a container.

pub mod dict;
pub mod list;
pub mod memory;
pub mod objects;
pub mod parallel;
mod pool;
pub mod random;
pub mod sort;
mod stats;
pub mod str;
mod str_tables;

pub use memory::{
    oxjit_rt_alloc, oxjit_rt_alloc_zeroed, oxjit_rt_decref, oxjit_rt_incref, oxjit_rt_meminfo_data, oxjit_rt_meminfo_destroy, oxjit_rt_meminfo_refcount,
    oxjit_rt_meminfo_size, oxjit_rt_pool_trim, oxjit_rt_set_pool_limit, oxjit_rt_stats, oxjit_rt_wrap_external, stats, Dtor, MemInfo, RtStats, DATA_ALIGN,
    MEMINFO_ALIGN, MEMINFO_DATA_OFFSET, MEMINFO_DTOR_DATA_OFFSET, MEMINFO_DTOR_OFFSET, MEMINFO_REFCOUNT_OFFSET, MEMINFO_SIZE, MEMINFO_SIZE_OFFSET,
};
pub use pool::{parse_size, DEFAULT_POOL_LIMIT, POOL_LIMIT_ENV, POOL_MIN_BLOCK};

/// Status returned by compiled functions.
pub const STATUS_OK: i32 = 0;
pub const STATUS_ERROR: i32 = 1;

/// The Python exception class an error slot stands for.
#[repr(u32)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExcKind {
    None = 0,
    ZeroDivisionError = 1,
    IndexError = 2,
    ValueError = 3,
    TypeError = 4,
    OverflowError = 5,
    AssertionError = 6,
    RuntimeError = 7,
    KeyError = 8,
    NotImplementedError = 9,
    ArithmeticError = 10,
    MemoryError = 11,
    Exception = 12,
    StopIteration = 13,
    FloatingPointError = 14,
    /// `numpy.exceptions.AxisError` (a ValueError and an IndexError).
    AxisError = 15,
}

impl ExcKind {
    pub const ALL: [ExcKind; 16] = [
        ExcKind::None,
        ExcKind::ZeroDivisionError,
        ExcKind::IndexError,
        ExcKind::ValueError,
        ExcKind::TypeError,
        ExcKind::OverflowError,
        ExcKind::AssertionError,
        ExcKind::RuntimeError,
        ExcKind::KeyError,
        ExcKind::NotImplementedError,
        ExcKind::ArithmeticError,
        ExcKind::MemoryError,
        ExcKind::Exception,
        ExcKind::StopIteration,
        ExcKind::FloatingPointError,
        ExcKind::AxisError,
    ];

    pub fn from_u32(v: u32) -> ExcKind {
        ExcKind::ALL.get(v as usize).copied().unwrap_or(ExcKind::RuntimeError)
    }

    /// The Python class name, as `raise NAME(...)` spells it.
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::None => "None",
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::IndexError => "IndexError",
            ExcKind::ValueError => "ValueError",
            ExcKind::TypeError => "TypeError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::AssertionError => "AssertionError",
            ExcKind::RuntimeError => "RuntimeError",
            ExcKind::KeyError => "KeyError",
            ExcKind::NotImplementedError => "NotImplementedError",
            ExcKind::ArithmeticError => "ArithmeticError",
            ExcKind::MemoryError => "MemoryError",
            ExcKind::Exception => "Exception",
            ExcKind::StopIteration => "StopIteration",
            ExcKind::FloatingPointError => "FloatingPointError",
            ExcKind::AxisError => "AxisError",
        }
    }

    pub fn from_name(name: &str) -> Option<ExcKind> {
        ExcKind::ALL.iter().copied().find(|k| k.name() == name && *k != ExcKind::None)
    }
}

/// Error-slot kinds from this value up name a user-defined exception class: kind
/// `USER_EXCEPTION_BASE + i` is the `i`-th class the Python side registered (the compiled
/// code knows only the number; `oxjit_python` maps it back to the class object).
pub const USER_EXCEPTION_BASE: u32 = 1 << 16;

/// The error slot: `{ u32 kind, u32 has_msg, const u8 *msg, u64 msg_len }`.
///
/// Compiled code writes a pointer to a message that lives in the JIT-ed module's constant
/// data (static for the life of the code), so no allocation happens on the error path.
#[repr(C)]
#[derive(Debug)]
pub struct ErrSlot {
    pub kind: u32,
    pub has_msg: u32,
    pub msg: *const u8,
    pub msg_len: u64,
}

impl Default for ErrSlot {
    fn default() -> Self {
        ErrSlot { kind: 0, has_msg: 0, msg: std::ptr::null(), msg_len: 0 }
    }
}

impl ErrSlot {
    /// The exception class and message the compiled code reported.
    /// The index of the user-defined exception class the slot names, if it names one.
    pub fn user_class(&self) -> Option<u32> {
        self.kind.checked_sub(USER_EXCEPTION_BASE)
    }

    pub fn take(&self) -> (ExcKind, Option<String>) {
        let kind = ExcKind::from_u32(self.kind);
        let msg = if self.has_msg != 0 && !self.msg.is_null() {
            // SAFETY: compiled code stores a pointer/length pair into its own constant data,
            // which lives as long as the JIT-ed code (never unloaded while callable).
            let bytes = unsafe { std::slice::from_raw_parts(self.msg, self.msg_len as usize) };
            Some(String::from_utf8_lossy(bytes).into_owned())
        } else {
            None
        };
        (kind, msg)
    }
}

/// Symbols compiled code may call, with their addresses, for registration with the JIT.
///
/// LLVM declarations matching these (`ptr` is the MemInfo pointer, `i64` is `usize`):
///
/// ```text
/// declare ptr  @oxjit_rt_alloc(i64 %size, i64 %align)          ; null on failure
/// declare ptr  @oxjit_rt_alloc_zeroed(i64 %size, i64 %align)   ; null on failure
/// declare void @oxjit_rt_incref(ptr %mi)                        ; null-safe
/// declare void @oxjit_rt_decref(ptr %mi)                        ; null-safe; may run a destructor
/// declare void @oxjit_rt_meminfo_destroy(ptr %mi)               ; after an inlined decref hit zero
/// declare ptr  @oxjit_rt_meminfo_data(ptr %mi)
/// declare i64  @oxjit_rt_meminfo_size(ptr %mi)
/// declare ptr  @oxjit_rt_wrap_external(ptr %data, i64 %size, ptr %dtor, ptr %dtor_data)
/// ```
///
/// and the `oxjit_rt_random_*` functions, whose signatures [`random`] lists.
///
/// Statistics and pool control (`oxjit_rt_stats`, `oxjit_rt_set_pool_limit`,
/// `oxjit_rt_pool_trim`) are for the host, which calls them directly, and are not listed.
pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut syms = vec![
        ("oxjit_rt_alloc", oxjit_rt_alloc as *const () as usize),
        ("oxjit_rt_alloc_zeroed", oxjit_rt_alloc_zeroed as *const () as usize),
        ("oxjit_rt_incref", oxjit_rt_incref as *const () as usize),
        ("oxjit_rt_decref", oxjit_rt_decref as *const () as usize),
        ("oxjit_rt_meminfo_destroy", oxjit_rt_meminfo_destroy as *const () as usize),
        ("oxjit_rt_meminfo_data", oxjit_rt_meminfo_data as *const () as usize),
        ("oxjit_rt_meminfo_size", oxjit_rt_meminfo_size as *const () as usize),
        ("oxjit_rt_wrap_external", oxjit_rt_wrap_external as *const () as usize),
    ];
    syms.extend(random::symbols());
    syms.extend(list::symbols());
    syms.extend(dict::symbols());
    syms.extend(objects::symbols());
    syms.extend(sort::symbols());
    syms.extend(parallel::symbols());
    syms.extend(str::symbols());
    syms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exc_names_roundtrip() {
        for k in ExcKind::ALL.iter().skip(1) {
            assert_eq!(ExcKind::from_name(k.name()), Some(*k));
            assert_eq!(ExcKind::from_u32(*k as u32), *k);
        }
    }

    #[test]
    fn symbols_are_unique_and_non_null() {
        let syms = symbols();
        let mut names: Vec<_> = syms.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), syms.len());
        assert!(syms.iter().all(|(n, a)| n.starts_with("oxjit_rt_") && *a != 0));
    }

    #[test]
    fn slot_layout_is_c() {
        assert_eq!(std::mem::size_of::<ErrSlot>(), 24);
        let msg = "bad n";
        let slot = ErrSlot { kind: ExcKind::ValueError as u32, has_msg: 1, msg: msg.as_ptr(), msg_len: 5 };
        assert_eq!(slot.take(), (ExcKind::ValueError, Some("bad n".into())));
    }
}
