# NumPy ufuncs applied to arrays (one ufunc per kernel): float64 inputs with signed zeros,
# nan, inf, subnormals and huge values, float32 and integer inputs (Numba's loop choice
# decides the result dtype: np.sqrt(int8) is float32 in Numba, float16 in NumPy), 2-D,
# F-ordered and non-contiguous inputs, 0-length arrays, array-scalar mixes, np.where with
# three arguments and np.clip. float32 results are Numba's (its libm differs from NumPy's
# SIMD loops by an ulp in places); np.mod/np.floor_divide as functions follow Numba's own
# rules for signed zeros and infinities (they differ from its `%`/`//` operators).

import numpy as np

# Element lists for the `# run:` lines (each line builds a fresh array from them).
F64 = [0.0, -0.0, 0.5, -1.5, 2.5, 1e300, np.inf, -np.inf, np.nan, 3.0, -2.7, 5e-324]
F32 = [0.0, -0.0, 0.5, -1.5, 2.5, 1e30, np.inf, -np.inf, np.nan, 3.0, -2.7]
UNIT = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 0.999, np.nan, 2.0, -np.inf, 1e-300]
INTS = [-7, -1, 0, 1, 2, 7, 100]
POS = [0.25, 1.0, 2.0, 10.0, 1e-300, 1e300]
HALVES = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999999, 0.49999999999999994, 4503599627370497.0]


# --- exponentials and logarithms ---


def uf_sqrt(a):
    return np.sqrt(a)
# run: uf_sqrt(np.array(F64))
# run: uf_sqrt(np.array(F32, np.float32))
# run: uf_sqrt(np.array(INTS))
# run: uf_sqrt(np.array(INTS, np.int8))
# run: uf_sqrt(np.array([0, 4, 255], np.uint8))
# run: uf_sqrt(np.arange(12.0).reshape(3, 4)[:, ::2])
# run: uf_sqrt(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
# run: uf_sqrt(np.zeros(0))
# hypothesis: uf_sqrt(f64_arrays)


def uf_exp(a):
    return np.exp(a)
# run: uf_exp(np.array(F64))
# run: uf_exp(np.array(F32, np.float32))
# run: uf_exp(np.array(INTS))
# run: uf_exp(np.array([709.0, 710.0, -745.0, -746.0]))
# run: uf_exp(np.arange(12.0).reshape(3, 4).T / 4)


def uf_log(a):
    return np.log(a)
# run: uf_log(np.array(F64))
# run: uf_log(np.array(F32, np.float32))
# run: uf_log(np.array(INTS))
# run: uf_log(np.array(POS))
# run: uf_log(np.arange(1.0, 13.0).reshape(3, 4)[::-1, 1::2])


def uf_log1p(a):
    return np.log1p(a)
# run: uf_log1p(np.array(F64))
# run: uf_log1p(np.array(UNIT))
# run: uf_log1p(np.array(F32, np.float32))
# run: uf_log1p(np.array([1e-20, -1e-20, -0.9999999999]))
# run: uf_log1p(np.array(INTS))


def uf_expm1(a):
    return np.expm1(a)
# run: uf_expm1(np.array(F64))
# run: uf_expm1(np.array(UNIT))
# run: uf_expm1(np.array(F32, np.float32))
# run: uf_expm1(np.array([1e-20, -1e-20, 1e-10]))
# run: uf_expm1(np.array(INTS, np.int16))


# --- trigonometric and hyperbolic ---


def uf_sin(a):
    return np.sin(a)
# run: uf_sin(np.array(F64))
# run: uf_sin(np.array(F32, np.float32))
# run: uf_sin(np.array(INTS))
# run: uf_sin(np.array([np.pi, -np.pi / 2, 1e22, 1e-300]))
# run: uf_sin(np.asfortranarray(np.arange(6.0).reshape(3, 2)))


def uf_cos(a):
    return np.cos(a)
# run: uf_cos(np.array(F64))
# run: uf_cos(np.array(F32, np.float32))
# run: uf_cos(np.array(INTS))
# run: uf_cos(np.array([np.pi, np.pi / 2, 1e22]))


def uf_tan(a):
    return np.tan(a)
# run: uf_tan(np.array(F64))
# run: uf_tan(np.array(F32, np.float32))
# run: uf_tan(np.array(INTS))
# run: uf_tan(np.array([np.pi / 4, np.pi / 2, -np.pi]))


def uf_arcsin(a):
    return np.arcsin(a)
# run: uf_arcsin(np.array(UNIT))
# run: uf_arcsin(np.array(UNIT, np.float32))
# run: uf_arcsin(np.array([-1, 0, 1, 2]))
# run: uf_arcsin(np.linspace(-1.0, 1.0, 9).reshape(3, 3).T)


def uf_arccos(a):
    return np.arccos(a)
# run: uf_arccos(np.array(UNIT))
# run: uf_arccos(np.array(UNIT, np.float32))
# run: uf_arccos(np.array([-1, 0, 1, 2]))


def uf_arctan(a):
    return np.arctan(a)
# run: uf_arctan(np.array(F64))
# run: uf_arctan(np.array(F32, np.float32))
# run: uf_arctan(np.array(INTS))


def uf_sinh(a):
    return np.sinh(a)
# run: uf_sinh(np.array(F64))
# run: uf_sinh(np.array(UNIT))
# run: uf_sinh(np.array(F32, np.float32))
# run: uf_sinh(np.array(INTS, np.int8))


def uf_cosh(a):
    return np.cosh(a)
# run: uf_cosh(np.array(F64))
# run: uf_cosh(np.array(UNIT))
# run: uf_cosh(np.array(F32, np.float32))
# run: uf_cosh(np.array(INTS))


def uf_tanh(a):
    return np.tanh(a)
# run: uf_tanh(np.array(F64))
# run: uf_tanh(np.array(UNIT))
# run: uf_tanh(np.array(F32, np.float32))
# run: uf_tanh(np.array(INTS))


# --- sign, magnitude, rounding ---


def uf_abs(a):
    return (np.abs(a), np.absolute(a))
# run: uf_abs(np.array(F64))
# run: uf_abs(np.array(F32, np.float32))
# run: uf_abs(np.array(INTS))
# run: uf_abs(np.array([-127, -1, 5], np.int8))
# run: uf_abs(np.array([0, 200], np.uint8))
# run: uf_abs(np.array([3 + 4j, -1j, complex(np.inf, np.nan)]))
# run: uf_abs(np.arange(-6.0, 6.0).reshape(3, 4)[::2, ::-1])
# run: uf_abs(np.array([True, False]))


def uf_sign(a):
    return np.sign(a)
# run: uf_sign(np.array(F64))
# run: uf_sign(np.array(F32, np.float32))
# run: uf_sign(np.array(INTS))
# run: uf_sign(np.array([-3, 0, 3], np.int8))
# run: uf_sign(np.array([0, 3], np.uint8))


def uf_floor(a):
    return np.floor(a)
# run: uf_floor(np.array(F64))
# run: uf_floor(np.array(HALVES))
# run: uf_floor(np.array(F32, np.float32))
# run: uf_floor(np.array(INTS))
# run: uf_floor(np.array(INTS, np.int8))


def uf_ceil(a):
    return np.ceil(a)
# run: uf_ceil(np.array(F64))
# run: uf_ceil(np.array(HALVES))
# run: uf_ceil(np.array(F32, np.float32))
# run: uf_ceil(np.array(INTS))


def uf_trunc(a):
    return np.trunc(a)
# run: uf_trunc(np.array(F64))
# run: uf_trunc(np.array(HALVES))
# run: uf_trunc(np.array(HALVES, np.float32))
# run: uf_trunc(np.array(INTS))


def uf_rint(a):
    return np.rint(a)
# run: uf_rint(np.array(F64))
# run: uf_rint(np.array(HALVES))
# run: uf_rint(np.array(HALVES, np.float32))
# run: uf_rint(np.array(INTS))


def uf_negative(a):
    return np.negative(a)
# run: uf_negative(np.array(F64))
# run: uf_negative(np.array(INTS))
# run: uf_negative(np.array([0, 1, 200], np.uint8))
# run: uf_negative(np.array(F32, np.float32))


def uf_square(a):
    return np.square(a)
# run: uf_square(np.array(F64))
# run: uf_square(np.array(F32, np.float32))
# run: uf_square(np.array(INTS))
# run: uf_square(np.array([3, -4, 11], np.int8))
# run: uf_square(np.array([1 + 2j]))


def uf_reciprocal(a):
    return np.reciprocal(a)
# run: uf_reciprocal(np.array(F64))
# run: uf_reciprocal(np.array(F32, np.float32))
# run: uf_reciprocal(np.array(HALVES))
# run: uf_reciprocal(np.arange(1.0, 7.0).reshape(2, 3).T)


# --- classification ---


def uf_isnan(a):
    return np.isnan(a)
# run: uf_isnan(np.array(F64))
# run: uf_isnan(np.array(F32, np.float32))
# run: uf_isnan(np.array(INTS))
# run: uf_isnan(np.array([complex(np.nan, 0.0), 1j, complex(0.0, np.nan)]))
# run: uf_isnan(np.zeros((0, 2)))


def uf_isinf(a):
    return np.isinf(a)
# run: uf_isinf(np.array(F64))
# run: uf_isinf(np.array(F32, np.float32))
# run: uf_isinf(np.array(INTS))
# run: uf_isinf(np.array([complex(np.inf, 0.0), 1j, complex(np.nan, np.inf)]))


def uf_isfinite(a):
    return np.isfinite(a)
# run: uf_isfinite(np.array(F64))
# run: uf_isfinite(np.array(F32, np.float32))
# run: uf_isfinite(np.array(INTS, np.int16))
# run: uf_isfinite(np.array(F64).reshape(3, 4)[:, ::-1])


# --- binary ---


def uf_power(a, b):
    return np.power(a, b)
# run: uf_power(np.array(F64), 2.0)
# run: uf_power(np.array(F64), np.array(F64[::-1]))
# run: uf_power(np.array([2, 3, -2, 0]), np.array([3, 2, 3, 0]))
# run: uf_power(np.array([2, 3], np.int8), np.array([3, 4], np.int8))
# run: uf_power(np.arange(4.0), 2)
# run: uf_power(np.arange(4, dtype=np.float32), np.float32(0.5))
# run: uf_power(2.0, np.arange(4))
# run: uf_power(np.array([-8.0, 8.0]), 1.0 / 3.0)


def uf_minimum(a, b):
    return np.minimum(a, b)
# run: uf_minimum(np.array(F64), np.array(F64[::-1]))
# run: uf_minimum(np.array([0.0, -0.0]), np.array([-0.0, 0.0]))
# run: uf_minimum(np.array(INTS), np.array(INTS[::-1]))
# run: uf_minimum(np.array(INTS, np.int8), np.array(INTS, np.int16))
# run: uf_minimum(np.array(F32, np.float32), 1.0)
# run: uf_minimum(np.arange(6.0).reshape(2, 3), np.array([1.0, 5.0, nan]))


def uf_maximum(a, b):
    return np.maximum(a, b)
# run: uf_maximum(np.array(F64), np.array(F64[::-1]))
# run: uf_maximum(np.array([0.0, -0.0]), np.array([-0.0, 0.0]))
# run: uf_maximum(np.array(INTS), 0)
# run: uf_maximum(np.array([1, 250], np.uint8), np.array([-1, 5], np.int8))
# run: uf_maximum(np.arange(6.0).reshape(2, 3).T, np.array([1.0, nan, 4.0]).reshape(3, 1))


def uf_fmin(a, b):
    return np.fmin(a, b)
# run: uf_fmin(np.array(F64), np.array(F64[::-1]))
# run: uf_fmin(np.array([nan, 1.0, nan]), np.array([2.0, nan, nan]))
# run: uf_fmin(np.array([0.0, -0.0]), np.array([-0.0, 0.0]))
# run: uf_fmin(np.array(INTS), np.array(INTS[::-1]))
# run: uf_fmin(np.array(F32, np.float32), np.float32(1.0))


def uf_fmax(a, b):
    return np.fmax(a, b)
# run: uf_fmax(np.array(F64), np.array(F64[::-1]))
# run: uf_fmax(np.array([nan, 1.0, nan]), np.array([2.0, nan, nan]))
# run: uf_fmax(np.array(INTS), np.array(INTS[::-1]))
# run: uf_fmax(np.arange(6.0).reshape(2, 3), nan)


def uf_hypot(a, b):
    return np.hypot(a, b)
# run: uf_hypot(np.array(F64), np.array(F64[::-1]))
# run: uf_hypot(np.array([3.0, 1e300, inf, nan]), np.array([4.0, 1e300, nan, inf]))
# run: uf_hypot(np.array(INTS), np.array(INTS[::-1]))
# run: uf_hypot(np.array(F32, np.float32), np.float32(2.0))
# run: uf_hypot(np.arange(4.0).reshape(2, 2), 1.0)


def uf_arctan2(a, b):
    return np.arctan2(a, b)
# run: uf_arctan2(np.array(F64), np.array(F64[::-1]))
# run: uf_arctan2(np.array([0.0, -0.0, 0.0, -0.0, 1.0, -1.0]), np.array([0.0, 0.0, -0.0, -0.0, -inf, -inf]))
# run: uf_arctan2(np.array(INTS), np.array(INTS[::-1]))
# run: uf_arctan2(np.array(F32, np.float32), np.array(F32[::-1], np.float32))


def uf_mod(a, b):
    return np.mod(a, b)
# run: uf_mod(np.array([7.0, -7.0, 7.5, -7.5, 6.0, -6.0]), np.array([2.0, 2.0, -2.0, -2.0, 3.0, -3.0]))
# run: uf_mod(np.array([1.0, -1.0, inf, nan, 3.0]), np.array([0.0, inf, 2.0, 2.0, -inf]))
# run: uf_mod(np.array([7, -7, 7, -7, 0]), np.array([2, 2, -2, -2, 3]))
# run: uf_mod(np.arange(-5, 5), 3)
# run: uf_mod(np.array([7, 200], np.uint8), np.array([3, 7], np.uint8))
# run: uf_mod(np.array([7.5, -7.5], np.float32), np.float32(2.0))


def uf_floor_divide(a, b):
    return np.floor_divide(a, b)
# run: uf_floor_divide(np.array([7.0, -7.0, 7.5, -7.5]), np.array([2.0, 2.0, -2.0, -2.0]))
# run: uf_floor_divide(np.array([1.0, -1.0, inf, 1.0, -1.0]), np.array([0.0, 0.0, 2.0, inf, inf]))
# run: uf_floor_divide(np.array([7, -7, 7, -7, 0]), np.array([2, 2, -2, -2, 3]))
# run: uf_floor_divide(np.arange(-5, 5), 3)
# run: uf_floor_divide(np.array([7, -7], np.int8), np.array([2, 2], np.int8))
# run: uf_floor_divide(np.array([7.5, -7.5], np.float32), np.float32(2.0))


# --- logical ---


def uf_logical_and(a, b):
    return np.logical_and(a, b)
# run: uf_logical_and(np.array([True, True, False, False]), np.array([True, False, True, False]))
# run: uf_logical_and(np.array(F64), np.array(F64[::-1]))
# run: uf_logical_and(np.array(INTS), 1)
# run: uf_logical_and(np.array([[True], [False]]), np.array([True, False]))


def uf_logical_or(a, b):
    return np.logical_or(a, b)
# run: uf_logical_or(np.array([True, True, False, False]), np.array([True, False, True, False]))
# run: uf_logical_or(np.array(F64), 0.0)
# run: uf_logical_or(np.array(INTS), np.array(INTS[::-1]))


def uf_logical_xor(a, b):
    return np.logical_xor(a, b)
# run: uf_logical_xor(np.array([True, True, False, False]), np.array([True, False, True, False]))
# run: uf_logical_xor(np.array(F64), np.array(F64[::-1]))
# run: uf_logical_xor(np.array(INTS), np.array(INTS[::-1]))


def uf_logical_not(a):
    return np.logical_not(a)
# run: uf_logical_not(np.array([True, False]))
# run: uf_logical_not(np.array(F64))
# run: uf_logical_not(np.array(INTS))
# run: uf_logical_not(np.zeros((2, 2)))


# --- where, clip ---


def where_arrays(c, a, b):
    return np.where(c, a, b)
# run: where_arrays(np.array([True, False, True]), np.array([1.0, 2.0, 3.0]), np.array([-1.0, -2.0, -3.0]))
# run: where_arrays(np.array([True, False, True]), np.array([1, 2, 3], np.int32), np.array([0.5, 0.5, 0.5], np.float32))
# run: where_arrays(np.array([True, False, True]), np.array([1, 2, 3]), np.array([4, 5, 6]))
# run: where_arrays(np.array([[True], [False]]), np.arange(3.0), np.zeros((2, 3)))
# run: where_arrays(np.array([True, False]), np.arange(3.0), np.zeros(3))
# run: where_arrays(np.zeros(0, np.bool_), np.zeros(0), np.zeros(0))


def where_scalars(a):
    return (np.where(a > 0, a, 0.0), np.where(a > 0, 1, 0), np.where(a > 0, a, -a), np.where(a > 1, 1.5, a))
# run: where_scalars(np.array(F64))
# run: where_scalars(np.array(INTS))
# run: where_scalars(np.array(INTS, np.int8))
# run: where_scalars(np.array(F32, np.float32))
# run: where_scalars(np.arange(-3.0, 3.0).reshape(2, 3).T)


def where_relu_int(a):
    return np.where(a > 0, a, 0)
# run: where_relu_int(np.array(INTS))
# run: where_relu_int(np.array(INTS, np.int8))
# run: where_relu_int(np.array(INTS, np.float32))


def uf_clip(a, lo, hi):
    return np.clip(a, lo, hi)
# run: uf_clip(np.array(F64), -1.0, 2.0)
# run: uf_clip(np.array(INTS), -1, 2)
# run: uf_clip(np.array(INTS, np.int8), -1, 2)
# run: uf_clip(np.array(INTS), -1.5, 2.5)
# run: uf_clip(np.array(F32, np.float32), 0.0, 1.0)
# run: uf_clip(np.array(F64), 2.0, 1.0)
# run: uf_clip(np.array(F64), np.zeros(12), np.ones(12))
# run: uf_clip(np.arange(12.0).reshape(3, 4), np.array([2.0, 3.0, 4.0, 5.0]), 8.0)


def clip_one_sided(a):
    return (np.clip(a, None, 1.0), np.clip(a, 0.0, None), a.clip(-1.0, 1.0))
# run: clip_one_sided(np.array(F64))
# run: clip_one_sided(np.array(INTS, np.float32))


# --- output arguments and chains ---


def ufunc_out_arg(a):
    out = np.zeros_like(a)
    np.sqrt(a, out)
    np.add(a, out, out)
    return out
# run: ufunc_out_arg(np.array(POS))
# run: ufunc_out_arg(np.arange(6.0).reshape(2, 3))


def ufunc_chain(x):
    return np.exp(-np.square(x)) * np.cos(x) + np.abs(np.sin(x))
# run: ufunc_chain(np.array(F64))
# run: ufunc_chain(np.linspace(-3.0, 3.0, 13))
# hypothesis: ufunc_chain(finite_f64_arrays)


def real_imag_parts(z, x, a):
    r = np.real(a)
    i = np.imag(a)
    return np.real(z), np.imag(z), np.real(x), np.imag(x), r.sum(), i.sum(), r.copy(), i * 2
# run: real_imag_parts(1.5 - 2j, 3.0, np.array([1 + 2j, 3 - 4j]))
# run: real_imag_parts(0j, 7, np.ones((2, 3), dtype=np.complex64) * (1 - 1j))
# run: real_imag_parts(np.complex64(2 + 1j), np.float32(1.5), np.zeros(0, dtype=np.complex128))


def part_views(a, b):
    return np.imag(a), np.real(a)[::-1], np.real(b)
# run: part_views(np.array([1 + 2j, 3 - 4j, 5j])[::-1], np.arange(4.0))
# run: part_views(np.asfortranarray(np.arange(6).reshape(2, 3) * (1 - 2j)), np.arange(6).reshape(2, 3))
