# Lists hold numbers, strings, tuples of them, arrays or lists; not None.
# call: slots(3)


def slots(n):
    l = [None, None]  # error: E0314
    return len(l) + n
