# Bitwise operators on int64 (two's complement) and on bools: & | ^ ~ << >>.
# Shift counts stay in 0..63 (larger counts are undefined in Numba).


def bit_and(a, b):
    return a & b
# run: bit_and(12, 10)
# run: bit_and(-1, INT64_MIN)
# run: bit_and(True, False)
# run: bit_and(True, 3)
# hypothesis: bit_and(ints, ints)


def bit_or(a, b):
    return a | b
# run: bit_or(12, 10)
# run: bit_or(INT64_MIN, INT64_MAX)
# run: bit_or(False, True)
# hypothesis: bit_or(ints, ints)


def bit_xor(a, b):
    return a ^ b
# run: bit_xor(12, 10)
# run: bit_xor(-1, 0)
# run: bit_xor(True, True)
# hypothesis: bit_xor(ints, ints)


def bit_not(a):
    return ~a
# run: bit_not(0)
# run: bit_not(-1)
# run: bit_not(INT64_MIN)
# run: bit_not(True)
# run: bit_not(False)
# hypothesis: bit_not(ints)


def shl(a, k):
    return a << k
# run: shl(1, 0)
# run: shl(1, 62)
# run: shl(1, 63)
# run: shl(3, 62)
# run: shl(-1, 63)
# hypothesis: shl(small_ints, shift_counts)


def shr(a, k):
    return a >> k
# run: shr(256, 4)
# run: shr(-256, 4)
# run: shr(-1, 63)
# run: shr(INT64_MIN, 63)
# run: shr(INT64_MAX, 62)
# hypothesis: shr(ints, shift_counts)


def popcount(x):
    # Counts set bits of the 64-bit two's complement pattern.
    n = 0
    for k in range(64):
        n += (x >> k) & 1
    return n
# run: popcount(0)
# run: popcount(255)
# run: popcount(-1)
# run: popcount(INT64_MIN)
# hypothesis: popcount(ints)


def is_power_of_two(x):
    return x > 0 and (x & (x - 1)) == 0
# run: is_power_of_two(0)
# run: is_power_of_two(1)
# run: is_power_of_two(1024)
# run: is_power_of_two(1023)
# run: is_power_of_two(INT64_MIN)
# hypothesis: is_power_of_two(ints)


def gray_code(n):
    return n ^ (n >> 1)
# run: gray_code(0)
# run: gray_code(7)
# run: gray_code(-8)
# hypothesis: gray_code(ints)


def lowest_set_bit(x):
    return x & -x
# run: lowest_set_bit(12)
# run: lowest_set_bit(0)
# run: lowest_set_bit(INT64_MIN)
# hypothesis: lowest_set_bit(ints)


def xorshift64(state, steps):
    # Marsaglia's xorshift on int64 bit patterns (arithmetic >> made logical by a mask).
    x = state
    for _ in range(steps):
        x ^= x << 13
        x ^= (x >> 7) & 0x01FFFFFFFFFFFFFF
        x ^= x << 17
    return x
# run: xorshift64(88172645463325252, 1)
# run: xorshift64(88172645463325252, 100)
# run: xorshift64(-1, 10)


def flags_pack(a, b, c):
    # Packs three booleans into an int and reads one back with mixed bool/int ops.
    packed = (a << 2) | (b << 1) | c
    return (packed, (packed >> 1) & 1 == 1, a ^ c)
# run: flags_pack(True, False, True)
# run: flags_pack(False, True, False)
# hypothesis: flags_pack(bools, bools, bools)
