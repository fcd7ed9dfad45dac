# `with` statements are not supported yet.
# call: quiet_divide(1.0, 0.0)

import numpy as np


def quiet_divide(a, b):
    with np.errstate(divide="ignore"):  # error: E0101
        r = a / b
    return r
