# A string cannot be multiplied by a float.
# call: repeat(2.5)


def repeat(x):
    return "ab" * x  # error: E0301
