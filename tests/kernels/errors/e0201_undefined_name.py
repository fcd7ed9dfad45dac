# A name that is neither a local, a parameter, a global nor a builtin.
# call: scale(2.0)


def scale(x):
    return x * undefined_scale  # error: E0201
