# A compiled callee called with a keyword it does not have.
# call: caller(2.0)


def scale(x, factor=2.0):
    return x * factor


def caller(x):
    return scale(x, fctor=3.0)  # error: E0306
