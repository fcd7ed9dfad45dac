# Generators (`yield`) are not supported yet.
# call: countdown(3)


def countdown(n):
    while n > 0:
        yield n  # error: E0101
        n -= 1
