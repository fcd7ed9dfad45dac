# The same kernels over C-contiguous, Fortran-ordered and strided ("A") arrays: views with
# steps, negative steps, transposes, 3-D arrays and read-only buffers.


def sum2d(m):
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 2 * j + 1)
    return s
# run: sum2d(np.arange(12.0).reshape(3, 4))
# run: sum2d(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
# run: sum2d(np.arange(48.0).reshape(6, 8)[::2, 1::3])
# run: sum2d(np.arange(12.0).reshape(3, 4).T)
# run: sum2d(np.arange(12.0).reshape(3, 4)[::-1, ::-1])
# run: sum2d(np.zeros((0, 4)))
# run: sum2d(np.ones((1, 1)))


def sum3d_weighted(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k] * (1 + i - j + 2 * k)
    return s
# run: sum3d_weighted(np.arange(60).reshape(3, 4, 5))
# run: sum3d_weighted(np.asfortranarray(np.arange(60).reshape(3, 4, 5)))
# run: sum3d_weighted(np.arange(120).reshape(4, 6, 5)[1::2, ::3, ::-2])
# run: sum3d_weighted(np.arange(60).reshape(3, 4, 5).transpose(2, 0, 1))


def strided_sum(a):
    s = 0
    for i in range(len(a)):
        s += a[i] * (i + 1)
    return s
# run: strided_sum(np.arange(10))
# run: strided_sum(np.arange(10)[::2])
# run: strided_sum(np.arange(10)[::-1])
# run: strided_sum(np.arange(10)[1::3])
# run: strided_sum(np.arange(20).reshape(4, 5)[:, 2])
# run: strided_sum(np.arange(10)[5:5])


def iterate_view(a):
    n = 0
    s = 0.0
    for x in a:
        n += 1
        s = s * 0.5 + x
    return (n, s)
# run: iterate_view(np.arange(8.0)[::3])
# run: iterate_view(np.arange(8.0)[::-1])
# run: iterate_view(np.arange(8.0)[::-1][::2])


def scale_view(a, k):
    for i in range(len(a)):
        a[i] = a[i] * k
# run: scale_view(np.arange(10.0)[::2], 3.0)
# run: scale_view(np.arange(10.0)[::-3], -1.0)


def write_fortran(m):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            m[i, j] = i * 10 + j
# run: write_fortran(np.asfortranarray(np.zeros((3, 4))))
# run: write_fortran(np.zeros((6, 8))[1::2, ::2])
# run: write_fortran(np.zeros((4, 3)).T)


def corner_sum_layouts(m):
    return m[0, 0] + m[-1, -1] * 10 + m[0, -1] * 100 + m[-1, 0] * 1000
# run: corner_sum_layouts(np.arange(6).reshape(2, 3))
# run: corner_sum_layouts(np.asfortranarray(np.arange(6).reshape(2, 3)))
# run: corner_sum_layouts(np.arange(30).reshape(5, 6)[::2, ::-2])


def readonly_sum(a):
    s = 0.0
    for x in a:
        s += x
    return s + a[-1]
# run: readonly_sum(np.frombuffer(np.arange(5.0).tobytes()))


def column_major_walk(m):
    # Column-major traversal order: same result, different memory walk.
    acc = 0.0
    for j in range(m.shape[1]):
        for i in range(m.shape[0]):
            acc = acc * 0.9 + m[i, j]
    return acc
# run: column_major_walk(np.arange(20.0).reshape(4, 5))
# run: column_major_walk(np.asfortranarray(np.arange(20.0).reshape(4, 5)))


def dtype_layout_mix(a):
    # A strided int32 view and an F-ordered float32 array through the same code.
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s
# run: dtype_layout_mix(np.arange(24, dtype=np.int32).reshape(4, 6)[::2, ::2])
# run: dtype_layout_mix(np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
# run: dtype_layout_mix(np.ones((3, 2), dtype=np.bool_).T)
# run: dtype_layout_mix(np.asfortranarray(np.arange(6, dtype=np.uint16).reshape(3, 2)))
