# Lists of strings are not supported (lists hold numbers, tuples, arrays or lists).
# call: names(1)


def names(n):
    l = ["a", "b"]  # error: E0314
    return len(l) + n
