//! The thread pool that runs `prange` loops (`@njit(parallel=True)`).
//!
//! Compiled code outlines the body of a parallel loop into a *chunk function*
//! `i32 f(ptr env, i64 lo, i64 hi, i64 chunk, ptr err)` that runs iterations `lo..hi` and
//! writes its reduction partials into slot `chunk` of a buffer the environment points at. The
//! caller asks [`oxjit_rt_parallel_chunks`] how many chunks to cut the `count` iterations into,
//! makes room for that many partials, and calls [`oxjit_rt_parallel_for`], which returns when
//! every chunk has run; the caller then combines the partials in chunk order, so a result
//! depends on the thread count (chunk boundaries) but never on timing.
//!
//! Scheduling: the iterations are cut into up to [`CHUNKS_PER_THREAD`] × threads contiguous
//! chunks, which the calling thread and the pool's workers claim one at a time from an atomic
//! counter (uneven iterations and a busy core balance out). The calling thread always works on
//! its own loop, so a loop finishes even when every worker is busy elsewhere: several Python
//! threads may run parallel kernels at once, and none can deadlock the others.
//!
//! Threads: the count is per calling thread ([`oxjit_rt_set_num_threads`], as in Numba), the
//! default comes from the host ([`oxjit_rt_set_default_num_threads`]: `OXJIT_NUM_THREADS`,
//! `NUMBA_NUM_THREADS`, or the number of cores). Workers are started on demand, so raising the
//! count at run time grows the pool (Numba can only shrink below its start-up size). At most
//! `threads` threads (the caller included) take part in one loop.
//!
//! Nesting: a parallel loop reached from inside a chunk (a nested `prange`, or a parallel
//! function called from a parallel loop) runs serially on the thread that reached it.
//!
//! Fork: a child forked while the pool exists has none of its worker threads; a
//! `pthread_atfork` child handler drops (leaks) the parent's pool without touching its locks, and
//! the child starts a new pool on its first parallel loop.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use crate::{ErrSlot, STATUS_ERROR, STATUS_OK};

/// `i32 f(ptr env, i64 lo, i64 hi, i64 chunk, ptr err)`: runs iterations `lo..hi`; non-zero
/// status after filling `err` on an exception.
pub type ChunkFn = unsafe extern "C" fn(env: *mut u8, lo: i64, hi: i64, chunk: i64, err: *mut ErrSlot) -> i32;

/// Chunks per participating thread (more chunks balance better, each costs one atomic claim and
/// one partial to combine).
pub const CHUNKS_PER_THREAD: i64 = 4;

/// How long a waiting thread polls with the CPU's pause hint before it starts yielding its
/// core, and then how long it polls between yields before it sleeps on a condition variable.
/// Waking a sleeping thread costs from tens of microseconds to milliseconds (a halted vCPU of a
/// virtual machine), so the caller waiting for its loop's last chunk, and an idle worker
/// waiting for the next loop (a `prange` inside a serial loop), poll for a while first, as
/// OpenMP runtimes do.
const SPIN: Duration = Duration::from_micros(200);
const YIELD_CALLER: Duration = Duration::from_millis(20);
const YIELD_WORKER: Duration = Duration::from_millis(2);

/// Polls `ready` (pause hint, then yielding the core) for up to `patience`; whether it became true.
fn poll(patience: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        for _ in 0..64 {
            if ready() {
                return true;
            }
            std::hint::spin_loop();
        }
        let waited = start.elapsed();
        if waited >= patience {
            return false;
        }
        if waited >= SPIN {
            std::thread::yield_now();
        }
    }
}

/// Stack size of worker threads (compiled code may recurse).
const WORKER_STACK: usize = 8 << 20;

/// Default thread count for threads that never called `set_num_threads`; 0 = not set yet.
static DEFAULT_THREADS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's `set_num_threads` setting; 0 = the default.
    static NUM_THREADS: Cell<usize> = const { Cell::new(0) };
    /// Inside a chunk: (participant index, the loop's thread count).
    static REGION: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

fn default_threads() -> usize {
    match DEFAULT_THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        n => n,
    }
}

/// The thread count for loops started by this thread (inside a chunk: the loop's count).
#[no_mangle]
pub extern "C" fn oxjit_rt_get_num_threads() -> i64 {
    if let Some((_, n)) = REGION.with(Cell::get) {
        return n as i64;
    }
    match NUM_THREADS.with(Cell::get) {
        0 => default_threads() as i64,
        n => n as i64,
    }
}

/// Sets the thread count for loops this thread starts; `n < 1` is refused (returns 1).
#[no_mangle]
pub extern "C" fn oxjit_rt_set_num_threads(n: i64) -> i32 {
    if n < 1 {
        return STATUS_ERROR;
    }
    NUM_THREADS.with(|c| c.set(n as usize));
    STATUS_OK
}

/// Sets the default thread count (threads that never called `set_num_threads`); `n < 1` resets
/// it to the number of cores.
#[no_mangle]
pub extern "C" fn oxjit_rt_set_default_num_threads(n: i64) {
    DEFAULT_THREADS.store(n.max(0) as usize, Ordering::Relaxed);
}

/// The index of the calling thread in the current parallel loop (`0..threads`); 0 outside one.
#[no_mangle]
pub extern "C" fn oxjit_rt_get_thread_id() -> i64 {
    REGION.with(Cell::get).map_or(0, |(id, _)| id as i64)
}

/// How many chunks a loop of `count` iterations started now is cut into (1 = it runs serially on
/// the calling thread).
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_chunks(count: i64) -> i64 {
    if count < 2 || REGION.with(Cell::get).is_some() {
        return 1;
    }
    let threads = oxjit_rt_get_num_threads();
    if threads <= 1 {
        return 1;
    }
    count.min(threads.saturating_mul(CHUNKS_PER_THREAD))
}

/// Chunk `c` of `n` over `0..count`: `[count*c/n, count*(c+1)/n)`.
fn bounds(count: i64, n: i64, c: i64) -> (i64, i64) {
    let at = |k: i64| ((count as i128 * k as i128) / n as i128) as i64;
    (at(c), at(c + 1))
}

/// An error a chunk reported (its slot's fields; the message is the module's constant data).
#[derive(Copy, Clone)]
struct ChunkError {
    chunk: i64,
    status: i32,
    kind: u32,
    has_msg: u32,
    msg: usize,
    msg_len: u64,
}

/// One parallel loop in flight.
struct Job {
    f: ChunkFn,
    /// The caller's environment pointer (valid until `remaining` reaches 0).
    env: usize,
    count: i64,
    nchunks: i64,
    /// The caller's thread count: the most threads that may take part.
    threads: usize,
    /// The next chunk to claim.
    next: AtomicI64,
    /// Participants so far (the caller is participant 0); changed under the queue lock.
    joined: AtomicUsize,
    /// Chunks not finished yet.
    remaining: AtomicI64,
    /// Set by the first error: chunks claimed after it are skipped.
    failed: AtomicBool,
    errors: Mutex<Vec<ChunkError>>,
    done: Mutex<bool>,
    done_cv: Condvar,
}

// SAFETY: `env` is only dereferenced by the chunk function, which the compiled caller made for
// concurrent calls on disjoint chunks; the caller keeps it alive until the job is finished.
unsafe impl Send for Job {}
// SAFETY: as above; every other field is atomic or locked.
unsafe impl Sync for Job {}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every lock here guards data that is consistent at any point (no panics while held).
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Job {
    /// Claims and runs chunks until none is left.
    fn participate(&self, id: usize) {
        let outer = REGION.with(|r| r.replace(Some((id, self.threads))));
        loop {
            let c = self.next.fetch_add(1, Ordering::Relaxed);
            if c >= self.nchunks {
                break;
            }
            if !self.failed.load(Ordering::Relaxed) {
                let (lo, hi) = bounds(self.count, self.nchunks, c);
                let mut slot = ErrSlot::default();
                // SAFETY: the compiled caller passed a chunk function and an environment for
                // exactly these calls; `slot` is a valid, exclusive error slot.
                let status = unsafe { (self.f)(self.env as *mut u8, lo, hi, c, &mut slot) };
                if status != STATUS_OK {
                    self.failed.store(true, Ordering::Relaxed);
                    lock(&self.errors).push(ChunkError {
                        chunk: c,
                        status,
                        kind: slot.kind,
                        has_msg: slot.has_msg,
                        msg: slot.msg as usize,
                        msg_len: slot.msg_len,
                    });
                }
            }
            if self.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
                *lock(&self.done) = true;
                self.done_cv.notify_all();
            }
        }
        REGION.with(|r| r.set(outer));
    }

    fn wait(&self) {
        if poll(YIELD_CALLER, || self.remaining.load(Ordering::Acquire) == 0) {
            return;
        }
        let mut done = lock(&self.done);
        while !*done {
            done = self.done_cv.wait(done).unwrap_or_else(|e| e.into_inner());
        }
    }
}

struct Pool {
    queue: Mutex<Queue>,
    cv: Condvar,
    /// `queue.jobs.len()`, readable without the lock by spinning workers.
    pending: AtomicUsize,
}

struct Queue {
    jobs: VecDeque<Arc<Job>>,
    workers: usize,
}

static POOL: AtomicPtr<Pool> = AtomicPtr::new(std::ptr::null_mut());
static ATFORK: Once = Once::new();

extern "C" {
    fn pthread_atfork(
        prepare: Option<unsafe extern "C" fn()>,
        parent: Option<unsafe extern "C" fn()>,
        child: Option<unsafe extern "C" fn()>,
    ) -> i32;
}

/// In a forked child: forget the parent's pool (its workers do not exist here, its locks may be
/// held); leaked on purpose.
unsafe extern "C" fn forget_pool_in_child() {
    POOL.store(std::ptr::null_mut(), Ordering::SeqCst);
}

fn pool() -> &'static Pool {
    let p = POOL.load(Ordering::Acquire);
    if !p.is_null() {
        // SAFETY: pools are leaked, never freed.
        return unsafe { &*p };
    }
    ATFORK.call_once(|| {
        // SAFETY: registers a handler that only stores to an atomic (async-signal-safe).
        unsafe {
            pthread_atfork(None, None, Some(forget_pool_in_child));
        }
    });
    let fresh = Box::into_raw(Box::new(Pool {
        queue: Mutex::new(Queue { jobs: VecDeque::new(), workers: 0 }),
        cv: Condvar::new(),
        pending: AtomicUsize::new(0),
    }));
    match POOL.compare_exchange(std::ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        // SAFETY: just leaked.
        Ok(_) => unsafe { &*fresh },
        Err(existing) => {
            // SAFETY: `fresh` was never shared; `existing` is a leaked pool.
            unsafe {
                drop(Box::from_raw(fresh));
                &*existing
            }
        }
    }
}

impl Pool {
    /// Takes a place in the front job that still has chunks and room for a participant;
    /// drops jobs that have neither from the queue.
    fn take(&self, q: &mut Queue) -> Option<(Arc<Job>, usize)> {
        while let Some(job) = q.jobs.front().cloned() {
            let id = job.joined.load(Ordering::Relaxed);
            let open = job.next.load(Ordering::Relaxed) < job.nchunks && id < job.threads;
            if id + 1 >= job.threads || !open {
                q.jobs.pop_front();
                self.pending.store(q.jobs.len(), Ordering::Release);
            }
            if open {
                job.joined.store(id + 1, Ordering::Relaxed);
                return Some((job, id));
            }
        }
        None
    }

    fn remove(&self, job: &Arc<Job>) {
        let mut q = lock(&self.queue);
        if let Some(i) = q.jobs.iter().position(|j| Arc::ptr_eq(j, job)) {
            q.jobs.remove(i);
            self.pending.store(q.jobs.len(), Ordering::Release);
        }
    }

    fn worker(&'static self) {
        loop {
            let mut got = None;
            poll(YIELD_WORKER, || {
                if self.pending.load(Ordering::Acquire) > 0 {
                    got = self.take(&mut lock(&self.queue));
                }
                got.is_some()
            });
            let (job, id) = match got {
                Some(x) => x,
                None => {
                    let mut q = lock(&self.queue);
                    loop {
                        if let Some(x) = self.take(&mut q) {
                            break x;
                        }
                        q = self.cv.wait(q).unwrap_or_else(|e| e.into_inner());
                    }
                }
            };
            job.participate(id);
        }
    }

    /// Starts workers until there are at least `n`; returns how many exist.
    fn grow(&'static self, q: &mut Queue, n: usize) -> usize {
        while q.workers < n {
            let spawned = std::thread::Builder::new()
                .name(format!("oxjit-worker-{}", q.workers))
                .stack_size(WORKER_STACK)
                .spawn(move || self.worker());
            if spawned.is_err() {
                break; // run with the workers there are
            }
            q.workers += 1;
        }
        q.workers
    }
}

/// Runs `f` over `0..count` cut into `nchunks` chunks (the value [`oxjit_rt_parallel_chunks`]
/// returned) on up to this thread's thread count of threads; returns when all chunks are done.
/// On errors, the one of the lowest-numbered failing chunk is copied into `err` and its status
/// returned; chunks not started by then are skipped.
///
/// # Safety
/// `f` must be safe to call concurrently on disjoint chunks with `env`; `err` must be valid.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_parallel_for(f: ChunkFn, env: *mut u8, count: i64, nchunks: i64, err: *mut ErrSlot) -> i32 {
    let threads = oxjit_rt_get_num_threads().max(1) as usize;
    if nchunks <= 1 || threads <= 1 || REGION.with(Cell::get).is_some() {
        // Serial: one chunk (or `nchunks` in order when a nested caller asked for more).
        let outer = REGION.with(|r| r.replace(Some((0, 1))));
        let mut status = STATUS_OK;
        for c in 0..nchunks.max(1) {
            let (lo, hi) = bounds(count.max(0), nchunks.max(1), c);
            // SAFETY: the caller's contract.
            status = unsafe { f(env, lo, hi, c, err) };
            if status != STATUS_OK {
                break;
            }
        }
        REGION.with(|r| r.set(outer));
        return status;
    }
    let pool = pool();
    let job = Arc::new(Job {
        f,
        env: env as usize,
        count: count.max(0),
        nchunks,
        threads,
        next: AtomicI64::new(0),
        joined: AtomicUsize::new(1),
        remaining: AtomicI64::new(nchunks),
        failed: AtomicBool::new(false),
        errors: Mutex::new(Vec::new()),
        done: Mutex::new(false),
        done_cv: Condvar::new(),
    });
    let helpers = (threads - 1).min(nchunks as usize - 1);
    {
        let mut q = lock(&pool.queue);
        pool.grow(&mut q, threads - 1);
        q.jobs.push_back(job.clone());
        pool.pending.store(q.jobs.len(), Ordering::Release);
    }
    for _ in 0..helpers {
        pool.cv.notify_one();
    }
    job.participate(0);
    job.wait();
    pool.remove(&job);
    let errors = lock(&job.errors);
    match errors.iter().min_by_key(|e| e.chunk) {
        None => STATUS_OK,
        Some(e) => {
            // SAFETY: `err` is valid (the caller's contract).
            unsafe {
                *err = ErrSlot { kind: e.kind, has_msg: e.has_msg, msg: e.msg as *const u8, msg_len: e.msg_len };
            }
            e.status
        }
    }
}

/// The number of worker threads started so far (for tests and `oxjit` diagnostics).
#[no_mangle]
pub extern "C" fn oxjit_rt_pool_workers() -> i64 {
    let p = POOL.load(Ordering::Acquire);
    if p.is_null() {
        return 0;
    }
    // SAFETY: pools are leaked, never freed.
    lock(unsafe { &(*p).queue }).workers as i64
}

/// The symbols compiled code calls.
///
/// ```text
/// declare i64 @oxjit_rt_parallel_chunks(i64 %count)
/// declare i32 @oxjit_rt_parallel_for(ptr %f, ptr %env, i64 %count, i64 %nchunks, ptr %err)
/// declare i64 @oxjit_rt_get_num_threads()
/// declare i32 @oxjit_rt_set_num_threads(i64 %n)
/// declare i64 @oxjit_rt_get_thread_id()
/// ```
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_parallel_chunks", oxjit_rt_parallel_chunks as *const () as usize),
        ("oxjit_rt_parallel_for", oxjit_rt_parallel_for as *const () as usize),
        ("oxjit_rt_get_num_threads", oxjit_rt_get_num_threads as *const () as usize),
        ("oxjit_rt_set_num_threads", oxjit_rt_set_num_threads as *const () as usize),
        ("oxjit_rt_get_thread_id", oxjit_rt_get_thread_id as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    #[test]
    fn bounds_cover_exactly() {
        for count in [0i64, 1, 2, 7, 100, i64::MAX] {
            for n in 1..9 {
                let mut at = 0;
                for c in 0..n {
                    let (lo, hi) = bounds(count, n, c);
                    assert_eq!(lo, at);
                    assert!(hi >= lo);
                    at = hi;
                }
                assert_eq!(at, count);
            }
        }
    }

    /// env: (ptr to [AtomicU64; count] hit counters, ptr to per-chunk sums)
    unsafe extern "C" fn mark(env: *mut u8, lo: i64, hi: i64, chunk: i64, _err: *mut ErrSlot) -> i32 {
        let env = unsafe { &*(env as *const (Vec<AtomicU64>, Vec<AtomicU64>)) };
        for i in lo..hi {
            env.0[i as usize].fetch_add(1, Ordering::Relaxed);
            env.1[chunk as usize].fetch_add(i as u64, Ordering::Relaxed);
        }
        STATUS_OK
    }

    fn run(count: i64, threads: i64) -> (Vec<u64>, u64) {
        oxjit_rt_set_num_threads(threads);
        let n = oxjit_rt_parallel_chunks(count);
        assert!(n >= 1 && n <= count.max(1));
        let env: (Vec<AtomicU64>, Vec<AtomicU64>) =
            ((0..count).map(|_| AtomicU64::new(0)).collect(), (0..n).map(|_| AtomicU64::new(0)).collect());
        let mut err = ErrSlot::default();
        let st = unsafe { oxjit_rt_parallel_for(mark, &env as *const _ as *mut u8, count, n, &mut err) };
        assert_eq!(st, STATUS_OK);
        (env.0.iter().map(|a| a.load(Ordering::Relaxed)).collect(), env.1.iter().map(|a| a.load(Ordering::Relaxed)).sum())
    }

    #[test]
    fn every_iteration_runs_once() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 3, 1000, 100_003] {
                let (hits, sum) = run(count, threads);
                assert!(hits.iter().all(|&h| h == 1), "threads {threads} count {count}");
                let c = count as u64;
                assert_eq!(sum, if c == 0 { 0 } else { c * (c - 1) / 2 });
            }
        }
    }

    #[test]
    fn concurrent_callers() {
        let hs: Vec<_> = (0..4)
            .map(|t| {
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let (hits, _) = run(10_000 + t, 1 + t % 3);
                        assert!(hits.iter().all(|&h| h == 1));
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
    }

    unsafe extern "C" fn ids(env: *mut u8, _lo: i64, _hi: i64, _chunk: i64, _err: *mut ErrSlot) -> i32 {
        let seen = unsafe { &*(env as *const Vec<AtomicU64>) };
        let id = oxjit_rt_get_thread_id();
        let n = oxjit_rt_get_num_threads();
        assert!(id >= 0 && id < n);
        seen[id as usize].fetch_add(1, Ordering::Relaxed);
        // A nested loop runs serially.
        assert_eq!(oxjit_rt_parallel_chunks(1000), 1);
        std::thread::sleep(Duration::from_millis(1));
        STATUS_OK
    }

    #[test]
    fn thread_ids_are_in_range_and_nesting_is_serial() {
        oxjit_rt_set_num_threads(3);
        let seen: Vec<AtomicU64> = (0..3).map(|_| AtomicU64::new(0)).collect();
        let n = oxjit_rt_parallel_chunks(12);
        assert_eq!(n, 12);
        let mut err = ErrSlot::default();
        let st = unsafe { oxjit_rt_parallel_for(ids, &seen as *const _ as *mut u8, 12, n, &mut err) };
        assert_eq!(st, 0);
        assert_eq!(seen.iter().map(|a| a.load(Ordering::Relaxed)).sum::<u64>(), 12);
        assert_eq!(oxjit_rt_get_thread_id(), 0);
        assert!(oxjit_rt_pool_workers() >= 2);
    }

    static MSG: &str = "chunk failed";

    unsafe extern "C" fn fail_some(_env: *mut u8, _lo: i64, _hi: i64, chunk: i64, err: *mut ErrSlot) -> i32 {
        if chunk % 3 == 2 {
            unsafe {
                *err = ErrSlot { kind: 3, has_msg: 1, msg: MSG.as_ptr(), msg_len: MSG.len() as u64 };
            }
            return STATUS_ERROR;
        }
        STATUS_OK
    }

    #[test]
    fn errors_come_back() {
        for threads in [1, 2, 4] {
            oxjit_rt_set_num_threads(threads);
            let n = oxjit_rt_parallel_chunks(100);
            let mut err = ErrSlot::default();
            let st = unsafe { oxjit_rt_parallel_for(fail_some, std::ptr::null_mut(), 100, n, &mut err) };
            if n > 2 {
                assert_eq!(st, STATUS_ERROR);
                assert_eq!(err.take().1.as_deref(), Some(MSG));
            }
        }
    }

    #[test]
    fn thread_count_is_per_thread() {
        assert_eq!(oxjit_rt_set_num_threads(0), STATUS_ERROR);
        oxjit_rt_set_num_threads(5);
        assert_eq!(oxjit_rt_get_num_threads(), 5);
        let other = std::thread::spawn(|| oxjit_rt_get_num_threads()).join().unwrap();
        assert_eq!(other, default_threads() as i64);
    }
}
