# NumPy's cbrt has no complex loop (Numba refuses it too).
# call: cube_root(1 + 2j)

import numpy as np


def cube_root(z):
    return np.cbrt(z)  # error: E0306
