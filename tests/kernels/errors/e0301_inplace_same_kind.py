# In-place update of an int array with a float result (NumPy's same_kind rule).
# call: scale(np.arange(4))

import numpy as np


def scale(a):
    a *= 2.5  # error: E0301
    return a
