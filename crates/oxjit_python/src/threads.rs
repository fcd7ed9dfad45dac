//! Thread counts for `parallel=True` loops (`oxjit.set_num_threads` ...), over the runtime's
//! thread pool (`oxjit_runtime::parallel`). Validation of arguments is in `python/oxjit/parallel.py`.

use pyo3::prelude::*;

/// Sets the calling thread's thread count for parallel loops (`n >= 1`).
#[pyfunction]
fn _set_num_threads(n: i64) -> PyResult<()> {
    if oxjit_runtime::parallel::oxjit_rt_set_num_threads(n) != 0 {
        return Err(pyo3::exceptions::PyValueError::new_err("the number of threads must be at least 1"));
    }
    Ok(())
}

/// The calling thread's thread count for parallel loops.
#[pyfunction]
fn _get_num_threads() -> i64 {
    oxjit_runtime::parallel::oxjit_rt_get_num_threads()
}

/// The calling thread's index in the running parallel loop (0 outside one).
#[pyfunction]
fn _get_thread_id() -> i64 {
    oxjit_runtime::parallel::oxjit_rt_get_thread_id()
}

/// The default thread count of threads that never set one.
#[pyfunction]
fn _set_default_num_threads(n: i64) {
    oxjit_runtime::parallel::oxjit_rt_set_default_num_threads(n)
}

/// How many worker threads the pool has started.
#[pyfunction]
fn _pool_workers() -> i64 {
    oxjit_runtime::parallel::oxjit_rt_pool_workers()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_get_thread_id, m)?)?;
    m.add_function(wrap_pyfunction!(_set_default_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(_pool_workers, m)?)?;
    Ok(())
}
