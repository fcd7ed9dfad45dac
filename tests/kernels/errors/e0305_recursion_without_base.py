# Recursion with no non-recursive return path: the return type cannot be inferred.
# call: forever(3)


def forever(n):
    return forever(n - 1)  # error: E0305
