# Every element type: bool, int8..int64, uint8..uint64, float32, float64, complex128.
# Element arithmetic follows Numba's typing (signed small ints widen to int64, unsigned
# ones to uint64, float32 stays float32 with float32 operands and widens with float64
# ones), and stores cast to the array's dtype (wrapping, truncating).

import math


def first(a):
    return a[0]
# run: first(np.array([True, False]))
# run: first(np.array([-128], dtype=np.int8))
# run: first(np.array([-32768], dtype=np.int16))
# run: first(np.array([-2**31], dtype=np.int32))
# run: first(np.array([INT64_MIN], dtype=np.int64))
# run: first(np.array([255], dtype=np.uint8))
# run: first(np.array([65535], dtype=np.uint16))
# run: first(np.array([2**32 - 1], dtype=np.uint32))
# run: first(np.array([2**64 - 1], dtype=np.uint64))
# run: first(np.array([0.1], dtype=np.float32))
# run: first(np.array([-0.0], dtype=np.float32))
# run: first(np.array([nan], dtype=np.float32))
# run: first(np.array([0.1]))
# run: first(np.array([1 - 2j]))


def total(a):
    s = 0
    for x in a:
        s += x
    return s
# run: total(np.array([True, True, False]))
# run: total(np.array([100, 100, 100], dtype=np.int8))
# run: total(np.array([-1, 2, -3], dtype=np.int16))
# run: total(np.array([2**31 - 1, 1], dtype=np.int32))
# run: total(np.arange(10, dtype=np.int64))
# run: total(np.array([200, 100], dtype=np.uint8))
# run: total(np.array([65535, 1], dtype=np.uint16))
# run: total(np.array([2**32 - 1, 1], dtype=np.uint32))
# run: total(np.array([2**63, 2**63], dtype=np.uint64))
# run: total(np.array([0.1, 0.2, 0.3], dtype=np.float32))
# run: total(np.array([0.1, 0.2, 0.3]))
# run: total(np.array([1 + 1j, -2j]))
# run: total(np.zeros(0, dtype=np.int8))


def add_one(a, i):
    return a[i] + 1
# run: add_one(np.array([True]), 0)
# run: add_one(np.array([127], dtype=np.int8), 0)
# run: add_one(np.array([255], dtype=np.uint8), 0)
# run: add_one(np.array([2**31 - 1], dtype=np.int32), 0)
# run: add_one(np.array([2**64 - 1], dtype=np.uint64), 0)
# run: add_one(np.array([16777216.0], dtype=np.float32), 0)
# run: add_one(np.array([0.5j]), 0)


def times_two_point_five(a, i):
    return a[i] * 2.5
# run: times_two_point_five(np.array([3], dtype=np.int8), 0)
# run: times_two_point_five(np.array([0.1], dtype=np.float32), 0)
# run: times_two_point_five(np.array([7], dtype=np.uint64), 0)
# run: times_two_point_five(np.array([True]), 0)


def elem_product(a, b, i):
    # Two elements of the same small type multiply without wrapping (widened first).
    return a[i] * b[i]
# run: elem_product(np.array([100], dtype=np.int8), np.array([100], dtype=np.int8), 0)
# run: elem_product(np.array([2**31 - 1], dtype=np.int32), np.array([2**31 - 1], dtype=np.int32), 0)
# run: elem_product(np.array([60000], dtype=np.uint16), np.array([60000], dtype=np.uint16), 0)
# run: elem_product(np.array([1.5], dtype=np.float32), np.array([1e38], dtype=np.float32), 0)
# run: elem_product(np.array([1 + 2j]), np.array([3 - 1j]), 0)


def unsigned_difference(a, i, j):
    return a[i] - a[j]
# run: unsigned_difference(np.array([1, 2], dtype=np.uint8), 0, 1)
# run: unsigned_difference(np.array([1, 2], dtype=np.uint32), 0, 1)
# run: unsigned_difference(np.array([1, 2], dtype=np.uint64), 0, 1)
# run: unsigned_difference(np.array([0, 2**63], dtype=np.uint64), 1, 0)


def mixed_signed_unsigned(u, s, i):
    # Mixed signedness: Numba's integer typing decides the result type (CPython's NumPy
    # gives float64 for uint64 + int64).
    return u[i] + s[i]
# run: mixed_signed_unsigned(np.array([5], dtype=np.uint64), np.array([-7]), 0)
# run: mixed_signed_unsigned(np.array([2**64 - 1], dtype=np.uint64), np.array([1]), 0)
# run: mixed_signed_unsigned(np.array([5], dtype=np.uint32), np.array([-7]), 0)
# run: mixed_signed_unsigned(np.array([5], dtype=np.uint8), np.array([-7], dtype=np.int8), 0)


def compare_mixed(u, s):
    return (u[0] < s[0], u[0] == s[0], s[0] > u[0])
# run: compare_mixed(np.array([2**63], dtype=np.uint64), np.array([-1]))
# run: compare_mixed(np.array([1], dtype=np.uint8), np.array([1], dtype=np.int8))
# run: compare_mixed(np.array([0.5], dtype=np.float32), np.array([0.5]))
# run: compare_mixed(np.array([0.1], dtype=np.float32), np.array([0.1]))


def float32_accumulate(a):
    # A float32 accumulator started from an element stays float32.
    s = a[0]
    for i in range(1, len(a)):
        s += a[i]
    return s
# run: float32_accumulate(np.full(1000, 0.1, dtype=np.float32))
# run: float32_accumulate(np.full(1000, 0.1))
# run: float32_accumulate(np.array([1e38, 1e38, -1e38], dtype=np.float32))


def store_cast(a, x):
    # Storing casts to the element type (floats truncate into ints).
    a[0] = x
    return a[0]
# run: store_cast(np.zeros(1, dtype=np.int8), 300)
# run: store_cast(np.zeros(1, dtype=np.uint8), -1)
# run: store_cast(np.zeros(1, dtype=np.int32), 2.75)
# run: store_cast(np.zeros(1, dtype=np.int64), -2.75)
# run: store_cast(np.zeros(1, dtype=np.float32), 0.1)
# run: store_cast(np.zeros(1, dtype=np.float32), 1e300)
# run: store_cast(np.zeros(1, dtype=np.float64), 7)
# run: store_cast(np.zeros(1, dtype=np.complex128), 1.5)
# run: store_cast(np.zeros(1, dtype=np.uint64), INT64_MAX)


def store_bool(a, x):
    a[0] = x > 0
    a[1] = x
    return a
# run: store_bool(np.zeros(2, dtype=np.bool_), 5)
# run: store_bool(np.zeros(2, dtype=np.bool_), 0)


def bool_mask_count(mask, values):
    n = 0
    s = 0.0
    for i in range(len(mask)):
        if mask[i]:
            n += 1
            s += values[i]
    return (n, s)
# run: bool_mask_count(np.array([True, False, True]), np.array([1.0, 2.0, 3.0]))
# run: bool_mask_count(np.zeros(0, dtype=np.bool_), np.zeros(0))
# hypothesis: bool_mask_count(bool_arrays, arrays_of(np.float64, floats, min_len=8))


def int8_wrap_store(a):
    # Arithmetic is done in int64, the store wraps to int8.
    for i in range(len(a)):
        a[i] = a[i] * 3 + 1
# run: int8_wrap_store(np.array([0, 42, 43, -43, 127, -128], dtype=np.int8))


def uint_bit_ops(a):
    return (a[0] & a[1], a[0] | a[1], a[0] ^ a[1], a[0] >> 1)
# run: uint_bit_ops(np.array([0xF0, 0x3C], dtype=np.uint8))
# run: uint_bit_ops(np.array([2**64 - 1, 2**63], dtype=np.uint64))
# run: uint_bit_ops(np.array([-1, 5], dtype=np.int16))


def magnitude_sum(z):
    s = 0.0
    for v in z:
        s += abs(v)
    return s
# run: magnitude_sum(np.array([3 + 4j, -1j, 0j]))
# run: magnitude_sum(np.zeros(0, dtype=np.complex128))


def int_division_types(a):
    # True division of integer elements gives float64.
    return (a[0] / a[1], a[0] // a[1], a[0] % a[1])
# run: int_division_types(np.array([7, 2], dtype=np.int8))
# run: int_division_types(np.array([-7, 2], dtype=np.int32))
# run: int_division_types(np.array([7, 2], dtype=np.uint16))
# run: int_division_types(np.array([7, 0], dtype=np.uint8))
# run: int_division_types(np.array([7.5, 2.0], dtype=np.float32))


def float32_math(a):
    return (math.sqrt(a[0]), math.floor(a[0]), a[0] / 3)
# run: float32_math(np.array([2.0], dtype=np.float32))
# run: float32_math(np.array([-0.5], dtype=np.float32))
