# An array assigned by the iterations of a parallel loop and read after it.
# call: last_row(np.ones((4, 3)))

import numpy as np
from oxjit import prange


def last_row(m):
    row = m[0]
    for i in prange(m.shape[0]):
        row = m[i] * 2.0  # error: E0320
    return row
# parallel
