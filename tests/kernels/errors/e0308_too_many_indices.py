# Two indices into a 1-D array.
# call: element(np.arange(5.0))

import numpy as np


def element(a):
    return a[0, 1]  # error: E0308
