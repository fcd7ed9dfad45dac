# Assigning a 2-d array into a 1-d view.
# call: put(np.zeros(6), np.ones((2, 3)))

import numpy as np


def put(a, m):
    a[1:4] = m  # error: E0311
