# A compiled callee called with the wrong number of arguments.
# call: caller(2.0)


def square(x):
    return x * x


def caller(x):
    return square(x, 1.0)  # error: E0306
