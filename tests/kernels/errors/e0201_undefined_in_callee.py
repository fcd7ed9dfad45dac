# The undefined name is in a callee: the diagnostic points into the callee.
# call: outer(2.0)


def inner(x):
    return x + missing_offset  # error: E0201


def outer(x):
    return inner(x) * 2.0
