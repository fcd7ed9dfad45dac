# `arg is None` / `arg is not None` on parameters decide branches before typing (Numba's
# dead-branch pruning), so a function may return a different type for each call.
import numpy as np


def init_w(w, n):
    if w is None:
        return np.ones(n)
    else:
        return w
# run: init_w(None, 3)
# run: init_w(np.arange(2.0), 3)


def weighted(u, w=None):
    w2 = init_w(w, u.shape[0])
    s = 0.0
    for i in range(u.shape[0]):
        s += u[i] * w2[i]
    return s
# run: weighted(np.arange(4.0))
# run: weighted(np.arange(4.0), np.full(4, 0.5))


def negated(x=None):
    if not (x is not None):
        return -1.0
    return x * 2.0
# run: negated()
# run: negated(1.25)
# run: negated(3)


def left_none(k=None, base=10):
    if None is k:
        return base
    return base + k
# run: left_none()
# run: left_none(5)
# run: left_none(k=7, base=1)
