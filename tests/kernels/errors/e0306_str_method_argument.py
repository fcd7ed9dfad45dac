# str.find() takes a string to look for, not a number.
# call: where("a1b2", 1)


def where(s, digit):
    return s.find(digit)  # error: E0306
