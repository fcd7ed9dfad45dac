//! The process-wide compiler: one `Driver` behind one lock, created on the first compile.
//!
//! A compile holds the GIL (the host reads Python objects) and the compile lock. A thread that
//! finds the lock taken waits for it with the GIL released, so the thread holding the lock can
//! take the GIL back for its host calls; a compile that re-enters on the same thread (Python code
//! run by the host calling a jitted function that needs compiling) is refused rather than
//! deadlocking.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, TryLockError};

use oxjit_driver::{Compiled, Driver};
use oxjit_frontend::{FuncId, Options, Ty};
use pyo3::prelude::*;

use crate::errors;
use crate::host::PyHost;

/// The driver, created lazily. It is never dropped: compiled code lives in its JIT session.
struct DriverSlot(Option<Driver>);

static DRIVER: Mutex<DriverSlot> = Mutex::new(DriverSlot(None));

thread_local! {
    static COMPILING: Cell<bool> = const { Cell::new(false) };
}

fn lock(py: Python<'_>) -> MutexGuard<'static, DriverSlot> {
    loop {
        match DRIVER.try_lock() {
            Ok(g) => return g,
            // A panic inside a compile poisons the lock; the driver stays usable (see `compile`).
            Err(TryLockError::Poisoned(p)) => return p.into_inner(),
            Err(TryLockError::WouldBlock) => py.detach(|| drop(DRIVER.lock())),
        }
    }
}

struct Reentry;
impl Drop for Reentry {
    fn drop(&mut self) {
        COMPILING.with(|c| c.set(false));
    }
}

/// Runs `f` with the process-wide driver (created on first use) under the compile lock,
/// refusing same-thread re-entry; a diagnostic becomes the Python exception, a panic
/// `oxjit.InternalError`.
pub(crate) fn with_driver<T>(
    py: Python<'_>,
    f: impl FnOnce(&mut Driver, &PyHost<'_>) -> Result<T, oxjit_frontend::Diagnostic>,
) -> PyResult<T> {
    if COMPILING.with(|c| c.replace(true)) {
        return Err(errors::internal(
            py,
            "a compile started while another compile was running on the same thread",
        ));
    }
    let _reentry = Reentry;
    let mut slot = lock(py);
    if slot.0.is_none() {
        let made = catch_unwind(Driver::new);
        slot.0 = Some(match made {
            Ok(Ok(d)) => d,
            Ok(Err(msg)) => {
                return Err(errors::internal(
                    py,
                    format!("cannot start the compiler: {msg}"),
                ))
            }
            Err(payload) => return Err(errors::from_panic(py, payload)),
        });
    }
    let driver = slot.0.as_mut().expect("created above");
    let host = PyHost { py };
    match catch_unwind(AssertUnwindSafe(|| f(driver, &host))) {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(diag)) => Err(errors::from_diagnostic(py, &diag)),
        Err(payload) => Err(errors::from_panic(py, payload)),
    }
}

/// Compiles `func` for `args` (and `ret` when a signature gave it).
pub fn compile(
    py: Python<'_>,
    func: FuncId,
    args: &[Ty],
    ret: Option<&Ty>,
    opts: &Options,
) -> PyResult<Compiled> {
    let compiled = with_driver(py, |driver, host| driver.compile(host, func, args, ret, opts))?;
    warn(py, &compiled.warnings)?;
    Ok(compiled)
}

/// Shows the compiler's warnings as Python warnings (`oxjit.errors.NumbaPerformanceWarning`
/// for code paths that lose speed, `NumbaParallelSafetyWarning` for racy parallel code).
pub fn warn(py: Python<'_>, warnings: &[(String, String)]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let errors = py.import("oxjit.errors")?;
    let warn = py.import("warnings")?.getattr("warn")?;
    for (code, text) in warnings {
        let class = match code.as_str() {
            "W0320" => "NumbaPerformanceWarning",
            "W0321" => "NumbaParallelSafetyWarning",
            _ => "OxjitWarning",
        };
        warn.call1((text.as_str(), errors.getattr(class)?, 2))?;
    }
    Ok(())
}
