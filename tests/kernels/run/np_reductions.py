# Whole-array reductions returning a scalar: np.sum/prod/min/max/amin/amax/mean/var/std/
# argmin/argmax/all/any/count_nonzero and the array methods, over dtypes, layouts (C, F,
# strided views), empty and one-element arrays, NaN and inf.

import numpy as np


def np_sum(a):
    return np.sum(a)
# run: np_sum(np.arange(10.0))
# run: np_sum(np.arange(10.0) * 0.1)
# run: np_sum(np.arange(12.0).reshape(3, 4) / 7.0)
# run: np_sum(np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7.0))
# run: np_sum((np.arange(48.0).reshape(6, 8) / 3.0)[::2, 1::3])
# run: np_sum((np.arange(20.0) / 3.0)[::-2])
# run: np_sum((np.arange(60.0) / 7.0).reshape(3, 4, 5).transpose(2, 0, 1))
# run: np_sum(np.zeros(0))
# run: np_sum(np.zeros((0, 3), np.int32))
# run: np_sum(np.array([2.5]))
# run: np_sum(np.array([1.0, nan, 2.0]))
# run: np_sum(np.array([inf, -inf]))
# run: np_sum(np.arange(10, dtype=np.int32))
# run: np_sum(np.arange(300, dtype=np.uint8))
# run: np_sum(np.array([INT64_MAX, 1]))
# run: np_sum(np.array([True, False, True]))
# run: np_sum(np.arange(10, dtype=np.float32) / np.float32(3))
# run: np_sum(np.array([1 + 2j, 3 - 1j]))
# run: np_sum(np.array([1 + 2j, 3 - 1j], np.complex64))
# run: np_sum(np.arange(24, dtype=np.int16).reshape(2, 3, 4)[:, ::2, 1:])


def method_sum(a):
    return a.sum()
# run: method_sum(np.arange(7.0) / 3.0)
# run: method_sum(np.asfortranarray(np.arange(6).reshape(2, 3)))
# run: method_sum(np.zeros(0, np.uint16))


def np_prod(a):
    return np.prod(a)
# run: np_prod(np.arange(1.0, 11.0) / 3.0)
# run: np_prod(np.arange(1, 11))
# run: np_prod(np.arange(1, 30))
# run: np_prod(np.zeros(0))
# run: np_prod(np.array([3], np.int8))
# run: np_prod(np.array([200, 200], np.uint8))
# run: np_prod(np.array([True, True]))
# run: np_prod(np.asfortranarray(np.arange(1.0, 7.0).reshape(2, 3) / 7.0))
# run: np_prod(np.array([1 + 2j, 3 - 1j, 0.5j]))
# run: np_prod(np.arange(1.0, 9.0, dtype=np.float32)[::3])


def method_prod(a):
    return a.prod()
# run: method_prod(np.arange(1.0, 5.0))
# run: method_prod(np.arange(1, 9).reshape(2, 4)[:, ::2])


def np_min(a):
    return np.min(a)
# run: np_min(np.array([3.0, 1.0, 2.0]))
# run: np_min(np.array([3.0, nan, 1.0, nan]))
# run: np_min(np.array([0.0, -0.0]))
# run: np_min(np.array([-0.0, 0.0]))
# run: np_min(np.asfortranarray(np.array([[0.0, 1.0], [-0.0, 2.0]])))
# run: np_min(np.array([[0.0, 1.0], [-0.0, 2.0]]))
# run: np_min(np.array([inf, -inf]))
# run: np_min(np.arange(10, 0, -1, dtype=np.int32))
# run: np_min(np.array([5, 250, 7], np.uint8))
# run: np_min(np.array([UINT64_MAX, 3], np.uint64))
# run: np_min(np.array([True, False]))
# run: np_min(np.array([2 + 1j, 2 - 1j, 3 - 5j]))
# run: np_min(np.arange(20.0).reshape(4, 5)[::-1, 1::2])
# run: np_min(np.zeros(0))
# run: np_min(np.zeros((2, 0), np.int64))
# run: np_min(np.array([7.5]))


def np_max(a):
    return np.max(a)
# run: np_max(np.array([3.0, 1.0, 2.0]))
# run: np_max(np.array([3.0, nan, 1.0]))
# run: np_max(np.array([0.0, -0.0]))
# run: np_max(np.array([-0.0, 0.0]))
# run: np_max(np.array([-5, -2, -9], np.int8))
# run: np_max(np.array([5, 250, 7], np.uint8))
# run: np_max(np.array([False, False]))
# run: np_max(np.array([2 + 1j, 2 - 1j, 1 + 5j]))
# run: np_max(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
# run: np_max(np.zeros(0, np.float32))
# run: np_max(np.array([1.5, inf], np.float32))


def np_amin_amax(a):
    return (np.amin(a), np.amax(a))
# run: np_amin_amax(np.array([4, -1, 9]))
# run: np_amin_amax(np.arange(12.0).reshape(3, 4).T)


def methods_min_max(a):
    return (a.min(), a.max())
# run: methods_min_max(np.array([4.0, -1.0, 9.0]))
# run: methods_min_max(np.array([nan, 1.0]))


def np_mean(a):
    return np.mean(a)
# run: np_mean(np.arange(10.0) / 3.0)
# run: np_mean(np.arange(10))
# run: np_mean(np.array([INT64_MAX, INT64_MAX]))
# run: np_mean(np.array([UINT64_MAX, 1], np.uint64))
# run: np_mean(np.zeros(0))
# run: np_mean(np.zeros(0, np.int32))
# run: np_mean(np.zeros(0, np.float32))
# run: np_mean(np.zeros(0, np.complex128))
# run: np_mean(np.array([True, False, True]))
# run: np_mean(np.arange(10, dtype=np.float32) / np.float32(3))
# run: np_mean(np.array([1e38, 1e38], np.float32))
# run: np_mean(np.array([1 + 2j, 3 - 1j, -0.5j]))
# run: np_mean(np.array([-0.0 - 0.0j]))
# run: np_mean(np.array([1 + 2j, 3 - 1j], np.complex64))
# run: np_mean(np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7.0))
# run: np_mean((np.arange(30.0) / 7.0)[1::3])
# run: np_mean(np.array([1.0, nan]))


def method_mean(a):
    return a.mean()
# run: method_mean(np.arange(6).reshape(2, 3))


def np_var(a):
    return np.var(a)
# run: np_var(np.arange(10.0) / 3.0)
# run: np_var(np.arange(10))
# run: np_var(np.array([1, 2, 3, 4], np.uint8))
# run: np_var(np.array([True, False, True]))
# run: np_var(np.arange(10, dtype=np.float32) / np.float32(3))
# run: np_var(np.array([1 + 2j, 3 - 1j, -0.5j]))
# run: np_var(np.array([1 + 2j, 3 - 1j], np.complex64))
# run: np_var(np.asfortranarray(np.arange(12.0).reshape(3, 4) / 7.0))
# run: np_var((np.arange(30.0) / 7.0)[::-4])
# run: np_var(np.array([5.0]))
# run: np_var(np.array([1.0, inf]))
# run: np_var(np.zeros(0))


def np_std(a):
    return np.std(a)
# run: np_std(np.arange(10.0) / 3.0)
# run: np_std(np.arange(10))
# run: np_std(np.arange(10, dtype=np.float32) / np.float32(3))
# run: np_std(np.array([1 + 2j, 3 - 1j, -0.5j]))
# run: np_std(np.arange(12.0).reshape(3, 4)[:, ::3])
# run: np_std(np.zeros(0, np.int64))


def methods_var_std(a):
    return (a.var(), a.std())
# run: methods_var_std(np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]))


def np_argmin(a):
    return np.argmin(a)
# run: np_argmin(np.array([3.0, 1.0, 2.0, 1.0]))
# run: np_argmin(np.array([3.0, nan, 1.0, nan]))
# run: np_argmin(np.array([nan, 1.0]))
# run: np_argmin(np.array([0.0, -0.0]))
# run: np_argmin(np.array([[4, 2], [1, 3]]))
# run: np_argmin(np.asfortranarray(np.array([[4, 2], [1, 3]])))
# run: np_argmin(np.asfortranarray(np.array([[4.0, 1.0, 9.0], [1.0, 3.0, 0.5]])))
# run: np_argmin(np.arange(20.0).reshape(4, 5)[::-1, ::2])
# run: np_argmin(np.array([5, 250, 7], np.uint8))
# run: np_argmin(np.array([True, False, False]))
# run: np_argmin(np.array([-inf, -inf]))
# run: np_argmin(np.zeros(0))
# run: np_argmin(np.zeros(0, np.int8))


def np_argmax(a):
    return np.argmax(a)
# run: np_argmax(np.array([3.0, 1.0, 3.0]))
# run: np_argmax(np.array([3.0, 1.0, nan]))
# run: np_argmax(np.array([[4, 9], [9, 3]]))
# run: np_argmax(np.asfortranarray(np.array([[4.0, 1.0, 9.0], [1.0, 3.0, 0.5]])))
# run: np_argmax(np.arange(12).reshape(3, 4).T)
# run: np_argmax(np.array([-5, -1, -9], np.int16))
# run: np_argmax(np.array([False, True, True]))
# run: np_argmax(np.zeros(0, np.float32))


def methods_arg(a):
    return (a.argmin(), a.argmax())
# run: methods_arg(np.array([2.0, -1.0, 7.0, 7.0]))


def np_all_any(a):
    return (np.all(a), np.any(a))
# run: np_all_any(np.array([1.0, 2.0]))
# run: np_all_any(np.array([1.0, 0.0]))
# run: np_all_any(np.array([0.0, -0.0]))
# run: np_all_any(np.array([nan]))
# run: np_all_any(np.zeros(0))
# run: np_all_any(np.array([True, True]))
# run: np_all_any(np.array([False, False]))
# run: np_all_any(np.array([0, 3], np.int32))
# run: np_all_any(np.array([0j, 1j]))
# run: np_all_any(np.asfortranarray(np.ones((2, 3), np.uint8)))
# run: np_all_any(np.arange(12).reshape(3, 4)[:, 1::2])


def methods_all_any(a):
    return (a.all(), a.any())
# run: methods_all_any(np.array([1, 1, 0]))


def np_count_nonzero(a):
    return np.count_nonzero(a)
# run: np_count_nonzero(np.array([1.0, 0.0, nan, -0.0]))
# run: np_count_nonzero(np.arange(12).reshape(3, 4) % 3)
# run: np_count_nonzero(np.asfortranarray(np.arange(12).reshape(3, 4) % 3))
# run: np_count_nonzero(np.array([True, False, True]))
# run: np_count_nonzero(np.array([0j, 1j, 1.0 + 0j]))
# run: np_count_nonzero(np.zeros(0))
# run: np_count_nonzero(np.arange(10)[::3])


def normalise(a):
    m = a.mean()
    s = a.std()
    t = 0.0
    for i in range(a.shape[0]):
        t += (a[i] - m) / s
    return t + a.max() - a.min() + np.argmax(a)
# run: normalise(np.arange(10.0) ** 1.5)
# run: normalise(np.array([3.0, -1.0, 4.0, 1.5]))
