# Generator expressions are not supported yet.
# call: sum_squares(10)


def sum_squares(n):
    total = 0
    for v in (i * i for i in range(n)):  # error: E0101
        total += v
    return total
