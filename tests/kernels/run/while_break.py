# while-loops with break/continue and while-else: the iterative algorithms of numerics.

import math


def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
# run: collatz_steps(1)
# run: collatz_steps(27)
# run: collatz_steps(837799)
# hypothesis: collatz_steps(int_range(1, 10**6))


def gcd_iter(a, b):
    while b != 0:
        a, b = b, a % b
    return a
# run: gcd_iter(48, 18)
# run: gcd_iter(0, 5)
# run: gcd_iter(5, 0)
# run: gcd_iter(-12, 18)
# run: gcd_iter(INT64_MAX, 2**62)
# hypothesis: gcd_iter(ints, ints)


def isqrt_newton(n):
    # Integer square root by Newton's method. (Not run on INT64_MAX: `x + 1` would
    # overflow, and Numba's `nsw` arithmetic makes that undefined, not a wrap-around.)
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x
# run: isqrt_newton(0)
# run: isqrt_newton(15)
# run: isqrt_newton(16)
# run: isqrt_newton(2**62 + 12345)
# run: isqrt_newton(INT64_MAX - 1)
# hypothesis: isqrt_newton(int_range(0, 2**62))


def newton_sqrt(a, tol):
    if a == 0.0:
        return 0.0
    x = a if a > 1.0 else 1.0
    while True:
        nx = 0.5 * (x + a / x)
        if abs(nx - x) <= tol * nx:
            return nx
        x = nx
# run: newton_sqrt(2.0, 1e-15)
# run: newton_sqrt(1e-10, 1e-12)
# run: newton_sqrt(1e300, 1e-15)
# run: newton_sqrt(0.0, 1e-15)
# hypothesis: newton_sqrt(float_range(1e-6, 1e6), float_range(1e-15, 1e-3))


def bisect_cubic(lo, hi, iters):
    # Root of x**3 - 2x - 5 by bisection (the classic Wallis example).
    flo = lo * lo * lo - 2.0 * lo - 5.0
    i = 0
    while i < iters:
        mid = 0.5 * (lo + hi)
        fmid = mid * mid * mid - 2.0 * mid - 5.0
        if fmid == 0.0:
            return mid
        if (fmid < 0.0) == (flo < 0.0):
            lo = mid
            flo = fmid
        else:
            hi = mid
        i += 1
    return 0.5 * (lo + hi)
# run: bisect_cubic(2.0, 3.0, 60)
# run: bisect_cubic(2.0, 3.0, 0)
# run: bisect_cubic(0.0, 10.0, 10)


def while_else_search(n, target):
    # while-else: the else branch runs when the loop ends without break.
    i = 0
    while i < n:
        if i * i == target:
            break
        i += 1
    else:
        return -1
    return i
# run: while_else_search(10, 49)
# run: while_else_search(10, 50)
# run: while_else_search(0, 0)


def continue_odd_sum(n):
    s = 0
    i = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        s += i
    return s
# run: continue_odd_sum(10)
# run: continue_odd_sum(0)
# run: continue_odd_sum(1001)


def digits_reversed(n):
    r = 0
    while n > 0:
        r = r * 10 + n % 10
        n //= 10
    return r
# run: digits_reversed(12345)
# run: digits_reversed(1000)
# run: digits_reversed(0)
# hypothesis: digits_reversed(int_range(0, 10**17))


def fixed_point_cos(x0):
    # Iterate x = cos(x) until it stops changing (the Dottie number).
    x = x0
    for _ in range(1000):
        nx = math.cos(x)
        if nx == x:
            break
        x = nx
    return x
# run: fixed_point_cos(0.0)
# run: fixed_point_cos(1.0)
# run: fixed_point_cos(-3.0)


def binary_search(a, x):
    lo = 0
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
# run: binary_search(np.arange(10.0), 3.5)
# run: binary_search(np.arange(10.0), -1.0)
# run: binary_search(np.arange(10.0), 100.0)
# run: binary_search(np.arange(0.0), 1.0)
# run: binary_search(np.array([1, 2, 2, 2, 3]), 2)


def count_halvings(x):
    # How many times x can be halved before dropping below 1.
    n = 0
    while x >= 1.0:
        x /= 2.0
        n += 1
    return n
# run: count_halvings(1.0)
# run: count_halvings(0.5)
# run: count_halvings(1e300)
# run: count_halvings(nan)


def nested_while_break(n):
    found = 0
    i = 1
    while i <= n:
        j = 1
        while j <= n:
            if i * j == n:
                found += 1
                break
            j += 1
        i += 1
    return found
# run: nested_while_break(12)
# run: nested_while_break(1)
# run: nested_while_break(97)
