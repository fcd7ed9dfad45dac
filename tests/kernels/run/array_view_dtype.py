# `a.view(dtype)`: the same bytes as another dtype (Numba: same ndim and layout; a different
# item size rescales the contiguous last axis, or the first of an F array).
import numpy as np


def as_floats(z):
    return z.view(np.float64)
# run: as_floats(np.arange(6.0).reshape(2, 3) + 1j)
# run: as_floats(np.zeros(0, np.complex128))


def as_complex(x):
    return x.view(np.complex128)
# run: as_complex(np.arange(8.0).reshape(2, 4))
# run: as_complex(np.arange(3.0))


def bits(x):
    return x.view(np.int64), x.view(np.uint8).shape
# run: bits(np.array([1.0, -0.0, np.inf]))


def write_through(x):
    v = x.view(np.int32)
    v[0] = 7
    return x
# run: write_through(np.zeros(2, np.uint32))


def f_order(x):
    return x.view(np.float32).shape
# run: f_order(np.asfortranarray(np.ones((2, 3))))
# run: f_order(np.ones((3, 1))[:, :1])


def strided(x):
    return x[:, ::2].view(np.float32)
# run: strided(np.ones((2, 4)))


def ragged(x):
    return x.view(np.complex128)
# run: ragged(np.ones(3))
# run: ragged(np.ones((3, 2))[:, :1])
