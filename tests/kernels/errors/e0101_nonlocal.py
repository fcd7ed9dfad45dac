# `nonlocal` statements are not supported (closure variables are frozen constants).
# call: make_counter(0)(1)


def make_counter(start):
    count = start

    def bump(x):
        nonlocal count  # error: E0101
        count += x
        return count

    return bump
# factory
