# lambda expressions are not supported yet.
# call: apply_twice(3.0)


def apply_twice(x):
    double = lambda v: v * 2.0  # error: E0101
    return double(double(x))
