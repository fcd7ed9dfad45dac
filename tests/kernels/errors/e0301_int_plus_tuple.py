# int64 + tuple is not defined.
# call: shift(1)


def shift(n):
    offset = (1, 2)
    return n + offset  # error: E0301
