# A heterogeneous tuple indexed by a runtime value: the element type is unknown.
# call: pick(1)


def pick(i):
    t = (1, 2.5, True)
    return t[i]  # error: E0308
