# Unpacking three values into two names.
# call: split(1, 2, 3)


def split(a, b, c):
    t = (a, b, c)
    x, y = t  # error: E0312
    return x + y
