# `a.real` / `a.imag`: views of the parts of a complex array (writable, layout A); on a real
# array `real` is the array and `imag` new zeros (Numba).
import numpy as np


def parts(z):
    return z.real, z.imag
# run: parts(np.arange(6.0).reshape(2, 3) + 1j * np.arange(6.0).reshape(2, 3))
# run: parts(np.array([1 + 2j, 3 - 4j], np.complex64))
# run: parts(np.arange(3.0))
# run: parts(np.arange(3))


def column_parts(z):
    return np.arctan2(z[:, 1].real, z[:, 0].imag)
# run: column_parts(np.arange(6.0).reshape(3, 2) + 1j)


def write_imag(z):
    z.imag[:] = 5.0
    z.real[0] = -1.0
    return z
# run: write_imag(np.zeros(3, np.complex128))


def sum_parts(z):
    s = 0.0
    r = z.real
    for i in range(r.shape[0]):
        s += r[i] - z.imag[i]
    return s
# run: sum_parts(np.array([1 + 2j, 3 - 4j, 0.5j]))


def conjugates(z):
    return z.conjugate(), z.conj(), z[0].conjugate()
# run: conjugates(np.array([1 + 2j, 3 - 4j]))
# run: conjugates(np.arange(3.0))
# run: conjugates(np.arange(3, dtype=np.int32))
