//! `oxjit._native.Dispatcher`: the callable `@njit` returns.
//!
//! The type is built by hand with `PyType_FromSpec` rather than `#[pyclass]`, because PyO3
//! gives classes no vectorcall slot: calls would go through `tp_call` and a fresh argument
//! tuple (about 250 instructions more per call; see shared/toolchain.md §4). Here the object
//! stores its own `vectorcall` pointer (`__vectorcalloffset__`, honoured by `PyType_FromSpec`
//! since CPython 3.9 and in the limited API), so `f(a, b)` reaches [`call`] with the
//! arguments as a plain array.
//!
//! The hot path, for a call whose arguments fill the parameters positionally:
//! ```text
//! classify every argument (unbox::classify): key codes + native slots, on the stack
//!   → key equal to the last route's key?  else look it up / compile / convert (cold)
//!   → entry(args, ret, &err)  (GIL released when nogil=True)
//!   → box the result by its type, or raise what the error slot names
//! ```
//! Everything else here (keywords and defaults, compiling, `inspect_*`, attributes) is cold.
//!
//! State is read and written with the GIL held. Specialisations are leaked (`&'static`):
//! compiled code is never freed anyway, and it lets a call keep using its specialisation
//! while another thread compiles or `recompile()`s.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::mem::offset_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicUsize, Ordering};

use oxjit_driver::{Compiled, ErrSlot};
use oxjit_frontend::host::FuncSource;
use oxjit_frontend::types::{parse_signature, Signature, Ty};
use oxjit_frontend::{fastmath_flag, ErrorModel, FuncId, Options, FASTMATH_FAST};
use pyo3::exceptions::{PyReferenceError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFunction, PyList, PyString, PyTuple, PyType};

use crate::boxing::{box_value, boxable};
use crate::unbox::{classify, unbox_as, Words};
use crate::{compile, errors, host, keys};

/// `Py_TPFLAGS_HAVE_VECTORCALL` (public since 3.8; pyo3-ffi hides it before 3.12 under abi3,
/// but the bit is the same in every version).
const TPFLAGS_HAVE_VECTORCALL: std::ffi::c_ulong = 1 << 11;
const PY_VECTORCALL_ARGUMENTS_OFFSET: usize = 1 << (usize::BITS - 1);
const CO_VARARGS: i64 = 0x04;
const CO_VARKEYWORDS: i64 = 0x08;

/// The object layout. `vectorcall` must stay at the offset published as `__vectorcalloffset__`.
#[repr(C)]
pub struct DispatcherObject {
    ob_base: ffi::PyObject,
    vectorcall: Option<ffi::vectorcallfunc>,
    dict: *mut ffi::PyObject,
    weaklist: *mut ffi::PyObject,
    py_func: *mut ffi::PyObject,
    targetoptions: *mut ffi::PyObject,
    inner: *mut Inner,
}

/// The parameters of `py_func`, for binding keyword arguments and defaults.
struct Params {
    names: Vec<String>,
    /// The same names as the (interned) str objects of `co_varnames`, strong references: keyword
    /// names in calls are usually these very objects, so a pointer compare finds them.
    name_objs: NameObjs,
    posonly: usize,
    positional: usize,
    kwonly: usize,
    /// `*args`: the extra positional arguments are passed as one tuple after the positional
    /// parameters (the compiled function's last parameter).
    vararg: bool,
}

impl Params {
    fn total(&self) -> usize {
        self.positional + self.kwonly
    }
}

/// Owned references to parameter-name strings, released without PyO3's deferred pool (they are
/// dropped in `tp_dealloc`, with the GIL held).
struct NameObjs(Vec<*mut ffi::PyObject>);

impl Drop for NameObjs {
    fn drop(&mut self) {
        for p in self.0.drain(..) {
            // SAFETY: each pointer is a strong reference taken in `read_params`; the GIL is held
            // (Inner is dropped only in tp_dealloc or while a constructor fails under the GIL).
            unsafe { ffi::Py_DecRef(p) };
        }
    }
}

/// Most positional-plus-keyword arguments handled without allocating.
const FAST_KW_MAX: usize = 12;

/// The common return types, boxed without going through `box_value`.
#[derive(Copy, Clone)]
enum RetFast {
    I64,
    F64,
    Bool,
    General,
}

/// One compiled specialisation.
pub struct Spec {
    params: Vec<Ty>,
    ret_fast: RetFast,
    /// The return type a signature asked for (kept for `recompile`).
    explicit_ret: Option<Ty>,
    ret_words: usize,
    compiled: Compiled,
}

/// How calls with one type key run: which specialisation, and whether the arguments must be
/// converted to its parameter types first (explicit signatures only).
struct Route {
    key: Box<[u64]>,
    spec: &'static Spec,
    convert: bool,
}

struct Inner {
    id: FuncId,
    qualname: String,
    options: Options,
    /// Signatures were given at decoration: calls convert to them and never compile (Numba's rule).
    locked: bool,
    params: Params,
    specs: UnsafeCell<Vec<&'static Spec>>,
    routes: UnsafeCell<Vec<&'static Route>>,
    last: Cell<Option<&'static Route>>,
    source: RefCell<Option<FuncSource>>,
}

impl Inner {
    /// A copy of the specialisation list (so no reference into it lives across Python code).
    fn specs(&self) -> Vec<&'static Spec> {
        // SAFETY: only touched with the GIL held, and never while another borrow is live.
        unsafe { (*self.specs.get()).clone() }
    }

    fn find_route(&self, key: &[u64]) -> Option<&'static Route> {
        // SAFETY: as in `specs`; the routes themselves are 'static.
        unsafe {
            (*self.routes.get())
                .iter()
                .copied()
                .find(|r| *r.key == *key)
        }
    }

    fn add_route(&self, key: Box<[u64]>, spec: &'static Spec, convert: bool) -> &'static Route {
        let route: &'static Route = Box::leak(Box::new(Route { key, spec, convert }));
        // SAFETY: GIL held; no other borrow of `routes` is live.
        unsafe { (*self.routes.get()).push(route) };
        route
    }
}

static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TYPE_PTR: AtomicUsize = AtomicUsize::new(0);

/// The `Dispatcher` type object, created on first use.
pub fn type_object(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    let t = TYPE.get_or_try_init(py, || create_type(py))?;
    Ok(t.bind(py).clone())
}

fn is_dispatcher(obj: *mut ffi::PyObject) -> bool {
    let tp = TYPE_PTR.load(Ordering::Relaxed);
    // SAFETY: `obj` is a live object.
    tp != 0 && unsafe { ffi::Py_TYPE(obj) } as usize == tp
}

/// The id of `v` when it is a dispatcher.
pub fn id_of(v: &Bound<'_, PyAny>) -> Option<FuncId> {
    if !is_dispatcher(v.as_ptr()) {
        return None;
    }
    // SAFETY: `v` is a live DispatcherObject.
    let inner = unsafe { (*v.as_ptr().cast::<DispatcherObject>()).inner };
    // SAFETY: a non-null `inner` lives as long as its object.
    (!inner.is_null()).then(|| unsafe { (*inner).id })
}

/// A strong reference to the live dispatcher object of `id` (held while Python code runs,
/// so the object cannot be freed under us).
fn object_of(py: Python<'_>, id: FuncId) -> Option<Bound<'_, PyAny>> {
    // SAFETY: registered pointers are live DispatcherObjects (dealloc unregisters them first),
    // and with the GIL held nothing frees one between the lookup and the incref.
    host::object(id).map(|p| unsafe { Bound::from_borrowed_ptr(py, p) })
}

/// The fields of a dispatcher object the caller holds a reference to.
fn fields<'a>(obj: &'a Bound<'_, PyAny>) -> &'a DispatcherObject {
    // SAFETY: only called on objects of our type (from `object_of`), kept alive by `obj`.
    unsafe { &*obj.as_ptr().cast::<DispatcherObject>() }
}

/// The Python function behind dispatcher `id`.
pub fn py_func_of(py: Python<'_>, id: FuncId) -> Option<Bound<'_, PyAny>> {
    let obj = object_of(py, id)?;
    let f = fields(&obj).py_func;
    // SAFETY: a non-null py_func is a strong reference owned by the live dispatcher; we take our own.
    (!f.is_null()).then(|| unsafe { Bound::from_borrowed_ptr(py, f) })
}

/// The options of dispatcher `id`.
pub fn options_of(py: Python<'_>, id: FuncId) -> Option<Options> {
    let obj = object_of(py, id)?;
    let inner = fields(&obj).inner;
    // SAFETY: a non-null `inner` lives as long as its object, which `obj` keeps alive.
    (!inner.is_null()).then(|| unsafe { (*inner).options.clone() })
}

/// The source of dispatcher `id`'s function, read once and cached until `recompile()`.
pub fn source_of(py: Python<'_>, id: FuncId) -> Result<FuncSource, String> {
    let obj = object_of(py, id).ok_or_else(|| format!("function #{id} no longer exists"))?;
    let inner = fields(&obj).inner;
    if inner.is_null() {
        return Err(format!("function #{id} is not initialised"));
    }
    // SAFETY: as in `options_of`; `obj` lives until the end of this function.
    let inner = unsafe { &*inner };
    if let Some(s) = inner.source.borrow().as_ref() {
        return Ok(s.clone());
    }
    let f =
        py_func_of(py, id).ok_or_else(|| format!("the Python function of #{id} was cleared"))?;
    let src = host::read_source(py, &f)?;
    *inner.source.borrow_mut() = Some(src.clone());
    Ok(src)
}

// ---------------------------------------------------------------------------------------------
// The call path

/// Runs `f` attached to the interpreter the way PyO3 counts it, so that every `Py<T>` dropped
/// inside is released at once. (Under `Python::assume_attached` alone, PyO3 believes the thread
/// is detached and parks such references in its deferred-decref pool, which only drains when
/// PyO3 next attaches: an unbounded pile-up for code that raises in a loop.) `None` when PyO3
/// refuses to attach (interpreter finalizing).
fn attached<R>(f: impl FnOnce(Python<'_>) -> R) -> Option<R> {
    catch_unwind(AssertUnwindSafe(|| Python::attach(f))).ok()
}

/// Sets `e` as the current Python exception.
#[cold]
fn restore(e: PyErr) {
    let mut slot = Some(e);
    let done = attached(|py| {
        if let Some(e) = slot.take() {
            e.restore(py);
        }
    });
    if done.is_none() {
        if let Some(e) = slot.take() {
            // SAFETY: CPython calls our slots with the GIL held.
            e.restore(unsafe { Python::assume_attached() });
        }
    }
}

/// Turns a body's outcome into the C return value: the object, or NULL with the exception
/// set (a panic becomes `oxjit.InternalError`).
fn finish(outcome: std::thread::Result<PyResult<*mut ffi::PyObject>>) -> *mut ffi::PyObject {
    match outcome {
        Ok(Ok(obj)) => obj,
        Ok(Err(e)) => {
            restore(e);
            null_mut()
        }
        Err(payload) => {
            // SAFETY: CPython calls our slots with the GIL held.
            let py = unsafe { Python::assume_attached() };
            restore(errors::from_panic(py, payload));
            null_mut()
        }
    }
}

/// The wrapper of every C entry point but `vectorcall`: the body runs attached (see [`attached`]);
/// errors are restored as the Python exception, panics become `oxjit.InternalError`.
fn trampoline(f: impl FnOnce(Python<'_>) -> PyResult<*mut ffi::PyObject>) -> *mut ffi::PyObject {
    let mut f = Some(f);
    let outcome =
        attached(|py| catch_unwind(AssertUnwindSafe(|| (f.take().expect("called once"))(py))));
    match outcome {
        Some(o) => finish(o),
        None => {
            // SAFETY: CPython calls our slots with the GIL held.
            let py = unsafe { Python::assume_attached() };
            match f.take() {
                Some(f) => finish(catch_unwind(AssertUnwindSafe(|| f(py)))),
                None => null_mut(),
            }
        }
    }
}

/// The call slot. The common case (arguments positional, type key seen before) runs without
/// PyO3's attach bookkeeping and drops no `Py<T>`; everything else runs [`attached`].
unsafe extern "C" fn vectorcall(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls vectorcall with the GIL held.
    let py = unsafe { Python::assume_attached() };
    finish(catch_unwind(AssertUnwindSafe(|| {
        call(
            py,
            callable,
            args,
            nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET,
            kwnames,
        )
    })))
}

/// `tp_call`, for `PyObject_Call(f, args, kwargs)` (e.g. `f(*args, **kwargs)` on old paths).
unsafe extern "C" fn tp_call(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        // SAFETY: CPython passes a tuple and a dict or NULL, borrowed for the call.
        let args = unsafe { Bound::from_borrowed_ptr(py, args) }.cast_into::<PyTuple>()?;
        let mut items: Vec<Bound<'_, PyAny>> = args.iter().collect();
        let nargs = items.len();
        let mut names = Vec::new();
        if !kwargs.is_null() {
            // SAFETY: as above.
            let kw = unsafe { Bound::from_borrowed_ptr(py, kwargs) }.cast_into::<PyDict>()?;
            for (k, v) in kw.iter() {
                names.push(k);
                items.push(v);
            }
        }
        let ptrs: Vec<*mut ffi::PyObject> = items.iter().map(|b| b.as_ptr()).collect();
        let kwnames = if names.is_empty() {
            None
        } else {
            Some(PyTuple::new(py, names)?)
        };
        call(
            py,
            slf,
            ptrs.as_ptr(),
            nargs,
            kwnames.as_ref().map_or(null_mut(), |t| t.as_ptr()),
        )
    })
}

#[inline(always)]
fn inner_of<'a>(py: Python<'_>, slf: *mut ffi::PyObject) -> PyResult<&'a Inner> {
    // SAFETY: `slf` is a DispatcherObject (only our slots and methods call this).
    let inner = unsafe { (*slf.cast::<DispatcherObject>()).inner };
    if inner.is_null() {
        return Err(errors::internal(
            py,
            "Dispatcher used before it was initialised",
        ));
    }
    // SAFETY: `inner` lives as long as the object, which the caller holds.
    Ok(unsafe { &*inner })
}

#[inline(always)]
fn call(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwnames: *mut ffi::PyObject,
) -> PyResult<*mut ffi::PyObject> {
    let inner = inner_of(py, slf)?;
    if kwnames.is_null() && nargs == inner.params.total() && !inner.params.vararg {
        // SAFETY: CPython passes `nargs` live borrowed argument pointers.
        let argv = unsafe { std::slice::from_raw_parts(args, nargs) };
        return call_args(py, slf, inner, argv);
    }
    if let Some(r) = call_keywords_fast(py, slf, inner, args, nargs, kwnames) {
        return r;
    }
    attached(|py| {
        let bound = bind(py, slf, inner, args, nargs, kwnames)?;
        let ptrs: Vec<*mut ffi::PyObject> = bound.iter().map(|b| b.as_ptr()).collect();
        call_args(py, slf, inner, &ptrs)
    })
    .unwrap_or_else(|| {
        Err(errors::internal(
            py,
            "cannot attach to the interpreter (is it shutting down?)",
        ))
    })
}

/// `f(x, k=v)` with every parameter given, the keyword names being the function's own
/// (interned) name objects: placed by pointer compare into a stack array. `None` sends the call
/// to [`bind`] (defaults, errors, unusual name objects).
#[inline]
fn call_keywords_fast(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    inner: &Inner,
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwnames: *mut ffi::PyObject,
) -> Option<PyResult<*mut ffi::PyObject>> {
    let p = &inner.params;
    let total = p.total();
    if kwnames.is_null() || total > FAST_KW_MAX || p.vararg {
        return None;
    }
    // SAFETY: `kwnames` is a live tuple (vectorcall protocol).
    let nkw = unsafe { ffi::PyTuple_Size(kwnames) } as usize;
    if nargs + nkw != total {
        return None;
    }
    let mut argv = [null_mut::<ffi::PyObject>(); FAST_KW_MAX];
    for (i, slot) in argv.iter_mut().enumerate().take(nargs) {
        // SAFETY: CPython passes `nargs` positional arguments.
        *slot = unsafe { *args.add(i) };
    }
    for j in 0..nkw {
        // SAFETY: a borrowed item of the live kwnames tuple.
        let name = unsafe { ffi::PyTuple_GetItem(kwnames, j as ffi::Py_ssize_t) };
        let i = p.name_objs.0.iter().position(|n| *n == name)?;
        if i < p.posonly || !argv[i].is_null() {
            return None;
        }
        // SAFETY: the keyword values follow the positional ones.
        argv[i] = unsafe { *args.add(nargs + j) };
    }
    Some(call_args(py, slf, inner, &argv[..total]))
}

/// Raw pointers handed to the native call while the GIL is released.
struct NativeCall(*const u8, *mut u8, *mut ErrSlot);
// SAFETY: the pointed-to buffers live on this thread's stack (or heap) for the whole call,
// and nothing else touches them while the GIL is released.
unsafe impl Send for NativeCall {}

#[inline(always)]
fn call_args(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    inner: &Inner,
    argv: &[*mut ffi::PyObject],
) -> PyResult<*mut ffi::PyObject> {
    let mut key = Words::<16>::new();
    let mut slots = Words::<48>::new();
    // List arguments are unboxed into runtime lists, released when this returns.
    let lists = crate::lists::CallLists::new();
    for &a in argv {
        // SAFETY: the arguments are borrowed from the caller, which keeps them alive until we return.
        unsafe { classify(py, a, &mut key, &mut slots)? };
    }
    let route = match inner.last.get() {
        Some(r) if keys::same_key(&r.key, key.as_slice()) => r,
        _ => {
            let key = key.as_slice();
            let r = attached(|py| resolve(py, slf, inner, key)).unwrap_or_else(|| {
                Err(errors::internal(
                    py,
                    "cannot attach to the interpreter (is it shutting down?)",
                ))
            })?;
            inner.last.set(Some(r));
            r
        }
    };
    if route.convert {
        return call_converted(py, inner, route.spec, argv);
    }
    let r = invoke(py, inner, route.spec, slots.as_mut_ptr());
    if lists.any() {
        // Numba's reflection: changed lists are written back into the caller's lists, also
        // when the call raised (the exception raised by compiled code wins).
        if let Err(e) = lists.reflect(py) {
            match r {
                Ok(obj) => {
                    // SAFETY: drop the result we own.
                    unsafe { ffi::Py_DecRef(obj) };
                    return Err(e);
                }
                Err(first) => return Err(first),
            }
        }
    }
    r
}

/// The call of a route that converts its arguments to an explicit signature's types.
#[cold]
fn call_converted(
    py: Python<'_>,
    inner: &Inner,
    spec: &'static Spec,
    argv: &[*mut ffi::PyObject],
) -> PyResult<*mut ffi::PyObject> {
    let mut converted = Words::<48>::new();
    for (&a, t) in argv.iter().zip(&spec.params) {
        // SAFETY: as in `call_args`.
        unsafe { unbox_as(py, a, t, &mut converted)? };
    }
    invoke(py, inner, spec, converted.as_mut_ptr())
}

/// Runs the compiled entry on unboxed arguments and boxes its result.
#[inline(always)]
fn invoke(
    py: Python<'_>,
    inner: &Inner,
    spec: &'static Spec,
    args_ptr: *mut u64,
) -> PyResult<*mut ffi::PyObject> {
    let mut ret_stack = [0u64; 4];
    let mut ret_heap = Vec::new();
    let ret_ptr = if spec.ret_words <= ret_stack.len() {
        ret_stack.as_mut_ptr()
    } else {
        ret_heap.resize(spec.ret_words, 0u64);
        ret_heap.as_mut_ptr()
    };
    let mut err = ErrSlot {
        kind: 0,
        has_msg: 0,
        msg: std::ptr::null(),
        msg_len: 0,
    };
    let entry = spec.compiled.entry;
    let status = if inner.options.nogil {
        let c = NativeCall(args_ptr as *const u8, ret_ptr as *mut u8, &mut err);
        py.detach(move || {
            let c = c;
            // SAFETY: `entry` is the compiled wrapper for `spec.params`; the argument buffer
            // holds those slots, `ret` has room for `spec.compiled.ret`; array arguments stay
            // alive (borrowed by our caller) and compiled code never touches Python objects.
            unsafe { entry(c.0, c.1, c.2) }
        })
    } else {
        // SAFETY: as above, with the GIL held.
        unsafe { entry(args_ptr as *const u8, ret_ptr as *mut u8, &mut err) }
    };
    // Reference changes to Python objects made off the GIL during the call (arrays adopted
    // by containers in a `nogil` call or a parallel chunk).
    crate::typed::drain_pending(py);
    if status != 0 {
        return Err(call_error(py, status, &err));
    }
    let w: &[u64] = if spec.ret_words <= ret_stack.len() {
        &ret_stack
    } else {
        &ret_heap
    };
    // SAFETY: plain constructors of new objects, GIL held; `w` has `ret_words` words.
    let obj = unsafe {
        match spec.ret_fast {
            RetFast::I64 => ffi::PyLong_FromLongLong(w[0] as i64),
            RetFast::F64 => ffi::PyFloat_FromDouble(f64::from_bits(w[0])),
            RetFast::Bool => {
                let b = if w[0] & 0xff != 0 {
                    ffi::Py_True()
                } else {
                    ffi::Py_False()
                };
                ffi::Py_IncRef(b);
                b
            }
            RetFast::General => return box_value(py, &spec.compiled.ret, w, &mut 0),
        }
    };
    if obj.is_null() {
        return Err(PyErr::fetch(py));
    }
    Ok(obj)
}

#[cold]
fn call_error(py: Python<'_>, status: i32, err: &ErrSlot) -> PyErr {
    if status == 1 {
        errors::from_slot(py, err)
    } else {
        errors::internal(
            py,
            format!("compiled code returned the unknown status {status}"),
        )
    }
}

/// Whether passing `from` as `to` changes the slot words (scalar conversions do; arrays only
/// change layout or mutability, which the slot does not record).
fn needs_reunbox(from: &Ty, to: &Ty) -> bool {
    match (from, to) {
        (Ty::Tuple(a), Ty::Tuple(b)) => a.iter().zip(b.iter()).any(|(x, y)| needs_reunbox(x, y)),
        (Ty::Array(_), Ty::Array(_)) => false,
        _ => from != to,
    }
}

fn type_list(tys: &[Ty]) -> String {
    tys.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A type key seen for the first time: an existing route, a conversion to an explicit
/// signature, or a new compile.
#[cold]
fn resolve(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    inner: &Inner,
    key: &[u64],
) -> PyResult<&'static Route> {
    if let Some(r) = inner.find_route(key) {
        return Ok(r);
    }
    let tys = keys::decode(key);
    if !inner.locked {
        let spec = compile_spec(py, inner, tys.clone(), None)?;
        if let Some(r) = inner.find_route(key) {
            return Ok(r);
        }
        let convert = tys
            .iter()
            .zip(&spec.params)
            .any(|(a, p)| needs_reunbox(a, p));
        return Ok(inner.add_route(key.into(), spec, convert));
    }
    let mut best: Vec<(keys::Rating, &'static Spec)> = Vec::new();
    for spec in inner.specs() {
        if let Some(r) = keys::rate(&tys, &spec.params) {
            match best.first() {
                Some((b, _)) if r > *b => {}
                Some((b, _)) if r == *b => best.push((r, spec)),
                _ => best = vec![(r, spec)],
            }
        }
    }
    match best.as_slice() {
        [] => Err(PyTypeError::new_err(format!(
            "No matching definition for argument type(s) {}",
            type_list(&tys)
        ))),
        [(_, spec)] => {
            let convert = tys
                .iter()
                .zip(&spec.params)
                .any(|(a, p)| needs_reunbox(a, p));
            Ok(inner.add_route(key.into(), spec, convert))
        }
        many => {
            // SAFETY: `slf` is live for the call.
            let func = unsafe { Bound::from_borrowed_ptr(py, slf) }
                .repr()?
                .to_string();
            let cands: Vec<String> = many
                .iter()
                .map(|(_, s)| format!("({}) -> {}", type_list(&s.params), s.compiled.ret))
                .collect();
            Err(PyTypeError::new_err(format!(
                "Ambiguous overloading for {func} ({}):\n{}",
                type_list(&tys),
                cands.join("\n")
            )))
        }
    }
}

/// Compiles a specialisation for `tys` and registers it (with its exact route).
fn compile_spec(
    py: Python<'_>,
    inner: &Inner,
    tys: Vec<Ty>,
    ret: Option<Ty>,
) -> PyResult<&'static Spec> {
    // A missing source is the user's error, and clearer said here than from inside the compiler.
    source_of(py, inner.id).map_err(|e| errors::typing(py, e))?;
    let key = keys::encode_all(&tys).map_err(|e| errors::internal(py, e))?;
    let compiled = compile::compile(py, inner.id, &tys, ret.as_ref(), &inner.options)?;
    if compiled.params != tys {
        return Err(errors::internal(
            py,
            format!(
                "compiled for ({}) when ({}) was asked",
                type_list(&compiled.params),
                type_list(&tys)
            ),
        ));
    }
    if !boxable(&compiled.ret) {
        return Err(errors::unsupported(
            py,
            format!("returning {} to Python is not supported yet", compiled.ret),
        ));
    }
    // Another thread may have compiled the same types while this one waited for the lock.
    if let Some(r) = inner.find_route(&key) {
        if !r.convert && r.spec.params == tys {
            return Ok(r.spec);
        }
    }
    let ret_words = compiled.ret.slot_size().div_ceil(8);
    let ret_fast = match compiled.ret {
        Ty::Scalar(oxjit_frontend::Scalar::I64) => RetFast::I64,
        Ty::Scalar(oxjit_frontend::Scalar::F64) => RetFast::F64,
        Ty::Scalar(oxjit_frontend::Scalar::Bool) => RetFast::Bool,
        _ => RetFast::General,
    };
    let spec: &'static Spec = Box::leak(Box::new(Spec {
        params: tys,
        ret_fast,
        explicit_ret: ret,
        ret_words,
        compiled,
    }));
    // SAFETY: GIL held; no other borrow of `specs` is live.
    unsafe { (*inner.specs.get()).push(spec) };
    inner.add_route(key.into_boxed_slice(), spec, false);
    Ok(spec)
}

fn compile_signature(py: Python<'_>, inner: &Inner, text: &str) -> PyResult<&'static Spec> {
    let Signature { args, ret } = parse_signature(text).map_err(PyTypeError::new_err)?;
    let key = keys::encode_all(&args).map_err(PyTypeError::new_err)?;
    if let Some(r) = inner.find_route(&key) {
        if !r.convert && r.spec.explicit_ret == ret {
            return Ok(r.spec);
        }
    }
    compile_spec(py, inner, args, ret)
}

/// Maps keyword arguments and defaults onto the parameter list, as Python would.
fn bind<'py>(
    py: Python<'py>,
    slf: *mut ffi::PyObject,
    inner: &Inner,
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwnames: *mut ffi::PyObject,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let p = &inner.params;
    let name = &inner.qualname;
    if nargs > p.positional && !p.vararg {
        let s = if p.positional == 1 { "" } else { "s" };
        let was = if nargs == 1 { "was" } else { "were" };
        return Err(PyTypeError::new_err(format!(
            "{name}() takes {} positional argument{s} but {nargs} {was} given",
            p.positional
        )));
    }
    let mut slots: Vec<Option<Bound<'py, PyAny>>> = vec![None; p.total()];
    for (i, slot) in slots.iter_mut().enumerate().take(nargs.min(p.positional)) {
        // SAFETY: CPython passes `nargs` live borrowed arguments.
        *slot = Some(unsafe { Bound::from_borrowed_ptr(py, *args.add(i)) });
    }
    if !kwnames.is_null() {
        // SAFETY: a tuple of str, borrowed for the call; the values follow the positional ones.
        let names = unsafe { Bound::from_borrowed_ptr(py, kwnames) }.cast_into::<PyTuple>()?;
        let mut posonly_as_kw = Vec::new();
        for (j, k) in names.iter().enumerate() {
            let k = k.cast_into::<PyString>()?;
            let key = k.to_str()?;
            // SAFETY: as above.
            let value = unsafe { Bound::from_borrowed_ptr(py, *args.add(nargs + j)) };
            match p.names.iter().position(|n| n == key) {
                Some(i) if i < p.posonly => posonly_as_kw.push(format!("'{key}'")),
                Some(i) if slots[i].is_some() => {
                    return Err(PyTypeError::new_err(format!(
                        "{name}() got multiple values for argument '{key}'"
                    )))
                }
                Some(i) => slots[i] = Some(value),
                None => {
                    return Err(PyTypeError::new_err(format!(
                        "{name}() got an unexpected keyword argument '{key}'"
                    )))
                }
            }
        }
        if !posonly_as_kw.is_empty() {
            return Err(PyTypeError::new_err(format!(
                "{name}() got some positional-only arguments passed as keyword arguments: {}",
                posonly_as_kw.join(", ")
            )));
        }
    }
    if slots.iter().any(Option::is_none) {
        // SAFETY: `slf` is a live DispatcherObject.
        let fptr = unsafe { (*slf.cast::<DispatcherObject>()).py_func };
        if fptr.is_null() {
            return Err(PyReferenceError::new_err(
                "the dispatcher's Python function was cleared",
            ));
        }
        // SAFETY: a strong reference owned by the dispatcher.
        let f = unsafe { Bound::from_borrowed_ptr(py, fptr) };
        let defaults: Vec<Bound<'py, PyAny>> = match f.getattr("__defaults__")? {
            d if d.is_none() => Vec::new(),
            d => d.try_iter()?.collect::<PyResult<_>>()?,
        };
        let kwdefaults = f.getattr("__kwdefaults__")?;
        let first_default = p.positional.saturating_sub(defaults.len());
        let mut missing = Vec::new();
        for i in 0..p.positional {
            if slots[i].is_none() {
                if i >= first_default {
                    slots[i] = Some(defaults[i - first_default].clone());
                } else {
                    missing.push(format!("'{}'", p.names[i]));
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(name, "positional", &missing));
        }
        for (slot, pname) in slots.iter_mut().zip(&p.names).skip(p.positional) {
            if slot.is_none() {
                let d = if kwdefaults.is_none() {
                    None
                } else {
                    kwdefaults.cast::<PyDict>()?.get_item(pname)?
                };
                match d {
                    Some(v) => *slot = Some(v),
                    None => missing.push(format!("'{pname}'")),
                }
            }
        }
        if !missing.is_empty() {
            return Err(missing_error(name, "keyword-only", &missing));
        }
    }
    let mut bound: Vec<Bound<'py, PyAny>> = slots
        .into_iter()
        .map(|s| s.expect("every slot filled above"))
        .collect();
    if p.vararg {
        // SAFETY: as above; the arguments past the positional parameters, borrowed.
        let extra = (p.positional..nargs).map(|i| unsafe { Bound::from_borrowed_ptr(py, *args.add(i)) });
        let t = PyTuple::new(py, extra)?.into_any();
        bound.insert(p.positional, t);
    }
    Ok(bound)
}

/// Python's wording: "f() missing 2 required positional arguments: 'a' and 'b'".
fn missing_error(name: &str, kind: &str, missing: &[String]) -> PyErr {
    let list = match missing {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let s = if missing.len() == 1 { "" } else { "s" };
    PyTypeError::new_err(format!(
        "{name}() missing {} required {kind} argument{s}: {list}",
        missing.len()
    ))
}

// ---------------------------------------------------------------------------------------------
// Construction

/// The frontend's diagnostic for a parameter list it cannot compile (`*args`, `**kwargs`),
/// found by parsing and lowering the source: no global is read before parameters are checked.
fn signature_diagnostic(py: Python<'_>, f: &Bound<'_, PyAny>) -> Option<oxjit_frontend::Diagnostic> {
    struct NoGlobals(oxjit_frontend::host::FuncSource);
    impl oxjit_frontend::Host for NoGlobals {
        fn source(&self, _: FuncId) -> Result<oxjit_frontend::host::FuncSource, String> {
            Ok(self.0.clone())
        }
        fn global(&self, _: FuncId, _: &str) -> oxjit_frontend::GlobalValue {
            oxjit_frontend::GlobalValue::Missing
        }
    }
    let src = crate::host::read_source(py, f).ok()?;
    let parsed = match oxjit_frontend::syntax::parse_function(&src) {
        Ok(p) => p,
        Err(d) => return Some(d),
    };
    let host = NoGlobals(src.clone());
    oxjit_frontend::lower::lower_function(&host, 0, &parsed, &[], &[]).err()
}

fn read_params(py: Python<'_>, f: &Bound<'_, PyAny>, name: &str) -> PyResult<Params> {
    let code = f.getattr("__code__")?;
    let positional: usize = code.getattr("co_argcount")?.extract()?;
    let posonly: usize = code.getattr("co_posonlyargcount")?.extract()?;
    let kwonly: usize = code.getattr("co_kwonlyargcount")?.extract()?;
    let flags: i64 = code.getattr("co_flags")?.extract()?;
    if flags & CO_VARKEYWORDS != 0 {
        // The frontend says where and why, with the source line (E0102).
        if let Some(d) = signature_diagnostic(py, f) {
            return Err(errors::from_diagnostic(py, &d));
        }
        return Err(errors::unsupported(
            py,
            format!(
                "`{name}` takes **kwargs, which compiled functions do not support yet"
            ),
        ));
    }
    let varnames = code.getattr("co_varnames")?.cast_into::<PyTuple>()?;
    let names = varnames
        .iter()
        .take(positional + kwonly)
        .map(|n| n.extract::<String>())
        .collect::<PyResult<_>>()?;
    let name_objs = NameObjs(
        varnames
            .iter()
            .take(positional + kwonly)
            .map(|n| n.into_ptr())
            .collect(),
    );
    Ok(Params {
        names,
        name_objs,
        posonly,
        positional,
        kwonly,
        vararg: flags & CO_VARARGS != 0,
    })
}

fn fastmath_bits(v: &Bound<'_, PyAny>) -> PyResult<u32> {
    if let Ok(b) = v.extract::<bool>() {
        return Ok(if b { FASTMATH_FAST } else { 0 });
    }
    let names: Vec<String> = if let Ok(s) = v.extract::<String>() {
        vec![s]
    } else {
        v.try_iter()
            .map_err(|_| {
                PyTypeError::new_err("fastmath must be True, False or a set of flag names")
            })?
            .map(|x| x.and_then(|x| x.extract::<String>()))
            .collect::<PyResult<_>>()?
    };
    let mut bits = 0;
    for n in names {
        bits |= fastmath_flag(&n).ok_or_else(|| {
            PyValueError::new_err(format!("unknown fastmath flag '{n}': expected nnan, ninf, nsz, arcp, contract, afn, reassoc or fast"))
        })?;
    }
    Ok(bits)
}

fn parse_options(d: &Bound<'_, PyDict>) -> PyResult<Options> {
    let mut o = Options::default();
    let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(d.get_item(k)?.filter(|v| !v.is_none()))
    };
    if let Some(v) = get("boundscheck")? {
        o.boundscheck = v.is_truthy()?;
    }
    if let Some(v) = get("fastmath")? {
        o.fastmath = fastmath_bits(&v)?;
    }
    if let Some(v) = get("error_model")? {
        o.error_model = match v.extract::<String>()?.as_str() {
            "python" => ErrorModel::Python,
            "numpy" => ErrorModel::Numpy,
            other => {
                return Err(PyValueError::new_err(format!(
                    "error_model must be 'python' or 'numpy', not '{other}'"
                )))
            }
        };
    }
    if let Some(v) = get("nogil")? {
        o.nogil = v.is_truthy()?;
    }
    if let Some(v) = get("parallel")? {
        o.parallel = v.is_truthy()?;
    }
    if let Some(v) = get("inline")? {
        let ok = v
            .extract::<String>()
            .is_ok_and(|s| s == "never" || s == "always")
            || v.is_callable();
        if !ok {
            return Err(PyValueError::new_err(
                "inline must be 'never', 'always' or a callable",
            ));
        }
    }
    Ok(o)
}

unsafe extern "C" fn tp_new(
    subtype: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let [f, o, s] = parse_args(
            py,
            "Dispatcher",
            ["py_func", "options", "signatures"],
            args,
            kwargs,
        )?;
        let f = f.ok_or_else(|| {
            PyTypeError::new_err("Dispatcher() missing required argument 'py_func'")
        })?;
        let o = match o {
            Some(o) => o.cast_into::<PyDict>()?,
            None => PyDict::new(py),
        };
        let sigs: Vec<String> = match s {
            Some(s) => s.extract()?,
            None => Vec::new(),
        };
        new_dispatcher(py, subtype, f, o, sigs)
    })
}

fn new_dispatcher(
    py: Python<'_>,
    subtype: *mut ffi::PyTypeObject,
    f: Bound<'_, PyAny>,
    options: Bound<'_, PyDict>,
    sigs: Vec<String>,
) -> PyResult<*mut ffi::PyObject> {
    if f.cast::<PyFunction>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "Dispatcher() needs a Python function, not {}",
            f.get_type().name()?
        )));
    }
    let qualname: String = f.getattr("__qualname__")?.extract()?;
    let params = read_params(py, &f, &qualname)?;
    let opts = parse_options(&options)?;
    // SAFETY: `subtype` is our heap type (or a subtype CPython created from it), whose tp_alloc
    // returns a zeroed, GC-tracked object of `tp_basicsize` bytes.
    let obj = unsafe {
        let alloc: ffi::allocfunc =
            std::mem::transmute(ffi::PyType_GetSlot(subtype, ffi::Py_tp_alloc));
        alloc(subtype, 0)
    };
    if obj.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: `obj` is a new reference we own; dealloc copes with any partial state below.
    let bound = unsafe { Bound::from_owned_ptr(py, obj) };
    let id = host::register(obj);
    let inner = Box::new(Inner {
        id,
        qualname,
        options: opts,
        locked: !sigs.is_empty(),
        params,
        specs: UnsafeCell::new(Vec::new()),
        routes: UnsafeCell::new(Vec::new()),
        last: Cell::new(None),
        source: RefCell::new(None),
    });
    let targetoptions = options.copy()?;
    // SAFETY: `obj` is a zeroed DispatcherObject we own; fields are set once here.
    unsafe {
        let d = obj.cast::<DispatcherObject>();
        (*d).py_func = f.clone().into_ptr();
        (*d).targetoptions = targetoptions.into_ptr();
        (*d).inner = Box::into_raw(inner);
        (*d).vectorcall = Some(vectorcall);
    }
    py.import("functools")?
        .getattr("update_wrapper")?
        .call1((&bound, &f))?;
    let inner = inner_of(py, obj)?;
    for s in &sigs {
        compile_signature(py, inner, s)?;
    }
    Ok(bound.into_ptr())
}

/// Parses `(args, kwargs)` of a varargs method against parameter names.
fn parse_args<'py, const N: usize>(
    py: Python<'py>,
    fname: &str,
    names: [&str; N],
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> PyResult<[Option<Bound<'py, PyAny>>; N]> {
    let mut out: [Option<Bound<'py, PyAny>>; N] = std::array::from_fn(|_| None);
    if !args.is_null() {
        // SAFETY: CPython passes a borrowed tuple.
        let args = unsafe { Bound::from_borrowed_ptr(py, args) }.cast_into::<PyTuple>()?;
        if args.len() > N {
            return Err(PyTypeError::new_err(format!(
                "{fname}() takes at most {N} arguments ({} given)",
                args.len()
            )));
        }
        for (i, a) in args.iter().enumerate() {
            out[i] = Some(a);
        }
    }
    if !kwargs.is_null() {
        // SAFETY: CPython passes a borrowed dict.
        let kw = unsafe { Bound::from_borrowed_ptr(py, kwargs) }.cast_into::<PyDict>()?;
        for (k, v) in kw.iter() {
            let k: String = k.extract()?;
            let Some(i) = names.iter().position(|n| *n == k) else {
                return Err(PyTypeError::new_err(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )));
            };
            if out[i].is_some() {
                return Err(PyTypeError::new_err(format!(
                    "{fname}() got multiple values for argument '{k}'"
                )));
            }
            out[i] = Some(v);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Lifetime: GC support and deallocation

unsafe extern "C" fn tp_traverse(
    slf: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: `slf` is a DispatcherObject; we only report the references it owns.
    unsafe {
        let d = slf.cast::<DispatcherObject>();
        for p in [(*d).dict, (*d).py_func, (*d).targetoptions] {
            if !p.is_null() {
                let r = visit(p, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

unsafe extern "C" fn tp_clear(slf: *mut ffi::PyObject) -> c_int {
    // SAFETY: `slf` is a DispatcherObject; each owned reference is nulled before it is released.
    unsafe {
        let d = slf.cast::<DispatcherObject>();
        for field in [
            &raw mut (*d).dict,
            &raw mut (*d).py_func,
            &raw mut (*d).targetoptions,
        ] {
            let p = *field;
            if !p.is_null() {
                *field = null_mut();
                ffi::Py_DecRef(p);
            }
        }
    }
    0
}

unsafe extern "C" fn tp_dealloc(slf: *mut ffi::PyObject) {
    // SAFETY: CPython calls dealloc once, with the GIL, when the last reference goes.
    unsafe {
        ffi::PyObject_GC_UnTrack(slf.cast());
        let d = slf.cast::<DispatcherObject>();
        if !(*d).weaklist.is_null() {
            ffi::PyObject_ClearWeakRefs(slf);
        }
        tp_clear(slf);
        let inner = (*d).inner;
        if !inner.is_null() {
            (*d).inner = null_mut();
            host::unregister((*inner).id);
            // Dropping `Inner` runs no Python code (its specs are leaked on purpose).
            let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(inner))));
        }
        let tp = ffi::Py_TYPE(slf);
        let free: ffi::freefunc = std::mem::transmute(ffi::PyType_GetSlot(tp, ffi::Py_tp_free));
        free(slf.cast());
        ffi::Py_DecRef(tp.cast());
    }
}

// ---------------------------------------------------------------------------------------------
// Attributes and methods

unsafe extern "C" fn tp_repr(slf: *mut ffi::PyObject) -> *mut ffi::PyObject {
    trampoline(|py| {
        // SAFETY: `slf` is a live DispatcherObject.
        let f = unsafe { (*slf.cast::<DispatcherObject>()).py_func };
        let inner = if f.is_null() {
            "<cleared>".to_string()
        } else {
            // SAFETY: a strong reference owned by the object.
            unsafe { Bound::from_borrowed_ptr(py, f) }
                .repr()?
                .to_string()
        };
        Ok(PyString::new(py, &format!("CPUDispatcher({inner})")).into_ptr())
    })
}

/// `__get__`: a dispatcher stored on a class binds like a function does.
unsafe extern "C" fn tp_descr_get(
    slf: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
    _type: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        // SAFETY: all three are borrowed from CPython for this call (obj may be NULL or None).
        unsafe {
            let me = Bound::from_borrowed_ptr(py, slf);
            if obj.is_null() || obj == ffi::Py_None() {
                return Ok(me.into_ptr());
            }
            let obj = Bound::from_borrowed_ptr(py, obj);
            Ok(py
                .import("types")?
                .getattr("MethodType")?
                .call1((me, obj))?
                .into_ptr())
        }
    })
}

unsafe extern "C" fn get_py_func(
    slf: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        // SAFETY: `slf` is a live DispatcherObject.
        let f = unsafe { (*slf.cast::<DispatcherObject>()).py_func };
        if f.is_null() {
            return Err(PyReferenceError::new_err(
                "the dispatcher's Python function was cleared",
            ));
        }
        // SAFETY: a strong reference owned by the object; we return a new one.
        Ok(unsafe { Bound::from_borrowed_ptr(py, f) }.into_ptr())
    })
}

unsafe extern "C" fn get_targetoptions(
    slf: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        // SAFETY: `slf` is a live DispatcherObject.
        let t = unsafe { (*slf.cast::<DispatcherObject>()).targetoptions };
        if t.is_null() {
            return Ok(PyDict::new(py).into_ptr());
        }
        // SAFETY: a strong reference owned by the object; we return a new one.
        Ok(unsafe { Bound::from_borrowed_ptr(py, t) }.into_ptr())
    })
}

/// A type as the data `oxjit.types._from_desc` turns into a type object.
fn ty_desc<'py>(py: Python<'py>, ty: &Ty) -> PyResult<Bound<'py, PyAny>> {
    Ok(match ty {
        Ty::Scalar(s) => PyString::new(py, s.name()).into_any(),
        Ty::Str => PyString::new(py, "unicode_type").into_any(),
        Ty::None => py.None().into_bound(py),
        Ty::Array(a) => ("array", a.dtype.name(), a.ndim, a.layout.name(), a.readonly)
            .into_pyobject(py)?
            .into_any(),
        Ty::Tuple(items) => {
            let list = PyList::empty(py);
            for t in items.iter() {
                list.append(ty_desc(py, t)?)?;
            }
            ("tuple", list).into_pyobject(py)?.into_any()
        }
        Ty::Dict(d) => match (&d.key, &d.value) {
            (Some(k), Some(v)) => ("dict", ty_desc(py, k)?, ty_desc(py, v)?).into_pyobject(py)?.into_any(),
            _ => ("opaque", ty.to_string()).into_pyobject(py)?.into_any(),
        },
        Ty::List(l) if l.typed => match &l.elem {
            Some(e) => ("listtype", ty_desc(py, e)?).into_pyobject(py)?.into_any(),
            None => ("opaque", ty.to_string()).into_pyobject(py)?.into_any(),
        },
        // Printed as Numba prints the type of a dispatcher argument.
        Ty::Dispatcher(id) => {
            let func = py_func_of(py, *id).map(|f| f.repr().map(|r| r.to_string()).unwrap_or_default()).unwrap_or_else(|| format!("#{id}"));
            ("opaque", format!("type(CPUDispatcher({func}))")).into_pyobject(py)?.into_any()
        }
        other => ("opaque", other.to_string()).into_pyobject(py)?.into_any(),
    })
}

static FROM_DESC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A type object of `oxjit.types` for `ty`.
pub fn ty_object<'py>(py: Python<'py>, ty: &Ty) -> PyResult<Bound<'py, PyAny>> {
    let f = FROM_DESC.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("oxjit.types")?.getattr("_from_desc")?.unbind())
    })?;
    f.bind(py).call1((ty_desc(py, ty)?,))
}

/// `typeof(value)` data: the type an argument gets (see `oxjit.typeof`).
pub fn typeof_desc<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let mut key = Words::<16>::new();
    let mut slots = Words::<48>::new();
    let _lists = crate::lists::CallLists::new();
    // SAFETY: `value` is alive for the whole call.
    unsafe { classify(py, value.as_ptr(), &mut key, &mut slots)? };
    let tys = keys::decode(key.as_slice());
    ty_desc(py, &tys[0])
}

fn arg_tuple<'py>(py: Python<'py>, tys: &[Ty]) -> PyResult<Bound<'py, PyTuple>> {
    let items = tys
        .iter()
        .map(|t| ty_object(py, t))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, items)
}

unsafe extern "C" fn get_signatures(
    slf: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        let list = PyList::empty(py);
        for s in inner.specs() {
            list.append(arg_tuple(py, &s.params)?)?;
        }
        Ok(list.into_ptr())
    })
}

unsafe extern "C" fn get_nopython_signatures(
    slf: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        let sig = py.import("oxjit.types")?.getattr("Signature")?;
        let list = PyList::empty(py);
        for s in inner.specs() {
            list.append(sig.call1((ty_object(py, &s.compiled.ret)?, arg_tuple(py, &s.params)?))?)?;
        }
        Ok(list.into_ptr())
    })
}

/// The specialisations a `signature=` argument selects (all when it is None): a tuple of
/// types (as in `f.signatures`), a `Signature`, or a string.
fn select(inner: &Inner, signature: Option<Bound<'_, PyAny>>) -> PyResult<Vec<&'static Spec>> {
    let specs = inner.specs();
    let Some(sig) = signature.filter(|s| !s.is_none()) else {
        return Ok(specs);
    };
    let wanted: Vec<String> = if let Ok(text) = sig.extract::<String>() {
        parse_signature(&text)
            .map_err(PyTypeError::new_err)?
            .args
            .iter()
            .map(|t| t.to_string())
            .collect()
    } else {
        let args = if sig.hasattr("args")? && !sig.is_instance_of::<PyTuple>() {
            sig.getattr("args")?
        } else {
            sig
        };
        args.try_iter()?
            .map(|t| t.and_then(|t| t.str().map(|s| s.to_string())))
            .collect::<PyResult<_>>()?
    };
    let found: Vec<&'static Spec> = specs
        .into_iter()
        .filter(|s| {
            s.params
                .iter()
                .map(|t| t.to_string())
                .eq(wanted.iter().cloned())
        })
        .collect();
    if found.is_empty() {
        return Err(PyValueError::new_err(format!(
            "no compiled specialisation for ({})",
            wanted.join(", ")
        )));
    }
    Ok(found)
}

fn inspect_text(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    fname: &'static str,
    text: fn(&Compiled) -> Result<String, String>,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        let [signature] = parse_args(py, fname, ["signature"], args, kwargs)?;
        let given = signature.as_ref().is_some_and(|s| !s.is_none());
        let specs = select(inner, signature)?;
        let text =
            |s: &Spec| text(&s.compiled).map_err(|e| errors::internal(py, format!("{fname}: {e}")));
        if given {
            return Ok(PyString::new(py, &text(specs[0])?).into_ptr());
        }
        let out = PyDict::new(py);
        for s in specs {
            out.set_item(arg_tuple(py, &s.params)?, text(s)?)?;
        }
        Ok(out.into_ptr())
    })
}

unsafe extern "C" fn m_inspect_llvm(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    inspect_text(slf, args, kwargs, "inspect_llvm", |c| Ok(c.llvm_ir.clone()))
}

unsafe extern "C" fn m_inspect_asm(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    inspect_text(slf, args, kwargs, "inspect_asm", Compiled::asm)
}

unsafe extern "C" fn m_inspect_types(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        let [file, signature, _pretty] = parse_args(
            py,
            "inspect_types",
            ["file", "signature", "pretty"],
            args,
            kwargs,
        )?;
        let name = inner
            .qualname
            .rsplit('.')
            .next()
            .unwrap_or(&inner.qualname)
            .to_string();
        let mut text = String::new();
        for s in select(inner, signature)? {
            text.push_str(&format!(
                "{name} ({})\n{}\n{}\n{}\n",
                type_list(&s.params),
                "-".repeat(80),
                s.compiled.typed_dump.trim_end(),
                "=".repeat(80)
            ));
        }
        let kw = PyDict::new(py);
        kw.set_item("end", "")?;
        if let Some(f) = file.filter(|f| !f.is_none()) {
            kw.set_item("file", f)?;
        }
        py.import("builtins")?
            .getattr("print")?
            .call((text,), Some(&kw))?;
        Ok(py.None().into_ptr())
    })
}

/// `__reduce__`: pickled by reference, as `module.qualname` (like a plain function), so
/// module-level dispatchers travel to `multiprocessing` workers; they compile again there.
unsafe extern "C" fn m_reduce(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        parse_args::<0>(py, "__reduce__", [], args, kwargs)?;
        // SAFETY: `slf` is live for the call.
        let me = unsafe { Bound::from_borrowed_ptr(py, slf) };
        Ok(me.getattr("__qualname__")?.into_ptr())
    })
}

/// The signature text of a string, `Signature` or tuple of types (via `oxjit.types`).
fn signature_text(py: Python<'_>, sig: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = sig.extract::<String>() {
        return Ok(s);
    }
    py.import("oxjit.types")?
        .getattr("signature_text")?
        .call1((sig,))?
        .extract()
}

unsafe extern "C" fn m_compile(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        let [sig] = parse_args(py, "compile", ["sig"], args, kwargs)?;
        let sig =
            sig.ok_or_else(|| PyTypeError::new_err("compile() missing required argument 'sig'"))?;
        let text = signature_text(py, &sig)?;
        compile_signature(py, inner, &text)?;
        Ok(py.None().into_ptr())
    })
}

unsafe extern "C" fn m_recompile(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    trampoline(|py| {
        let inner = inner_of(py, slf)?;
        parse_args::<0>(py, "recompile", [], args, kwargs)?;
        let old = inner.specs();
        *inner.source.borrow_mut() = None;
        // Compile everything again first; switch over only when all succeeded.
        let saved_specs = std::mem::take(
            // SAFETY: GIL held; no other borrow is live.
            unsafe { &mut *inner.specs.get() },
        );
        // SAFETY: as above.
        let saved_routes = std::mem::take(unsafe { &mut *inner.routes.get() });
        let saved_last = inner.last.replace(None);
        for s in &old {
            if let Err(e) = compile_spec(py, inner, s.params.clone(), s.explicit_ret.clone()) {
                // SAFETY: as above.
                unsafe {
                    *inner.specs.get() = saved_specs;
                    *inner.routes.get() = saved_routes;
                }
                inner.last.set(saved_last);
                return Err(e);
            }
        }
        Ok(py.None().into_ptr())
    })
}

// ---------------------------------------------------------------------------------------------
// The type object

fn member(name: &'static CStr, offset: usize) -> ffi::PyMemberDef {
    ffi::PyMemberDef {
        name: name.as_ptr(),
        type_code: ffi::Py_T_PYSSIZET,
        offset: offset as ffi::Py_ssize_t,
        flags: ffi::Py_READONLY,
        doc: std::ptr::null(),
    }
}

fn getset(
    name: &'static CStr,
    get: ffi::getter,
    set: Option<ffi::setter>,
    doc: &'static CStr,
) -> ffi::PyGetSetDef {
    ffi::PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set,
        doc: doc.as_ptr(),
        closure: null_mut(),
    }
}

fn method(
    name: &'static CStr,
    f: ffi::PyCFunctionWithKeywords,
    doc: &'static CStr,
) -> ffi::PyMethodDef {
    ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionWithKeywords: f,
        },
        ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    }
}

unsafe extern "C" fn get_dict(slf: *mut ffi::PyObject, closure: *mut c_void) -> *mut ffi::PyObject {
    // SAFETY: the generic implementation for a type with `__dictoffset__`.
    unsafe { ffi::PyObject_GenericGetDict(slf, closure) }
}

unsafe extern "C" fn set_dict(
    slf: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    closure: *mut c_void,
) -> c_int {
    // SAFETY: as above.
    unsafe { ffi::PyObject_GenericSetDict(slf, value, closure) }
}

fn leak<T>(v: Vec<T>) -> *mut T {
    Box::leak(v.into_boxed_slice()).as_mut_ptr()
}

fn create_type(py: Python<'_>) -> PyResult<Py<PyType>> {
    let members = leak(vec![
        member(
            c"__vectorcalloffset__",
            offset_of!(DispatcherObject, vectorcall),
        ),
        member(c"__dictoffset__", offset_of!(DispatcherObject, dict)),
        member(
            c"__weaklistoffset__",
            offset_of!(DispatcherObject, weaklist),
        ),
        // SAFETY: the all-zero sentinel that ends the table.
        unsafe { std::mem::zeroed() },
    ]);
    let getsets = leak(vec![
        getset(
            c"__dict__",
            get_dict,
            Some(set_dict),
            c"Attributes copied from the Python function.",
        ),
        getset(
            c"py_func",
            get_py_func,
            None,
            c"The original Python function.",
        ),
        getset(
            c"signatures",
            get_signatures,
            None,
            c"Argument types of each compiled specialisation, in compile order.",
        ),
        getset(
            c"nopython_signatures",
            get_nopython_signatures,
            None,
            c"Full signatures (arguments -> return type) of each specialisation.",
        ),
        getset(
            c"targetoptions",
            get_targetoptions,
            None,
            c"The options given to the decorator.",
        ),
        ffi::PyGetSetDef::default(),
    ]);
    let methods = leak(vec![
        method(c"inspect_types", m_inspect_types, c"inspect_types(file=None, signature=None)\n--\n\nPrints the typed IR of each specialisation."),
        method(c"inspect_llvm", m_inspect_llvm, c"inspect_llvm(signature=None)\n--\n\nOptimised LLVM IR: a dict by signature, or one string."),
        method(c"inspect_asm", m_inspect_asm, c"inspect_asm(signature=None)\n--\n\nHost assembly: a dict by signature, or one string."),
        method(c"compile", m_compile, c"compile(sig)\n--\n\nCompiles a specialisation for a signature now."),
        method(c"recompile", m_recompile, c"recompile()\n--\n\nCompiles every specialisation again (globals are read anew)."),
        method(
            c"__reduce__",
            m_reduce,
            c"Pickles the dispatcher by reference (module and qualified name).",
        ),
        ffi::PyMethodDef::zeroed(),
    ]);
    let doc =
        c"A function compiled by oxjit (see oxjit.njit). Calls compile once per argument-type key.";
    let mut slots = vec![
        ffi::PyType_Slot {
            slot: ffi::Py_tp_new,
            pfunc: tp_new as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_dealloc,
            pfunc: tp_dealloc as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_traverse,
            pfunc: tp_traverse as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_clear,
            pfunc: tp_clear as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_call,
            pfunc: tp_call as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_repr,
            pfunc: tp_repr as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_descr_get,
            pfunc: tp_descr_get as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_members,
            pfunc: members.cast(),
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_getset,
            pfunc: getsets.cast(),
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_methods,
            pfunc: methods.cast(),
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_doc,
            pfunc: doc.as_ptr() as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: 0,
            pfunc: null_mut(),
        },
    ];
    let mut spec = ffi::PyType_Spec {
        name: c"oxjit._native.Dispatcher".as_ptr() as *const c_char,
        basicsize: std::mem::size_of::<DispatcherObject>() as c_int,
        itemsize: 0,
        flags: (ffi::Py_TPFLAGS_DEFAULT
            | ffi::Py_TPFLAGS_HAVE_GC
            | TPFLAGS_HAVE_VECTORCALL
            | ffi::Py_TPFLAGS_IMMUTABLETYPE) as c_uint,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: the spec and its tables are valid; members/getsets/methods are leaked because the
    // type keeps pointers to them (the slot array and spec are copied by PyType_FromSpec).
    let tp = unsafe { ffi::PyType_FromSpec(&mut spec) };
    if tp.is_null() {
        return Err(PyErr::fetch(py));
    }
    TYPE_PTR.store(tp as usize, Ordering::Relaxed);
    // SAFETY: a new reference to the type object.
    Ok(unsafe { Bound::from_owned_ptr(py, tp) }
        .cast_into::<PyType>()?
        .unbind())
}

/// `(name, filename, first_line, source, defaults, kwdefaults)` as the host reads them (tests).
pub fn host_source<'py>(py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let id = id_of(d).ok_or_else(|| host::not_a_dispatcher(d))?;
    let s = source_of(py, id).map_err(|e| errors::typing(py, e))?;
    let defaults: Vec<String> = s.defaults.iter().map(|g| format!("{g:?}")).collect();
    let kwdefaults: Vec<(String, String)> = s
        .kwdefaults
        .iter()
        .map(|(k, g)| (k.clone(), format!("{g:?}")))
        .collect();
    (
        s.name,
        s.filename,
        s.first_line,
        s.source,
        defaults,
        kwdefaults,
    )
        .into_pyobject(py)
}

/// The `GlobalValue` (Debug form) the host gives a free name of a dispatcher's function (tests).
pub fn host_global(py: Python<'_>, d: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    use oxjit_frontend::Host;
    let id = id_of(d).ok_or_else(|| host::not_a_dispatcher(d))?;
    Ok(format!("{:?}", host::PyHost { py }.global(id, name)))
}
