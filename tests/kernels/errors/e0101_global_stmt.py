# `global` statements are not supported (globals are frozen constants).
# call: accumulate(5)

TOTAL = 0


def accumulate(x):
    global TOTAL  # error: E0101
    TOTAL += x
    return TOTAL
