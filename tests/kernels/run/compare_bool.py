# Comparisons (chained, int vs float, nan, signed zeros) and boolean logic: and/or/not
# short-circuit (proved by side effects on an array), `or`/`and` returning an operand.

import math


def cmp_all(a, b):
    return (a < b, a <= b, a == b, a != b, a > b, a >= b)
# run: cmp_all(1, 2)
# run: cmp_all(2, 2)
# run: cmp_all(nan, nan)
# run: cmp_all(-0.0, 0.0)
# run: cmp_all(-inf, inf)
# run: cmp_all(True, 1)
# run: cmp_all(3, 2.5)
# hypothesis: cmp_all(floats, floats)
# hypothesis: cmp_all(ints, ints)


def int_float_equal(i, x):
    return i == x
# run: int_float_equal(2**53 + 1, 2.0**53)
# run: int_float_equal(INT64_MAX, 2.0**63)
# run: int_float_equal(3, 3.0)
# run: int_float_equal(0, -0.0)
# run: int_float_equal(1, nan)


def in_range(lo, x, hi):
    return lo <= x < hi
# run: in_range(0, 0, 10)
# run: in_range(0, 10, 10)
# run: in_range(0.0, nan, 1.0)
# run: in_range(5, 3, 1)
# hypothesis: in_range(small_ints, small_ints, small_ints)


def sorted3(a, b, c):
    return a <= b <= c
# run: sorted3(1, 2, 3)
# run: sorted3(1, 3, 2)
# run: sorted3(1.0, 1.0, 1.0)
# run: sorted3(-inf, nan, inf)


def strictly_between_chain(a, b, c, d):
    return a < b < c < d
# run: strictly_between_chain(1, 2, 3, 4)
# run: strictly_between_chain(1, 2, 2, 4)
# run: strictly_between_chain(1.5, 2, 2.5, 3)


def bump(counter):
    # Side effect used to prove evaluation order and short-circuiting.
    counter[0] += 1
    return True


def and_short_circuit(x, counter):
    return x > 0 and bump(counter)
# run: and_short_circuit(1, np.zeros(1, dtype=np.int64))
# run: and_short_circuit(-1, np.zeros(1, dtype=np.int64))


def or_short_circuit(x, counter):
    return x > 0 or bump(counter)
# run: or_short_circuit(1, np.zeros(1, dtype=np.int64))
# run: or_short_circuit(-1, np.zeros(1, dtype=np.int64))


def not_short_circuit(x, counter):
    # `not` evaluates its operand exactly once.
    return not (x == 0 or bump(counter))
# run: not_short_circuit(0, np.zeros(1, dtype=np.int64))
# run: not_short_circuit(5, np.zeros(1, dtype=np.int64))


def nested_logic(a, b, c, counter):
    if (a and bump(counter)) or (b and not c) or bump(counter):
        return counter[0]
    return -1
# run: nested_logic(True, False, False, np.zeros(1, dtype=np.int64))
# run: nested_logic(False, True, False, np.zeros(1, dtype=np.int64))
# run: nested_logic(False, True, True, np.zeros(1, dtype=np.int64))
# run: nested_logic(False, False, False, np.zeros(1, dtype=np.int64))


def or_value(a, b):
    return a or b
# run: or_value(0, 5)
# run: or_value(3, 5)
# run: or_value(0, 2.5)
# run: or_value(3, 2.5)
# run: or_value(0.0, -0.0)
# run: or_value(nan, 1.0)


def and_value(a, b):
    return a and b
# run: and_value(3, 2.5)
# run: and_value(0.0, 7)
# run: and_value(4, 0)
# run: and_value(True, 9)


def logic_table(a, b):
    return (a and b, a or b, not a, a and not b, (not a) or b)
# run: logic_table(True, True)
# run: logic_table(True, False)
# run: logic_table(False, True)
# run: logic_table(False, False)


def truthiness(x):
    return (not x, bool(x))
# run: truthiness(0)
# run: truthiness(-1)
# run: truthiness(0.0)
# run: truthiness(-0.0)
# run: truthiness(nan)
# run: truthiness(5e-324)
# run: truthiness(0j)
# run: truthiness(1j)
# hypothesis: truthiness(floats)


def nan_safe_max(a, b):
    # Explicit nan handling, as written by careful users.
    if math.isnan(a):
        return b
    if math.isnan(b):
        return a
    return a if a >= b else b
# run: nan_safe_max(nan, 1.0)
# run: nan_safe_max(1.0, nan)
# run: nan_safe_max(-0.0, 0.0)
# run: nan_safe_max(nan, nan)
# hypothesis: nan_safe_max(floats, floats)


def xor_bools(a, b):
    return a != b
# run: xor_bools(True, False)
# run: xor_bools(True, True)
