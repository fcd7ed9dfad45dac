# Tuples are immutable.
# call: replace_first(1, 2)


def replace_first(a, b):
    t = (a, b)
    t[0] = 5  # error: E0311
    return t
