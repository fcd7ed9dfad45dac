//! Python lists crossing the boundary: Numba's *reflected lists*.
//!
//! - Unboxing (`unbox_list`, from `unbox::classify`): the element type is the type of the
//!   first item (as Numba types a list argument); every item must have exactly that type.
//!   The items are classified into a new runtime list (`oxjit_runtime::list`), in the slot
//!   layout, so a list of arrays holds borrowed array structs (`parent` = the item). The key
//!   is `list` followed by the element's codes.
//! - During the call the runtime list is registered in a per-thread table with its Python
//!   list; after the call (also one that raised, as in Numba) every registered list that
//!   compiled code changed (its `dirty` flag) is written back into its Python list
//!   (`lst[:] = items`), then released.
//!   Nested lists are owned by their outer list (not reflected on their own).
//! - Boxing a list (`box_list`, a return value) makes a new Python list of the boxed items;
//!   a list that came from an argument comes back as that argument (after reflection), so
//!   `return lst` returns the caller's object as Numba does.

use std::cell::RefCell;

use oxjit_frontend::types::Ty;
use oxjit_runtime::list::{list_bytes, list_data, list_push, list_take_dirty, oxjit_rt_list_new};
use oxjit_runtime::{oxjit_rt_decref, oxjit_rt_incref, MemInfo};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;

use crate::boxing::box_value;
use crate::keys;
use crate::unbox::{classify, Words};

struct ListArg {
    obj: *mut ffi::PyObject,
    mi: *mut MemInfo,
    ty: Ty,
}

thread_local! {
    /// The lists unboxed for the calls running on this thread (innermost last).
    static LIST_ARGS: RefCell<Vec<ListArg>> = const { RefCell::new(Vec::new()) };
}

fn registered() -> usize {
    LIST_ARGS.with(|v| v.borrow().len())
}

/// Releases (without reflecting) the lists registered above `mark`.
fn drop_above(mark: usize) {
    let rest: Vec<ListArg> = LIST_ARGS.with(|v| {
        let mut v = v.borrow_mut();
        let n = v.len();
        v.drain(mark.min(n)..).collect()
    });
    for a in rest {
        // SAFETY: the registry held one reference to each list.
        unsafe {
            list_data(a.mi).parent = std::ptr::null_mut();
            oxjit_rt_decref(a.mi);
        }
    }
}

/// The lists of one call: released when dropped; [`CallLists::reflect`] writes changed ones
/// back first.
pub struct CallLists {
    mark: usize,
}

impl CallLists {
    #[inline(always)]
    pub fn new() -> Self {
        CallLists { mark: registered() }
    }

    /// Whether any list argument was unboxed for this call.
    #[inline(always)]
    pub fn any(&self) -> bool {
        registered() > self.mark
    }

    /// Writes every changed list back into its Python list (Numba's reflection).
    pub fn reflect(&self, py: Python<'_>) -> PyResult<()> {
        let n = registered();
        for k in self.mark..n {
            let (obj, mi, ty) = LIST_ARGS.with(|v| {
                let v = v.borrow();
                (v[k].obj, v[k].mi, v[k].ty.clone())
            });
            // SAFETY: the registry holds a reference to `mi`; `obj` is the caller's argument.
            unsafe { reflect_into(py, obj, mi, &ty)? };
        }
        Ok(())
    }
}

impl Drop for CallLists {
    fn drop(&mut self) {
        if registered() > self.mark {
            drop_above(self.mark);
        }
    }
}

/// Unboxes the Python list `obj` (checked by the caller): key codes and its slot (the
/// MemInfo pointer, registered for the call).
///
/// # Safety
/// `obj` is a live `list` kept alive by the caller until the call returns.
pub unsafe fn unbox_list<const K: usize, const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    key: &mut Words<K>,
    slots: &mut Words<S>,
) -> PyResult<()> {
    // SAFETY: `obj` is a live list; items are borrowed from it while it is alive.
    unsafe {
        let n = ffi::PyList_Size(obj);
        if n <= 0 {
            return Err(PyValueError::new_err(
                "cannot compute fingerprint of empty list: compiled code types a list argument by its first item; pass a non-empty list (or build the list inside the function)",
            ));
        }
        let mark = registered();
        let mut codes: Vec<u64> = Vec::new();
        let mut elem: Option<Ty> = None;
        let mut mi: *mut MemInfo = std::ptr::null_mut();
        for i in 0..n {
            let item = ffi::PyList_GetItem(obj, i);
            let mut ek = Words::<16>::new();
            let mut es = Words::<48>::new();
            let fail = |e: PyErr, mi: *mut MemInfo| {
                drop_above(mark);
                oxjit_rt_decref(mi);
                e
            };
            if let Err(e) = classify(py, item, &mut ek, &mut es) {
                return Err(fail(e, mi));
            }
            if i == 0 {
                codes = ek.as_slice().to_vec();
                let t = keys::decode(&codes).pop().unwrap_or(Ty::None);
                if matches!(t, Ty::List(_)) {
                    // Numba cannot write nested lists back either. (Typed lists inside a
                    // reflected list crashed after the write-back when the string and dict
                    // work were merged: refused until that is understood.)
                    let whole = Ty::list(t.clone(), true);
                    return Err(fail(PyTypeError::new_err(format!("cannot reflect element of reflected container: {whole}")), mi));
                }
                if !oxjit_frontend::lists::elem_ok(&t) {
                    return Err(fail(PyTypeError::new_err(format!("cannot pass a list of {t} to compiled code: list items can be numbers, tuples of them, arrays or lists")), mi));
                }
                mi = oxjit_rt_list_new(t.slot_size() as i64, oxjit_frontend::lists::ref_mask(&t), n as i64);
                elem = Some(t);
            } else if !keys::same_key(&codes, ek.as_slice()) {
                let first = elem.as_ref().map(|t| t.to_string()).unwrap_or_default();
                let this = keys::decode(ek.as_slice()).pop().map(|t| t.to_string()).unwrap_or_default();
                return Err(fail(PyTypeError::new_err(format!("can't unbox heterogeneous list: {first} != {this}")), mi));
            }
            let words = es.as_slice();
            let bytes = std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), std::mem::size_of_val(words));
            list_push(mi, bytes);
            // Nested lists unboxed for this item now belong to the outer list.
            LIST_ARGS.with(|v| v.borrow_mut().truncate(mark));
        }
        list_take_dirty(mi);
        list_data(mi).parent = obj.cast();
        let elem = elem.expect("a non-empty list has a first item");
        key.push(keys::list_code());
        key.extend(&codes);
        slots.push(mi as u64);
        LIST_ARGS.with(|v| v.borrow_mut().push(ListArg { obj, mi, ty: Ty::list(elem, true) }));
        Ok(())
    }
}

/// A new Python list of the items of `mi` (a list of `elem`); the list keeps its references.
///
/// # Safety
/// `mi` is a live list of `elem` items.
unsafe fn items_to_pylist(py: Python<'_>, mi: *mut MemInfo, elem: &Ty) -> PyResult<*mut ffi::PyObject> {
    // SAFETY: reads the live list's items; every boxed item gets its own references first.
    unsafe {
        let (bytes, size) = list_bytes(mi);
        let n = list_data(mi).len.max(0) as usize;
        let out = ffi::PyList_New(n as ffi::Py_ssize_t);
        if out.is_null() {
            return Err(PyErr::fetch(py));
        }
        let mask = oxjit_frontend::lists::ref_mask(elem);
        for i in 0..n {
            let words: Vec<u64> = bytes[i * size..(i + 1) * size].chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
            // `box_value` takes over one reference of each MemInfo: give it its own.
            for (k, w) in words.iter().enumerate() {
                if k < 64 && mask & (1 << k) != 0 {
                    oxjit_rt_incref(*w as *mut MemInfo);
                }
            }
            match box_value(py, elem, &words, &mut 0) {
                Ok(item) => {
                    ffi::PyList_SetItem(out, i as ffi::Py_ssize_t, item);
                }
                Err(e) => {
                    ffi::Py_DecRef(out);
                    return Err(e);
                }
            }
        }
        Ok(out)
    }
}

/// Writes the items of `mi` into the Python list `obj` when compiled code changed them.
///
/// # Safety
/// `mi` is a live list of type `ty`; `obj` a live Python list.
unsafe fn reflect_into(py: Python<'_>, obj: *mut ffi::PyObject, mi: *mut MemInfo, ty: &Ty) -> PyResult<()> {
    // SAFETY: the caller's contract.
    unsafe {
        if !list_take_dirty(mi) {
            return Ok(());
        }
        let Some(elem) = ty.list_elem() else { return Ok(()) };
        let items = items_to_pylist(py, mi, elem)?;
        let r = ffi::PyList_SetSlice(obj, 0, ffi::PY_SSIZE_T_MAX, items);
        ffi::Py_DecRef(items);
        if r < 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    }
}

/// Boxes a list returned by compiled code (taking over its reference): the caller's own list
/// for a list that came from an argument (reflected first), else a new Python list.
pub fn box_list(py: Python<'_>, ty: &Ty, mi: *mut MemInfo) -> PyResult<*mut ffi::PyObject> {
    let Some(elem) = ty.list_elem() else {
        return Err(crate::errors::internal(py, format!("cannot return {ty} to Python")));
    };
    // SAFETY: compiled code returned one reference to a live list, which we release below.
    unsafe {
        let parent = list_data(mi).parent.cast::<ffi::PyObject>();
        let r = if parent.is_null() {
            items_to_pylist(py, mi, elem)
        } else {
            reflect_into(py, parent, mi, ty).map(|()| {
                ffi::Py_IncRef(parent);
                parent
            })
        };
        oxjit_rt_decref(mi);
        r
    }
}
