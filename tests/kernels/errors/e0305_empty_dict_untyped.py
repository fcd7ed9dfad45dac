# An empty dict takes its key and value types from its first item assignment in the
# function; one that is never assigned an item has no type (Numba: "Cannot infer the type of
# variable 'seen', have imprecise type: DictType[undefined,undefined]").
# call: count(3)


def count(n):
    seen = {}  # error: E0305
    return len(seen) + n
