# `try` statements are not supported yet.
# call: safe_inverse(0.0)


def safe_inverse(x):
    try:  # error: E0101
        return 1.0 / x
    except ZeroDivisionError:
        return 0.0
