# Complex math in compiled code: the `cmath` module (also on real arguments, which Numba
# converts to complex), NumPy's ufuncs on complex scalars and arrays, and np.angle. Numba
# uses CPython's careful algorithms for `cmath` (special cases for inf and nan in either
# part, large-argument branches, branch cuts along the real and imaginary axes) but simpler
# formulas for some ufuncs (np.cosh, np.sinh, np.tanh, np.arccosh, np.expm1, np.log1p), so
# the two families differ at infinities. complex64 results follow Numba's typing of its
# algorithms (some steps are float64: cmath.sqrt, acos, asinh, atanh; cmath.tanh, acosh and
# log10 even return complex128). Each scalar kernel loops over a grid of special values
# (every pair of PARTS as real and imaginary part); array kernels also take 2-d,
# F-ordered and non-contiguous inputs.

import cmath
import math

import numpy as np

# Parts of the complex grids: zeros of both signs, small and huge values, past the
# overflow of cosh/exp, infinities and nan.
PARTS = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-300, 1e300, -1e300, 710.0, math.inf, -math.inf, math.nan]
PARTS32 = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-30, 1e30, -3e38, 90.0, math.inf, -math.inf, math.nan]
Z = np.array([complex(x, y) for x in PARTS for y in PARTS])
Z32 = np.array([complex(x, y) for x in PARTS32 for y in PARTS32], np.complex64)
# Ordinary values near the branch cuts (|re| > 1 on the real axis, |im| > 1 on the
# imaginary axis) and the unit circle.
CUTS = np.array([2 + 0j, 2 - 0j, -2 + 0j, -2 - 0j, 2j, -2j, complex(0.0, 2.0), complex(-0.0, -2.0),
                 1 + 0j, -1 + 0j, 1j, -1j, 0.6 + 0.8j, -0.6 - 0.8j, 1 + 1e-10j, 1e-8 + 1j])
REALS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.5, 1e300, math.inf, -math.inf, math.nan]
REALS32 = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.5, 1e30, math.inf, -math.inf, math.nan]


# --- cmath on complex numbers: each element of a 1-d array, one call at a time ---


def cm_exp(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.exp(a[i])
    return out
# run: cm_exp(Z)
# run: cm_exp(Z32)
# run: cm_exp(CUTS)
# run: cm_exp(CUTS.astype(np.complex64))
# hypothesis: cm_exp(arrays_of(np.complex128, finite_complexes))


def cm_log(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.log(a[i])
    return out
# run: cm_log(Z)
# run: cm_log(Z32)
# run: cm_log(CUTS)
# run: cm_log(CUTS.astype(np.complex64))
# hypothesis: cm_log(arrays_of(np.complex128, finite_complexes))


def cm_log10(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.log10(a[i])
    return out
# run: cm_log10(Z)
# run: cm_log10(Z32)
# run: cm_log10(CUTS)
# run: cm_log10(CUTS.astype(np.complex64))
# hypothesis: cm_log10(arrays_of(np.complex128, finite_complexes))


def cm_sqrt(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.sqrt(a[i])
    return out
# run: cm_sqrt(Z)
# run: cm_sqrt(Z32)
# run: cm_sqrt(CUTS)
# run: cm_sqrt(CUTS.astype(np.complex64))
# hypothesis: cm_sqrt(arrays_of(np.complex128, finite_complexes))


def cm_sin(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.sin(a[i])
    return out
# run: cm_sin(Z)
# run: cm_sin(Z32)
# run: cm_sin(CUTS)
# run: cm_sin(CUTS.astype(np.complex64))
# hypothesis: cm_sin(arrays_of(np.complex128, finite_complexes))


def cm_cos(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.cos(a[i])
    return out
# run: cm_cos(Z)
# run: cm_cos(Z32)
# run: cm_cos(CUTS)
# run: cm_cos(CUTS.astype(np.complex64))
# hypothesis: cm_cos(arrays_of(np.complex128, finite_complexes))


def cm_tan(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.tan(a[i])
    return out
# run: cm_tan(Z)
# run: cm_tan(Z32)
# run: cm_tan(CUTS)
# run: cm_tan(CUTS.astype(np.complex64))
# hypothesis: cm_tan(arrays_of(np.complex128, finite_complexes))


def cm_asin(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.asin(a[i])
    return out
# run: cm_asin(Z)
# run: cm_asin(Z32)
# run: cm_asin(CUTS)
# run: cm_asin(CUTS.astype(np.complex64))
# hypothesis: cm_asin(arrays_of(np.complex128, finite_complexes))


def cm_acos(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.acos(a[i])
    return out
# run: cm_acos(Z)
# run: cm_acos(Z32)
# run: cm_acos(CUTS)
# run: cm_acos(CUTS.astype(np.complex64))
# hypothesis: cm_acos(arrays_of(np.complex128, finite_complexes))


def cm_atan(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.atan(a[i])
    return out
# run: cm_atan(Z)
# run: cm_atan(Z32)
# run: cm_atan(CUTS)
# run: cm_atan(CUTS.astype(np.complex64))
# hypothesis: cm_atan(arrays_of(np.complex128, finite_complexes))


def cm_sinh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.sinh(a[i])
    return out
# run: cm_sinh(Z)
# run: cm_sinh(Z32)
# run: cm_sinh(CUTS)
# run: cm_sinh(CUTS.astype(np.complex64))
# hypothesis: cm_sinh(arrays_of(np.complex128, finite_complexes))


def cm_cosh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.cosh(a[i])
    return out
# run: cm_cosh(Z)
# run: cm_cosh(Z32)
# run: cm_cosh(CUTS)
# run: cm_cosh(CUTS.astype(np.complex64))
# hypothesis: cm_cosh(arrays_of(np.complex128, finite_complexes))


def cm_tanh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.tanh(a[i])
    return out
# run: cm_tanh(Z)
# run: cm_tanh(Z32)
# run: cm_tanh(CUTS)
# run: cm_tanh(CUTS.astype(np.complex64))
# hypothesis: cm_tanh(arrays_of(np.complex128, finite_complexes))


def cm_asinh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.asinh(a[i])
    return out
# run: cm_asinh(Z)
# run: cm_asinh(Z32)
# run: cm_asinh(CUTS)
# run: cm_asinh(CUTS.astype(np.complex64))
# hypothesis: cm_asinh(arrays_of(np.complex128, finite_complexes))


def cm_acosh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.acosh(a[i])
    return out
# run: cm_acosh(Z)
# run: cm_acosh(Z32)
# run: cm_acosh(CUTS)
# run: cm_acosh(CUTS.astype(np.complex64))
# hypothesis: cm_acosh(arrays_of(np.complex128, finite_complexes))


def cm_atanh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.atanh(a[i])
    return out
# run: cm_atanh(Z)
# run: cm_atanh(Z32)
# run: cm_atanh(CUTS)
# run: cm_atanh(CUTS.astype(np.complex64))
# hypothesis: cm_atanh(arrays_of(np.complex128, finite_complexes))


def cm_scalar(z):
    # One call per function on a scalar argument (complex64 or complex128).
    return (cmath.exp(z), cmath.log(z), cmath.sqrt(z), cmath.sin(z), cmath.cos(z), cmath.tan(z),
            cmath.asin(z), cmath.acos(z), cmath.atan(z), cmath.sinh(z), cmath.cosh(z),
            cmath.tanh(z), cmath.asinh(z), cmath.acosh(z), cmath.atanh(z), cmath.log10(z))
# run: cm_scalar(0.3 - 1.7j)
# run: cm_scalar(np.complex64(0.3 - 1.7j))
# run: cm_scalar(complex(1e300, -1e300))
# run: cm_scalar(np.complex64(complex(3e38, 1e-40)))
# hypothesis: cm_scalar(finite_complexes)
# hypothesis: cm_scalar(complexes)


def cm_log_base(a, base):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = cmath.log(a[i], base)
    return out
# run: cm_log_base(Z, 10.0)
# run: cm_log_base(Z32, np.float32(2.0))
# run: cm_log_base(CUTS, 1j)
# run: cm_log_base(Z32, 3)
# run: cm_log_base(CUTS, 1.0)
# hypothesis: cm_log_base(arrays_of(np.complex128, finite_complexes), finite_complexes.filter(lambda b: b != 0 and b != 1))


def cm_phase_polar(a):
    ph = np.empty(a.shape[0], np.float64)
    r = np.empty(a.shape[0], np.float64)
    th = np.empty(a.shape[0], np.float64)
    for i in range(a.shape[0]):
        ph[i] = cmath.phase(a[i])
        r[i], th[i] = cmath.polar(a[i])
    return ph, r, th
# run: cm_phase_polar(Z)
# run: cm_phase_polar(Z32)
# run: cm_phase_polar(CUTS)


def cm_polar_scalar(z):
    return cmath.polar(z), cmath.phase(z)
# run: cm_polar_scalar(3 - 4j)
# run: cm_polar_scalar(np.complex64(-1 - 0j))
# hypothesis: cm_polar_scalar(complexes)


def cm_rect(r, phi):
    out = np.empty(r.shape[0] * phi.shape[0], np.complex128)
    k = 0
    for i in range(r.shape[0]):
        for j in range(phi.shape[0]):
            out[k] = cmath.rect(r[i], phi[j])
            k += 1
    return out
# run: cm_rect(np.array(REALS), np.array(REALS))
# run: cm_rect(np.array(REALS32, np.float32), np.array(REALS32, np.float32))
# run: cm_rect(np.array(REALS), np.array([0.0, 1.0, math.pi / 2, math.inf], np.float32))
# hypothesis: cm_rect(finite_f64_arrays, finite_f64_arrays)


def cm_rect_scalar(r, phi):
    return cmath.rect(r, phi)
# run: cm_rect_scalar(2.0, 0.5)
# run: cm_rect_scalar(np.float32(2.0), np.float32(0.5))
# run: cm_rect_scalar(math.inf, 0.0)
# run: cm_rect_scalar(0.0, math.nan)
# hypothesis: cm_rect_scalar(floats, floats)


def cm_classify(a):
    out = np.empty((a.shape[0], 3), np.bool_)
    for i in range(a.shape[0]):
        out[i, 0] = cmath.isnan(a[i])
        out[i, 1] = cmath.isinf(a[i])
        out[i, 2] = cmath.isfinite(a[i])
    return out
# run: cm_classify(Z)
# run: cm_classify(Z32)


def cm_of_real(x):
    # The functions typed for any number convert a real argument to complex.
    return (cmath.exp(x), cmath.log(x), cmath.sqrt(x), cmath.sin(x), cmath.cos(x),
            cmath.tan(x), cmath.asin(x), cmath.acos(x), cmath.atan(x), cmath.asinh(x),
            cmath.atanh(x), cmath.isnan(x), cmath.isinf(x), cmath.isfinite(x), cmath.log(x, 2.0))
# run: cm_of_real(-2.0)
# run: cm_of_real(0.5)
# run: cm_of_real(-0.0)
# run: cm_of_real(np.float32(-2.0))
# run: cm_of_real(3)
# run: cm_of_real(-4)
# run: cm_of_real(True)
# run: cm_of_real(np.int16(-3))
# run: cm_of_real(math.inf)
# run: cm_of_real(math.nan)
# hypothesis: cm_of_real(floats)
# hypothesis: cm_of_real(small_ints)


def cm_of_reals(a):
    out = np.empty((a.shape[0], 4), np.complex128)
    for i in range(a.shape[0]):
        x = a[i]
        out[i, 0] = cmath.sqrt(x)
        out[i, 1] = cmath.acos(x)
        out[i, 2] = cmath.atanh(x)
        out[i, 3] = cmath.log(x)
    return out
# run: cm_of_reals(np.array(REALS))
# run: cm_of_reals(np.array(REALS32, np.float32))
# run: cm_of_reals(np.array([-3, -1, 0, 1, 2, 7]))


def cm_constants():
    return cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.exp(cmath.infj)
# run: cm_constants()


# --- NumPy ufuncs on complex scalars: each element, one call at a time ---


def np_exp(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.exp(a[i])
    return out
# run: np_exp(Z)
# run: np_exp(Z32)
# run: np_exp(CUTS)


def np_exp2(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.exp2(a[i])
    return out
# run: np_exp2(Z)
# run: np_exp2(Z32)
# run: np_exp2(CUTS)


def np_expm1(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.expm1(a[i])
    return out
# run: np_expm1(Z)
# run: np_expm1(Z32)
# run: np_expm1(CUTS)


def np_log(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.log(a[i])
    return out
# run: np_log(Z)
# run: np_log(Z32)
# run: np_log(CUTS)


def np_log2(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.log2(a[i])
    return out
# run: np_log2(Z)
# run: np_log2(Z32)
# run: np_log2(CUTS)


def np_log10(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.log10(a[i])
    return out
# run: np_log10(Z)
# run: np_log10(Z32)
# run: np_log10(CUTS)


def np_log1p(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.log1p(a[i])
    return out
# run: np_log1p(Z)
# run: np_log1p(Z32)
# run: np_log1p(CUTS)


def np_sqrt(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.sqrt(a[i])
    return out
# run: np_sqrt(Z)
# run: np_sqrt(Z32)
# run: np_sqrt(CUTS)


def np_square(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.square(a[i])
    return out
# run: np_square(Z)
# run: np_square(Z32)
# run: np_square(CUTS)


def np_reciprocal(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.reciprocal(a[i])
    return out
# run: np_reciprocal(Z)
# run: np_reciprocal(Z32)
# run: np_reciprocal(CUTS)


def np_sin(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.sin(a[i])
    return out
# run: np_sin(Z)
# run: np_sin(Z32)
# run: np_sin(CUTS)


def np_cos(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.cos(a[i])
    return out
# run: np_cos(Z)
# run: np_cos(Z32)
# run: np_cos(CUTS)


def np_tan(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.tan(a[i])
    return out
# run: np_tan(Z)
# run: np_tan(Z32)
# run: np_tan(CUTS)


def np_arcsin(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arcsin(a[i])
    return out
# run: np_arcsin(Z)
# run: np_arcsin(Z32)
# run: np_arcsin(CUTS)


def np_arccos(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arccos(a[i])
    return out
# run: np_arccos(Z)
# run: np_arccos(Z32)
# run: np_arccos(CUTS)


def np_arctan(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arctan(a[i])
    return out
# run: np_arctan(Z)
# run: np_arctan(Z32)
# run: np_arctan(CUTS)


def np_sinh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.sinh(a[i])
    return out
# run: np_sinh(Z)
# run: np_sinh(Z32)
# run: np_sinh(CUTS)


def np_cosh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.cosh(a[i])
    return out
# run: np_cosh(Z)
# run: np_cosh(Z32)
# run: np_cosh(CUTS)


def np_tanh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.tanh(a[i])
    return out
# run: np_tanh(Z)
# run: np_tanh(Z32)
# run: np_tanh(CUTS)


def np_arcsinh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arcsinh(a[i])
    return out
# run: np_arcsinh(Z)
# run: np_arcsinh(Z32)
# run: np_arcsinh(CUTS)


def np_arccosh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arccosh(a[i])
    return out
# run: np_arccosh(Z)
# run: np_arccosh(Z32)
# run: np_arccosh(CUTS)


def np_arctanh(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.arctanh(a[i])
    return out
# run: np_arctanh(Z)
# run: np_arctanh(Z32)
# run: np_arctanh(CUTS)


def np_conjugate(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.conjugate(a[i])
    return out
# run: np_conjugate(Z)
# run: np_conjugate(Z32)
# run: np_conjugate(CUTS)


def np_conj(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.conj(a[i])
    return out
# run: np_conj(Z)
# run: np_conj(Z32)
# run: np_conj(CUTS)


def np_negative(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.negative(a[i])
    return out
# run: np_negative(Z)
# run: np_negative(Z32)
# run: np_negative(CUTS)


def np_positive(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.positive(a[i])
    return out
# run: np_positive(Z)
# run: np_positive(Z32)
# run: np_positive(CUTS)


def np_sign(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.sign(a[i])
    return out
# run: np_sign(Z)
# run: np_sign(Z32)
# run: np_sign(CUTS)


def np_rint(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.rint(a[i])
    return out
# run: np_rint(Z)
# run: np_rint(Z32)
# run: np_rint(CUTS)


def np_absolute(a):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.absolute(a[i])
    return out
# run: np_absolute(Z)
# run: np_absolute(Z32)
# run: np_absolute(CUTS)


def np_scalar(z):
    # The result types of the scalar ufuncs (complex64 stays complex64).
    return (np.exp(z), np.log(z), np.sqrt(z), np.cosh(z), np.sinh(z), np.tanh(z), np.sin(z),
            np.arccos(z), np.arctanh(z), np.sign(z), np.reciprocal(z), np.power(z, z),
            np.abs(z), np.conj(z), np.expm1(z), np.log1p(z), np.exp2(z), np.log2(z))
# run: np_scalar(0.3 - 1.7j)
# run: np_scalar(np.complex64(0.3 - 1.7j))
# run: np_scalar(-0j)
# hypothesis: np_scalar(finite_complexes)


def np_disba(k, omega, vp, vs, rho, d):
    # The shape of disba's layer matrices: complex vertical wavenumbers and their
    # hyperbolic functions.
    nu = np.sqrt(complex(k * k - (omega / vp) ** 2))
    gam = np.sqrt(complex(k * k - (omega / vs) ** 2))
    c1, s1 = np.cosh(nu * d), np.sinh(nu * d)
    c2, s2 = np.cosh(gam * d), np.sinh(gam * d)
    e = np.exp(-nu * d) * rho
    return c1 * c2 - s1 * s2 / (nu * gam), e, np.tanh(gam * d)
# run: np_disba(0.5, 2.0, 6.0, 3.5, 2.7, 10.0)
# run: np_disba(0.1, 2.0, 6.0, 3.5, 2.7, 10.0)
# run: np_disba(2.0, 1.0, 1.5, 0.8, 1.0, 300.0)
# hypothesis: np_disba(pos_floats, pos_floats, pos_floats, pos_floats, pos_floats, small_floats)


def np_power_loop(a, w):
    out = np.empty(a.shape[0], np.complex128)
    for i in range(a.shape[0]):
        out[i] = np.power(a[i], w)
    return out
# run: np_power_loop(CUTS, 0.5 + 0.5j)
# run: np_power_loop(CUTS, 2 + 0j)
# run: np_power_loop(CUTS.astype(np.complex64), np.complex64(3 - 1j))


def np_angle_scalar(z):
    return np.angle(z), np.angle(z, True), np.angle(z, False)
# run: np_angle_scalar(1 + 1j)
# run: np_angle_scalar(np.complex64(-1 - 0j))
# run: np_angle_scalar(-2.5)
# run: np_angle_scalar(np.float32(-0.0))
# run: np_angle_scalar(-3)
# run: np_angle_scalar(complex(math.nan, 1.0))
# hypothesis: np_angle_scalar(complexes)
# hypothesis: np_angle_scalar(floats)


# --- NumPy ufuncs over complex arrays (the elementwise loops) ---


def u_exp(a):
    return np.exp(a)
# run: u_exp(Z)
# run: u_exp(Z32)
# run: u_exp(Z.reshape(14, 14)[::3, 1::2])
# run: u_exp(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_exp(arrays_of(np.complex128, finite_complexes))


def u_exp2(a):
    return np.exp2(a)
# run: u_exp2(Z)
# run: u_exp2(Z32)
# run: u_exp2(Z.reshape(14, 14)[::3, 1::2])
# run: u_exp2(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_exp2(arrays_of(np.complex128, finite_complexes))


def u_expm1(a):
    return np.expm1(a)
# run: u_expm1(Z)
# run: u_expm1(Z32)
# run: u_expm1(Z.reshape(14, 14)[::3, 1::2])
# run: u_expm1(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_expm1(arrays_of(np.complex128, finite_complexes))


def u_log(a):
    return np.log(a)
# run: u_log(Z)
# run: u_log(Z32)
# run: u_log(Z.reshape(14, 14)[::3, 1::2])
# run: u_log(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_log(arrays_of(np.complex128, finite_complexes))


def u_log2(a):
    return np.log2(a)
# run: u_log2(Z)
# run: u_log2(Z32)
# run: u_log2(Z.reshape(14, 14)[::3, 1::2])
# run: u_log2(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_log2(arrays_of(np.complex128, finite_complexes))


def u_log10(a):
    return np.log10(a)
# run: u_log10(Z)
# run: u_log10(Z32)
# run: u_log10(Z.reshape(14, 14)[::3, 1::2])
# run: u_log10(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_log10(arrays_of(np.complex128, finite_complexes))


def u_log1p(a):
    return np.log1p(a)
# run: u_log1p(Z)
# run: u_log1p(Z32)
# run: u_log1p(Z.reshape(14, 14)[::3, 1::2])
# run: u_log1p(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_log1p(arrays_of(np.complex128, finite_complexes))


def u_sqrt(a):
    return np.sqrt(a)
# run: u_sqrt(Z)
# run: u_sqrt(Z32)
# run: u_sqrt(Z.reshape(14, 14)[::3, 1::2])
# run: u_sqrt(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_sqrt(arrays_of(np.complex128, finite_complexes))


def u_square(a):
    return np.square(a)
# run: u_square(Z)
# run: u_square(Z32)
# run: u_square(Z.reshape(14, 14)[::3, 1::2])
# run: u_square(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_square(arrays_of(np.complex128, finite_complexes))


def u_reciprocal(a):
    return np.reciprocal(a)
# run: u_reciprocal(Z)
# run: u_reciprocal(Z32)
# run: u_reciprocal(Z.reshape(14, 14)[::3, 1::2])
# run: u_reciprocal(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_reciprocal(arrays_of(np.complex128, finite_complexes))


def u_sin(a):
    return np.sin(a)
# run: u_sin(Z)
# run: u_sin(Z32)
# run: u_sin(Z.reshape(14, 14)[::3, 1::2])
# run: u_sin(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_sin(arrays_of(np.complex128, finite_complexes))


def u_cos(a):
    return np.cos(a)
# run: u_cos(Z)
# run: u_cos(Z32)
# run: u_cos(Z.reshape(14, 14)[::3, 1::2])
# run: u_cos(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_cos(arrays_of(np.complex128, finite_complexes))


def u_tan(a):
    return np.tan(a)
# run: u_tan(Z)
# run: u_tan(Z32)
# run: u_tan(Z.reshape(14, 14)[::3, 1::2])
# run: u_tan(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_tan(arrays_of(np.complex128, finite_complexes))


def u_arcsin(a):
    return np.arcsin(a)
# run: u_arcsin(Z)
# run: u_arcsin(Z32)
# run: u_arcsin(Z.reshape(14, 14)[::3, 1::2])
# run: u_arcsin(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arcsin(arrays_of(np.complex128, finite_complexes))


def u_arccos(a):
    return np.arccos(a)
# run: u_arccos(Z)
# run: u_arccos(Z32)
# run: u_arccos(Z.reshape(14, 14)[::3, 1::2])
# run: u_arccos(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arccos(arrays_of(np.complex128, finite_complexes))


def u_arctan(a):
    return np.arctan(a)
# run: u_arctan(Z)
# run: u_arctan(Z32)
# run: u_arctan(Z.reshape(14, 14)[::3, 1::2])
# run: u_arctan(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arctan(arrays_of(np.complex128, finite_complexes))


def u_sinh(a):
    return np.sinh(a)
# run: u_sinh(Z)
# run: u_sinh(Z32)
# run: u_sinh(Z.reshape(14, 14)[::3, 1::2])
# run: u_sinh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_sinh(arrays_of(np.complex128, finite_complexes))


def u_cosh(a):
    return np.cosh(a)
# run: u_cosh(Z)
# run: u_cosh(Z32)
# run: u_cosh(Z.reshape(14, 14)[::3, 1::2])
# run: u_cosh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_cosh(arrays_of(np.complex128, finite_complexes))


def u_tanh(a):
    return np.tanh(a)
# run: u_tanh(Z)
# run: u_tanh(Z32)
# run: u_tanh(Z.reshape(14, 14)[::3, 1::2])
# run: u_tanh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_tanh(arrays_of(np.complex128, finite_complexes))


def u_arcsinh(a):
    return np.arcsinh(a)
# run: u_arcsinh(Z)
# run: u_arcsinh(Z32)
# run: u_arcsinh(Z.reshape(14, 14)[::3, 1::2])
# run: u_arcsinh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arcsinh(arrays_of(np.complex128, finite_complexes))


def u_arccosh(a):
    return np.arccosh(a)
# run: u_arccosh(Z)
# run: u_arccosh(Z32)
# run: u_arccosh(Z.reshape(14, 14)[::3, 1::2])
# run: u_arccosh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arccosh(arrays_of(np.complex128, finite_complexes))


def u_arctanh(a):
    return np.arctanh(a)
# run: u_arctanh(Z)
# run: u_arctanh(Z32)
# run: u_arctanh(Z.reshape(14, 14)[::3, 1::2])
# run: u_arctanh(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_arctanh(arrays_of(np.complex128, finite_complexes))


def u_conjugate(a):
    return np.conjugate(a)
# run: u_conjugate(Z)
# run: u_conjugate(Z32)
# run: u_conjugate(Z.reshape(14, 14)[::3, 1::2])
# run: u_conjugate(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_conjugate(arrays_of(np.complex128, finite_complexes))


def u_conj(a):
    return np.conj(a)
# run: u_conj(Z)
# run: u_conj(Z32)
# run: u_conj(Z.reshape(14, 14)[::3, 1::2])
# run: u_conj(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_conj(arrays_of(np.complex128, finite_complexes))


def u_negative(a):
    return np.negative(a)
# run: u_negative(Z)
# run: u_negative(Z32)
# run: u_negative(Z.reshape(14, 14)[::3, 1::2])
# run: u_negative(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_negative(arrays_of(np.complex128, finite_complexes))


def u_positive(a):
    return np.positive(a)
# run: u_positive(Z)
# run: u_positive(Z32)
# run: u_positive(Z.reshape(14, 14)[::3, 1::2])
# run: u_positive(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_positive(arrays_of(np.complex128, finite_complexes))


def u_sign(a):
    return np.sign(a)
# run: u_sign(Z)
# run: u_sign(Z32)
# run: u_sign(Z.reshape(14, 14)[::3, 1::2])
# run: u_sign(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_sign(arrays_of(np.complex128, finite_complexes))


def u_rint(a):
    return np.rint(a)
# run: u_rint(Z)
# run: u_rint(Z32)
# run: u_rint(Z.reshape(14, 14)[::3, 1::2])
# run: u_rint(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_rint(arrays_of(np.complex128, finite_complexes))


def u_absolute(a):
    return np.absolute(a)
# run: u_absolute(Z)
# run: u_absolute(Z32)
# run: u_absolute(Z.reshape(14, 14)[::3, 1::2])
# run: u_absolute(np.asfortranarray(Z32.reshape(14, 14)))
# hypothesis: u_absolute(arrays_of(np.complex128, finite_complexes))


def u_power(a, b):
    return np.power(a, b), a ** b
# run: u_power(CUTS, CUTS[::-1])
# run: u_power(CUTS.astype(np.complex64), np.complex64(0.5 - 2j))
# run: u_power(CUTS.reshape(4, 4), 2 + 0j)


def u_angle(a):
    return np.angle(a), np.angle(a, True), np.angle(a, deg=True), np.angle(z=a)
# run: u_angle(Z)
# run: u_angle(Z32)
# run: u_angle(Z.reshape(14, 14)[::2, ::3])
# run: u_angle(np.array(REALS))
# run: u_angle(np.array(REALS32, np.float32))
# hypothesis: u_angle(arrays_of(np.complex128, complexes))


def u_fused(a, b):
    # An array expression of complex ufuncs: one fused loop.
    return np.exp(a) * np.cosh(b) - np.sqrt(a * b) + np.log(np.conj(a) + b)
# run: u_fused(CUTS, CUTS[::-1])
# run: u_fused(Z32, Z32[::-1])
# run: u_fused(Z.reshape(14, 14), Z.reshape(14, 14).T)
# hypothesis: u_fused(arrays_of(np.complex128, finite_complexes, 4, 4), arrays_of(np.complex128, finite_complexes, 4, 4))


def u_into(a, out):
    np.sin(a, out)
    np.tan(a, out[::-1])
    return out
# run: u_into(CUTS, np.zeros(16, np.complex128))
# run: u_into(CUTS.astype(np.complex64), np.zeros(16, np.complex64))
