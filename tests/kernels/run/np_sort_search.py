# Sorting, order statistics and searching inside kernels: np.sort / a.sort() (quicksort and
# mergesort, along the last axis of n-d arrays), np.argsort / a.argsort() (the order of ties
# is Numba's quicksort's, not NumPy's), np.median, np.percentile, np.quantile,
# np.searchsorted (left / right, scalar and array keys, unsorted input where the key window
# Numba reuses between keys shows), np.unique, np.nonzero / a.nonzero(), np.flatnonzero,
# np.argwhere, np.diff, np.cumsum / np.cumprod and their methods. NaNs sort last; where -0.0
# and 0.0 end up is decided by the algorithm, and compared. Integer, bool, float32, float64
# and complex arrays; empty and one-element arrays; non-contiguous views and F arrays.
# Numba rejects np.sort(a, kind=...), argsort of n-d arrays, median/percentile of complex
# numbers, nonzero/argwhere of 0-d arrays and diff of non-contiguous arrays.

import numpy as np

TIES = np.array([3, 1, 2, 3, 1, 2, 0, 3, 3, 1, 2, 2, 0, 1, 3, 2, 1, 0, 0, 3, 2, 1])
ZEROS = np.array([0.0, -0.0, 1.0, -0.0, 0.0, -1.0, 0.0, -0.0, 0.0, 0.0, -0.0, -0.0, 2.0,
                  0.0, -0.0, 0.0, -2.0, -0.0, 0.0, -0.0, 0.5, -0.0, 0.0])


# Input makers for the `# run:` lines (lambdas, so that the harness does not take them for
# kernels).
rand_ints = lambda seed, n, hi: np.random.RandomState(seed).randint(0, hi, n)  # noqa: E731
rand_floats = lambda seed, n: np.round(np.random.RandomState(seed).standard_normal(n), 2)  # noqa: E731
# Rounded normal numbers with NaN at every 7th place.
with_nans = lambda seed, n: np.where(np.arange(n) % 7 == 0, np.nan, np.round(np.random.RandomState(seed).standard_normal(n), 1))  # noqa: E731


# --- np.sort / a.sort() ---


def np_sort(a):
    return np.sort(a)
# run: np_sort(np.array([3.0, 1.0, 2.0]))
# run: np_sort(np.zeros(0))
# run: np_sort(np.array([5]))
# run: np_sort(TIES)
# run: np_sort(ZEROS)
# run: np_sort(ZEROS[::-1].copy())
# run: np_sort(np.array([0.0, -0.0] * 20))
# run: np_sort(np.array([nan, 1.0, -inf, nan, inf, 0.0, -0.0]))
# run: np_sort(with_nans(1, 60))
# run: np_sort(rand_floats(2, 200))
# run: np_sort(rand_ints(3, 300, 1000).astype(np.int32))
# run: np_sort(rand_ints(4, 50, 3).astype(np.uint8))
# run: np_sort(rand_ints(5, 40, 2).astype(np.bool_))
# run: np_sort(rand_floats(6, 70).astype(np.float32))
# run: np_sort(np.array([np.nan, 1, -1], np.float32))
# run: np_sort(np.array([INT64_MIN, INT64_MAX, 0, -1]))
# run: np_sort(np.array([UINT64_MAX, 0, 7], np.uint64))
# run: np_sort(np.array([1 + 2j, 1 - 1j, complex(nan, 0), -3j, complex(0, nan), 2, 1 + 2j]))
# run: np_sort(np.arange(40.0)[::-1])
# run: np_sort(np.arange(30.0)[::3])
# run: np_sort(rand_floats(7, 60).reshape(6, 10))
# run: np_sort(np.asfortranarray(rand_floats(8, 24).reshape(4, 6)))
# run: np_sort(rand_ints(9, 60, 9).reshape(3, 4, 5)[:, ::2, :])
# run: np_sort(np.zeros((3, 0)))


def sort_inplace(a):
    r = a.sort()
    return (r, a)
# run: sort_inplace(np.array([3.0, nan, 1.0, -0.0, 0.0, 2.0]))
# run: sort_inplace(ZEROS.copy())
# run: sort_inplace(with_nans(10, 50))
# run: sort_inplace(TIES.copy())
# run: sort_inplace(rand_ints(11, 100, 20).reshape(10, 10))
# run: sort_inplace(np.zeros(0, np.int16))


def sort_view_inplace(a):
    v = a[::2]
    v.sort()
    return a
# run: sort_view_inplace(rand_floats(12, 41))
# run: sort_view_inplace(ZEROS.copy())


def sort_columns_inplace(a):
    a.T.sort()
    return a
# run: sort_columns_inplace(rand_floats(13, 30).reshape(5, 6))


def sorted_in_loop(n):
    out = 0.0
    for k in range(n):
        a = np.sort(np.arange(float(k + 3))[::-1])
        out += a[0] + a[-1]
    return out
# run: sorted_in_loop(5)


# --- np.argsort ---


def np_argsort(a):
    return np.argsort(a)
# run: np_argsort(np.array([3.0, 1.0, 2.0]))
# run: np_argsort(np.zeros(0))
# run: np_argsort(np.array([4]))
# run: np_argsort(TIES)
# run: np_argsort(ZEROS)
# run: np_argsort(np.ones(40))
# run: np_argsort(rand_ints(20, 200, 7))
# run: np_argsort(rand_ints(21, 64, 2).astype(np.bool_))
# run: np_argsort(with_nans(22, 90))
# run: np_argsort(rand_floats(23, 100).astype(np.float32))
# run: np_argsort(np.array([1 + 1j, 1 + 0j, complex(nan, 0), 1 + 1j, 0j, complex(1, nan)]))
# run: np_argsort(rand_ints(24, 90, 5)[::-3])
# run: np_argsort(np.asfortranarray(rand_ints(25, 12, 3).reshape(3, 4))[:, 1])


def np_argsort_merge(a):
    return (np.argsort(a, kind='mergesort'), np.argsort(a, kind='stable'))
# run: np_argsort_merge(TIES)
# run: np_argsort_merge(rand_ints(26, 150, 6))
# run: np_argsort_merge(with_nans(27, 70))
# run: np_argsort_merge(np.zeros(0))


def np_argsort_quick_kw(a):
    return np.argsort(a, kind='quicksort')
# run: np_argsort_quick_kw(rand_ints(28, 50, 4))


def method_argsort(a):
    return a.argsort()
# run: method_argsort(TIES)
# run: method_argsort(ZEROS)


def argsort_gathers(a):
    idx = np.argsort(a)
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[idx[i]]
    return out
# run: argsort_gathers(with_nans(29, 40))


# --- np.median, np.percentile, np.quantile ---


def np_median(a):
    return np.median(a)
# run: np_median(np.array([3.0, 1.0, 2.0]))
# run: np_median(np.array([3.0, 1.0, 2.0, 10.0]))
# run: np_median(np.zeros(0))
# run: np_median(np.array([7.5]))
# run: np_median(rand_floats(30, 101))
# run: np_median(rand_floats(31, 100))
# run: np_median(with_nans(32, 30))
# run: np_median(np.array([1.0, nan, 3.0, 0.0]))
# run: np_median(np.array([nan, 1.0, 2.0]))
# run: np_median(TIES)
# run: np_median(np.array([INT64_MAX, INT64_MAX]))
# run: np_median(np.array([250, 251], np.uint8))
# run: np_median(np.array([True, False, True, True]))
# run: np_median(rand_floats(33, 40).astype(np.float32))
# run: np_median(np.array([1e38, 3e38], np.float32))
# run: np_median(rand_floats(34, 30).reshape(5, 6))
# run: np_median(np.asfortranarray(rand_floats(35, 30).reshape(5, 6)))
# run: np_median(rand_floats(36, 60)[::4])
# run: np_median(np.array([0.0, -0.0, -0.0, 0.0]))


def np_percentile(a, q):
    return np.percentile(a, q)
# run: np_percentile(np.array([1.0, 2.0, 4.0, 9.0]), 30)
# run: np_percentile(np.array([1, 2, 4, 9]), 30.0)
# run: np_percentile(rand_floats(40, 50), 0)
# run: np_percentile(rand_floats(41, 50), 100)
# run: np_percentile(rand_floats(42, 50), 37.5)
# run: np_percentile(rand_floats(43, 50), np.array([10.0, 50.0, 90.0, 0.0, 100.0]))
# run: np_percentile(rand_floats(44, 50), np.array([[10, 20], [30, 40]]))
# run: np_percentile(np.array([1.0, nan]), 50)
# run: np_percentile(np.array([1.0, inf]), 100)
# run: np_percentile(np.array([-inf, 1.0, 2.0]), 0)
# run: np_percentile(np.array([inf, inf, 1.0]), 0)
# run: np_percentile(np.array([-inf, -inf, 1.0]), 0)
# run: np_percentile(np.array([3.5]), np.array([10.0, 90.0]))
# run: np_percentile(np.array([inf]), 50)
# run: np_percentile(np.array([True, False, True]), 50)
# run: np_percentile(np.arange(4.0), True)
# run: np_percentile(np.zeros(3), np.zeros(0))
# run: np_percentile(np.zeros(3), 101)
# run: np_percentile(np.zeros(3), -1)
# run: np_percentile(np.zeros(3), nan)
# run: np_percentile(np.zeros(0), 50)
# run: np_percentile(np.zeros(0), 100)
# run: np_percentile(np.zeros(0), 0)
# run: np_percentile(rand_floats(45, 24).reshape(4, 6)[:, ::2], np.array([25.0, 75.0]))


def np_quantile(a, q):
    return np.quantile(a, q)
# run: np_quantile(np.array([1, 2, 4, 9]), np.array([0.3, 1.0]))
# run: np_quantile(rand_floats(46, 31), 0.5)
# run: np_quantile(rand_floats(47, 31).astype(np.float32), np.array([0.1, 0.9]))
# run: np_quantile(np.zeros(3), 1.5)


# --- np.searchsorted ---


def ss_left(a, v):
    return np.searchsorted(a, v)
# run: ss_left(np.arange(5.0), 2.5)
# run: ss_left(np.arange(5.0), 2.0)
# run: ss_left(np.arange(5.0), -1.0)
# run: ss_left(np.arange(5.0), 9.0)
# run: ss_left(np.zeros(0), 1.0)
# run: ss_left(np.arange(5), 2)
# run: ss_left(np.array([1.0, 2.0, nan]), nan)
# run: ss_left(np.array([1, 2, 3]), nan)
# run: ss_left(np.array([1, 2, nan], np.float32), np.float32(nan))
# run: ss_left(np.array([1, 2, 3], np.uint64), -1)
# run: ss_left(np.array([False, True]), True)
# run: ss_left(np.array([1 + 1j, 2]), 1.5)
# run: ss_left(np.array([1.0, 2.0]), 1 + 1j)
# run: ss_left(np.array([1.0, 1.0, 2.0, 2.0, 2.0, 3.0]), np.array([2.0, 1.0, 3.0, 0.0, 9.0, 2.0]))
# run: ss_left(np.arange(10.0)[::2], np.array([[1.5, 4.0], [8.0, -1.0]]))
# run: ss_left(np.array([3.0, 1.0, 2.0]), np.array([2.5, 0.5, 1.5, 9.0]))
# run: ss_left(np.array([1.0, 2.0, nan]), np.array([nan, 1.0], np.float32))
# run: ss_left(np.array([1, 2, 3]), np.array([nan, 1.0]))
# run: ss_left(np.arange(4.0), np.zeros(0))
# run: ss_left(np.arange(4.0), np.array(2.0))


def ss_right(a, v):
    return np.searchsorted(a, v, side='right')
# run: ss_right(np.arange(5.0), 2.0)
# run: ss_right(np.array([1.0, 2.0, nan]), 2)
# run: ss_right(np.array([1.0, nan, nan]), nan)
# run: ss_right(np.array([1.0, 1.0, 2.0, 2.0, 2.0, 3.0]), np.array([2.0, 1.0, 3.0, 0.0, 9.0, 2.0]))
# run: ss_right(np.array([1 + 1j, 1 + 2j, 2]), np.array([1 + 1j, complex(nan, 0)]))
# run: ss_right(np.array([5, 1, 4, 2, 3]), np.array([3, 1, 4, 4, 0]))


def ss_keywords(a, v):
    return (np.searchsorted(a, v, side='left'), np.searchsorted(a, v=v, side='right'))
# run: ss_keywords(np.array([1, 2, 2, 3]), 2)


# --- np.unique ---


def np_unique(a):
    return np.unique(a)
# run: np_unique(TIES)
# run: np_unique(np.zeros(0))
# run: np_unique(np.array([2.0]))
# run: np_unique(np.array([nan, 1.0, nan, -0.0, 0.0, 1.0]))
# run: np_unique(ZEROS)
# run: np_unique(np.array([True, False, True]))
# run: np_unique(np.array([1j, nan, 1j, complex(nan, 1)]))
# run: np_unique(np.asfortranarray(np.array([[3, 1], [2, 1]])))
# run: np_unique(rand_ints(50, 200, 30).astype(np.int16).reshape(10, 20)[::2, ::3])
# run: np_unique(rand_floats(51, 50).astype(np.float32))
# run: np_unique(np.array(2.5))


# --- np.nonzero, np.flatnonzero, np.argwhere ---


def np_nonzero(a):
    return np.nonzero(a)
# run: np_nonzero(np.array([0, 3, 0, -1]))
# run: np_nonzero(np.array([[3, 0], [0, -1]]))
# run: np_nonzero(np.ones((2, 1, 2)))
# run: np_nonzero(np.zeros((0, 2)))
# run: np_nonzero(np.zeros((2, 3)))
# run: np_nonzero(np.array([0.0, -0.0, nan, 1e-300]))
# run: np_nonzero(np.array([0j, 1j, 1, complex(0, -0.0)]))
# run: np_nonzero(np.array([True, False, True]))
# run: np_nonzero(np.asfortranarray(np.array([[1, 0], [1, 1]])))
# run: np_nonzero(rand_ints(60, 60, 3).reshape(3, 4, 5)[:, ::-1, 1::2])


def method_nonzero(a):
    return a.nonzero()
# run: method_nonzero(np.array([[3, 0], [0, -1]]))


def nonzero_tuple_use(a):
    rows, cols = np.nonzero(a)
    s = 0
    for k in range(rows.shape[0]):
        s += rows[k] * 10 + cols[k]
    return s
# run: nonzero_tuple_use(rand_ints(61, 30, 2).reshape(5, 6))


def np_flatnonzero(a):
    return np.flatnonzero(a)
# run: np_flatnonzero(np.array([[1, 0], [1, 1]]))
# run: np_flatnonzero(np.asfortranarray(np.array([[1, 0], [1, 1]])))
# run: np_flatnonzero(np.array(1.0))
# run: np_flatnonzero(np.array(0.0))
# run: np_flatnonzero(np.zeros(0))
# run: np_flatnonzero(rand_ints(62, 40, 2)[::3])


def np_argwhere(a):
    return np.argwhere(a)
# run: np_argwhere(np.array([[3, 0], [0, -1]]))
# run: np_argwhere(np.array([3, 0, 0, -1]))
# run: np_argwhere(np.zeros((2, 2)))
# run: np_argwhere(rand_ints(63, 24, 2).reshape(2, 3, 4))


# --- np.diff ---


def np_diff(a):
    return np.diff(a)
# run: np_diff(np.array([1.0, 4.0, 9.0, 16.0]))
# run: np_diff(np.array([1, 2, 4], np.uint8)[::-1].copy())
# run: np_diff(np.array([[1, 2, 4], [3, 4, 9]], np.uint8))
# run: np_diff(np.array([True, False, False, True]))
# run: np_diff(np.array([1j, 2, 3 - 1j]))
# run: np_diff(np.array([5.0]))
# run: np_diff(np.zeros(0))
# run: np_diff(np.zeros((2, 0)))
# run: np_diff(np.asfortranarray(np.arange(12.0).reshape(3, 4) ** 2))
# run: np_diff(np.array([INT64_MIN, INT64_MAX]))


def np_diff_n(a, n):
    return np.diff(a, n)
# run: np_diff_n(np.array([1.0, 2.0, 4.0, 9.0]), 2)
# run: np_diff_n(np.array([1.0, 2.0, 4.0, 9.0]), 0)
# run: np_diff_n(np.array([1.0, 2.0, 4.0, 9.0]), 5)
# run: np_diff_n(np.array([1.0, 2.0, 4.0, 9.0]), -1)
# run: np_diff_n(rand_floats(70, 30), 3)
# run: np_diff_n((np.arange(12, dtype=np.float32).reshape(3, 4) / 7) ** 2, 2)
# run: np_diff_n(np.array([True, True, False, True, False]), 3)


def np_diff_kw(a):
    return np.diff(a, n=2)
# run: np_diff_kw(np.arange(6) ** 3)


# --- np.cumsum, np.cumprod ---


def np_cumsum(a):
    return np.cumsum(a)
# run: np_cumsum(np.array([[1, 2], [3, 4]], np.int8))
# run: np_cumsum(np.array([True, True, False]))
# run: np_cumsum(np.arange(10.0) / 3.0)
# run: np_cumsum(np.arange(3, dtype=np.float32) / np.float32(7))
# run: np_cumsum(np.arange(3, dtype=np.complex64))
# run: np_cumsum(np.zeros(0))
# run: np_cumsum(np.array(3))
# run: np_cumsum(np.array([UINT64_MAX, 1], np.uint64))
# run: np_cumsum(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
# run: np_cumsum(np.arange(20.0)[::-3])
# run: np_cumsum(np.array([1.0, nan, 2.0]))


def cumsum_method(a):
    return a.cumsum()
# run: cumsum_method(np.array([True, True]))
# run: cumsum_method(np.arange(6, dtype=np.uint16).reshape(2, 3).T)


def cumsum_dtype_axis(a):
    return (np.cumsum(a, dtype=np.float32), np.cumsum(a, axis=0), np.cumsum(a, -1))
# run: cumsum_dtype_axis(np.arange(5))


def np_cumprod(a):
    return np.cumprod(a)
# run: np_cumprod(np.array([1.5, 2], np.float32))
# run: np_cumprod(np.array([200, 2], np.uint8))
# run: np_cumprod(np.array([True, False]))
# run: np_cumprod(np.arange(1, 5).reshape(2, 2).T)
# run: np_cumprod(np.arange(1, 30))
# run: np_cumprod(np.array([1 + 1j, 2j, 3]))
# run: np_cumprod(np.zeros(0))


def cumprod_method(a):
    return a.cumprod()
# run: cumprod_method(np.arange(1.0, 8.0) / 3.0)


# --- keyword arguments of array methods, cumsum along an axis, tuples as arrays ---


def sort_kind_kw(a):
    b = a.copy()
    b.sort(kind='mergesort')
    c = a.copy()
    c.sort(kind='quicksort')
    return b, c, a.argsort(kind='mergesort'), a.argsort(kind='stable')
# run: sort_kind_kw(TIES)
# run: sort_kind_kw(with_nans(40, 50))
# run: sort_kind_kw(np.zeros(0))


def sort_rows_kw(a):
    a.sort(kind='mergesort')
    return a
# run: sort_rows_kw(rand_ints(41, 24, 5).reshape(4, 6))


def cumsum_axis(a, ax):
    return np.cumsum(a, axis=ax), np.cumsum(a, ax), a.cumsum(axis=ax), a.cumsum(ax)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4) / 7.0, 0)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4) / 7.0, 1)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4) / 7.0, 2)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4) / 7.0, -1)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4) / 7.0, -3)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4), 3)
# run: cumsum_axis(np.arange(24.0).reshape(2, 3, 4), -4)
# run: cumsum_axis(np.array([[True, False], [True, True]]), 0)
# run: cumsum_axis(np.arange(12, dtype=np.int8).reshape(3, 4), 1)
# run: cumsum_axis(np.arange(12, dtype=np.uint32).reshape(3, 4), 0)
# run: cumsum_axis(np.asfortranarray(rand_floats(42, 12).reshape(3, 4)), 1)
# run: cumsum_axis(rand_floats(43, 30).reshape(5, 6)[::2, ::-1], 0)
# run: cumsum_axis(np.array([[-0.0, 1.0], [nan, -0.0]]), 0)
# run: cumsum_axis(np.zeros((0, 3)), 1)
# run: cumsum_axis(np.zeros((2, 0)), 0)
# run: cumsum_axis(np.array([1.5, 2.5]), 0)
# run: cumsum_axis(np.arange(4.0).reshape(2, 2) + 1j, 1)


def cumsum_axis_dtype(a):
    return np.cumsum(a, axis=1, dtype=np.float32), a.cumsum(axis=0, dtype=np.int32), a.cumsum(dtype=np.float64)
# run: cumsum_axis_dtype(np.arange(12, dtype=np.int16).reshape(3, 4))


def percentile_tuples(a):
    return (np.percentile(a, (10, 50, 90.5)), np.quantile(a, (0.25, 0.75)),
            np.percentile(a, (100,)), np.quantile(a, (True, 0)))
# run: percentile_tuples(np.array([1.0, 2.0, 4.0, 9.0]))
# run: percentile_tuples(rand_floats(44, 31))
# run: percentile_tuples(with_nans(45, 20))
# run: percentile_tuples(np.array([3, 1, 2], np.int32))


def percentile_tuple_arg(a, q):
    return np.percentile(a, q), np.quantile(a, q=(0.5, 0.1))
# run: percentile_tuple_arg(np.array([1.0, 2.0, 4.0, 9.0]), (30, 60.0))
# run: percentile_tuple_arg(np.array([1.0, 2.0, 4.0, 9.0]), (-1.0, 60.0))


def searchsorted_tuples(a):
    return np.searchsorted(a, (1.5, 2.5, -1.0, 10.0)), np.searchsorted(a, (1, 3)), np.searchsorted(a, v=(2.0,))
# run: searchsorted_tuples(np.array([1.0, 2.0, 3.0, 3.0, 4.0]))
# run: searchsorted_tuples(np.array([1, 3, 3, 7]))
# run: searchsorted_tuples(np.zeros(0))


def interp_tuples(x):
    return (np.interp(x, (1.0, 2.0, 3.0), (10.0, 20.0, 5.0)), np.interp(2.5, (1, 2, 3), (3.0, 1.0, 2.0)),
            np.interp(x, xp=(0.0, 10.0), fp=(0, 1)))
# run: interp_tuples(np.array([0.0, 1.5, 2.5, 3.0, 4.0, nan]))
# run: interp_tuples(np.linspace(-1.0, 11.0, 13).reshape(13))
