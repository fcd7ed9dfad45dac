//! Native return slots → Python objects, by the return type (`Ty::slot_size` layout).
//!
//! Every integer type becomes a Python `int`, float32/float64 a `float`, bool a `bool`,
//! complex64/complex128 a `complex`, none `None`, a tuple a `tuple`, a string a new `str`
//! (a copy, so a value borrowed from an argument or constant data never escapes).
//!
//! Arrays: an array borrowed from an argument (`meminfo` null, `parent` the argument) comes
//! back as that very object when its data, shape and strides are unchanged, else as a view of
//! it (`base` = the argument), as Numba does; a frozen global array (no parent, constant data
//! in the JIT-ed module) comes back as a fresh copy, so Python can never write into compiled
//! constants. Arrays owned by the runtime (`meminfo` set) are not produced yet.

use oxjit_frontend::types::{Scalar, Ty};
use pyo3::ffi;
use pyo3::prelude::*;

use crate::errors;
use oxjit_runtime::{oxjit_rt_decref, MemInfo};
use numpy::npyffi::{self, NpyTypes, PyArrayObject, NPY_ARRAY_WRITEABLE, NPY_ORDER, PY_ARRAY_API};

/// Boxes the value of type `ty` that starts at word `*at` of `words`, advancing `*at`.
/// Returns a new reference.
pub fn box_value(
    py: Python<'_>,
    ty: &Ty,
    words: &[u64],
    at: &mut usize,
) -> PyResult<*mut ffi::PyObject> {
    let obj = match ty {
        Ty::Scalar(s) => {
            let w = words[*at];
            *at += 1;
            // SAFETY: plain constructors of new objects; the GIL is held.
            unsafe {
                match s {
                    Scalar::Bool => ffi::PyBool_FromLong((w & 0xff != 0) as std::os::raw::c_long),
                    Scalar::I8 => ffi::PyLong_FromLongLong(w as u8 as i8 as i64),
                    Scalar::I16 => ffi::PyLong_FromLongLong(w as u16 as i16 as i64),
                    Scalar::I32 => ffi::PyLong_FromLongLong(w as u32 as i32 as i64),
                    Scalar::I64 => ffi::PyLong_FromLongLong(w as i64),
                    Scalar::U8 => ffi::PyLong_FromUnsignedLongLong(w & 0xff),
                    Scalar::U16 => ffi::PyLong_FromUnsignedLongLong(w & 0xffff),
                    Scalar::U32 => ffi::PyLong_FromUnsignedLongLong(w & 0xffff_ffff),
                    Scalar::U64 => ffi::PyLong_FromUnsignedLongLong(w),
                    Scalar::F32 => ffi::PyFloat_FromDouble(f32::from_bits(w as u32) as f64),
                    Scalar::F64 => ffi::PyFloat_FromDouble(f64::from_bits(w)),
                    Scalar::C64 => ffi::PyComplex_FromDoubles(
                        f32::from_bits(w as u32) as f64,
                        f32::from_bits((w >> 32) as u32) as f64,
                    ),
                    Scalar::C128 => {
                        let im = words[*at];
                        *at += 1;
                        ffi::PyComplex_FromDoubles(f64::from_bits(w), f64::from_bits(im))
                    }
                }
            }
        }
        // SAFETY: Py_None is immortal (3.12+) or a static; we return a new reference to it.
        Ty::None => unsafe {
            let none = ffi::Py_None();
            ffi::Py_IncRef(none);
            none
        },
        Ty::Tuple(items) => {
            // SAFETY: a new tuple of the right size, each slot filled exactly once below.
            let tuple = unsafe { ffi::PyTuple_New(items.len() as ffi::Py_ssize_t) };
            if tuple.is_null() {
                let e = PyErr::fetch(py);
                release_value(ty, words, at);
                return Err(e);
            }
            for (i, t) in items.iter().enumerate() {
                match box_value(py, t, words, at) {
                    // SAFETY: PyTuple_SetItem steals the new reference `item`.
                    Ok(item) => unsafe {
                        ffi::PyTuple_SetItem(tuple, i as ffi::Py_ssize_t, item);
                    },
                    Err(e) => {
                        // The items not boxed yet still hold their references.
                        for rest in &items[i + 1..] {
                            release_value(rest, words, at);
                        }
                        // SAFETY: drop the partially filled tuple we own (NULL items are allowed).
                        unsafe { ffi::Py_DecRef(tuple) };
                        return Err(e);
                    }
                }
            }
            tuple
        }
        Ty::Array(a) => {
            let n = a.ndim as usize;
            let w = &words[*at..*at + 5 + 2 * n];
            *at += 5 + 2 * n;
            box_array(py, a, w)?
        }
        // `typed.List` and dicts: a Python object sharing the container (Numba's boxing).
        Ty::List(l) if l.typed => {
            let mi = words[*at] as *mut MemInfo;
            *at += 1;
            crate::typed::box_typed(py, ty, mi)?
        }
        Ty::Dict(_) => {
            let mi = words[*at] as *mut MemInfo;
            *at += 1;
            crate::typed::box_typed(py, ty, mi)?
        }
        Ty::List(_) => {
            let mi = words[*at] as *mut MemInfo;
            *at += 1;
            crate::lists::box_list(py, ty, mi)?
        }
        Ty::Str => {
            let w = &words[*at..*at + 4];
            *at += 4;
            box_str(py, w)?
        }
        // `d.get(k)`: a presence word, then the value (zeroed when absent).
        Ty::Optional(inner) => {
            let present = words[*at] & 0xff != 0;
            *at += 1;
            if !present {
                release_value(inner, words, at);
                // SAFETY: a new reference to None.
                unsafe {
                    let none = ffi::Py_None();
                    ffi::Py_IncRef(none);
                    none
                }
            } else {
                return box_value(py, inner, words, at);
            }
        }
        other => {
            return Err(errors::internal(
                py,
                format!("cannot return {other} to Python"),
            ))
        }
    };
    if obj.is_null() {
        return Err(PyErr::fetch(py));
    }
    Ok(obj)
}

/// Drops the runtime references held by the value of type `ty` at word `*at` (advancing
/// `*at`), for a value that will not be boxed.
pub fn release_value(ty: &Ty, words: &[u64], at: &mut usize) {
    match ty {
        Ty::Scalar(Scalar::C128) => *at += 2,
        Ty::Scalar(_) => *at += 1,
        Ty::Tuple(items) => {
            for t in items.iter() {
                release_value(t, words, at);
            }
        }
        Ty::Array(a) => {
            let mi = words[*at] as *mut MemInfo;
            *at += 5 + 2 * a.ndim as usize;
            // SAFETY: the slot holds a reference the compiled code returned to us (or null).
            unsafe { oxjit_rt_decref(mi) };
        }
        Ty::List(_) | Ty::Dict(_) => {
            let mi = words[*at] as *mut MemInfo;
            *at += 1;
            // SAFETY: the slot holds a reference the compiled code returned to us.
            unsafe { oxjit_rt_decref(mi) };
        }
        Ty::Str => {
            let mi = words[*at] as *mut MemInfo;
            *at += 4;
            // SAFETY: the slot holds a reference the compiled code returned to us (or null).
            unsafe { oxjit_rt_decref(mi) };
        }
        Ty::Optional(inner) => {
            *at += 1;
            release_value(inner, words, at);
        }
        _ => {}
    }
}

extern "C" {
    /// Public C API since CPython 3.3, outside the limited API (so absent from PyO3's abi3
    /// bindings); its signature never changed. Copies `size` code points of `kind` bytes
    /// into a new `str` in its canonical (narrowest) kind.
    fn PyUnicode_FromKindAndData(kind: std::os::raw::c_int, buffer: *const std::ffi::c_void, size: ffi::Py_ssize_t) -> *mut ffi::PyObject;
}

/// A new Python `str` from a string value `{meminfo, data, len, kind}` (the copy is Python's;
/// the value's reference is released, also on failure).
fn box_str(py: Python<'_>, w: &[u64]) -> PyResult<*mut ffi::PyObject> {
    let (mi, data, len, kind) = (w[0] as *mut MemInfo, w[1] as *const std::ffi::c_void, w[2] as i64, w[3] as i64);
    if !matches!(kind, 1 | 2 | 4) || len < 0 {
        // SAFETY: the reference compiled code returned to us.
        unsafe { oxjit_rt_decref(mi) };
        return Err(errors::internal(py, format!("compiled code returned a string of kind {kind} and length {len}")));
    }
    // SAFETY: `data` holds `len` code points of `kind` bytes (a runtime block, an argument's
    // data or constant data, all alive here); PyUnicode_FromKindAndData copies them. Then we
    // give up the reference we were given.
    let obj = unsafe {
        let o = PyUnicode_FromKindAndData(kind as std::os::raw::c_int, data, len as ffi::Py_ssize_t);
        oxjit_rt_decref(mi);
        o
    };
    if obj.is_null() {
        return Err(PyErr::fetch(py));
    }
    Ok(obj)
}

/// The `base` of an ndarray over runtime memory: holds one reference to the MemInfo.
#[pyclass(name = "MemInfo", module = "oxjit._native", frozen)]
pub struct MemInfoOwner {
    /// `*mut MemInfo` as an address (a raw pointer is not `Send`; the count is atomic).
    mi: usize,
}

impl MemInfoOwner {
    fn ptr(&self) -> *mut MemInfo {
        self.mi as *mut MemInfo
    }
}

#[pymethods]
impl MemInfoOwner {
    /// The current reference count (tests and debugging).
    #[getter]
    fn refcount(&self) -> usize {
        // SAFETY: we hold a reference, so the MemInfo is alive.
        unsafe { oxjit_runtime::oxjit_rt_meminfo_refcount(self.ptr()) }
    }

    /// The size of the data block in bytes.
    #[getter]
    fn nbytes(&self) -> usize {
        // SAFETY: as above.
        unsafe { oxjit_runtime::oxjit_rt_meminfo_size(self.ptr()) }
    }

    fn __repr__(&self) -> String {
        format!("<oxjit MemInfo {:#x}, {} bytes, refcount {}>", self.mi, self.nbytes(), self.refcount())
    }
}

impl Drop for MemInfoOwner {
    fn drop(&mut self) {
        // SAFETY: the reference this object was created with, given up exactly once.
        unsafe { oxjit_rt_decref(self.ptr()) };
        // An array adopted by a container may have been holding an ndarray: released now.
        // SAFETY: Python drops this object with the GIL held.
        crate::typed::drain_pending(unsafe { Python::assume_attached() });
    }
}

/// Whether values of `ty` can be boxed (checked once per specialisation, not per call).
pub fn boxable(ty: &Ty) -> bool {
    match ty {
        Ty::Scalar(_) | Ty::None | Ty::Array(_) | Ty::Str => true,
        Ty::Tuple(items) => items.iter().all(boxable),
        Ty::List(l) => l.elem.as_ref().is_some_and(boxable),
        Ty::Dict(d) => d.key.as_ref().is_some_and(boxable) && d.value.as_ref().is_some_and(boxable),
        Ty::Optional(t) => boxable(t),
        _ => false,
    }
}

/// NumPy's type number for a dtype (x86-64 Linux: int64 is `long`).
fn type_num(s: Scalar) -> std::os::raw::c_int {
    match s {
        Scalar::Bool => 0,
        Scalar::I8 => 1,
        Scalar::U8 => 2,
        Scalar::I16 => 3,
        Scalar::U16 => 4,
        Scalar::I32 => 5,
        Scalar::U32 => 6,
        Scalar::I64 => 7,
        Scalar::U64 => 8,
        Scalar::F32 => 11,
        Scalar::F64 => 12,
        Scalar::C64 => 14,
        Scalar::C128 => 15,
    }
}

/// Boxes an array struct `{meminfo, parent, nitems, itemsize, data, shape[n], strides[n]}`.
fn box_array(py: Python<'_>, a: &oxjit_frontend::types::ArrayTy, w: &[u64]) -> PyResult<*mut ffi::PyObject> {
    let n = a.ndim as usize;
    let meminfo = w[0] as *mut std::ffi::c_void;
    let parent = w[1] as *mut ffi::PyObject;
    let data = w[4] as *mut std::ffi::c_void;
    let mut shape: Vec<npyffi::npy_intp> = w[5..5 + n].iter().map(|v| *v as i64 as npyffi::npy_intp).collect();
    let mut strides: Vec<npyffi::npy_intp> = w[5 + n..5 + 2 * n].iter().map(|v| *v as i64 as npyffi::npy_intp).collect();
    if !parent.is_null() && !meminfo.is_null() {
        // An array adopted from Python (stored in a container): the ndarray itself when it is
        // the same view, as for a borrowed one; else a view of the runtime's reference.
        // SAFETY: the adopted MemInfo keeps `parent` alive; its fields are read only.
        let arr = parent as *mut PyArrayObject;
        let same = unsafe {
            (*arr).fields.data as *mut std::ffi::c_void == data
                && (*arr).fields.nd as usize == n
                && (0..n).all(|d| *(*arr).fields.dimensions.add(d) == shape[d] && *(*arr).fields.strides.add(d) == strides[d])
        };
        if same {
            // SAFETY: a new reference to the live ndarray; the MemInfo's reference (ours) goes.
            unsafe {
                ffi::Py_IncRef(parent);
                oxjit_rt_decref(meminfo as *mut MemInfo);
            }
            return Ok(parent);
        }
    }
    if !meminfo.is_null() {
        return box_runtime_array(py, a, meminfo as *mut MemInfo, data, &mut shape, &mut strides);
    }
    if !parent.is_null() {
        let arr = parent as *mut PyArrayObject;
        // SAFETY: `parent` is the ndarray the dispatcher unboxed for this call; the caller keeps
        // it alive, and its fields are read only.
        let same = unsafe {
            (*arr).fields.data as *mut std::ffi::c_void == data
                && (*(*arr).fields.descr).fields.type_num == type_num(a.dtype)
                && (*arr).fields.nd as usize == n
                && (0..n).all(|d| *(*arr).fields.dimensions.add(d) == shape[d] && *(*arr).fields.strides.add(d) == strides[d])
        };
        if same {
            // SAFETY: a new reference to a live object.
            unsafe { ffi::Py_IncRef(parent) };
            return Ok(parent);
        }
    }
    let flags = if a.readonly || parent.is_null() { 0 } else { NPY_ARRAY_WRITEABLE };
    // SAFETY: the descriptor and type object come from NumPy's API table; `data` with `shape`
    // and `strides` describes memory inside `parent` (kept alive as the view's base) or the
    // JIT-ed module's constant data (never freed); NumPy copies the shape and strides arrays.
    unsafe {
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, type_num(a.dtype));
        if descr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let subtype = npyffi::get_type_object(py, NpyTypes::PyArray_Type);
        let view = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            subtype,
            descr,
            n as std::os::raw::c_int,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data,
            flags,
            std::ptr::null_mut(),
        );
        if view.is_null() {
            return Err(PyErr::fetch(py));
        }
        if parent.is_null() {
            let copy = PY_ARRAY_API.PyArray_NewCopy(py, view as *mut PyArrayObject, NPY_ORDER::NPY_CORDER);
            ffi::Py_DecRef(view);
            if copy.is_null() {
                return Err(PyErr::fetch(py));
            }
            return Ok(copy);
        }
        ffi::Py_IncRef(parent);
        if PY_ARRAY_API.PyArray_SetBaseObject(py, view as *mut PyArrayObject, parent) < 0 {
            ffi::Py_DecRef(view);
            return Err(PyErr::fetch(py));
        }
        Ok(view)
    }
}

/// An ndarray over runtime memory; consumes the reference `mi` (also on failure).
fn box_runtime_array(
    py: Python<'_>,
    a: &oxjit_frontend::types::ArrayTy,
    mi: *mut MemInfo,
    data: *mut std::ffi::c_void,
    shape: &mut [npyffi::npy_intp],
    strides: &mut [npyffi::npy_intp],
) -> PyResult<*mut ffi::PyObject> {
    // From here the owner object holds the reference: dropping it (on any error) releases it.
    let owner = match Py::new(py, MemInfoOwner { mi: mi as usize }) {
        Ok(o) => o,
        Err(e) => {
            // SAFETY: the reference we were given, not yet owned by anything.
            unsafe { oxjit_rt_decref(mi) };
            return Err(e);
        }
    };
    let flags = if a.readonly { 0 } else { NPY_ARRAY_WRITEABLE };
    // SAFETY: the descriptor and type object come from NumPy's API table; `data` with `shape`
    // and `strides` describes memory inside the runtime block `mi`, which the new array's
    // base (`owner`) keeps alive; NumPy copies the shape and strides arrays.
    unsafe {
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, type_num(a.dtype));
        if descr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let subtype = npyffi::get_type_object(py, NpyTypes::PyArray_Type);
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            subtype,
            descr,
            shape.len() as std::os::raw::c_int,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data,
            flags,
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            return Err(PyErr::fetch(py));
        }
        // Steals the reference to `owner` (also when it fails).
        if PY_ARRAY_API.PyArray_SetBaseObject(py, arr as *mut PyArrayObject, owner.into_ptr()) < 0 {
            ffi::Py_DecRef(arr);
            return Err(PyErr::fetch(py));
        }
        Ok(arr)
    }
}
