# Keys are cast to the dict's key type, and a float cannot become an int key (Numba: "cannot
# safely cast float64 to int64").
# call: lookup(1.5)


def lookup(k):
    d = {1: 2.0, 2: 3.0}
    return d[k]  # error: E0311
