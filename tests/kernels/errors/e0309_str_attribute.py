# A string has no attribute `size`.
# call: width("hello")


def width(s):
    return s.size  # error: E0309
