# a.sort() along an axis other than the last one.
# call: sort_columns(np.zeros((3, 2)))

import numpy as np


def sort_columns(a):
    a.sort(axis=0)  # error: E0306
    return a
