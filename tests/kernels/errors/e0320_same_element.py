# Every iteration of a parallel loop writes the same array element.
# call: total(np.arange(10.0))

import numpy as np
from oxjit import prange


def total(a):
    out = np.zeros(1)
    for i in prange(a.shape[0]):
        out[0] += a[i]  # error: E0320
    return out
# parallel
