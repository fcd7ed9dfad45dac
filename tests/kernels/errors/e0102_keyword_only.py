# Keyword-only parameters are not supported yet.
# call: shifted(1.0, offset=2.0)


def shifted(x, *, offset=0.0):  # error: E0102
    return x + offset
