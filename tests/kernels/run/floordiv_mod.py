# Python's floor division and modulo: the quotient rounds towards -inf and the remainder
# takes the divisor's sign, for ints and floats; division by zero raises.


def ifloordiv(a, b):
    return a // b
# run: ifloordiv(7, 2)
# run: ifloordiv(-7, 2)
# run: ifloordiv(7, -2)
# run: ifloordiv(-7, -2)
# run: ifloordiv(0, -3)
# run: ifloordiv(INT64_MIN, 2)
# run: ifloordiv(INT64_MIN, -1)
# run: ifloordiv(INT64_MAX, -1)
# run: ifloordiv(5, 0)
# hypothesis: ifloordiv(ints, nonzero_ints)


def imod(a, b):
    return a % b
# run: imod(7, 3)
# run: imod(-7, 3)
# run: imod(7, -3)
# run: imod(-7, -3)
# run: imod(INT64_MIN, -1)
# run: imod(INT64_MIN, 7)
# run: imod(INT64_MAX, INT64_MIN)
# run: imod(3, 0)
# hypothesis: imod(ints, nonzero_ints)


def ffloordiv(a, b):
    return a // b
# run: ffloordiv(7.5, 2.0)
# run: ffloordiv(-7.5, 2.0)
# run: ffloordiv(7.5, -2.0)
# run: ffloordiv(-0.0, 5.0)
# run: ffloordiv(0.0, -5.0)
# run: ffloordiv(5.0, inf)
# run: ffloordiv(-5.0, inf)
# run: ffloordiv(inf, 2.0)
# run: ffloordiv(nan, 1.0)
# run: ffloordiv(1.0, 0.0)
# run: ffloordiv(7, 2.5)
# hypothesis: ffloordiv(finite_floats, finite_floats)


def fmodulo(a, b):
    return a % b
# run: fmodulo(7.5, 2.0)
# run: fmodulo(-7.5, 2.0)
# run: fmodulo(7.5, -2.0)
# run: fmodulo(-0.0, 5.0)
# run: fmodulo(0.0, -5.0)
# run: fmodulo(2.0, inf)
# run: fmodulo(-2.0, inf)
# run: fmodulo(inf, 2.0)
# run: fmodulo(5.0, -0.0)
# run: fmodulo(-1e-300, 1.0)
# hypothesis: fmodulo(floats, floats)


def divmod_pair(a, b):
    return (a // b, a % b)
# run: divmod_pair(17, 5)
# run: divmod_pair(-17, 5)
# run: divmod_pair(17.0, -5.0)
# run: divmod_pair(1, 0)
# hypothesis: divmod_pair(small_ints, nonzero_ints)


def digits_sum(n):
    # Sum of decimal digits of |n|, via // and %.
    if n < 0:
        n = -n
    s = 0
    while n > 0:
        s += n % 10
        n //= 10
    return s
# run: digits_sum(0)
# run: digits_sum(9875)
# run: digits_sum(-1234567890)
# run: digits_sum(INT64_MAX)
# hypothesis: digits_sum(int_range(-10**18, 10**18))


def wrap_angle(deg):
    # Map any angle into [0, 360).
    return deg % 360.0
# run: wrap_angle(370.0)
# run: wrap_angle(-10.0)
# run: wrap_angle(-0.0)
# run: wrap_angle(720.0)
# run: wrap_angle(-1e-20)


def ring_index(i, n):
    # Periodic boundary index.
    return (i % n + n) % n
# run: ring_index(-1, 10)
# run: ring_index(23, 10)
# run: ring_index(0, 1)
# hypothesis: ring_index(small_ints, pos_ints)


def seconds_to_hms(t):
    h = t // 3600
    m = (t % 3600) // 60
    s = t % 60
    return (h, m, s)
# run: seconds_to_hms(3661)
# run: seconds_to_hms(-1)
# run: seconds_to_hms(86399)
# run: seconds_to_hms(3661.5)
