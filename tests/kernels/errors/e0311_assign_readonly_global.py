# Global arrays are frozen constants: read-only in compiled code.
# call: overwrite(5.0)

import numpy as np

TABLE = np.arange(3.0)


def overwrite(x):
    TABLE[0] = x  # error: E0311
    return TABLE[0]
