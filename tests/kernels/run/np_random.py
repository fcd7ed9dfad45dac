# np.random inside kernels: seed, random/random_sample/sample/ranf, rand, randn, uniform,
# normal, standard_normal, randint, exponential, standard_exponential, poisson, binomial,
# gamma, standard_gamma, beta, geometric, choice, shuffle and permutation, each seeded inside
# the kernel, as scalars and with size given as an int, a tuple, () (a 0-d array) and None,
# positionally and by keyword; shuffles of int/float/bool/complex arrays, of views, and of
# the rows of C, F and non-contiguous 2-D/3-D arrays; argument errors with Numba's checks.
#
# The compiled generator is not NumPy's (each thread has its own, separate from np.random's
# global state), but after np.random.seed(s) it draws NumPy's legacy stream as Numba does:
# under CPython the same kernels seed NumPy's global state and mostly agree. They disagree
# for gamma/standard_gamma/beta (Numba uses CPython's algorithms), binomial(0, p) (Numba
# draws one uniform), argument checks (Numba checks per draw, so an empty size raises
# nothing, and it rejects gamma(0.0), which NumPy accepts), and the scalar types of choice.
# Numba rejects some NumPy signatures, so they are not here: omitted middle arguments
# (normal(size=3), uniform(high=2.0), randint(10, size=3), poisson(size=3),
# exponential(size=2), gamma(2.0, size=2); oxjit accepts them, see
# tests/python/test_api_random.py), array-valued parameters, dtype=, and choice(p=).

import numpy as np


# --- seed and uniform [0, 1) draws ---


def random_scalars(seed):
    np.random.seed(seed)
    return (np.random.random(), np.random.random_sample(), np.random.sample(), np.random.ranf(), np.random.rand())
# run: random_scalars(42)
# run: random_scalars(0)
# run: random_scalars(4294967295)


def seed_low_32_bits(seed):
    # Numba types the seed uint32: only its low 32 bits count.
    np.random.seed(seed)
    return np.random.random()
# run: seed_low_32_bits(-1)
# run: seed_low_32_bits(2 ** 32 + 1)
# run: seed_low_32_bits(1)


def reseeding_repeats(seed, n):
    np.random.seed(seed)
    a = np.random.random(n)
    np.random.seed(seed)
    b = np.random.random(n)
    return a, b
# run: reseeding_repeats(7, 5)


def random_sizes(seed, n):
    np.random.seed(seed)
    return (np.random.random(n), np.random.random((2, n)), np.random.random_sample(size=(n, 1, 2)), np.random.sample((n,)), np.random.ranf(n), np.random.random(None))
# run: random_sizes(1, 3)
# run: random_sizes(2, 0)
# run: random_sizes(3, 1)


def random_zero_d(seed):
    np.random.seed(seed)
    return np.random.random(()), np.random.normal(1.0, 2.0, ()), np.random.randint(0, 5, ())
# run: random_zero_d(5)


def random_size_variable(seed, shape):
    np.random.seed(seed)
    return np.random.random(shape)
# run: random_size_variable(4, (2, 3))
# run: random_size_variable(4, (3, 0))


def random_negative_size(seed, n):
    np.random.seed(seed)
    return np.random.random(n)
# run: random_negative_size(1, -1)
# run: random_negative_size(1, 2)


def rand_forms(seed, n):
    np.random.seed(seed)
    return np.random.rand(n), np.random.rand(2, n), np.random.rand(1, 2, n), np.random.rand()
# run: rand_forms(11, 3)
# run: rand_forms(11, 0)


def monte_carlo_pi(seed, n):
    np.random.seed(seed)
    hits = 0
    for _ in range(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            hits += 1
    return 4.0 * hits / n
# run: monte_carlo_pi(123, 10000)


# --- uniform ---


def uniform_forms(seed):
    np.random.seed(seed)
    return (np.random.uniform(), np.random.uniform(2.0, 5.0), np.random.uniform(1, 3), np.random.uniform(5.0, -1.0), np.random.uniform(0.0, 1.0, 3), np.random.uniform(-1.0, 1.0, size=(2, 2)), np.random.uniform(low=10.0, high=20.0))
# run: uniform_forms(42)
# run: uniform_forms(3)


def uniform_int32_bounds(seed, lo, hi):
    np.random.seed(seed)
    return np.random.uniform(lo, hi), np.random.uniform(np.float32(0.5), hi, 2)
# run: uniform_int32_bounds(9, np.int32(-4), np.int32(4))


# --- normal, standard_normal, randn ---


def normal_forms(seed):
    np.random.seed(seed)
    return (np.random.normal(), np.random.normal(5.0), np.random.normal(1.0, 2.0), np.random.normal(3, 1), np.random.normal(0.0, 1.0, 5), np.random.normal(-2.0, 0.5, size=(3, 2)), np.random.normal(loc=1.0, scale=0.25))
# run: normal_forms(42)
# run: normal_forms(0)


def normal_negative_scale(seed):
    # Numba does not check the scale (NumPy raises).
    np.random.seed(seed)
    return np.random.normal(0.0, -1.0), np.random.normal(1.0, -2.0, 2)
# run: normal_negative_scale(1)


def normal_pairs_cached(seed, n):
    # Gaussians come in pairs: the second is cached across calls and sizes.
    np.random.seed(seed)
    a = np.random.standard_normal()
    b = np.random.normal(0.0, 1.0, n)
    c = np.random.randn()
    np.random.seed(seed)
    d = np.random.standard_normal(n + 2)
    return a, b, c, d
# run: normal_pairs_cached(42, 3)
# run: normal_pairs_cached(7, 4)


def standard_normal_forms(seed, n):
    np.random.seed(seed)
    return np.random.standard_normal(), np.random.standard_normal(n), np.random.standard_normal((n, 2)), np.random.standard_normal(size=n), np.random.randn(n, 2), np.random.randn()
# run: standard_normal_forms(5, 3)
# run: standard_normal_forms(5, 0)


def normal_sum(seed, n):
    np.random.seed(seed)
    s = 0.0
    for _ in range(n):
        s += np.random.normal(1.0, 3.0)
    return s
# run: normal_sum(2024, 1001)


# --- randint ---


def randint_forms(seed):
    np.random.seed(seed)
    return (np.random.randint(10), np.random.randint(-5, 5), np.random.randint(0, 1), np.random.randint(0, 2 ** 40), np.random.randint(-2 ** 61, 2 ** 61), np.random.randint(0, 100, 5), np.random.randint(1, 7, size=(2, 3)), np.random.randint(low=3, high=9))
# run: randint_forms(42)
# run: randint_forms(1)


def randint_sizes(seed, lo, hi, n):
    np.random.seed(seed)
    return np.random.randint(lo, hi, n)
# run: randint_sizes(42, 0, 1000, 10)
# run: randint_sizes(42, -3, 3, 8)
# run: randint_sizes(42, 5, 6, 4)
# run: randint_sizes(42, 5, 5, 0)
# run: randint_sizes(42, 5, 5, 1)
# run: randint_sizes(42, 3, -5, 2)


def randint_empty_range(lo, hi):
    return np.random.randint(lo, hi)
# run: randint_empty_range(5, 5)
# run: randint_empty_range(6, 5)
# run: randint_empty_range(0, 0)


def randint_one_bound(seed, n):
    np.random.seed(seed)
    return np.random.randint(n)
# run: randint_one_bound(3, 1)
# run: randint_one_bound(3, 0)
# run: randint_one_bound(3, -2)
# run: randint_one_bound(3, 1000000007)


def randint_int32(seed):
    # Numba: the result has the bounds' width (int32 here), arrays too.
    np.random.seed(seed)
    lo = np.int32(-10)
    hi = np.int32(10)
    return np.random.randint(lo, hi), np.random.randint(lo, hi, 4), np.random.randint(np.int32(5))
# run: randint_int32(8)


def dice_histogram(seed, n):
    np.random.seed(seed)
    counts = np.zeros(6, dtype=np.int64)
    for _ in range(n):
        counts[np.random.randint(0, 6)] += 1
    return counts
# run: dice_histogram(99, 600)


def randint_loop_mixed(seed, n, hi):
    # Scalar randint is drawn inline from the thread's state; the other draws are runtime
    # calls on the same state. Several refills of the 624 words, one- and two-word spans.
    np.random.seed(seed)
    out = np.empty(n, np.int64)
    acc = 0.0
    for i in range(n):
        out[i] = np.random.randint(-3, hi)
        if i % 7 == 0:
            acc += np.random.random()
        if i % 11 == 0:
            acc += np.random.normal()
    return out, acc, np.random.randint(0, 2 ** 33), np.random.randint(4, 5)
# run: randint_loop_mixed(5, 2000, 10)
# run: randint_loop_mixed(6, 1500, 2 ** 35)
# run: randint_loop_mixed(7, 700, 2 ** 62)
# run: randint_loop_mixed(8, 3, -3)


def randint_draw_helper(lo, hi):
    return np.random.randint(lo, hi)


def randint_across_calls(seed, n):
    # Draws in a callee and in the caller share the thread's stream.
    np.random.seed(seed)
    s = 0
    for i in range(n):
        s = s * 31 + randint_draw_helper(0, i + 1) - np.random.randint(i, 2 * i + 2)
    return s
# run: randint_across_calls(3, 1000)


# --- exponential, poisson, binomial, geometric ---


def exponential_forms(seed):
    np.random.seed(seed)
    return (np.random.exponential(), np.random.exponential(2.0), np.random.exponential(3), np.random.exponential(0.5, 3), np.random.exponential(1.0, size=(2, 2)), np.random.standard_exponential(), np.random.standard_exponential(3), np.random.exponential(-1.0), np.random.exponential(scale=4.0))
# run: exponential_forms(42)


def poisson_forms(seed):
    np.random.seed(seed)
    return (np.random.poisson(), np.random.poisson(3.0), np.random.poisson(4), np.random.poisson(0.0), np.random.poisson(50.0), np.random.poisson(1e6), np.random.poisson(2.5, 6), np.random.poisson(100.0, size=(2, 3)), np.random.poisson(lam=7.5))
# run: poisson_forms(42)
# run: poisson_forms(17)


def poisson_checked(seed, lam, n):
    np.random.seed(seed)
    return np.random.poisson(lam, n)
# run: poisson_checked(1, -1.0, 2)
# run: poisson_checked(1, -1.0, 0)
# run: poisson_checked(1, 9.99, 5)
# run: poisson_checked(1, 10.0, 5)


def poisson_negative(lam):
    return np.random.poisson(lam)
# run: poisson_negative(-0.5)
# run: poisson_negative(-20.0)


def binomial_forms(seed):
    np.random.seed(seed)
    return (np.random.binomial(10, 0.3), np.random.binomial(1000, 0.6), np.random.binomial(100, 0.31), np.random.binomial(5, 0.0), np.random.binomial(5, 1.0), np.random.binomial(5, 1), np.random.binomial(20, 0.5, 5), np.random.binomial(10 ** 6, 0.5, size=(2, 2)), np.random.binomial(n=7, p=0.9))
# run: binomial_forms(42)
# run: binomial_forms(3)


def binomial_zero_trials(seed):
    # Numba draws one uniform for n == 0 (NumPy draws none).
    np.random.seed(seed)
    a = np.random.binomial(0, 0.5)
    return a, np.random.random()
# run: binomial_zero_trials(42)


def binomial_checked(seed, n, p, size):
    np.random.seed(seed)
    return np.random.binomial(n, p, size)
# run: binomial_checked(1, -1, 0.5, 3)
# run: binomial_checked(1, 10, 1.5, 3)
# run: binomial_checked(1, 10, -0.1, 3)
# run: binomial_checked(1, 10, nan, 3)
# run: binomial_checked(1, -1, 0.5, 0)
# run: binomial_checked(1, 10, 0.25, 4)


def binomial_scalar_checked(n, p):
    return np.random.binomial(n, p)
# run: binomial_scalar_checked(-1, 0.5)
# run: binomial_scalar_checked(3, 2.0)
# run: binomial_scalar_checked(3, nan)


def geometric_forms(seed):
    np.random.seed(seed)
    return (np.random.geometric(0.5), np.random.geometric(0.1), np.random.geometric(1.0), np.random.geometric(1), np.random.geometric(0.5, 5), np.random.geometric(0.05, size=(2, 3)), np.random.geometric(p=0.75))
# run: geometric_forms(42)


def geometric_checked(p):
    return np.random.geometric(p)
# run: geometric_checked(0.0)
# run: geometric_checked(-0.5)
# run: geometric_checked(1.5)


# --- gamma, standard_gamma, beta (Numba's CPython-derived algorithms) ---


def gamma_forms(seed):
    np.random.seed(seed)
    return (np.random.gamma(0.5), np.random.gamma(2.5, 2.0), np.random.gamma(1.0, 2.0), np.random.gamma(3, 1), np.random.gamma(0.5, 2.0, 4), np.random.gamma(2.0, 1.0, size=(2, 2)), np.random.standard_gamma(3.0), np.random.standard_gamma(0.25, 3), np.random.standard_gamma(1.5, size=(1, 2)), np.random.gamma(shape=4.0, scale=0.5))
# run: gamma_forms(42)
# run: gamma_forms(5)


def gamma_checked(shape, scale):
    return np.random.gamma(shape, scale)
# run: gamma_checked(-1.0, 1.0)
# run: gamma_checked(0.0, 1.0)
# run: gamma_checked(1.0, 0.0)
# run: gamma_checked(2.0, -3.0)


def standard_gamma_checked(seed, shape, n):
    np.random.seed(seed)
    return np.random.standard_gamma(shape, n)
# run: standard_gamma_checked(2, -1.0, 2)
# run: standard_gamma_checked(2, -1.0, 0)
# run: standard_gamma_checked(2, 2.0, 3)


def beta_forms(seed):
    np.random.seed(seed)
    return np.random.beta(2.0, 3.0), np.random.beta(0.5, 0.5), np.random.beta(1, 1), np.random.beta(2.0, 5.0, 4), np.random.beta(3.0, 3.0, size=(2, 2)), np.random.beta(a=1.5, b=2.5)
# run: beta_forms(42)


def beta_checked(a, b):
    return np.random.beta(a, b)
# run: beta_checked(-1.0, 2.0)
# run: beta_checked(1.0, -1.0)
# run: beta_checked(0.0, 0.0)


# --- choice ---


def choice_int(seed, n):
    np.random.seed(seed)
    return np.random.choice(n), np.random.choice(n, 5), np.random.choice(n, (2, 2)), np.random.choice(n, size=3, replace=True)
# run: choice_int(42, 1000)
# run: choice_int(3, 1)


def choice_array(seed, a):
    np.random.seed(seed)
    return np.random.choice(a), np.random.choice(a, 4), np.random.choice(a, (2, 3)), np.random.choice(a, size=2)
# run: choice_array(42, np.arange(10.0) * 1.5)
# run: choice_array(1, np.array([3, 1, 4, 1, 5], dtype=np.int32))
# run: choice_array(2, np.arange(20)[::-3])
# run: choice_array(3, np.array([True, False]))
# run: choice_array(4, np.array([1 + 2j, -1j, 3.0]))


def choice_without_replacement(seed, a, size):
    np.random.seed(seed)
    return np.random.choice(a, size, False)
# run: choice_without_replacement(42, 20, 5)
# run: choice_without_replacement(42, np.arange(20) * 10, 5)
# run: choice_without_replacement(1, 10, 10)
# run: choice_without_replacement(1, np.arange(6.0), (2, 3))
# run: choice_without_replacement(1, np.arange(12.0)[::2], (2, 2))
# run: choice_without_replacement(1, 5, 0)
# run: choice_without_replacement(1, 0, 0)
# run: choice_without_replacement(1, 5, 6)
# run: choice_without_replacement(1, np.arange(3), (2, 2))
# run: choice_without_replacement(1, -3, 0)


def choice_keywords(seed, a):
    np.random.seed(seed)
    return np.random.choice(a, size=4, replace=False), np.random.choice(a, 3, replace=True)
# run: choice_keywords(8, 30)
# run: choice_keywords(8, np.arange(10, 20))


def choice_replace_flag(seed, a, replace):
    np.random.seed(seed)
    return np.random.choice(a, 4, replace)
# run: choice_replace_flag(5, 10, True)
# run: choice_replace_flag(5, 10, False)
# run: choice_replace_flag(5, 3, True)
# run: choice_replace_flag(5, 3, False)


def choice_empty(seed, a, n):
    np.random.seed(seed)
    return np.random.choice(a, n)
# run: choice_empty(1, 0, 3)
# run: choice_empty(1, 0, 0)
# run: choice_empty(1, np.zeros(0), 2)
# run: choice_empty(1, np.zeros(0), 0)


def choice_scalar_empty(a):
    return np.random.choice(a)
# run: choice_scalar_empty(0)
# run: choice_scalar_empty(-4)
# run: choice_scalar_empty(np.zeros(0))


# --- shuffle ---


def shuffle_arg(seed, a):
    np.random.seed(seed)
    np.random.shuffle(a)
    return a
# run: shuffle_arg(42, np.arange(10))
# run: shuffle_arg(42, np.arange(10.0))
# run: shuffle_arg(1, np.arange(7, dtype=np.int8))
# run: shuffle_arg(1, np.arange(7, dtype=np.uint16))
# run: shuffle_arg(2, np.array([True, False, False, True, True]))
# run: shuffle_arg(3, np.arange(5) * (1 + 1j))
# run: shuffle_arg(3, np.arange(5, dtype=np.float32))
# run: shuffle_arg(4, np.zeros(0))
# run: shuffle_arg(4, np.ones(1))
# run: shuffle_arg(5, np.arange(12).reshape(6, 2))
# run: shuffle_arg(5, np.arange(24.0).reshape(4, 3, 2))
# run: shuffle_arg(6, np.asfortranarray(np.arange(12.0).reshape(4, 3)))
# run: shuffle_arg(6, np.asfortranarray(np.arange(24).reshape(4, 3, 2)))
# run: shuffle_arg(7, np.arange(30)[::3])
# run: shuffle_arg(7, np.arange(10.0)[::-1])
# run: shuffle_arg(8, np.arange(24.0).reshape(4, 6)[:, ::2])
# run: shuffle_arg(8, np.arange(24.0).reshape(6, 4).T)
# run: shuffle_arg(9, np.zeros((0, 3)))
# run: shuffle_arg(9, np.arange(6.0).reshape(3, 2, 1)[:, :, 0])


def shuffle_view_writes_through(seed):
    np.random.seed(seed)
    a = np.arange(20)
    np.random.shuffle(a[::2])
    return a
# run: shuffle_view_writes_through(42)


def shuffle_rows_of_fresh(seed, n):
    np.random.seed(seed)
    a = np.zeros((n, 3))
    for i in range(n):
        for j in range(3):
            a[i, j] = i * 10 + j
    np.random.shuffle(a)
    np.random.shuffle(a.T)
    return a
# run: shuffle_rows_of_fresh(1, 5)
# run: shuffle_rows_of_fresh(2, 1)


def shuffle_returns_none(seed):
    np.random.seed(seed)
    a = np.arange(4)
    return np.random.shuffle(a), a
# run: shuffle_returns_none(3)


# --- permutation ---


def permutation_int(seed, n):
    np.random.seed(seed)
    return np.random.permutation(n)
# run: permutation_int(42, 10)
# run: permutation_int(42, 1)
# run: permutation_int(42, 0)
# run: permutation_int(42, -3)
# run: permutation_int(1, np.int32(6))


def permutation_array(seed, a):
    np.random.seed(seed)
    b = np.random.permutation(a)
    return a, b
# run: permutation_array(42, np.arange(10.0))
# run: permutation_array(1, np.arange(12).reshape(4, 3))
# run: permutation_array(2, np.asfortranarray(np.arange(12.0).reshape(4, 3)))
# run: permutation_array(3, np.arange(20, dtype=np.int16)[::-4])
# run: permutation_array(4, np.array([True, False, True]))
# run: permutation_array(5, np.zeros((0, 2)))
# run: permutation_array(6, np.arange(24.0).reshape(2, 3, 4).transpose(1, 0, 2))


def permutation_then_draw(seed):
    # The permutation draws exactly what shuffle draws.
    np.random.seed(seed)
    p = np.random.permutation(8)
    x = np.random.random()
    np.random.seed(seed)
    a = np.arange(8)
    np.random.shuffle(a)
    y = np.random.random()
    return p, x, a, y
# run: permutation_then_draw(11)


# --- several generators in one kernel, in callees, in loops ---


def draw_helper(n):
    return np.random.normal(0.0, 1.0, n)


def draws_in_callee(seed, n):
    np.random.seed(seed)
    a = draw_helper(n)
    b = draw_helper(n)
    return a, b
# run: draws_in_callee(42, 3)


def random_walk(seed, n):
    np.random.seed(seed)
    pos = np.zeros(n + 1)
    for i in range(n):
        step = 1.0 if np.random.random() < 0.5 else -1.0
        pos[i + 1] = pos[i] + step * np.random.exponential(1.0)
    return pos
# run: random_walk(42, 20)


def mixed_stream(seed):
    np.random.seed(seed)
    out = np.zeros(8)
    out[0] = np.random.random()
    out[1] = np.random.randint(0, 10)
    out[2] = np.random.uniform(-1.0, 1.0)
    out[3] = np.random.normal(0.0, 1.0)
    out[4] = np.random.poisson(4.0)
    out[5] = np.random.binomial(50, 0.2)
    out[6] = np.random.geometric(0.3)
    out[7] = np.random.exponential(2.0)
    return out
# run: mixed_stream(42)
# run: mixed_stream(2 ** 31)
