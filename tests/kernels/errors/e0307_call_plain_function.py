# Calling a plain Python function that is not compiled.
# call: caller(2.0)


def helper(x):
    return x + 1.0
# nojit


def caller(x):
    return helper(x) * 2.0  # error: E0307
