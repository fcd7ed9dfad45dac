# A typed list made before a parallel loop and appended to by its iterations.
# call: collect(10)

from oxjit import prange, types
from oxjit.typed import List


def collect(n):
    out = List.empty_list(types.int64)
    for i in prange(n):
        out.append(i)  # error: E0320
    return out
# parallel
