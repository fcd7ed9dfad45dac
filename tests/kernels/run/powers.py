# The power operator: int ** int stays int64 (wrapping; a negative exponent gives Numba's
# integer result), float ** int, int ** float, and integer power by squaring.


def ipow(a, b):
    return a ** b
# run: ipow(2, 10)
# run: ipow(-3, 3)
# run: ipow(0, 0)
# run: ipow(7, 0)
# run: ipow(2, 62)
# run: ipow(2, 63)
# run: ipow(3, 40)
# run: ipow(-1, INT64_MAX)
# run: ipow(2, -2)
# run: ipow(1, -5)
# run: ipow(-1, -5)
# run: ipow(0, -1)
# hypothesis: ipow(small_ints, int_range(0, 70))


def fpow_int(x, n):
    return x ** n
# run: fpow_int(2.0, 3)
# run: fpow_int(2.0, -3)
# run: fpow_int(-0.0, -1)
# run: fpow_int(0.0, -2)
# run: fpow_int(nan, 0)
# run: fpow_int(-2.0, 1023)
# hypothesis: fpow_int(finite_floats, int_range(-50, 50))


def ipow_float(n, y):
    return n ** y
# run: ipow_float(2, 0.5)
# run: ipow_float(-8, 1.0 / 3.0)
# run: ipow_float(0, -1.0)
# run: ipow_float(10, -2.0)


def power_by_squaring(base, exp):
    # Modular exponentiation, the textbook loop.
    result = 1
    b = base % 1000000007
    e = exp
    while e > 0:
        if e % 2 == 1:
            result = result * b % 1000000007
        b = b * b % 1000000007
        e //= 2
    return result
# run: power_by_squaring(2, 10)
# run: power_by_squaring(3, 1000000006)
# run: power_by_squaring(-2, 5)
# run: power_by_squaring(123456789, 0)
# hypothesis: power_by_squaring(ints, int_range(0, 10**12))


def squares_and_cubes(x):
    return (x ** 2, x ** 3, x ** -1)
# run: squares_and_cubes(3.0)
# run: squares_and_cubes(-0.5)
# run: squares_and_cubes(0.0)
# hypothesis: squares_and_cubes(floats)


def geometric_series(r, n):
    s = 0.0
    for k in range(n):
        s += r ** k
    return s
# run: geometric_series(0.5, 10)
# run: geometric_series(-1.0, 7)
# run: geometric_series(2.0, 0)
# run: geometric_series(1.0001, 1000)


def compound_interest(principal, rate, years):
    return principal * (1.0 + rate) ** years
# run: compound_interest(1000.0, 0.05, 10)
# run: compound_interest(1000.0, -1.0, 0)
# run: compound_interest(100, 0.07, 30)
