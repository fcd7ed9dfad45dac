# Arrays allocated inside kernels and returned to Python: np.empty/zeros/ones/full and the
# *_like forms, arange, linspace, eye, identity, np.array from literals, copies, astype,
# reshape/ravel/flatten/transpose, fill, and the attributes shape/size/ndim/itemsize/
# strides. Shapes as int, tuple literal and tuple variable; dtype= as NumPy classes,
# strings ("f8", "i4", "float32") and `float` (Numba rejects `int`, `bool`, `complex` as
# dtype, strings in np.arange, `linspace(endpoint=)`, `astype(float)`, `a.dtype.itemsize`,
# `a.dtype == np.float64`; a dtype object cannot be a kernel's result here, so `a.dtype` is
# used as a dtype argument and compared with `==` instead). Allocation in
# loops, in callees, several arrays in a tuple, views of fresh arrays, shape-0 results,
# and errors raised after allocating. np.empty contents are never compared.

import numpy as np


# --- np.empty: only what does not depend on the uninitialised contents ---


def empty_filled_loop(n, m):
    a = np.empty(n)
    for i in range(n):
        a[i] = i * 0.5 - 1.0
    b = np.empty((n, m), dtype=np.int64)
    for i in range(n):
        for j in range(m):
            b[i, j] = i * 10 + j
    return (a, b)
# run: empty_filled_loop(5, 3)
# run: empty_filled_loop(1, 1)
# run: empty_filled_loop(0, 2)
# run: empty_filled_loop(3, 0)


def empty_meta(n, m):
    a = np.empty((n, m), np.int32)
    return (a.shape, a.size, a.ndim, a.itemsize, a.strides)
# run: empty_meta(4, 3)
# run: empty_meta(0, 3)
# run: empty_meta(1, 1)
# run: empty_meta(3, 0)


def empty_dtype_itemsizes(n):
    return (np.empty(n, dtype=np.float32).itemsize, np.empty(n, dtype=np.int64).itemsize,
            np.empty(n, dtype=np.int32).itemsize, np.empty(n, dtype=np.uint8).itemsize,
            np.empty(n, dtype=np.bool_).itemsize, np.empty(n, dtype=np.complex128).itemsize,
            np.empty(n, dtype="f8").itemsize, np.empty(n, dtype="i4").itemsize,
            np.empty(n, dtype=float).itemsize, np.empty(n, np.int16).itemsize)
# run: empty_dtype_itemsizes(3)
# run: empty_dtype_itemsizes(0)


def alloc_from_shape_var(s):
    a = np.empty(s)
    a.fill(2.5)
    return (a, a.strides, np.zeros(s, np.int16), np.ones(s), np.full(s, 7))
# run: alloc_from_shape_var((2, 3))
# run: alloc_from_shape_var((4,))
# run: alloc_from_shape_var((0, 3))
# run: alloc_from_shape_var((2, 1, 3))
# run: alloc_from_shape_var((2, 0, 4))


# --- zeros / ones / full ---


def zeros_int_shape(n):
    return np.zeros(n)
# run: zeros_int_shape(4)
# run: zeros_int_shape(1)
# run: zeros_int_shape(0)
# run: zeros_int_shape(-1)


def zeros_ones_tuple_shape(n, m):
    return (np.zeros((n, m)), np.ones((n, m), dtype=np.int32), np.ones((m, n)))
# run: zeros_ones_tuple_shape(2, 3)
# run: zeros_ones_tuple_shape(0, 3)
# run: zeros_ones_tuple_shape(3, 0)
# run: zeros_ones_tuple_shape(1, 1)
# run: zeros_ones_tuple_shape(2, -3)


def zeros_dtypes(n):
    return (np.zeros(n, np.float32), np.zeros(n, dtype=np.int64), np.zeros(n, np.int32),
            np.zeros(n, np.uint8), np.zeros(n, dtype=np.bool_), np.zeros(n, np.complex128),
            np.zeros(n, "f8"), np.zeros(n, dtype="i4"), np.zeros(n, dtype=float),
            np.zeros(n, dtype="float32"))
# run: zeros_dtypes(3)
# run: zeros_dtypes(1)
# run: zeros_dtypes(0)


def ones_dtypes(n):
    return (np.ones(n), np.ones(n, np.float32), np.ones(n, dtype=np.int64),
            np.ones(n, np.int32), np.ones(n, np.uint8), np.ones(n, dtype=np.bool_),
            np.ones(n, np.complex128), np.ones(n, "f8"), np.ones(n, dtype="i4"),
            np.ones(n, dtype=float), np.ones(n, dtype="u1"))
# run: ones_dtypes(3)
# run: ones_dtypes(0)


def full_scalar_kinds(n, v):
    return (np.full(n, v), np.full((2, n), v))
# run: full_scalar_kinds(3, 7)
# run: full_scalar_kinds(3, -2.5)
# run: full_scalar_kinds(2, True)
# run: full_scalar_kinds(2, 1 - 2j)
# run: full_scalar_kinds(0, 1.5)
# run: full_scalar_kinds(2, nan)
# run: full_scalar_kinds(2, -0.0)


def full_dtypes(n):
    return (np.full((2, n), 7.5, np.float32), np.full(n, 3, dtype=np.float64),
            np.full(n, 3.9, dtype=np.int64), np.full(n, 1.5, dtype="f8"),
            np.full(n, 200, np.uint8), np.full(n, 1, np.bool_), np.full(n, 2, "i4"),
            np.full(n, 0.5, np.complex128))
# run: full_dtypes(3)
# run: full_dtypes(1)
# run: full_dtypes(0)


# --- the *_like family: shape, dtype and memory order of the argument ---


def like_family(a):
    return (np.zeros_like(a), np.ones_like(a), np.full_like(a, 7), np.full_like(a, 2.5),
            np.zeros_like(a, dtype=np.int32), np.ones_like(a, dtype=np.float32),
            np.full_like(a, 2.5, dtype=np.float32))
# run: like_family(np.arange(4.0))
# run: like_family(np.arange(6, dtype=np.int32).reshape(2, 3))
# run: like_family(np.array([True, False]))
# run: like_family(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
# run: like_family(np.arange(24.0).reshape(4, 6)[::2, ::3])
# run: like_family(np.zeros(0, np.uint8))
# run: like_family(np.zeros((0, 3), np.float32))


def like_layout(a):
    e = np.empty_like(a, dtype=np.int8)
    return (np.zeros_like(a).strides, np.ones_like(a).strides, np.full_like(a, 1).strides,
            np.empty_like(a).strides, np.empty_like(a).shape, e.shape, e.itemsize, e.strides)
# run: like_layout(np.zeros((2, 3)))
# run: like_layout(np.asfortranarray(np.zeros((2, 3))))
# run: like_layout(np.zeros((4, 6))[::2, 1::2])
# run: like_layout(np.zeros((2, 3, 4), np.int32).transpose(2, 0, 1))
# run: like_layout(np.zeros(5)[::-1])


def empty_like_filled(a):
    e = np.empty_like(a)
    e.fill(3)
    return e
# run: empty_like_filled(np.arange(5.0))
# run: empty_like_filled(np.arange(6, dtype=np.int8).reshape(2, 3))
# run: empty_like_filled(np.asfortranarray(np.zeros((2, 2), np.uint8)))
# run: empty_like_filled(np.zeros(0))


# --- arange ---


def arange_stop(n):
    return np.arange(n)
# run: arange_stop(5)
# run: arange_stop(1)
# run: arange_stop(0)
# run: arange_stop(-3)
# run: arange_stop(4.5)
# run: arange_stop(np.int32(4))


def arange_start_stop(a, b):
    return np.arange(a, b)
# run: arange_start_stop(2, 7)
# run: arange_start_stop(7, 2)
# run: arange_start_stop(-3, 3)
# run: arange_start_stop(1.5, 4)
# run: arange_start_stop(0, 2.5)
# run: arange_start_stop(-2.25, 1.0)


def arange_step(a, b, s):
    return np.arange(a, b, s)
# run: arange_step(0, 10, 3)
# run: arange_step(10, 0, -3)
# run: arange_step(5, -5, -2)
# run: arange_step(0, 5, -1)
# run: arange_step(3, 3, 1)
# run: arange_step(0.0, 1.0, 0.1)
# run: arange_step(1.0, -1.0, -0.25)
# run: arange_step(0, 1, 0.3)
# run: arange_step(-1, 2, 0.5)
# run: arange_step(0, 3, 0)
# run: arange_step(0, 0, 0)


def arange_dtypes(n):
    return (np.arange(n, dtype=np.float32), np.arange(n, dtype=np.int8),
            np.arange(0, n, 2, dtype=np.float64), np.arange(0, n, 1, np.int32),
            np.arange(n, dtype=np.uint8), np.arange(1, n, dtype=np.int16))
# run: arange_dtypes(5)
# run: arange_dtypes(1)
# run: arange_dtypes(0)


# --- linspace, eye, identity ---


def linspace_num(a, b, n):
    return np.linspace(a, b, n)
# run: linspace_num(0, 1, 5)
# run: linspace_num(0.0, 1.0, 11)
# run: linspace_num(1.0, -1.0, 4)
# run: linspace_num(0, 1, 1)
# run: linspace_num(0, 1, 0)
# run: linspace_num(2, 3, 2)
# run: linspace_num(-5, 5, 7)
# run: linspace_num(0.1, 0.7, 3)
# run: linspace_num(0, 1, -2)


def linspace_default_num(a, b):
    return np.linspace(a, b)
# run: linspace_default_num(0, 1)
# run: linspace_default_num(-2.5, 10.0)
# run: linspace_default_num(3, 3)


def eye_forms(n):
    return (np.eye(n), np.eye(n, n + 1), np.eye(n, 3, 1), np.eye(n, k=-1),
            np.eye(n, dtype=np.int32), np.eye(n, 2, 5))
# run: eye_forms(3)
# run: eye_forms(1)
# run: eye_forms(0)


def identity_forms(n):
    return (np.identity(n), np.identity(n, np.int64), np.identity(n, dtype=np.float32),
            np.identity(n, np.bool_))
# run: identity_forms(3)
# run: identity_forms(1)
# run: identity_forms(0)


# --- np.array from literals ---


def array_literal_1d(x, n):
    return (np.array([1, 2, 3]), np.array([1.0, x, 3]), np.array((x, 2.5)),
            np.array([True, False, True]), np.array([1j, x]), np.array([x]),
            np.array([n, 2 * n, -n]), np.array((n, 1)), np.array([n, 0.5]))
# run: array_literal_1d(4.5, 3)
# run: array_literal_1d(-0.0, -7)
# run: array_literal_1d(nan, 0)


def array_literal_2d(x):
    return (np.array([[1, 2], [3, 4]]), np.array([[x, 2.0], [3.0, x]]),
            np.array(((1, 2, 3), (4, 5, 6))), np.array([(1, 2.0), (3, x)]),
            np.array([[True], [False]]))
# run: array_literal_2d(4.5)
# run: array_literal_2d(-1.0)


def array_literal_dtype(x):
    return (np.array([1, 2], np.int8), np.array([1, 2], "i4"), np.array([x, 2], dtype="f4"),
            np.array([[1, 2], [3, 4]], dtype=np.float32), np.array((x, 1), np.complex128))
# run: array_literal_dtype(0.1)
# run: array_literal_dtype(3.0)


# --- copies and conversions ---


def copy_independent(a):
    c = np.copy(a)
    d = a.copy()
    a[0] = 99
    return (c, d)
# run: copy_independent(np.arange(5.0))
# run: copy_independent(np.arange(10)[::-2])
# run: copy_independent(np.array([True, False, False]))
# run: copy_independent(np.arange(12.0).reshape(3, 4)[:, 1])


def copy_2d(a):
    c = a.copy()
    a[0, 0] = -1
    return (c, np.copy(a))
# run: copy_2d(np.arange(6.0).reshape(2, 3))
# run: copy_2d(np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
# run: copy_2d(np.arange(24.0).reshape(4, 6)[1::2, ::-2])


def copy_results(a):
    return (np.copy(a), a.copy(), np.copy(a).strides, a.copy().strides)
# run: copy_results(np.arange(6.0).reshape(2, 3))
# run: copy_results(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
# run: copy_results(np.arange(24, dtype=np.int16).reshape(4, 6)[::2, ::3])
# run: copy_results(np.arange(7.0)[::-3])
# run: copy_results(np.zeros(0))
# run: copy_results(np.zeros((0, 3), np.int8))
# run: copy_results(np.array([2.5]))


def astype_forms(a):
    return (a.astype(np.float32), a.astype(np.int64), a.astype("f8"), a.astype(np.bool_),
            a.astype(np.complex128), a.astype(np.int32), a.astype("i4"))
# run: astype_forms(np.arange(5.0) * 1.5)
# run: astype_forms(np.arange(6))
# run: astype_forms(np.array([True, False]))
# run: astype_forms(np.asfortranarray(np.arange(6.0).reshape(2, 3) / 4.0))
# run: astype_forms(np.arange(20, dtype=np.int16)[::-3])
# run: astype_forms(np.zeros(0, np.float32))
# run: astype_forms(np.array([-2.75, -0.0, 0.5, 1e9]))


def astype_unsigned(a):
    return (a.astype(np.uint8), a.astype("u1"))
# run: astype_unsigned(np.array([0.0, 1.9, 254.5]))
# run: astype_unsigned(np.array([0, 7, 255], np.int64))


def astype_is_copy(a):
    b = a.astype(np.float64)
    b[0] = -1.0
    return (a[0], b[0])
# run: astype_is_copy(np.arange(3.0))
# run: astype_is_copy(np.arange(3))


# --- reshape / ravel / flatten / transpose ---


def reshape_tuple(a):
    return (a.reshape((2, 3)), a.reshape((3, 2)), a.reshape((6,)), a.reshape((1, 2, 3)))
# run: reshape_tuple(np.arange(6.0))
# run: reshape_tuple(np.arange(6, dtype=np.int8).reshape(2, 3))
# run: reshape_tuple(np.arange(6).reshape(1, 3, 2))


def reshape_varargs(a):
    return (a.reshape(2, 3), a.reshape(3, 2), a.reshape(6), a.reshape(1, 6))
# run: reshape_varargs(np.arange(6.0))
# run: reshape_varargs(np.arange(6).reshape(3, 2))


def reshape_negative_one(a):
    return (a.reshape(-1), a.reshape(-1, 2), a.reshape(3, -1), a.reshape((2, -1, 1)))
# run: reshape_negative_one(np.arange(12.0).reshape(3, 4))
# run: reshape_negative_one(np.arange(6, dtype=np.int32))


def reshape_shape_var(a, s):
    return a.reshape(s)
# run: reshape_shape_var(np.arange(6.0), (2, 3))
# run: reshape_shape_var(np.arange(6.0), (3, 2))
# run: reshape_shape_var(np.arange(0.0), (0, 4))


def reshape_bad_size(a):
    return a.reshape(4, 2)
# run: reshape_bad_size(np.arange(6.0))
# run: reshape_bad_size(np.arange(8.0))


def reshape_writes_through(a):
    b = a.reshape(2, 3)
    b[1, 1] = -1
    return b
# run: reshape_writes_through(np.arange(6.0))
# run: reshape_writes_through(np.arange(6).reshape(3, 2))


def ravel_flatten(a):
    return (a.ravel(), a.flatten(), np.ravel(a))
# run: ravel_flatten(np.arange(6.0).reshape(2, 3))
# run: ravel_flatten(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
# run: ravel_flatten(np.arange(24).reshape(2, 3, 4))
# run: ravel_flatten(np.arange(5, dtype=np.uint8))
# run: ravel_flatten(np.zeros((0, 3)))


def ravel_writes_when_contiguous(a):
    r = a.ravel()
    r[0] = 99
    f = a.flatten()
    f[1] = -99
    return a
# run: ravel_writes_when_contiguous(np.arange(6.0).reshape(2, 3))
# run: ravel_writes_when_contiguous(np.asfortranarray(np.arange(6.0).reshape(2, 3)))


def transpose_forms(a):
    return (a.T, a.transpose(), np.transpose(a))
# run: transpose_forms(np.arange(6.0).reshape(2, 3))
# run: transpose_forms(np.arange(24).reshape(2, 3, 4))
# run: transpose_forms(np.asfortranarray(np.arange(6, dtype=np.int8).reshape(3, 2)))
# run: transpose_forms(np.arange(5.0))
# run: transpose_forms(np.zeros((0, 2)))


def transpose_axes(a):
    return (a.transpose((1, 0, 2)), a.transpose(2, 0, 1), a.transpose(-1, 1, 0))
# run: transpose_axes(np.arange(24.0).reshape(2, 3, 4))
# run: transpose_axes(np.arange(24, dtype=np.int32).reshape(4, 3, 2)[:, ::-1])


def transpose_meta(a):
    t = a.T
    return (t.shape, t.strides, a.transpose(1, 0).strides)
# run: transpose_meta(np.zeros((2, 3)))
# run: transpose_meta(np.asfortranarray(np.zeros((2, 3), np.int16)))


def transpose_writes_through(a):
    t = a.T
    t[0, 1] = -5
    return a
# run: transpose_writes_through(np.arange(6.0).reshape(2, 3))
# run: transpose_writes_through(np.asfortranarray(np.arange(6).reshape(3, 2)))


# --- a.dtype as a dtype argument ---


def alloc_with_arg_dtype(a):
    return (np.zeros(2, a.dtype), np.ones((2, 2), dtype=a.dtype), np.full(3, 1, a.dtype),
            np.arange(3, dtype=a.dtype), np.empty(4, a.dtype).itemsize)
# run: alloc_with_arg_dtype(np.zeros(1, np.int8))
# run: alloc_with_arg_dtype(np.zeros(1, np.float32))
# run: alloc_with_arg_dtype(np.zeros((2, 2), np.uint16).T)
# run: alloc_with_arg_dtype(np.zeros(0, np.complex128))


def astype_to_arg_dtype(a, b):
    return b.astype(a.dtype)
# run: astype_to_arg_dtype(np.zeros(1, np.int8), np.arange(4.5))
# run: astype_to_arg_dtype(np.zeros(1, np.float32), np.arange(3))
# run: astype_to_arg_dtype(np.zeros(1, np.bool_), np.array([0.0, 2.0, -0.0, nan]))


def dtype_compare(a, b):
    return (a.dtype == b.dtype, a.dtype == np.dtype(np.float64))
# run: dtype_compare(np.zeros(1), np.zeros(2))
# run: dtype_compare(np.zeros(1, np.int32), np.zeros(2, np.int64))
# run: dtype_compare(np.zeros(1, np.float32), np.zeros(2, np.float32))


# --- fill and attributes ---


def fill_value(a, v):
    a.fill(v)
    return a
# run: fill_value(np.zeros(4), 2.5)
# run: fill_value(np.zeros((2, 3), np.int64), 2.7)
# run: fill_value(np.zeros(3), True)
# run: fill_value(np.zeros(3, np.int8), 7)
# run: fill_value(np.zeros(0), 1.0)
# run: fill_value(np.asfortranarray(np.zeros((2, 2))), -0.0)


def fill_view(a):
    a[::2].fill(1)
    a[1::2].fill(-1)
# run: fill_view(np.zeros(5))
# run: fill_view(np.zeros(6, np.int32))
# run: fill_view(np.zeros((3, 2)))


def array_attrs(a):
    return (a.shape, a.size, a.ndim, a.itemsize, a.strides, a.nbytes)
# run: array_attrs(np.zeros(5))
# run: array_attrs(np.zeros((2, 3), np.int32))
# run: array_attrs(np.asfortranarray(np.zeros((2, 3), np.float32)))
# run: array_attrs(np.zeros((4, 6), np.uint8)[::2, ::-3])
# run: array_attrs(np.zeros((2, 3, 4), np.complex128))
# run: array_attrs(np.zeros((0, 3), np.bool_))
# run: array_attrs(np.zeros(10, np.int16)[::-4])


def attrs_of_fresh(n):
    a = np.zeros((n, 2, 3), np.float32)
    b = a[:, 1]
    return (a.shape, a.strides, b.shape, b.strides, a.T.strides, b.size)
# run: attrs_of_fresh(4)
# run: attrs_of_fresh(0)


# --- allocation patterns ---


def alloc_in_loop(n, k):
    total = 0.0
    last = np.zeros(n)
    for i in range(k):
        a = np.zeros(n)
        for j in range(n):
            a[j] = i + j
        total += a.sum()
        last = a
    return (last, total)
# run: alloc_in_loop(3, 4)
# run: alloc_in_loop(1, 1)
# run: alloc_in_loop(4, 0)
# run: alloc_in_loop(0, 3)


def alloc_return_several(n):
    return (np.zeros(n), np.ones((n, 2), np.int32), np.arange(n) * 2, np.full(n, True))
# run: alloc_return_several(3)
# run: alloc_return_several(0)


def make_ramp(n, step):
    a = np.empty(n)
    for i in range(n):
        a[i] = i * step
    return a


def returns_callee_alloc(n):
    return make_ramp(n, 0.5)
# run: returns_callee_alloc(4)
# run: returns_callee_alloc(0)


def combines_callee_allocs(n):
    a = make_ramp(n, 1.0)
    b = make_ramp(n, -2.0)
    return (a + b, make_ramp(n, 0.25), a)
# run: combines_callee_allocs(5)
# run: combines_callee_allocs(1)
# run: combines_callee_allocs(0)


def view_of_fresh(n, m):
    a = np.arange(n * m * 1.0).reshape(n, m)
    return (np.zeros((4, m))[1:, ::2], a[1:, ::2], a[::-1, 1], a[-1], a.T[1:])
# run: view_of_fresh(4, 5)
# run: view_of_fresh(2, 3)
# run: view_of_fresh(1, 2)


def alloc_then_raise(n):
    a = np.zeros(3)
    a[0] = n
    if n < 0:
        raise ValueError("neg")
    b = np.ones(n)
    return (a, b)
# run: alloc_then_raise(2)
# run: alloc_then_raise(-1)
# run: alloc_then_raise(0)


def alloc_raise_in_loop(n, bad):
    out = np.zeros(n)
    for i in range(n):
        tmp = np.full(2, i)
        if i == bad:
            raise IndexError("bad row")
        out[i] = tmp.sum()
    return out
# run: alloc_raise_in_loop(4, 10)
# run: alloc_raise_in_loop(4, 2)
# run: alloc_raise_in_loop(4, 0)


def alloc_conditional(n):
    if n > 2:
        a = np.ones(n)
    else:
        a = np.zeros(2)
    a[0] = n
    return a
# run: alloc_conditional(4)
# run: alloc_conditional(1)


def empty_shaped_results(n):
    return (np.zeros(0), np.zeros((0, 3)), np.ones((3, 0), np.int32), np.arange(0),
            np.empty((0, n)), np.full((n, 0), 1.5))
# run: empty_shaped_results(3)
# run: empty_shaped_results(0)


def zero_dim(x):
    a = np.zeros(())
    a[()] = x
    return a
# run: zero_dim(2.5)
# run: zero_dim(-0.0)
