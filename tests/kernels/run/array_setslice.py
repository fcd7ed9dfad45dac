# Slice assignment from scalars and broadcastable arrays (steps, negative bounds, empty
# slices, rows, columns, interior blocks, Ellipsis, overlapping source and target), newaxis
# (None) and Ellipsis reads, boolean-mask reads (a copy) and writes with a 1-D mask, and
# integer-array fancy indexing on one axis (reads are copies, writes go through). A
# shape mismatch in an assignment raises ValueError. Not here, because Numba leaves them
# undefined or refuses them: masks of the wrong length, out-of-bounds index arrays (Numba
# does not check either), 2-D boolean masks, list literals as indices, bare `a[...]` reads.

import numpy as np


# --- slice assignment from a scalar ---


def set_slice_scalar(a):
    a[1:4] = 0
# run: set_slice_scalar(np.arange(1.0, 7.0))
# run: set_slice_scalar(np.arange(1, 7))
# run: set_slice_scalar(np.arange(1.0, 3.0))
# run: set_slice_scalar(np.arange(1.0, 13.0)[::2])
# run: set_slice_scalar(np.ones(1))
# run: set_slice_scalar(np.zeros(0))
# run: set_slice_scalar(np.arange(12.0).reshape(4, 3))


def set_slice_scalar_cast(a, v):
    a[1:3] = v
# run: set_slice_scalar_cast(np.arange(6), 2.7)
# run: set_slice_scalar_cast(np.arange(6), -2.7)
# run: set_slice_scalar_cast(np.arange(6.0), True)
# run: set_slice_scalar_cast(np.zeros(4, np.int8), -100)
# run: set_slice_scalar_cast(np.zeros(4, np.uint8), 255)
# run: set_slice_scalar_cast(np.zeros(4, np.float32), 0.1)
# run: set_slice_scalar_cast(np.zeros(4, np.bool_), 1)
# run: set_slice_scalar_cast(np.zeros(4, np.complex128), 2.5)


def set_negative_bounds(a):
    a[-3:-1] = 7
    a[:-4] = -1
# run: set_negative_bounds(np.zeros(6))
# run: set_negative_bounds(np.zeros(3, np.int32))
# run: set_negative_bounds(np.zeros(10)[::-1])


def set_empty_slices(a):
    a[5:10] = 1
    a[3:3] = 9
    a[4:1] = 8
    a[100:] = 7
# run: set_empty_slices(np.zeros(6))
# run: set_empty_slices(np.zeros(3))


def set_step_slices(a):
    a[::3] = 1
    a[-1::-4] = 2
    a[1:6:2] = 3
# run: set_step_slices(np.zeros(10))
# run: set_step_slices(np.zeros(4, np.int64))
# run: set_step_slices(np.zeros(20)[::2])


# --- slice assignment from an array ---


def set_step_from_array(a, b):
    a[::2] = b
# run: set_step_from_array(np.arange(6.0), np.array([9.0, 8.0, 7.0]))
# run: set_step_from_array(np.arange(5.0), np.array([9.0, 8.0, 7.0]))
# run: set_step_from_array(np.arange(6), np.array([9.5, 8.0, -7.5]))
# run: set_step_from_array(np.arange(6.0), np.array([9, 8, 7], np.int8))
# run: set_step_from_array(np.arange(6.0), np.array([4.0]))
# run: set_step_from_array(np.arange(6.0), np.arange(12.0)[::4])


def set_reversed_from_array(a, b):
    a[::-1] = b
# run: set_reversed_from_array(np.zeros(4), np.arange(4.0))
# run: set_reversed_from_array(np.zeros(4, np.int16), np.arange(4, dtype=np.int16))


def set_range_from_array(a, b):
    a[2:] = b[:4]
# run: set_range_from_array(np.arange(6, dtype=np.int8), np.arange(10.0))
# run: set_range_from_array(np.zeros(6), np.arange(10)[::-1])
# run: set_range_from_array(np.zeros(6, np.bool_), np.array([0.0, 1.0, 2.0, -0.0]))


def set_full_slice(a, b):
    a[:] = b
# run: set_full_slice(np.zeros(3), np.arange(3.0))
# run: set_full_slice(np.zeros(3), 5.5)
# run: set_full_slice(np.zeros((2, 3)), np.arange(3.0))
# run: set_full_slice(np.zeros((2, 3)), np.arange(6.0).reshape(2, 3).T.T)
# run: set_full_slice(np.asfortranarray(np.zeros((2, 3))), np.arange(6.0).reshape(2, 3))


def set_column(m, v):
    m[:, 0] = v
# run: set_column(np.zeros((3, 4)), np.arange(3.0))
# run: set_column(np.zeros((3, 4)), 2.5)
# run: set_column(np.asfortranarray(np.zeros((3, 4))), np.arange(3.0))
# run: set_column(np.zeros((6, 4))[::2], np.arange(3.0)[::-1])
# run: set_column(np.zeros((3, 4), np.int32), np.array([1.9, -1.9, 3.0]))
# run: set_column(np.zeros((0, 4)), np.zeros(0))


def set_rows(m, v):
    m[1] = v
    m[-1, :] = v * 2
# run: set_rows(np.zeros((3, 4)), np.arange(4.0))
# run: set_rows(np.zeros((3, 4), np.int64), np.arange(4))
# run: set_rows(np.asfortranarray(np.zeros((3, 4))), np.arange(4.0))
# run: set_rows(np.zeros((3, 4)), np.array([1.5]))


def set_interior(m, x):
    m[1:-1, 1:-1] = x
# run: set_interior(np.zeros((4, 5)), np.arange(3.0))
# run: set_interior(np.zeros((4, 5)), np.arange(2.0).reshape(2, 1))
# run: set_interior(np.zeros((4, 5)), np.arange(6.0).reshape(2, 3))
# run: set_interior(np.zeros((4, 5)), np.arange(6.0).reshape(3, 2).T)
# run: set_interior(np.zeros((4, 5)), 7.0)
# run: set_interior(np.asfortranarray(np.zeros((4, 5))), np.arange(3.0))
# run: set_interior(np.zeros((2, 2)), 7.0)


def set_3d_slices(a):
    a[:, 1, ::2] = 5
    a[0] = a[1]
    a[1, :, -1] = -1
# run: set_3d_slices(np.zeros((2, 3, 4)))
# run: set_3d_slices(np.arange(24).reshape(2, 3, 4))
# run: set_3d_slices(np.asfortranarray(np.zeros((2, 3, 4))))


def set_ellipsis(a, v):
    a[...] = v
# run: set_ellipsis(np.zeros((2, 3)), 3)
# run: set_ellipsis(np.zeros((2, 3)), np.arange(3))
# run: set_ellipsis(np.zeros(4, np.int32), 2.5)
# run: set_ellipsis(np.zeros((2, 2, 2)), np.arange(2.0).reshape(2, 1))
# run: set_ellipsis(np.zeros(0), 1.0)


def set_ellipsis_last_axis(a):
    a[..., 0] = -1
    a[0, ...] = 2
# run: set_ellipsis_last_axis(np.zeros((2, 3)))
# run: set_ellipsis_last_axis(np.zeros((2, 3, 2), np.int8))


# --- overlapping source and target ---


def set_shift_right(a):
    a[1:] = a[:-1]
# run: set_shift_right(np.arange(6.0))
# run: set_shift_right(np.arange(6))


def set_shift_left(a):
    a[:-1] = a[1:]
# run: set_shift_left(np.arange(6.0))
# run: set_shift_left(np.arange(6))


def set_reverse_self(a):
    a[::-1] = a
# run: set_reverse_self(np.arange(6.0))
# run: set_reverse_self(np.arange(5))


def set_overlap_2d(m):
    m[:, 1:] = m[:, :-1]
    m[1:] = m[:-1] * 10
# run: set_overlap_2d(np.arange(12.0).reshape(3, 4))
# run: set_overlap_2d(np.asfortranarray(np.arange(12.0).reshape(3, 4)))


def set_transpose_self(m):
    m[...] = m.T
# run: set_transpose_self(np.arange(9.0).reshape(3, 3))
# run: set_transpose_self(np.arange(4).reshape(2, 2))


# --- shape mismatch ---


def set_mismatch(a, b):
    a[1:4] = b
# run: set_mismatch(np.arange(6.0), np.arange(2.0))
# run: set_mismatch(np.arange(6.0), np.arange(4.0))
# run: set_mismatch(np.arange(6.0), np.arange(3.0))
# run: set_mismatch(np.zeros((3, 3)), np.arange(2.0))
# run: set_mismatch(np.zeros((5, 3)), np.ones((3, 1)))


def set_column_mismatch(m, v):
    m[:, 0] = v
# run: set_column_mismatch(np.zeros((3, 4)), np.arange(4.0))
# run: set_column_mismatch(np.zeros((3, 4)), np.arange(3.0))


def set_then_mismatch(a, b):
    a[:2] = 1.0
    a[2:] = b
# run: set_then_mismatch(np.zeros(5), np.arange(2.0))
# run: set_then_mismatch(np.zeros(5), np.arange(3.0))


# --- newaxis and Ellipsis reads ---


def newaxis_reads(a):
    return (a[None], a[:, None], a[np.newaxis, :, np.newaxis], a[None, 1:])
# run: newaxis_reads(np.arange(3.0))
# run: newaxis_reads(np.arange(6)[::-2])
# run: newaxis_reads(np.zeros(0))


def newaxis_meta(a):
    return (a[None].shape, a[:, None].shape, a[:, None, :].shape, a[:, None, :].strides, a[None, ..., None].shape)
# run: newaxis_meta(np.zeros((2, 3)))
# run: newaxis_meta(np.asfortranarray(np.zeros((2, 3), np.int32)))


def newaxis_outer(a, b):
    return (a[:, None] * b[None, :], a[:, None] - b)
# run: newaxis_outer(np.arange(3.0), np.arange(4.0))
# run: newaxis_outer(np.arange(3), np.array([0.5, 1.5]))
# run: newaxis_outer(np.zeros(0), np.arange(2.0))


def newaxis_with_index(a, i):
    return (a[i, None], a[None, i])
# run: newaxis_with_index(np.arange(6.0), 2)
# run: newaxis_with_index(np.arange(6.0), -1)
# run: newaxis_with_index(np.arange(12).reshape(3, 4), 1)


def newaxis_view_writes(a):
    v = a[:, None]
    v[1, 0] = -7
    return v.shape
# run: newaxis_view_writes(np.arange(3.0))


def ellipsis_reads(a):
    return (a[..., 0], a[0, ...], a[..., 1:, 0], a[1, ..., -1])
# run: ellipsis_reads(np.arange(24.0).reshape(2, 3, 4))
# run: ellipsis_reads(np.asfortranarray(np.arange(24).reshape(2, 3, 4)))
# run: ellipsis_reads(np.arange(48.0).reshape(4, 3, 4)[::2, :, ::-1])


def ellipsis_2d(m):
    return (m[..., 1], m[1, ...], m[..., ::-1])
# run: ellipsis_2d(np.arange(6.0).reshape(2, 3))


# --- boolean masks (1-D mask) ---


def mask_read_positive(a):
    return a[a > 0]
# run: mask_read_positive(np.array([-1.0, 2.0, 0.0, 3.0]))
# run: mask_read_positive(np.array([-1, 2, 0, 3], np.int8))
# run: mask_read_positive(np.array([-1.0, -2.0]))
# run: mask_read_positive(np.array([1.0, 2.0]))
# run: mask_read_positive(np.zeros(0))
# run: mask_read_positive(np.array([nan, inf, -0.0, 5e-324]))
# run: mask_read_positive(np.arange(-5.0, 5.0)[::-3])
# hypothesis: mask_read_positive(f64_arrays)


def mask_read_arg(a, m):
    return a[m]
# run: mask_read_arg(np.array([-1.0, 2.0, 0.0, 3.0]), np.array([True, False, True, False]))
# run: mask_read_arg(np.arange(4.0)[::-1], np.array([True, False, True, False]))
# run: mask_read_arg(np.arange(5), np.zeros(5, np.bool_))
# run: mask_read_arg(np.arange(6.0).reshape(2, 3), np.array([True, False]))
# run: mask_read_arg(np.arange(6.0).reshape(3, 2), np.array([False, True, True]))


def mask_read_is_copy(a):
    b = a[a > 0]
    if len(b) > 0:
        b[0] = 99
    return b
# run: mask_read_is_copy(np.array([-1.0, 2.0, 0.0, 3.0]))
# run: mask_read_is_copy(np.array([-1.0]))


def mask_reductions(a):
    pos = a[a > 0]
    return (len(pos), pos.sum(), a[np.isfinite(a)].sum(), a[~np.isnan(a)].size)
# run: mask_reductions(np.array([-1.0, 2.0, nan, 3.0, inf]))
# run: mask_reductions(np.zeros(0))
# run: mask_reductions(np.array([-1.0, -2.0]))


def mask_write_scalar(a):
    a[a > 2] = 0
# run: mask_write_scalar(np.arange(6.0))
# run: mask_write_scalar(np.arange(6))
# run: mask_write_scalar(np.array([3.0, nan, 1.0]))
# run: mask_write_scalar(np.arange(12.0)[::-2])
# run: mask_write_scalar(np.zeros(0))


def mask_write_nan_to_zero(a):
    a[np.isnan(a)] = 0.0
# run: mask_write_nan_to_zero(np.array([1.0, nan, 3.0, nan]))
# run: mask_write_nan_to_zero(np.array([1.0, 2.0], np.float32))


def mask_write_cast(a):
    a[a > 2] = 1.5
# run: mask_write_cast(np.arange(6))
# run: mask_write_cast(np.arange(6, dtype=np.uint8))


def mask_write_arg(a, m):
    a[m] = -1
# run: mask_write_arg(np.arange(6.0), np.arange(6) % 2 == 0)
# run: mask_write_arg(np.arange(6), np.zeros(6, np.bool_))
# run: mask_write_arg(np.arange(6.0).reshape(2, 3), np.array([False, True]))


def mask_write_values(a, m, v):
    a[m] = v
# run: mask_write_values(np.arange(6.0), np.arange(6) % 2 == 0, np.array([7.0, 8.0, 9.0]))
# run: mask_write_values(np.arange(6), np.array([True, False, False, False, False, True]), np.array([-1, -2]))


def mask_write_expression(a):
    a[a < 0] = -a[a < 0]
    a[a > 2] *= 10
# run: mask_write_expression(np.arange(-3.0, 5.0))
# run: mask_write_expression(np.arange(-3, 5))


# --- integer-array fancy indexing on one axis ---


def fancy_read(a, idx):
    return a[idx]
# run: fancy_read(np.arange(6.0) * 2, np.array([0, 5, 2, 2]))
# run: fancy_read(np.arange(6.0) * 2, np.array([-1, -6]))
# run: fancy_read(np.arange(6.0) * 2, np.array([0, 1], np.int32))
# run: fancy_read(np.arange(6.0) * 2, np.array([3, 1], np.uint8))
# run: fancy_read(np.arange(6) * 2, np.zeros(0, np.int64))
# run: fancy_read(np.arange(12.0)[::-2], np.array([0, 5, 1]))
# run: fancy_read(np.array([True, False, True]), np.array([1, 1, 0]))


def fancy_rows(m, idx):
    return (m[idx], m[idx, 1:])
# run: fancy_rows(np.arange(12.0).reshape(3, 4), np.array([2, 0]))
# run: fancy_rows(np.asfortranarray(np.arange(12).reshape(3, 4)), np.array([-1, 1, 1]))
# run: fancy_rows(np.arange(12.0).reshape(3, 4), np.zeros(0, np.int64))


def fancy_cols(m, idx):
    return (m[:, idx], m[1, idx], m[1:, idx])
# run: fancy_cols(np.arange(12.0).reshape(3, 4), np.array([3, 0]))
# run: fancy_cols(np.asfortranarray(np.arange(12).reshape(3, 4)), np.array([-1, 2, 2]))
# run: fancy_cols(np.arange(24.0).reshape(4, 6)[::2, ::2], np.array([2, 0]))


def fancy_read_is_copy(a, idx):
    b = a[idx]
    b[0] = -1
    return b
# run: fancy_read_is_copy(np.arange(6.0), np.array([0, 5, 2]))
# run: fancy_read_is_copy(np.arange(6), np.array([3]))


def fancy_write_scalar(a, idx):
    a[idx] = 0
# run: fancy_write_scalar(np.arange(1.0, 7.0), np.array([0, 5, 2, 2]))
# run: fancy_write_scalar(np.arange(1, 7), np.array([-1, -2]))
# run: fancy_write_scalar(np.arange(1.0, 7.0), np.zeros(0, np.int64))


def fancy_write_values(a, idx, v):
    a[idx] = v
# run: fancy_write_values(np.arange(6.0), np.array([0, 5, 2]), np.array([7.0, 8.0, 9.0]))
# run: fancy_write_values(np.arange(6), np.array([4, 1]), np.array([1.5, -1.5]))
# run: fancy_write_values(np.arange(6.0), np.array([1, 1]), np.array([10.0, 20.0]))


def fancy_computed_index(a):
    n = a.shape[0]
    idx = np.arange(n)[::-1]
    evens = np.arange(0, n, 2)
    return (a[idx], a[evens])
# run: fancy_computed_index(np.arange(5.0))
# run: fancy_computed_index(np.arange(4, dtype=np.int16))
# run: fancy_computed_index(np.zeros(0))
