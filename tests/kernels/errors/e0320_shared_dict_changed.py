# A dict made before a parallel loop and changed by its iterations: dicts and lists are not
# thread-safe, so this is refused (Numba compiles it and races).
# call: squares(100)

from oxjit import prange


def squares(n):
    d = {0: 0}
    for i in prange(n):
        d[i] = i * i  # error: E0320
    return len(d)
# parallel
