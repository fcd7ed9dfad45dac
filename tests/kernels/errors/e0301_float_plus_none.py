# float64 + None is not defined.
# call: bias(1.5)


def bias(x):
    b = None
    return x + b  # error: E0301
