# A list holds items of one type: a tuple cannot be appended to a list of ints.
# call: grow(3)


def grow(n):
    out = [0]
    for i in range(n):
        out.append((i, i))  # error: E0304
    return len(out)
