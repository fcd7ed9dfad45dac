# Arrays have no attribute `foo`.
# call: inspect_array(np.arange(3.0))

import numpy as np


def inspect_array(a):
    return a.foo  # error: E0309
