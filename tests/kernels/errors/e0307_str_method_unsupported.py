# A string method compiled code does not support yet.
# call: shout("hello")


def shout(s):
    t = s.strip()
    return t.title()  # error: E0307
