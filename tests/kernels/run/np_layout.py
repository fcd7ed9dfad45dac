# np.ascontiguousarray / np.asfortranarray (Numba's rules: the same array when the layout
# already fits, decided at run time for non-contiguous types; a copy otherwise; 0-d -> 1-d),
# and `...` next to integer indices in item assignment.
import numpy as np


def as_c_marks(a):
    b = np.ascontiguousarray(a)
    if b.size:
        b.ravel()[0] = -7.0
    return b, a
# run: as_c_marks(np.arange(6.0))
# run: as_c_marks(np.arange(12.0).reshape(3, 4))
# run: as_c_marks(np.arange(12.0).reshape(3, 4).T)
# run: as_c_marks(np.arange(24.0).reshape(2, 3, 4)[:, 1:2, :])
# run: as_c_marks(np.arange(24.0).reshape(2, 3, 4)[:, :, 1:2])
# run: as_c_marks(np.arange(24.0).reshape(2, 3, 4)[:, ::2, :])
# run: as_c_marks(np.arange(12.0).reshape(3, 4)[:, :1])
# run: as_c_marks(np.arange(12.0).reshape(3, 4)[::2])
# run: as_c_marks(np.arange(12.0).reshape(3, 4)[1:])
# run: as_c_marks(np.zeros((0, 3)))
# run: as_c_marks(np.arange(10.0)[::3])


def as_f_marks(a):
    b = np.asfortranarray(a)
    if b.size:
        b.T.ravel()[0] = -7.0
    return b, a
# run: as_f_marks(np.arange(6.0))
# run: as_f_marks(np.arange(12.0).reshape(3, 4))
# run: as_f_marks(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
# run: as_f_marks(np.arange(24).reshape(2, 3, 4)[:, ::2, :])
# run: as_f_marks(np.arange(24.0).reshape(2, 3, 4).T[:, 1:2, :])
# run: as_f_marks(np.arange(10.0)[::3])


def as_c_of_0d(a):
    return np.ascontiguousarray(a[0, ...])
# run: as_c_of_0d(np.arange(3.0))


def sum_contiguous(m):
    c = np.ascontiguousarray(m)
    s = 0.0
    for i in range(c.shape[0]):
        for j in range(c.shape[1]):
            s += c[i, j] * (i + 1)
    return s
# run: sum_contiguous(np.arange(20.0).reshape(4, 5).T)


def set_last(a, v):
    a[..., 0] = v
    return a
# run: set_last(np.arange(3.0), 9.0)
# run: set_last(np.zeros((2, 3)), 1.5)


def get_last(a):
    return a[..., 1]
# run: get_last(np.arange(3.0))
