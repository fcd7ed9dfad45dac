# A kernel cannot take *args.
# call: total(1.0, 2.0, 3.0)


def total(*values):  # error: E0102
    s = 0.0
    for v in values:
        s += v
    return s
