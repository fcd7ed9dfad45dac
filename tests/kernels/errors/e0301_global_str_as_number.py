# A global string used as a number.
# call: scaled(2.0)

SCALE = "2.5"


def scaled(x):
    return x * SCALE  # error: E0301
