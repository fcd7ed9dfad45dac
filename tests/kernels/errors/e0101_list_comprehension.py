# List comprehensions are not supported yet.
# call: squares_total(5)


def squares_total(n):
    squares = [i * i for i in range(n)]  # error: E0101
    return len(squares)
