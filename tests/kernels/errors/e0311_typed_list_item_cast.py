# A typed List's item type is fixed; a float cannot be stored in a List of int64 (Numba:
# "cannot safely cast float64 to int64").
from oxjit import types
from oxjit.typed import List

# call: build(3)


def build(n):
    l = List.empty_list(types.int64)
    for i in range(n):
        l.append(i * 0.5)  # error: E0311
    return l
