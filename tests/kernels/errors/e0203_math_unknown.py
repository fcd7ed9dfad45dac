# The math module has no function `foo`.
# call: transform(2.0)

import math


def transform(x):
    return math.foo(x)  # error: E0203
