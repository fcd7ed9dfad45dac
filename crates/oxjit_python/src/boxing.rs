//! Native return slots → Python objects, by the return type (`Ty::slot_size` layout).
//!
//! Every integer type becomes a Python `int`, float32/float64 a `float`, bool a `bool`,
//! complex64/complex128 a `complex`, none `None`, a tuple a `tuple`. Anything else (arrays)
//! is refused with `InternalError`: the frontend rejects such functions, so reaching it is a bug,
//! and garbage is never boxed.

use oxjit_frontend::types::{Scalar, Ty};
use pyo3::ffi;
use pyo3::prelude::*;

use crate::errors;

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
                return Err(PyErr::fetch(py));
            }
            for (i, t) in items.iter().enumerate() {
                match box_value(py, t, words, at) {
                    // SAFETY: PyTuple_SetItem steals the new reference `item`.
                    Ok(item) => unsafe {
                        ffi::PyTuple_SetItem(tuple, i as ffi::Py_ssize_t, item);
                    },
                    Err(e) => {
                        // SAFETY: drop the partially filled tuple we own (NULL items are allowed).
                        unsafe { ffi::Py_DecRef(tuple) };
                        return Err(e);
                    }
                }
            }
            tuple
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

/// Whether values of `ty` can be boxed (checked once per specialisation, not per call).
pub fn boxable(ty: &Ty) -> bool {
    match ty {
        Ty::Scalar(_) | Ty::None => true,
        Ty::Tuple(items) => items.iter().all(boxable),
        _ => false,
    }
}
