# Whole-array expressions: arithmetic, comparison and bitwise operators between arrays and
# between arrays and scalars, NumPy broadcasting (1-D with 2-D, (3,1) with (1,4), scalar
# with 3-D), in-place forms on arrays and views, mixed dtypes, fused expressions,
# reductions of expressions, and shape mismatches raising ValueError.
#
# In-place operators on overlapping views follow Numba, which runs one element loop with no
# temporary: `a[1:] -= a[:-1]` reads elements it has already updated (NumPy copies first
# and gives a different result); `a[:-1] += a[1:]` agrees with NumPy.
#
# Result dtypes are Numba's, which differ from NumPy 2 in places: a Python int or float is
# not weak in Numba (int8 array + 1 is int64, float32 array * 2.0 is float64), int32 +
# float32 is float32, int8 / int8 is float32. Numba rejects builtin abs() on arrays, and
# in-place operators whose result needs a narrowing cast (int array *= 2.5, uint8 array
# -= 1), so those are not here.

import numpy as np


# --- binary operators between arrays ---


def add_arrays(a, b):
    return a + b
# run: add_arrays(np.arange(5.0), np.arange(5.0) * 0.5)
# run: add_arrays(np.arange(5), np.arange(5, 0, -1))
# run: add_arrays(np.arange(4, dtype=np.int32), np.arange(4, dtype=np.float32) / 3)
# run: add_arrays(np.arange(4), np.arange(4.0) / 3)
# run: add_arrays(np.arange(4, dtype=np.uint8), np.arange(-2, 2, dtype=np.int8))
# run: add_arrays(np.array([True, False, True]), np.array([1, 2, 3]))
# run: add_arrays(np.array([True, False, True]), np.array([True, True, False]))
# run: add_arrays(np.array([100, -100], np.int8), np.array([20, -20], np.int8))
# run: add_arrays(np.arange(4, dtype=np.uint64), np.arange(4))
# run: add_arrays(np.array([1 + 2j, -1j]), np.array([0.5, 2.0]))
# run: add_arrays(np.array([inf, nan, -0.0, 0.0]), np.array([-inf, 1.0, -0.0, -0.0]))
# run: add_arrays(np.zeros(0), np.zeros(0))
# run: add_arrays(np.array([1.5]), np.array([2.25]))
# run: add_arrays(np.arange(12.0)[::3], np.arange(8.0)[::-2])
# run: add_arrays(np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(6.0).reshape(2, 3))
# hypothesis: add_arrays(f64_arrays, f64_arrays)


def sub_mul_arrays(a, b):
    return (a - b, a * b, b - a)
# run: sub_mul_arrays(np.arange(5.0), np.arange(5.0) * 0.5)
# run: sub_mul_arrays(np.arange(5), np.arange(5, 0, -1))
# run: sub_mul_arrays(np.arange(4, dtype=np.int32), np.arange(4, dtype=np.float32) / 3)
# run: sub_mul_arrays(np.arange(4, dtype=np.uint8), np.arange(-2, 2, dtype=np.int8))
# run: sub_mul_arrays(np.array([0.0, -0.0, inf]), np.array([0.0, 0.0, inf]))
# run: sub_mul_arrays(np.array([1 + 2j, -1j]), np.array([3 - 1j, 2j]))
# run: sub_mul_arrays(np.arange(6, dtype=np.int16).reshape(2, 3), np.arange(6, dtype=np.int16).reshape(2, 3).T.copy().T)


def truediv_arrays(a, b):
    return a / b
# run: truediv_arrays(np.arange(5.0), np.array([2.0, 0.5, 3.0, -4.0, 7.0]))
# run: truediv_arrays(np.array([1, 7, -7]), np.array([2, 2, 2]))
# run: truediv_arrays(np.array([1.0, -1.0, 0.0, nan]), np.array([0.0, 0.0, 0.0, 1.0]))
# run: truediv_arrays(np.array([1, 2]), np.array([0, 0]))
# run: truediv_arrays(np.array([5, 6], np.int8), np.array([2, 4], np.int8))
# run: truediv_arrays(np.array([True, True]), np.array([True, True]))
# run: truediv_arrays(np.arange(1.0, 5.0, dtype=np.float32), np.full(4, 3.0, np.float32))
# run: truediv_arrays(np.array([1 + 1j, 2j]), np.array([1j, 2.0]))


def floordiv_mod_int_arrays(a, b):
    return (a // b, a % b)
# run: floordiv_mod_int_arrays(np.array([7, -7, 7, -7, 0]), np.array([2, 2, -2, -2, 3]))
# run: floordiv_mod_int_arrays(np.array([7, 200], np.uint8), np.array([3, 7], np.uint8))
# run: floordiv_mod_int_arrays(np.array([-7, 9], np.int8), np.array([2, -4], np.int8))
# run: floordiv_mod_int_arrays(np.array([-7, 9], np.int32), np.array([2, -4]))


def floordiv_mod_float_arrays(a, b):
    return (a // b, a % b)
# run: floordiv_mod_float_arrays(np.array([7.0, -7.0, 7.5, -7.5]), np.array([2.0, 2.0, -2.0, -2.0]))
# run: floordiv_mod_float_arrays(np.array([1.0, -1.0, 0.0, 3.0]), np.array([0.0, 0.0, 0.0, inf]))
# run: floordiv_mod_float_arrays(np.array([6.0, -6.0, 6.0, -6.0]), np.array([3.0, 3.0, -3.0, -3.0]))
# run: floordiv_mod_float_arrays(np.array([inf, nan, -1.0]), np.array([2.0, 2.0, inf]))
# run: floordiv_mod_float_arrays(np.array([7.0, -7.0], np.float32), np.array([2.0, 2.0], np.float32))


def pow_arrays(a, b):
    return a ** b
# run: pow_arrays(np.array([2, 3, -2, 0]), np.array([3, 2, 3, 0]))
# run: pow_arrays(np.array([2.0, 4.0, -8.0, 0.0]), np.array([-1.0, 0.5, 1.0 / 3.0, -1.0]))
# run: pow_arrays(np.array([2, 3], np.int8), np.array([3, 4], np.int8))
# run: pow_arrays(np.array([2.0, 9.0]), np.array([3, 2]))
# run: pow_arrays(np.array([nan, 1.0, inf]), np.array([0.0, nan, -1.0]))
# run: pow_arrays(np.array([1.5, 2.0], np.float32), np.array([2.0, 0.5], np.float32))


# --- array op scalar, scalar op array ---


def array_scalar_ops(a, s):
    return (a + s, a - s, a * s, a / s, s - a, s * a)
# run: array_scalar_ops(np.arange(4.0), 2.5)
# run: array_scalar_ops(np.arange(4.0), 3)
# run: array_scalar_ops(np.arange(4), 3)
# run: array_scalar_ops(np.arange(4), 0.5)
# run: array_scalar_ops(np.arange(4, dtype=np.float32), np.float32(1.5))
# run: array_scalar_ops(np.arange(4, dtype=np.float32), np.float64(1.5))
# run: array_scalar_ops(np.arange(4, dtype=np.int16), np.float32(2.0))
# run: array_scalar_ops(np.arange(4, dtype=np.int8), np.int8(2))
# run: array_scalar_ops(np.arange(4, dtype=np.int8), np.uint64(2))
# run: array_scalar_ops(np.array([1.0, -2.0]), 1j)
# run: array_scalar_ops(np.array([True, False]), 2)
# run: array_scalar_ops(np.zeros(0), 1.0)


def weak_int_literal(a):
    return (a + 1, a * 2, a - 1, 3 + a)
# run: weak_int_literal(np.array([1, 2, 3], np.int8))
# run: weak_int_literal(np.array([0, 200], np.uint8))
# run: weak_int_literal(np.array([1, 2], np.int32))
# run: weak_int_literal(np.array([1, 2], np.uint64))
# run: weak_int_literal(np.array([1.5, 2.5], np.float32))
# run: weak_int_literal(np.array([True, False]))
# run: weak_int_literal(np.array([1.5, 2.5]))


def weak_float_literal(a):
    return (a + 1.0, a * 0.5, 2.0 - a)
# run: weak_float_literal(np.array([1.5, 2.5], np.float32))
# run: weak_float_literal(np.array([1, 2], np.int8))
# run: weak_float_literal(np.array([1, 2], np.int64))
# run: weak_float_literal(np.array([True, False]))


def scalar_left_int(a):
    return (10 // a, 7 % a, 12 / a)
# run: scalar_left_int(np.array([5, -3, 2, 1]))
# run: scalar_left_int(np.array([3, -1], np.int8))
# run: scalar_left_int(np.array([4, 1], np.uint8))


def scalar_left_pow(a):
    return (2 ** a, 2.0 ** a, 0.5 ** a)
# run: scalar_left_pow(np.array([0, 1, 5, 10]))
# run: scalar_left_pow(np.array([3, 1], np.int8))
# run: scalar_left_pow(np.array([0.5, -2.0, nan]))


def scalar_left_float(a):
    return (1.0 - a, 1.0 / a, 7.5 // a, 7.5 % a)
# run: scalar_left_float(np.array([0.5, -2.0, 3.0, 0.0, -0.0]))
# run: scalar_left_float(np.array([0.5, 4.0], np.float32))
# run: scalar_left_float(np.array([inf, nan]))


def pow_scalar(a):
    return (a ** 2, a ** 0.5, a ** -1.0, a ** 3)
# run: pow_scalar(np.array([2, 3, 4]))
# run: pow_scalar(np.array([2, 3, 4], np.int8))
# run: pow_scalar(np.array([2.0, 0.25, -1.0, 0.0]))
# run: pow_scalar(np.array([2.0, 9.0], np.float32))


# --- unary ---


def negate(a):
    return -a
# run: negate(np.array([1.5, -0.0, 0.0, inf, nan]))
# run: negate(np.array([4, -3, 0]))
# run: negate(np.array([4, -3, 0], np.int8))
# run: negate(np.array([1, 2], np.uint8))
# run: negate(np.array([1.5], np.float32))
# run: negate(np.array([1 + 2j]))
# run: negate(np.zeros((2, 0)))
# hypothesis: negate(i64_arrays)


def unary_plus(a):
    return +a
# run: unary_plus(np.array([1.5, -0.0]))
# run: unary_plus(np.array([3, -1], np.int16))


def invert(a):
    return ~a
# run: invert(np.array([True, False]))
# run: invert(np.array([0, 5, -1]))
# run: invert(np.array([4, 3, 0], np.uint8))
# run: invert(np.array([4, -3], np.int8))
# run: invert(np.arange(6).reshape(2, 3).T)


# --- comparisons and logic ---


def compare_arrays(a, b):
    return (a < b, a <= b, a == b, a != b, a > b, a >= b)
# run: compare_arrays(np.array([1.0, 2.0, nan, -0.0]), np.array([2.0, 2.0, nan, 0.0]))
# run: compare_arrays(np.array([1, 5, 3]), np.array([1.5, 5.0, 2.0]))
# run: compare_arrays(np.array([-1, 5], np.int8), np.array([255, 5], np.uint8))
# run: compare_arrays(np.array([True, False]), np.array([1, 0]))
# run: compare_arrays(np.array([inf, -inf]), np.array([inf, inf]))
# run: compare_arrays(np.zeros(0), np.zeros(0))


def compare_scalar(a, s):
    return (a < s, a == s, a >= s, s > a)
# run: compare_scalar(np.array([1.0, 2.0, nan]), 2.0)
# run: compare_scalar(np.array([1, 2, 3]), 2)
# run: compare_scalar(np.array([1, 2, 3]), 2.5)
# run: compare_scalar(np.array([200, 3], np.uint8), -1)
# run: compare_scalar(np.array([0.1, 0.2], np.float32), 0.1)


def bool_ops(a, b):
    return (a & b, a | b, a ^ b, ~a)
# run: bool_ops(np.array([True, True, False, False]), np.array([True, False, True, False]))
# run: bool_ops(np.array([True]), np.array([False]))
# run: bool_ops(np.zeros(0, np.bool_), np.zeros(0, np.bool_))


def int_bitwise(a, b):
    return (a & b, a | b, a ^ b, ~b)
# run: int_bitwise(np.array([12, -7, 0]), np.array([10, 3, -1]))
# run: int_bitwise(np.array([12, 255], np.uint8), np.array([10, 15], np.uint8))
# run: int_bitwise(np.array([12, -7], np.int8), np.array([10, 3], np.int16))
# run: int_bitwise(np.array([12, 7]), 6)


def shifts(a, b):
    return (a << b, a >> b)
# run: shifts(np.array([5, 6, -8]), np.array([1, 2, 1]))
# run: shifts(np.array([5, 200], np.uint8), np.array([1, 2], np.uint8))


def masks_combined(a):
    return ((a > 0) & (a < 5), ~(a > 0) | (a == 3), (a > 2) ^ (a % 2 == 0))
# run: masks_combined(np.arange(-2, 8))
# run: masks_combined(np.array([nan, 1.0, 3.0, -0.0]))


def bool_arith(a, b):
    return (a + b, a * b, a + 1, a * 2.5)
# run: bool_arith(np.array([True, False, True]), np.array([True, True, False]))
# run: bool_arith(np.array([False]), np.array([False]))


# --- broadcasting ---


def broadcast_row(m, v):
    return (m + v, v * m, m - v)
# run: broadcast_row(np.arange(6.0).reshape(2, 3), np.array([10.0, 20.0, 30.0]))
# run: broadcast_row(np.arange(6).reshape(2, 3), np.array([1.5, 2.5, 3.5]))
# run: broadcast_row(np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(3.0))
# run: broadcast_row(np.arange(24.0).reshape(4, 6)[::2, ::2], np.arange(3.0)[::-1])
# run: broadcast_row(np.zeros((0, 3)), np.arange(3.0))
# run: broadcast_row(np.arange(6.0).reshape(2, 3), np.array([5.0]))


def broadcast_outer(c, r):
    return (c * r, c + r, r - c)
# run: broadcast_outer(np.arange(3.0).reshape(3, 1), np.arange(4.0).reshape(1, 4))
# run: broadcast_outer(np.arange(3).reshape(3, 1), np.arange(4).reshape(1, 4))
# run: broadcast_outer(np.ones((1, 1)), np.arange(4.0).reshape(1, 4))
# run: broadcast_outer(np.arange(3.0).reshape(3, 1), np.zeros((1, 0)))


def broadcast_scalar_3d(a, s):
    return a * s + 1.0
# run: broadcast_scalar_3d(np.arange(24.0).reshape(2, 3, 4), 0.5)
# run: broadcast_scalar_3d(np.arange(24).reshape(2, 3, 4), 2)
# run: broadcast_scalar_3d(np.arange(24.0).reshape(2, 3, 4).transpose(2, 1, 0), -1.0)


def broadcast_3d_2d(a, b):
    return a + b
# run: broadcast_3d_2d(np.zeros((2, 3, 4)), np.arange(12.0).reshape(3, 4))
# run: broadcast_3d_2d(np.zeros((2, 1, 4)), np.arange(3.0).reshape(3, 1))
# run: broadcast_3d_2d(np.ones((2, 3, 1)), np.arange(5.0).reshape(1, 5))


def broadcast_mismatch(a, b):
    return a + b
# run: broadcast_mismatch(np.zeros(3), np.zeros(4))
# run: broadcast_mismatch(np.zeros((2, 3)), np.zeros(2))
# run: broadcast_mismatch(np.zeros(0), np.zeros(2))
# run: broadcast_mismatch(np.zeros((2, 3)), np.zeros((3, 2)))
# run: broadcast_mismatch(np.zeros((2, 3)), np.zeros((1, 3)))


def compare_mismatch(a, b):
    return a == b
# run: compare_mismatch(np.zeros(3), np.zeros(4))
# run: compare_mismatch(np.zeros(3), np.zeros(1))


# --- in-place operators ---


def iadd_arrays(a, b):
    a += b
# run: iadd_arrays(np.arange(4.0), np.arange(4.0) * 0.5)
# run: iadd_arrays(np.arange(4, dtype=np.int32), np.arange(4))
# run: iadd_arrays(np.arange(4, dtype=np.float32), np.arange(4.0) / 3)
# run: iadd_arrays(np.arange(4.0), np.arange(4, dtype=np.int32))
# run: iadd_arrays(np.array([100, -120], np.int8), np.array([20, 10], np.int8))
# run: iadd_arrays(np.zeros((2, 3)), np.arange(3.0))
# run: iadd_arrays(np.zeros((3, 4)), np.arange(3.0).reshape(3, 1))
# run: iadd_arrays(np.asfortranarray(np.zeros((2, 3))), np.arange(6.0).reshape(2, 3))
# run: iadd_arrays(np.zeros(0), np.zeros(0))


def isub_uint_arrays(a, b):
    a -= b
# run: isub_uint_arrays(np.array([0, 1, 5], np.uint8), np.array([2, 2, 2], np.uint8))


def imul_scalar(a):
    a *= 2
    return a
# run: imul_scalar(np.array([1, 2, 3], np.int8))
# run: imul_scalar(np.array([1.5, -0.0]))
# run: imul_scalar(np.array([1.5], np.float32))
# run: imul_scalar(np.arange(6).reshape(2, 3).T)


def inplace_scalar_ops(a):
    a //= 2
    a %= 5
    a **= 2
    a |= 1
# run: inplace_scalar_ops(np.arange(-6, 6))
# run: inplace_scalar_ops(np.arange(0, 20, 3, dtype=np.int32))


def inplace_float_ops(a):
    a /= 2.0
    a -= 0.25
    a **= 2.0
# run: inplace_float_ops(np.arange(-3.0, 3.0))
# run: inplace_float_ops(np.array([nan, inf], np.float32))


def inplace_bool_ops(a, b):
    a &= b
    b |= a
    b ^= ~a
# run: inplace_bool_ops(np.array([True, True, False, False]), np.array([True, False, True, False]))


def inplace_on_views(a):
    a[::2] += 1
    a[1:3] *= 10
    a[-2:] -= a[:2]
# run: inplace_on_views(np.arange(8.0))
# run: inplace_on_views(np.arange(6))
# run: inplace_on_views(np.arange(12.0)[::-2])


def inplace_rows_cols(m):
    m[0] += 100
    m[:, 1] *= -1
    m[1:, :2] += m[:1, 2:]
# run: inplace_rows_cols(np.arange(12.0).reshape(3, 4))
# run: inplace_rows_cols(np.asfortranarray(np.arange(12).reshape(3, 4)))


def inplace_overlap_forward(a):
    a[:-1] += a[1:]
# run: inplace_overlap_forward(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
# run: inplace_overlap_forward(np.arange(6))


def inplace_overlap_backward(a):
    a[1:] -= a[:-1]
# run: inplace_overlap_backward(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
# run: inplace_overlap_backward(np.arange(6))


def inplace_overlap_2d(m):
    m[1:, 1:] += m[:-1, :-1]
# run: inplace_overlap_2d(np.arange(12.0).reshape(3, 4))
# run: inplace_overlap_2d(np.asfortranarray(np.arange(12).reshape(3, 4)))


def inplace_with_expression(a, b):
    a += b * 2.0 - 1.0
    b *= a
# run: inplace_with_expression(np.arange(4.0), np.arange(4.0) * 0.5)
# run: inplace_with_expression(np.zeros((2, 2)), np.ones((2, 2)))


# --- fused expressions and reductions of expressions ---


def fused_expr(a, b, c, d):
    return a * b + c / 2.0 - np.sqrt(d)
# run: fused_expr(np.arange(4.0), np.arange(4.0), np.arange(4), np.arange(4.0))
# run: fused_expr(np.arange(4.0), 2.0, np.arange(4.0) * 3, np.array([1.0, 4.0, -1.0, inf]))
# run: fused_expr(np.ones((2, 3)), np.arange(3.0), np.arange(2.0).reshape(2, 1), np.ones((2, 3)))
# run: fused_expr(np.arange(4, dtype=np.float32), np.arange(4, dtype=np.float32), np.arange(4, dtype=np.float32), np.arange(4, dtype=np.float32))


def polynomial(x):
    return 3.0 * x ** 2 - 2.0 * x + 1.0
# run: polynomial(np.array([0.0, 1.0, -1.5, 2.25]))
# run: polynomial(np.arange(5))
# run: polynomial(np.arange(5, dtype=np.float32))
# hypothesis: polynomial(finite_f64_arrays)


def reduce_products(a, b):
    return ((a * b).sum(), ((a - b) ** 2).mean(), (a > b).sum(), (a + b).max(), np.sum(a / 2.0))
# run: reduce_products(np.arange(4.0), np.arange(4.0) * 0.5)
# run: reduce_products(np.arange(5), np.arange(5, 0, -1))
# run: reduce_products(np.array([nan, 1.0]), np.array([1.0, 2.0]))


def differences(m):
    return (m[1:] - m[:-1], m[:, 1:] + m[:, :-1])
# run: differences(np.arange(12.0).reshape(3, 4) ** 2)
# run: differences(np.asfortranarray(np.arange(12).reshape(3, 4)))
# run: differences(np.ones((1, 1)))


def expr_strides(a):
    return ((a + 1).strides, (a * a).strides, (-a).strides)
# run: expr_strides(np.zeros((3, 4)))
# run: expr_strides(np.asfortranarray(np.zeros((3, 4))))
# run: expr_strides(np.zeros((6, 8))[::2, ::-2])


def expr_in_loop(a, n):
    x = a.copy()
    for _ in range(n):
        x = 0.5 * x + 1.0
    return x
# run: expr_in_loop(np.arange(4.0), 3)
# run: expr_in_loop(np.arange(4.0), 0)
# run: expr_in_loop(np.zeros(0), 5)


def complex_exprs(z, w):
    return (z * w, z + 1j, z / w, z == w)
# run: complex_exprs(np.array([1 + 2j, -1j]), np.array([3 - 1j, 2j]))
# run: complex_exprs(np.array([1 + 2j]), np.array([1 + 2j]))
