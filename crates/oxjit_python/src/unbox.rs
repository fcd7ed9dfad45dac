//! Argument objects → type-key codes and native argument slots, in one pass, no allocation.
//!
//! The slot layout is `oxjit_frontend::types::Ty::slot_size`: every scalar takes one 8-byte
//! word (complex128 two), an array `{meminfo, parent, nitems, itemsize, data, shape[n],
//! strides[n]}`, a tuple its items' slots in order, `None` nothing. Arrays are read straight
//! from the `PyArrayObject` (no rust-numpy borrow tracking: the caller keeps the array alive for
//! the call, so `meminfo` is null and `parent` is the array itself).
//!
//! NumPy is never imported by this module unless an argument could be a NumPy object and
//! NumPy is already in `sys.modules`; `import oxjit` and calls with plain ints and floats do
//! not pay for it.

use std::ffi::c_long;
use std::mem::MaybeUninit;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicUsize, Ordering};

use numpy::npyffi::{
    self, NpyTypes, PyArrayObject, NPY_ARRAY_ALIGNED, NPY_ARRAY_C_CONTIGUOUS,
    NPY_ARRAY_F_CONTIGUOUS, NPY_ARRAY_WRITEABLE,
};
use oxjit_frontend::types::{Layout, Scalar, Ty};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::keys;

#[cfg(not(target_endian = "little"))]
compile_error!("the argument-slot encoding assumes a little-endian target");

/// A word buffer on the stack that moves to the heap past `N` words. The stack part is not
/// zeroed (only the words pushed are ever read), which matters on the per-call path.
pub struct Words<const N: usize> {
    stack: [MaybeUninit<u64>; N],
    heap: Vec<u64>,
    len: usize,
}

impl<const N: usize> Words<N> {
    #[inline(always)]
    pub fn new() -> Self {
        Words {
            stack: [const { MaybeUninit::uninit() }; N],
            heap: Vec::new(),
            len: 0,
        }
    }

    #[inline(always)]
    pub fn push(&mut self, word: u64) {
        if self.len < N {
            self.stack[self.len].write(word);
        } else {
            self.spill(word);
        }
        self.len += 1;
    }

    /// Appends several words at once (a short loop: these are a few words, and a `memcpy`
    /// call would cost more than the copy).
    #[inline(always)]
    pub fn extend(&mut self, words: &[u64]) {
        if self.len + words.len() <= N {
            for (dst, w) in self.stack[self.len..self.len + words.len()]
                .iter_mut()
                .zip(words)
            {
                dst.write(*w);
            }
            self.len += words.len();
        } else {
            for w in words {
                self.push(*w);
            }
        }
    }

    #[cold]
    fn spill(&mut self, word: u64) {
        if self.len == N {
            self.heap.reserve(2 * N);
            // SAFETY: all N stack words were written before the buffer got here.
            self.heap
                .extend(self.stack.iter().map(|w| unsafe { w.assume_init() }));
        }
        self.heap.push(word);
    }

    #[inline(always)]
    pub fn as_slice(&self) -> &[u64] {
        if self.len <= N {
            // SAFETY: the first `len` stack words were written by `push` or `zeroed`.
            unsafe { std::slice::from_raw_parts(self.stack.as_ptr().cast::<u64>(), self.len) }
        } else {
            &self.heap
        }
    }

    #[inline(always)]
    pub fn as_mut_ptr(&mut self) -> *mut u64 {
        if self.len <= N {
            self.stack.as_mut_ptr().cast::<u64>()
        } else {
            self.heap.as_mut_ptr()
        }
    }
}

/// NumPy's type objects, looked up once.
pub struct Numpy {
    ndarray: usize,
    /// Exact NumPy scalar types (`np.float32` ...) and the scalar each holds.
    scalars: Vec<(usize, Scalar)>,
}

static NUMPY: PyOnceLock<Numpy> = PyOnceLock::new();

/// `np.ndarray`'s type object once NumPy is loaded (0 before), for the exact-type check on the
/// per-call path without going through the `PyOnceLock`.
static NDARRAY_TYPE: AtomicUsize = AtomicUsize::new(0);

fn c_long_scalar(signed: bool) -> Scalar {
    Scalar::int(8 * std::mem::size_of::<c_long>() as u32, signed)
}

/// The cached NumPy type table, loading it if NumPy is imported already; `None` when NumPy
/// was never imported (then no argument can be a NumPy object).
pub fn numpy(py: Python<'_>) -> PyResult<Option<&'static Numpy>> {
    if let Some(np) = NUMPY.get(py) {
        return Ok(Some(np));
    }
    let imported = py.import("sys")?.getattr("modules")?.contains("numpy")?;
    if !imported {
        return Ok(None);
    }
    NUMPY
        .get_or_try_init(py, || -> PyResult<Numpy> {
            use NpyTypes::*;
            let ty = |t: NpyTypes| -> usize {
                // SAFETY: the NumPy C API is loaded by `get_type_object` itself (numpy is importable:
                // it is in sys.modules); the returned type objects are immortal module statics.
                unsafe { npyffi::get_type_object(py, t) as usize }
            };
            let scalars = vec![
                (ty(PyBoolArrType_Type), Scalar::Bool),
                (ty(PyByteArrType_Type), Scalar::I8),
                (ty(PyShortArrType_Type), Scalar::I16),
                (ty(PyIntArrType_Type), Scalar::I32),
                (ty(PyLongArrType_Type), c_long_scalar(true)),
                (ty(PyLongLongArrType_Type), Scalar::I64),
                (ty(PyUByteArrType_Type), Scalar::U8),
                (ty(PyUShortArrType_Type), Scalar::U16),
                (ty(PyUIntArrType_Type), Scalar::U32),
                (ty(PyULongArrType_Type), c_long_scalar(false)),
                (ty(PyULongLongArrType_Type), Scalar::U64),
                (ty(PyFloatArrType_Type), Scalar::F32),
                (ty(PyDoubleArrType_Type), Scalar::F64),
                (ty(PyCFloatArrType_Type), Scalar::C64),
                (ty(PyCDoubleArrType_Type), Scalar::C128),
            ];
            let ndarray = ty(PyArray_Type);
            NDARRAY_TYPE.store(ndarray, Ordering::Relaxed);
            Ok(Numpy { ndarray, scalars })
        })
        .map(Some)
}

impl Numpy {
    /// Whether `tp` is `np.ndarray` or a subclass of it.
    ///
    /// # Safety
    /// `tp` must be a live type object.
    #[inline]
    pub unsafe fn is_ndarray(&self, tp: *mut ffi::PyTypeObject) -> bool {
        // SAFETY: both are live type objects (caller's contract; ndarray is a static type).
        tp as usize == self.ndarray
            || unsafe { ffi::PyType_IsSubtype(tp, self.ndarray as *mut ffi::PyTypeObject) != 0 }
    }

    fn scalar_of(&self, tp: *mut ffi::PyTypeObject) -> Option<Scalar> {
        self.scalars
            .iter()
            .find(|(t, _)| *t == tp as usize)
            .map(|(_, s)| *s)
    }
}

/// The scalar type of each NumPy `type_num` below 16 that compiled code handles
/// (`NPY_LONG`/`NPY_ULONG` follow C `long`; 13, `long double`, is not handled).
const TYPE_NUMS: [Option<Scalar>; 16] = {
    let long = if std::mem::size_of::<c_long>() == 8 {
        Scalar::I64
    } else {
        Scalar::I32
    };
    let ulong = if std::mem::size_of::<c_long>() == 8 {
        Scalar::U64
    } else {
        Scalar::U32
    };
    [
        Some(Scalar::Bool),
        Some(Scalar::I8),
        Some(Scalar::U8),
        Some(Scalar::I16),
        Some(Scalar::U16),
        Some(Scalar::I32),
        Some(Scalar::U32),
        Some(long),
        Some(ulong),
        Some(Scalar::I64),
        Some(Scalar::U64),
        Some(Scalar::F32),
        Some(Scalar::F64),
        None,
        Some(Scalar::C64),
        Some(Scalar::C128),
    ]
};

/// `Scalar::size`, inlinable here.
#[inline(always)]
const fn elem_size(s: Scalar) -> u64 {
    match s {
        Scalar::Bool | Scalar::I8 | Scalar::U8 => 1,
        Scalar::I16 | Scalar::U16 => 2,
        Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
        Scalar::I64 | Scalar::U64 | Scalar::F64 | Scalar::C64 => 8,
        Scalar::C128 => 16,
    }
}

#[inline(always)]
fn scalar_of_type_num(n: c_int) -> Option<Scalar> {
    TYPE_NUMS.get(n as usize).copied().flatten()
}

/// The slot word(s) of a scalar read from `n` bytes of native memory (a NumPy scalar's value).
///
/// # Safety
/// `p` must point to a readable value of type `s`.
unsafe fn push_scalar_from_mem<const S: usize>(s: Scalar, p: *const u8, slots: &mut Words<S>) {
    // SAFETY: the caller guarantees `p` points to a value of `s`'s C type; reads are unaligned-safe.
    unsafe {
        let w = match s {
            Scalar::Bool => (p.read() != 0) as u64,
            Scalar::I8 => p.cast::<i8>().read() as i64 as u64,
            Scalar::U8 => p.read() as u64,
            Scalar::I16 => p.cast::<i16>().read_unaligned() as i64 as u64,
            Scalar::U16 => p.cast::<u16>().read_unaligned() as u64,
            Scalar::I32 => p.cast::<i32>().read_unaligned() as i64 as u64,
            Scalar::U32 => p.cast::<u32>().read_unaligned() as u64,
            Scalar::I64 | Scalar::U64 | Scalar::F64 | Scalar::C64 => {
                p.cast::<u64>().read_unaligned()
            }
            Scalar::F32 => p.cast::<u32>().read_unaligned() as u64,
            Scalar::C128 => {
                slots.push(p.cast::<u64>().read_unaligned());
                p.add(8).cast::<u64>().read_unaligned()
            }
        };
        slots.push(w);
    }
}

#[inline]
fn push_int<const K: usize, const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    key: &mut Words<K>,
    slots: &mut Words<S>,
) -> PyResult<()> {
    let mut overflow: c_int = 0;
    // SAFETY: `obj` is a live int (exact or subclass); the call needs the GIL, which we hold.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj, &mut overflow) };
    if overflow == 0 {
        // SAFETY: GIL held.
        if v == -1 && unsafe { !ffi::PyErr_Occurred().is_null() } {
            return Err(PyErr::fetch(py));
        }
        key.push(keys::scalar_code(Scalar::I64));
        slots.push(v as u64);
        return Ok(());
    }
    if overflow > 0 {
        // SAFETY: as above.
        let u = unsafe { ffi::PyLong_AsUnsignedLongLong(obj) };
        // SAFETY: GIL held.
        if u == u64::MAX && unsafe { !ffi::PyErr_Occurred().is_null() } {
            // SAFETY: GIL held; the overflow error is replaced by ours.
            unsafe { ffi::PyErr_Clear() };
            return Err(PyOverflowError::new_err(
                "int too large to convert to int64 or uint64",
            ));
        }
        key.push(keys::scalar_code(Scalar::U64));
        slots.push(u);
        return Ok(());
    }
    Err(PyOverflowError::new_err(
        "int too small to convert to int64",
    ))
}

/// Classifies one argument: appends its key codes to `key` and its slot words (as its own
/// type, no conversion) to `slots`.
///
/// # Safety
/// `obj` must be a live object the caller keeps alive until the native call returns.
#[inline]
pub unsafe fn classify<const K: usize, const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    key: &mut Words<K>,
    slots: &mut Words<S>,
) -> PyResult<()> {
    // SAFETY: `obj` is live (caller's contract), so its type and the builtin type statics are too.
    unsafe {
        let tp = ffi::Py_TYPE(obj);
        if tp == &raw mut ffi::PyLong_Type {
            return push_int(py, obj, key, slots);
        }
        if tp == &raw mut ffi::PyFloat_Type {
            key.push(keys::scalar_code(Scalar::F64));
            slots.push(ffi::PyFloat_AsDouble(obj).to_bits());
            return Ok(());
        }
        if tp as usize == NDARRAY_TYPE.load(Ordering::Relaxed) {
            let code = push_array(py, obj, slots)?;
            key.push(code);
            return Ok(());
        }
        if tp == &raw mut ffi::PyBool_Type {
            key.push(keys::scalar_code(Scalar::Bool));
            slots.push((obj == ffi::Py_True()) as u64);
            return Ok(());
        }
        if tp == &raw mut ffi::PyUnicode_Type {
            push_str(py, obj, slots)?;
            key.push(keys::STR_CODE);
            return Ok(());
        }
        classify_other(py, obj, tp, key, slots)
    }
}

#[cold]
unsafe fn classify_other<const K: usize, const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    tp: *mut ffi::PyTypeObject,
    key: &mut Words<K>,
    slots: &mut Words<S>,
) -> PyResult<()> {
    // SAFETY: `obj` and `tp` are live (caller's contract); every call below holds the GIL.
    unsafe {
        if obj == ffi::Py_None() {
            key.push(keys::NONE_CODE);
            return Ok(());
        }
        if tp == &raw mut ffi::PyComplex_Type {
            key.push(keys::scalar_code(Scalar::C128));
            slots.push(ffi::PyComplex_RealAsDouble(obj).to_bits());
            slots.push(ffi::PyComplex_ImagAsDouble(obj).to_bits());
            return Ok(());
        }
        if tp == &raw mut ffi::PyList_Type {
            return crate::lists::unbox_list(py, obj, key, slots);
        }
        if tp == &raw mut ffi::PyTuple_Type {
            let n = ffi::PyTuple_Size(obj);
            key.push(keys::tuple_code(n as usize));
            for i in 0..n {
                // A borrowed reference: the tuple keeps its items alive.
                classify(py, ffi::PyTuple_GetItem(obj, i), key, slots)?;
            }
            return Ok(());
        }
        if let Some(np) = numpy(py)? {
            if np.is_ndarray(tp) {
                let code = push_array(py, obj, slots)?;
                key.push(code);
                return Ok(());
            }
            if let Some(s) = np.scalar_of(tp) {
                // NumPy scalar objects are `{PyObject_HEAD; <ctype> obval;}` (PyArrayScalar_VAL).
                let p = obj.cast::<u8>().add(std::mem::size_of::<ffi::PyObject>());
                key.push(keys::scalar_code(s));
                push_scalar_from_mem(s, p, slots);
                return Ok(());
            }
        }
        // `oxjit.typed.Dict` / `List`: the shared runtime container, no copy.
        if crate::typed::classify_typed(py, obj, tp, key, slots)? {
            return Ok(());
        }
        // A jitted function: a type per function, no data (calls to it are direct).
        if let Some(id) = crate::dispatcher::id_of(&Bound::from_borrowed_ptr(py, obj)) {
            key.push(keys::dispatcher_code(id));
            return Ok(());
        }
        // Subclasses of the builtin types (IntEnum members, float subclasses ...).
        if ffi::PyLong_Check(obj) != 0 {
            return push_int(py, obj, key, slots);
        }
        if ffi::PyFloat_Check(obj) != 0 {
            key.push(keys::scalar_code(Scalar::F64));
            slots.push(ffi::PyFloat_AsDouble(obj).to_bits());
            return Ok(());
        }
        if ffi::PyComplex_Check(obj) != 0 {
            key.push(keys::scalar_code(Scalar::C128));
            slots.push(ffi::PyComplex_RealAsDouble(obj).to_bits());
            slots.push(ffi::PyComplex_ImagAsDouble(obj).to_bits());
            return Ok(());
        }
        if ffi::PyUnicode_Check(obj) != 0 {
            push_str(py, obj, slots)?;
            key.push(keys::STR_CODE);
            return Ok(());
        }
        let name = Bound::from_borrowed_ptr(py, obj)
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        if ffi::PyTuple_Check(obj) != 0 {
            return Err(PyTypeError::new_err(format!("oxjit cannot pass a `{name}` (a tuple subclass) to compiled code yet; pass tuple(value)")));
        }
        Err(PyTypeError::new_err(format!(
            "oxjit cannot pass an argument of type `{name}` to compiled code: arguments must be \
             bool, int, float, complex, str, None, NumPy arrays and scalars, lists, jitted functions, or tuples of these"
        )))
    }
}

/// How this interpreter lays out `str` objects (PEP 393). The limited API has no accessor
/// for a string's data, so, as CPython's own macros do, it is read from the object.
#[derive(Copy, Clone)]
enum StrLayout {
    /// CPython 3.10 to 3.13 (64-bit, GIL): `state` (a `u32` bit field at byte 32: `interned:2,
    /// kind:3, compact:1, ascii:1`) and the byte offsets of the data of compact ASCII and
    /// compact non-ASCII strings, and of the data pointer of the others (`str` subclasses).
    Fields { ascii: usize, compact: usize, pointer: usize },
    /// CPython 3.14 and later export `PyUnicode_DATA` and `PyUnicode_KIND` as functions.
    Exported { data: unsafe extern "C" fn(*mut ffi::PyObject) -> *mut std::ffi::c_void, kind: unsafe extern "C" fn(*mut ffi::PyObject) -> std::os::raw::c_uint },
    /// Neither: strings cannot be passed in place.
    Unknown,
}

static STR_LAYOUT: std::sync::OnceLock<StrLayout> = std::sync::OnceLock::new();

/// Offset of `PyASCIIObject.state`: after the object head, `length` and `hash`.
const STR_STATE_OFFSET: usize = 32;
/// Offset of `PyASCIIObject.length`.
const STR_LENGTH_OFFSET: usize = 16;

#[cold]
fn str_layout_init(py: Python<'_>) -> StrLayout {
    extern "C" {
        fn dlsym(handle: *mut std::ffi::c_void, symbol: *const std::os::raw::c_char) -> *mut std::ffi::c_void;
    }
    let v = py.version_info();
    match (v.major, v.minor) {
        // `PyASCIIObject` ends with a `wchar_t *wstr` before 3.12 (48 bytes, 40 after);
        // `PyCompactUnicodeObject` adds utf8_length and utf8 (and wstr_length before 3.12).
        (3, 10 | 11) => StrLayout::Fields { ascii: 48, compact: 72, pointer: 72 },
        (3, 12 | 13) => StrLayout::Fields { ascii: 40, compact: 56, pointer: 56 },
        _ => {
            // SAFETY: dlsym with RTLD_DEFAULT (null) looks a symbol up in the process; the
            // functions, when present, have these C signatures (CPython 3.14's C API).
            unsafe {
                let data = dlsym(std::ptr::null_mut(), c"PyUnicode_DATA".as_ptr());
                let kind = dlsym(std::ptr::null_mut(), c"PyUnicode_KIND".as_ptr());
                if data.is_null() || kind.is_null() {
                    return StrLayout::Unknown;
                }
                StrLayout::Exported { data: std::mem::transmute::<*mut std::ffi::c_void, unsafe extern "C" fn(*mut ffi::PyObject) -> *mut std::ffi::c_void>(data), kind: std::mem::transmute::<*mut std::ffi::c_void, unsafe extern "C" fn(*mut ffi::PyObject) -> std::os::raw::c_uint>(kind) }
            }
        }
    }
}

/// Writes the slot of a `str` (or subclass) argument: `{meminfo: null, data, len, kind}`,
/// the data read in place (the caller keeps the object alive for the call).
///
/// # Safety
/// `obj` must be a live `str` kept alive until the native call returns.
#[inline(always)]
unsafe fn push_str<const S: usize>(py: Python<'_>, obj: *mut ffi::PyObject, slots: &mut Words<S>) -> PyResult<()> {
    let layout = match STR_LAYOUT.get() {
        Some(l) => *l,
        None => *STR_LAYOUT.get_or_init(|| str_layout_init(py)),
    };
    // SAFETY: `obj` is a live str: its header fields are readable, and its data holds
    // `length` code points of `kind` bytes.
    unsafe {
        let base = obj.cast::<u8>();
        let (data, len, kind) = match layout {
            StrLayout::Fields { ascii, compact, pointer } => {
                let mut state = base.add(STR_STATE_OFFSET).cast::<u32>().read();
                let data = if (state >> 5) & 1 != 0 {
                    base.add(if (state >> 6) & 1 != 0 { ascii } else { compact })
                } else {
                    // Not compact (a subclass instance): make sure it is ready (before 3.12
                    // a legacy string may not be), then read its data pointer.
                    if ffi::PyUnicode_GetLength(obj) < 0 {
                        return Err(PyErr::fetch(py));
                    }
                    state = base.add(STR_STATE_OFFSET).cast::<u32>().read();
                    base.add(pointer).cast::<*mut u8>().read()
                };
                (data, base.add(STR_LENGTH_OFFSET).cast::<i64>().read(), ((state >> 2) & 7) as u64)
            }
            StrLayout::Exported { data, kind } => {
                let len = ffi::PyUnicode_GetLength(obj);
                if len < 0 {
                    return Err(PyErr::fetch(py));
                }
                (data(obj).cast::<u8>(), len as i64, kind(obj) as u64)
            }
            StrLayout::Unknown => return Err(str_unsupported(py)),
        };
        if !matches!(kind, 1 | 2 | 4) || data.is_null() {
            return Err(PyTypeError::new_err(format!("oxjit cannot read this str object (kind {kind})")));
        }
        slots.extend(&[0, data as u64, len as u64, kind]);
        Ok(())
    }
}

#[cold]
fn str_unsupported(py: Python<'_>) -> PyErr {
    let v = py.version_info();
    PyTypeError::new_err(format!("oxjit cannot pass str arguments to compiled code on Python {}.{} (its str layout is not known)", v.major, v.minor))
}

/// Writes an ndarray's slot and returns its key code.
///
/// # Safety
/// `obj` must be a live `np.ndarray` (or subclass) kept alive until the native call returns.
#[inline(always)]
unsafe fn push_array<const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    slots: &mut Words<S>,
) -> PyResult<u64> {
    // SAFETY: `obj` is an ndarray, so it has the `PyArrayObject` layout; its descr and
    // dimension/stride arrays live as long as it does.
    unsafe {
        let arr = &(*obj.cast::<PyArrayObject>()).fields;
        let descr = &(*arr.descr).fields;
        let Some(dtype) = scalar_of_type_num(descr.type_num) else {
            return Err(array_type_error(py, obj, "unsupported array dtype"));
        };
        let foreign = if cfg!(target_endian = "little") {
            b'>'
        } else {
            b'<'
        };
        if descr.byteorder as u8 == foreign {
            return Err(array_type_error(
                py,
                obj,
                "non-native byte order in array dtype",
            ));
        }
        let flags = arr.flags;
        if flags & NPY_ARRAY_ALIGNED == 0 {
            return Err(array_type_error(py, obj, "unaligned array of dtype"));
        }
        let layout = if flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
            Layout::C
        } else if flags & NPY_ARRAY_F_CONTIGUOUS != 0 {
            Layout::F
        } else {
            Layout::A
        };
        let readonly = flags & NPY_ARRAY_WRITEABLE == 0;
        let nd = arr.nd.max(0) as usize;
        let dims = std::slice::from_raw_parts(arr.dimensions, nd);
        let mut nitems: i64 = 1;
        for d in dims {
            nitems = nitems.wrapping_mul(*d as i64);
        }
        // {meminfo (borrowed: null), parent, nitems, itemsize, data, shape..., strides...}
        slots.extend(&[
            0,
            obj as u64,
            nitems as u64,
            elem_size(dtype),
            arr.data as u64,
        ]);
        slots.extend(std::slice::from_raw_parts(arr.dimensions.cast::<u64>(), nd));
        slots.extend(std::slice::from_raw_parts(arr.strides.cast::<u64>(), nd));
        Ok(keys::array_code(dtype, nd as u8, layout, readonly))
    }
}

fn array_type_error(py: Python<'_>, obj: *mut ffi::PyObject, what: &str) -> PyErr {
    // SAFETY: `obj` is a live ndarray (caller of push_array).
    let arr = unsafe { Bound::from_borrowed_ptr(py, obj) };
    let dtype = arr
        .getattr("dtype")
        .and_then(|d| d.str().map(|s| s.to_string()))
        .unwrap_or_else(|_| "?".into());
    PyTypeError::new_err(format!(
        "{what} `{dtype}`: compiled code takes native-byte-order, aligned arrays of bool, int8…int64, \
         uint8…uint64, float32, float64, complex64 or complex128"
    ))
}

/// A scalar value read back from its natural slot words.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Num {
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Complex(f64, f64),
}

pub(crate) fn num_of(s: Scalar, w: &[u64]) -> Num {
    match s {
        Scalar::Bool => Num::Bool(w[0] != 0),
        Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 => Num::Int(w[0] as i64),
        Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64 => Num::UInt(w[0]),
        Scalar::F32 => Num::Float(f32::from_bits(w[0] as u32) as f64),
        Scalar::F64 => Num::Float(f64::from_bits(w[0])),
        Scalar::C64 => Num::Complex(
            f32::from_bits(w[0] as u32) as f64,
            f32::from_bits((w[0] >> 32) as u32) as f64,
        ),
        Scalar::C128 => Num::Complex(f64::from_bits(w[0]), f64::from_bits(w[1])),
    }
}

/// The slot of `n` converted to `to` (C casts: ints truncate, floats to ints truncate toward 0).
pub(crate) fn push_converted<const S: usize>(n: Num, to: Scalar, slots: &mut Words<S>) {
    let (re, im) = match n {
        Num::Bool(b) => (b as u8 as f64, 0.0),
        Num::Int(v) => (v as f64, 0.0),
        Num::UInt(v) => (v as f64, 0.0),
        Num::Float(x) => (x, 0.0),
        Num::Complex(r, i) => (r, i),
    };
    let word = match to {
        Scalar::Bool => match n {
            Num::Bool(b) => b as u64,
            Num::Int(v) => (v != 0) as u64,
            Num::UInt(v) => (v != 0) as u64,
            _ => (re != 0.0 || im != 0.0) as u64,
        },
        s if s.is_int() => match n {
            Num::Bool(b) => b as u64,
            Num::Int(v) => v as u64,
            Num::UInt(v) => v,
            _ if s.is_signed() => re as i64 as u64,
            _ => re as u64,
        },
        Scalar::F32 => (re as f32).to_bits() as u64,
        Scalar::F64 => re.to_bits(),
        Scalar::C64 => (re as f32).to_bits() as u64 | (((im as f32).to_bits() as u64) << 32),
        _ => {
            slots.push(re.to_bits());
            im.to_bits()
        }
    };
    slots.push(word);
}

/// Unboxes `obj` as type `to` (the conversion path of explicit signatures; `keys::rate`
/// already checked that the conversion exists).
///
/// # Safety
/// As [`classify`].
pub unsafe fn unbox_as<const S: usize>(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    to: &Ty,
    slots: &mut Words<S>,
) -> PyResult<()> {
    // SAFETY: `obj` is live (caller's contract); tuple items are borrowed from the live tuple.
    unsafe {
        match to {
            Ty::Tuple(items) => {
                for (i, t) in items.iter().enumerate() {
                    unbox_as(
                        py,
                        ffi::PyTuple_GetItem(obj, i as ffi::Py_ssize_t),
                        t,
                        slots,
                    )?;
                }
                Ok(())
            }
            Ty::Scalar(target) => {
                let mut key = Words::<2>::new();
                let mut w = Words::<2>::new();
                classify(py, obj, &mut key, &mut w)?;
                let from = match keys::decode(key.as_slice()).as_slice() {
                    [Ty::Scalar(s)] => *s,
                    _ => return Err(PyTypeError::new_err("expected a number")),
                };
                push_converted(num_of(from, w.as_slice()), *target, slots);
                Ok(())
            }
            // Arrays keep their slot (only layout/mutability change), None has none.
            _ => {
                let mut key = Words::<8>::new();
                classify(py, obj, &mut key, slots)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(n: Num, to: Scalar) -> Vec<u64> {
        let mut w = Words::<4>::new();
        push_converted(n, to, &mut w);
        w.as_slice().to_vec()
    }

    #[test]
    fn conversions_match_c_casts() {
        assert_eq!(conv(Num::Int(3), Scalar::F64), vec![3.0f64.to_bits()]);
        assert_eq!(conv(Num::Float(1.9), Scalar::I64), vec![1]);
        assert_eq!(conv(Num::Float(-1.9), Scalar::I64), vec![(-1i64) as u64]);
        assert_eq!(
            conv(Num::Int(2), Scalar::C128),
            vec![2.0f64.to_bits(), 0.0f64.to_bits()]
        );
        assert_eq!(
            conv(Num::Float(1.5), Scalar::F32),
            vec![1.5f32.to_bits() as u64]
        );
        assert_eq!(conv(Num::Bool(true), Scalar::F64), vec![1.0f64.to_bits()]);
        let c64 = (2.0f32.to_bits() as u64) | ((3.0f32.to_bits() as u64) << 32);
        assert!(
            matches!(num_of(Scalar::C64, &[c64]), Num::Complex(re, im) if re == 2.0 && im == 3.0)
        );
        assert!(matches!(
            num_of(Scalar::I32, &[(-5i64) as u64]),
            Num::Int(-5)
        ));
    }

    #[test]
    fn elem_sizes_match_frontend() {
        for s in Scalar::ALL {
            assert_eq!(elem_size(s), s.size() as u64);
        }
    }

    #[test]
    fn words_spill_to_heap() {
        let mut w = Words::<2>::new();
        for i in 0..5 {
            w.push(i);
        }
        assert_eq!(w.as_slice(), &[0, 1, 2, 3, 4]);
        let mut e = Words::<3>::new();
        e.extend(&[1, 2]);
        e.extend(&[3, 4]);
        assert_eq!(e.as_slice(), &[1, 2, 3, 4]);
    }
}
