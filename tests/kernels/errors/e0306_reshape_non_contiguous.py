# reshape() of a non-contiguous array (Numba refuses it too).
# call: flat(np.arange(12.0).reshape(3, 4)[:, ::2])

import numpy as np


def flat(a):
    return a.reshape(6)  # error: E0306
