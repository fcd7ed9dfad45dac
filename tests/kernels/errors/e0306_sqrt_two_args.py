# math.sqrt takes one argument.
# call: root(4.0)

import math


def root(x):
    return math.sqrt(x, 2)  # error: E0306
