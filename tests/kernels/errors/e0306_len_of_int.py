# len() of an int.
# call: size_of(7)


def size_of(n):
    return len(n)  # error: E0306
