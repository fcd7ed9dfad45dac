# Augmented assignment on locals and array elements: += -= *= /= //= %= **= &= |= ^= <<= >>=.


def aug_int(a, b):
    x = a
    x += b
    x -= 3
    x *= b
    x //= 2
    x %= 1000
    x **= 2
    x &= 0xFFFF
    x |= 1
    x ^= 0x0F0F
    x <<= 3
    x >>= 1
    return x
# run: aug_int(10, 4)
# run: aug_int(-10, 7)
# run: aug_int(0, 0)
# hypothesis: aug_int(small_ints, small_ints)


def aug_float(a, b):
    x = a
    x += b
    x *= 1.5
    x -= b
    x /= 3.0
    x //= 0.25
    x %= 7.0
    x **= 0.5
    return x
# run: aug_float(10.0, 4.0)
# run: aug_float(-1.0, 0.5)
# run: aug_float(nan, 1.0)
# hypothesis: aug_float(small_floats, small_floats)


def aug_promote(n):
    # An int variable promoted to float by `/=`.
    x = n
    x /= 4
    x += 1
    return x
# run: aug_promote(10)
# run: aug_promote(-3)


def aug_array(a, k):
    a[0] += k
    a[1] -= k
    a[2] *= k
    a[3] //= k
    a[4] %= k
    a[-1] **= 2
    return a[0] + a[-1]
# run: aug_array(np.array([1, 2, 3, 17, 17, 5]), 4)
# run: aug_array(np.array([1.0, 2.0, 3.0, 17.0, -17.0, 0.5]), 4.0)
# run: aug_array(np.array([1, 2, 3, 17, 17, 5], dtype=np.int8), 3)


def aug_array_2d(m, k):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            m[i, j] += k * (i - j)
            m[i, j] /= 2.0
# run: aug_array_2d(np.ones((2, 3)), 3.0)
# run: aug_array_2d(np.asfortranarray(np.ones((3, 2))), -1.0)


def aug_bits_array(a):
    for i in range(len(a)):
        a[i] <<= 2
        a[i] |= 1
        a[i] ^= 0xFF
        a[i] >>= 1
        a[i] &= 0x3F
# run: aug_bits_array(np.array([1, 2, 3, 255], dtype=np.int64))
# run: aug_bits_array(np.array([1, 2, 3, 255], dtype=np.uint8))


def running_stats(a):
    # Welford's online mean and variance with augmented updates.
    n = 0
    mean = 0.0
    m2 = 0.0
    for x in a:
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    var = m2 / (n - 1) if n > 1 else 0.0
    return (n, mean, var)
# run: running_stats(np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]))
# run: running_stats(np.zeros(0))
# hypothesis: running_stats(finite_f64_arrays)


def aug_tuple_accumulate(n):
    # Augmented assignment on two accumulators unpacked from a tuple.
    s, p = 0, 1
    for i in range(1, n + 1):
        s += i
        p *= i
    return (s, p)
# run: aug_tuple_accumulate(5)
# run: aug_tuple_accumulate(25)
