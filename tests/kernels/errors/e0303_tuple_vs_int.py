# A tuple cannot be ordered against an int.
# call: smaller(1, 2)


def smaller(a, b):
    t = (a, b)
    return t < 3  # error: E0303
