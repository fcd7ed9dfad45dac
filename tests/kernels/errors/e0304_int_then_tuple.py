# A variable cannot hold an int and then a tuple where both reach the same use.
# call: grow(3)


def grow(n):
    x = n
    if n > 2:
        x = (n, n)  # error: E0304
    return x
