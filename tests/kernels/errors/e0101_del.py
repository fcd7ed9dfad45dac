# `del` of a variable is not supported yet (`del d[k]` and `del l[i]` are).
# call: scratch(2.0)


def scratch(x):
    tmp = x * 2.0
    y = tmp + 1.0
    del tmp  # error: E0101
    return y
