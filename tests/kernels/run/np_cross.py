# np.cross of 3-vectors along the last axis, broadcasting the others (Numba's checks).
import numpy as np


def cross(a, b):
    return np.cross(a, b)
# run: cross(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.5]))
# run: cross(np.arange(6.0).reshape(2, 3), np.ones(3))
# run: cross(np.ones(3), np.arange(6.0).reshape(2, 3))
# run: cross(np.arange(6, dtype=np.int32).reshape(2, 3), np.ones(3, np.int32))
# run: cross(np.arange(3), np.array([0.5, 1.5, -2.0]))
# run: cross(np.arange(12.0).reshape(2, 2, 3), np.arange(6.0).reshape(2, 3)[::-1])
# run: cross(np.arange(2.0), np.ones(2))
# run: cross(np.arange(4.0), np.ones(3))
# run: cross(np.ones((2, 3)), np.ones((3, 3)))


def rotation_axes(rz, rx):
    return np.stack((rx, np.cross(rz, rx), rz), -1)
# run: rotation_axes(np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
