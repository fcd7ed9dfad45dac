# A class definition inside a kernel is not supported.
# call: make_point(1.0, 2.0)


def make_point(x, y):
    class Point:  # error: E0101
        pass
    return x + y
