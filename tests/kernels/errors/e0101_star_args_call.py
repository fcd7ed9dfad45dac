# Star-arguments in a call are not supported yet.
# call: call_with_tuple(1.0, 2.0)


def add(a, b):
    return a + b


def call_with_tuple(x, y):
    args = (x, y)
    return add(*args)  # error: E0101
