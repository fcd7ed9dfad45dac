# Complex numbers have no ordering.
# call: bigger(1 + 2j, 3j)


def bigger(z, w):
    if z < w:  # error: E0303
        return w
    return z
