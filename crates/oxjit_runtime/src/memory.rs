//! Reference-counted memory blocks for arrays that compiled code allocates.
//!
//! In: calls from JIT-compiled code (`oxjit_rt_alloc`, `oxjit_rt_incref`, `oxjit_rt_decref` ...)
//! and from the Python extension (wrapping a returned block as an ndarray's `base`; statistics).
//! Out: [`MemInfo`] pointers. A `MemInfo` is a small header that carries an atomic reference
//! count and the address and size of the data it keeps alive.
//!
//! # One allocation per block
//!
//! A block owned by the runtime is a single allocation from the system allocator (or a recycled
//! one from the pool, `src/pool.rs`) laid out as
//!
//! ```text
//! raw ─┬─ slack (0..align-16 bytes, so that data is aligned)
//!      ├─ MemInfo header, 64 bytes, 64-aligned    <- the *mut MemInfo compiled code holds
//!      └─ data, `size` bytes, aligned to max(align, 64)
//! ```
//!
//! so an array costs one `malloc` and its header shares no cache line with another array's data.
//! The raw allocation always asks the system allocator for 16-byte alignment only (and aligns
//! by hand), because Rust's `alloc_zeroed` with a larger alignment falls back to
//! `memalign + memset`, which would touch every page of a fresh large block; with 16 it is
//! `calloc`, which returns glibc's freshly mapped (already zero) pages untouched.
//!
//! A MemInfo made by [`oxjit_rt_wrap_external`] is a header-only allocation whose `data` points
//! at memory owned by someone else (a NumPy array, say); its destructor releases that owner.
//!
//! # Reference counting
//!
//! A new MemInfo has count 1, owned by the caller. `incref` is a relaxed atomic add; `decref`
//! is a release subtraction and, when the count reaches zero, an acquire fence followed by
//! destruction (as `std::sync::Arc` does). At zero the destructor (`dtor`, if any) runs exactly
//! once, on the thread that dropped the last reference, with no runtime lock held; then the
//! runtime releases what it owns: the whole block (to the pool when large, else to the system
//! allocator) or, for external wraps, only the header.
//!
//! # Example
//!
//! ```
//! use oxjit_runtime::memory::*;
//! let mi = oxjit_rt_alloc_zeroed(8 * 1000, 0);
//! assert!(!mi.is_null());
//! // SAFETY: `mi` is a live MemInfo with 8000 zeroed bytes; we hold its only reference.
//! unsafe {
//!     let data = oxjit_rt_meminfo_data(mi) as *mut f64;
//!     assert_eq!(data as usize % 64, 0);
//!     *data.add(999) = 1.5;
//!     oxjit_rt_incref(mi); // a second owner ...
//!     oxjit_rt_decref(mi); // ... lets go
//!     oxjit_rt_decref(mi); // the last reference: the block is freed
//! }
//! ```

use std::alloc::{self, Layout};
use std::ffi::c_void;
use std::mem::offset_of;
use std::ptr;
use std::sync::atomic::{fence, AtomicUsize, Ordering};

use crate::pool;
use crate::stats::{self, Counter};

/// A destructor called with the MemInfo when its count reaches zero.
///
/// It may read every field (`data`, `size`, `dtor_data`), may call back into the runtime
/// (decref other MemInfos), and must not free or reuse the MemInfo itself. It may run on any
/// thread, including one that does not hold the Python GIL.
pub type Dtor = unsafe extern "C" fn(*mut MemInfo);

/// The header of a reference-counted block. C layout, 64 bytes, 64-aligned:
///
/// | offset | field       | type                          | who reads it                    |
/// |-------:|-------------|-------------------------------|---------------------------------|
/// |      0 | `refcount`  | `usize`, atomic               | compiled code (inline incref)   |
/// |      8 | `data`      | `*mut u8`                     | compiled code (array data ptr)  |
/// |     16 | `size`      | `usize`                       | the data's length in bytes      |
/// |     24 | `dtor`      | nullable `fn(*mut MemInfo)`   | the runtime, at count zero      |
/// |     32 | `dtor_data` | `*mut c_void`                 | the destructor                  |
/// |     40 | `raw`       | `*mut u8`                     | runtime private                 |
/// |     48 | `raw_len`   | `usize`                       | runtime private                 |
/// |     56 | `kind`      | `u32`                         | runtime private                 |
/// |     60 | (reserved)  | `u32`                         |                                 |
///
/// The offsets are exported as `MEMINFO_*_OFFSET` and checked at compile time. The fields are
/// private to Rust code: use the accessors, or the `oxjit_rt_meminfo_*` functions from C.
#[repr(C, align(64))]
#[derive(Debug)]
pub struct MemInfo {
    refcount: AtomicUsize,
    data: *mut u8,
    size: usize,
    dtor: Option<Dtor>,
    dtor_data: *mut c_void,
    /// Start of the allocation holding this header (and the data, for owned blocks).
    raw: *mut u8,
    /// Length of that allocation: a pool class size for pooled kinds.
    raw_len: usize,
    kind: u32,
    reserved: u32,
}

/// `kind`: owned block from the system allocator, below the pool threshold.
const KIND_HEAP: u32 = 0;
/// `kind`: owned block of a pool size class (goes back to the pool at zero).
const KIND_POOLED: u32 = 1;
/// `kind`: header over external memory; only the header is ours.
const KIND_EXTERNAL: u32 = 2;

/// Byte offset of the atomic reference count (a `usize`): compiled code increments it with
/// `atomicrmw add ptr %mi, i64 1 monotonic`.
pub const MEMINFO_REFCOUNT_OFFSET: usize = offset_of!(MemInfo, refcount);
/// Byte offset of the data pointer.
pub const MEMINFO_DATA_OFFSET: usize = offset_of!(MemInfo, data);
/// Byte offset of the data length in bytes.
pub const MEMINFO_SIZE_OFFSET: usize = offset_of!(MemInfo, size);
/// Byte offset of the nullable destructor pointer.
pub const MEMINFO_DTOR_OFFSET: usize = offset_of!(MemInfo, dtor);
/// Byte offset of the destructor's data pointer.
pub const MEMINFO_DTOR_DATA_OFFSET: usize = offset_of!(MemInfo, dtor_data);
/// Size of the header in bytes (one cache line).
pub const MEMINFO_SIZE: usize = std::mem::size_of::<MemInfo>();
/// Alignment of the header.
pub const MEMINFO_ALIGN: usize = std::mem::align_of::<MemInfo>();
/// Minimum alignment of the data of every runtime-allocated block: a cache line, and enough
/// for aligned AVX-512 loads.
pub const DATA_ALIGN: usize = 64;

/// The alignment the runtime asks of the system allocator for raw blocks (see module docs).
pub(crate) const RAW_ALIGN: usize = 16;

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(MEMINFO_REFCOUNT_OFFSET == 0);
    assert!(MEMINFO_DATA_OFFSET == 8);
    assert!(MEMINFO_SIZE_OFFSET == 16);
    assert!(MEMINFO_DTOR_OFFSET == 24);
    assert!(MEMINFO_DTOR_DATA_OFFSET == 32);
    assert!(MEMINFO_SIZE == 64);
    assert!(MEMINFO_ALIGN == 64);
};
// The header sits right before 64-aligned data, and is itself a whole cache line.
const _: () = assert!(MEMINFO_SIZE == DATA_ALIGN && MEMINFO_ALIGN == DATA_ALIGN);

impl MemInfo {
    /// The data pointer (aligned to at least [`DATA_ALIGN`] for runtime-owned blocks).
    pub fn data(&self) -> *mut u8 {
        self.data
    }

    /// The data length in bytes, as requested.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The current reference count (a snapshot: other threads may change it at any time).
    pub fn refcount(&self) -> usize {
        self.refcount.load(Ordering::Relaxed)
    }

    /// The destructor's data pointer (for external wraps: what `dtor` releases).
    pub fn dtor_data(&self) -> *mut c_void {
        self.dtor_data
    }

    /// Whether the data belongs to someone else ([`oxjit_rt_wrap_external`]).
    pub fn is_external(&self) -> bool {
        self.kind == KIND_EXTERNAL
    }
}

/// Statistics of the memory runtime, filled by [`oxjit_rt_stats`]. C layout, all `u64`.
///
/// Counters are exact when no other thread is allocating; under concurrent activity each is
/// exact at some instant, but they are not read atomically together.
#[repr(C)]
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct RtStats {
    /// MemInfos created since start: owned blocks and external wraps.
    pub allocs: u64,
    /// MemInfos destroyed since start.
    pub frees: u64,
    /// MemInfos alive now (`allocs - frees`).
    pub live_blocks: u64,
    /// Requested data bytes of live runtime-owned blocks (external memory is not counted).
    pub live_bytes: u64,
    /// Requests of pool size served by a pooled block.
    pub pool_hits: u64,
    /// Requests of pool size that went to the system allocator.
    pub pool_misses: u64,
    /// Idle blocks in the pool now.
    pub pooled_blocks: u64,
    /// Bytes of idle blocks in the pool now (class sizes).
    pub pooled_bytes: u64,
    /// The pool's current bound on `pooled_bytes`.
    pub pool_limit: u64,
    /// Bytes the runtime holds from the system allocator now: live blocks with their headers
    /// and slack (large ones rounded to their class), external headers, and pooled blocks.
    pub system_bytes: u64,
}

/// Allocates `len` raw bytes, 16-aligned, zeroed if asked; null on failure. The caller
/// accounts for it in `Counter::SystemBytes`.
///
/// # Safety
/// None beyond the usual: the result must be freed with [`sys_free`] and the same `len`.
pub(crate) unsafe fn sys_alloc(len: usize, zeroed: bool) -> *mut u8 {
    let Ok(layout) = Layout::from_size_align(len, RAW_ALIGN) else {
        return ptr::null_mut();
    };
    // SAFETY: every raw request includes the 64-byte header, so the layout is never empty.
    unsafe {
        if zeroed {
            alloc::alloc_zeroed(layout)
        } else {
            alloc::alloc(layout)
        }
    }
}

/// Returns a raw block to the system allocator. The caller accounts for it in
/// `Counter::SystemBytes`.
///
/// # Safety
/// `raw` must come from [`sys_alloc`] with this `len`, and not be used afterwards.
pub(crate) unsafe fn sys_free(raw: *mut u8, len: usize) {
    // SAFETY: the caller guarantees `raw` was allocated with this same layout (which was valid
    // then, so it is valid now).
    unsafe { alloc::dealloc(raw, Layout::from_size_align_unchecked(len, RAW_ALIGN)) };
}

/// The effective data alignment for a requested one: 0 means the default, anything else must
/// be a power of two; never less than [`DATA_ALIGN`].
fn effective_align(align: usize) -> Option<usize> {
    match align {
        0 => Some(DATA_ALIGN),
        a if a.is_power_of_two() => Some(a.max(DATA_ALIGN)),
        _ => None,
    }
}

/// The raw length that holds a header and `size` data bytes aligned to `align` (a power of two
/// ≥ 64) wherever a 16-aligned allocation lands.
fn raw_len_for(size: usize, align: usize) -> Option<usize> {
    let len = MEMINFO_SIZE.checked_add(size)?.checked_add(align - RAW_ALIGN)?;
    (len <= isize::MAX as usize).then_some(len)
}

/// The offset of the data from a raw allocation at address `raw_addr`: the first
/// `align`-aligned address with room for the header before it.
fn data_offset(raw_addr: usize, align: usize) -> usize {
    let first = raw_addr.wrapping_add(MEMINFO_SIZE);
    MEMINFO_SIZE + (first.wrapping_neg() & (align - 1))
}

/// Where the data starts inside a raw allocation (see [`data_offset`]).
///
/// # Safety
/// `raw` must be a 16-aligned allocation of at least `raw_len_for(size, align)` bytes.
unsafe fn data_in(raw: *mut u8, align: usize) -> *mut u8 {
    // SAFETY: raw is 16-aligned, so the padding is at most align - 16 and the offset stays
    // inside the allocation (see raw_len_for).
    unsafe { raw.add(data_offset(raw as usize, align)) }
}

/// Writes `header` (count 1) at `at` and returns it as a MemInfo pointer.
///
/// # Safety
/// The 64 bytes at `at` must lie inside the allocation `header.raw`, be 64-aligned and unused.
unsafe fn place_header(at: *mut u8, header: MemInfo) -> *mut MemInfo {
    let mi = at.cast::<MemInfo>();
    // SAFETY: the caller guarantees the 64 bytes at `at` are ours, unused and aligned.
    unsafe { mi.write(header) };
    mi
}

fn header(raw: *mut u8, raw_len: usize, kind: u32, data: *mut u8, size: usize, dtor: Option<Dtor>, dtor_data: *mut c_void) -> MemInfo {
    MemInfo { refcount: AtomicUsize::new(1), data, size, dtor, dtor_data, raw, raw_len, kind, reserved: 0 }
}

fn alloc_block(size: usize, align: usize, zeroed: bool) -> *mut MemInfo {
    let Some(align) = effective_align(align) else {
        return ptr::null_mut();
    };
    let Some(len) = raw_len_for(size, align) else {
        return ptr::null_mut();
    };
    let (raw, raw_len, kind, recycled) = match pool::class_of(len) {
        Some(class) => match pool::take(class) {
            Some(raw) => (raw, class.size, KIND_POOLED, true),
            None => {
                stats::add(Counter::PoolMisses, 1);
                // SAFETY: a fresh allocation, freed through `pool::give` with the same length.
                let mut raw = unsafe { sys_alloc(class.size, zeroed) };
                if raw.is_null() && pool::trim() > 0 {
                    // Out of memory while idle blocks sit in the pool: release them and retry.
                    // SAFETY: as above.
                    raw = unsafe { sys_alloc(class.size, zeroed) };
                }
                (raw, class.size, KIND_POOLED, false)
            }
        },
        // SAFETY: a fresh allocation, freed through `sys_free` with the same length.
        None => (unsafe { sys_alloc(len, zeroed) }, len, KIND_HEAP, false),
    };
    if raw.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: `raw` is a 16-aligned allocation of `raw_len >= len` bytes (a pooled block of the
    // class `len` maps to is at least that long), which is what `data_in` needs; the header
    // goes in the 64 bytes before the 64-aligned data, which lie after `raw`.
    unsafe {
        let data = data_in(raw, align);
        let mi = place_header(data.sub(MEMINFO_SIZE), header(raw, raw_len, kind, data, size, None, ptr::null_mut()));
        if zeroed && recycled {
            // A recycled block holds old data; fresh ones came zeroed from calloc.
            ptr::write_bytes(data, 0, size);
        }
        let (hits, fresh_bytes) = if recycled { (1, 0) } else { (0, raw_len as u64) };
        stats::update([(Counter::Allocs, 1), (Counter::LiveBytes, size as u64), (Counter::SystemBytes, fresh_bytes), (Counter::PoolHits, hits)]);
        mi
    }
}

/// Allocates a block of `size` data bytes with count 1 (owned by the caller); the data is not
/// initialised.
///
/// `align` is the data alignment in bytes: 0 for the default, else a power of two; the data is
/// always aligned to at least [`DATA_ALIGN`] (64). `size` may be 0 (the data pointer is then
/// valid but points at no bytes).
///
/// Returns null when the memory cannot be allocated, when `size` is too large (anything above
/// `isize::MAX`, so code that detects an overflow in `n * itemsize` can pass `usize::MAX`) or
/// when `align` is not a power of two. Compiled code raises `MemoryError` on null.
///
/// Large blocks (header, data and alignment slack ≥ 256 KiB) come from the pool when one of their size class is
/// idle, so their pages are already resident.
pub extern "C" fn oxjit_rt_alloc(size: usize, align: usize) -> *mut MemInfo {
    alloc_block(size, align, false)
}

/// As [`oxjit_rt_alloc`], with the data zeroed.
///
/// Fresh blocks come from `calloc`: for large sizes glibc maps new pages, which the kernel
/// zeroes lazily on first touch, so this costs no more than `oxjit_rt_alloc`. A block recycled
/// from the pool is cleared with `memset` (of `size` bytes, not the whole class): a pass over
/// resident memory, still much cheaper than faulting fresh pages in.
pub extern "C" fn oxjit_rt_alloc_zeroed(size: usize, align: usize) -> *mut MemInfo {
    alloc_block(size, align, true)
}

/// Makes a MemInfo (count 1, owned by the caller) over `size` bytes at `data` that someone
/// else owns, for example to keep a NumPy array alive while compiled code holds a view of it.
/// When the count reaches zero `dtor(mi)` is called exactly once (if not null), then the
/// header is freed; the data is never touched by the runtime. Returns null if the header
/// cannot be allocated (in which case `dtor` is not called).
///
/// # Safety
/// `data..data+size` must stay valid until `dtor` runs (or, without a `dtor`, as long as any
/// reference exists). `dtor` must follow the contract of [`Dtor`]; it may be called on any
/// thread, so a destructor that drops a Python reference must take the GIL itself.
pub unsafe extern "C" fn oxjit_rt_wrap_external(data: *mut u8, size: usize, dtor: Option<Dtor>, dtor_data: *mut c_void) -> *mut MemInfo {
    // Header only: no data bytes, default alignment (the header is then 64-aligned).
    let Some(len) = raw_len_for(0, DATA_ALIGN) else {
        return ptr::null_mut();
    };
    // SAFETY: a fresh allocation, freed by `oxjit_rt_meminfo_destroy` with the same length.
    let raw = unsafe { sys_alloc(len, false) };
    if raw.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: `raw` has room for a header at the 64-aligned address `data_in` finds for an
    // empty block (the header ends where that empty data would start).
    unsafe {
        let at = data_in(raw, DATA_ALIGN).sub(MEMINFO_SIZE);
        let mi = place_header(at, header(raw, len, KIND_EXTERNAL, data, size, dtor, dtor_data));
        stats::update([(Counter::Allocs, 1), (Counter::SystemBytes, len as u64)]);
        mi
    }
}

/// Adds a reference. Null-safe (no-op on null), so code can call it on borrowed arrays.
///
/// # Safety
/// `mi` is null or a live MemInfo on which the caller holds a reference.
pub unsafe extern "C" fn oxjit_rt_incref(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: the caller holds a reference, so the header is alive. Relaxed suffices: a new
    // reference is made from an existing one, which already orders the accesses (as in Arc).
    unsafe { (*mi).refcount.fetch_add(1, Ordering::Relaxed) };
}

/// Drops a reference; at zero, destroys the MemInfo (see [`oxjit_rt_meminfo_destroy`]).
/// Null-safe.
///
/// # Safety
/// `mi` is null or a live MemInfo, and the caller gives up one reference it holds.
pub unsafe extern "C" fn oxjit_rt_decref(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: the caller holds a reference, so the header is alive until our subtraction.
    let old = unsafe { (*mi).refcount.fetch_sub(1, Ordering::Release) };
    debug_assert!(old != 0, "oxjit_rt_decref on a MemInfo whose count is already zero");
    if old == 1 {
        // Pairs with the release decrements of the other owners: their last writes to the data
        // happen before the destructor and the reuse of the block.
        fence(Ordering::Acquire);
        // SAFETY: we dropped the last reference, so nobody else can reach `mi`.
        unsafe { oxjit_rt_meminfo_destroy(mi) };
    }
}

/// Destroys a MemInfo whose count has reached zero: runs `dtor` (if any) once, then releases
/// the block to the pool or the system allocator (or, for an external wrap, only the header).
///
/// Compiled code that inlines its decrements calls this when its `atomicrmw sub ... release`
/// returned 1, after a `fence acquire`. Null-safe.
///
/// # Safety
/// `mi` is null or a MemInfo whose count just reached zero, destroyed exactly once.
pub unsafe extern "C" fn oxjit_rt_meminfo_destroy(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: nobody else holds a reference; read what we need before the destructor runs.
    let (raw, raw_len, kind, size, dtor) = unsafe { ((*mi).raw, (*mi).raw_len, (*mi).kind, (*mi).size, (*mi).dtor) };
    if let Some(dtor) = dtor {
        // SAFETY: the destructor's contract (see `Dtor`): it gets the still-valid header.
        unsafe { dtor(mi) };
    }
    let neg = |v: usize| (v as u64).wrapping_neg();
    match kind {
        KIND_POOLED => {
            stats::update([(Counter::Frees, 1), (Counter::LiveBytes, neg(size))]);
            // SAFETY: pooled-kind blocks were allocated with `sys_alloc(raw_len)` for a class
            // size (fresh or recycled), and this was their last use. The pool accounts for the
            // system bytes if it releases the block.
            unsafe { pool::give(raw, raw_len) };
        }
        _ => {
            let live = if kind == KIND_EXTERNAL { 0 } else { neg(size) };
            stats::update([(Counter::Frees, 1), (Counter::LiveBytes, live), (Counter::SystemBytes, neg(raw_len))]);
            // SAFETY: heap blocks and external headers were allocated with
            // `sys_alloc(raw_len)`, and this was their last use.
            unsafe { sys_free(raw, raw_len) };
        }
    }
}

/// The data pointer of `mi`, or null for null.
///
/// # Safety
/// `mi` is null or a live MemInfo.
pub unsafe extern "C" fn oxjit_rt_meminfo_data(mi: *mut MemInfo) -> *mut u8 {
    if mi.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: the caller guarantees `mi` is alive.
    unsafe { (*mi).data }
}

/// The data length in bytes of `mi`, or 0 for null.
///
/// # Safety
/// `mi` is null or a live MemInfo.
pub unsafe extern "C" fn oxjit_rt_meminfo_size(mi: *mut MemInfo) -> usize {
    if mi.is_null() {
        return 0;
    }
    // SAFETY: the caller guarantees `mi` is alive.
    unsafe { (*mi).size }
}

/// The current reference count of `mi` (a snapshot), or 0 for null. For tests and debugging.
///
/// # Safety
/// `mi` is null or a live MemInfo.
pub unsafe extern "C" fn oxjit_rt_meminfo_refcount(mi: *mut MemInfo) -> usize {
    if mi.is_null() {
        return 0;
    }
    // SAFETY: the caller guarantees `mi` is alive.
    unsafe { (*mi).refcount() }
}

/// Writes the current statistics to `*out` (nothing if `out` is null).
///
/// # Safety
/// `out` is null or valid for writing one [`RtStats`].
pub unsafe extern "C" fn oxjit_rt_stats(out: *mut RtStats) {
    if out.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `out` is writable.
    unsafe { out.write(stats()) };
}

/// The current statistics (the Rust-side form of [`oxjit_rt_stats`]).
pub fn stats() -> RtStats {
    let allocs = stats::total(Counter::Allocs);
    let frees = stats::total(Counter::Frees);
    let (pooled_blocks, pooled_bytes, pool_limit) = pool::snapshot();
    RtStats {
        allocs,
        frees,
        live_blocks: allocs.wrapping_sub(frees),
        live_bytes: stats::total(Counter::LiveBytes),
        pool_hits: stats::total(Counter::PoolHits),
        pool_misses: stats::total(Counter::PoolMisses),
        pooled_blocks: pooled_blocks as u64,
        pooled_bytes: pooled_bytes as u64,
        pool_limit: pool_limit as u64,
        system_bytes: stats::total(Counter::SystemBytes),
    }
}

/// Sets the bound on the bytes of idle pooled blocks (0 disables pooling), releasing the
/// coldest pooled blocks that no longer fit; returns the previous bound. The default is
/// 256 MiB, or `OXJIT_POOL_LIMIT` from the environment (read at first use of the pool).
pub extern "C" fn oxjit_rt_set_pool_limit(bytes: usize) -> usize {
    pool::set_limit(bytes)
}

/// Releases every idle pooled block to the system allocator; returns the bytes released.
pub extern "C" fn oxjit_rt_pool_trim() -> usize {
    pool::trim()
}

#[cfg(test)]
mod tests {
    // Only pure helpers here: tests that allocate live in tests/memory.rs, in their own process,
    // so that the global statistics they check are not disturbed by unit tests.
    use super::*;

    #[test]
    fn alignment_rules() {
        assert_eq!(effective_align(0), Some(64));
        assert_eq!(effective_align(1), Some(64));
        assert_eq!(effective_align(8), Some(64));
        assert_eq!(effective_align(4096), Some(4096));
        assert_eq!(effective_align(3), None);
        assert_eq!(effective_align(96), None);
    }

    #[test]
    fn raw_lengths_cover_the_worst_placement() {
        assert_eq!(raw_len_for(0, 64), Some(112));
        assert_eq!(raw_len_for(1000, 4096), Some(64 + 1000 + 4080));
        assert_eq!(raw_len_for(usize::MAX, 64), None);
        assert_eq!(raw_len_for(isize::MAX as usize, 64), None);
        // Every 16-aligned start leaves the header and the data inside the raw block.
        for align in [64usize, 128, 4096] {
            for start in (0..2 * align).step_by(16) {
                let raw = (1usize << 20) + start;
                let len = raw_len_for(100, align).unwrap();
                let data = raw + data_offset(raw, align);
                assert_eq!(data % align, 0);
                assert!(data - MEMINFO_SIZE >= raw);
                assert!(data + 100 <= raw + len, "align {align} start {start}");
            }
        }
    }
}
