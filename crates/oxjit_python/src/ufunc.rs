//! `@vectorize([...signatures...])`: a genuine `numpy.ufunc` whose inner loops oxjit compiled.
//!
//! In: a `Dispatcher` holding the scalar kernel (it gives the compiler's host the source and
//! the options; `oxjit/vectorize.py` makes it with `error_model="numpy"`), the signature texts,
//! the ufunc's name, doc and identity. Out: the object `PyUFunc_FromFuncAndData` returns, with one
//! loop per signature in signature order, so NumPy's own type resolution, broadcasting, `out=`,
//! `where=`, `reduce`, `accumulate`, `outer` and `at` apply unchanged.
//!
//! ```python
//! from oxjit import _native
//! kernel = _native.Dispatcher(add, {"error_model": "numpy"}, [])
//! uf = _native.make_ufunc(kernel, ["float64(float64, float64)"], "add", None, 0)
//! uf(np.arange(3.0), 1.0)      # array([1., 2., 3.])
//! ```
//!
//! Every loop gets the same data pointer, [`report_error`]: the loop calls it with the error slot
//! when the kernel raises (a bounds check, an explicit `raise`) and stops; it takes the GIL and
//! sets the Python exception, which NumPy raises when the loop returns.
//!
//! `make_gufunc` does the same for `@guvectorize`: a layout such as `"(m,n),(n)->(m)"`, one
//! kernel per signature taking array views (outputs last), and
//! `PyUFunc_FromFuncAndDataAndSignature`; the loop is `oxjit_codegen::emit::gufunc_loop`.
//!
//! **Called from compiled code.** Every ufunc made here is registered (see [`host_value`]) by its
//! loop array, which is leaked and so unique for the life of the process: the compiler's host
//! turns a global holding one into `GlobalValue::UFunc` (the kernel dispatcher and the loops'
//! types), so `@njit` code and other kernels can call it on scalars and arrays. A `LazyUFunc`
//! is recognised by its class and gives its kernel with no loops. Generalized ufuncs are
//! registered too, only to be refused with a clear message.
//!
//! **Lifetimes.** NumPy keeps pointers to the loop, data, type and name arrays for the life of the
//! ufunc and never frees them, so they are leaked (`Box::leak`, a few bytes per ufunc). The
//! machine code lives in the process-wide driver's JIT session (`compile.rs`), never dropped.

use std::ffi::{c_char, c_int, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use numpy::npyffi::{PyUFuncGenericFunction, PY_UFUNC_API};
use numpy::{PyArrayDescr, PyArrayDescrMethods};
use oxjit_driver::{operand_kind, CoreLayout, ErrSlot, OperandKind, UfuncLoop};
use oxjit_frontend::types::{parse_signature, Signature};
use oxjit_frontend::types::{ArrayTy, Layout};
use oxjit_frontend::host::UFuncDef;
use oxjit_frontend::{GlobalValue, Options, Scalar, Ty};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::{dispatcher, errors};

/// One ufunc made by `make_ufunc` or `make_gufunc`.
struct Registered {
    /// The ufunc's `functions` array (leaked, so never reused by another object).
    functions: usize,
    /// The kernel dispatcher, kept alive so that its id stays valid for the compiler.
    _kernel: Py<PyAny>,
    /// What compiled code sees; `None` for a generalized ufunc (not callable there yet).
    def: Option<UFuncDef>,
    name: String,
}

/// The oxjit ufuncs of this process. NumPy's ufunc objects take no weak references, and
/// their loops are leaked anyway, so entries are never removed.
static REGISTERED: std::sync::Mutex<Vec<Registered>> = std::sync::Mutex::new(Vec::new());

fn registered() -> std::sync::MutexGuard<'static, Vec<Registered>> {
    REGISTERED.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `functions` pointer of a `numpy.ufunc` object.
fn functions_of(obj: &Bound<'_, PyAny>) -> usize {
    // SAFETY: callers pass an instance of `numpy.ufunc` (which cannot be subclassed), whose
    // layout is `PyUFuncObject`; the field is only read.
    unsafe { (*obj.as_ptr().cast::<numpy::npyffi::PyUFuncObject>()).fields.functions as usize }
}

fn register(obj: &Bound<'_, PyAny>, kernel: &Bound<'_, PyAny>, def: Option<UFuncDef>, name: &str) {
    registered().push(Registered { functions: functions_of(obj), _kernel: kernel.clone().unbind(), def, name: name.to_string() });
}

/// What compiled code may do with `v` when it is an oxjit ufunc: `GlobalValue::UFunc` for a
/// `@vectorize` ufunc (eager or lazy), `Unsupported` for a generalized one; `None` for any
/// other object. `is_ufunc` says whether `v` is a `numpy.ufunc` (checked by the caller).
pub fn host_value(py: Python<'_>, v: &Bound<'_, PyAny>, is_ufunc: bool) -> PyResult<Option<GlobalValue>> {
    if is_ufunc {
        let f = functions_of(v);
        return Ok(registered().iter().find(|r| r.functions == f).map(|r| match &r.def {
            Some(d) => GlobalValue::UFunc(d.clone()),
            None => GlobalValue::Unsupported(format!(
                "the generalized ufunc `{}` (calling a @guvectorize function from compiled code is not supported yet)",
                r.name
            )),
        }));
    }
    // The lazy forms are Python objects of `oxjit.vectorize`; without that module loaded
    // there are none.
    let Ok(module) = py.import("sys")?.getattr("modules")?.get_item("oxjit.vectorize") else {
        return Ok(None);
    };
    if v.is_instance(&module.getattr("LazyUFunc")?)? {
        let kernel = v.getattr("_kernel")?;
        let Some(id) = dispatcher::id_of(&kernel) else {
            return Ok(Some(GlobalValue::Unsupported("a lazy ufunc without its kernel".into())));
        };
        let name: String = v.getattr("__name__")?.extract()?;
        return Ok(Some(GlobalValue::UFunc(UFuncDef { name, kernel: id, loops: Vec::new() })));
    }
    if v.is_instance(&module.getattr("LazyGUFunc")?)? {
        let name: String = v.getattr("__name__")?.extract()?;
        return Ok(Some(GlobalValue::Unsupported(format!(
            "the lazy generalized ufunc `{name}` (calling a @guvectorize function from compiled code is not supported yet)"
        ))));
    }
    Ok(None)
}

/// NumPy's `PyUFunc_Zero`, `PyUFunc_One`, `PyUFunc_None`, `PyUFunc_ReorderableNone`.
const PYUFUNC_ZERO: c_int = 0;
const PYUFUNC_ONE: c_int = 1;
const PYUFUNC_NONE: c_int = -1;
const PYUFUNC_REORDERABLE_NONE: c_int = -2;

/// Compiles the ufunc loop of dispatcher `func` for one signature, with the dispatchers'
/// driver (one JIT session and one compile lock for the process).
fn compile_loop(
    py: Python<'_>,
    func: oxjit_frontend::FuncId,
    sig: &Signature,
    opts: &Options,
) -> PyResult<UfuncLoop> {
    crate::compile::with_driver(py, |driver, host| driver.compile_ufunc_loop(host, func, &sig.args, sig.ret.as_ref(), opts))
}

/// The loops' data pointer: sets the Python exception for the kernel error in `err`.
///
/// Called by compiled loops, usually with the GIL released (NumPy drops it around loops over
/// plain dtypes), at most once per loop call.
unsafe extern "C" fn report_error(err: *const ErrSlot, status: i32) {
    // A panic must not unwind into NumPy's C frames; if attaching fails (the interpreter is
    // finalizing) there is nobody to report to.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        Python::attach(|py| {
            let e = if status == 1 && !err.is_null() {
                // SAFETY: the loop passes its own error slot, filled by the kernel and alive for
                // the duration of this call.
                errors::from_slot(py, unsafe { &*err })
            } else {
                errors::internal(
                    py,
                    format!("a ufunc loop reported the unknown status {status}"),
                )
            };
            e.restore(py);
        });
    }));
}

/// The compiled loop as NumPy's `PyUFuncGenericFunction`.
fn numpy_loop(lp: &UfuncLoop) -> PyUFuncGenericFunction {
    // SAFETY: both are C function pointers with the same four pointer-sized arguments and no
    // result; they differ only in the const-ness of the pointees.
    let f = unsafe {
        std::mem::transmute::<
            oxjit_driver::UfuncLoopFn,
            unsafe extern "C" fn(*mut *mut c_char, *mut isize, *mut isize, *mut c_void),
        >(lp.function)
    };
    Some(f)
}

/// NumPy's identity code for `identity=` (Numba's `parse_identity`).
fn identity_code(v: &Bound<'_, PyAny>) -> PyResult<c_int> {
    if v.is_none() {
        return Ok(PYUFUNC_NONE);
    }
    if let Ok(s) = v.cast::<PyString>() {
        if s.to_str()? == "reorderable" {
            return Ok(PYUFUNC_REORDERABLE_NONE);
        }
    } else if v.eq(0)? {
        return Ok(PYUFUNC_ZERO);
    } else if v.eq(1)? {
        return Ok(PYUFUNC_ONE);
    }
    Err(PyValueError::new_err(format!(
        "Invalid identity {}: expected None, 0, 1 or \"reorderable\"",
        v.repr()?
    )))
}

/// NumPy's type number of a scalar type.
fn type_num(py: Python<'_>, t: &Ty) -> PyResult<c_char> {
    let Ty::Scalar(s) = t else {
        return Err(PyTypeError::new_err(format!(
            "a vectorized function takes and returns scalars, not {t}"
        )));
    };
    scalar_type_num(py, *s)
}

/// NumPy's type number of a dtype.
fn scalar_type_num(py: Python<'_>, s: Scalar) -> PyResult<c_char> {
    let num = PyArrayDescr::new(py, s.name())?.num();
    c_char::try_from(num)
        .map_err(|_| errors::internal(py, format!("NumPy type number {num} does not fit a char")))
}

/// A NUL-free C string of `s` (NULs dropped: they cannot appear in a name or docstring NumPy prints).
fn leak_cstring(s: &str) -> *const c_char {
    let c = CString::new(s.replace('\0', "")).expect("NULs removed");
    Box::leak(c.into_boxed_c_str()).as_ptr()
}

/// Builds the ufunc: compiles one loop per signature (in order) and registers them.
#[pyfunction]
#[pyo3(signature = (dispatcher, signatures, name, doc, identity))]
pub fn make_ufunc<'py>(
    py: Python<'py>,
    dispatcher: &Bound<'py, PyAny>,
    signatures: Vec<String>,
    name: &str,
    doc: Option<&str>,
    identity: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let id = dispatcher::id_of(dispatcher).ok_or_else(|| {
            PyTypeError::new_err("make_ufunc() needs an oxjit Dispatcher holding the kernel")
        })?;
        let identity = identity_code(identity)?;
        if signatures.is_empty() {
            return Err(PyTypeError::new_err(
                "make_ufunc() needs at least one signature",
            ));
        }
        // A missing source is the user's error, and clearer said here than from the compiler.
        dispatcher::source_of(py, id).map_err(|e| errors::typing(py, e))?;
        let opts = dispatcher::options_of(py, id).unwrap_or_default();

        let mut parsed = Vec::with_capacity(signatures.len());
        for text in &signatures {
            let sig = parse_signature(text).map_err(PyTypeError::new_err)?;
            for t in sig.args.iter().chain(sig.ret.as_ref()) {
                if !matches!(t, Ty::Scalar(_)) {
                    return Err(PyTypeError::new_err(format!(
                        "signature '{text}': a vectorized function takes and returns scalars, not {t} (use @guvectorize for array arguments)"
                    )));
                }
            }
            if let Some(first) = parsed.first().map(|s: &Signature| s.args.len()) {
                if sig.args.len() != first {
                    return Err(PyTypeError::new_err(format!(
                        "signature '{text}' has {} arguments but the first one has {first}: every signature of a ufunc has the same number of inputs",
                        sig.args.len()
                    )));
                }
            }
            parsed.push(sig);
        }
        let nin = parsed[0].args.len();
        if nin == 0 {
            return Err(PyTypeError::new_err(
                "a vectorized function needs at least one argument",
            ));
        }

        let mut funcs: Vec<PyUFuncGenericFunction> = Vec::with_capacity(parsed.len());
        let mut types: Vec<c_char> = Vec::with_capacity(parsed.len() * (nin + 1));
        let mut loops = Vec::with_capacity(parsed.len());
        for sig in &parsed {
            let lp = compile_loop(py, id, sig, &opts)?;
            for t in lp.params.iter().chain(std::iter::once(&lp.ret)) {
                types.push(type_num(py, t)?);
            }
            funcs.push(numpy_loop(&lp));
            loops.push(Signature { args: lp.params.clone(), ret: Some(lp.ret.clone()) });
        }
        let ntypes = c_int::try_from(funcs.len())
            .map_err(|_| PyValueError::new_err("too many signatures"))?;
        let nin_c =
            c_int::try_from(nin).map_err(|_| PyValueError::new_err("too many arguments"))?;
        let report: unsafe extern "C" fn(*const ErrSlot, i32) = report_error;
        let data: Vec<*mut c_void> = vec![report as *mut c_void; funcs.len()];

        // NumPy keeps these pointers for the life of the ufunc and never frees them.
        let funcs = Box::leak(funcs.into_boxed_slice()).as_mut_ptr();
        let data = Box::leak(data.into_boxed_slice()).as_mut_ptr();
        let types = Box::leak(types.into_boxed_slice()).as_mut_ptr();
        let name_c = leak_cstring(name);
        let doc_c = doc.map_or(std::ptr::null(), leak_cstring);
        // The ufunc is made without loops and they are attached afterwards, as Numba's
        // DUFunc does: NumPy 2 then resolves a call by its legacy linear search (the first
        // loop, in signature order, every input casts to safely: float32 inputs of a
        // `[f8(f8), f4(f4)]` ufunc run the float64 loop, as under Numba), where loops given at
        // creation would also be matched exactly by dtype first.
        // SAFETY: no loops; the name and doc are NUL-terminated and leaked; the GIL is held.
        let obj = unsafe {
            PY_UFUNC_API.PyUFunc_FromFuncAndData(
                py,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
                nin_c,
                1,
                identity,
                name_c,
                doc_c,
                0,
            )
        };
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: `obj` is a new, not yet shared `numpy.ufunc` (layout `PyUFuncObject`); the
        // arrays hold `ntypes` loops, `ntypes` data pointers and `ntypes * (nin + 1)` type
        // numbers, and outlive the ufunc (leaked above); NumPy never frees them.
        unsafe {
            let f = &mut (*obj.cast::<numpy::npyffi::PyUFuncObject>()).fields;
            f.functions = funcs;
            f.data = data;
            f.types = types;
            f.ntypes = ntypes;
        }
        // SAFETY: a new reference returned by NumPy, checked non-null.
        let uf = unsafe { Bound::from_owned_ptr(py, obj) };
        register(&uf, dispatcher, Some(UFuncDef { name: name.to_string(), kernel: id, loops }), name);
        Ok(uf)
    })
}

/// The kernel's parameter types for one gufunc signature, and NumPy's loop type of each
/// operand. Array operands are compiled as `A`-layout writable views of their declared ndim
/// (NumPy's core strides are arbitrary), as Numba compiles them.
fn gufunc_params(text: &str, layout: &CoreLayout) -> PyResult<(Vec<Ty>, Vec<Scalar>)> {
    let sig = parse_signature(text).map_err(PyTypeError::new_err)?;
    if let Some(r) = sig.ret.as_ref().filter(|r| **r != Ty::None) {
        return Err(PyTypeError::new_err(format!(
            "signature '{text}': a guvectorized function returns nothing (void), not {r}; it writes its outputs, which are its last arguments"
        )));
    }
    if sig.args.len() != layout.args.len() {
        return Err(PyTypeError::new_err(format!(
            "signature '{text}' has {} arguments but the layout '{layout}' has {} operands ({} input{}, then {} output{})",
            sig.args.len(),
            layout.args.len(),
            layout.nin,
            if layout.nin == 1 { "" } else { "s" },
            layout.nout(),
            if layout.nout() == 1 { "" } else { "s" },
        )));
    }
    let mut params = Vec::with_capacity(sig.args.len());
    let mut dtypes = Vec::with_capacity(sig.args.len());
    for (k, t) in sig.args.iter().enumerate() {
        let kind = operand_kind(layout, k, t)
            .map_err(|m| PyTypeError::new_err(format!("signature '{text}' and layout '{layout}': {m}")))?;
        params.push(match kind {
            OperandKind::Scalar(s) => Ty::Scalar(s),
            OperandKind::OneElement { dtype } => Ty::Array(ArrayTy { dtype, ndim: 1, layout: Layout::A, readonly: false }),
            OperandKind::Array { dtype, ndim } => Ty::Array(ArrayTy { dtype, ndim, layout: Layout::A, readonly: false }),
        });
        dtypes.push(kind.dtype());
    }
    Ok((params, dtypes))
}

/// Builds a generalized ufunc: parses `layout` (`"(m,n),(n)->(m)"`), compiles one loop per
/// signature (`"void(float64[:,:], float64[:], float64[:])"`, in order) and registers them with
/// `PyUFunc_FromFuncAndDataAndSignature`, so NumPy does type resolution, broadcasting of the
/// outer dimensions, `out=`, `axes=` and `axis=`. `target="parallel"` splits large outer loops
/// over the runtime's thread pool.
#[pyfunction]
#[pyo3(signature = (dispatcher, signatures, layout, name, doc, identity, target="cpu"))]
#[allow(clippy::too_many_arguments)] // reason: one Python-facing constructor; each argument is a separate ufunc property
pub fn make_gufunc<'py>(
    py: Python<'py>,
    dispatcher: &Bound<'py, PyAny>,
    signatures: Vec<String>,
    layout: &str,
    name: &str,
    doc: Option<&str>,
    identity: &Bound<'py, PyAny>,
    target: &str,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let id = dispatcher::id_of(dispatcher).ok_or_else(|| {
            PyTypeError::new_err("make_gufunc() needs an oxjit Dispatcher holding the kernel")
        })?;
        let layout = CoreLayout::parse(layout).map_err(PyValueError::new_err)?;
        let identity = identity_code(identity)?;
        let parallel = match target {
            "cpu" => false,
            "parallel" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "make_gufunc(): unknown target {other:?} (expected \"cpu\" or \"parallel\")"
                )))
            }
        };
        if signatures.is_empty() {
            return Err(PyTypeError::new_err(
                "make_gufunc() needs at least one signature",
            ));
        }
        let parsed = signatures
            .iter()
            .map(|t| gufunc_params(t, &layout))
            .collect::<PyResult<Vec<_>>>()?;
        dispatcher::source_of(py, id).map_err(|e| errors::typing(py, e))?;
        let opts = dispatcher::options_of(py, id).unwrap_or_default();

        let mut funcs: Vec<PyUFuncGenericFunction> = Vec::with_capacity(parsed.len());
        let mut types: Vec<c_char> = Vec::with_capacity(parsed.len() * layout.args.len());
        for (params, dtypes) in &parsed {
            let lp = crate::compile::with_driver(py, |driver, host| {
                driver.compile_gufunc_loop(host, id, params, &layout, parallel, &opts)
            })?;
            for s in dtypes {
                types.push(scalar_type_num(py, *s)?);
            }
            funcs.push(numpy_loop(&lp));
        }
        let ntypes = c_int::try_from(funcs.len())
            .map_err(|_| PyValueError::new_err("too many signatures"))?;
        let nin = c_int::try_from(layout.nin)
            .map_err(|_| PyValueError::new_err("too many inputs"))?;
        let nout = c_int::try_from(layout.nout())
            .map_err(|_| PyValueError::new_err("too many outputs"))?;
        let report: unsafe extern "C" fn(*const ErrSlot, i32) = report_error;
        let data: Vec<*mut c_void> = vec![report as *mut c_void; funcs.len()];

        // NumPy keeps these pointers for the life of the ufunc and never frees them; it copies
        // the signature text into its own parsed form, but the leak keeps the rule simple.
        let funcs = Box::leak(funcs.into_boxed_slice()).as_mut_ptr();
        let data = Box::leak(data.into_boxed_slice()).as_mut_ptr();
        let types = Box::leak(types.into_boxed_slice()).as_mut_ptr();
        let name_c = leak_cstring(name);
        let doc_c = doc.map_or(std::ptr::null(), leak_cstring);
        let sig_c = leak_cstring(&layout.to_string());
        // SAFETY: the arrays hold `ntypes` loops, `ntypes` data pointers and
        // `ntypes * (nin + nout)` type numbers, and outlive the ufunc (leaked above); the name,
        // doc and signature are NUL-terminated and leaked too; the GIL is held.
        let obj = unsafe {
            PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
                py, funcs, data, types, ntypes, nin, nout, identity, name_c, doc_c, 0, sig_c,
            )
        };
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: a new reference returned by NumPy, checked non-null.
        let uf = unsafe { Bound::from_owned_ptr(py, obj) };
        register(&uf, dispatcher, None, name);
        Ok(uf)
    })
}

/// Parses a gufunc layout: `(nin, nout, core ndim of each operand, normalised text)`; a
/// `ValueError` saying what is wrong otherwise. The lazy `@guvectorize` checks its layout with
/// this when decorating, and builds its signatures from the core ndims.
#[pyfunction]
pub fn gufunc_layout(layout: &str) -> PyResult<(usize, usize, Vec<usize>, String)> {
    let l = CoreLayout::parse(layout).map_err(PyValueError::new_err)?;
    Ok((l.nin, l.nout(), l.args.iter().map(Vec::len).collect(), l.to_string()))
}

/// Adds `make_gufunc` and `gufunc_layout` to the extension module.
pub fn register_gufunc(m: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(make_gufunc, m)?)?;
    m.add_function(wrap_pyfunction!(gufunc_layout, m)?)?;
    Ok(())
}
