//! Sorting and order statistics for compiled code: `np.sort` / `a.sort()`, `np.argsort`,
//! `np.median`, `np.percentile` / `np.quantile`, `np.unique`, `np.diff` and `np.interp`.
//!
//! In: an array as compiled code holds it (a pointer to its struct, its ndim and a dtype
//! code), plus per-function arguments. Out: the array sorted in place, indices, numbers, or a
//! new block. The algorithms are Numba 0.68's, step for step, because their results are not
//! unique: quicksort (`numba/misc/quicksort.py`) decides where `-0.0` and `0.0` end up and the
//! order of equal keys in `argsort`; the quickselect of `np.median` (`numba/np/arraymath.py`)
//! compares with a plain `<`, so with NaNs its answer depends on every swap.
//!
//! ```text
//! quicksort  median-of-three pivot, Hoare-style partition, explicit stack (largest part
//!            pushed), insertion sort below 16 elements; NaNs last (floats and complex)
//! mergesort  top-down, insertion sort up to 20 elements, left half copied to a workspace;
//!            stable
//! median     copy of the flattened array, `_select` / `_select_two` with `<`; (a + b) / 2
//!            in Numba's types (int64/uint64 sums, float32 sums), NaN when empty
//! percentile float64 copy; NaN anywhere gives NaN; 0 and 100 are min and max with NumPy's
//!            inf heuristics; else linear interpolation between `_select_two` neighbours
//! unique     quicksort of a flattened copy, then the first of each run of equal values
//!            (all NaNs form one run)
//! diff       repeated differences along the last axis, in the dtype (integers wrap; bool
//!            differences are `!=`)
//! interp     NumPy 1.17's `arr_interp` as Numba translated it: a binary search that starts
//!            from the previous answer, slopes computed per interval, NaN fix-ups
//! ```
//!
//! # C ABI
//!
//! `arr` points at compiled code's array struct `{meminfo, parent, nitems, itemsize, data,
//! shape[ndim], strides[ndim]}` (all 8-byte fields, strides in bytes); `dtype` is one of the
//! `DTYPE_*` codes. Functions returning `i32` return [`SORT_OK`] or one of the other
//! `SORT_*` codes, which compiled code turns into the exception Numba raises. Nothing here
//! panics or unwinds; temporary buffers are Rust vectors freed before returning, and their
//! allocation failures are reported as [`SORT_NO_MEMORY`].
//!
//! ```text
//! i32 oxjit_rt_sort(ptr arr, i64 ndim, u32 dtype, u32 kind)            ; in place, each last-axis lane
//! i32 oxjit_rt_argsort(ptr arr, i64 ndim, u32 dtype, u32 kind, ptr out) ; 1-d; out: nitems int64
//! i32 oxjit_rt_median(ptr arr, i64 ndim, u32 dtype, ptr out)           ; *out = median (float64)
//! i32 oxjit_rt_percentile(ptr arr, i64 ndim, u32 dtype, ptr q, i64 qndim, u32 qdtype,
//!                         double factor, double upper, ptr out)          ; out: q.size float64
//! ptr oxjit_rt_unique(ptr arr, i64 ndim, u32 dtype, ptr count)          ; new block (count 1) or null
//! i32 oxjit_rt_diff(ptr arr, i64 ndim, u32 dtype, i64 n, ptr out)       ; out: C array, last axis size - n
//! i32 oxjit_rt_interp(ptr x, i64 xndim, u32 xdtype, ptr xp, u32 xpdtype, ptr fp, u32 fpdtype,
//!                     ptr out)                                           ; out: x.size float64
//! ```
//!
//! # Example
//!
//! ```
//! use oxjit_runtime::sort::*;
//! // A 1-d float64 array struct: meminfo, parent, nitems, itemsize, data, shape, stride.
//! let mut data = [3.0f64, f64::NAN, -0.0, 1.0, 0.0];
//! let head = [0i64, 0, 5, 8, data.as_mut_ptr() as i64, 5, 8];
//! // SAFETY: `head` describes `data`, which lives across the call.
//! let status = unsafe { oxjit_rt_sort(head.as_ptr().cast(), 1, DTYPE_F64, KIND_QUICKSORT) };
//! assert_eq!(status, SORT_OK);
//! assert_eq!(&data[..4], &[-0.0, 0.0, 1.0, 3.0]);
//! assert!(data[4].is_nan());
//! ```

use std::mem::{align_of, size_of};

use crate::memory::{oxjit_rt_alloc, oxjit_rt_meminfo_data, MemInfo, DATA_ALIGN};

/// Dtype codes (the order of `oxjit_frontend::Scalar::ALL`).
pub const DTYPE_BOOL: u32 = 0;
pub const DTYPE_I8: u32 = 1;
pub const DTYPE_I16: u32 = 2;
pub const DTYPE_I32: u32 = 3;
pub const DTYPE_I64: u32 = 4;
pub const DTYPE_U8: u32 = 5;
pub const DTYPE_U16: u32 = 6;
pub const DTYPE_U32: u32 = 7;
pub const DTYPE_U64: u32 = 8;
pub const DTYPE_F32: u32 = 9;
pub const DTYPE_F64: u32 = 10;
pub const DTYPE_C64: u32 = 11;
pub const DTYPE_C128: u32 = 12;

/// Sort kinds (`kind='quicksort'`, `kind='mergesort'` or `'stable'`).
pub const KIND_QUICKSORT: u32 = 0;
pub const KIND_MERGESORT: u32 = 1;

/// Status codes.
pub const SORT_OK: i32 = 0;
/// A temporary buffer could not be allocated (`MemoryError`).
pub const SORT_NO_MEMORY: i32 = 1;
/// A percentile or quantile outside its range, or NaN (`ValueError`).
pub const SORT_BAD_Q: i32 = 2;
/// The 100th percentile of an empty array (`ValueError`, np.max's message).
pub const SORT_EMPTY_MAX: i32 = 3;
/// The 0th percentile of an empty array (`ValueError`, np.min's message).
pub const SORT_EMPTY_MIN: i32 = 4;
/// Another percentile of an empty array (Numba's `assert high > low` fails: `AssertionError`).
pub const SORT_EMPTY_SELECT: i32 = 5;
/// A dtype (or kind) code this function does not handle; compiled code never passes one.
pub const SORT_BAD_ARGS: i32 = 6;
/// `np.interp` with no sample points (`ValueError`).
pub const SORT_INTERP_EMPTY: i32 = 7;
/// `np.interp` with `xp` and `fp` of different lengths (`ValueError`).
pub const SORT_INTERP_SIZES: i32 = 8;

// ---------------------------------------------------------------------------------------
// Element types
// ---------------------------------------------------------------------------------------

/// `bool` as stored in arrays: one byte, 0 or 1.
#[derive(Copy, Clone, Debug, Default)]
#[repr(transparent)]
struct Bool8(u8);

/// `complex64` / `complex128`: real and imaginary parts.
#[derive(Copy, Clone, Debug, Default)]
#[repr(C)]
struct Cplx<F>(F, F);

/// What the algorithms need from an element type.
trait Elem: Copy + 'static {
    /// Numba's sort order (`lt_implementation`): plain `<` for integers and bools; for floats
    /// `a < b or (isnan(b) and not isnan(a))`; for complex numbers `lt_complex` (lexicographic,
    /// NaN parts last).
    fn sort_lt(a: Self, b: Self) -> bool;
    /// `a != b` (NaN is unequal to everything, itself included).
    fn differs(a: Self, b: Self) -> bool;
    /// `not (x == x)`.
    fn nan(self) -> bool;
    /// `a - b` stored back into the dtype, as `np.diff` computes it in Numba.
    fn diff(a: Self, b: Self) -> Self;
}

/// Real element types: `np.median` and `np.percentile`.
trait Real: Elem {
    /// Plain `a < b`, what the quickselect of `np.median` compares with.
    fn lt(a: Self, b: Self) -> bool;
    /// The element as float64 (`np.asarray(a, dtype=np.float64)`, and the odd median).
    fn to_f64(self) -> f64;
    /// `(a + b) / 2` with Numba's types: the sum in int64 / uint64 (wrapping) for integers and
    /// bools, in float32 for float32, then a float64 division.
    fn mean2(a: Self, b: Self) -> f64;
}

macro_rules! int_elem {
    ($($t:ty => $wide:ty),*) => {$(
        impl Elem for $t {
            fn sort_lt(a: Self, b: Self) -> bool { a < b }
            fn differs(a: Self, b: Self) -> bool { a != b }
            fn nan(self) -> bool { false }
            fn diff(a: Self, b: Self) -> Self { a.wrapping_sub(b) }
        }
        impl Real for $t {
            fn lt(a: Self, b: Self) -> bool { a < b }
            fn to_f64(self) -> f64 { self as f64 }
            fn mean2(a: Self, b: Self) -> f64 { (a as $wide).wrapping_add(b as $wide) as f64 / 2.0 }
        }
    )*};
}
int_elem!(i8 => i64, i16 => i64, i32 => i64, i64 => i64, u8 => u64, u16 => u64, u32 => u64, u64 => u64);

impl Elem for Bool8 {
    fn sort_lt(a: Self, b: Self) -> bool {
        a.0 < b.0
    }
    fn differs(a: Self, b: Self) -> bool {
        a.0 != b.0
    }
    fn nan(self) -> bool {
        false
    }
    fn diff(a: Self, b: Self) -> Self {
        // int64(a) - int64(b) stored into a bool: non-zero is True.
        Bool8(u8::from(a.0 != b.0))
    }
}

impl Real for Bool8 {
    fn lt(a: Self, b: Self) -> bool {
        a.0 < b.0
    }
    fn to_f64(self) -> f64 {
        f64::from(self.0)
    }
    fn mean2(a: Self, b: Self) -> f64 {
        (i64::from(a.0) + i64::from(b.0)) as f64 / 2.0
    }
}

macro_rules! float_elem {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn sort_lt(a: Self, b: Self) -> bool { a < b || (b.is_nan() && !a.is_nan()) }
            fn differs(a: Self, b: Self) -> bool { a != b }
            fn nan(self) -> bool { self.is_nan() }
            fn diff(a: Self, b: Self) -> Self { a - b }
        }
        impl Elem for Cplx<$t> {
            fn sort_lt(a: Self, b: Self) -> bool {
                let (ar, ai, br, bi) = (a.0, a.1, b.0, b.1);
                if ar.is_nan() {
                    if br.is_nan() {
                        if ai.is_nan() { false } else if bi.is_nan() { true } else { ai < bi }
                    } else {
                        false
                    }
                } else if br.is_nan() {
                    true
                } else if ai.is_nan() {
                    if bi.is_nan() { ar < br } else { false }
                } else if bi.is_nan() {
                    true
                } else if ar < br {
                    true
                } else if ar == br {
                    ai < bi
                } else {
                    false
                }
            }
            fn differs(a: Self, b: Self) -> bool { a.0 != b.0 || a.1 != b.1 }
            fn nan(self) -> bool { self.0.is_nan() || self.1.is_nan() }
            fn diff(a: Self, b: Self) -> Self { Cplx(a.0 - b.0, a.1 - b.1) }
        }
    )*};
}
float_elem!(f32, f64);

impl Real for f32 {
    fn lt(a: Self, b: Self) -> bool {
        a < b
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn mean2(a: Self, b: Self) -> f64 {
        f64::from(a + b) / 2.0
    }
}

impl Real for f64 {
    fn lt(a: Self, b: Self) -> bool {
        a < b
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn mean2(a: Self, b: Self) -> f64 {
        (a + b) / 2.0
    }
}

/// Runs `$body` with `$t` bound to the element type of dtype code `$code`; `$other` for
/// codes outside the list.
macro_rules! with_elem {
    ($code:expr, $t:ident, $body:expr, $other:expr) => {
        match $code {
            DTYPE_BOOL => {
                type $t = Bool8;
                $body
            }
            DTYPE_I8 => {
                type $t = i8;
                $body
            }
            DTYPE_I16 => {
                type $t = i16;
                $body
            }
            DTYPE_I32 => {
                type $t = i32;
                $body
            }
            DTYPE_I64 => {
                type $t = i64;
                $body
            }
            DTYPE_U8 => {
                type $t = u8;
                $body
            }
            DTYPE_U16 => {
                type $t = u16;
                $body
            }
            DTYPE_U32 => {
                type $t = u32;
                $body
            }
            DTYPE_U64 => {
                type $t = u64;
                $body
            }
            DTYPE_F32 => {
                type $t = f32;
                $body
            }
            DTYPE_F64 => {
                type $t = f64;
                $body
            }
            DTYPE_C64 => {
                type $t = Cplx<f32>;
                $body
            }
            DTYPE_C128 => {
                type $t = Cplx<f64>;
                $body
            }
            _ => $other,
        }
    };
}

/// As [`with_elem`], for the real dtypes only.
macro_rules! with_real {
    ($code:expr, $t:ident, $body:expr, $other:expr) => {
        match $code {
            DTYPE_BOOL => {
                type $t = Bool8;
                $body
            }
            DTYPE_I8 => {
                type $t = i8;
                $body
            }
            DTYPE_I16 => {
                type $t = i16;
                $body
            }
            DTYPE_I32 => {
                type $t = i32;
                $body
            }
            DTYPE_I64 => {
                type $t = i64;
                $body
            }
            DTYPE_U8 => {
                type $t = u8;
                $body
            }
            DTYPE_U16 => {
                type $t = u16;
                $body
            }
            DTYPE_U32 => {
                type $t = u32;
                $body
            }
            DTYPE_U64 => {
                type $t = u64;
                $body
            }
            DTYPE_F32 => {
                type $t = f32;
                $body
            }
            DTYPE_F64 => {
                type $t = f64;
                $body
            }
            _ => $other,
        }
    };
}

// ---------------------------------------------------------------------------------------
// Arrays as compiled code passes them
// ---------------------------------------------------------------------------------------

/// The fixed part of compiled code's array struct; `shape[ndim]` and `strides[ndim]` follow.
#[repr(C)]
pub struct ArrayHead {
    pub meminfo: *mut MemInfo,
    pub parent: *mut u8,
    pub nitems: i64,
    pub itemsize: i64,
    pub data: *mut u8,
}

/// A borrowed view of an array struct.
struct View<'a> {
    data: *mut u8,
    shape: &'a [i64],
    strides: &'a [i64],
}

impl View<'_> {
    /// # Safety
    /// `arr` points at a live array struct of `ndim` dimensions whose data outlives the view.
    unsafe fn new<'a>(arr: *const ArrayHead, ndim: i64) -> View<'a> {
        let n = ndim.max(0) as usize;
        // SAFETY: the caller guarantees the struct; its dims follow the 5 head fields.
        unsafe {
            let dims = arr.cast::<i64>().add(5);
            View {
                data: (*arr).data,
                shape: std::slice::from_raw_parts(dims, n),
                strides: std::slice::from_raw_parts(dims.add(n), n),
            }
        }
    }

    fn size(&self) -> usize {
        self.shape.iter().map(|&d| d.max(0) as usize).product()
    }

    /// Calls `f(byte offset)` for every element in logical C order.
    fn for_each_offset(&self, mut f: impl FnMut(isize)) {
        let n = self.shape.len();
        if self.shape.iter().any(|&d| d <= 0) {
            return;
        }
        let mut idx = vec![0i64; n];
        let mut off: isize = 0;
        loop {
            f(off);
            // Advance the index like an odometer, innermost axis fastest.
            let mut d = n;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                idx[d] += 1;
                off += self.strides[d] as isize;
                if idx[d] < self.shape[d] {
                    break;
                }
                off -= (self.strides[d] * self.shape[d]) as isize;
                idx[d] = 0;
            }
        }
    }

    /// The elements in logical C order (`a.flatten()`), or `None` when out of memory.
    ///
    /// # Safety
    /// The view describes valid elements of type `T`.
    unsafe fn gather<T: Copy>(&self) -> Option<Vec<T>> {
        let mut out = Vec::new();
        out.try_reserve_exact(self.size()).ok()?;
        let data = self.data;
        // SAFETY: every offset visited addresses an element of the array (the caller's promise).
        self.for_each_offset(|off| {
            out.push(unsafe { data.offset(off).cast::<T>().read_unaligned() })
        });
        Some(out)
    }
}

// ---------------------------------------------------------------------------------------
// Quicksort and mergesort (numba/misc/quicksort.py, mergesort.py)
// ---------------------------------------------------------------------------------------

/// Below this length a partition is insertion-sorted (`SMALL_QUICKSORT`).
const SMALL_QUICKSORT: usize = 15;
/// The explicit stack of pending partitions (`MAX_STACK`; the depth stays below log2(n)).
const MAX_STACK: usize = 100;
/// Mergesort insertion-sorts runs up to this length (`SMALL_MERGESORT`).
const SMALL_MERGESORT: usize = 20;

/// Insertion sort of `r[low..=high]`.
fn insertion_sort<I: Copy>(r: &mut [I], low: usize, high: usize, lt: &impl Fn(I, I) -> bool) {
    if high <= low {
        return;
    }
    for i in low + 1..=high {
        let k = r[i];
        let mut j = i;
        while j > low && lt(k, r[j - 1]) {
            r[j] = r[j - 1];
            j -= 1;
        }
        r[j] = k;
    }
}

/// Partitions `r[low..=high]` (high > low) around a median-of-three pivot; returns its index.
fn partition<I: Copy>(r: &mut [I], low: usize, high: usize, lt: &impl Fn(I, I) -> bool) -> usize {
    let mid = (low + high) >> 1;
    if lt(r[mid], r[low]) {
        r.swap(low, mid);
    }
    if lt(r[high], r[mid]) {
        r.swap(high, mid);
    }
    if lt(r[mid], r[low]) {
        r.swap(low, mid);
    }
    let pivot = r[mid];
    r.swap(high, mid);
    let mut i = low;
    // `j` goes down to low - 1: signed.
    let mut j = high as isize - 1;
    loop {
        while i < high && lt(r[i], pivot) {
            i += 1;
        }
        while j >= low as isize && lt(pivot, r[j as usize]) {
            j -= 1;
        }
        if i as isize >= j {
            break;
        }
        r.swap(i, j as usize);
        i += 1;
        j -= 1;
    }
    r.swap(i, high);
    i
}

/// Numba's `run_quicksort1`: sorts `r` by `lt`.
fn quicksort<I: Copy>(r: &mut [I], lt: &impl Fn(I, I) -> bool) {
    if r.len() < 2 {
        return;
    }
    // Bounds are signed: a part can end at `low - 1` (empty), as in Numba.
    let mut stack = [(0isize, 0isize); MAX_STACK];
    stack[0] = (0, r.len() as isize - 1);
    let mut n = 1;
    while n > 0 {
        n -= 1;
        let (mut low, mut high) = stack[n];
        while high - low >= SMALL_QUICKSORT as isize {
            // 0 <= low < high here.
            let i = partition(r, low as usize, high as usize, lt) as isize;
            // Push the larger part, continue with the smaller one.
            if high - i > i - low {
                if high > i {
                    stack[n] = (i + 1, high);
                    n += 1;
                }
                high = i - 1;
            } else {
                if i > low {
                    stack[n] = (low, i - 1);
                    n += 1;
                }
                low = i + 1;
            }
        }
        if high > low {
            insertion_sort(r, low as usize, high as usize, lt);
        }
    }
}

/// Numba's `argmergesort_inner`: stable sort of `arr` by `lt`; `ws` holds at least
/// `arr.len() / 2` items.
fn mergesort<I: Copy>(arr: &mut [I], ws: &mut [I], lt: &impl Fn(I, I) -> bool) {
    let size = arr.len();
    if size > SMALL_MERGESORT {
        let mid = size / 2;
        mergesort(&mut arr[..mid], ws, lt);
        mergesort(&mut arr[mid..], ws, lt);
        ws[..mid].copy_from_slice(&arr[..mid]);
        let (mut i, mut j, mut k) = (0, mid, 0);
        while i < mid && j < size {
            if !lt(arr[j], ws[i]) {
                arr[k] = ws[i];
                i += 1;
            } else {
                arr[k] = arr[j];
                j += 1;
            }
            k += 1;
        }
        while i < mid {
            arr[k] = ws[i];
            i += 1;
            k += 1;
        }
        // The right part's leftovers are already in place (k == j from here on).
    } else {
        for i in 1..size {
            let mut j = i;
            while j > 0 && lt(arr[j], arr[j - 1]) {
                arr.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

/// Sorts `r` with `kind`; `None` when the mergesort workspace cannot be allocated.
fn sort_items<I: Copy + Default>(r: &mut [I], kind: u32, lt: &impl Fn(I, I) -> bool) -> Option<()> {
    if kind == KIND_MERGESORT {
        let mut ws = Vec::new();
        ws.try_reserve_exact(r.len() / 2).ok()?;
        ws.resize(r.len() / 2, I::default());
        mergesort(r, &mut ws, lt);
    } else {
        quicksort(r, lt);
    }
    Some(())
}

/// Sorts every last-axis lane of `v` in place.
///
/// # Safety
/// `v` describes valid, writable elements of type `T`.
unsafe fn sort_lanes<T: Elem + Default>(v: &View, kind: u32) -> i32 {
    let Some((&len, outer_shape)) = v.shape.split_last() else {
        return SORT_OK;
    };
    let stride = v.strides[v.strides.len() - 1];
    if len < 2 || outer_shape.iter().any(|&d| d <= 0) {
        return SORT_OK;
    }
    let len = len as usize;
    let outer = View {
        data: v.data,
        shape: outer_shape,
        strides: &v.strides[..v.strides.len() - 1],
    };
    let mut scratch: Vec<T> = Vec::new();
    let mut status = SORT_OK;
    let lt = |a: T, b: T| T::sort_lt(a, b);
    outer.for_each_offset(|off| {
        if status != SORT_OK {
            return;
        }
        // SAFETY: `off` addresses the first element of a lane inside the array.
        let base = unsafe { v.data.offset(off) };
        let direct =
            stride == size_of::<T>() as i64 && (base as usize).is_multiple_of(align_of::<T>());
        if direct {
            // SAFETY: a contiguous, aligned lane of `len` elements the caller lets us write.
            let lane = unsafe { std::slice::from_raw_parts_mut(base.cast::<T>(), len) };
            if sort_items(lane, kind, &lt).is_none() {
                status = SORT_NO_MEMORY;
            }
            return;
        }
        if scratch.capacity() < len && scratch.try_reserve_exact(len).is_err() {
            status = SORT_NO_MEMORY;
            return;
        }
        scratch.clear();
        for i in 0..len {
            // SAFETY: element i of the lane.
            scratch.push(unsafe {
                base.offset(i as isize * stride as isize)
                    .cast::<T>()
                    .read_unaligned()
            });
        }
        if sort_items(&mut scratch, kind, &lt).is_none() {
            status = SORT_NO_MEMORY;
            return;
        }
        for (i, x) in scratch.iter().enumerate() {
            // SAFETY: element i of the lane, writable.
            unsafe {
                base.offset(i as isize * stride as isize)
                    .cast::<T>()
                    .write_unaligned(*x)
            };
        }
    });
    status
}

/// `a.sort(kind=...)`: sorts every lane along the last axis of the array in place (`np.sort`
/// is this on a copy). Returns [`SORT_OK`] or [`SORT_NO_MEMORY`].
///
/// # Safety
/// `arr` points at a live array struct of `ndim` dimensions with writable elements of `dtype`.
pub unsafe extern "C" fn oxjit_rt_sort(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    kind: u32,
) -> i32 {
    // SAFETY: the caller's promise.
    let v = unsafe { View::new(arr, ndim) };
    // SAFETY: as above; the dtype code names the element type.
    with_elem!(
        dtype,
        T,
        unsafe { sort_lanes::<T>(&v, kind) },
        SORT_BAD_ARGS
    )
}

/// `np.argsort(a, kind=...)` of a 1-d array: writes the `nitems` indices into `out`.
///
/// # Safety
/// `arr` points at a live 1-d array struct of elements of `dtype`; `out` has room for
/// `nitems` int64 values.
pub unsafe extern "C" fn oxjit_rt_argsort(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    kind: u32,
    out: *mut i64,
) -> i32 {
    // SAFETY: the caller's promise.
    let v = unsafe { View::new(arr, ndim) };
    let n = v.size();
    if n == 0 {
        return SORT_OK;
    }
    // SAFETY: `out` has room for n indices.
    let idx = unsafe { std::slice::from_raw_parts_mut(out, n) };
    for (i, x) in idx.iter_mut().enumerate() {
        *x = i as i64;
    }
    with_elem!(
        dtype,
        T,
        {
            // SAFETY: the view describes elements of T.
            let Some(vals) = (unsafe { v.gather::<T>() }) else {
                return SORT_NO_MEMORY;
            };
            let lt = |a: i64, b: i64| T::sort_lt(vals[a as usize], vals[b as usize]);
            match sort_items(idx, kind, &lt) {
                Some(()) => SORT_OK,
                None => SORT_NO_MEMORY,
            }
        },
        SORT_BAD_ARGS
    )
}

// ---------------------------------------------------------------------------------------
// Selection: np.median, np.percentile / np.quantile (numba/np/arraymath.py)
// ---------------------------------------------------------------------------------------

/// `_partition` with a plain `<` (no NaN awareness), on values.
fn select_partition<T: Real>(a: &mut [T], low: usize, high: usize) -> usize {
    partition(a, low, high, &|x: T, y: T| T::lt(x, y))
}

/// `_select`: the k-th smallest of `a[low..=high]` (moved to `a[k]`).
fn select<T: Real>(a: &mut [T], k: usize, mut low: usize, mut high: usize) -> T {
    let mut i = select_partition(a, low, high);
    while i != k {
        if i < k {
            low = i + 1;
        } else {
            high = i - 1;
        }
        i = select_partition(a, low, high);
    }
    a[k]
}

/// `_select_two`: the k-th and (k+1)-th smallest of `a[low..=high]` (high > low).
fn select_two<T: Real>(a: &mut [T], k: usize, mut low: usize, mut high: usize) -> (T, T) {
    loop {
        let i = select_partition(a, low, high);
        if i < k {
            low = i + 1;
        } else if i > k + 1 {
            high = i - 1;
        } else if i == k {
            select(a, k + 1, i + 1, high);
            break;
        } else {
            select(a, k, low, i - 1);
            break;
        }
    }
    (a[k], a[k + 1])
}

/// `np.median(a)` over the flattened array: `*out` = the median as float64 (NaN when empty).
///
/// # Safety
/// `arr` points at a live array struct of `ndim` dimensions with elements of the real dtype
/// `dtype`; `out` is writable.
pub unsafe extern "C" fn oxjit_rt_median(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    out: *mut f64,
) -> i32 {
    // SAFETY: the caller's promise.
    let v = unsafe { View::new(arr, ndim) };
    with_real!(
        dtype,
        T,
        {
            // SAFETY: the view describes elements of T.
            let Some(mut tmp) = (unsafe { v.gather::<T>() }) else {
                return SORT_NO_MEMORY;
            };
            let r = median(&mut tmp);
            // SAFETY: `out` is writable.
            unsafe { out.write(r) };
            SORT_OK
        },
        SORT_BAD_ARGS
    )
}

/// `_median_inner` on a disposable copy.
fn median<T: Real>(a: &mut [T]) -> f64 {
    let n = a.len();
    if n == 0 {
        return f64::NAN;
    }
    let half = n >> 1;
    if n & 1 == 0 {
        // n >= 2, so high > low.
        let (lo, hi) = select_two(a, half - 1, 0, n - 1);
        T::mean2(lo, hi)
    } else if n == 1 {
        a[0].to_f64()
    } else {
        select(a, half, 0, n - 1).to_f64()
    }
}

/// `np.percentile(a, q)` (`factor` 1, `upper` 100) and `np.quantile(a, q)` (`factor` 100,
/// `upper` 1): `out[i]` for every element of `q` (taken in logical C order).
///
/// # Safety
/// `arr` and `q` point at live array structs (of real dtypes `dtype`, `qdtype`); `out` has room
/// for `q.size` float64 values.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_percentile(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    q: *const ArrayHead,
    qndim: i64,
    qdtype: u32,
    factor: f64,
    upper: f64,
    out: *mut f64,
) -> i32 {
    // SAFETY: the caller's promise.
    let (av, qv) = unsafe { (View::new(arr, ndim), View::new(q, qndim)) };
    // SAFETY: the views describe elements of their dtypes.
    let qs: Option<Vec<f64>> = with_real!(
        qdtype,
        T,
        unsafe { qv.gather::<T>() }.map(|v| v.into_iter().map(T::to_f64).collect()),
        return SORT_BAD_ARGS
    );
    let Some(mut qs) = qs else {
        return SORT_NO_MEMORY;
    };
    // `check_valid`: every q in [0, upper] and not NaN.
    if qs.iter().any(|&x| x.is_nan() || x < 0.0 || x > upper) {
        return SORT_BAD_Q;
    }
    for x in &mut qs {
        *x *= factor;
    }
    // SAFETY: as above.
    let a: Option<Vec<f64>> = with_real!(
        dtype,
        T,
        unsafe { av.gather::<T>() }.map(|v| v.into_iter().map(T::to_f64).collect()),
        return SORT_BAD_ARGS
    );
    let Some(mut a) = a else {
        return SORT_NO_MEMORY;
    };
    // SAFETY: `out` has room for qs.len() values.
    let out = unsafe { std::slice::from_raw_parts_mut(out, qs.len()) };
    // `_can_collect_percentiles` without skipping NaNs.
    let can = !a.iter().any(|x| x.is_nan()) && (a.len() != 1 || a[0].is_finite());
    if !can {
        out.fill(f64::NAN);
        return SORT_OK;
    }
    collect_percentiles(&mut a, &qs, out)
}

/// `_collect_percentiles_inner` on a NaN-free float64 copy.
fn collect_percentiles(a: &mut [f64], qs: &[f64], out: &mut [f64]) -> i32 {
    let n = a.len();
    if n == 1 {
        out.fill(a[0]);
        return SORT_OK;
    }
    for (o, &p) in out.iter_mut().zip(qs) {
        let all_finite = a.iter().all(|x| x.is_finite());
        let val = if p == 100.0 {
            // np.max: the first element, replaced by any strictly greater one.
            let Some(&first) = a.first() else {
                return SORT_EMPTY_MAX;
            };
            let mut val = a.iter().fold(first, |m, &x| if x > m { x } else { m });
            if !all_finite && !val.is_finite() {
                val = f64::NAN;
            }
            val
        } else if p == 0.0 {
            let Some(&first) = a.first() else {
                return SORT_EMPTY_MIN;
            };
            let mut val = a.iter().fold(first, |m, &x| if x < m { x } else { m });
            if !all_finite {
                let pos = a.iter().filter(|&&x| x == f64::INFINITY).count();
                let neg = a.iter().filter(|&&x| x == f64::NEG_INFINITY).count();
                let finite = n - (pos + neg);
                if finite == 0
                    || (pos == 1 && n == 2)
                    || neg > 1
                    || (finite == 1 && pos > 1 && neg != 1)
                {
                    val = f64::NAN;
                }
            }
            val
        } else {
            let rank = 1.0 + (n as i64 - 1) as f64 * (p / 100.0);
            let f = rank.floor();
            let m = rank - f;
            if n == 0 {
                return SORT_EMPTY_SELECT;
            }
            // rank is in [1, n], so k = f - 1 is in [0, n - 1]; k + 1 may be n when p is
            // 100 minus a rounding error, where Numba reads one past the end too; clamp.
            let k = ((f as i64) - 1).clamp(0, n as i64 - 2) as usize;
            let (lower, upper) = select_two(a, k, 0, n - 1);
            lower * (1.0 - m) + upper * m
        };
        *o = val;
    }
    SORT_OK
}

// ---------------------------------------------------------------------------------------
// np.unique, np.diff
// ---------------------------------------------------------------------------------------

/// `np.unique(a)`: the sorted distinct values of the flattened array in a new block (count 1,
/// owned by the caller; `*count` elements). Null when out of memory.
///
/// # Safety
/// `arr` points at a live array struct of `ndim` dimensions with elements of `dtype`; `count`
/// is writable.
pub unsafe extern "C" fn oxjit_rt_unique(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    count: *mut i64,
) -> *mut MemInfo {
    // SAFETY: the caller's promise.
    let v = unsafe { View::new(arr, ndim) };
    with_elem!(
        dtype,
        T,
        {
            // SAFETY: the view describes elements of T.
            let Some(mut b) = (unsafe { v.gather::<T>() }) else {
                return std::ptr::null_mut();
            };
            quicksort(&mut b, &|x: T, y: T| T::sort_lt(x, y));
            // Keep b[0] and every x = b[i + 1] with b[i] != x, except a NaN after a NaN.
            let mut kept = 0usize;
            for i in 0..b.len() {
                let keep =
                    i == 0 || (T::differs(b[i - 1], b[i]) && !(b[i - 1].nan() && b[i].nan()));
                if keep {
                    b[kept] = b[i];
                    kept += 1;
                }
            }
            let mi = oxjit_rt_alloc(kept * size_of::<T>(), DATA_ALIGN);
            if mi.is_null() {
                return mi;
            }
            // SAFETY: a fresh block of `kept` elements; `count` is writable.
            unsafe {
                let data = oxjit_rt_meminfo_data(mi).cast::<T>();
                std::ptr::copy_nonoverlapping(b.as_ptr(), data, kept);
                count.write(kept as i64);
            }
            mi
        },
        std::ptr::null_mut()
    )
}

/// `np.diff(a, n)` for `n >= 1`: writes the result (shape `a.shape[:-1] + (max(size - n, 0),)`)
/// into the C-contiguous `out`. Numba's algorithm: per lane, first differences into a
/// scratch row, then `n - 1` passes of differences within it.
///
/// # Safety
/// `arr` points at a live array struct (ndim ≥ 1) with elements of `dtype`; `out` has room for
/// the result.
pub unsafe extern "C" fn oxjit_rt_diff(
    arr: *const ArrayHead,
    ndim: i64,
    dtype: u32,
    n: i64,
    out: *mut u8,
) -> i32 {
    // SAFETY: the caller's promise.
    let v = unsafe { View::new(arr, ndim) };
    // SAFETY: as above.
    with_elem!(
        dtype,
        T,
        unsafe { diff_lanes::<T>(&v, n, out.cast::<T>()) },
        SORT_BAD_ARGS
    )
}

/// # Safety
/// As [`oxjit_rt_diff`], with `out` typed.
unsafe fn diff_lanes<T: Elem>(v: &View, n: i64, out: *mut T) -> i32 {
    let Some((&size, outer_shape)) = v.shape.split_last() else {
        return SORT_BAD_ARGS;
    };
    let stride = v.strides[v.strides.len() - 1] as isize;
    let keep = (size - n).max(0) as usize;
    if keep == 0 || n < 1 || outer_shape.iter().any(|&d| d <= 0) {
        return SORT_OK;
    }
    let size = size as usize;
    let mut work: Vec<T> = Vec::new();
    if work.try_reserve_exact(size).is_err() {
        return SORT_NO_MEMORY;
    }
    let outer = View {
        data: v.data,
        shape: outer_shape,
        strides: &v.strides[..v.strides.len() - 1],
    };
    let mut row = 0usize;
    outer.for_each_offset(|off| {
        // SAFETY: the lane starts at `off` and has `size` elements `stride` bytes apart.
        let at = |i: usize| unsafe {
            v.data
                .offset(off + i as isize * stride)
                .cast::<T>()
                .read_unaligned()
        };
        work.clear();
        for i in 0..size - 1 {
            work.push(T::diff(at(i + 1), at(i)));
        }
        for niter in 1..n as usize {
            for i in 0..size - niter - 1 {
                work[i] = T::diff(work[i + 1], work[i]);
            }
        }
        // SAFETY: row `row` of the C-contiguous output has `keep` elements.
        unsafe { std::ptr::copy_nonoverlapping(work.as_ptr(), out.add(row * keep), keep) };
        row += 1;
    });
    SORT_OK
}

// ---------------------------------------------------------------------------------------
// np.interp
// ---------------------------------------------------------------------------------------

/// Numba's `binary_search_with_guess` (NumPy 1.15's): the index `j` with
/// `arr[j] <= key < arr[j + 1]`, -1 below the range, `arr.len()` above it.
fn search_with_guess(key: f64, arr: &[f64], mut guess: usize) -> isize {
    const LIKELY_IN_CACHE_SIZE: usize = 8;
    let len = arr.len();
    let (mut imin, mut imax) = (0usize, len);
    if key > arr[len - 1] {
        return len as isize;
    } else if key < arr[0] {
        return -1;
    }
    if len <= 4 {
        let mut i = 1;
        while i < len && key >= arr[i] {
            i += 1;
        }
        return i as isize - 1;
    }
    guess = guess.min(len - 3).max(1);
    if key < arr[guess] {
        if key < arr[guess - 1] {
            imax = guess - 1;
            if guess > LIKELY_IN_CACHE_SIZE && key >= arr[guess - LIKELY_IN_CACHE_SIZE] {
                imin = guess - LIKELY_IN_CACHE_SIZE;
            }
        } else {
            return guess as isize - 1;
        }
    } else if key < arr[guess + 1] {
        return guess as isize;
    } else if key < arr[guess + 2] {
        return guess as isize + 1;
    } else {
        imin = guess + 2;
        if guess + LIKELY_IN_CACHE_SIZE + 1 < len && key < arr[guess + LIKELY_IN_CACHE_SIZE] {
            imax = guess + LIKELY_IN_CACHE_SIZE;
        }
    }
    while imin < imax {
        let imid = imin + ((imax - imin) >> 1);
        if key >= arr[imid] {
            imin = imid + 1;
        } else {
            imax = imid;
        }
    }
    imin as isize - 1
}

/// `np.interp(x, xp, fp)` for real `fp` (Numba's `np_interp_impl_inner`, NumPy 1.17's
/// algorithm): writes one float64 per element of `x` (logical C order) into `out`.
///
/// # Safety
/// The three pointers are live array structs (`xp`, `fp` 1-d) of real dtypes; `out` has room
/// for `x.size` float64 values.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oxjit_rt_interp(
    x: *const ArrayHead,
    xndim: i64,
    xdtype: u32,
    xp: *const ArrayHead,
    xpdtype: u32,
    fp: *const ArrayHead,
    fpdtype: u32,
    out: *mut f64,
) -> i32 {
    // SAFETY: the caller's promise.
    let (xv, xpv, fpv) = unsafe { (View::new(x, xndim), View::new(xp, 1), View::new(fp, 1)) };
    // SAFETY: the views describe elements of their dtypes.
    let as_f64 = |v: &View, dtype: u32| -> Result<Vec<f64>, i32> {
        with_real!(
            dtype,
            T,
            unsafe { v.gather::<T>() }
                .map(|g| g.into_iter().map(T::to_f64).collect())
                .ok_or(SORT_NO_MEMORY),
            Err(SORT_BAD_ARGS)
        )
    };
    let (dz, dx, dy) = match (
        as_f64(&xv, xdtype),
        as_f64(&xpv, xpdtype),
        as_f64(&fpv, fpdtype),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return e,
    };
    if dx.is_empty() {
        return SORT_INTERP_EMPTY;
    }
    if dx.len() != dy.len() {
        return SORT_INTERP_SIZES;
    }
    // SAFETY: `out` has room for dz.len() values.
    let out = unsafe { std::slice::from_raw_parts_mut(out, dz.len()) };
    let lenxp = dx.len();
    if lenxp == 1 {
        out.fill(dy[0]);
        return SORT_OK;
    }
    let (lval, rval) = (dy[0], dy[lenxp - 1]);
    let mut j = 0usize;
    for (o, &x_val) in out.iter_mut().zip(&dz) {
        if x_val.is_nan() {
            *o = x_val;
            continue;
        }
        let found = search_with_guess(x_val, &dx, j);
        // Numba keeps the result as the next guess (-1 and len are clamped by the search).
        j = found.max(0) as usize;
        *o = if found == -1 {
            lval
        } else if found as usize == lenxp {
            rval
        } else if found as usize == lenxp - 1 || dx[j] == x_val {
            dy[j]
        } else {
            let slope = (dy[j + 1] - dy[j]) / (dx[j + 1] - dx[j]);
            let mut r = slope * (x_val - dx[j]) + dy[j];
            if r.is_nan() {
                r = slope * (x_val - dx[j + 1]) + dy[j + 1];
                if r.is_nan() && dy[j] == dy[j + 1] {
                    r = dy[j];
                }
            }
            r
        };
    }
    SORT_OK
}

/// The symbols of this module, for [`crate::symbols`].
pub(crate) fn symbols() -> [(&'static str, usize); 7] {
    [
        ("oxjit_rt_sort", oxjit_rt_sort as *const () as usize),
        ("oxjit_rt_argsort", oxjit_rt_argsort as *const () as usize),
        ("oxjit_rt_median", oxjit_rt_median as *const () as usize),
        (
            "oxjit_rt_percentile",
            oxjit_rt_percentile as *const () as usize,
        ),
        ("oxjit_rt_unique", oxjit_rt_unique as *const () as usize),
        ("oxjit_rt_diff", oxjit_rt_diff as *const () as usize),
        ("oxjit_rt_interp", oxjit_rt_interp as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An array struct head for `n` elements `stride` bytes apart (1-d).
    fn head1(data: *mut u8, n: i64, itemsize: i64, stride: i64) -> [i64; 7] {
        [0, 0, n, itemsize, data as i64, n, stride]
    }

    /// A small deterministic generator (xorshift).
    fn rng(seed: u64) -> impl FnMut() -> u64 {
        let mut s = seed.max(1);
        move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        }
    }

    #[test]
    fn quicksort_sorts_and_puts_nans_last() {
        let mut next = rng(7);
        for n in [0usize, 1, 2, 15, 16, 17, 100, 1000] {
            let mut v: Vec<f64> = (0..n).map(|_| (next() % 50) as f64 - 25.0).collect();
            for k in (0..n).step_by(9) {
                v[k] = f64::NAN;
            }
            let head = head1(v.as_mut_ptr().cast(), n as i64, 8, 8);
            // SAFETY: `head` describes `v`.
            assert_eq!(
                unsafe { oxjit_rt_sort(head.as_ptr().cast(), 1, DTYPE_F64, KIND_QUICKSORT) },
                SORT_OK
            );
            let nans = v.iter().filter(|x| x.is_nan()).count();
            assert!(v[n - nans..].iter().all(|x| x.is_nan()));
            assert!(v[..n - nans].windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn mergesort_is_stable() {
        let mut next = rng(11);
        let vals: Vec<i64> = (0..500).map(|_| (next() % 7) as i64).collect();
        let mut out = vec![0i64; vals.len()];
        let mut data = vals.clone();
        let head = head1(data.as_mut_ptr().cast(), vals.len() as i64, 8, 8);
        // SAFETY: `head` describes `data`; `out` has room for every index.
        assert_eq!(
            unsafe {
                oxjit_rt_argsort(
                    head.as_ptr().cast(),
                    1,
                    DTYPE_I64,
                    KIND_MERGESORT,
                    out.as_mut_ptr(),
                )
            },
            SORT_OK
        );
        let mut expect: Vec<i64> = (0..vals.len() as i64).collect();
        expect.sort_by_key(|&i| vals[i as usize]);
        assert_eq!(out, expect);
    }

    #[test]
    fn strided_and_nd_sorts_match_contiguous_ones() {
        let mut next = rng(3);
        let vals: Vec<i32> = (0..60).map(|_| (next() % 100) as i32).collect();
        // Every other element of a 120-element buffer.
        let mut buf = vec![-1i32; 120];
        for (i, x) in vals.iter().enumerate() {
            buf[2 * i] = *x;
        }
        let head = head1(buf.as_mut_ptr().cast(), 60, 4, 8);
        // SAFETY: `head` describes every other element of `buf`.
        assert_eq!(
            unsafe { oxjit_rt_sort(head.as_ptr().cast(), 1, DTYPE_I32, KIND_QUICKSORT) },
            SORT_OK
        );
        let mut contiguous = vals.clone();
        let h2 = head1(contiguous.as_mut_ptr().cast(), 60, 4, 4);
        // SAFETY: `h2` describes `contiguous`.
        assert_eq!(
            unsafe { oxjit_rt_sort(h2.as_ptr().cast(), 1, DTYPE_I32, KIND_QUICKSORT) },
            SORT_OK
        );
        assert_eq!(
            buf.iter().step_by(2).copied().collect::<Vec<_>>(),
            contiguous
        );
        assert!(buf.iter().skip(1).step_by(2).all(|&x| x == -1));
        // A 3 x 4 array sorts each row.
        let mut m = [5u8, 1, 4, 2, 9, 9, 0, 3, 7, 6, 8, 1];
        let h3 = [0i64, 0, 12, 1, m.as_mut_ptr() as i64, 3, 4, 4, 1];
        // SAFETY: `h3` describes `m` as a C 3 x 4 array.
        assert_eq!(
            unsafe { oxjit_rt_sort(h3.as_ptr().cast(), 2, DTYPE_U8, KIND_MERGESORT) },
            SORT_OK
        );
        assert_eq!(m, [1, 2, 4, 5, 0, 3, 9, 9, 1, 6, 7, 8]);
    }

    #[test]
    fn median_and_percentiles() {
        let mut v = [3.0f64, 1.0, 4.0, 1.0, 5.0, 9.0];
        let head = head1(v.as_mut_ptr().cast(), 6, 8, 8);
        let mut out = 0.0;
        // SAFETY: `head` describes `v`; the median is written to `out`.
        assert_eq!(
            unsafe { oxjit_rt_median(head.as_ptr().cast(), 1, DTYPE_F64, &mut out) },
            SORT_OK
        );
        assert_eq!(out, 3.5);
        assert_eq!(
            v,
            [3.0, 1.0, 4.0, 1.0, 5.0, 9.0],
            "the input is not touched"
        );
        let mut i = [i64::MAX, i64::MAX];
        let hi = head1(i.as_mut_ptr().cast(), 2, 8, 8);
        // SAFETY: as above.
        assert_eq!(
            unsafe { oxjit_rt_median(hi.as_ptr().cast(), 1, DTYPE_I64, &mut out) },
            SORT_OK
        );
        assert_eq!(out, -1.0, "the int64 sum wraps, as in Numba");
        let mut q = [0.0f64, 25.0, 50.0, 100.0];
        let hq = head1(q.as_mut_ptr().cast(), 4, 8, 8);
        let mut res = [0.0f64; 4];
        // SAFETY: both heads describe their arrays; `res` has room for 4 values.
        let st = unsafe {
            oxjit_rt_percentile(
                head.as_ptr().cast(),
                1,
                DTYPE_F64,
                hq.as_ptr().cast(),
                1,
                DTYPE_F64,
                1.0,
                100.0,
                res.as_mut_ptr(),
            )
        };
        assert_eq!(st, SORT_OK);
        assert_eq!(res, [1.0, 1.5, 3.5, 9.0]);
        let mut q = [0.0f64, 101.0];
        let hq = head1(q.as_mut_ptr().cast(), 2, 8, 8);
        // SAFETY: as above.
        let st = unsafe {
            oxjit_rt_percentile(
                head.as_ptr().cast(),
                1,
                DTYPE_F64,
                hq.as_ptr().cast(),
                1,
                DTYPE_F64,
                1.0,
                100.0,
                res.as_mut_ptr(),
            )
        };
        assert_eq!(st, SORT_BAD_Q);
    }

    #[test]
    fn unique_and_diff() {
        let mut v = [2.0f64, f64::NAN, 1.0, 2.0, f64::NAN, -0.0, 0.0];
        let head = head1(v.as_mut_ptr().cast(), 7, 8, 8);
        let mut count = 0i64;
        // SAFETY: `head` describes `v`; `count` is writable.
        let mi = unsafe { oxjit_rt_unique(head.as_ptr().cast(), 1, DTYPE_F64, &mut count) };
        assert!(!mi.is_null());
        // SAFETY: the block holds `count` float64 values; it is released after reading.
        let got = unsafe {
            std::slice::from_raw_parts(oxjit_rt_meminfo_data(mi).cast::<f64>(), count as usize)
                .to_vec()
        };
        // SAFETY: the caller's reference, released once.
        unsafe { crate::memory::oxjit_rt_decref(mi) };
        assert_eq!(got.len(), 4);
        assert_eq!(&got[..3], &[-0.0, 1.0, 2.0]);
        assert!(got[0].is_sign_negative() && got[3].is_nan());
        let mut b = [1u8, 0, 0, 1, 1];
        let hb = head1(b.as_mut_ptr().cast(), 5, 1, 1);
        let mut out = [9u8; 3];
        // SAFETY: `hb` describes `b`; `out` has room for 5 - 2 values.
        assert_eq!(
            unsafe { oxjit_rt_diff(hb.as_ptr().cast(), 1, DTYPE_BOOL, 2, out.as_mut_ptr()) },
            SORT_OK
        );
        assert_eq!(out, [1, 1, 1]);
    }
}
