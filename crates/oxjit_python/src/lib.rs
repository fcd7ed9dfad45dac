//! `oxjit._native`: every line of PyO3 in oxjit. The Python package (`python/oxjit/`) imports it
//! from `oxjit/decorators.py` only.
//!
//! In: Python functions with their decorator options and explicit signatures. Out: a callable
//! `Dispatcher` per function that compiles once per argument-type key (through
//! `oxjit_driver::Driver`) and calls the machine code with the arguments unboxed on the stack.
//!
//! - [`dispatcher`]: the `Dispatcher` type (hand-made, with a vectorcall slot), the call path,
//!   keyword/default binding, `signatures`, `inspect_*`, `compile`, `recompile`.
//! - [`unbox`]: argument objects → type-key codes and native slots in one pass; NumPy arrays read
//!   straight from `PyArrayObject`. [`keys`]: the key encoding and Numba's conversion rules.
//! - [`boxing`]: native results → Python objects.
//! - [`typed`]: `oxjit.typed.Dict` / `List` (the runtime's containers seen from Python), and
//!   the hooks that keep NumPy arrays stored in containers alive.
//! - [`host`]: `oxjit_frontend::Host` over Python functions (source, frozen globals, the
//!   function-id registry).
//! - [`compile`]: the process-wide `Driver` behind the compile lock.
//! - [`threads`]: thread counts for `parallel=True` loops (the runtime's pool).
//! - [`errors`]: diagnostics, error slots and panics → Python exceptions, in one place.
//!
//! ```python
//! from oxjit import _native
//! def add(a, b):
//!     return a + b
//! fast_add = _native.Dispatcher(add, {"nopython": True}, ["int64(int64, int64)"])
//! fast_add(1, 2)   # 3, through compiled code
//! ```

mod boxing;
mod compile;
mod dispatcher;
mod errors;
mod host;
mod keys;
mod lists;
mod threads;
mod typed;
mod ufunc;
mod unbox;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The type oxjit gives `value` as an argument, as data for `oxjit.types._from_desc`.
#[pyfunction]
#[pyo3(name = "typeof")]
fn typeof_<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || dispatcher::typeof_desc(py, value))
}

/// Parses a signature string and returns it normalised (`"float64(array(float64, 1d, A))"`).
#[pyfunction]
fn parse_signature(py: Python<'_>, text: &str) -> PyResult<String> {
    errors::guard(py, || {
        oxjit_frontend::types::parse_signature(text)
            .map(|s| s.to_string())
            .map_err(pyo3::exceptions::PyTypeError::new_err)
    })
}

/// Test hook: what the compiler's host reads as the source of a dispatcher's function.
#[pyfunction]
fn _host_source<'py>(
    py: Python<'py>,
    dispatcher: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    errors::guard(py, || dispatcher::host_source(py, dispatcher))
}

/// Test hook: the `GlobalValue` the compiler's host gives a free name of a dispatcher's function.
#[pyfunction]
fn _host_global(py: Python<'_>, dispatcher: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    errors::guard(py, || dispatcher::host_global(py, dispatcher, name))
}

/// Test hook: panics inside the guard every entry point uses, to check that a Rust panic
/// reaches Python as `oxjit.InternalError` (never as PyO3's `PanicException`).
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, message: &str) -> PyResult<()> {
    errors::guard(py, || panic!("{message}"))
}

/// The runtime's memory statistics (`oxjit_runtime::RtStats`) as a dict: allocations, frees,
/// live blocks and bytes, pool hits and misses, pooled bytes, system bytes.
#[pyfunction]
fn runtime_stats<'py>(py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    errors::guard(py, || {
        let s = oxjit_runtime::stats();
        let d = pyo3::types::PyDict::new(py);
        d.set_item("allocs", s.allocs)?;
        d.set_item("frees", s.frees)?;
        d.set_item("live_blocks", s.live_blocks)?;
        d.set_item("live_bytes", s.live_bytes)?;
        d.set_item("pool_hits", s.pool_hits)?;
        d.set_item("pool_misses", s.pool_misses)?;
        d.set_item("pooled_blocks", s.pooled_blocks)?;
        d.set_item("pooled_bytes", s.pooled_bytes)?;
        d.set_item("pool_limit", s.pool_limit)?;
        d.set_item("system_bytes", s.system_bytes)?;
        Ok(d)
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    errors::guard(py, || {
        m.add("Dispatcher", dispatcher::type_object(py)?)?;
        m.add_function(wrap_pyfunction!(typeof_, m)?)?;
        m.add_function(wrap_pyfunction!(runtime_stats, m)?)?;
        m.add_class::<boxing::MemInfoOwner>()?;
        m.add_class::<typed::TypedDict>()?;
        m.add_class::<typed::TypedList>()?;
        typed::register_hooks();
        m.add_function(wrap_pyfunction!(parse_signature, m)?)?;
        m.add_function(wrap_pyfunction!(ufunc::make_ufunc, m)?)?;
        ufunc::register_gufunc(m)?;
        threads::register(m)?;
        m.add_function(wrap_pyfunction!(_host_source, m)?)?;
        m.add_function(wrap_pyfunction!(_host_global, m)?)?;
        m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
        Ok(())
    })
}
