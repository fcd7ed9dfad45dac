# A variable cannot hold an array on one path and a float on another where the paths meet.
# call: reset(np.zeros(3), True)

import numpy as np


def reset(a, flag):
    v = a
    if flag:
        v = 1.5  # error: E0304
    return v
