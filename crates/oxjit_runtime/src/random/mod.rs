//! `np.random` for compiled code: NumPy's legacy Mersenne Twister stream, as Numba draws it.
//!
//! In: calls from compiled code (`np.random.seed`, `random`, `randint`, `normal`, ...) and from
//! Rust tests. Out: numbers. After `oxjit_rt_random_seed(s)` every function below yields
//! exactly what Numba 0.68's `@njit` code yields after `np.random.seed(s)`; for `random`,
//! `uniform`, `randint`, `normal`/`standard_normal`, `exponential`, `poisson`, `binomial`,
//! `geometric`, `shuffle`, `permutation` and `choice` that is also what
//! `np.random.RandomState(s)` yields, with the exceptions listed under "Differences".
//!
//! - `mt` (private): the MT19937 state, seeding (integer, key array, OS entropy) and the
//!   per-thread generator with its fork handler.
//! - `dist` (private): the distributions as methods on the generator.
//!
//! # State
//!
//! Each OS thread has its own generator, separate from NumPy's global one, as in Numba. A
//! thread's generator is seeded from 624 words of `/dev/urandom` on first use (falling back to
//! std's OS-seeded hash keys mixed with time, thread and a counter), so threads and processes
//! draw independent streams until the program seeds. `oxjit_rt_random_seed` affects only the
//! calling thread. In a child process after `fork()` the forking thread's generator is
//! reseeded from entropy on next use, seeded or not (Numba does the same).
//!
//! # C ABI
//!
//! `i64` is the compiled code's `int64`/`intp`. Argument checks that raise in Python
//! (`ValueError` for `lam < 0` and the like) are the caller's; each function states what it
//! requires and what it does without it, and none of them hangs on bad arguments. No function
//! panics, unwinds or allocates, except that seeding a thread's generator from entropy (once,
//! on its first unseeded draw) opens `/dev/urandom`.
//!
//! ```text
//! void   oxjit_rt_random_seed(u32 seed)          ; np.random.seed(seed & 0xffffffff)
//! double oxjit_rt_random_sample()                 ; random, random_sample, sample, ranf, rand
//! double oxjit_rt_random_uniform(double low, double high)
//! double oxjit_rt_random_gauss()                  ; standard_normal, randn
//! double oxjit_rt_random_normal(double loc, double scale)
//! i64    oxjit_rt_random_randint(i64 low, i64 high)          ; low < high, high exclusive
//! double oxjit_rt_random_exponential(double scale)           ; standard_exponential: 1.0
//! i64    oxjit_rt_random_poisson(double lam)                 ; 0 <= lam <= ~9.2e18
//! i64    oxjit_rt_random_binomial(i64 n, double p)           ; n >= 0, 0 <= p <= 1
//! double oxjit_rt_random_gamma(double shape, double scale)   ; standard_gamma: scale 1.0
//! double oxjit_rt_random_beta(double a, double b)            ; a > 0, b > 0
//! i64    oxjit_rt_random_geometric(double p)                 ; 0 < p <= 1
//!
//! ptr    oxjit_rt_random_state()          ; this thread's Mt19937 (seeded), for inline draws
//! void   oxjit_rt_random_refill(ptr st)   ; regenerate the 624 words, read position 0
//!
//! void oxjit_rt_random_fill_<dist>(T *out, i64 n, <the scalar function's arguments>)
//!     ; out[0..n] = n draws, in order, identical to n scalar calls; n <= 0 does nothing
//!     ; T = double for sample, uniform, gauss, normal, exponential, gamma, beta;
//!     ; T = i64 for randint, poisson, binomial, geometric
//!
//! void oxjit_rt_random_shuffle(u8 *data, i64 n, i64 stride, i64 item_bytes)
//!     ; np.random.shuffle of n items of item_bytes bytes each, item i at data + i*stride
//! void oxjit_rt_random_permutation(i64 *out, i64 n)        ; np.random.permutation(n)
//! ```
//!
//! `choice(a)` is `a[randint(0, len(a))]`, `choice(a, size)` draws `randint(0, len(a))` per
//! element (or `fill_randint`), and `choice(a, size, replace=False)` takes the first `size`
//! items of `permutation(a)`; Numba does exactly these draws. `shuffle` of an array whose
//! items are not evenly strided blocks (a non-contiguous 2-D array, say) can be compiled as
//! `for i in n-1..1: j = randint(0, i + 1); swap(x[i], x[j])`, which draws what
//! `oxjit_rt_random_shuffle` draws.
//!
//! # Differences from `RandomState` (Numba is the reference)
//!
//! - `gamma`, `standard_gamma`, `beta`: Numba uses CPython's `gammavariate`/`betavariate`
//!   algorithms on `np.random.random()`, not NumPy's; values differ from `RandomState` except
//!   for `gamma(1.0, scale)`.
//! - `binomial(0, p)` with `0 < p < 1` consumes one uniform in Numba and none in NumPy.
//! - `binomial` computes `q ** n` by square-and-multiply, NumPy `exp(n * log(q))`; and
//!   `geometric` (for `p < 1/3`) computes `log(1 - u)` where NumPy has `log1p(-u)`. Both can
//!   differ in the last bit, so a draw on a boundary may differ by one. Not observed in the
//!   reference runs.
//! - `seed` takes the low 32 bits of any integer (Numba types the argument `uint32`); NumPy
//!   raises for seeds outside `[0, 2**32)`.
//! - `randint` with `high - low` beyond `int64` raises in Numba; here it works as in NumPy.
//!
//! # Example
//!
//! ```
//! use oxjit_runtime::random::*;
//! oxjit_rt_random_seed(42);
//! let u = oxjit_rt_random_sample();
//! assert_eq!(u, 0.3745401188473625); // np.random.RandomState(42).random_sample()
//! let mut out = [0i64; 3];
//! // SAFETY: `out` has room for 3 values.
//! unsafe { oxjit_rt_random_fill_randint(out.as_mut_ptr(), 3, 0, 100) };
//! assert!(out.iter().all(|&v| (0..100).contains(&v)));
//! ```

mod dist;
mod mt;

pub use mt::{Mt19937, N as STATE_WORD_COUNT, STATE_INDEX_OFFSET, STATE_WORDS_OFFSET};

use mt::with_state;

/// `np.random.seed(seed)`: reseeds the calling thread's generator (`init_genrand`) and drops
/// its cached Gaussian. Compiled code passes the seed's low 32 bits, as Numba does.
pub extern "C" fn oxjit_rt_random_seed(seed: u32) {
    mt::seed_thread(seed);
}

/// `np.random.random()`: uniform in `[0, 1)` with 53 random bits.
pub extern "C" fn oxjit_rt_random_sample() -> f64 {
    with_state(Mt19937::random_sample)
}

/// `np.random.uniform(low, high)`: `low + (high - low) * random()`. Any floats (as NumPy,
/// `high < low` is allowed and mirrors the interval).
pub extern "C" fn oxjit_rt_random_uniform(low: f64, high: f64) -> f64 {
    with_state(|st| st.uniform(low, high))
}

/// `np.random.standard_normal()`: a standard Gaussian (polar Box–Muller with the second value
/// of each pair cached per thread).
pub extern "C" fn oxjit_rt_random_gauss() -> f64 {
    with_state(Mt19937::gauss)
}

/// `np.random.normal(loc, scale)`: `loc + scale * standard_normal()`. Numba does not check
/// `scale` (NumPy raises for `scale < 0`).
pub extern "C" fn oxjit_rt_random_normal(loc: f64, scale: f64) -> f64 {
    with_state(|st| st.normal(loc, scale))
}

/// `np.random.randint(low, high)`: uniform in `[low, high)`.
///
/// Requires `low < high` (the caller raises `ValueError` otherwise); `high - low` may exceed
/// `i64::MAX`. With `low >= high` it returns some `int64` and never hangs.
pub extern "C" fn oxjit_rt_random_randint(low: i64, high: i64) -> i64 {
    with_state(|st| st.randint(low, high))
}

/// `np.random.exponential(scale)`: `-log(1 - random()) * scale`. `standard_exponential()` is
/// `scale = 1.0`. Numba does not check `scale`.
pub extern "C" fn oxjit_rt_random_exponential(scale: f64) -> f64 {
    with_state(|st| st.exponential(scale))
}

/// `np.random.poisson(lam)`.
///
/// Requires `lam >= 0` and not NaN (NumPy's `ValueError("lam < 0 or lam is NaN")`; Numba
/// raises for `lam < 0` and hangs on NaN), and `lam <= 9.223372006484771e18` (NumPy's
/// `POISSON_LAM_MAX`; Numba does not check). Without it: `lam <= 0` or NaN returns 0 without
/// drawing, and a larger `lam` returns saturated values; it never hangs.
pub extern "C" fn oxjit_rt_random_poisson(lam: f64) -> i64 {
    with_state(|st| st.poisson(lam))
}

/// `np.random.binomial(n, p)`.
///
/// Requires `n >= 0` and `0 <= p <= 1` (Numba: `ValueError("binomial(): n <= 0")` and
/// `ValueError("binomial(): p outside of [0, 1]")`). Without it the result is 0, without
/// drawing.
pub extern "C" fn oxjit_rt_random_binomial(n: i64, p: f64) -> i64 {
    with_state(|st| st.binomial(n, p))
}

/// `np.random.gamma(shape, scale)`; `standard_gamma(shape)` is `scale = 1.0`. Numba's
/// (CPython's) algorithm, not NumPy's: see the module docs.
///
/// Requires `shape > 0` and `scale > 0` (Numba: `ValueError("gammavariate: alpha and beta
/// must be > 0.0")`). Without it, or for a `shape` so large that `2 * shape` overflows, the
/// result is NaN, without drawing; it never hangs.
pub extern "C" fn oxjit_rt_random_gamma(shape: f64, scale: f64) -> f64 {
    with_state(|st| st.gamma(shape, scale))
}

/// `np.random.beta(a, b)`: `x / (x + y)` with `x = gamma(a, 1)`, `y = gamma(b, 1)`.
///
/// Requires `a > 0` and `b > 0` (Numba raises `ValueError` through `gamma`); otherwise NaN.
pub extern "C" fn oxjit_rt_random_beta(a: f64, b: f64) -> f64 {
    with_state(|st| st.beta(a, b))
}

/// `np.random.geometric(p)`: trials up to and including the first success.
///
/// Requires `0 < p <= 1` (Numba: `ValueError("geometric(): p outside of (0, 1]")`). Without
/// it the result is meaningless (`p = 0` gives `i64::MIN` or 0) but it never hangs.
pub extern "C" fn oxjit_rt_random_geometric(p: f64) -> i64 {
    with_state(|st| st.geometric(p))
}

/// The calling thread's generator (seeded from entropy first if it is not seeded yet), for
/// compiled code that draws 32-bit words itself instead of calling a function per draw: it
/// reads the word at [`STATE_WORDS_OFFSET`] + 4 · index, where the `usize` index lives at
/// [`STATE_INDEX_OFFSET`], stores index + 1 and tempers the word as
/// [`Mt19937::next_u32`] does; at index 624 it calls [`oxjit_rt_random_refill`] first.
///
/// The pointer is the same for every call on one thread and stays valid until the thread
/// ends, so compiled code may fetch it once per function (it is declared `readnone`, as
/// Numba declares its `numba_get_np_random_state`). Only the calling thread may use it, and
/// not while one of this module's functions runs (none calls back into compiled code).
pub extern "C" fn oxjit_rt_random_state() -> *mut Mt19937 {
    mt::state_ptr()
}

/// Regenerates the 624 words of `st` (the twist) and sets its read position to 0: the cold
/// path of an inline draw that found all words used.
///
/// # Safety
/// `st` is the calling thread's generator from [`oxjit_rt_random_state`] (or another valid,
/// unaliased `Mt19937`).
pub unsafe extern "C" fn oxjit_rt_random_refill(st: *mut Mt19937) {
    // SAFETY: the caller guarantees `st` is valid and that nothing else references it now.
    unsafe { (*st).refill() }
}

/// Fills `n` values of `out` with `draw`, with one thread-local look-up for all of them.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` values of `T`.
#[inline]
unsafe fn fill<T>(out: *mut T, n: i64, mut draw: impl FnMut(&mut Mt19937) -> T) {
    let Ok(len) = usize::try_from(n) else {
        return;
    };
    if len == 0 {
        return;
    }
    // SAFETY: the caller guarantees `out[0..n]` is valid for writes; `len > 0`, so `out` is
    // not null, and the values are plain numbers (no drop of the old contents).
    let out = unsafe { std::slice::from_raw_parts_mut(out, len) };
    with_state(|st| {
        for slot in out {
            *slot = draw(st);
        }
    });
}

/// `n` draws of [`oxjit_rt_random_sample`] into `out[0..n]`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_sample(out: *mut f64, n: i64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, Mt19937::random_sample) }
}

/// `n` draws of [`oxjit_rt_random_uniform`] into `out[0..n]`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_uniform(out: *mut f64, n: i64, low: f64, high: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.uniform(low, high)) }
}

/// `n` draws of [`oxjit_rt_random_gauss`] into `out[0..n]`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_gauss(out: *mut f64, n: i64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, Mt19937::gauss) }
}

/// `n` draws of [`oxjit_rt_random_normal`] into `out[0..n]`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_normal(out: *mut f64, n: i64, loc: f64, scale: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.normal(loc, scale)) }
}

/// `n` draws of [`oxjit_rt_random_randint`] into `out[0..n]`; requires `low < high`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` `i64`s.
pub unsafe extern "C" fn oxjit_rt_random_fill_randint(out: *mut i64, n: i64, low: i64, high: i64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.randint(low, high)) }
}

/// `n` draws of [`oxjit_rt_random_exponential`] into `out[0..n]`.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_exponential(out: *mut f64, n: i64, scale: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.exponential(scale)) }
}

/// `n` draws of [`oxjit_rt_random_poisson`] into `out[0..n]`, with its preconditions.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` `i64`s.
pub unsafe extern "C" fn oxjit_rt_random_fill_poisson(out: *mut i64, n: i64, lam: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.poisson(lam)) }
}

/// `n` draws of [`oxjit_rt_random_binomial`]`(trials, p)` into `out[0..n]`, with its
/// preconditions.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` `i64`s.
pub unsafe extern "C" fn oxjit_rt_random_fill_binomial(out: *mut i64, n: i64, trials: i64, p: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.binomial(trials, p)) }
}

/// `n` draws of [`oxjit_rt_random_gamma`] into `out[0..n]`, with its preconditions.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_gamma(out: *mut f64, n: i64, shape: f64, scale: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.gamma(shape, scale)) }
}

/// `n` draws of [`oxjit_rt_random_beta`] into `out[0..n]`, with its preconditions.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` doubles.
pub unsafe extern "C" fn oxjit_rt_random_fill_beta(out: *mut f64, n: i64, a: f64, b: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.beta(a, b)) }
}

/// `n` draws of [`oxjit_rt_random_geometric`] into `out[0..n]`, with its preconditions.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` `i64`s.
pub unsafe extern "C" fn oxjit_rt_random_fill_geometric(out: *mut i64, n: i64, p: f64) {
    // SAFETY: forwarded from the caller.
    unsafe { fill(out, n, |st| st.geometric(p)) }
}

/// Swaps the `T`-sized items at `a` and `b` (any alignment).
///
/// # Safety
/// `a` and `b` are valid for reads and writes of `size_of::<T>()` bytes.
#[inline]
unsafe fn swap_items<T: Copy>(a: *mut u8, b: *mut u8) {
    // SAFETY: forwarded from the caller; unaligned accesses need no alignment.
    unsafe {
        let va = a.cast::<T>().read_unaligned();
        let vb = b.cast::<T>().read_unaligned();
        a.cast::<T>().write_unaligned(vb);
        b.cast::<T>().write_unaligned(va);
    }
}

/// `np.random.shuffle(x)` in place: Fisher–Yates from the last item down, item `i` swapped
/// with item `randint(0, i + 1)`. The items are `n` blocks of `item_bytes` bytes, block `i`
/// at `data + i * stride` (`stride` may be negative): a 1-D array of any dtype, or the rows of
/// an array whose rows are contiguous (`item_bytes` = row size, `stride` = first-axis stride),
/// which is what Numba's row-copying swap amounts to. `n <= 1` draws nothing.
///
/// # Safety
/// `n <= 1`, or: for every `i` in `0..n`, `data + i * stride` is valid for reads and writes of
/// `item_bytes >= 0` bytes, and these blocks do not overlap (`|stride| >= item_bytes`).
pub unsafe extern "C" fn oxjit_rt_random_shuffle(
    data: *mut u8,
    n: i64,
    stride: i64,
    item_bytes: i64,
) {
    let (Ok(count), Ok(size)) = (u64::try_from(n), usize::try_from(item_bytes)) else {
        return;
    };
    let at = |i: u64| {
        // The caller guarantees every `i * stride` lands inside the array, so it fits.
        data.wrapping_offset((i as isize).wrapping_mul(stride as isize))
    };
    with_state(|st| {
        st.shuffle_with(count, |i, j| {
            if i == j {
                return;
            }
            let (a, b) = (at(i), at(j));
            // SAFETY: the caller guarantees both blocks are valid and disjoint (i != j).
            unsafe {
                match size {
                    1 => swap_items::<u8>(a, b),
                    2 => swap_items::<u16>(a, b),
                    4 => swap_items::<u32>(a, b),
                    8 => swap_items::<u64>(a, b),
                    16 => swap_items::<u128>(a, b),
                    _ => std::ptr::swap_nonoverlapping(a, b, size),
                }
            }
        });
    });
}

/// `np.random.permutation(n)`: writes `0..n` to `out[0..n]` and shuffles it.
///
/// # Safety
/// `n <= 0`, or `out` is valid for writes of `n` `i64`s.
pub unsafe extern "C" fn oxjit_rt_random_permutation(out: *mut i64, n: i64) {
    let Ok(len) = usize::try_from(n) else {
        return;
    };
    if len == 0 {
        return;
    }
    // SAFETY: the caller guarantees `out[0..n]` is valid for writes; `len > 0`, so not null.
    let out = unsafe { std::slice::from_raw_parts_mut(out, len) };
    for (i, v) in out.iter_mut().enumerate() {
        *v = i as i64;
    }
    with_state(|st| st.shuffle_with(len as u64, |i, j| out.swap(i as usize, j as usize)));
}

/// The random-number entries of [`crate::symbols`].
pub(crate) fn symbols() -> [(&'static str, usize); 27] {
    [
        (
            "oxjit_rt_random_state",
            oxjit_rt_random_state as *const () as usize,
        ),
        (
            "oxjit_rt_random_refill",
            oxjit_rt_random_refill as *const () as usize,
        ),
        (
            "oxjit_rt_random_seed",
            oxjit_rt_random_seed as *const () as usize,
        ),
        (
            "oxjit_rt_random_sample",
            oxjit_rt_random_sample as *const () as usize,
        ),
        (
            "oxjit_rt_random_uniform",
            oxjit_rt_random_uniform as *const () as usize,
        ),
        (
            "oxjit_rt_random_gauss",
            oxjit_rt_random_gauss as *const () as usize,
        ),
        (
            "oxjit_rt_random_normal",
            oxjit_rt_random_normal as *const () as usize,
        ),
        (
            "oxjit_rt_random_randint",
            oxjit_rt_random_randint as *const () as usize,
        ),
        (
            "oxjit_rt_random_exponential",
            oxjit_rt_random_exponential as *const () as usize,
        ),
        (
            "oxjit_rt_random_poisson",
            oxjit_rt_random_poisson as *const () as usize,
        ),
        (
            "oxjit_rt_random_binomial",
            oxjit_rt_random_binomial as *const () as usize,
        ),
        (
            "oxjit_rt_random_gamma",
            oxjit_rt_random_gamma as *const () as usize,
        ),
        (
            "oxjit_rt_random_beta",
            oxjit_rt_random_beta as *const () as usize,
        ),
        (
            "oxjit_rt_random_geometric",
            oxjit_rt_random_geometric as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_sample",
            oxjit_rt_random_fill_sample as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_uniform",
            oxjit_rt_random_fill_uniform as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_gauss",
            oxjit_rt_random_fill_gauss as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_normal",
            oxjit_rt_random_fill_normal as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_randint",
            oxjit_rt_random_fill_randint as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_exponential",
            oxjit_rt_random_fill_exponential as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_poisson",
            oxjit_rt_random_fill_poisson as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_binomial",
            oxjit_rt_random_fill_binomial as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_gamma",
            oxjit_rt_random_fill_gamma as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_beta",
            oxjit_rt_random_fill_beta as *const () as usize,
        ),
        (
            "oxjit_rt_random_fill_geometric",
            oxjit_rt_random_fill_geometric as *const () as usize,
        ),
        (
            "oxjit_rt_random_shuffle",
            oxjit_rt_random_shuffle as *const () as usize,
        ),
        (
            "oxjit_rt_random_permutation",
            oxjit_rt_random_permutation as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    //! Expected values come from NumPy 2.4's `np.random.RandomState(seed)` and from Numba 0.68
    //! `@njit` functions that call `np.random.seed(seed)` and then draw in a loop; where both
    //! are named, they agree. Each test runs on its own thread, so seeding here touches no
    //! other test's generator.
    use super::*;

    fn draws<T>(n: usize, mut f: impl FnMut() -> T) -> Vec<T> {
        (0..n).map(|_| f()).collect()
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// Exact equality of float slices (bit patterns, so `-0.0` and NaN would count).
    #[track_caller]
    fn assert_same(got: &[f64], want: &[f64]) {
        assert_eq!(bits(got), bits(want), "got {got:?}\nwant {want:?}");
    }

    #[test]
    fn random_sample_matches_numpy() {
        // RandomState(42).random_sample(10); Numba: np.random.random() x 10.
        let want = [
            0.3745401188473625,
            0.9507143064099162,
            0.7319939418114051,
            0.5986584841970366,
            0.15601864044243652,
            0.15599452033620265,
            0.05808361216819946,
            0.8661761457749352,
            0.6011150117432088,
            0.7080725777960455,
        ];
        oxjit_rt_random_seed(42);
        assert_same(&draws(10, || oxjit_rt_random_sample()), &want);
        let mut out = [0.0; 10];
        oxjit_rt_random_seed(42);
        // SAFETY: `out` holds 10 doubles.
        unsafe { oxjit_rt_random_fill_sample(out.as_mut_ptr(), 10) };
        assert_same(&out, &want);
    }

    #[test]
    fn randint_matches_numpy() {
        // RandomState(42).randint(0, 100, 10)
        oxjit_rt_random_seed(42);
        assert_eq!(
            draws(10, || oxjit_rt_random_randint(0, 100)),
            [51, 92, 14, 71, 60, 20, 82, 86, 74, 74]
        );
        // Spans above 2**32 take two words per draw, high bits first.
        // RandomState(7).randint(-2**40, 2**45, 5, dtype=np.int64)
        oxjit_rt_random_seed(7);
        let want = [
            1_208_255_785_462,
            23_381_708_427_475,
            2_849_520_039_527,
            4_794_506_407_097,
            31_397_344_250_391,
        ];
        assert_eq!(
            draws(5, || oxjit_rt_random_randint(-(1 << 40), 1 << 45)),
            want
        );
        // RandomState(7).randint(0, 2**32 + 1, 5, dtype=np.int64): the smallest two-word span.
        oxjit_rt_random_seed(7);
        let want = [
            1_322_904_761,
            1_133_316_631,
            372_560_217,
            1_801_189_930,
            68_334_472,
        ];
        let mut out = [0i64; 5];
        // SAFETY: `out` holds 5 values.
        unsafe { oxjit_rt_random_fill_randint(out.as_mut_ptr(), 5, 0, (1 << 32) + 1) };
        assert_eq!(out, want);
    }

    #[test]
    fn randint_of_one_value_draws_nothing() {
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_randint(-3, -2), -3);
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
    }

    #[test]
    fn randint_covers_spans_beyond_i64() {
        // Numba raises here; the runtime draws as NumPy does, over the full range.
        oxjit_rt_random_seed(3);
        let v = draws(64, || oxjit_rt_random_randint(i64::MIN, i64::MAX));
        assert!(v.iter().any(|&x| x < 0) && v.iter().any(|&x| x > 0));
        // A violated precondition (empty range) still returns.
        let _ = oxjit_rt_random_randint(5, 5);
        let _ = oxjit_rt_random_randint(5, -5);
    }

    #[test]
    fn uniform_and_exponential_match_numpy() {
        // RandomState(42).uniform(-3.0, 7.0, 10)
        let want = [
            0.7454011884736249,
            6.507143064099161,
            4.319939418114051,
            2.986584841970366,
            -1.4398135955756348,
            -1.4400547966379735,
            -2.419163878318005,
            5.661761457749352,
            3.011150117432088,
            4.080725777960454,
        ];
        oxjit_rt_random_seed(42);
        assert_same(&draws(10, || oxjit_rt_random_uniform(-3.0, 7.0)), &want);
        // RandomState(42).exponential(2.0, 10)
        let want = [
            0.9385361799537182,
            6.020242861835042,
            2.6334913870908987,
            1.8258851075519065,
            0.33924974092469257,
            0.33919258382921036,
            0.11967753721736135,
            4.022461728959879,
            1.838164307254529,
            2.4625001234091806,
        ];
        oxjit_rt_random_seed(42);
        let mut out = [0.0; 10];
        // SAFETY: `out` holds 10 doubles.
        unsafe { oxjit_rt_random_fill_exponential(out.as_mut_ptr(), 10, 2.0) };
        assert_same(&out, &want);
        // RandomState(42).standard_exponential(5)
        oxjit_rt_random_seed(42);
        let want = [
            0.4692680899768591,
            3.010121430917521,
            1.3167456935454493,
            0.9129425537759532,
            0.16962487046234628,
        ];
        assert_same(&draws(5, || oxjit_rt_random_exponential(1.0)), &want);
    }

    /// What compiled code does with `oxjit_rt_random_state`: read words through the offsets,
    /// refill at 624, temper. Interleaved with the runtime's own draws, over three refills.
    #[test]
    fn inline_draws_through_the_state_pointer_continue_the_stream() {
        fn inline_next(st: *mut Mt19937) -> u32 {
            // SAFETY: `st` is this thread's generator and no runtime function is running; the
            // offsets are those of its `usize` index and its `[u32; 624]` words.
            unsafe {
                let base = st.cast::<u8>();
                let index = base.add(STATE_INDEX_OFFSET).cast::<usize>();
                if *index >= 624 {
                    oxjit_rt_random_refill(st);
                }
                let i = *index;
                let mut y = *base.add(STATE_WORDS_OFFSET).cast::<u32>().add(i);
                *index = i + 1;
                y ^= y >> 11;
                y ^= (y << 7) & 0x9d2c_5680;
                y ^= (y << 15) & 0xefc6_0000;
                y ^ (y >> 18)
            }
        }
        oxjit_rt_random_seed(7);
        let st = oxjit_rt_random_state();
        assert_eq!(st, oxjit_rt_random_state());
        let mut want = Mt19937::new(7);
        for k in 0..2000 {
            if k % 3 == 0 {
                // The runtime's randint over [0, 2**32) takes exactly one word.
                let got = oxjit_rt_random_randint(0, 1 << 32);
                assert_eq!(got, i64::from(want.next_u32()), "draw {k}");
            } else {
                assert_eq!(inline_next(st), want.next_u32(), "draw {k}");
            }
        }
    }

    #[test]
    fn normal_matches_numpy() {
        // RandomState(42).normal(1.5, 2.0, 10)
        let want = [
            2.4934283060224653,
            1.2234713976576308,
            2.795377076201385,
            4.546059712816051,
            1.031693250553328,
            1.0317260861016389,
            4.658425631014783,
            3.034869458305818,
            0.5610512281300958,
            2.585120087171929,
        ];
        oxjit_rt_random_seed(42);
        assert_same(&draws(10, || oxjit_rt_random_normal(1.5, 2.0)), &want);
        oxjit_rt_random_seed(42);
        let mut out = [0.0; 10];
        // SAFETY: `out` holds 10 doubles.
        unsafe { oxjit_rt_random_fill_normal(out.as_mut_ptr(), 10, 1.5, 2.0) };
        assert_same(&out, &want);
    }

    #[test]
    fn standard_normal_matches_numpy_with_odd_counts() {
        // RandomState(0).standard_normal(11): an odd count leaves one value cached.
        let want = [
            1.764052345967664,
            0.4001572083672233,
            0.9787379841057392,
            2.240893199201458,
            1.8675579901499675,
            -0.977277879876411,
            0.9500884175255894,
            -0.1513572082976979,
            -0.10321885179355784,
            0.41059850193837233,
            0.144043571160878,
        ];
        oxjit_rt_random_seed(0);
        let mut got = draws(3, || oxjit_rt_random_gauss());
        let mut rest = [0.0; 8];
        // SAFETY: `rest` holds 8 doubles. Scalar and fill calls share the cached value.
        unsafe { oxjit_rt_random_fill_gauss(rest.as_mut_ptr(), 8) };
        got.extend(rest);
        assert_same(&got, &want);
    }

    #[test]
    fn seed_drops_the_cached_gaussian() {
        // Numba: seed(1); standard_normal(); seed(1); standard_normal() gives
        // RandomState(1).standard_normal() twice (1.6243453636632417), not the cached second
        // value of the first pair (-0.6117564136500754).
        oxjit_rt_random_seed(1);
        let first = oxjit_rt_random_gauss();
        oxjit_rt_random_seed(1);
        let again = oxjit_rt_random_gauss();
        assert_eq!(first, 1.6243453636632417);
        assert_eq!(again, 1.6243453636632417);
        assert_eq!(oxjit_rt_random_gauss(), -0.6117564136500754);
    }

    #[test]
    fn poisson_matches_numpy() {
        oxjit_rt_random_seed(42);
        // RandomState(42).poisson(3.0, 10): multiplication method.
        assert_eq!(
            draws(10, || oxjit_rt_random_poisson(3.0)),
            [4, 1, 3, 3, 2, 3, 2, 3, 0, 2]
        );
        // RandomState(42).poisson(50.0, 10) and (1e6, 5): transformed rejection.
        oxjit_rt_random_seed(42);
        assert_eq!(
            draws(10, || oxjit_rt_random_poisson(50.0)),
            [47, 55, 42, 52, 58, 43, 46, 49, 52, 45]
        );
        oxjit_rt_random_seed(42);
        let mut out = [0i64; 5];
        // SAFETY: `out` holds 5 values.
        unsafe { oxjit_rt_random_fill_poisson(out.as_mut_ptr(), 5, 1e6) };
        assert_eq!(out, [999_640, 1_000_696, 998_852, 997_926, 1_000_288]);
    }

    #[test]
    fn poisson_edge_cases_do_not_draw_or_hang() {
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_poisson(0.0), 0);
        assert_eq!(oxjit_rt_random_poisson(-1.0), 0);
        assert_eq!(oxjit_rt_random_poisson(f64::NAN), 0);
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
        // Beyond NumPy's limit: saturated values, but an answer.
        let _ = oxjit_rt_random_poisson(f64::INFINITY);
        let _ = oxjit_rt_random_poisson(1e300);
    }

    #[test]
    fn binomial_matches_numpy() {
        // RandomState(42).binomial(10, 0.3, 10): inversion.
        oxjit_rt_random_seed(42);
        assert_eq!(
            draws(10, || oxjit_rt_random_binomial(10, 0.3)),
            [2, 5, 4, 3, 2, 2, 1, 5, 3, 4]
        );
        // RandomState(42).binomial(1000, 0.6, 10): BTPE with p > 1/2 (drawn for 0.4).
        oxjit_rt_random_seed(42);
        let want = [613, 598, 625, 595, 630, 595, 597, 603, 589, 576];
        assert_eq!(draws(10, || oxjit_rt_random_binomial(1000, 0.6)), want);
        // RandomState(42).binomial(100, 0.31, 10): BTPE just above n*p = 30.
        oxjit_rt_random_seed(42);
        let want = [33, 26, 25, 33, 33, 27, 32, 34, 31, 32];
        assert_eq!(draws(10, || oxjit_rt_random_binomial(100, 0.31)), want);
        // RandomState(42).binomial(10**6, 0.5, 10): far tails reach the squeeze.
        oxjit_rt_random_seed(42);
        let mut out = [0i64; 10];
        // SAFETY: `out` holds 10 values.
        unsafe { oxjit_rt_random_fill_binomial(out.as_mut_ptr(), 10, 1_000_000, 0.5) };
        let want = [
            499_502, 500_406, 500_055, 499_135, 500_096, 498_967, 499_739, 500_063, 499_866,
            500_307,
        ];
        assert_eq!(out, want);
    }

    #[test]
    fn binomial_edge_cases_follow_numba() {
        // p == 0 and p == 1 draw nothing.
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_binomial(5, 0.0), 0);
        assert_eq!(oxjit_rt_random_binomial(5, 1.0), 5);
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
        // n == 0 draws one uniform in Numba (NumPy draws none): after it, `random()` is
        // RandomState(42)'s second value.
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_binomial(0, 0.5), 0);
        assert_eq!(oxjit_rt_random_sample(), 0.9507143064099162);
        // Violated preconditions: 0, nothing drawn.
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_binomial(-1, 0.5), 0);
        assert_eq!(oxjit_rt_random_binomial(5, 1.5), 0);
        assert_eq!(oxjit_rt_random_binomial(5, f64::NAN), 0);
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
    }

    #[test]
    fn gamma_and_beta_match_numba() {
        // Numba only: np.random.gamma(0.5, 2.0) after np.random.seed(42) (CPython's algorithm;
        // RandomState(42).gamma(2.5, 2.0) starts 5.966270730849626 instead).
        let want = [
            0.06824049307976762,
            0.009457936891471862,
            0.0011878718267075061,
            1.9426645472385873,
            0.0926821743338067,
            0.2594945292336062,
            0.523053506408129,
            1.04950186847996,
            0.23926823653520243,
            0.11177154819377885,
        ];
        oxjit_rt_random_seed(42);
        assert_same(&draws(10, || oxjit_rt_random_gamma(0.5, 2.0)), &want);
        // Numba: gamma(2.5, 2.0).
        let want = [
            3.869184571321562,
            8.263260460915584,
            2.149769126257625,
            1.2416255369714264,
            6.13797259584998,
            0.7248641442592686,
            2.357076359096934,
            3.306364527221156,
            4.3600257380871135,
            6.277624550618564,
        ];
        oxjit_rt_random_seed(42);
        let mut out = [0.0; 10];
        // SAFETY: `out` holds 10 doubles.
        unsafe { oxjit_rt_random_fill_gamma(out.as_mut_ptr(), 10, 2.5, 2.0) };
        assert_same(&out, &want);
        // Numba: standard_gamma(3.0).
        oxjit_rt_random_seed(42);
        let want = [
            2.3852081729509735,
            4.7018488655674,
            1.410080024653029,
            0.8630009185321003,
            3.603913969751429,
        ];
        assert_same(&draws(5, || oxjit_rt_random_gamma(3.0, 1.0)), &want);
        // gamma(1.0, 2.0) is the exponential, where Numba and RandomState agree.
        oxjit_rt_random_seed(42);
        let want = [
            0.9385361799537182,
            6.020242861835042,
            2.6334913870908987,
            1.8258851075519065,
            0.33924974092469257,
        ];
        assert_same(&draws(5, || oxjit_rt_random_gamma(1.0, 2.0)), &want);
        // Numba: beta(2.0, 3.0).
        let want = [
            0.2403307449041681,
            0.4665077296526788,
            0.8261580610380491,
            0.28825107581934756,
            0.3170974368402348,
            0.30203476141444274,
            0.20193266899064002,
            0.7386188395716837,
            0.22655781236919398,
            0.4866887389263981,
        ];
        oxjit_rt_random_seed(42);
        let mut out = [0.0; 10];
        // SAFETY: `out` holds 10 doubles.
        unsafe { oxjit_rt_random_fill_beta(out.as_mut_ptr(), 10, 2.0, 3.0) };
        assert_same(&out, &want);
    }

    #[test]
    fn gamma_rejects_bad_shapes_without_hanging() {
        oxjit_rt_random_seed(42);
        for shape in [0.0, -3.0, f64::NAN, f64::INFINITY, 1e308] {
            assert!(oxjit_rt_random_gamma(shape, 1.0).is_nan(), "shape {shape}");
        }
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
        assert!(oxjit_rt_random_beta(-1.0, 2.0).is_nan());
        assert!(oxjit_rt_random_beta(2.0, 0.0).is_nan());
    }

    #[test]
    fn geometric_matches_numpy() {
        // RandomState(42).geometric(0.5, 10): sequential search.
        oxjit_rt_random_seed(42);
        assert_eq!(
            draws(10, || oxjit_rt_random_geometric(0.5)),
            [1, 5, 2, 2, 1, 1, 1, 3, 2, 2]
        );
        // RandomState(42).geometric(0.1, 10): inversion.
        oxjit_rt_random_seed(42);
        let mut out = [0i64; 10];
        // SAFETY: `out` holds 10 values.
        unsafe { oxjit_rt_random_fill_geometric(out.as_mut_ptr(), 10, 0.1) };
        assert_eq!(out, [5, 29, 13, 9, 2, 2, 1, 20, 9, 12]);
        // Outside (0, 1]: some value, promptly.
        let _ = oxjit_rt_random_geometric(0.0);
        let _ = oxjit_rt_random_geometric(f64::NAN);
        let _ = oxjit_rt_random_geometric(2.0);
    }

    #[test]
    fn permutation_shuffle_and_choice_match_numpy() {
        // RandomState(42).permutation(10)
        oxjit_rt_random_seed(42);
        let mut perm = [0i64; 10];
        // SAFETY: `perm` holds 10 values.
        unsafe { oxjit_rt_random_permutation(perm.as_mut_ptr(), 10) };
        assert_eq!(perm, [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);

        // shuffle of 8-byte items draws the same swaps.
        oxjit_rt_random_seed(42);
        let mut xs: Vec<f64> = (0..10).map(f64::from).collect();
        // SAFETY: 10 contiguous, disjoint 8-byte items.
        unsafe { oxjit_rt_random_shuffle(xs.as_mut_ptr().cast(), 10, 8, 8) };
        assert_eq!(xs, perm.map(|i| i as f64));

        // Rows of a C-contiguous (6, 2) int64 array: RandomState(42).shuffle(x) and Numba both
        // give [[0, 1], [2, 3], [10, 11], [4, 5], [8, 9], [6, 7]].
        oxjit_rt_random_seed(42);
        let mut rows: Vec<i64> = (0..12).collect();
        // SAFETY: 6 disjoint 16-byte rows at stride 16.
        unsafe { oxjit_rt_random_shuffle(rows.as_mut_ptr().cast(), 6, 16, 16) };
        assert_eq!(rows, [0, 1, 2, 3, 10, 11, 4, 5, 8, 9, 6, 7]);

        // Odd-sized items (generic swap) and a negative stride: shuffling x[::-1] in place
        // leaves x reversed of what shuffling a fresh reversed copy gives.
        oxjit_rt_random_seed(42);
        let mut fresh: Vec<[u8; 3]> = (0..10u8).rev().map(|i| [i, i + 1, i + 2]).collect();
        // SAFETY: 10 contiguous, disjoint 3-byte items.
        unsafe { oxjit_rt_random_shuffle(fresh.as_mut_ptr().cast(), 10, 3, 3) };
        oxjit_rt_random_seed(42);
        let mut x: Vec<[u8; 3]> = (0..10u8).map(|i| [i, i + 1, i + 2]).collect();
        // SAFETY: item i of the reversed view is at `last - 3 * i`, all inside `x`.
        unsafe { oxjit_rt_random_shuffle(x.as_mut_ptr().add(9).cast(), 10, -3, 3) };
        x.reverse();
        assert_eq!(x, fresh);

        // choice(1000, 5) with replacement is randint(0, 1000) per item (Numba and NumPy:
        // [102, 435, 860, 270, 106]); without replacement it is a prefix of a permutation
        // (choice(np.arange(20) * 10, 5, replace=False) = [0, 170, 150, 10, 80]).
        oxjit_rt_random_seed(42);
        assert_eq!(
            draws(5, || oxjit_rt_random_randint(0, 1000)),
            [102, 435, 860, 270, 106]
        );
        oxjit_rt_random_seed(42);
        let mut p20 = [0i64; 20];
        // SAFETY: `p20` holds 20 values.
        unsafe { oxjit_rt_random_permutation(p20.as_mut_ptr(), 20) };
        assert_eq!(
            p20[..5].iter().map(|i| i * 10).collect::<Vec<_>>(),
            [0, 170, 150, 10, 80]
        );

        // Empty and single-item inputs draw nothing.
        oxjit_rt_random_seed(42);
        // SAFETY: n <= 1: nothing is read or written.
        unsafe {
            oxjit_rt_random_shuffle(std::ptr::null_mut(), 0, 8, 8);
            oxjit_rt_random_shuffle(xs.as_mut_ptr().cast(), 1, 8, 8);
            oxjit_rt_random_permutation(std::ptr::null_mut(), 0);
            oxjit_rt_random_fill_sample(std::ptr::null_mut(), -1);
        }
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
    }

    #[test]
    fn unseeded_threads_draw_different_streams() {
        let stream = || {
            std::thread::spawn(|| draws(8, || oxjit_rt_random_sample()))
                .join()
                .unwrap()
        };
        let (a, b) = (stream(), stream());
        assert_ne!(bits(&a), bits(&b));
        // Neither is the stream of a small seed.
        let mut st = Mt19937::new(0);
        assert_ne!(bits(&a), bits(&draws(8, || st.random_sample())));
    }

    #[test]
    fn seeding_is_per_thread() {
        use std::sync::{Arc, Barrier};
        let barrier = Arc::new(Barrier::new(2));
        let run = |seed: u32, barrier: Arc<Barrier>| {
            std::thread::spawn(move || {
                oxjit_rt_random_seed(seed);
                // Both threads have seeded before either draws.
                barrier.wait();
                let v = draws(20, || oxjit_rt_random_sample());
                barrier.wait();
                v
            })
        };
        let a = run(42, Arc::clone(&barrier));
        let b = run(7, barrier);
        let (a, b) = (a.join().unwrap(), b.join().unwrap());
        let mut s42 = Mt19937::new(42);
        let mut s7 = Mt19937::new(7);
        assert_same(&a, &draws(20, || s42.random_sample()));
        assert_same(&b, &draws(20, || s7.random_sample()));
        // This thread's generator is untouched by theirs: seed it and compare.
        oxjit_rt_random_seed(42);
        assert_eq!(oxjit_rt_random_sample(), a[0]);
    }

    /// A forked child must not replay the parent's seeded stream.
    #[cfg(target_os = "linux")]
    #[test]
    fn forked_child_reseeds() {
        extern "C" {
            fn fork() -> i32;
            fn waitpid(pid: i32, status: *mut i32, options: i32) -> i32;
            fn _exit(code: i32) -> !;
        }
        oxjit_rt_random_seed(42);
        // SAFETY: the child only draws (no allocation: the entropy read uses stack buffers)
        // and leaves with `_exit`, so it touches no lock another thread may have held.
        let pid = unsafe { fork() };
        if pid == 0 {
            let replayed = oxjit_rt_random_sample() == 0.3745401188473625;
            // SAFETY: ends the child at once, without running the parent's cleanup.
            unsafe { _exit(i32::from(replayed)) };
        }
        assert!(pid > 0, "fork failed");
        let mut status = 0;
        // SAFETY: `pid` is our child; `status` is a valid out-pointer.
        let waited = unsafe { waitpid(pid, &mut status, 0) };
        assert_eq!(waited, pid);
        // WIFEXITED and WEXITSTATUS == 0.
        assert_eq!(status & 0x7f, 0, "child died from signal {}", status & 0x7f);
        assert_eq!(
            (status >> 8) & 0xff,
            0,
            "the child replayed the parent's seeded stream"
        );
        // The parent's stream is unaffected.
        assert_eq!(oxjit_rt_random_sample(), 0.3745401188473625);
    }

    #[test]
    fn symbols_are_registered() {
        let all = crate::symbols();
        for (name, addr) in symbols() {
            assert!(all.contains(&(name, addr)), "{name}");
        }
    }
}
