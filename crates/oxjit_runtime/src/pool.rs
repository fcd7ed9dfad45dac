//! A bounded, thread-safe pool that recycles large blocks.
//!
//! Why: a fresh large block comes from `mmap` (glibc maps every request above its mmap
//! threshold, and always above 32 MiB), so each 4 KiB page faults in, and is zeroed by the
//! kernel, on first touch; freeing it unmaps it again. A kernel that allocates and returns a
//! big array on every call then spends most of its time in page faults. The pool keeps freed
//! large blocks mapped and hands the most recently freed one back for the next request of its
//! size class, so its pages are already resident (and hot in the cache).
//!
//! - Only raw requests of at least [`POOL_MIN_BLOCK`] bytes are pooled; smaller ones go to
//!   the system allocator directly (malloc's own bins recycle those well).
//! - Size classes: four per octave, `2^k × {1, 1.25, 1.5, 1.75}`. A request is rounded up to
//!   its class, at most 25 % more *address space*; pages past the end of the array are never
//!   touched, so they cost no memory.
//! - Bounded: the bytes of idle pooled blocks never exceed the limit ([`DEFAULT_POOL_LIMIT`],
//!   or `OXJIT_POOL_LIMIT` read once from the environment, or [`set_limit`]). When a freed block
//!   does not fit, the least recently freed blocks (of any class) are released to make room;
//!   a block larger than the whole limit is released at once. A limit of 0 disables pooling.
//! - LIFO per class, LRU eviction across classes: each pooled block carries the tick at which
//!   it was pooled; a class's deque has its coldest block at the front and hottest at the back.
//! - One mutex guards the whole pool. It is only taken for large blocks, whose use (touching
//!   at least 256 KiB) costs far more than the lock; it is never held while memory is returned
//!   to the system or while a destructor runs.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use crate::memory::{self, RAW_ALIGN};
use crate::stats::{self, Counter};

/// Returns a block the pool will not keep to the system allocator.
///
/// # Safety
/// As `memory::sys_free`: `raw` came from `sys_alloc(len)` and is no longer used.
unsafe fn release(raw: *mut u8, len: usize) {
    // SAFETY: the caller's contract.
    unsafe { memory::sys_free(raw, len) };
    stats::sub(Counter::SystemBytes, len as u64);
}

/// Smallest raw request (MemInfo header, data and alignment slack) that is pooled: 256 KiB.
pub const POOL_MIN_BLOCK: usize = 1 << MIN_SHIFT;

/// Default bound on the bytes of idle blocks the pool keeps: 256 MiB.
pub const DEFAULT_POOL_LIMIT: usize = 256 << 20;

/// Environment variable read once, at the first use of the pool, for its limit in bytes.
/// Accepts a plain integer or one with a binary suffix: `0`, `1048576`, `512K`, `64M`, `1G`
/// (also `KiB`/`KB`, case-insensitive). An unparsable value keeps the default (with a warning
/// on stderr).
pub const POOL_LIMIT_ENV: &str = "OXJIT_POOL_LIMIT";

const MIN_SHIFT: u32 = 18;
const CLASSES_PER_OCTAVE: usize = 4;
const N_CLASSES: usize = (usize::BITS - MIN_SHIFT) as usize * CLASSES_PER_OCTAVE;

/// A size class of the pool.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Class {
    pub(crate) index: usize,
    /// The raw block length every block of this class has.
    pub(crate) size: usize,
}

/// The class a raw request of `len` bytes is rounded up to, or `None` when it is below
/// [`POOL_MIN_BLOCK`] (or so large that rounding overflows).
pub(crate) fn class_of(len: usize) -> Option<Class> {
    if len < POOL_MIN_BLOCK {
        return None;
    }
    // len is in (2^k, 2^(k+1)]; steps of 2^(k-2) give the classes 1.25, 1.5, 1.75, 2 × 2^k.
    let k = usize::BITS - 1 - (len - 1).leading_zeros();
    let step = 1usize << (k - 2);
    let size = len.checked_add(step - 1)? & !(step - 1);
    // Index from the class size itself: size = 2^e × (1 + j/4), j in 0..4.
    let e = usize::BITS - 1 - size.leading_zeros();
    let j = (size >> (e - 2)) & (CLASSES_PER_OCTAVE - 1);
    Some(Class { index: (e - MIN_SHIFT) as usize * CLASSES_PER_OCTAVE + j, size })
}

/// Parses a byte count: digits with an optional `K`, `M`, `G`, `T` suffix (binary multiples;
/// `KB`/`KiB` spellings and surrounding spaces accepted, case-insensitive).
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(digits_end);
    if digits.is_empty() {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    n.checked_mul(1usize << shift)
}

fn limit_from_env() -> usize {
    match std::env::var(POOL_LIMIT_ENV) {
        Ok(v) => parse_size(&v).unwrap_or_else(|| {
            eprintln!("oxjit: ignoring {POOL_LIMIT_ENV}={v:?} (expected a byte count such as 268435456 or 256M)");
            DEFAULT_POOL_LIMIT
        }),
        Err(_) => DEFAULT_POOL_LIMIT,
    }
}

/// An idle block: its raw address (a `usize`, so the pool is `Send`) and when it was pooled.
#[derive(Copy, Clone, Debug)]
struct Entry {
    raw: usize,
    tick: u64,
}

struct Pool {
    classes: [VecDeque<Entry>; N_CLASSES],
    pooled_bytes: usize,
    pooled_blocks: usize,
    /// `None` until first use, when the environment is read.
    limit: Option<usize>,
    tick: u64,
}

static POOL: Mutex<Pool> = Mutex::new(Pool { classes: [const { VecDeque::new() }; N_CLASSES], pooled_bytes: 0, pooled_blocks: 0, limit: None, tick: 0 });

fn lock() -> MutexGuard<'static, Pool> {
    // No code panics while holding the lock, but a poisoned pool is still consistent: every
    // update of the totals happens together with the deque change it describes.
    POOL.lock().unwrap_or_else(|e| e.into_inner())
}

impl Pool {
    fn limit(&mut self) -> usize {
        *self.limit.get_or_insert_with(limit_from_env)
    }

    /// Removes the least recently pooled block of any class, if any.
    fn pop_coldest(&mut self) -> Option<(usize, usize)> {
        let (index, _) = self.classes.iter().enumerate().filter_map(|(i, q)| q.front().map(|e| (i, e.tick))).min_by_key(|&(_, tick)| tick)?;
        let entry = self.classes[index].pop_front()?;
        let size = class_size(index);
        self.pooled_bytes -= size;
        self.pooled_blocks -= 1;
        Some((entry.raw, size))
    }
}

/// The raw length of blocks of class `index` (inverse of [`class_of`]).
fn class_size(index: usize) -> usize {
    let e = MIN_SHIFT as usize + index / CLASSES_PER_OCTAVE;
    let j = index % CLASSES_PER_OCTAVE;
    (1usize << e) + j * (1usize << (e - 2))
}

/// Takes the most recently pooled block of `class`, if any: its raw address.
pub(crate) fn take(class: Class) -> Option<*mut u8> {
    let mut pool = lock();
    let entry = pool.classes[class.index].pop_back()?;
    pool.pooled_bytes -= class.size;
    pool.pooled_blocks -= 1;
    Some(entry.raw as *mut u8)
}

/// Returns a freed block of raw length `len` (a class size, from [`class_of`]) to the pool,
/// or to the system allocator when it cannot be kept within the limit.
///
/// # Safety
/// `raw` must come from `crate::memory::sys_alloc(len, ..)`, be no longer in use, and not be
/// given back twice.
pub(crate) unsafe fn give(raw: *mut u8, len: usize) {
    let class = class_of(len).filter(|c| c.size == len);
    let Some(class) = class else {
        // SAFETY: the caller's contract: `raw` is a live allocation of `len` bytes, unused.
        unsafe { release(raw, len) };
        return;
    };
    loop {
        let evicted = {
            let mut pool = lock();
            let limit = pool.limit();
            if len > limit {
                None
            } else if pool.pooled_bytes + len <= limit {
                pool.tick += 1;
                let tick = pool.tick;
                pool.classes[class.index].push_back(Entry { raw: raw as usize, tick });
                pool.pooled_bytes += len;
                pool.pooled_blocks += 1;
                return;
            } else {
                // Make room by releasing the coldest block; the lock is dropped before the
                // (slow: munmap) release, and the fit is re-checked afterwards.
                pool.pop_coldest()
            }
        };
        match evicted {
            // SAFETY: pooled entries are idle system allocations of their class size, and
            // popping one transferred its ownership to us.
            Some((old, old_len)) => unsafe { release(old as *mut u8, old_len) },
            None => {
                // Larger than the limit itself (or nothing left to evict): not kept.
                // SAFETY: the caller's contract, as above.
                unsafe { release(raw, len) };
                return;
            }
        }
    }
}

/// Releases pooled blocks, coldest first, until at most `keep` bytes remain; returns the bytes
/// released.
fn shrink_to(keep: usize) -> usize {
    let mut released = 0;
    loop {
        let evicted = {
            let mut pool = lock();
            if pool.pooled_bytes <= keep {
                return released;
            }
            pool.pop_coldest()
        };
        match evicted {
            Some((raw, len)) => {
                // SAFETY: popped pooled entries are idle system allocations of `len` bytes,
                // now owned by us alone.
                unsafe { release(raw as *mut u8, len) };
                released += len;
            }
            None => return released,
        }
    }
}

/// Sets the bound on pooled bytes (0 disables pooling), releasing the coldest blocks that no
/// longer fit; returns the previous limit. Overrides `OXJIT_POOL_LIMIT`.
pub fn set_limit(bytes: usize) -> usize {
    let previous = {
        let mut pool = lock();
        let previous = pool.limit();
        pool.limit = Some(bytes);
        previous
    };
    shrink_to(bytes);
    previous
}

/// Releases every pooled block to the system allocator; returns the bytes released. The limit
/// stays as it is, so blocks freed later are pooled again.
pub fn trim() -> usize {
    shrink_to(0)
}

/// `(pooled blocks, pooled bytes, limit)`.
pub(crate) fn snapshot() -> (usize, usize, usize) {
    let mut pool = lock();
    let limit = pool.limit();
    (pool.pooled_blocks, pool.pooled_bytes, limit)
}

// Raw blocks are only ever RAW_ALIGN-aligned requests; the class sizes must keep that.
const _: () = assert!(POOL_MIN_BLOCK.is_multiple_of(RAW_ALIGN));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_by_quarter_octaves() {
        assert_eq!(class_of(POOL_MIN_BLOCK - 1), None);
        let c = class_of(POOL_MIN_BLOCK).unwrap();
        assert_eq!(c, Class { index: 0, size: 256 << 10 });
        assert_eq!(class_of((256 << 10) + 1).unwrap(), Class { index: 1, size: 320 << 10 });
        assert_eq!(class_of(320 << 10).unwrap(), Class { index: 1, size: 320 << 10 });
        assert_eq!(class_of(448 << 10).unwrap(), Class { index: 3, size: 448 << 10 });
        assert_eq!(class_of((448 << 10) + 1).unwrap(), Class { index: 4, size: 512 << 10 });
        // 32 MiB of data plus header and slack: the 40 MiB class.
        assert_eq!(class_of((32 << 20) + 112).unwrap().size, 40 << 20);
        assert_eq!(class_of(usize::MAX), None);
        assert!(class_of(1 << 62).is_some());
    }

    #[test]
    fn classes_are_monotonic_bounded_and_invertible() {
        let mut len = POOL_MIN_BLOCK;
        let mut last = 0;
        while len < (1 << 40) {
            let c = class_of(len).unwrap();
            assert!(c.size >= len, "{len}");
            assert!(c.size - len < len / 4 + 1, "waste over 25% for {len}");
            assert!(c.index >= last);
            last = c.index;
            assert_eq!(class_size(c.index), c.size);
            assert_eq!(class_of(c.size), Some(c));
            assert_eq!(c.size % 4096, 0);
            len = len + len / 7 + 12345;
        }
        assert!(class_of(1usize << 63).unwrap().index < N_CLASSES);
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size(" 1048576 "), Some(1 << 20));
        assert_eq!(parse_size("512K"), Some(512 << 10));
        assert_eq!(parse_size("64m"), Some(64 << 20));
        assert_eq!(parse_size("64 MiB"), Some(64 << 20));
        assert_eq!(parse_size("1GB"), Some(1 << 30));
        assert_eq!(parse_size("2g"), Some(2 << 30));
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("M"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("1.5G"), None);
        assert_eq!(parse_size("12 parsecs"), None);
        assert_eq!(parse_size("99999999999999999999"), None);
        assert_eq!(parse_size("99999999999T"), None);
    }
}
