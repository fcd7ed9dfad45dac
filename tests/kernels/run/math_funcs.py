# The math module: sqrt exp log log1p sin cos tan atan2 hypot floor ceil fabs isnan isinf
# isfinite copysign and pi e inf nan, in kernels and on edge values. Where CPython raises
# (math.sqrt(-1), math.exp(1000)) Numba returns nan/inf: Numba is the spec.

import math


def m_sqrt(x):
    return math.sqrt(x)
# run: m_sqrt(4.0)
# run: m_sqrt(2)
# run: m_sqrt(-0.0)
# run: m_sqrt(-1.0)
# run: m_sqrt(inf)
# run: m_sqrt(nan)
# hypothesis: m_sqrt(floats)


def m_exp_log(x):
    return (math.exp(x), math.log(x), math.log1p(x))
# run: m_exp_log(1.0)
# run: m_exp_log(0.0)
# run: m_exp_log(-0.0)
# run: m_exp_log(-1.0)
# run: m_exp_log(1e-20)
# run: m_exp_log(710.0)
# run: m_exp_log(inf)
# run: m_exp_log(-inf)
# run: m_exp_log(nan)
# hypothesis: m_exp_log(pos_floats)


def m_trig(x):
    return (math.sin(x), math.cos(x), math.tan(x))
# run: m_trig(0.0)
# run: m_trig(-0.0)
# run: m_trig(math.pi)
# run: m_trig(1e22)
# run: m_trig(inf)
# run: m_trig(nan)
# hypothesis: m_trig(finite_floats)


def m_atan2(y, x):
    return math.atan2(y, x)
# run: m_atan2(0.0, -0.0)
# run: m_atan2(-0.0, -0.0)
# run: m_atan2(1.0, 0.0)
# run: m_atan2(inf, -inf)
# run: m_atan2(nan, 1.0)
# run: m_atan2(1, 2)
# hypothesis: m_atan2(floats, floats)


def m_hypot(x, y):
    return math.hypot(x, y)
# run: m_hypot(3.0, 4.0)
# run: m_hypot(inf, nan)
# run: m_hypot(1e308, 1e308)
# run: m_hypot(-0.0, 0.0)
# hypothesis: m_hypot(floats, floats)


def m_floor_ceil(x):
    # floor and ceil of a float return ints, as in Python 3.
    return (math.floor(x), math.ceil(x))
# run: m_floor_ceil(2.5)
# run: m_floor_ceil(-2.5)
# run: m_floor_ceil(-0.0)
# run: m_floor_ceil(3.0)
# run: m_floor_ceil(-1e-300)
# run: m_floor_ceil(7)
# hypothesis: m_floor_ceil(small_floats)


def m_fabs_copysign(x, y):
    return (math.fabs(x), math.copysign(x, y), math.copysign(1.0, y))
# run: m_fabs_copysign(-2.0, 1.0)
# run: m_fabs_copysign(3.0, -0.0)
# run: m_fabs_copysign(-0.0, 0.0)
# run: m_fabs_copysign(nan, -1.0)
# run: m_fabs_copysign(-inf, 1.0)
# run: m_fabs_copysign(-3, 2)
# hypothesis: m_fabs_copysign(floats, floats)


def m_classify(x):
    return (math.isnan(x), math.isinf(x), math.isfinite(x))
# run: m_classify(0.0)
# run: m_classify(nan)
# run: m_classify(inf)
# run: m_classify(-inf)
# run: m_classify(5e-324)
# run: m_classify(3)
# hypothesis: m_classify(floats)


def m_constants():
    return (math.pi, math.e, math.inf, -math.inf, math.nan)
# run: m_constants()


def circle_area(r):
    return math.pi * r * r
# run: circle_area(1.0)
# run: circle_area(2)
# run: circle_area(-0.0)


def gaussian_pdf(x, mu, sigma):
    z = (x - mu) / sigma
    return math.exp(-0.5 * z * z) / (sigma * math.sqrt(2.0 * math.pi))
# run: gaussian_pdf(0.0, 0.0, 1.0)
# run: gaussian_pdf(1.96, 0.0, 1.0)
# run: gaussian_pdf(40.0, 0.0, 1.0)
# run: gaussian_pdf(0.0, 0.0, 0.0)
# hypothesis: gaussian_pdf(small_floats, small_floats, float_range(1e-3, 1e3))


def logsumexp2(a, b):
    m = max(a, b)
    if math.isinf(m):
        return m
    return m + math.log(math.exp(a - m) + math.exp(b - m))
# run: logsumexp2(0.0, 0.0)
# run: logsumexp2(1000.0, 1000.0)
# run: logsumexp2(-inf, -inf)
# run: logsumexp2(-1000.0, 0.0)
# hypothesis: logsumexp2(small_floats, small_floats)


def softplus(x):
    # log(1 + exp(x)) without overflow.
    if x > 30.0:
        return x
    return math.log1p(math.exp(x))
# run: softplus(0.0)
# run: softplus(-50.0)
# run: softplus(31.0)
# run: softplus(1e-10)
# hypothesis: softplus(small_floats)


def sigmoid(x):
    if x >= 0.0:
        z = math.exp(-x)
        return 1.0 / (1.0 + z)
    z = math.exp(x)
    return z / (1.0 + z)
# run: sigmoid(0.0)
# run: sigmoid(-800.0)
# run: sigmoid(800.0)
# run: sigmoid(nan)
# hypothesis: sigmoid(finite_floats)


def to_polar(x, y):
    return (math.hypot(x, y), math.atan2(y, x))
# run: to_polar(1.0, 1.0)
# run: to_polar(-1.0, -0.0)
# run: to_polar(0.0, 0.0)


def haversine(lat1, lon1, lat2, lon2):
    # Great-circle distance in km between two (lat, lon) points in degrees.
    r = 6371.0
    p1 = lat1 * math.pi / 180.0
    p2 = lat2 * math.pi / 180.0
    dp = p2 - p1
    dl = (lon2 - lon1) * math.pi / 180.0
    a = math.sin(dp / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2.0) ** 2
    return 2.0 * r * math.atan2(math.sqrt(a), math.sqrt(1.0 - a))
# run: haversine(51.5, -0.12, 48.85, 2.35)
# run: haversine(0.0, 0.0, 0.0, 0.0)
# run: haversine(90.0, 0.0, -90.0, 0.0)


def snap_to_grid(x, h):
    # Nearest grid points below and above, with floor/ceil on floats.
    lo = math.floor(x / h) * h
    hi = math.ceil(x / h) * h
    return (lo, hi)
# run: snap_to_grid(1.26, 0.25)
# run: snap_to_grid(-1.26, 0.25)
# run: snap_to_grid(1.0, 0.5)


def rel_close(a, b, rtol):
    # A math.isclose written by hand.
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    return math.fabs(a - b) <= rtol * max(math.fabs(a), math.fabs(b))
# run: rel_close(1.0, 1.0 + 1e-10, 1e-9)
# run: rel_close(1.0, 1.1, 1e-9)
# run: rel_close(inf, inf, 1e-9)
# run: rel_close(inf, 1e308, 1e-9)
# run: rel_close(nan, nan, 1e-9)
