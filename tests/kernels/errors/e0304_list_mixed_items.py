# The items of a list display must unify: a number and a tuple cannot share a list.
# call: mixed(2)


def mixed(n):
    items = [n, (n, n)]  # error: E0304
    return len(items)
