# for-loops over range() with one, two and three arguments, negative and large steps,
# empty ranges, nested loops, break/continue, and for-else.


def sum_to(n):
    s = 0
    for i in range(n):
        s += i
    return s
# run: sum_to(0)
# run: sum_to(1)
# run: sum_to(100)
# run: sum_to(-5)
# hypothesis: sum_to(int_range(-10, 2000))


def sum_between(a, b):
    s = 0
    for i in range(a, b):
        s += i
    return s
# run: sum_between(3, 7)
# run: sum_between(7, 3)
# run: sum_between(-5, 5)
# hypothesis: sum_between(small_ints, small_ints)


def sum_stepped(a, b, step):
    s = 0
    count = 0
    for i in range(a, b, step):
        s += i
        count += 1
    return (s, count)
# run: sum_stepped(0, 10, 3)
# run: sum_stepped(10, 0, -3)
# run: sum_stepped(10, 0, 3)
# run: sum_stepped(0, 10, -1)
# run: sum_stepped(0, 10, 100)
# run: sum_stepped(-1, -20, -7)
# run: sum_stepped(5, 5, 1)
# run: sum_stepped(INT64_MAX - 5, INT64_MAX, 2)
# run: sum_stepped(INT64_MIN + 3, INT64_MIN, -1)
# hypothesis: sum_stepped(small_ints, small_ints, int_range(1, 50))
# hypothesis: sum_stepped(small_ints, small_ints, int_range(-50, -1))


def count_down(n):
    out = 0
    for i in range(n, 0, -1):
        out = out * 10 + i % 10
    return out
# run: count_down(5)
# run: count_down(0)
# run: count_down(12)


def zero_step(n):
    # range() with step 0 raises ValueError.
    s = 0
    for i in range(0, n, 0):
        s += i
    return s
# run: zero_step(5)


def factorial(n):
    r = 1
    for k in range(2, n + 1):
        r *= k
    return r
# run: factorial(0)
# run: factorial(1)
# run: factorial(20)
# run: factorial(21)
# run: factorial(25)


def count_primes(n):
    # Trial division, odd divisors only.
    if n < 2:
        return 0
    count = 1
    for k in range(3, n + 1, 2):
        is_prime = True
        d = 3
        while d * d <= k:
            if k % d == 0:
                is_prime = False
                break
            d += 2
        if is_prime:
            count += 1
    return count
# run: count_primes(1)
# run: count_primes(2)
# run: count_primes(100)
# run: count_primes(10000)


def harmonic(n):
    h = 0.0
    for k in range(1, n + 1):
        h += 1.0 / k
    return h
# run: harmonic(1)
# run: harmonic(10)
# run: harmonic(100000)


def harmonic_backwards(n):
    # Summing small terms first changes the rounding.
    h = 0.0
    for k in range(n, 0, -1):
        h += 1.0 / k
    return h
# run: harmonic_backwards(10)
# run: harmonic_backwards(100000)


def skip_multiples(n, k):
    s = 0
    for i in range(n):
        if i % k == 0:
            continue
        s += i
    return s
# run: skip_multiples(20, 3)
# run: skip_multiples(20, 1)
# run: skip_multiples(0, 5)


def first_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        return n
    return d
# run: first_divisor(91)
# run: first_divisor(97)
# run: first_divisor(2)
# run: first_divisor(1000000)


def multiplication_checksum(n):
    # Nested loops with an inner bound that depends on the outer variable.
    s = 0
    for i in range(1, n + 1):
        for j in range(i, n + 1):
            s += i * j * (1 if (i + j) % 2 == 0 else -1)
    return s
# run: multiplication_checksum(0)
# run: multiplication_checksum(5)
# run: multiplication_checksum(60)


def pythagorean_triples(limit):
    count = 0
    for a in range(1, limit):
        for b in range(a, limit):
            for c in range(b, limit):
                if a * a + b * b == c * c:
                    count += 1
    return count
# run: pythagorean_triples(20)
# run: pythagorean_triples(1)


def last_loop_value(n):
    # The loop variable keeps its last value after the loop.
    i = -1
    for i in range(n):
        pass
    return i
# run: last_loop_value(10)
# run: last_loop_value(0)


def loop_with_float_accumulator(n):
    # Accumulator starts as an int and becomes float64 (unification).
    acc = 0
    for i in range(n):
        acc += i * 0.5
    return acc
# run: loop_with_float_accumulator(0)
# run: loop_with_float_accumulator(5)
# run: loop_with_float_accumulator(1001)


def nested_break(n):
    # `break` leaves only the inner loop.
    total = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            total += j
    return total
# run: nested_break(5)
# run: nested_break(50)
