# A plain (not compiled) Python function used as a value.
# call: pick(2.0)


def helper(x):
    return x + 1.0
# nojit


def pick(x):
    f = helper  # error: E0202
    return x
