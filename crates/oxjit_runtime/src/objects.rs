//! Host objects kept alive by runtime blocks: an array borrowed from Python (its struct has a
//! null MemInfo and the ndarray as `parent`) that compiled code stores into a dict or a list
//! must outlive the call, so the store *adopts* it: a MemInfo over the same data whose
//! destructor lets go of one reference to the Python object, as Numba's NRT does for arrays
//! it unboxes.
//!
//! The runtime knows nothing of Python: the host registers two functions
//! ([`oxjit_rt_set_object_hooks`]) that add and drop a reference to an object. They may be
//! called on any thread, with or without the GIL (a parallel chunk, a `nogil` call, the
//! destructor of a dict freed anywhere); the host decides how to do that safely. Without
//! hooks, [`oxjit_rt_adopt_object`] returns null and the array stays borrowed.

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::memory::{oxjit_rt_wrap_external, MemInfo};

/// Adds or drops one reference to a host object.
pub type ObjectHook = unsafe extern "C" fn(*mut c_void);

static INCREF: AtomicUsize = AtomicUsize::new(0);
static DECREF: AtomicUsize = AtomicUsize::new(0);

/// Registers the host's reference-count functions (once, before compiled code runs).
pub fn oxjit_rt_set_object_hooks(incref: ObjectHook, decref: ObjectHook) {
    DECREF.store(decref as usize, Ordering::Release);
    INCREF.store(incref as usize, Ordering::Release);
}

fn hook(slot: &AtomicUsize) -> Option<ObjectHook> {
    let f = slot.load(Ordering::Acquire);
    // SAFETY: only `oxjit_rt_set_object_hooks` stores non-zero values, which are `ObjectHook`s.
    (f != 0).then(|| unsafe { std::mem::transmute::<usize, ObjectHook>(f) })
}

unsafe extern "C" fn object_dtor(mi: *mut MemInfo) {
    if let Some(decref) = hook(&DECREF) {
        // SAFETY: `mi` is the dying wrap made by `oxjit_rt_adopt_object`; its dtor data is the
        // object it holds one reference to.
        unsafe { decref((*mi).dtor_data()) };
    }
}

/// A new MemInfo (count 1) over `data` that holds one reference to the host object `obj`;
/// null when no host hooks are registered or `obj` is null.
///
/// # Safety
/// `obj` is a live host object (alive at least until the hooks' increment has happened) and
/// `data` memory it keeps alive.
pub unsafe extern "C" fn oxjit_rt_adopt_object(obj: *mut c_void, data: *mut u8) -> *mut MemInfo {
    let (Some(incref), Some(_)) = (hook(&INCREF), hook(&DECREF)) else {
        return std::ptr::null_mut();
    };
    if obj.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller's contract; the wrap's destructor gives the reference back.
    unsafe {
        incref(obj);
        let mi = oxjit_rt_wrap_external(data, 0, Some(object_dtor), obj);
        if mi.is_null() {
            if let Some(decref) = hook(&DECREF) {
                decref(obj);
            }
        }
        mi
    }
}

/// The C-ABI entry points compiled code calls.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![("oxjit_rt_adopt_object", oxjit_rt_adopt_object as *const () as usize)]
}
