# Writing arrays: element assignment visible to the caller, in-place algorithms, outputs
# passed in, 2-D stencils. The harness compares every array argument after the call.


def fill(a, v):
    for i in range(len(a)):
        a[i] = v
# run: fill(np.zeros(4), 2.5)
# run: fill(np.zeros(3, dtype=np.int64), 7)
# run: fill(np.zeros(0), 1.0)


def scale_inplace(a, k):
    for i in range(a.shape[0]):
        a[i] *= k
    return a.shape[0]
# run: scale_inplace(np.arange(5.0), -2.0)
# run: scale_inplace(np.array([1.0, -0.0, nan]), 0.0)


def prefix_sum(a):
    for i in range(1, len(a)):
        a[i] += a[i - 1]
# run: prefix_sum(np.arange(10))
# run: prefix_sum(np.array([0.1] * 10))
# run: prefix_sum(np.array([INT64_MAX, 1]))
# run: prefix_sum(np.zeros(0))


def reverse_inplace(a):
    i = 0
    j = len(a) - 1
    while i < j:
        a[i], a[j] = a[j], a[i]
        i += 1
        j -= 1
# run: reverse_inplace(np.arange(5))
# run: reverse_inplace(np.arange(6.0))
# run: reverse_inplace(np.array([1.0]))


def axpy(alpha, x, y):
    for i in range(len(x)):
        y[i] += alpha * x[i]
# run: axpy(2.0, np.arange(4.0), np.ones(4))
# run: axpy(-1.0, np.array([inf]), np.array([inf]))


def matvec(m, v, out):
    for i in range(m.shape[0]):
        s = 0.0
        for j in range(m.shape[1]):
            s += m[i, j] * v[j]
        out[i] = s
    return out
# run: matvec(np.arange(6.0).reshape(2, 3), np.array([1.0, 0.5, -1.0]), np.zeros(2))
# run: matvec(np.eye(3), np.array([1.0, 2.0, 3.0]), np.full(3, nan))


def jacobi_step(u, out):
    # One Jacobi sweep of the 2-D Laplace equation; boundaries copied.
    n, m = u.shape
    for i in range(n):
        for j in range(m):
            if i == 0 or j == 0 or i == n - 1 or j == m - 1:
                out[i, j] = u[i, j]
            else:
                out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
# run: jacobi_step(np.arange(25.0).reshape(5, 5) ** 2 % 7, np.zeros((5, 5)))
# run: jacobi_step(np.ones((2, 2)), np.zeros((2, 2)))


def heat_steps(u, tmp, steps, alpha):
    # Explicit 1-D heat equation, ping-ponging between two buffers.
    for _ in range(steps):
        for i in range(1, len(u) - 1):
            tmp[i] = u[i] + alpha * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        for i in range(1, len(u) - 1):
            u[i] = tmp[i]
# run: heat_steps(np.array([0.0, 0.0, 1.0, 0.0, 0.0]), np.zeros(5), 10, 0.25)


def histogram(data, lo, hi, counts):
    nbins = len(counts)
    width = (hi - lo) / nbins
    for x in data:
        if x >= lo and x < hi:
            counts[int((x - lo) / width)] += 1
# run: histogram(np.linspace(0.0, 1.0, 11), 0.0, 1.0, np.zeros(4, dtype=np.int64))
# run: histogram(np.array([nan, -1.0, 0.5]), 0.0, 1.0, np.zeros(2, dtype=np.int64))


def clip_inplace(a, lo, hi):
    n = 0
    for i in range(len(a)):
        if a[i] < lo:
            a[i] = lo
            n += 1
        elif a[i] > hi:
            a[i] = hi
            n += 1
    return n
# run: clip_inplace(np.array([-5.0, 0.5, 5.0, nan]), 0.0, 1.0)
# run: clip_inplace(np.array([-5, 3, 50]), 0, 10)


def normalize(a):
    s = 0.0
    for x in a:
        s += x * x
    norm = s ** 0.5
    if norm > 0.0:
        for i in range(len(a)):
            a[i] /= norm
    return norm
# run: normalize(np.array([3.0, 4.0]))
# run: normalize(np.zeros(3))


def cummax(a, out):
    m = -1e308
    for i in range(len(a)):
        if a[i] > m:
            m = a[i]
        out[i] = m
# run: cummax(np.array([1.0, 3.0, 2.0, 5.0, 4.0]), np.zeros(5))


def transpose_into(m, out):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            out[j, i] = m[i, j]
# run: transpose_into(np.arange(6).reshape(2, 3), np.zeros((3, 2), dtype=np.int64))


def swap_rows(m, r1, r2):
    for j in range(m.shape[1]):
        t = m[r1, j]
        m[r1, j] = m[r2, j]
        m[r2, j] = t
# run: swap_rows(np.arange(9.0).reshape(3, 3), 0, -1)


def set_diagonal(m, v):
    for i in range(min(m.shape[0], m.shape[1])):
        m[i, i] = v
    m[-1, 0] = -v
# run: set_diagonal(np.zeros((3, 3)), 1.5)
# run: set_diagonal(np.zeros((2, 4), dtype=np.int32), 7)


def bubble_sort(a):
    n = len(a)
    swaps = 0
    for i in range(n):
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
                swaps += 1
    return swaps
# run: bubble_sort(np.array([5, 1, 4, 2, 8]))
# run: bubble_sort(np.array([3.0, -0.0, 0.0, -1.0]))
# run: bubble_sort(np.zeros(0))
# hypothesis: bubble_sort(i64_arrays)


def life_step(grid, out):
    # Conway's Game of Life on a torus (negative indices wrap).
    n, m = grid.shape
    for i in range(n):
        for j in range(m):
            alive = 0
            for di in range(-1, 2):
                for dj in range(-1, 2):
                    if di != 0 or dj != 0:
                        alive += grid[(i + di) % n, (j + dj) % m]
            if grid[i, j] == 1:
                out[i, j] = 1 if alive == 2 or alive == 3 else 0
            else:
                out[i, j] = 1 if alive == 3 else 0
# run: life_step(np.array([[0, 1, 0, 0], [0, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 0]], dtype=np.int8), np.zeros((4, 4), dtype=np.int8))


def write_negative_index(a, v):
    a[-1] = v
    a[-len(a)] = -v
    return a
# run: write_negative_index(np.zeros(3), 2.0)
# run: write_negative_index(np.zeros(1, dtype=np.int16), 3)


def write_3d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = i * 100 + j * 10 + k
# run: write_3d(np.zeros((2, 3, 4), dtype=np.int64))
# run: write_3d(np.zeros((2, 2, 2)))
