//! Allocation counters that many threads bump without atomic read-modify-writes.
//!
//! Every allocation and free updates a few counters. A locked `fetch_add` costs about 20 ns
//! on the machines this was measured on (and one global counter would make all threads of a
//! parallel kernel fight over one cache line), which would more than double the cost of a
//! small allocation. Instead each thread owns a cache-line-sized [`Slot`] that only it writes,
//! with a plain relaxed load and store (no lock prefix); a reader sums all slots. When a
//! thread exits its slot goes to a spare list and the next new thread adopts it with its
//! values, so the sums stay exact. Counters are wrapping `u64`s: a block freed on another
//! thread than the one that allocated it leaves a "negative" (wrapped) value in one slot, and
//! the wrapping sum over all slots is still exact.
//!
//! Updates made while a thread's own slot is already gone (from a thread-local destructor that
//! frees a block at thread exit) go to one shared slot with atomic adds.
//!
//! A snapshot taken while other threads allocate is not atomic across counters, and may miss
//! the last few updates of a running thread; tests read it when the process is quiet.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The counters the memory runtime keeps (see `crate::memory::RtStats` for their meaning).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Counter {
    /// MemInfos created (owned blocks and external wraps).
    Allocs = 0,
    /// MemInfos destroyed.
    Frees = 1,
    /// Requested data bytes of live runtime-owned blocks.
    LiveBytes = 2,
    /// Pool-sized requests served from the pool.
    PoolHits = 3,
    /// Pool-sized requests that went to the system allocator.
    PoolMisses = 4,
    /// Bytes currently obtained from the system allocator (live blocks, MemInfo headers of
    /// external wraps, and idle pooled blocks).
    SystemBytes = 5,
}

const N_COUNTERS: usize = 6;

#[repr(C, align(64))]
struct Slot([AtomicU64; N_COUNTERS]);

impl Slot {
    const fn new() -> Slot {
        Slot([const { AtomicU64::new(0) }; N_COUNTERS])
    }
}

/// Every slot ever handed to a thread (slots are never freed), for summing.
static ALL: Mutex<Vec<&'static Slot>> = Mutex::new(Vec::new());
/// Slots of exited threads, for adoption by new ones.
static SPARE: Mutex<Vec<&'static Slot>> = Mutex::new(Vec::new());
/// For updates from a thread whose own slot has been given back already.
static SHARED: Slot = Slot::new();

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    // The lists are consistent after any panic (a push or pop either happened or not).
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A thread's exclusive slot; given back to `SPARE` when the thread exits.
struct Owner(Cell<Option<&'static Slot>>);

impl Owner {
    fn slot(&self) -> &'static Slot {
        if let Some(s) = self.0.get() {
            return s;
        }
        let spare = lock(&SPARE).pop();
        let s = spare.unwrap_or_else(|| {
            let s: &'static Slot = Box::leak(Box::new(Slot::new()));
            lock(&ALL).push(s);
            s
        });
        self.0.set(Some(s));
        s
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            // The SPARE mutex orders our last stores before the adopting thread's first load.
            lock(&SPARE).push(s);
        }
    }
}

thread_local! {
    static OWNER: Owner = const { Owner(Cell::new(None)) };
}

/// Adds each `(counter, delta)` (wrapping; a negative delta is `v.wrapping_neg()`), with one
/// look-up of the thread's slot for all of them.
#[inline]
pub(crate) fn update<const N: usize>(deltas: [(Counter, u64); N]) {
    let done = OWNER.try_with(|o| {
        let slot = o.slot();
        for (c, v) in deltas {
            let a = &slot.0[c as usize];
            // Only this thread writes its slot, so a load and a store suffice; readers on
            // other threads see either value, never a torn one.
            a.store(a.load(Ordering::Relaxed).wrapping_add(v), Ordering::Relaxed);
        }
    });
    if done.is_err() {
        for (c, v) in deltas {
            SHARED.0[c as usize].fetch_add(v, Ordering::Relaxed);
        }
    }
}

/// Adds `v` to counter `c` (wrapping).
#[inline]
pub(crate) fn add(c: Counter, v: u64) {
    update([(c, v)]);
}

/// Subtracts `v` from counter `c` (wrapping).
#[inline]
pub(crate) fn sub(c: Counter, v: u64) {
    update([(c, v.wrapping_neg())]);
}

/// The current value of counter `c`: the wrapping sum over all slots.
pub(crate) fn total(c: Counter) -> u64 {
    let all = lock(&ALL);
    all.iter().chain(std::iter::once(&&SHARED)).fold(0u64, |acc, s| acc.wrapping_add(s.0[c as usize].load(Ordering::Relaxed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_cache_lines() {
        assert_eq!(std::mem::size_of::<Slot>(), 64);
        assert_eq!(std::mem::align_of::<Slot>(), 64);
    }

    #[test]
    fn cross_thread_add_and_sub_sum_exactly() {
        // Frees on other threads leave wrapped values in their slots; the sum is exact, also
        // after those threads exited (their slots are kept, and adopted by later threads).
        // `PoolHits` is only touched by the pool, which unit tests of this module never use.
        let before = total(Counter::PoolHits);
        add(Counter::PoolHits, 10);
        let handles: Vec<_> = (0..4).map(|_| std::thread::spawn(|| sub(Counter::PoolHits, 2))).collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(total(Counter::PoolHits).wrapping_sub(before), 2);
        std::thread::spawn(|| sub(Counter::PoolHits, 2)).join().unwrap();
        assert_eq!(total(Counter::PoolHits), before);
    }
}
