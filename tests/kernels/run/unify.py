# Type unification as Numba does it: a variable assigned an int and a float is float64;
# bool and int unify to int64; results of branches and loops are unified.


def int_then_float(flag):
    x = 1
    if flag:
        x = 2.5
    return x
# run: int_then_float(True)
# run: int_then_float(False)


def float_then_int(n):
    x = 0.5
    for i in range(n):
        x = i
    return x
# run: float_then_int(0)
# run: float_then_int(4)


def return_unify(x):
    # One return gives an int, another a float: the result is float64.
    if x > 0:
        return 1
    return x / 2
# run: return_unify(5)
# run: return_unify(-5)


def bool_int_unify(n):
    r = False
    if n > 3:
        r = n
    return r
# run: bool_int_unify(1)
# run: bool_int_unify(7)


def ternary_unify(flag, n):
    return n if flag else 0.5
# run: ternary_unify(True, 3)
# run: ternary_unify(False, 3)


def loop_carried_unify(n):
    # Starts int, becomes float inside the loop.
    acc = 0
    for i in range(n):
        if i % 2 == 0:
            acc = acc + i
        else:
            acc = acc * 0.5
    return acc
# run: loop_carried_unify(0)
# run: loop_carried_unify(1)
# run: loop_carried_unify(7)


def int_float_compare_unify(a, b):
    m = a
    if b > a:
        m = b
    return m
# run: int_float_compare_unify(3, 2.5)
# run: int_float_compare_unify(2, 2.5)
# run: int_float_compare_unify(2**53 + 1, 0.5)


def unify_with_complex(flag):
    z = 1.5
    if flag:
        z = 2j
    return z
# run: unify_with_complex(True)
# run: unify_with_complex(False)


def small_int_elements_unify(a, b):
    # An int8 element and an int64 are unified to int64.
    x = a[0]
    if b > 0:
        x = b
    return x
# run: small_int_elements_unify(np.array([-5], dtype=np.int8), 1000)
# run: small_int_elements_unify(np.array([-5], dtype=np.int8), -1)
