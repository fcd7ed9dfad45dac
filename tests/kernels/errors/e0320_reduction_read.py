# A reduction variable read inside the parallel loop (its partial value is meaningless).
# call: running(np.arange(10.0))

import numpy as np
from oxjit import prange


def running(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        a[i] = s  # error: E0320
    return s
# parallel
