# A dict's value type is fixed by its first item assignment; later values are cast to it,
# and a float value cannot become an int one.
# call: fill(3)


def fill(n):
    d = {}
    d[0] = 1
    for i in range(n):
        d[i] = i / 2  # error: E0311
    return len(d)
