# One path returns an int, another a tuple.
# call: result(True)


def result(flag):
    if flag:
        return 1
    return (1, 2)  # error: E0310
