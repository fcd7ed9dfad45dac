//! Python lists in compiled code: a refcounted MemInfo over a growable buffer of items.
//!
//! ```text
//! MemInfo (count, dtor = list_dtor) ──data──► ListData { len, cap, items ─► [item 0][item 1]...,
//!                                                        itemsize, ref_mask, dirty }
//! ```
//!
//! An item is stored in the *slot layout* of the entry wrapper (`Ty::slot_size`: 8 bytes per
//! scalar, 16 for complex128, the whole struct for an array, tuples flattened, 8 for a nested
//! list's MemInfo pointer). The same bytes are what the dispatcher writes when it unboxes a
//! Python list and reads when it boxes one, so no conversion happens at the boundary.
//!
//! `ref_mask` has bit `k` set when word `k` of an item is a MemInfo pointer the list owns a
//! reference to (an array's MemInfo, a nested list); freeing the list, `clear` and the copies
//! made by `slice`/`extend`/`repeat` maintain those references. Compiled code owns the
//! references it writes into an item (it increments before `append`), and takes over the ones
//! it removes (`remove` only closes the gap).
//!
//! `dirty` is set by every mutation; the dispatcher writes a reflected list back into the
//! caller's Python list only when it is set.
//!
//! Growth is amortised (capacity doubles, at least 4 items). Allocation failure aborts, as
//! Rust collections do.

use std::alloc::{alloc, dealloc, handle_alloc_error, realloc, Layout};
use std::ffi::c_void;
use std::ptr;

use crate::memory::{oxjit_rt_decref, oxjit_rt_incref, oxjit_rt_wrap_external, MemInfo};

/// The list header the MemInfo's data points at (offsets are fixed: compiled code reads them).
#[repr(C)]
pub struct ListData {
    pub len: i64,
    pub cap: i64,
    pub items: *mut u8,
    pub itemsize: i64,
    pub ref_mask: u64,
    pub dirty: i64,
    /// The Python list this one was unboxed from (set by the host for the duration of a
    /// call; null for lists made by compiled code). Never read by compiled code.
    pub parent: *mut c_void,
}

pub const LIST_LEN_OFFSET: usize = std::mem::offset_of!(ListData, len);
pub const LIST_CAP_OFFSET: usize = std::mem::offset_of!(ListData, cap);
pub const LIST_ITEMS_OFFSET: usize = std::mem::offset_of!(ListData, items);
pub const LIST_DIRTY_OFFSET: usize = std::mem::offset_of!(ListData, dirty);

const ALIGN: usize = 8;

fn layout(bytes: usize) -> Layout {
    match Layout::from_size_align(bytes.max(ALIGN), ALIGN) {
        Ok(l) => l,
        Err(_) => handle_alloc_error(Layout::new::<u64>()),
    }
}

/// # Safety
/// `mi` is a live list MemInfo (made by [`oxjit_rt_list_new`]).
unsafe fn data<'a>(mi: *mut MemInfo) -> &'a mut ListData {
    // SAFETY: a list MemInfo's data is its `ListData`, alive while the MemInfo is.
    unsafe { &mut *(*mi).data().cast::<ListData>() }
}

impl ListData {
    fn item(&self, i: i64) -> *mut u8 {
        // SAFETY (for callers): `i <= cap`, inside (or one past) the items buffer.
        self.items.wrapping_add((i * self.itemsize) as usize)
    }

    /// Makes room for at least `cap` items.
    fn reserve(&mut self, cap: i64) {
        if cap <= self.cap {
            return;
        }
        let new_cap = cap.max(self.cap * 2).max(4);
        let size = self.itemsize as usize;
        let Some(new_bytes) = (new_cap as usize).checked_mul(size) else {
            handle_alloc_error(Layout::new::<u64>());
        };
        let new_layout = layout(new_bytes);
        // SAFETY: `items` is null (never allocated) or was allocated with `layout(cap * size)`.
        let p = unsafe {
            if self.items.is_null() {
                alloc(new_layout)
            } else {
                realloc(self.items, layout(self.cap as usize * size), new_layout.size())
            }
        };
        if p.is_null() {
            handle_alloc_error(new_layout);
        }
        self.items = p;
        self.cap = new_cap;
    }

    /// Adds or drops one reference to every MemInfo in items `lo..hi`.
    fn count_refs(&self, lo: i64, hi: i64, decref: bool) {
        if self.ref_mask == 0 {
            return;
        }
        for i in lo..hi {
            let item = self.item(i).cast::<*mut MemInfo>();
            let mut mask = self.ref_mask;
            while mask != 0 {
                let k = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                // SAFETY: word `k` of a live item holds a MemInfo pointer (or null) the list owns.
                unsafe {
                    let mi = item.add(k).read();
                    if decref {
                        oxjit_rt_decref(mi);
                    } else {
                        oxjit_rt_incref(mi);
                    }
                }
            }
        }
    }
}

unsafe extern "C" fn list_dtor(mi: *mut MemInfo) {
    // SAFETY: called once at count zero with the list's MemInfo; its data is the boxed header.
    unsafe {
        let d = (*mi).dtor_data().cast::<ListData>();
        let l = &mut *d;
        l.count_refs(0, l.len, true);
        if !l.items.is_null() {
            dealloc(l.items, layout(l.cap as usize * l.itemsize as usize));
        }
        drop(Box::from_raw(d));
    }
}

/// A new empty list of items of `itemsize` bytes (a multiple of 8) with room for `cap`
/// items; `ref_mask` marks the item words holding owned MemInfo pointers. Count 1.
pub extern "C" fn oxjit_rt_list_new(itemsize: i64, ref_mask: u64, cap: i64) -> *mut MemInfo {
    let mut d = Box::new(ListData { len: 0, cap: 0, items: ptr::null_mut(), itemsize, ref_mask, dirty: 0, parent: ptr::null_mut() });
    if cap > 0 {
        d.reserve(cap);
    }
    let raw = Box::into_raw(d);
    // SAFETY: the header stays valid until `list_dtor` frees it.
    let mi = unsafe { oxjit_rt_wrap_external(raw.cast(), std::mem::size_of::<ListData>(), Some(list_dtor), raw.cast::<c_void>()) };
    if mi.is_null() {
        handle_alloc_error(Layout::new::<ListData>());
    }
    mi
}

/// Appends `n` uninitialised items and returns the address of the first; the caller fills
/// them (with references it owns).
///
/// # Safety
/// `mi` is a live list.
pub unsafe extern "C" fn oxjit_rt_list_grow(mi: *mut MemInfo, n: i64) -> *mut u8 {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    l.reserve(l.len + n);
    let at = l.item(l.len);
    l.len += n;
    l.dirty = 1;
    at
}

/// `list.insert(i, _)`: Python's index rules (negative from the end, clamped); returns the
/// address of the new (uninitialised) item.
///
/// # Safety
/// `mi` is a live list.
pub unsafe extern "C" fn oxjit_rt_list_insert(mi: *mut MemInfo, i: i64) -> *mut u8 {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let mut i = if i < 0 { i.saturating_add(l.len) } else { i };
    i = i.clamp(0, l.len);
    l.reserve(l.len + 1);
    let size = l.itemsize as usize;
    // SAFETY: room for `len + 1` items was reserved; the ranges are inside the buffer.
    unsafe { ptr::copy(l.item(i), l.item(i + 1), (l.len - i) as usize * size) };
    l.len += 1;
    l.dirty = 1;
    l.item(i)
}

/// Removes item `i` (`0 <= i < len`) without releasing its references (the caller has
/// taken them over, or released them).
///
/// # Safety
/// `mi` is a live list and `i` a valid index.
pub unsafe extern "C" fn oxjit_rt_list_remove(mi: *mut MemInfo, i: i64) {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let size = l.itemsize as usize;
    // SAFETY: `i < len`: the moved range lies inside the buffer.
    unsafe { ptr::copy(l.item(i + 1), l.item(i), (l.len - i - 1) as usize * size) };
    l.len -= 1;
    l.dirty = 1;
}

/// `list.clear()`.
///
/// # Safety
/// `mi` is a live list.
pub unsafe extern "C" fn oxjit_rt_list_clear(mi: *mut MemInfo) {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    l.count_refs(0, l.len, true);
    l.len = 0;
    l.dirty = 1;
}

/// A new list of the `n` items `start, start + step, ...` of `mi` (already clamped).
///
/// # Safety
/// `mi` is a live list and the indices are valid.
pub unsafe extern "C" fn oxjit_rt_list_slice(mi: *mut MemInfo, start: i64, step: i64, n: i64) -> *mut MemInfo {
    // SAFETY: the caller's contract.
    let src = unsafe { data(mi) };
    let out = oxjit_rt_list_new(src.itemsize, src.ref_mask, n);
    // SAFETY: `out` is a new list with room for `n` items.
    let dst = unsafe { data(out) };
    let size = src.itemsize as usize;
    for k in 0..n {
        // SAFETY: `start + k * step` is a valid index of `src` (the caller clamped it).
        unsafe { ptr::copy_nonoverlapping(src.item(start + k * step), dst.item(k), size) };
    }
    dst.len = n;
    dst.count_refs(0, n, false);
    out
}

/// `dst.extend(src)` (`src` may be `dst`).
///
/// # Safety
/// Both are live lists of the same item type.
pub unsafe extern "C" fn oxjit_rt_list_extend(dst: *mut MemInfo, src: *mut MemInfo) {
    // SAFETY: the caller's contract; `src` is read through raw pointers after `dst` grows.
    unsafe {
        let n = data(src).len;
        let d = data(dst);
        let old = d.len;
        d.reserve(old + n);
        let s = data(src);
        ptr::copy(s.items, d.item(old), (n * s.itemsize) as usize);
        let d = data(dst);
        d.len = old + n;
        d.dirty = 1;
        d.count_refs(old, old + n, false);
    }
}

/// `lst * n`: a new list.
///
/// # Safety
/// `mi` is a live list.
pub unsafe extern "C" fn oxjit_rt_list_repeat(mi: *mut MemInfo, n: i64) -> *mut MemInfo {
    // SAFETY: the caller's contract.
    let src = unsafe { data(mi) };
    let n = n.max(0);
    let total = src.len * n;
    let out = oxjit_rt_list_new(src.itemsize, src.ref_mask, total);
    // SAFETY: `out` has room for `total` items.
    let dst = unsafe { data(out) };
    let bytes = (src.len * src.itemsize) as usize;
    for k in 0..n {
        // SAFETY: copies whole copies of the source into the reserved buffer.
        unsafe { ptr::copy_nonoverlapping(src.items, dst.item(k * src.len), bytes) };
    }
    dst.len = total;
    dst.count_refs(0, total, false);
    out
}

/// `dst[start:start + n*step:step] = src` for a slice of `n` items (already clamped, as
/// `slice.indices` gives them). With `step == 1` the list grows or shrinks to take all of
/// `src`; otherwise `src` must have `n` items. Returns 0, or 1 for a size mismatch (the
/// caller raises `ValueError`). `src` may be `dst`.
///
/// # Safety
/// Both are live lists of the same item type.
pub unsafe extern "C" fn oxjit_rt_list_setslice(dst: *mut MemInfo, start: i64, step: i64, n: i64, src: *mut MemInfo) -> i32 {
    // SAFETY: the caller's contract; the source items are copied out before `dst` changes.
    unsafe {
        let s = data(src);
        let size = s.itemsize as usize;
        let m = s.len;
        let items: Vec<u8> = if m == 0 { Vec::new() } else { std::slice::from_raw_parts(s.items, m as usize * size).to_vec() };
        let d = data(dst);
        if step != 1 && m != n {
            return 1;
        }
        // The new items' references (the source keeps its own).
        let copy = ListData { len: m, cap: m, items: items.as_ptr().cast_mut(), itemsize: s.itemsize, ref_mask: s.ref_mask, dirty: 0, parent: ptr::null_mut() };
        copy.count_refs(0, m, false);
        if step == 1 {
            d.count_refs(start, start + n, true);
            let tail = d.len - (start + n);
            d.reserve(d.len - n + m);
            ptr::copy(d.item(start + n), d.item(start + m), tail as usize * size);
            if m > 0 {
                ptr::copy_nonoverlapping(items.as_ptr(), d.item(start), m as usize * size);
            }
            d.len = d.len - n + m;
        } else {
            for k in 0..n {
                let at = d.item(start + k * step);
                d.count_refs(start + k * step, start + k * step + 1, true);
                ptr::copy_nonoverlapping(items.as_ptr().add(k as usize * size), at, size);
            }
        }
        d.dirty = 1;
        0
    }
}

/// `list.reverse()`.
///
/// # Safety
/// `mi` is a live list.
pub unsafe extern "C" fn oxjit_rt_list_reverse(mi: *mut MemInfo) {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let size = l.itemsize as usize;
    let (mut i, mut j) = (0, l.len - 1);
    while i < j {
        // SAFETY: distinct valid items.
        unsafe { ptr::swap_nonoverlapping(l.item(i), l.item(j), size) };
        i += 1;
        j -= 1;
    }
    l.dirty = 1;
}

/// Reads item `i` of a list of scalars as an `f64`/`i64`/`u64` key, by the scalar code
/// ([`sort_kind`]).
fn read_key(p: *const u8, kind: i32) -> Key {
    // SAFETY (for callers): `p` is a valid item of the list being sorted.
    unsafe {
        match kind {
            0 => Key::I(p.read() as i64 & 1),
            1 => Key::I(p.cast::<i8>().read() as i64),
            2 => Key::I(p.cast::<i16>().read_unaligned() as i64),
            3 => Key::I(p.cast::<i32>().read_unaligned() as i64),
            4 => Key::I(p.cast::<i64>().read_unaligned()),
            5 => Key::U(p.read() as u64),
            6 => Key::U(p.cast::<u16>().read_unaligned() as u64),
            7 => Key::U(p.cast::<u32>().read_unaligned() as u64),
            8 => Key::U(p.cast::<u64>().read_unaligned()),
            9 => Key::F(p.cast::<f32>().read_unaligned() as f64),
            LIST_SORT_STR => Key::S(p.cast::<crate::str::RtStr>().read_unaligned()),
            _ => Key::F(p.cast::<f64>().read_unaligned()),
        }
    }
}

#[derive(Copy, Clone)]
enum Key {
    I(i64),
    U(u64),
    F(f64),
    S(crate::str::RtStr),
}

/// The `kind` of [`oxjit_rt_list_sort`] for a list of strings (ordered by code points).
pub const LIST_SORT_STR: i32 = 64;

fn key_lt(a: Key, b: Key) -> bool {
    match (a, b) {
        (Key::I(x), Key::I(y)) => x < y,
        (Key::U(x), Key::U(y)) => x < y,
        (Key::F(x), Key::F(y)) => x < y,
        // SAFETY: items of a live list of strings hold their code points.
        (Key::S(x), Key::S(y)) => unsafe { crate::str::oxjit_rt_str_cmp(x.data, x.len, x.kind, y.data, y.len, y.kind) < 0 },
        _ => false,
    }
}

/// `list.sort(reverse=...)` of a list of real scalars or strings; `kind` is the position of
/// the element type in `Scalar::ALL` (bool, int8..int64, uint8..uint64, float32, float64), or
/// [`LIST_SORT_STR`]. A stable merge
/// sort on `<` (with `reverse`, on `>`), so it never fails on NaN.
///
/// # Safety
/// `mi` is a live list whose items hold scalars of `kind`.
pub unsafe extern "C" fn oxjit_rt_list_sort(mi: *mut MemInfo, kind: i32, reverse: i32) {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let n = l.len as usize;
    let keys: Vec<Key> = (0..l.len).map(|i| read_key(l.item(i), kind)).collect();
    let lt = |a: usize, b: usize| if reverse != 0 { key_lt(keys[b], keys[a]) } else { key_lt(keys[a], keys[b]) };
    let mut order: Vec<usize> = (0..n).collect();
    let mut tmp = order.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right only when strictly smaller: stable.
                if lt(order[j], order[i]) {
                    tmp[k] = order[j];
                    j += 1;
                } else {
                    tmp[k] = order[i];
                    i += 1;
                }
                k += 1;
            }
            tmp[k..k + (mid - i)].copy_from_slice(&order[i..mid]);
            k += mid - i;
            tmp[k..k + (hi - j)].copy_from_slice(&order[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut order, &mut tmp);
        width *= 2;
    }
    let size = l.itemsize as usize;
    let mut sorted = vec![0u8; n * size];
    for (k, &i) in order.iter().enumerate() {
        // SAFETY: valid items copied into a buffer of `n` items.
        unsafe { ptr::copy_nonoverlapping(l.item(i as i64), sorted.as_mut_ptr().add(k * size), size) };
    }
    // SAFETY: the buffer holds exactly `len` items.
    unsafe { ptr::copy_nonoverlapping(sorted.as_ptr(), l.items, n * size) };
    l.dirty = 1;
}

// ----- for the host (the dispatcher): not called by compiled code -----

/// The items of a live list as bytes, with the item size.
///
/// # Safety
/// `mi` is a live list; the slice must not outlive it or a mutation.
pub unsafe fn list_bytes<'a>(mi: *mut MemInfo) -> (&'a [u8], usize) {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let size = l.itemsize as usize;
    if l.items.is_null() || l.len == 0 {
        return (&[], size);
    }
    // SAFETY: `len` initialised items.
    (unsafe { std::slice::from_raw_parts(l.items, l.len as usize * size) }, size)
}

/// Appends one item's bytes (whose references, if any, the list takes over).
///
/// # Safety
/// `mi` is a live list and `item` is one item of its type.
pub unsafe fn list_push(mi: *mut MemInfo, item: &[u8]) {
    // SAFETY: the caller's contract.
    unsafe {
        let at = oxjit_rt_list_grow(mi, 1);
        ptr::copy_nonoverlapping(item.as_ptr(), at, item.len());
    }
}

/// Whether compiled code changed the list; clears the flag.
///
/// # Safety
/// `mi` is a live list.
pub unsafe fn list_take_dirty(mi: *mut MemInfo) -> bool {
    // SAFETY: the caller's contract.
    let l = unsafe { data(mi) };
    let d = l.dirty != 0;
    l.dirty = 0;
    d
}

/// The header of a live list (for the host).
///
/// # Safety
/// `mi` is a live list, not used by compiled code while the reference is held.
pub unsafe fn list_data<'a>(mi: *mut MemInfo) -> &'a mut ListData {
    // SAFETY: the caller's contract.
    unsafe { data(mi) }
}

/// The C-ABI entry points compiled code calls.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_list_new", oxjit_rt_list_new as *const () as usize),
        ("oxjit_rt_list_grow", oxjit_rt_list_grow as *const () as usize),
        ("oxjit_rt_list_insert", oxjit_rt_list_insert as *const () as usize),
        ("oxjit_rt_list_remove", oxjit_rt_list_remove as *const () as usize),
        ("oxjit_rt_list_clear", oxjit_rt_list_clear as *const () as usize),
        ("oxjit_rt_list_slice", oxjit_rt_list_slice as *const () as usize),
        ("oxjit_rt_list_extend", oxjit_rt_list_extend as *const () as usize),
        ("oxjit_rt_list_repeat", oxjit_rt_list_repeat as *const () as usize),
        ("oxjit_rt_list_reverse", oxjit_rt_list_reverse as *const () as usize),
        ("oxjit_rt_list_setslice", oxjit_rt_list_setslice as *const () as usize),
        ("oxjit_rt_list_sort", oxjit_rt_list_sort as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::oxjit_rt_alloc;

    fn push_i64(mi: *mut MemInfo, v: i64) {
        unsafe { list_push(mi, &v.to_le_bytes()) };
    }
    fn items_i64(mi: *mut MemInfo) -> Vec<i64> {
        let (b, size) = unsafe { list_bytes(mi) };
        b.chunks(size).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect()
    }

    #[test]
    fn grow_insert_remove_sort() {
        let mi = oxjit_rt_list_new(8, 0, 0);
        for v in [5, 3, 9, 1] {
            push_i64(mi, v);
        }
        unsafe {
            let p = oxjit_rt_list_insert(mi, -1);
            p.cast::<i64>().write(7);
            oxjit_rt_list_remove(mi, 0);
        }
        assert_eq!(items_i64(mi), vec![3, 9, 7, 1]);
        unsafe { oxjit_rt_list_sort(mi, 4, 0) };
        assert_eq!(items_i64(mi), vec![1, 3, 7, 9]);
        unsafe { oxjit_rt_list_sort(mi, 4, 1) };
        assert_eq!(items_i64(mi), vec![9, 7, 3, 1]);
        let s = unsafe { oxjit_rt_list_slice(mi, 3, -2, 2) };
        assert_eq!(items_i64(s), vec![1, 7]);
        let r = unsafe { oxjit_rt_list_repeat(s, 2) };
        assert_eq!(items_i64(r), vec![1, 7, 1, 7]);
        unsafe {
            oxjit_rt_list_extend(r, r);
            assert_eq!(items_i64(r).len(), 8);
            oxjit_rt_list_reverse(s);
            assert_eq!(items_i64(s), vec![7, 1]);
            oxjit_rt_decref(mi);
            oxjit_rt_decref(s);
            oxjit_rt_decref(r);
        }
    }

    #[test]
    fn slice_assignment_resizes_and_checks_extended_sizes() {
        let mi = oxjit_rt_list_new(8, 0, 0);
        for v in [1, 2, 3, 4, 5] {
            push_i64(mi, v);
        }
        let src = oxjit_rt_list_new(8, 0, 0);
        for v in [10, 20, 30] {
            push_i64(src, v);
        }
        unsafe {
            assert_eq!(oxjit_rt_list_setslice(mi, 1, 1, 2, src), 0);
            assert_eq!(items_i64(mi), vec![1, 10, 20, 30, 4, 5]);
            assert_eq!(oxjit_rt_list_setslice(mi, 0, 2, 3, src), 0);
            assert_eq!(items_i64(mi), vec![10, 10, 20, 30, 30, 5]);
            assert_eq!(oxjit_rt_list_setslice(mi, 0, 2, 2, src), 1);
            // Onto itself: the source is read before the list changes.
            assert_eq!(oxjit_rt_list_setslice(mi, 6, 1, 0, mi), 0);
            assert_eq!(items_i64(mi).len(), 12);
            oxjit_rt_decref(mi);
            oxjit_rt_decref(src);
        }
    }

    #[test]
    fn owned_references_are_released() {
        let arr = oxjit_rt_alloc(16, 0);
        let mi = oxjit_rt_list_new(8, 1, 0);
        unsafe {
            oxjit_rt_incref(arr);
            list_push(mi, &(arr as u64).to_le_bytes());
            let copy = oxjit_rt_list_slice(mi, 0, 1, 1);
            assert_eq!((*arr).refcount(), 3);
            oxjit_rt_decref(copy);
            assert_eq!((*arr).refcount(), 2);
            oxjit_rt_list_clear(mi);
            assert_eq!((*arr).refcount(), 1);
            oxjit_rt_decref(mi);
            oxjit_rt_decref(arr);
        }
    }
}
