# A dict holds typed lists, not Python lists (as in Numba).
# call: group(4)


def group(n):
    d = {}
    d[0] = [1, 2]  # error: E0314
    return len(d)
