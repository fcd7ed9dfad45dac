# Basic slicing: views of argument arrays (no copy) with Python's slice rules, integer + slice
# mixes on 2-D and 3-D arrays, writes through views, and views returned to the caller.


def slice1(a, lo, hi, st):
    v = a[lo:hi:st]
    s = 0.0
    for x in v:
        s = s * 0.5 + x
    return (len(v), s)
# run: slice1(np.arange(7.0), 1, -1, 1)
# run: slice1(np.arange(7.0), -100, 100, 1)
# run: slice1(np.arange(7.0), 100, -100, -1)
# run: slice1(np.arange(7.0), 5, 1, -2)
# run: slice1(np.arange(7.0), 1, 5, -1)
# run: slice1(np.arange(7.0), -3, -1, 1)
# run: slice1(np.arange(7.0), -1, -8, -3)
# run: slice1(np.arange(7.0), 3, 3, 1)
# run: slice1(np.arange(7.0), 0, 7, 7)
# run: slice1(np.arange(7.0), 0, 7, INT64_MAX)
# run: slice1(np.arange(7.0), 6, -100, INT64_MIN)
# run: slice1(np.arange(7.0), INT64_MIN, INT64_MAX, 2)
# run: slice1(np.arange(7.0), INT64_MAX, INT64_MIN, -2)
# run: slice1(np.arange(7.0), 0, 5, 0)
# run: slice1(np.zeros(0), 0, 5, 1)
# run: slice1(np.zeros(0), -1, -5, -1)
# run: slice1(np.arange(20.0)[::3], 1, 5, 2)
# run: slice1(np.arange(20.0)[::-2], -2, 2, -1)
# hypothesis: slice1(f64_arrays, int_range(-12, 12), int_range(-12, 12), int_range(1, 4))
# hypothesis: slice1(f64_arrays, int_range(-12, 12), int_range(-12, 12), int_range(-4, -1))


def missing_parts(a):
    return (a[2:].sum(), a[:3].sum(), a[:].sum(), a[::2].sum(), a[::-1][0], a[:-1:-1].sum(),
            a[-2::-2].sum(), a[:2:-1].sum(), len(a[5:]), a[1::3].sum())
# run: missing_parts(np.arange(9))
# run: missing_parts(np.arange(9.0))
# run: missing_parts(np.arange(9, dtype=np.int32)[::-1])
# run: missing_parts(np.arange(9, dtype=np.uint8))
# run: missing_parts(np.arange(18.0, dtype=np.float32)[::2])
# run: missing_parts(np.arange(3.0))


def neg_step_default(a, st):
    v = a[::st]
    out = 0
    for i in range(len(v)):
        out = out * 10 + v[i]
    return out
# run: neg_step_default(np.arange(6), 1)
# run: neg_step_default(np.arange(6), -1)
# run: neg_step_default(np.arange(6), -4)
# run: neg_step_default(np.arange(6), 4)
# run: neg_step_default(np.arange(6), 0)


def rows_and_cols(m, i, j):
    r = m[i]
    c = m[:, j]
    r2 = m[i, :]
    return (r.sum(), c.sum(), r2[-1], len(c), c.shape[0], r.shape[0], r[j], c[i])
# run: rows_and_cols(np.arange(20.0).reshape(4, 5), 1, 2)
# run: rows_and_cols(np.arange(20.0).reshape(4, 5), -1, -2)
# run: rows_and_cols(np.asfortranarray(np.arange(20.0).reshape(4, 5)), 3, 0)
# run: rows_and_cols(np.arange(60).reshape(6, 10)[::2, 1::3], 2, 1)
# run: rows_and_cols(np.arange(20).reshape(4, 5).T, 0, -1)
# run: rows_and_cols(np.arange(20, dtype=np.int16).reshape(4, 5)[::-1], 1, 4)


def block(m, a, b, c, d):
    v = m[a:b, c:d]
    s = 0.0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            s += v[i, j] * (i + 1) * (j + 3)
    return (v.shape, s)
# run: block(np.arange(30.0).reshape(5, 6), 1, 3, 2, 100)
# run: block(np.arange(30.0).reshape(5, 6), -2, 100, -100, -1)
# run: block(np.arange(30.0).reshape(5, 6), 3, 1, 0, 6)
# run: block(np.asfortranarray(np.arange(30.0).reshape(5, 6)), 0, 4, 1, 5)
# run: block(np.arange(60.0).reshape(6, 10)[1::2, ::-3], 0, 2, 1, 3)
# run: block(np.zeros((0, 3)), 0, 2, 0, 2)


def stepped2d(m):
    v = m[1:-1, ::2]
    w = m[::-1, 1]
    x = m[-1, ::-2]
    return (v.shape, v.sum(), w.sum(), w[0], x.sum(), x[0], m[::2, ::-1][1, 0])
# run: stepped2d(np.arange(35).reshape(5, 7))
# run: stepped2d(np.asfortranarray(np.arange(35.0).reshape(5, 7)))
# run: stepped2d(np.arange(70).reshape(10, 7)[::2])
# run: stepped2d(np.arange(35, dtype=np.float32).reshape(7, 5).T)


def views3d(a, i, j):
    p = a[i]
    q = a[:, j]
    r = a[i, :, j]
    s = a[:, :, j]
    t = a[i, j]
    u = a[1:, ::-1, ::2]
    return (p.shape, p.sum(), q.shape, q.sum(), r.sum(), s.sum(), t.sum(), u.shape, u.sum(),
            u[0, 0, 0], a[i, j, 1:].sum())
# run: views3d(np.arange(60).reshape(3, 4, 5), 1, 2)
# run: views3d(np.arange(60.0).reshape(3, 4, 5), -1, -1)
# run: views3d(np.asfortranarray(np.arange(60.0).reshape(3, 4, 5)), 0, 3)
# run: views3d(np.arange(120).reshape(4, 6, 5)[::2, 1:5, ::-1], 1, 0)


def write_row(m, i, x):
    r = m[i]
    for k in range(len(r)):
        r[k] = x + k
# run: write_row(np.zeros((3, 4)), 1, 2.5)
# run: write_row(np.zeros((3, 4)), -1, 7.0)
# run: write_row(np.asfortranarray(np.zeros((3, 4))), 2, 1.0)
# run: write_row(np.zeros((6, 4), dtype=np.int32)[::2], 0, 3)


def write_col_stepped(m, j):
    c = m[::-2, j]
    for k in range(len(c)):
        c[k] = k + 1
    v = m[1:, 1:]
    v[0, 0] = -5
# run: write_col_stepped(np.zeros((5, 4)), 1)
# run: write_col_stepped(np.zeros((5, 4), dtype=np.int64), -1)
# run: write_col_stepped(np.asfortranarray(np.zeros((5, 4))), 0)


def iterate_rows(m):
    total = 0.0
    n = 0
    for row in m:
        n += 1
        row[0] = n
        for x in row:
            total = total * 0.5 + x
    return (n, total)
# run: iterate_rows(np.arange(12.0).reshape(3, 4))
# run: iterate_rows(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
# run: iterate_rows(np.arange(24.0).reshape(6, 4)[::-2, 1:])
# run: iterate_rows(np.zeros((0, 4)))


def view_len(a):
    n = 0
    for x in a[::2]:
        n += 1
    return (n, len(a[1:]), a[1:].shape, a[-3:].size)
# run: view_len(np.arange(7))
# run: view_len(np.arange(1))
# run: view_len(np.zeros(0, dtype=np.bool_))


def inner_sum(v):
    s = 0.0
    for i in range(len(v)):
        s += v[i]
    return s


def pass_views(m):
    return (inner_sum(m[1]), inner_sum(m[:, 2]), inner_sum(m[0, ::-1]), inner_sum(m[1:, 0]))
# run: pass_views(np.arange(20.0).reshape(4, 5))
# run: pass_views(np.asfortranarray(np.arange(20.0).reshape(4, 5)))
# run: inner_sum(np.arange(5.0))


def reductions(a):
    return (a[1:].sum(), a[::-2].max(), a[:3].min(), a[1::2].prod(), a[2:5].mean())
# run: reductions(np.arange(1.0, 9.0))
# run: reductions(np.arange(1, 9))
# run: reductions(np.array([3.0, -1.0, nan, 2.0, 5.0, 0.5, 7.0]))


def bools_complex(b, z):
    return (b[::2].sum(), b[1:][0], z[::-1][0], z[1:].sum())
# run: bools_complex(np.array([True, False, True, True, False]), np.array([1 + 2j, 3 - 1j, -2j]))


def tuple_index(m, i):
    t = (i, 1)
    return m[t]
# run: tuple_index(np.arange(12).reshape(3, 4), 2)


def readonly_view(a):
    v = a[1:]
    return v.sum() + v[0]
# run: readonly_view(np.arange(5.0))


def ret_view(a):
    return a[1:-1]
# run: ret_view(np.arange(6))
# run: ret_view(np.arange(12.0)[::-2])


def ret_row(m, i):
    return m[i]
# run: ret_row(np.arange(12).reshape(3, 4), -1)


def ret_strided(m):
    return m[::-1, 1::2]
# run: ret_strided(np.arange(12.0).reshape(3, 4))
# run: ret_strided(np.asfortranarray(np.arange(12.0).reshape(3, 4)))


def ret_col(m, j):
    return m[:, j]
# run: ret_col(np.arange(12.0).reshape(3, 4), 0)


def row_sum(m, i):
    return m[i].sum()
# run: row_sum(np.arange(12.0).reshape(3, 4), 2)
# run: row_sum(np.arange(12.0).reshape(3, 4), -3)
