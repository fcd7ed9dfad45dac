# An int has no attribute `length`.
# call: digits(12345)


def digits(n):
    return n.length  # error: E0309
