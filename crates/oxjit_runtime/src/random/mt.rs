//! The MT19937 generator and the per-thread state compiled code draws from.
//!
//! [`Mt19937`] is the 32-bit Mersenne Twister with the state layout NumPy's `RandomState` and
//! Numba's `rnd_state_t` use: 624 words, a read position, and one cached Gaussian (the second
//! value of the last polar Box–Muller pair). Seeding with an integer is the reference
//! `init_genrand`; seeding from entropy is `init_by_array` over 624 words of OS randomness,
//! which is what Numba does with `os.urandom`.
//!
//! [`with_state`] hands out the calling thread's generator, seeding it from entropy on first
//! use. The thread-local is a `const`-initialised plain value without a destructor, so reaching
//! it is a TLS address computation: no lazy-init flag in std, no registration, and it stays
//! reachable while the thread exits. After `fork()` the child marks the forking thread's state
//! unseeded (a `pthread_atfork` handler, as Numba registers one), so forked workers do not
//! repeat their parent's stream.

use std::cell::UnsafeCell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::sync::Once;

/// Number of 32-bit words in the state.
pub const N: usize = 624;
/// The twist offset.
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// Byte offset in [`Mt19937`] of the read position (a `usize`: the next word to hand out,
/// `N` when the words must be regenerated first), for compiled code that draws words itself.
pub const STATE_INDEX_OFFSET: usize = std::mem::offset_of!(Mt19937, index);
/// Byte offset in [`Mt19937`] of the 624 words (`[u32; N]`).
pub const STATE_WORDS_OFFSET: usize = std::mem::offset_of!(Mt19937, mt);

/// One Mersenne Twister stream plus the Gaussian cache that belongs to it.
///
/// Draws follow NumPy's legacy `RandomState` exactly: [`Mt19937::next_u32`] is MT19937's
/// tempered output and [`Mt19937::next_f64`] is `rk_double` (53 bits from two words).
#[derive(Clone, Debug)]
pub struct Mt19937 {
    /// Next word of `mt` to hand out; `N` means "twist first".
    index: usize,
    mt: [u32; N],
    /// Whether `gauss` holds the unused second value of a Box–Muller pair.
    pub(crate) has_gauss: bool,
    pub(crate) gauss: f64,
    /// False until seeded (by the program or from entropy); reset in a forked child.
    seeded: bool,
}

impl Mt19937 {
    /// A state that must be seeded before use (what every thread starts with).
    pub const UNSEEDED: Mt19937 = Mt19937 {
        index: N,
        mt: [0; N],
        has_gauss: false,
        gauss: 0.0,
        seeded: false,
    };

    /// A generator seeded like `np.random.RandomState(seed)`.
    pub fn new(seed: u32) -> Mt19937 {
        let mut st = Mt19937::UNSEEDED;
        st.seed(seed);
        st
    }

    /// `init_genrand`: Knuth's multiplicative recurrence fills the words from one seed. Also
    /// drops a cached Gaussian, as `RandomState.seed` and Numba's `np.random.seed` do.
    pub fn seed(&mut self, seed: u32) {
        let mut s = seed;
        for (pos, word) in self.mt.iter_mut().enumerate() {
            *word = s;
            // `pos + 1 <= N` fits in u32.
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        self.index = N;
        self.has_gauss = false;
        self.gauss = 0.0;
        self.seeded = true;
    }

    /// `init_by_array`: mixes a key of any length into the state (used for entropy seeding;
    /// NumPy uses it for array seeds). An empty key is treated as the key `[0]`.
    pub fn seed_by_array(&mut self, key: &[u32]) {
        let key: &[u32] = if key.is_empty() { &[0] } else { key };
        self.seed(19_650_218);
        let mt = &mut self.mt;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            // The reference code adds `j` as a 32-bit unsigned; truncation is intended.
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        // Most significant bit set: the state is never all zero.
        mt[0] = 0x8000_0000;
        self.index = N;
        self.has_gauss = false;
        self.gauss = 0.0;
        self.seeded = true;
    }

    /// Seeds from 624 words of OS randomness (`/dev/urandom`), or, where that cannot be read,
    /// from std's per-thread random hash keys mixed with the time, the thread and a counter.
    pub fn seed_from_entropy(&mut self) {
        let mut key = [0u32; N];
        if !read_urandom(&mut key) {
            fallback_entropy(&mut key);
        }
        self.seed_by_array(&key);
    }

    /// Regenerates all 624 words (the "twist").
    fn twist(&mut self) {
        let mt = &mut self.mt;
        let mix = |hi: u32, lo: u32, far: u32| {
            let y = (hi & UPPER_MASK) | (lo & LOWER_MASK);
            far ^ (y >> 1) ^ (if y & 1 == 1 { MATRIX_A } else { 0 })
        };
        for i in 0..N - M {
            mt[i] = mix(mt[i], mt[i + 1], mt[i + M]);
        }
        for i in N - M..N - 1 {
            mt[i] = mix(mt[i], mt[i + 1], mt[i + M - N]);
        }
        mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
    }

    /// Regenerates the words and rewinds the read position to the first of them: what
    /// [`Mt19937::next_u32`] does before reading when all 624 words have been handed out.
    pub fn refill(&mut self) {
        self.twist();
        self.index = 0;
    }

    /// The next tempered 32-bit output (`rk_random`).
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A double in `[0, 1)` with 53 random bits: 27 from one word and 26 from the next
    /// (`rk_double`; NumPy's `random_sample`).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// Whether the state has been seeded (by the program or from entropy).
    pub fn is_seeded(&self) -> bool {
        self.seeded
    }

    /// The read position and the 624 words, as `RandomState.get_state()` shows them
    /// (`pos` and `key`).
    pub fn words(&self) -> (usize, &[u32; N]) {
        (self.index, &self.mt)
    }
}

/// Fills `key` from `/dev/urandom`; false if that is impossible here.
fn read_urandom(key: &mut [u32; N]) -> bool {
    let mut bytes = [0u8; N * 4];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if ok {
        for (k, b) in key.iter_mut().zip(bytes.chunks_exact(4)) {
            *k = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
    }
    ok
}

/// Entropy without a device: std seeds each thread's hash keys from the OS once and steps
/// them for every `RandomState`, so mixing in the time, the thread id, a stack address and a
/// process-wide counter gives distinct keys for every call, thread and process.
fn fallback_entropy(key: &mut [u32; N]) {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let keys = RandomState::new();
    for (i, pair) in key.chunks_mut(2).enumerate() {
        let mut h = keys.build_hasher();
        h.write_u128(now);
        h.write_u64(call);
        h.write_usize(i);
        h.write_u32(std::process::id());
        h.write_usize(std::ptr::addr_of!(*pair) as *const u32 as usize);
        std::hash::Hash::hash(&std::thread::current().id(), &mut h);
        let v = h.finish();
        for (w, part) in pair.iter_mut().zip([v as u32, (v >> 32) as u32]) {
            *w = part;
        }
    }
}

thread_local! {
    /// This thread's generator. `UnsafeCell` rather than `RefCell`: the only borrows are the
    /// non-reentrant ones in [`with_raw_state`] (see the SAFETY note there), so a borrow flag
    /// would be a check per draw that can never fire.
    static STATE: UnsafeCell<Mt19937> = const { UnsafeCell::new(Mt19937::UNSEEDED) };
}

/// Runs `f` on this thread's generator as it is (possibly unseeded).
///
/// `f` must not call back into this module's state accessors; every caller is a closure in
/// this module tree that only draws numbers.
#[inline]
pub(crate) fn with_raw_state<R>(f: impl FnOnce(&mut Mt19937) -> R) -> R {
    // `with` cannot fail here: a `const`-initialised thread-local whose type needs no drop is
    // never torn down, so it is reachable even from other thread-local destructors.
    STATE.with(|cell| {
        // SAFETY: the cell belongs to this thread only, and no other reference to it is live:
        // `f` never re-enters `with_raw_state` (documented above), nothing here calls out to
        // user code, and the fork handler (`forget_seed_in_child`) runs only inside `fork()`,
        // which none of these functions call.
        let st = unsafe { &mut *cell.get() };
        f(st)
    })
}

/// Runs `f` on this thread's generator, seeding it from entropy first if needed.
#[inline]
pub(crate) fn with_state<R>(f: impl FnOnce(&mut Mt19937) -> R) -> R {
    with_raw_state(|st| {
        if !st.seeded {
            install_fork_handler();
            st.seed_from_entropy();
        }
        f(st)
    })
}

/// This thread's generator, seeded from entropy first if needed, as a raw pointer for
/// compiled code that draws from it directly (see `oxjit_rt_random_state`).
///
/// The pointer stays valid for the life of the thread (the thread-local is never torn down,
/// see [`with_raw_state`]). Writing through it is sound while no borrow made by
/// [`with_raw_state`] is live, i.e. outside the runtime's own functions, which is where
/// compiled code runs.
pub(crate) fn state_ptr() -> *mut Mt19937 {
    with_state(|_| ());
    STATE.with(UnsafeCell::get)
}

/// Seeds this thread's generator (`np.random.seed(seed)` in compiled code).
pub(crate) fn seed_thread(seed: u32) {
    install_fork_handler();
    with_raw_state(|st| st.seed(seed));
}

/// Registers [`forget_seed_in_child`] with `pthread_atfork`, once per process, before the
/// first state is seeded.
fn install_fork_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        {
            extern "C" {
                fn pthread_atfork(
                    prepare: Option<unsafe extern "C" fn()>,
                    parent: Option<unsafe extern "C" fn()>,
                    child: Option<unsafe extern "C" fn()>,
                ) -> std::ffi::c_int;
            }
            // SAFETY: `pthread_atfork` (POSIX, in the C library std already links) only
            // records the handler; `forget_seed_in_child` is a valid `extern "C"` function
            // for the life of the process (this crate is never unloaded while code runs).
            // A non-zero result (out of memory) only means forked children keep their
            // parent's stream, so it is ignored.
            let _ = unsafe { pthread_atfork(None, None, Some(forget_seed_in_child)) };
        }
    });
}

/// Runs in a child process right after `fork()`, on the only thread that survives: marks its
/// generator unseeded, so the child draws from fresh entropy instead of repeating the parent.
#[cfg(unix)]
unsafe extern "C" fn forget_seed_in_child() {
    // `fork()` is never called from inside `with_raw_state` (we do not fork), so no borrow of
    // the state is live on this thread here.
    with_raw_state(|st| st.seeded = false);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `RandomState(s).randint(0, 2**32, 5, dtype=np.uint32)`: the raw tempered outputs.
    #[test]
    fn raw_words_match_numpy() {
        let mut st = Mt19937::new(42);
        let got: Vec<u32> = (0..5).map(|_| st.next_u32()).collect();
        assert_eq!(
            got,
            [
                1_608_637_542,
                3_421_126_067,
                4_083_286_876,
                787_846_414,
                3_143_890_026
            ]
        );
        let mut st = Mt19937::new(0);
        let got: Vec<u32> = (0..5).map(|_| st.next_u32()).collect();
        assert_eq!(
            got,
            [
                2_357_136_044,
                2_546_248_239,
                3_071_714_933,
                3_626_093_760,
                2_588_848_963
            ]
        );
    }

    /// `RandomState(5489).get_state()[1][:3]` and `[-1]` before any draw.
    #[test]
    fn init_genrand_words() {
        let st = Mt19937::new(5489);
        let (pos, mt) = st.words();
        assert_eq!(pos, N);
        assert_eq!(&mt[..3], &[5489, 1_301_868_182, 2_938_499_221]);
        assert_eq!(mt[N - 1], 79_981_964);
    }

    /// `RandomState([1, 2, 3])` uses `init_by_array`; its first outputs after seeding.
    #[test]
    fn init_by_array_matches_numpy() {
        let mut st = Mt19937::UNSEEDED;
        st.seed_by_array(&[1, 2, 3]);
        let got: Vec<u32> = (0..3).map(|_| st.next_u32()).collect();
        assert_eq!(got, [2_619_334_238, 1_552_691_353, 3_808_334_787]);
    }

    #[test]
    fn the_twist_wraps_after_624_words() {
        // 10_000 words cross sixteen twists; the 10_000th word of MT19937 seeded with 5489 is
        // the reference implementation's published check value.
        let mut st = Mt19937::new(5489);
        let mut last = 0;
        for _ in 0..10_000 {
            last = st.next_u32();
        }
        assert_eq!(last, 4_123_659_995);
    }

    #[test]
    fn entropy_seeds_differ() {
        let mut a = Mt19937::UNSEEDED;
        let mut b = Mt19937::UNSEEDED;
        a.seed_from_entropy();
        b.seed_from_entropy();
        assert!(a.is_seeded() && b.is_seeded());
        let xa: Vec<u32> = (0..4).map(|_| a.next_u32()).collect();
        let xb: Vec<u32> = (0..4).map(|_| b.next_u32()).collect();
        assert_ne!(xa, xb);
        let mut key_a = [0u32; N];
        let mut key_b = [0u32; N];
        fallback_entropy(&mut key_a);
        fallback_entropy(&mut key_b);
        assert_ne!(key_a, key_b);
        assert!(key_a.iter().any(|&w| w != 0));
    }
}
