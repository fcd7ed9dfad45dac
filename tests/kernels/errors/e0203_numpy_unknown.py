# NumPy has no function `not_a_function`.
# call: transform(2.0)

import numpy as np


def transform(x):
    return np.not_a_function(x)  # error: E0203
