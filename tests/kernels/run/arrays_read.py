# Reading arrays: a[i], a[i, j], a[i, j, k], negative indices, a.shape, a.size, a.ndim,
# len(a), `for x in a`, on empty, one-element and ordinary arrays.

import math


def arr_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s
# run: arr_sum(np.arange(10.0))
# run: arr_sum(np.zeros(0))
# run: arr_sum(np.array([-0.0]))
# run: arr_sum(np.array([1e308, 1e308, -1e308]))
# run: arr_sum(np.array([1.0, nan, 2.0]))
# hypothesis: arr_sum(f64_arrays)


def rms(a):
    # The example.
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return (s / a.shape[0]) ** 0.5
# run: rms(np.arange(10.0))
# run: rms(np.array([3.0]))
# run: rms(np.zeros(0))
# run: rms(np.linspace(-1.0, 1.0, 101))
# hypothesis: rms(finite_f64_arrays)


def dot(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s
# run: dot(np.arange(5.0), np.ones(5))
# run: dot(np.array([1e200, 1e200]), np.array([1e200, -1e200]))
# run: dot(np.zeros(0), np.zeros(0))
# run: dot(np.arange(4), np.arange(4))


def iter_sum_sq(a):
    s = 0.0
    for x in a:
        s += x * x
    return s
# run: iter_sum_sq(np.arange(6.0))
# run: iter_sum_sq(np.zeros(0))
# run: iter_sum_sq(np.array([nan]))
# hypothesis: iter_sum_sq(f64_arrays)


def argmax(a):
    # Index of the first maximum; -1 for an empty array. nan never wins a comparison.
    best = -1
    for i in range(len(a)):
        if best == -1 or a[i] > a[best]:
            best = i
    return best
# run: argmax(np.array([3.0, 7.0, 7.0, 1.0]))
# run: argmax(np.zeros(0))
# run: argmax(np.array([nan, 1.0, 2.0]))
# run: argmax(np.array([-inf]))
# hypothesis: argmax(f64_arrays)


def first_negative(a):
    for i in range(len(a)):
        if a[i] < 0:
            return i
    return -1
# run: first_negative(np.array([1, 2, -3, -4]))
# run: first_negative(np.array([1, 2, 3]))
# run: first_negative(np.array([-0.0, -1e-300]))
# hypothesis: first_negative(i64_arrays)


def ends(a):
    return (a[0], a[-1], a[-len(a)])
# run: ends(np.array([1, 2, 3]))
# run: ends(np.array([7.5]))
# run: ends(np.array([True, False]))


def array_info(a):
    return (a.ndim, a.size, len(a), a.shape[0], a.shape[-1])
# run: array_info(np.zeros(7))
# run: array_info(np.zeros((2, 3)))
# run: array_info(np.zeros((4, 0, 5)))
# run: array_info(np.zeros(0, dtype=np.int32))


def shape3(a):
    s0, s1, s2 = a.shape
    return s0 * 100 + s1 * 10 + s2
# run: shape3(np.zeros((1, 2, 3)))
# run: shape3(np.zeros((2, 0, 3), dtype=np.uint8))


def trace(m):
    t = 0.0
    for i in range(min(m.shape[0], m.shape[1])):
        t += m[i, i]
    return t
# run: trace(np.eye(3))
# run: trace(np.arange(12.0).reshape(3, 4))
# run: trace(np.zeros((0, 0)))


def inf_norm(m):
    # Maximum absolute row sum.
    best = 0.0
    for i in range(m.shape[0]):
        row = 0.0
        for j in range(m.shape[1]):
            row += abs(m[i, j])
        best = max(best, row)
    return best
# run: inf_norm(np.arange(-6.0, 6.0).reshape(3, 4))
# run: inf_norm(np.zeros((2, 0)))


def frobenius(m):
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * m[i, j]
    return math.sqrt(s)
# run: frobenius(np.ones((3, 3)))
# run: frobenius(np.arange(6).reshape(2, 3))


def sum3d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k] * (i + 1) - k
    return s
# run: sum3d(np.arange(24.0).reshape(2, 3, 4))
# run: sum3d(np.zeros((0, 3, 4)))
# run: sum3d(np.ones((1, 1, 1), dtype=np.int64))


def corners(m):
    return (m[0, 0], m[0, -1], m[-1, 0], m[-1, -1])
# run: corners(np.arange(12).reshape(3, 4))
# run: corners(np.array([[5.5]]))


def is_sorted(a):
    for i in range(1, len(a)):
        if a[i - 1] > a[i]:
            return False
    return True
# run: is_sorted(np.array([1, 2, 2, 5]))
# run: is_sorted(np.array([1, 3, 2]))
# run: is_sorted(np.zeros(0))
# run: is_sorted(np.array([1.0, nan, 0.0]))
# hypothesis: is_sorted(i64_arrays)


def horner_array(coeffs, x):
    # coeffs[0] is the highest power.
    r = 0.0
    for c in coeffs:
        r = r * x + c
    return r
# run: horner_array(np.array([1.0, -3.0, 3.0, -1.0]), 2.0)
# run: horner_array(np.array([2, 0, 1]), 0.5)
# run: horner_array(np.zeros(0), 3.0)


def variance(a):
    # Two-pass sample variance.
    n = len(a)
    if n < 2:
        return 0.0
    mean = 0.0
    for x in a:
        mean += x
    mean /= n
    ss = 0.0
    for x in a:
        ss += (x - mean) * (x - mean)
    return ss / (n - 1)
# run: variance(np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]))
# run: variance(np.array([1.0]))
# run: variance(np.array([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]))
# hypothesis: variance(finite_f64_arrays)


def min_max_scan(a):
    lo = a[0]
    hi = a[0]
    for x in a:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return (lo, hi)
# run: min_max_scan(np.array([3, -1, 4, 1, -5, 9]))
# run: min_max_scan(np.array([2.5]))
# run: min_max_scan(np.array([nan, 1.0, -1.0]))


def count_nans(a):
    n = 0
    for x in a:
        if math.isnan(x):
            n += 1
    return n
# run: count_nans(np.array([nan, 1.0, nan, inf]))
# run: count_nans(np.zeros(0))
# hypothesis: count_nans(f64_arrays)


def max_jump(a):
    best = 0.0
    for i in range(1, len(a)):
        d = abs(a[i] - a[i - 1])
        if d > best:
            best = d
    return best
# run: max_jump(np.array([1.0, 4.0, 2.0, 10.0]))
# run: max_jump(np.array([1.0]))


def bilinear(grid, x, y):
    # Bilinear interpolation on a unit grid.
    i = int(x)
    j = int(y)
    fx = x - i
    fy = y - j
    return (grid[i, j] * (1 - fx) * (1 - fy) + grid[i + 1, j] * fx * (1 - fy)
            + grid[i, j + 1] * (1 - fx) * fy + grid[i + 1, j + 1] * fx * fy)
# run: bilinear(np.arange(16.0).reshape(4, 4), 1.5, 2.25)
# run: bilinear(np.arange(16.0).reshape(4, 4), 0.0, 0.0)
