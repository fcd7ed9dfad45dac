# Kernels calling kernels: positional and keyword arguments, defaults, results used in
# expressions, and self-recursion (fib, ackermann, gcd, fast power, binomial).

import math


def square(x):
    return x * x


def norm2(x, y):
    return math.sqrt(square(x) + square(y))
# run: norm2(3.0, 4.0)
# run: norm2(3, 4)
# hypothesis: norm2(small_floats, small_floats)


def scaled_offset(x, scale=2.0, offset=1):
    return x * scale + offset


def use_defaults(x):
    return (scaled_offset(x), scaled_offset(x, 3.0), scaled_offset(x, offset=-1), scaled_offset(x, offset=5, scale=0.5))
# run: use_defaults(1.0)
# run: use_defaults(-2.5)


def call_defaults_directly(x):
    return scaled_offset(x, scale=10)
# run: call_defaults_directly(3)
# run: call_defaults_directly(0.5)


def clip_to(x, lo=0.0, hi=1.0):
    return max(lo, min(hi, x))
# run: clip_to(0.5)
# run: clip_to(2.0)
# run: clip_to(-3.0, -1.0)
# run: clip_to(5.0, hi=4.0)
# run: clip_to(x=-5.0, lo=-2.0, hi=2.0)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
# run: fib(0)
# run: fib(1)
# run: fib(10)
# run: fib(20)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
# run: ackermann(0, 0)
# run: ackermann(2, 3)
# run: ackermann(3, 3)


def gcd_rec(a, b):
    if b == 0:
        return abs(a)
    return gcd_rec(b, a % b)
# run: gcd_rec(48, 18)
# run: gcd_rec(-48, 18)
# run: gcd_rec(0, 0)
# run: gcd_rec(17, 5)
# hypothesis: gcd_rec(int_range(-10**12, 10**12), int_range(-10**12, 10**12))


def lcm(a, b):
    if a == 0 or b == 0:
        return 0
    return abs(a // gcd_rec(a, b) * b)
# run: lcm(4, 6)
# run: lcm(0, 5)
# run: lcm(-21, 6)
# hypothesis: lcm(int_range(-10**6, 10**6), int_range(-10**6, 10**6))


def fast_pow(x, n):
    # x**n for n >= 0 by recursive squaring.
    if n == 0:
        return 1.0
    half = fast_pow(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x
# run: fast_pow(2.0, 10)
# run: fast_pow(1.5, 0)
# run: fast_pow(-1.0001, 10001)
# run: fast_pow(10.0, 400)


def binomial(n, k):
    if k < 0 or k > n:
        return 0
    if k == 0 or k == n:
        return 1
    return binomial(n - 1, k - 1) + binomial(n - 1, k)
# run: binomial(5, 2)
# run: binomial(10, 0)
# run: binomial(16, 8)
# run: binomial(3, 5)


def sum_digits_rec(n):
    if n < 10:
        return n
    return n % 10 + sum_digits_rec(n // 10)
# run: sum_digits_rec(0)
# run: sum_digits_rec(987654321)


def hanoi_moves(n):
    if n == 0:
        return 0
    return 2 * hanoi_moves(n - 1) + 1
# run: hanoi_moves(0)
# run: hanoi_moves(10)
# run: hanoi_moves(63)
# run: hanoi_moves(64)


def count_down_rec(n, acc):
    # Accumulator-passing recursion with a float accumulator.
    if n <= 0:
        return acc
    return count_down_rec(n - 1, acc + 1.0 / n)
# run: count_down_rec(10, 0.0)
# run: count_down_rec(0, 1.5)


def poly_eval(x, c0, c1, c2, c3):
    return ((c3 * x + c2) * x + c1) * x + c0


def poly_derivative(x, c0, c1, c2, c3):
    return (3.0 * c3 * x + 2.0 * c2) * x + c1


def newton_poly(x0, c0, c1, c2, c3, iters):
    # Newton's method on a cubic, calling two helper kernels per step.
    x = x0
    for _ in range(iters):
        d = poly_derivative(x, c0, c1, c2, c3)
        if d == 0.0:
            break
        x = x - poly_eval(x, c0, c1, c2, c3) / d
    return x
# run: newton_poly(2.0, -5.0, -2.0, 0.0, 1.0, 20)
# run: newton_poly(1.0, -2.0, 0.0, 1.0, 0.0, 50)
# run: newton_poly(0.0, 1.0, 0.0, 0.0, 0.0, 5)


def tuple_returning_callee(a, b):
    return (a + b, a - b)


def use_tuple_callee(a, b):
    s, d = tuple_returning_callee(a, b)
    return s * d
# run: use_tuple_callee(5, 3)
# run: use_tuple_callee(2.5, 0.5)


def array_callee_sum(a):
    s = 0.0
    for x in a:
        s += x
    return s


def array_mean(a):
    if len(a) == 0:
        return math.nan
    return array_callee_sum(a) / len(a)
# run: array_mean(np.arange(5.0))
# run: array_mean(np.zeros(0))
# run: array_mean(np.array([1e308, 1e308]))


def chain_a(x):
    return chain_b(x) + 1


def chain_b(x):
    # Defined after its caller: names resolve when compiling, not when defining.
    return x * 2
# run: chain_a(20)
# run: chain_b(4)
