# Linear algebra and array joining inside kernels: np.vdot (1-d), np.dot / a @ b / a.dot(b) for 1-d·1-d
# (a scalar), 2-d·1-d, 1-d·2-d and 2-d·2-d products of float32, float64, complex64 and
# complex128 arrays in C, F and strided layouts, empty dimensions, NaN and inf, shape
# mismatches (ValueError); np.concatenate, np.stack, np.vstack, np.hstack of tuples of
# arrays (dtype unification, F results from F inputs, run-time axis, size and axis errors).
# Numba calls BLAS (through SciPy) for np.dot and accepts only float and complex arrays of
# one dtype. Results that depend on the summation order are compared exactly only for
# inputs whose sums are exact (small integers, dyadic fractions); for general data the
# kernels compare against a loop within a relative tolerance.

import numpy as np


# Input makers for the `# run:` lines (lambdas, so that the harness does not take them for
# kernels): small integers and quarters (exact sums in any order), normal numbers, and
# complex numbers with small integer parts.
ints = lambda seed, shape: np.random.RandomState(seed).randint(-4, 5, shape).astype(np.float64)  # noqa: E731
halves = lambda seed, shape: np.random.RandomState(seed).randint(-8, 9, shape) / 4.0  # noqa: E731
rand = lambda seed, shape: np.random.RandomState(seed).standard_normal(shape)  # noqa: E731
cints = lambda seed, shape: (lambda r: r.randint(-3, 4, shape) + 1j * r.randint(-3, 4, shape))(np.random.RandomState(seed))  # noqa: E731


# --- vector · vector ---


def dot(a, b):
    return np.dot(a, b)
# run: dot(np.arange(5.0), np.arange(5.0))
# run: dot(np.zeros(0), np.zeros(0))
# run: dot(np.array([1.5]), np.array([-2.0]))
# run: dot(ints(1, 37), ints(2, 37))
# run: dot(halves(3, 100), halves(4, 100))
# run: dot(ints(5, 16).astype(np.float32), ints(6, 16).astype(np.float32))
# run: dot(ints(7, 70).astype(np.float32), ints(8, 70).astype(np.float32))
# run: dot(cints(9, 11), cints(10, 11))
# run: dot(cints(11, 23).astype(np.complex64), cints(12, 23).astype(np.complex64))
# run: dot(ints(13, 40)[::3], ints(14, 40)[1::3])
# run: dot(np.array([1.0, nan, 2.0]), np.ones(3))
# run: dot(np.array([inf, 1.0]), np.array([0.0, 1.0]))
# run: dot(np.array([-0.0]), np.array([0.0]))
# run: dot(np.ones(3), np.ones(4))


def matmul_op(a, b):
    return a @ b
# run: matmul_op(ints(15, 9), ints(16, 9))
# run: matmul_op(ints(17, (3, 4)), ints(18, 4))
# run: matmul_op(ints(19, 3), ints(20, (3, 5)))
# run: matmul_op(ints(21, (3, 4)), ints(22, (4, 2)))
# run: matmul_op(np.ones((2, 3)), np.ones((4, 2)))


def method_dot(a, b):
    return a.dot(b)
# run: method_dot(ints(23, 6), ints(24, 6))
# run: method_dot(ints(25, (2, 6)), ints(26, (6, 3)))


def vdot(a, b):
    return np.vdot(a, b)
# run: vdot(np.arange(5.0), np.arange(5.0))
# run: vdot(np.zeros(0), np.zeros(0))
# run: vdot(ints(27, 37), ints(28, 37))
# run: vdot(ints(29, 70).astype(np.float32), ints(30, 70).astype(np.float32))
# run: vdot(cints(31, 11), cints(32, 11))
# run: vdot(cints(33, 40), cints(34, 40))
# run: vdot(cints(35, 23).astype(np.complex64), cints(36, 23).astype(np.complex64))
# run: vdot(np.array([1 + 0j, 2 + 0j]), np.array([3 + 0j, -1 + 0j]))
# run: vdot(np.array([-0.0 + 0j]), np.array([0.0 - 0j]))
# run: vdot(rand(37, 300) + 1j * rand(38, 300), rand(39, 300) - 1j * rand(40, 300))
# run: vdot(rand(41, 20001) + 1j * rand(42, 20001), rand(43, 20001) + 0j)
# run: vdot(rand(44, 12345), rand(45, 12345))
# run: vdot(cints(46, 40)[::3], cints(47, 40)[1::3])
# run: vdot(np.array([complex(1, nan)]), np.array([1j]))
# run: vdot(np.ones(3), np.ones(4))


def dot_exact_long(n):
    a = np.arange(n) % 7 - 3.0
    b = np.arange(n) % 5 - 2.0
    return np.dot(a, b)
# run: dot_exact_long(100000)


# --- matrix · vector, vector · matrix ---


def mv(a, b):
    return np.dot(a, b)
# run: mv(ints(30, (4, 5)), ints(31, 5))
# run: mv(np.asfortranarray(ints(32, (4, 5))), ints(33, 5))
# run: mv(ints(34, (6, 10))[::2, ::3], ints(35, 8)[::2])
# run: mv(ints(36, (40, 33)), halves(37, 33))
# run: mv(ints(38, (3, 7)).astype(np.float32), ints(39, 7).astype(np.float32))
# run: mv(cints(40, (3, 4)), cints(41, 4))
# run: mv(np.zeros((3, 0)), np.zeros(0))
# run: mv(np.zeros((0, 3)), np.zeros(3))
# run: mv(np.ones((2, 3)), np.ones(4))


def vm(a, b):
    return np.dot(a, b)
# run: vm(ints(42, 5), ints(43, (5, 3)))
# run: vm(ints(44, 5), np.asfortranarray(ints(45, (5, 3))))
# run: vm(ints(46, 9)[::2], ints(47, (10, 6))[::2, 1::2])
# run: vm(halves(48, 33), ints(49, (33, 20)))
# run: vm(cints(50, 4).astype(np.complex64), cints(51, (4, 2)).astype(np.complex64))
# run: vm(np.zeros(0), np.zeros((0, 4)))
# run: vm(np.ones(3), np.ones((4, 2)))


# --- matrix · matrix ---


def mm(a, b):
    return np.dot(a, b)
# run: mm(ints(60, (3, 4)), ints(61, (4, 5)))
# run: mm(np.asfortranarray(ints(62, (3, 4))), ints(63, (4, 5)))
# run: mm(ints(64, (3, 4)), np.asfortranarray(ints(65, (4, 5))))
# run: mm(np.asfortranarray(ints(66, (3, 4))), np.asfortranarray(ints(67, (4, 5))))
# run: mm(ints(68, (8, 9))[::2, 1::2], ints(69, (9, 6))[1::2, ::-1])
# run: mm(ints(70, (1, 6)), ints(71, (6, 1)))
# run: mm(ints(72, (1, 6)), ints(73, (6, 4)))
# run: mm(ints(74, (5, 6)), ints(75, (6, 1)))
# run: mm(halves(76, (17, 33)), halves(77, (33, 19)))
# run: mm(ints(78, (4, 4)).astype(np.float32), ints(79, (4, 4)).astype(np.float32))
# run: mm(cints(80, (2, 3)), cints(81, (3, 2)))
# run: mm(cints(82, (3, 3)).astype(np.complex64), np.asfortranarray(cints(83, (3, 2)).astype(np.complex64)))
# run: mm(np.zeros((3, 0)), np.zeros((0, 2)))
# run: mm(np.zeros((0, 3)), np.zeros((3, 2)))
# run: mm(np.zeros((2, 3)), np.zeros((3, 0)))
# run: mm(np.array([[1.0, nan], [inf, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
# run: mm(np.ones((2, 3)), np.ones((4, 2)))
# run: mm(ints(84, (3, 4)).T, ints(85, (3, 2)))


def mm_close(a, b):
    # Orders of summation differ from BLAS: compare with a loop, within 1e-12 relative.
    c = a @ b
    m, k = a.shape
    n = b.shape[1]
    worst = 0.0
    for i in range(m):
        for j in range(n):
            s = 0.0
            scale = 0.0
            for p in range(k):
                s += a[i, p] * b[p, j]
                scale += abs(a[i, p] * b[p, j])
            err = abs(c[i, j] - s)
            if scale > 0.0 and err / scale > worst:
                worst = err / scale
    return (c.shape, worst < 1e-12)
# run: mm_close(rand(90, (30, 40)), rand(91, (40, 20)))
# run: mm_close(np.asfortranarray(rand(92, (25, 17))), np.asfortranarray(rand(93, (17, 31))))
# run: mm_close(rand(94, (64, 64))[::2, ::2], rand(95, (32, 50)))


def mv_close(a, x):
    y = np.dot(a, x)
    worst = 0.0
    for i in range(a.shape[0]):
        s = 0.0
        scale = 0.0
        for p in range(a.shape[1]):
            s += a[i, p] * x[p]
            scale += abs(a[i, p] * x[p])
        if scale > 0.0 and abs(y[i] - s) / scale > worst:
            worst = abs(y[i] - s) / scale
    return worst < 1e-12
# run: mv_close(rand(96, (50, 70)), rand(97, 70))
# run: mv_close(np.asfortranarray(rand(98, (50, 70))), rand(99, 70))


def dot_in_loop(a, n):
    s = 0.0
    for _ in range(n):
        s += (a @ a)[0, 0]
    return s
# run: dot_in_loop(ints(100, (4, 4)), 5)


# --- np.concatenate, np.stack, np.vstack, np.hstack ---


def concat(a, b):
    return np.concatenate((a, b))
# run: concat(np.array([1, 2]), np.array([1.5]))
# run: concat(np.ones((2, 2)), np.zeros((1, 2)))
# run: concat(np.ones(2, np.bool_), np.zeros(2, np.uint8))
# run: concat(np.ones(2, np.int8), np.zeros(2, np.uint8))
# run: concat(np.ones(2, np.int64), np.zeros(2, np.uint64))
# run: concat(np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.asfortranarray(np.ones((1, 3))))
# run: concat(np.arange(12).reshape(3, 4)[:, ::2], np.arange(4).reshape(2, 2))
# run: concat(np.zeros(0), np.arange(3.0))
# run: concat(np.ones((2, 2)), np.zeros((2, 1)))


def concat3(a, b, c):
    return np.concatenate((a, b, c))
# run: concat3(np.arange(2), np.arange(3), np.arange(1))


def concat1(a):
    return np.concatenate((a,))
# run: concat1(np.ones(2))


def concat_axis(a, b, ax):
    return np.concatenate((a, b), axis=ax)
# run: concat_axis(np.ones((2, 2)), np.zeros((2, 1)), 1)
# run: concat_axis(np.ones((2, 2)), np.zeros((2, 1)), -1)
# run: concat_axis(np.arange(24).reshape(2, 3, 4), np.arange(8).reshape(2, 1, 4), 1)
# run: concat_axis(np.ones((2, 2)), np.zeros((2, 1)), 2)
# run: concat_axis(np.ones((2, 2)), np.zeros((2, 1)), 0)


def stack(a, b):
    return np.stack((a, b))
# run: stack(np.array([1, 2]), np.array([3, 4]))
# run: stack(np.ones((2, 3)), np.zeros((2, 3), np.float32))
# run: stack(np.ones(2), np.zeros(3))


def stack_axis(a, b, ax):
    return np.stack((a, b), axis=ax)
# run: stack_axis(np.ones(2), np.zeros(2), 1)
# run: stack_axis(np.ones(2), np.zeros(2), -1)
# run: stack_axis(np.arange(6).reshape(2, 3), np.arange(6, 12).reshape(2, 3), 1)
# run: stack_axis(np.arange(6).reshape(2, 3), np.arange(6, 12).reshape(2, 3), 2)
# run: stack_axis(np.ones(2), np.zeros(2), 2)


def vstack(a, b):
    return np.vstack((a, b))
# run: vstack(np.array([1, 2]), np.array([3, 4]))
# run: vstack(np.ones((1, 2)), np.zeros((2, 2)))
# run: vstack(np.array(1.0), np.array(2.0))
# run: vstack(np.asfortranarray(np.ones((2, 2))), np.asfortranarray(np.zeros((1, 2))))
# run: vstack(np.ones(2), np.zeros(3))


def hstack(a, b):
    return np.hstack((a, b))
# run: hstack(np.array([1, 2]), np.array([3.0, 4]))
# run: hstack(np.ones((2, 1)), np.zeros((2, 2)))
# run: hstack(np.array(1.0), np.array(2.0))
# run: hstack(np.arange(24).reshape(2, 3, 4), np.arange(8).reshape(2, 1, 4))
# run: hstack(np.ones((2, 1)), np.zeros((3, 2)))


# --- np.interp ---


def interp(x, xp, fp):
    return np.interp(x, xp, fp)
# run: interp(1.5, np.array([1.0, 2.0]), np.array([3.0, 4.0]))
# run: interp(1, np.array([1, 2]), np.array([3, 4]))
# run: interp(np.float32(1.5), np.array([1, 2], np.float32), np.array([3, 4], np.float32))
# run: interp(np.array([0.5, 1.5, 3.0]), np.array([1.0, 2.0]), np.array([3.0, 4.0]))
# run: interp(np.linspace(-1.0, 11.0, 37), np.arange(10.0) ** 1.5, np.sin(np.arange(10.0)))
# run: interp(np.array([[0.2, 7.7], [nan, 3.0]]), np.arange(10.0), np.arange(10.0) ** 2)
# run: interp(np.array([2.0, 1.0, 8.0, 3.0, 3.0, 9.5, 0.0]), np.arange(12.0), np.cos(np.arange(12.0)))
# run: interp(np.array([1.0, 2.0]), np.array([5.0]), np.array([7.0]))
# run: interp(np.array([1.0, 2.0]), np.zeros(0), np.zeros(0))
# run: interp(np.array([1.0, 2.0]), np.arange(3.0), np.arange(4.0))
# run: interp(np.array([0.5, 1.5]), np.array([0.0, 1.0, 2.0]), np.array([inf, 1.0, -inf]))
# run: interp(np.arange(5), np.array([0, 2, 4]), np.array([True, False, True]))
# run: interp(np.zeros(0), np.arange(3.0), np.arange(3.0))
