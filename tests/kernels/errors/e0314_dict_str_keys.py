# Dict keys are numbers or tuples of numbers (strings are not supported yet).
# call: lookup(2.0)


def lookup(x):
    table = {"a": x, "b": 2.0 * x}  # error: E0314
    return x
