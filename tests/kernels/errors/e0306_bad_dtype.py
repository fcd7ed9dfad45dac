# A dtype that is not a NumPy type.
# call: make(3)

import numpy as np


def make(n):
    return np.zeros(n, dtype="float128x")  # error: E0306
