# Exceptions raised by compiled code become the same Python exceptions: `raise ValueError`
# in a kernel, ZeroDivisionError from int and float division and modulo, exceptions from
# callees, and mutations made before the raise stay visible.

import math


def checked_sqrt(x):
    if x < 0.0:
        raise ValueError("negative input")
    return math.sqrt(x)
# run: checked_sqrt(4.0)
# run: checked_sqrt(-1.0)
# run: checked_sqrt(-0.0)
# run: checked_sqrt(nan)


def int_div_zero(a, b):
    return (a // b, a % b)
# run: int_div_zero(7, 0)
# run: int_div_zero(0, 0)
# run: int_div_zero(7, 3)


def float_div_zero(a, b):
    return a / b
# run: float_div_zero(1.0, 0.0)
# run: float_div_zero(1.0, -0.0)
# run: float_div_zero(0.0, 0.0)
# run: float_div_zero(3, 0)
# run: float_div_zero(3, 0.0)


def float_mod_zero(a, b):
    return a % b
# run: float_mod_zero(1.0, 0.0)
# run: float_mod_zero(nan, 0.0)


def mean_or_raise(a):
    if len(a) == 0:
        raise ValueError("mean of empty array")
    s = 0.0
    for x in a:
        s += x
    return s / len(a)
# run: mean_or_raise(np.arange(4.0))
# run: mean_or_raise(np.zeros(0))


def validate_then_mean(a):
    # The exception comes from a callee.
    return mean_or_raise(a) * 2.0
# run: validate_then_mean(np.array([1.0, 2.0]))
# run: validate_then_mean(np.zeros(0))


def partial_then_raise(a, stop):
    # Elements written before the raise stay written.
    for i in range(len(a)):
        if i == stop:
            raise ValueError("stopped")
        a[i] = -1
    return len(a)
# run: partial_then_raise(np.zeros(5, dtype=np.int64), 3)
# run: partial_then_raise(np.zeros(5, dtype=np.int64), 10)


def reciprocal_sum(a):
    # Integer division by an element that is zero.
    s = 0
    for x in a:
        s += 1000 // x
    return s
# run: reciprocal_sum(np.array([1, 2, 4]))
# run: reciprocal_sum(np.array([1, 0, 4]))


def bounded_steps(n, limit):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
        if steps > limit:
            raise ValueError("too many steps")
    return steps
# run: bounded_steps(27, 1000)
# run: bounded_steps(27, 10)


def raise_in_branch(code):
    if code == 1:
        raise ValueError("bad code")
    elif code == 2:
        return 1 // (code - 2)
    return code
# run: raise_in_branch(0)
# run: raise_in_branch(1)
# run: raise_in_branch(2)


def zero_pow_negative(a, b):
    return a ** b
# run: zero_pow_negative(0, -1)
# run: zero_pow_negative(0.0, -1)
