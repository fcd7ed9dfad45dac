//! The one place where compiler diagnostics, runtime error slots and Rust panics become
//! Python exceptions.
//!
//! - `Diagnostic` → `oxjit.TypingError` / `oxjit.UnsupportedError` / `oxjit.InternalError`
//!   (classes defined once, in `oxjit/errors.py`, imported here once), with the rendered text
//!   as message and `filename`, `lineno`, `col`, `code` attributes from the primary label.
//! - `ErrSlot` filled by compiled code → the builtin exception it names (`ZeroDivisionError` ...).
//! - a panic anywhere below a Python entry point → `oxjit.InternalError` ([`guard`]).
//!
//! ```text
//! oxjit.TypingError: error[E0301]: cannot add `int64` and `unicode_type`
//!  --> kernels/demo.py:4:12
//! ```

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use oxjit_frontend::{DiagKind, Diagnostic};
use oxjit_runtime::{ErrSlot, ExcKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The three exception classes of `oxjit.errors`, in `DiagKind` order.
static CLASSES: PyOnceLock<[Py<PyType>; 3]> = PyOnceLock::new();

fn class(py: Python<'_>, kind: DiagKind) -> PyResult<Bound<'_, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<_> {
        let m = py.import("oxjit.errors")?;
        let get = |name: &str| -> PyResult<Py<PyType>> {
            Ok(m.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok([
            get("TypingError")?,
            get("UnsupportedError")?,
            get("InternalError")?,
        ])
    })?;
    let i = match kind {
        DiagKind::Typing => 0,
        DiagKind::Unsupported => 1,
        DiagKind::Internal | DiagKind::Warning => 2,
    };
    Ok(classes[i].bind(py).clone())
}

/// An exception of `oxjit.errors` with its location attributes.
fn make(
    py: Python<'_>,
    kind: DiagKind,
    msg: String,
    loc: Option<(String, u32, u32)>,
    code: Option<&str>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = class(py, kind)?;
        let kw = PyDict::new(py);
        if let Some((file, line, col)) = loc {
            kw.set_item("filename", file)?;
            kw.set_item("lineno", line)?;
            kw.set_item("col", col)?;
        }
        if let Some(code) = code {
            kw.set_item("code", code)?;
        }
        Ok(PyErr::from_value(cls.call((msg,), Some(&kw))?))
    };
    build().unwrap_or_else(|e| e)
}

/// The Python exception for a compiler diagnostic.
pub fn from_diagnostic(py: Python<'_>, diag: &Diagnostic) -> PyErr {
    make(
        py,
        diag.kind,
        diag.render(),
        diag.location(),
        Some(diag.code),
    )
}

/// `oxjit.TypingError(msg)` with no location.
pub fn typing(py: Python<'_>, msg: impl Into<String>) -> PyErr {
    make(py, DiagKind::Typing, msg.into(), None, None)
}

/// `oxjit.UnsupportedError(msg)` with no location.
pub fn unsupported(py: Python<'_>, msg: impl Into<String>) -> PyErr {
    make(py, DiagKind::Unsupported, msg.into(), None, None)
}

/// `oxjit.InternalError(msg)`: a bug in oxjit.
pub fn internal(py: Python<'_>, msg: impl Into<String>) -> PyErr {
    let msg = msg.into();
    make(
        py,
        DiagKind::Internal,
        format!("internal compiler error: {msg}\n(this is a bug in oxjit; please report it)"),
        None,
        None,
    )
}

/// The message a panic carried.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a Rust panic without a message".to_string()
    }
}

/// `oxjit.InternalError` for a caught panic.
pub fn from_panic(py: Python<'_>, payload: Box<dyn Any + Send>) -> PyErr {
    internal(py, format!("panic: {}", panic_message(&*payload)))
}

/// Runs `f`, turning a panic into `oxjit.InternalError`. Every Python entry point of this
/// extension goes through here (PyO3's own handler would raise `PanicException`, a
/// `BaseException` that `except Exception` does not catch).
pub fn guard<R>(py: Python<'_>, f: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(from_panic(py, payload)),
    }
}

/// The exception compiled code reported through its error slot (status 1).
/// User-defined exception classes compiled code can raise, by registration order (they stay
/// alive for the process, as the compiled code that names them does).
static USER_EXCEPTIONS: std::sync::Mutex<Vec<Py<PyType>>> = std::sync::Mutex::new(Vec::new());

/// The number compiled code raises `cls` by (the same number for the same class).
pub fn register_user_exception(py: Python<'_>, cls: &Bound<'_, PyType>) -> u32 {
    let mut list = USER_EXCEPTIONS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = list.iter().position(|c| c.bind(py).is(cls)) {
        return i as u32;
    }
    list.push(cls.clone().unbind());
    (list.len() - 1) as u32
}

pub fn from_slot(py: Python<'_>, slot: &ErrSlot) -> PyErr {
    if let Some(index) = slot.user_class() {
        let (_, msg) = slot.take();
        let cls = USER_EXCEPTIONS.lock().unwrap_or_else(|e| e.into_inner()).get(index as usize).map(|c| c.clone_ref(py));
        let Some(cls) = cls else {
            return internal(py, format!("compiled code raised the unknown user exception #{index}"));
        };
        let exc = match msg {
            Some(m) => cls.bind(py).call1((m,)),
            None => cls.bind(py).call0(),
        };
        return match exc {
            Ok(e) => PyErr::from_value(e),
            Err(e) => e,
        };
    }
    let (kind, msg) = slot.take();
    if kind == ExcKind::None {
        return internal(
            py,
            "compiled code reported an error without an exception class",
        );
    }
    let build = || -> PyResult<PyErr> {
        let module = if kind == ExcKind::AxisError { "numpy.exceptions" } else { "builtins" };
        let cls = py.import(module)?.getattr(kind.name())?;
        let exc = match msg {
            Some(m) => cls.call1((m,))?,
            None => cls.call0()?,
        };
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}
