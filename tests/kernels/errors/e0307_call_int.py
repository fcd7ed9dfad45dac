# An int is not callable.
# call: apply(2)


def apply(x):
    f = 3
    return f(x)  # error: E0307
