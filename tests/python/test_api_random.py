"""np.random in compiled code: what the differential fixtures cannot see.

tests/kernels/run/np_random.py checks every function's values against Numba. This file
checks the generator's state model: compiled code draws from its own per-thread generator,
separate from NumPy's global one (seeding either side leaves the other alone); two threads
running a nogil kernel get their own reproducible streams; after ``np.random.seed(s)`` in a
kernel, random/randint/uniform/normal (and the other legacy-stream functions) draw exactly
what ``np.random.RandomState(s)`` draws. It also covers the NumPy signatures oxjit accepts
beyond Numba (omitted middle arguments), the ways a kernel can name the functions, and the
errors.
"""

import gc
import threading

import numpy as np
import oxjit
import pytest
from numpy.random import normal as imported_normal
from oxjit import _native, njit

ROWS = np.arange(12).reshape(6, 2)
OTHER_STATE = np.random.RandomState(0)
# A bound method of another RandomState looks like `numpy.random.normal` by module and name.
OTHER_NORMAL = OTHER_STATE.normal


@njit
def seed_and_draw(seed, n):
    np.random.seed(seed)
    return np.random.random(n)


@njit
def draw(n):
    return np.random.random(n)


@njit
def legacy_stream(seed, n):
    np.random.seed(seed)
    a = np.random.random(n)
    b = np.random.randint(0, 100, n)
    c = np.random.uniform(-1.0, 2.0, n)
    d = np.random.normal(3.0, 2.0, n)
    e = np.random.randint(-(2**40), 2**40, n)
    x = np.random.random()
    y = np.random.randint(5, 17)
    z = np.random.uniform(0.5, 0.75)
    w = np.random.normal(-1.0, 0.5)
    return a, b, c, d, e, x, y, z, w


def test_kernel_seed_matches_randomstate_for_random_randint_uniform_normal():
    for seed in (0, 1, 42, 2**31, 2**32 - 1):
        got = legacy_stream(seed, 7)
        rs = np.random.RandomState(seed)
        want = (
            rs.random_sample(7),
            rs.randint(0, 100, 7),
            rs.uniform(-1.0, 2.0, 7),
            rs.normal(3.0, 2.0, 7),
            rs.randint(-(2**40), 2**40, 7),
            rs.random_sample(),
            rs.randint(5, 17),
            rs.uniform(0.5, 0.75),
            rs.normal(-1.0, 0.5),
        )
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w, strict=False)
            assert np.asarray(g).dtype == np.asarray(w).dtype
        assert [type(v) for v in got[5:]] == [float, int, float, float]


@njit
def other_legacy_draws(seed):
    np.random.seed(seed)
    return (
        np.random.exponential(2.0, 5),
        np.random.poisson(3.5, 5),
        np.random.poisson(60.0, 5),
        np.random.binomial(10, 0.3, 5),
        np.random.binomial(500, 0.6, 5),
        np.random.geometric(0.2, 5),
        np.random.standard_normal(3),
        np.random.permutation(9),
        np.random.choice(50, 4),
        np.random.choice(30, 5, False),
    )


def test_other_legacy_draws_match_randomstate():
    for seed in (3, 42):
        got = other_legacy_draws(seed)
        rs = np.random.RandomState(seed)
        want = (
            rs.exponential(2.0, 5),
            rs.poisson(3.5, 5),
            rs.poisson(60.0, 5),
            rs.binomial(10, 0.3, 5),
            rs.binomial(500, 0.6, 5),
            rs.geometric(0.2, 5),
            rs.standard_normal(3),
            rs.permutation(9),
            rs.choice(50, 4),
            rs.choice(30, 5, False),
        )
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)


def test_compiled_seed_leaves_numpys_generator_alone():
    np.random.seed(123)
    seed_and_draw(7, 10)
    assert np.array_equal(
        np.random.random(3), np.random.RandomState(123).random_sample(3)
    )


def test_numpys_seed_leaves_the_compiled_generator_alone():
    first = seed_and_draw(5, 2)
    np.random.seed(99)
    np.random.random(4)
    then = draw(2)
    want = np.random.RandomState(5).random_sample(4)
    assert np.array_equal(np.concatenate([first, then]), want)
    # And the compiled draws did not move NumPy's stream.
    assert np.random.random() == np.random.RandomState(99).random_sample(5)[4]


@njit(nogil=True)
def long_stream(seed, n):
    np.random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out


@njit(nogil=True)
def unseeded_stream(n):
    return np.random.random(n)


def run_in_threads(funcs):
    results = [None] * len(funcs)
    start = threading.Barrier(len(funcs))

    def run(k):
        start.wait()
        results[k] = funcs[k]()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(funcs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_threads_have_their_own_reproducible_streams():
    n = 1_000_000
    seeds = (11, 12, 11)
    # The main thread's stream, seeded before the threads run, continues undisturbed.
    seed_and_draw(1, 1)
    for _ in range(3):
        results = run_in_threads([lambda s=s: long_stream(s, n) for s in seeds])
        for s, got in zip(seeds, results):
            assert np.array_equal(got, np.random.RandomState(s).random_sample(n))
    assert np.array_equal(draw(2), np.random.RandomState(1).random_sample(3)[1:])


def test_unseeded_threads_draw_different_streams():
    a, b = run_in_threads([lambda: unseeded_stream(8), lambda: unseeded_stream(8)])
    assert not np.array_equal(a, b)
    assert not np.array_equal(a, np.random.RandomState(0).random_sample(8))


@njit
def beyond_numba(seed):
    np.random.seed(seed)
    a = np.random.normal(size=3)
    b = np.random.uniform(high=2.0)
    c = np.random.randint(10, size=4)
    d = np.random.poisson(size=3)
    e = np.random.exponential(size=2)
    f = np.random.standard_exponential(size=(1, 2))
    g = np.random.normal(scale=3.0, size=(2,))
    return a, b, c, d, e, f, g


def test_numpy_signatures_numba_rejects():
    got = beyond_numba(8)
    rs = np.random.RandomState(8)
    want = (
        rs.normal(size=3),
        rs.uniform(high=2.0),
        rs.randint(10, size=4),
        rs.poisson(size=3),
        rs.exponential(size=2),
        rs.standard_exponential(size=(1, 2)),
        rs.normal(scale=3.0, size=(2,)),
    )
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
        assert np.asarray(g).shape == np.asarray(w).shape


@njit
def gamma_sizes(seed):
    np.random.seed(seed)
    a = np.random.gamma(2.0, size=3)
    np.random.seed(seed)
    b = np.array([np.random.gamma(2.0), np.random.gamma(2.0), np.random.gamma(2.0)])
    return a, b


def test_gamma_with_default_scale_and_size():
    a, b = gamma_sizes(4)
    assert a.shape == (3,) and np.array_equal(a, b)


@njit
def spelled_three_ways(seed):
    np.random.seed(seed)
    a = np.random.normal(0.0, 1.0)
    np.random.seed(seed)
    b = imported_normal(0.0, 1.0)
    return a, b


def test_functions_imported_from_numpy_random():
    a, b = spelled_three_ways(6)
    assert a == b == np.random.RandomState(6).normal(0.0, 1.0)


def test_shuffle_returns_none_and_mutates_the_argument():
    @njit
    def shuffled(seed, a):
        np.random.seed(seed)
        return np.random.shuffle(a)

    a = np.arange(10.0)
    assert shuffled(3, a) is None
    want = np.arange(10.0)
    np.random.RandomState(3).shuffle(want)
    assert np.array_equal(a, want)


@njit
def churn(seed, n):
    np.random.seed(seed)
    t = 0.0
    for i in range(n):
        t += np.random.choice(np.arange(50.0), 5, False).sum()
        t += np.random.choice(40, (2, 2), i % 2 == 0).sum()
        t += np.random.permutation(np.arange(12.0).reshape(4, 3)).sum()
        t += np.random.normal(0.0, 1.0, (3, 3)).sum()
    return t


@njit
def raise_after_draws(seed, n):
    np.random.seed(seed)
    a = np.random.random(n)
    b = np.random.choice(a, 3, False)
    return np.random.choice(a, n + 1, False).sum() + b.sum()


def test_draws_leak_nothing():
    churn(1, 10)
    gc.collect()
    before = _native.runtime_stats()["live_blocks"]
    churn(2, 2000)
    for _ in range(100):
        with pytest.raises(ValueError):
            raise_after_draws(3, 4)
    gc.collect()
    assert _native.runtime_stats()["live_blocks"] == before


def err_empty_range():
    return np.random.randint(5, 5)


def err_binomial_n():
    return np.random.binomial(-1, 0.5)


def err_poisson_negative():
    return np.random.poisson(-1.0)


def err_poisson_nan():
    return np.random.poisson(np.nan)


def err_gamma_shape():
    return np.random.gamma(0.0)


def err_geometric_p():
    return np.random.geometric(0.0)


def err_choice_too_many():
    return np.random.choice(4, 5, False)


def err_negative_size():
    return np.random.random(-1)


@pytest.mark.parametrize(
    ("kernel", "match"),
    [
        (err_empty_range, r"^empty range for randrange\(\)$"),
        (err_binomial_n, r"^binomial\(\): n <= 0$"),
        (err_poisson_negative, r"^poisson\(\): lambda < 0$"),
        (err_poisson_nan, "NaN"),
        (err_gamma_shape, r"^gammavariate: alpha and beta must be > 0\.0$"),
        (err_geometric_p, r"^geometric\(\): p outside of \(0, 1\]$"),
        (err_choice_too_many, "Cannot take a larger sample than population"),
        (err_negative_size, "negative dimensions"),
    ],
)
def test_runtime_errors(kernel, match):
    with pytest.raises(ValueError, match=match):
        njit(kernel)()


def bad_complex_loc():
    return np.random.normal(1j)


def bad_float_bound():
    return np.random.randint(1.5)


def bad_float_trials():
    return np.random.binomial(2.0, 0.5)


def bad_float_size():
    return np.random.random((2.0, 3))


def bad_choice_2d():
    return np.random.choice(np.zeros((2, 2)))


def bad_shuffle_global():
    np.random.shuffle(ROWS)


def bad_permutation_float():
    return np.random.permutation(1.5)


def bad_seed_none():
    np.random.seed()


def bad_too_many():
    return np.random.uniform(0.0, 1.0, 3, 4)


def bad_keyword():
    return np.random.normal(mean=1.0)


def bad_other_state():
    return OTHER_STATE.normal()


def bad_other_state_method():
    return OTHER_NORMAL(0.0, 1.0)


def bad_generator_api():
    return np.random.default_rng(0)


@pytest.mark.parametrize(
    "kernel",
    [
        bad_complex_loc,
        bad_float_bound,
        bad_float_trials,
        bad_float_size,
        bad_choice_2d,
        bad_shuffle_global,
        bad_permutation_float,
        bad_seed_none,
        bad_too_many,
        bad_keyword,
        bad_other_state,
        bad_other_state_method,
        bad_generator_api,
    ],
)
def test_typing_errors(kernel):
    with pytest.raises(oxjit.TypingError):
        njit(kernel)()
