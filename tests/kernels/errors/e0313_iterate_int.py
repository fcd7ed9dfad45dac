# An int is not iterable (did you mean range(n)?).
# call: count_up(3)


def count_up(n):
    s = 0
    for v in n:  # error: E0313
        s += v
    return s
