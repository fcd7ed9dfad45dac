# Bitwise inversion is not defined on a float.
# call: complement(2.5)


def complement(x):
    return ~x  # error: E0302
