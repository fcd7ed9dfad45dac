# A variable cannot hold an array and then a float.
# call: reset(np.zeros(3))

import numpy as np


def reset(a):
    v = a
    v = 1.5  # error: E0304
    return v
