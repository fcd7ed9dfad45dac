# An empty list takes its element type from its first append (or extend, insert, item
# assignment) in the function; one that never gets an item has no type.
# call: count(3)


def count(n):
    seen = []  # error: E0305
    return len(seen) + n
