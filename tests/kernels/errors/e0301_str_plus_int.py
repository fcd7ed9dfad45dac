# A string and an integer cannot be added (str(n) converts the number first).
# call: label("item", 3)


def label(s, n):
    return s + n  # error: E0301
