# A variable may change type where its assignments never meet (Numba types each SSA version
# of a variable on its own); where they meet (after if/else, around a loop) they unify.
import numpy as np


def init_w(w, n):
    if w is None:
        return np.ones(n)
    return w


def weighted_sum(u, w=None):
    w = init_w(w, u.shape[0])
    return (u * w).sum()
# run: weighted_sum(np.arange(4.0))
# run: weighted_sum(np.arange(4.0), np.arange(4.0))


def int_then_float(a):
    x = 2 ** 40 + a
    y = x // 3
    x = 0.5
    return y, x
# run: int_then_float(1)
# run: int_then_float(-7)


def array_then_float(a):
    v = a
    v = v.sum() * 1.5
    return v
# run: array_then_float(np.arange(3.0))


def unused_versions(n):
    x = n
    if n > 2:
        x = (n, n)
    return n
# run: unused_versions(3)
# run: unused_versions(1)


def loop_carried_unifies(n):
    s = 0
    for i in range(n):
        s = s + 0.5
    return s
# run: loop_carried_unifies(4)
# run: loop_carried_unifies(0)


def branch_join_unifies(n):
    if n > 0:
        x = 1
    else:
        x = 2.5
    return x
# run: branch_join_unifies(1)
# run: branch_join_unifies(-1)


def array_rebound_to_scalar(n):
    t = np.zeros(n)
    t[0] = 3.0
    t = t.sum()
    u = np.arange(n)
    b = u
    u = u * 2.5
    return t, b, u
# run: array_rebound_to_scalar(3)


def tuple_then_int_in_loop(n):
    total = 0
    for i in range(n):
        p = (i, i + 1)
        total += p[0] * p[1]
        p = i * 2
        total += p
    return total
# run: tuple_then_int_in_loop(5)


def reassigned_parameter(a, k):
    k = float(k) / 2
    a = a[1:]
    return a * k
# run: reassigned_parameter(np.arange(5), 3)
