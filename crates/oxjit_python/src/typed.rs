//! `oxjit.typed.Dict` and `oxjit.typed.List` (Numba's `numba.typed` containers) on the Python
//! side: objects that hold one reference to a runtime container (`oxjit_runtime::dict`,
//! `oxjit_runtime::list`) and its type.
//!
//! - Passed to a jitted function they are *shared*, not copied: the argument slot is the
//!   container's MemInfo (the object keeps it alive for the call) and the type key is the
//!   container's type (`keys::encode`, precomputed). Compiled code mutates the same container;
//!   nothing is reflected.
//! - Returned by compiled code (a dict, a `typed.List`), a container becomes a new object of
//!   the Python class (`oxjit.typed.Dict` / `List`, subclasses of the classes here that add
//!   the `collections.abc` mixins), as Numba boxes them.
//! - From Python, items are converted with Numba's casting rules for typed containers
//!   (`typeck::dicts::cast_error`: `d[1] = 2` into float values stores `2.0`, a float key into
//!   an int-keyed dict is a `TypingError`), and read back with the dispatcher's boxing. An
//!   object made by `Dict()` / `List()` takes its types from its first item.
//! - NumPy arrays stored from Python are adopted (a MemInfo holding a reference to the
//!   ndarray, `oxjit_runtime::objects`), like those compiled code stores. The runtime's hooks
//!   for that live here ([`register_hooks`]): off the GIL (a `nogil` call, a parallel chunk)
//!   reference changes are queued and applied by [`drain_pending`] when the call returns.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use oxjit_frontend::lists::{elem_ok, ref_mask};
use oxjit_frontend::typeck::dicts::{cast_error, key_ok, value_ok};
use oxjit_frontend::types::{parse_type, Ty};
use oxjit_runtime::dict::{dict_data, dict_entry, oxjit_rt_dict_clear, oxjit_rt_dict_copy, oxjit_rt_dict_delete, oxjit_rt_dict_insert, oxjit_rt_dict_lookup, oxjit_rt_dict_new};
use oxjit_runtime::list::{
    list_bytes, list_data, list_push, oxjit_rt_list_clear, oxjit_rt_list_insert, oxjit_rt_list_new, oxjit_rt_list_remove, oxjit_rt_list_reverse, oxjit_rt_list_setslice,
    oxjit_rt_list_slice,
};
use oxjit_runtime::objects::{oxjit_rt_adopt_object, oxjit_rt_set_object_hooks};
use oxjit_runtime::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use pyo3::exceptions::{PyIndexError, PyKeyError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PySlice, PyTuple, PyType};

use crate::boxing::box_value;
use crate::errors;
use crate::keys;
use crate::unbox::{classify, num_of, push_converted, Words};

// ----- host-object hooks of the runtime (adopted arrays) -----

static PENDING: Mutex<(Vec<usize>, Vec<usize>)> = Mutex::new((Vec::new(), Vec::new()));
static ANY_PENDING: AtomicBool = AtomicBool::new(false);

fn queue(obj: *mut c_void, incref: bool) {
    let mut p = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    if incref {
        p.0.push(obj as usize);
    } else {
        p.1.push(obj as usize);
    }
    ANY_PENDING.store(true, Ordering::Release);
}

unsafe extern "C" fn incref_hook(obj: *mut c_void) {
    // The change waits for `drain_pending`, which the dispatcher runs when the native call
    // returns and every operation of this module before it returns: the object (an argument
    // of the call, or the value being stored) is alive until then. Whether this thread holds
    // the GIL is not asked: the stable ABI has no `PyGILState_Check`, and compiled code runs
    // on pool threads and in `nogil` calls too.
    queue(obj, true);
}

unsafe extern "C" fn decref_hook(obj: *mut c_void) {
    // The reference an adopting MemInfo held: given back at the next `drain_pending`.
    queue(obj, false);
}

/// Gives the runtime the functions that keep Python objects alive (once, at import).
pub fn register_hooks() {
    oxjit_rt_set_object_hooks(incref_hook, decref_hook);
}

/// Applies the reference changes queued off the GIL (increments first). Cheap when there are none.
#[inline]
pub fn drain_pending(_py: Python<'_>) {
    if !ANY_PENDING.load(Ordering::Acquire) {
        return;
    }
    let (inc, dec) = {
        let mut p = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        ANY_PENDING.store(false, Ordering::Release);
        (std::mem::take(&mut p.0), std::mem::take(&mut p.1))
    };
    // SAFETY: the GIL is held (`_py`); each pointer is an object the runtime took or gave
    // up a reference to, alive until these changes are applied.
    unsafe {
        for o in inc {
            ffi::Py_IncRef(o as *mut ffi::PyObject);
        }
        for o in dec {
            ffi::Py_DecRef(o as *mut ffi::PyObject);
        }
    }
}

// ----- the native state of one container -----

/// One reference to a runtime container and its type (`Ty::Dict` or a typed `Ty::List`).
struct Native {
    mi: usize,
    ty: Ty,
    /// The type-key codes of `ty` (what an argument of this container adds to a call's key).
    key: Box<[u64]>,
}

impl Native {
    fn new(mi: *mut MemInfo, ty: Ty) -> PyResult<Native> {
        let key = keys::encode_all(std::slice::from_ref(&ty)).map_err(PyTypeError::new_err)?;
        Ok(Native { mi: mi as usize, ty, key: key.into_boxed_slice() })
    }

    fn mi(&self) -> *mut MemInfo {
        self.mi as *mut MemInfo
    }
}

impl Drop for Native {
    fn drop(&mut self) {
        // SAFETY: the one reference this object holds, given up once.
        unsafe { oxjit_rt_decref(self.mi()) };
        // Python objects the container held (adopted arrays): released now. A `Native` is
        // only dropped with the GIL held (by its Python object).
        // SAFETY: see above.
        drain_pending(unsafe { Python::assume_attached() });
    }
}

/// Runs one operation of these classes: panics become `InternalError`, and the reference
/// changes the runtime queued (see [`drain_pending`]) are applied before returning.
fn op<R>(py: Python<'_>, f: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    let r = errors::guard(py, f);
    drain_pending(py);
    r
}

/// A new runtime dict for keys `k` and values `v` (both checked).
fn new_dict(k: &Ty, v: &Ty) -> PyResult<*mut MemInfo> {
    let Some((kinds, words)) = oxjit_frontend::typeck::dicts::key_layout(k) else {
        return Err(PyTypeError::new_err(format!("dict keys of {k} are not supported (numbers and tuples of them are)")));
    };
    if !value_ok(v) {
        return Err(PyTypeError::new_err(format!("dict values of {v} are not supported")));
    }
    Ok(oxjit_rt_dict_new(kinds, words as i64, 0, v.slot_size() as i64, ref_mask(v)))
}

fn new_list(e: &Ty, cap: i64) -> PyResult<*mut MemInfo> {
    if !elem_ok(e) {
        return Err(PyTypeError::new_err(format!("typed lists of {e} are not supported")));
    }
    Ok(oxjit_rt_list_new(e.slot_size() as i64, ref_mask(e), cap.max(0)))
}

fn parse(text: &str) -> PyResult<Ty> {
    parse_type(text).map_err(PyTypeError::new_err)
}

// ----- items: Python objects <-> slot words -----

/// The type compiled code gives `obj` (as an argument), for typing an empty container.
fn type_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Ty> {
    if obj.is_instance_of::<PyList>() {
        return Err(PyTypeError::new_err("typed containers cannot hold Python lists: use oxjit.typed.List"));
    }
    let mut key = Words::<16>::new();
    let mut slots = Words::<48>::new();
    let _lists = crate::lists::CallLists::new();
    // SAFETY: `obj` is alive for the whole call.
    if unsafe { classify(py, obj.as_ptr(), &mut key, &mut slots) }.is_err() {
        let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        return Err(errors::typing(py, format!("a typed container cannot hold a value of type `{name}`")));
    }
    keys::decode(key.as_slice()).pop().ok_or_else(|| PyTypeError::new_err("a value without a type"))
}

/// Appends the slot words of `obj` stored as a `t`, with the references the container will
/// own (arrays adopted, containers incremented).
fn unbox_item(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Ty, out: &mut Vec<u64>) -> PyResult<()> {
    match t {
        Ty::Tuple(items) => {
            let tup = obj.cast::<PyTuple>().map_err(|_| errors::typing(py, format!("cannot store {} as {t}", obj.get_type().name().map(|n| n.to_string()).unwrap_or_default())))?;
            if tup.len() != items.len() {
                return Err(errors::typing(py, format!("cannot store a tuple of {} items as {t}", tup.len())));
            }
            for (x, it) in tup.iter().zip(items.iter()) {
                unbox_item(py, &x, it, out)?;
            }
            Ok(())
        }
        Ty::List(l) if l.typed => unbox_container(py, obj, t, out),
        Ty::Dict(_) => unbox_container(py, obj, t, out),
        Ty::Scalar(_) | Ty::Array(_) => {
            let from = type_of(py, obj)?;
            if let Some(msg) = cast_error(&from, t) {
                return Err(errors::typing(py, msg));
            }
            let mut key = Words::<4>::new();
            let mut w = Words::<48>::new();
            // SAFETY: `obj` is alive for the whole call.
            unsafe { classify(py, obj.as_ptr(), &mut key, &mut w)? };
            match (t, &from) {
                (Ty::Scalar(to), Ty::Scalar(f)) => {
                    let mut c = Words::<2>::new();
                    push_converted(num_of(*f, w.as_slice()), *to, &mut c);
                    out.extend_from_slice(c.as_slice());
                }
                _ => {
                    let mut words = w.as_slice().to_vec();
                    // An ndarray from Python: a MemInfo holding a reference to it.
                    if words[0] == 0 {
                        // SAFETY: `obj` is a live ndarray (the GIL is held, so the hook
                        // increments it at once) and `words[4]` its data.
                        words[0] = unsafe { oxjit_rt_adopt_object(obj.as_ptr().cast(), words[4] as *mut u8) } as u64;
                    } else {
                        // SAFETY: a live MemInfo held by the value.
                        unsafe { oxjit_rt_incref(words[0] as *mut MemInfo) };
                    }
                    out.extend_from_slice(&words);
                }
            }
            Ok(())
        }
        _ => Err(PyTypeError::new_err(format!("typed containers cannot hold {t} from Python"))),
    }
}

/// A `typed.Dict`/`List` item: the object's container (typed now if it was empty), one
/// reference added.
fn unbox_container(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Ty, out: &mut Vec<u64>) -> PyResult<()> {
    let mi = if let Ok(d) = obj.cast::<TypedDict>() {
        let mut d = d.borrow_mut();
        if d.st.is_none() {
            if let Ty::Dict(dt) = t {
                let (Some(k), Some(v)) = (&dt.key, &dt.value) else { return Err(errors::internal(py, "an untyped dict type")) };
                d.st = Some(Native::new(new_dict(k, v)?, t.clone())?);
            }
        }
        d.st.as_ref().filter(|n| n.ty == *t).map(Native::mi)
    } else if let Ok(l) = obj.cast::<TypedList>() {
        let mut l = l.borrow_mut();
        if l.st.is_none() {
            if let Some(e) = t.list_elem().filter(|_| matches!(t, Ty::List(x) if x.typed)) {
                l.st = Some(Native::new(new_list(e, 0)?, t.clone())?);
            }
        }
        l.st.as_ref().filter(|n| n.ty == *t).map(Native::mi)
    } else {
        None
    };
    let Some(mi) = mi else {
        let from = type_of(py, obj).map(|t| t.to_string()).unwrap_or_else(|_| obj.get_type().name().map(|n| n.to_string()).unwrap_or_default());
        return Err(errors::typing(py, format!("cannot store {from} as {t}")));
    };
    // SAFETY: a live container held by `obj`.
    unsafe { oxjit_rt_incref(mi) };
    out.push(mi as u64);
    Ok(())
}

/// Releases the references of an item's words that `unbox_item` took (an item not stored).
fn release_words(t: &Ty, words: &[u64]) {
    let mut at = 0;
    crate::boxing::release_value(t, words, &mut at);
}

/// The Python object for the item of type `t` at `p` (the container keeps its references).
///
/// # Safety
/// `p` points at a live item of type `t` (`t.slot_size()` bytes).
unsafe fn box_item(py: Python<'_>, t: &Ty, p: *const u8) -> PyResult<Py<PyAny>> {
    let n = t.slot_size().div_ceil(8);
    // SAFETY: the caller's contract; items are 8-byte aligned words.
    let words: Vec<u64> = (0..n).map(|k| unsafe { p.cast::<u64>().add(k).read_unaligned() }).collect();
    let mask = ref_mask(t);
    for (k, w) in words.iter().enumerate() {
        if k < 64 && mask & (1 << k) != 0 {
            // SAFETY: word `k` holds a MemInfo the container owns; `box_value` takes this one.
            unsafe { oxjit_rt_incref(*w as *mut MemInfo) };
        }
    }
    let obj = box_value(py, t, &words, &mut 0)?;
    // SAFETY: `box_value` returns a new reference.
    Ok(unsafe { Bound::from_owned_ptr(py, obj) }.unbind())
}

fn as_bytes(words: &[u64]) -> &[u8] {
    // SAFETY: plain integers viewed as their bytes.
    unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), std::mem::size_of_val(words)) }
}

// ----- the Python classes (bases of oxjit.typed.Dict / List) -----

/// The native part of `oxjit.typed.Dict`.
#[pyclass(name = "TypedDict", module = "oxjit._native", subclass)]
pub struct TypedDict {
    st: Option<Native>,
}

// SAFETY: the MemInfo's count is atomic, and the container is only read or changed with the
// GIL held (by the Python object's methods).
unsafe impl Send for Native {}
// SAFETY: as above; the pointer is only dereferenced with the GIL held.
unsafe impl Sync for Native {}

impl TypedDict {
    fn native(&self, py: Python<'_>) -> PyResult<&Native> {
        self.st.as_ref().ok_or_else(|| errors::typing(py, "this Dict has no key and value types yet"))
    }

    fn kv(&self, py: Python<'_>) -> PyResult<(Ty, Ty)> {
        let n = self.native(py)?;
        match &n.ty {
            Ty::Dict(d) => match (&d.key, &d.value) {
                (Some(k), Some(v)) => Ok((k.clone(), v.clone())),
                _ => Err(errors::internal(py, "a dict without types")),
            },
            _ => Err(errors::internal(py, "a dict of a non-dict type")),
        }
    }

    fn key_words(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Vec<u64>> {
        let (k, _) = self.kv(py)?;
        let mut w = Vec::new();
        unbox_item(py, key, &k, &mut w)?;
        Ok(w)
    }

    /// The address of the value of `key`, or null.
    fn lookup(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<*mut u8> {
        if self.st.is_none() {
            return Ok(std::ptr::null_mut());
        }
        let w = self.key_words(py, key)?;
        // SAFETY: a live dict; `w` is one key of its type (keys hold no references).
        Ok(unsafe { oxjit_rt_dict_lookup(self.native(py)?.mi(), as_bytes(&w).as_ptr()) })
    }
}

#[pymethods]
impl TypedDict {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>) -> Self {
        TypedDict { st: None }
    }

    /// Gives an empty, untyped dict its key and value types (as type texts the signature
    /// parser reads: `int64`, `UniTuple(int64, 2)`, `float64[:]`).
    fn _set_types(&mut self, py: Python<'_>, key: &str, value: &str) -> PyResult<()> {
        op(py, || {
            if self.st.is_some() {
                return Err(PyTypeError::new_err("this Dict already has types"));
            }
            let (k, v) = (parse(key)?, parse(value)?);
            let ty = Ty::dict(Some(k.clone()), Some(v.clone()));
            self.st = Some(Native::new(new_dict(&k, &v)?, ty)?);
            Ok(())
        })
    }

    /// Whether the key and value types are known.
    #[getter]
    fn _typed(&self) -> bool {
        self.st.is_some()
    }

    /// The type as Numba prints it (`DictType[int64,float64]<iv=None>`).
    fn _type_str(&self) -> String {
        match &self.st {
            Some(n) => n.ty.to_string(),
            None => Ty::dict(None, None).to_string(),
        }
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        op(py, || {
            Ok(match &self.st {
                // SAFETY: a live dict.
                Some(n) => unsafe { dict_data(n.mi()).used as usize },
                None => 0,
            })
        })
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        op(py, || {
            let p = self.lookup(py, key)?;
            if p.is_null() {
                return Err(PyKeyError::new_err(key.clone().unbind()));
            }
            let (_, v) = self.kv(py)?;
            // SAFETY: `p` is the value of a live entry.
            unsafe { box_item(py, &v, p) }
        })
    }

    fn __setitem__(&mut self, py: Python<'_>, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            if self.st.is_none() {
                // `Dict()`: typed by its first item, as Numba does.
                let (k, v) = (type_of(py, key)?, type_of(py, value)?);
                if !key_ok(&k) {
                    return Err(PyTypeError::new_err(format!("dict keys of {k} are not supported (numbers and tuples of them are)")));
                }
                let ty = Ty::dict(Some(k.clone()), Some(v.clone()));
                self.st = Some(Native::new(new_dict(&k, &v)?, ty)?);
            }
            let (k, v) = self.kv(py)?;
            let mut kw = Vec::new();
            unbox_item(py, key, &k, &mut kw)?;
            let mut vw = Vec::new();
            unbox_item(py, value, &v, &mut vw)?;
            // SAFETY: a live dict; the key and value are of its types and their references
            // are handed over.
            unsafe { oxjit_rt_dict_insert(self.native(py)?.mi(), as_bytes(&kw).as_ptr(), as_bytes(&vw).as_ptr()) };
            Ok(())
        })
    }

    fn __delitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            if self.st.is_none() {
                return Err(PyKeyError::new_err(key.clone().unbind()));
            }
            let w = self.key_words(py, key)?;
            // SAFETY: a live dict and one key of its type.
            let found = unsafe { oxjit_rt_dict_delete(self.native(py)?.mi(), as_bytes(&w).as_ptr()) };
            if found == 0 {
                return Err(PyKeyError::new_err(key.clone().unbind()));
            }
            Ok(())
        })
    }

    fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        op(py, || Ok(!self.lookup(py, key)?.is_null()))
    }

    /// `get(key, default=None)`: the default is cast to the value type, as Numba does.
    #[pyo3(signature = (key, default=None))]
    fn get(&self, py: Python<'_>, key: &Bound<'_, PyAny>, default: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        op(py, || {
            let p = self.lookup(py, key)?;
            if !p.is_null() {
                let (_, v) = self.kv(py)?;
                // SAFETY: `p` is the value of a live entry.
                return unsafe { box_item(py, &v, p) };
            }
            match default {
                None => Ok(py.None()),
                Some(d) if d.is_none() => Ok(py.None()),
                Some(d) => {
                    let (_, v) = self.kv(py)?;
                    let mut w = Vec::new();
                    unbox_item(py, d, &v, &mut w)?;
                    let words_bytes = as_bytes(&w).to_vec();
                    // SAFETY: `w` is one value of type `v`; boxing takes the references
                    // `unbox_item` added, so drop them after (box_item adds its own).
                    let r = unsafe { box_item(py, &v, words_bytes.as_ptr()) };
                    release_words(&v, &w);
                    r
                }
            }
        })
    }

    /// The last inserted `(key, value)`, removed (LIFO, as `dict.popitem`).
    fn popitem(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        op(py, || {
            let empty = || PyKeyError::new_err("popitem(): dictionary is empty");
            let Some(n) = &self.st else { return Err(empty()) };
            let (k, v) = self.kv(py)?;
            let mut kw = vec![0u64; k.slot_size().div_ceil(8)];
            let mut vw = vec![0u64; v.slot_size().div_ceil(8).max(1)];
            // SAFETY: a live dict; the buffers hold one key and one value.
            let found = unsafe { oxjit_runtime::dict::oxjit_rt_dict_popitem(n.mi(), kw.as_mut_ptr().cast(), vw.as_mut_ptr().cast()) };
            if found == 0 {
                return Err(empty());
            }
            // The popped key and value hold the dict's references: boxing takes them over.
            let key = box_value(py, &k, &kw, &mut 0);
            let value = box_value(py, &v, &vw, &mut 0);
            // SAFETY: new references from `box_value` (a failed one released its words).
            let (key, value) = match (key, value) {
                (Ok(a), Ok(b)) => unsafe { (Bound::from_owned_ptr(py, a), Bound::from_owned_ptr(py, b)) },
                (Ok(a), Err(e)) | (Err(e), Ok(a)) => {
                    unsafe { ffi::Py_DecRef(a) };
                    return Err(e);
                }
                (Err(e), Err(_)) => return Err(e),
            };
            Ok(PyTuple::new(py, [key, value])?.into_any().unbind())
        })
    }

    /// The keys, in insertion order (a snapshot).
    fn _keys(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        op(py, || self.entries(py, true, false))
    }

    /// `(key, value)` pairs, in insertion order (a snapshot).
    fn _items(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        op(py, || self.entries(py, true, true))
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        op(py, || Ok(self.entries(py, true, false)?.bind(py).try_iter()?.into_any().unbind()))
    }

    fn clear(&self, py: Python<'_>) -> PyResult<()> {
        op(py, || {
            if let Some(n) = &self.st {
                // SAFETY: a live dict.
                unsafe { oxjit_rt_dict_clear(n.mi()) };
            }
            Ok(())
        })
    }

    /// A shallow copy (a new dict of the same class).
    fn copy(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        op(py, || {
            let this = slf.borrow();
            let out = slf.get_type().call0()?;
            if let Some(n) = &this.st {
                // SAFETY: a live dict.
                let mi = unsafe { oxjit_rt_dict_copy(n.mi()) };
                out.cast::<TypedDict>()?.borrow_mut().st = Some(Native::new(mi, n.ty.clone())?);
            }
            Ok(out.unbind())
        })
    }
}

impl TypedDict {
    fn entries(&self, py: Python<'_>, keys: bool, values: bool) -> PyResult<Py<PyList>> {
        let out = PyList::empty(py);
        let Some(n) = &self.st else { return Ok(out.unbind()) };
        let (k, v) = self.kv(py)?;
        // SAFETY: a live dict; `dict_entry` packs it and gives live entries.
        let used = unsafe { dict_data(n.mi()).used };
        for i in 0..used {
            // SAFETY: `i < used`.
            let Some((kp, vp)) = (unsafe { dict_entry(n.mi(), i) }) else { break };
            // SAFETY: live key and value of the dict's types.
            let item: Py<PyAny> = unsafe {
                match (keys, values) {
                    (true, true) => PyTuple::new(py, [box_item(py, &k, kp)?, box_item(py, &v, vp)?])?.into_any().unbind(),
                    (true, false) => box_item(py, &k, kp)?,
                    _ => box_item(py, &v, vp)?,
                }
            };
            out.append(item)?;
        }
        Ok(out.unbind())
    }
}

/// The native part of `oxjit.typed.List`.
#[pyclass(name = "TypedList", module = "oxjit._native", subclass)]
pub struct TypedList {
    st: Option<Native>,
}

impl TypedList {
    fn native(&self, py: Python<'_>) -> PyResult<&Native> {
        self.st.as_ref().ok_or_else(|| errors::typing(py, "this List has no item type yet"))
    }

    fn elem(&self, py: Python<'_>) -> PyResult<Ty> {
        self.native(py)?.ty.list_elem().cloned().ok_or_else(|| errors::internal(py, "a list without an item type"))
    }

    fn len(&self) -> i64 {
        match &self.st {
            // SAFETY: a live list.
            Some(n) => unsafe { list_data(n.mi()).len },
            None => 0,
        }
    }

    /// Types an empty list by `value` (its first item).
    fn type_by(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        if self.st.is_none() {
            let e = type_of(py, value)?;
            self.st = Some(Native::new(new_list(&e, 0)?, Ty::typed_list(Some(e)))?);
        }
        Ok(())
    }

    fn item_ptr(&self, py: Python<'_>, i: i64) -> PyResult<*mut u8> {
        let n = self.native(py)?;
        // SAFETY: a live list; `i` is checked by the callers.
        let d = unsafe { list_data(n.mi()) };
        Ok(d.items.wrapping_add((i * d.itemsize) as usize))
    }

    /// Python's index rule; `IndexError` outside.
    fn index(&self, i: i64, what: &str) -> PyResult<i64> {
        let n = self.len();
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err(format!("list {what} out of range")));
        }
        Ok(j)
    }

    fn wrap_like(slf: &Bound<'_, Self>, mi: *mut MemInfo, ty: Ty) -> PyResult<Py<PyAny>> {
        let out = slf.get_type().call0()?;
        out.cast::<TypedList>()?.borrow_mut().st = Some(Native::new(mi, ty)?);
        Ok(out.unbind())
    }

    /// A new runtime list of the items of `values` (their references owned by it).
    fn runtime_list_of(&self, py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<*mut MemInfo> {
        let e = self.elem(py)?;
        let tmp = new_list(&e, 0)?;
        for x in values.try_iter()? {
            let mut w = Vec::new();
            if let Err(err) = unbox_item(py, &x?, &e, &mut w) {
                // SAFETY: our temporary list.
                unsafe { oxjit_rt_decref(tmp) };
                return Err(err);
            }
            // SAFETY: `w` is one item of the list's type; its references go to the list.
            unsafe { list_push(tmp, as_bytes(&w)) };
        }
        Ok(tmp)
    }
}

#[pymethods]
impl TypedList {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>) -> Self {
        TypedList { st: None }
    }

    /// Gives an empty, untyped list its item type (a type text), with room for `allocated`.
    #[pyo3(signature = (item, allocated=0))]
    fn _set_type(&mut self, py: Python<'_>, item: &str, allocated: i64) -> PyResult<()> {
        op(py, || {
            if self.st.is_some() {
                return Err(PyTypeError::new_err("this List already has an item type"));
            }
            let e = parse(item)?;
            self.st = Some(Native::new(new_list(&e, allocated)?, Ty::typed_list(Some(e)))?);
            Ok(())
        })
    }

    #[getter]
    fn _typed(&self) -> bool {
        self.st.is_some()
    }

    /// The type as Numba prints it (`ListType[int64]`).
    fn _type_str(&self) -> String {
        match &self.st {
            Some(n) => n.ty.to_string(),
            None => Ty::typed_list(None).to_string(),
        }
    }

    fn __len__(&self) -> usize {
        self.len().max(0) as usize
    }

    fn __getitem__(slf: &Bound<'_, Self>, idx: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        op(py, || {
            let this = slf.borrow();
            if let Ok(s) = idx.cast::<PySlice>() {
                let ind = s.indices(this.len() as isize)?;
                let Some(n) = &this.st else { return Ok(slf.get_type().call0()?.unbind()) };
                // SAFETY: a live list; the indices are clamped by `slice.indices`.
                let mi = unsafe { oxjit_rt_list_slice(n.mi(), ind.start as i64, ind.step as i64, ind.slicelength as i64) };
                let ty = n.ty.clone();
                drop(this);
                return TypedList::wrap_like(slf, mi, ty);
            }
            let i = this.index(idx.extract::<i64>()?, "index")?;
            let e = this.elem(py)?;
            let p = this.item_ptr(py, i)?;
            // SAFETY: `p` is live item `i`.
            unsafe { box_item(py, &e, p) }
        })
    }

    fn __setitem__(&mut self, py: Python<'_>, idx: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            if let Ok(s) = idx.cast::<PySlice>() {
                let ind = s.indices(self.len() as isize)?;
                if self.st.is_none() {
                    // Typed by the first assigned item.
                    if let Some(first) = value.try_iter()?.next() {
                        self.type_by(py, &first?)?;
                    } else {
                        return Ok(());
                    }
                }
                let src = self.runtime_list_of(py, value)?;
                let dst = self.native(py)?.mi();
                // SAFETY: live lists of one item type; indices clamped by `slice.indices`.
                let st = unsafe { oxjit_rt_list_setslice(dst, ind.start as i64, ind.step as i64, ind.slicelength as i64, src) };
                // SAFETY: our temporary list (the copies hold their own references).
                let m = unsafe { list_data(src).len };
                unsafe { oxjit_rt_decref(src) };
                if st != 0 {
                    return Err(PyValueError::new_err(format!("attempt to assign sequence of size {m} to extended slice of size {}", ind.slicelength)));
                }
                return Ok(());
            }
            let i = self.index(idx.extract::<i64>()?, "assignment index")?;
            let e = self.elem(py)?;
            let mut w = Vec::new();
            unbox_item(py, value, &e, &mut w)?;
            let p = self.item_ptr(py, i)?;
            let size = e.slot_size();
            // SAFETY: `p` is live item `i`: its old references are released, the new item
            // (whose references the list takes) written over it.
            unsafe {
                let old: Vec<u64> = (0..size / 8).map(|k| p.cast::<u64>().add(k).read_unaligned()).collect();
                release_words(&e, &old);
                std::ptr::copy_nonoverlapping(as_bytes(&w).as_ptr(), p, size);
            }
            Ok(())
        })
    }

    fn __delitem__(&self, py: Python<'_>, idx: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            let targets: Vec<i64> = if let Ok(s) = idx.cast::<PySlice>() {
                let ind = s.indices(self.len() as isize)?;
                let mut v: Vec<i64> = (0..ind.slicelength as i64).map(|k| ind.start as i64 + k * ind.step as i64).collect();
                v.sort_unstable_by(|a, b| b.cmp(a));
                v
            } else {
                vec![self.index(idx.extract::<i64>()?, "assignment index")?]
            };
            if targets.is_empty() {
                return Ok(());
            }
            let e = self.elem(py)?;
            let mi = self.native(py)?.mi();
            for i in targets {
                let p = self.item_ptr(py, i)?;
                // SAFETY: `i` is a valid index (descending, so earlier removals do not move it).
                unsafe {
                    let old: Vec<u64> = (0..e.slot_size() / 8).map(|k| p.cast::<u64>().add(k).read_unaligned()).collect();
                    release_words(&e, &old);
                    oxjit_rt_list_remove(mi, i);
                }
            }
            Ok(())
        })
    }

    fn insert(&mut self, py: Python<'_>, i: i64, value: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            self.type_by(py, value)?;
            let e = self.elem(py)?;
            let mut w = Vec::new();
            unbox_item(py, value, &e, &mut w)?;
            // SAFETY: a live list; the new item slot is filled at once (references handed over).
            unsafe {
                let p = oxjit_rt_list_insert(self.native(py)?.mi(), i);
                std::ptr::copy_nonoverlapping(as_bytes(&w).as_ptr(), p, w.len() * 8);
            }
            Ok(())
        })
    }

    fn append(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            self.type_by(py, value)?;
            let e = self.elem(py)?;
            let mut w = Vec::new();
            unbox_item(py, value, &e, &mut w)?;
            // SAFETY: a live list and one item of its type (references handed over).
            unsafe { list_push(self.native(py)?.mi(), as_bytes(&w)) };
            Ok(())
        })
    }

    fn extend(&mut self, py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<()> {
        op(py, || {
            // A snapshot first: `l.extend(l)` adds the items once.
            let items: Vec<Bound<'_, PyAny>> = values.try_iter()?.collect::<PyResult<_>>()?;
            for x in items {
                self.append(py, &x)?;
            }
            Ok(())
        })
    }

    #[pyo3(signature = (i=-1))]
    fn pop(&self, py: Python<'_>, i: i64) -> PyResult<Py<PyAny>> {
        op(py, || {
            if self.len() == 0 {
                return Err(PyIndexError::new_err("pop from empty list"));
            }
            let i = self.index(i, "pop index")?;
            let e = self.elem(py)?;
            let p = self.item_ptr(py, i)?;
            // SAFETY: live item `i`: boxed with its own references, then the list's released
            // by removing the item.
            unsafe {
                let v = box_item(py, &e, p)?;
                let old: Vec<u64> = (0..e.slot_size() / 8).map(|k| p.cast::<u64>().add(k).read_unaligned()).collect();
                release_words(&e, &old);
                oxjit_rt_list_remove(self.native(py)?.mi(), i);
                Ok(v)
            }
        })
    }

    fn clear(&self, py: Python<'_>) -> PyResult<()> {
        op(py, || {
            if let Some(n) = &self.st {
                // SAFETY: a live list.
                unsafe { oxjit_rt_list_clear(n.mi()) };
            }
            Ok(())
        })
    }

    fn reverse(&self, py: Python<'_>) -> PyResult<()> {
        op(py, || {
            if let Some(n) = &self.st {
                if self.len() > 1 {
                    // SAFETY: a live list of at least two items.
                    unsafe { oxjit_rt_list_reverse(n.mi()) };
                }
            }
            Ok(())
        })
    }

    /// A shallow copy (a new list of the same class).
    fn copy(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        op(py, || {
            let this = slf.borrow();
            let Some(n) = &this.st else { return Ok(slf.get_type().call0()?.unbind()) };
            // SAFETY: a live list, all of it.
            let mi = unsafe { oxjit_rt_list_slice(n.mi(), 0, 1, this.len()) };
            let ty = n.ty.clone();
            drop(this);
            TypedList::wrap_like(slf, mi, ty)
        })
    }

    /// The items (a snapshot list).
    fn _items(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        op(py, || {
            let out = PyList::empty(py);
            let Some(n) = &self.st else { return Ok(out.unbind()) };
            let e = self.elem(py)?;
            // SAFETY: a live list; the items are read while it does not change.
            let (bytes, size) = unsafe { list_bytes(n.mi()) };
            for c in bytes.chunks_exact(size.max(1)) {
                // SAFETY: one live item.
                out.append(unsafe { box_item(py, &e, c.as_ptr())? })?;
            }
            Ok(out.unbind())
        })
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        op(py, || Ok(self._items(py)?.bind(py).try_iter()?.into_any().unbind()))
    }
}

// ----- the dispatcher's side: arguments and results -----

/// If `obj` is a typed container, appends its key codes and slot (its MemInfo, borrowed for
/// the call) and returns true.
///
/// # Safety
/// `obj` is a live object of type `tp`, kept alive by the caller for the call.
pub unsafe fn classify_typed<const K: usize, const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    tp: *mut ffi::PyTypeObject,
    key: &mut Words<K>,
    slots: &mut Words<S>,
) -> PyResult<bool> {
    // SAFETY: the caller's contract; the type objects are live.
    unsafe {
        let dict_t = <TypedDict as pyo3::PyTypeInfo>::type_object_raw(py);
        let list_t = <TypedList as pyo3::PyTypeInfo>::type_object_raw(py);
        let is_dict = tp == dict_t || ffi::PyType_IsSubtype(tp, dict_t) != 0;
        let is_list = !is_dict && (tp == list_t || ffi::PyType_IsSubtype(tp, list_t) != 0);
        if !is_dict && !is_list {
            return Ok(false);
        }
        let b = Bound::from_borrowed_ptr(py, obj);
        let st = if is_dict { b.cast::<TypedDict>()?.borrow().st.as_ref().map(|n| (n.key.clone(), n.mi)) } else { b.cast::<TypedList>()?.borrow().st.as_ref().map(|n| (n.key.clone(), n.mi)) };
        let Some((codes, mi)) = st else {
            let what = if is_dict { "an empty Dict whose key and value types are unknown (create it with Dict.empty(key_type, value_type), or give it an item)" } else { "an empty List whose item type is unknown (create it with List.empty_list(item_type), or give it an item)" };
            return Err(PyTypeError::new_err(format!("cannot pass {what} to compiled code")));
        };
        key.extend(&codes);
        slots.push(mi as u64);
        Ok(true)
    }
}

static CLASSES: PyOnceLock<(Py<PyType>, Py<PyType>)> = PyOnceLock::new();

/// A new `oxjit.typed.Dict` / `List` object for a container returned by compiled code (the
/// object takes over the reference, also on failure).
pub fn box_typed(py: Python<'_>, ty: &Ty, mi: *mut MemInfo) -> PyResult<*mut ffi::PyObject> {
    // The reference is owned from here: dropped on every error path.
    let native = Native::new(mi, ty.clone()).inspect_err(|_| {
        // SAFETY: the reference we were given.
        unsafe { oxjit_rt_decref(mi) };
    })?;
    let (dict_cls, list_cls) = CLASSES.get_or_try_init(py, || -> PyResult<_> {
        let m = py.import("oxjit.typed")?;
        Ok((m.getattr("Dict")?.cast_into::<PyType>()?.unbind(), m.getattr("List")?.cast_into::<PyType>()?.unbind()))
    })?;
    let obj = if matches!(ty, Ty::Dict(_)) {
        let o = dict_cls.bind(py).call0()?;
        o.cast::<TypedDict>()?.borrow_mut().st = Some(native);
        o
    } else {
        let o = list_cls.bind(py).call0()?;
        o.cast::<TypedList>()?.borrow_mut().st = Some(native);
        o
    };
    Ok(obj.into_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    use oxjit_frontend::types::Scalar;

    #[test]
    fn scalar_words_are_what_compiled_code_reads() {
        let mut w = Words::<2>::new();
        push_converted(num_of(Scalar::I64, &[3]), Scalar::F64, &mut w);
        assert_eq!(w.as_slice(), &[3.0f64.to_bits()]);
    }
}
