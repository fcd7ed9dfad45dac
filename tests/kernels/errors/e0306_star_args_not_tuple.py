# `*` in a call unpacks tuples only (their length is part of their type).
# call: call_with_array(np.arange(2.0))

import numpy as np


def add(a, b):
    return a + b


def call_with_array(v):
    return add(*v)  # error: E0306
