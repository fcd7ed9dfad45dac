# A float is not iterable.
# call: walk(2.5)


def walk(x):
    s = 0.0
    for v in x:  # error: E0313
        s += v
    return s
