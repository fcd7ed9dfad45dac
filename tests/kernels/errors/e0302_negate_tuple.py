# Unary minus is not defined on a tuple.
# call: flip(1, 2)


def flip(a, b):
    t = (a, b)
    return -t  # error: E0302
