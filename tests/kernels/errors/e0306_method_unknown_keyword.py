# An array method called with a keyword it does not have.
# call: running(np.arange(6.0).reshape(2, 3))

import numpy as np


def running(a):
    return a.cumsum(axs=1)  # error: E0306
