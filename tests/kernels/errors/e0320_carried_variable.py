# A variable carried between iterations of a parallel loop that is not a reduction.
# call: smooth(np.arange(10.0))

import numpy as np
from oxjit import prange


def smooth(a):
    x = 0.0
    for i in prange(a.shape[0]):
        x = x * 0.5 + a[i]  # error: E0320
    return x
# parallel
