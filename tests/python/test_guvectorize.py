"""``@guvectorize``: a genuine NumPy generalized ufunc whose loops oxjit compiled.

Every result is compared with the same Python function run by a plain Python loop over the
outer (broadcast) dimensions (`_reference`), exactly where the arithmetic is the same, and in
places with Numba's own ``@guvectorize`` of the same function.
"""

import itertools
import math
import re

import numpy as np
import oxjit
import pytest
from oxjit import float64, guvectorize, int64, void


def _same(got, want):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_array_equal(got, want)


def _parse_layout(layout):
    ins, outs = layout.replace(" ", "").split("->")

    def side(s):
        return [
            tuple(d for d in g.split(",") if d) for g in re.findall(r"\(([^)]*)\)", s)
        ]

    return side(ins), side(outs)


def _reference(py_func, layout, out_dtypes, *inputs, scalar_inputs=True):
    """The gufunc semantics, spelled out: broadcast the outer dimensions, then call `py_func`
    once per outer index with views of the core blocks (a `()` input as its scalar, or as a
    1-element array when `scalar_inputs` is false; a `()` output as a 1-element array)."""
    ins, outs = _parse_layout(layout)
    arrays = [np.asarray(x) for x in inputs]
    sizes = {}
    for a, core in zip(arrays, ins):
        for name, n in zip(core, a.shape[a.ndim - len(core) :]):
            assert sizes.setdefault(name, n) == n
    outer = np.broadcast_shapes(
        *[a.shape[: a.ndim - len(core)] for a, core in zip(arrays, ins)]
    )
    views = [
        np.broadcast_to(a, outer + a.shape[a.ndim - len(core) :])
        for a, core in zip(arrays, ins)
    ]
    results = [
        np.zeros(outer + tuple(sizes[d] for d in core) + ((1,) if not core else ()), dt)
        for core, dt in zip(outs, out_dtypes)
    ]
    for idx in itertools.product(*[range(n) for n in outer]):
        args = []
        for v, core in zip(views, ins):
            if core or scalar_inputs:
                args.append(v[idx])
            else:
                args.append(v[idx].reshape(1).copy())
        py_func(*args, *[r[idx] for r in results])
    results = [r[..., 0] if not core else r for r, core in zip(results, outs)]
    return results[0] if len(results) == 1 else tuple(results)


# ---------------------------------------------------------------------------------------------
# Kernels


def _dot(x, y, out):
    s = x[0] * y[0]
    for i in range(1, x.shape[0]):
        s += x[i] * y[i]
    out[0] = s


def _any_pair(x, y, out):
    r = False
    for i in range(x.shape[0]):
        r = r or (x[i] and y[i])
    out[0] = r


def _matvec(a, x, out):
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j] * x[j]
        out[i] = s


def _matmul(a, b, out):
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            s = 0.0
            for k in range(a.shape[1]):
                s += a[i, k] * b[k, j]
            out[i, j] = s


def _trace(a, out):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i, i]
    out[0] = s


def _shift_total(x, c, out, total):
    t = 0.0
    for i in range(x.shape[0]):
        out[i] = x[i] + c
        t += out[i]
    total[0] = t


def _shift_by_first(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] + c[0]


def _row_mean(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s / x.shape[0]


def _cumsum(x, out):
    acc = x[0] - x[0]
    for i in range(x.shape[0]):
        acc += x[i]
        out[i] = acc


def _rand(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.integers(0, 2, shape).astype(bool)
    if np.issubdtype(dtype, np.complexfloating):
        return (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(dtype)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-50, 50, shape).astype(dtype)
    return rng.normal(size=shape).astype(dtype)


# ---------------------------------------------------------------------------------------------
# Signatures and dtypes


_DOT_TYPES = {
    "float64": "dd->d",
    "float32": "ff->f",
    "int64": "ll->l",
    "int32": "ii->i",
    "int8": "bb->b",
    "uint16": "HH->H",
    "complex128": "DD->D",
    "complex64": "FF->F",
}


@pytest.mark.parametrize("name", sorted(_DOT_TYPES))
def test_each_dtype_signature(name):
    dtype = np.dtype(name).type
    uf = guvectorize([f"void({name}[:], {name}[:], {name}[:])"], "(n),(n)->()")(_dot)
    assert uf.types == [_DOT_TYPES[name]]
    a = _rand((5, 7), dtype, 1)
    b = _rand((5, 7), dtype, 2)
    got = uf(a, b)
    # Small integers wrap in both (compiled code computes in int64 and truncates on the store;
    # the reference in int8 scalars, with NumPy's overflow warning): the same bits.
    with np.errstate(over="ignore"):
        want = _reference(_dot, "(n),(n)->()", [dtype], a, b)
    if dtype in (np.float32, np.complex64):
        assert got.dtype == dtype
        np.testing.assert_allclose(got, want, rtol=1e-5)
    else:
        _same(got, want)


def test_bool_signature():
    uf = guvectorize(["void(boolean[:], boolean[:], boolean[:])"], "(n),(n)->()")(
        _any_pair
    )
    a = _rand((9, 4), np.bool_, 3)
    b = _rand((9, 4), np.bool_, 4)
    _same(uf(a, b), _reference(_any_pair, "(n),(n)->()", [np.bool_], a, b))
    assert uf.types == ["??->?"]


def test_is_a_generalized_ufunc_with_attributes():
    @guvectorize(
        [
            "void(float64[:], float64[:], float64[:])",
            "void(int64[:], int64[:], int64[:])",
        ],
        "(n), (n) -> ()",
    )
    def dot(x, y, out):
        """Dot product of the last axes."""
        s = x[0] * y[0]
        for i in range(1, x.shape[0]):
            s += x[i] * y[i]
        out[0] = s

    assert isinstance(dot, np.ufunc)
    assert dot.signature == "(n),(n)->()"
    assert dot.__name__ == "dot"
    assert "Dot product" in dot.__doc__
    assert dot.types == ["dd->d", "ll->l"]
    assert (dot.nin, dot.nout, dot.nargs, dot.ntypes) == (2, 1, 3, 2)
    # NumPy's type resolution: an exact loop first, else the first in signature order that
    # the inputs cast to safely (int32 → the float64 loop), as with Numba's gufuncs.
    i = np.arange(6, dtype=np.int64).reshape(2, 3)
    _same(dot(i, i), (i**2).sum(axis=1))
    _same(dot(i.astype(np.int32), i), (i**2).sum(axis=1).astype(np.float64))


def test_signature_type_objects_and_scalar_core_input():
    uf = guvectorize(
        [void(float64[:], int64, float64[:], float64[:])], "(n),()->(n),()"
    )(_shift_total)
    assert uf.types == ["dl->dd"]
    x = _rand((3, 5), np.float64, 7)
    c = np.array([1, -2, 3])
    got = uf(x, c[:, None][:, 0])
    want = _reference(_shift_total, "(n),()->(n),()", [np.float64] * 2, x, c)
    _same(got[0], want[0])
    _same(got[1], want[1])
    # A scalar for the `()` input broadcasts over the outer dimension.
    got = uf(x, 4)
    want = _reference(_shift_total, "(n),()->(n),()", [np.float64] * 2, x, np.int64(4))
    _same(got[0], want[0])
    _same(got[1], want[1])


def test_scalar_core_input_typed_as_a_one_element_array():
    uf = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),()->(n)")(
        _shift_by_first
    )
    x = _rand((4, 6), np.float64, 8)
    c = np.array([0.5, 1.5, -2.0, 3.0])
    want = _reference(
        _shift_by_first, "(n),()->(n)", [np.float64], x, c, scalar_inputs=False
    )
    _same(uf(x, c), want)
    _same(uf(x, 2.0), x + 2.0)


def test_several_core_dimensions():
    mv = guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")(
        _matvec
    )
    a = _rand((4, 3, 5), np.float64, 9)
    x = _rand((5,), np.float64, 10)
    _same(mv(a, x), _reference(_matvec, "(m,n),(n)->(m)", [np.float64], a, x))

    mm = guvectorize(
        ["void(float64[:,:], float64[:,:], float64[:,:])"], "(m,n),(n,p)->(m,p)"
    )(_matmul)
    a = _rand((2, 3, 4), np.float64, 11)
    b = _rand((4, 5), np.float64, 12)
    got = mm(a, b)
    assert got.shape == (2, 3, 5)
    _same(got, _reference(_matmul, "(m,n),(n,p)->(m,p)", [np.float64], a, b))
    np.testing.assert_allclose(got, a @ b, rtol=1e-12)


def test_repeated_core_dimension():
    tr = guvectorize(["void(float64[:,:], float64[:])"], "(m,m)->()")(_trace)
    a = _rand((3, 4, 4), np.float64, 13)
    _same(tr(a), _reference(_trace, "(m,m)->()", [np.float64], a))
    with pytest.raises(ValueError):
        tr(np.ones((2, 3)))


def test_broadcasting_mismatched_loop_dimensions():
    uf = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")(_dot)
    a = _rand((4, 1, 6), np.float64, 14)
    b = _rand((3, 6), np.float64, 15)
    got = uf(a, b)
    assert got.shape == (4, 3)
    _same(got, _reference(_dot, "(n),(n)->()", [np.float64], a, b))
    # A 1-d operand has no loop dimensions at all.
    _same(uf(a, b[0]), _reference(_dot, "(n),(n)->()", [np.float64], a, b[0]))
    # Core sizes that disagree are NumPy's error.
    with pytest.raises(ValueError):
        uf(np.ones((2, 3)), np.ones((2, 4)))


@pytest.mark.parametrize(
    "make",
    [
        lambda a: a[:, ::2, ::3],
        lambda a: np.asfortranarray(a),
        lambda a: a.transpose(2, 1, 0).copy().transpose(2, 1, 0)[1:],
        lambda a: a[::-1, ::-2, ::-3],
        lambda a: a[:, ::2, :],
    ],
    # "rows-strided": the innermost core stride is the itemsize, the other one is not (the
    # loop's unit-stride version, with a runtime row stride).
    ids=["strided", "fortran", "fortran-view", "negative-steps", "rows-strided"],
)
def test_non_contiguous_and_f_ordered(make):
    mv = guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")(
        _matvec
    )
    a = make(_rand((3, 8, 12), np.float64, 16))
    assert not a.flags.c_contiguous
    x = _rand((2 * a.shape[-1],), np.float64, 17)[::-2]
    _same(mv(a, x), _reference(_matvec, "(m,n),(n)->(m)", [np.float64], a, x))


@pytest.mark.parametrize("fastmath", [False, True])
def test_unit_stride_and_strided_versions_agree(fastmath):
    # The loop has a unit-stride copy (where LLVM vectorises the kernel's element loops) and a
    # strided one; a one-operation elementwise kernel is exact in both (fastmath may contract
    # a * x + 1 into an fma, so the kernel has a single multiply).
    @guvectorize(
        ["void(float64[:], float64[:], float64[:])"], "(n),()->(n)", fastmath=fastmath
    )
    def scale(x, a, out):
        for i in range(x.shape[0]):
            out[i] = a[0] * x[i]

    base = _rand((5, 37), np.float64, 35)
    want = 2.5 * base
    _same(scale(base, 2.5), want)
    _same(scale(np.asfortranarray(base), 2.5), want)
    _same(scale(base[:, ::-1], 2.5), want[:, ::-1])
    out = np.zeros((5, 74))
    scale(base, 2.5, out=out[:, ::2])  # unit-stride input, strided output
    _same(out[:, ::2], want)


def test_out_argument_and_several_outputs():
    uf = guvectorize(
        [void(float64[:], int64, float64[:], float64[:])], "(n),()->(n),()"
    )(_shift_total)
    x = _rand((3, 5), np.float64, 19)
    o1 = np.full((3, 5), np.nan)
    o2 = np.full(3, np.nan)
    r = uf(x, 2, out=(o1, o2))
    assert r[0] is o1 and r[1] is o2
    want = _reference(_shift_total, "(n),()->(n),()", [np.float64] * 2, x, np.int64(2))
    _same(o1, want[0])
    _same(o2, want[1])
    # Outputs passed positionally, and a strided output.
    big = np.zeros((3, 10))
    uf(x, 2, big[:, ::2], o2)
    _same(big[:, ::2], want[0])
    _same(big[:, 1::2], np.zeros((3, 5)))


def test_axes_and_axis_keywords():
    uf = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")(_dot)
    a = _rand((6, 4), np.float64, 20)
    b = _rand((6, 4), np.float64, 21)
    # Core dimension along axis 0.
    want = _reference(_dot, "(n),(n)->()", [np.float64], a.T, b.T)
    _same(uf(a, b, axes=[(0,), (0,), ()]), want)
    _same(uf(a, b, axis=0), want)

    cs = guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")(_cumsum)
    m = _rand((3, 5, 4), np.float64, 22)
    _same(cs(m, axis=1), np.cumsum(m, axis=1))
    _same(cs(m, axes=[(0,), (2,)]), np.moveaxis(np.cumsum(m, axis=0), 0, 2))

    mm = guvectorize(
        ["void(float64[:,:], float64[:,:], float64[:,:])"], "(m,n),(n,p)->(m,p)"
    )(_matmul)
    p = _rand(
        (4, 2, 3), np.float64, 23
    )  # (n, k, m) with the core (m, n) at axes (2, 0)
    q = _rand((4, 5), np.float64, 24)
    got = mm(p, q, axes=[(2, 0), (0, 1), (0, 1)])
    want = np.stack([p[:, k, :].T @ q for k in range(2)], axis=-1)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_empty_outer_and_core_dimensions():
    mean = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(_row_mean)
    _same(mean(np.ones((0, 3))), np.zeros(0))
    with pytest.warns(RuntimeWarning):
        # 0.0 / 0 is nan with NumPy's error model (and its warning).
        r = mean(np.ones((2, 0)))
    assert np.isnan(r).all() and r.shape == (2,)


def test_many_outer_iterations_and_gil_released():
    mean = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(_row_mean)
    a = _rand((50_000, 7), np.float64, 25)
    np.testing.assert_allclose(mean(a), a.mean(axis=1), rtol=1e-12, atol=1e-15)


def test_kernel_exception_stops_and_raises():
    @guvectorize(["void(float64[:], float64[:])"], "(n)->()")
    def checked_sum(x, out):
        s = 0.0
        for i in range(x.shape[0]):
            if x[i] < 0:
                raise ValueError("negative entry")
            s += x[i]
        out[0] = s

    a = np.abs(_rand((6, 3), np.float64, 26))
    a[3, 1] = -1.0
    out = np.full(6, -7.0)
    with pytest.raises(ValueError, match="negative entry"):
        checked_sum(a, out=out)
    _same(out[:3], a[:3].sum(axis=1))
    _same(out[4:], np.full(2, -7.0))
    big = np.abs(_rand((100_000, 4), np.float64, 27))
    big[-1, 0] = -1.0
    with pytest.raises(ValueError, match="negative entry"):
        checked_sum(big)
    _same(checked_sum(a[:3]), a[:3].sum(axis=1))


def test_bounds_checked_kernel_raises_index_error():
    @guvectorize(["void(float64[:], float64[:])"], "(n)->()", boundscheck=True)
    def off_by_one(x, out):
        out[0] = x[x.shape[0]]

    with pytest.raises(IndexError):
        off_by_one(np.ones((2, 3)))


def test_calls_other_njit_functions_and_math():
    @oxjit.njit
    def sq(v):
        return v * v

    @guvectorize(["void(float64[:], float64[:])"], "(n)->()")
    def norm(x, out):
        s = 0.0
        for i in range(x.shape[0]):
            s += sq(x[i])
        out[0] = math.sqrt(s)

    a = _rand((5, 9), np.float64, 28)
    np.testing.assert_allclose(norm(a), np.linalg.norm(a, axis=1), rtol=1e-14)


def test_kernel_may_allocate_arrays():
    @guvectorize(["void(float64[:], float64[:])"], "(n)->(n)")
    def sorted_rows(x, out):
        tmp = np.sort(x)
        for i in range(x.shape[0]):
            out[i] = tmp[i]

    a = _rand((40, 11), np.float64, 29)
    _same(sorted_rows(a), np.sort(a, axis=1))


def test_no_matching_loop_gives_numpys_type_error():
    uf = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")(_dot)
    with pytest.raises(TypeError, match="not supported for the input types"):
        uf(np.ones(3, dtype=np.complex128), np.ones(3))


def test_matches_numbas_guvectorize():
    numba = pytest.importorskip("numba")
    cases = [
        (_dot, ["void(float64[:], float64[:], float64[:])"], "(n),(n)->()", 2),
        (_matvec, ["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)", 2),
        (
            _shift_total,
            ["void(float64[:], int64, float64[:], float64[:])"],
            "(n),()->(n),()",
            2,
        ),
        (_cumsum, ["void(int32[:], int32[:])"], "(n)->(n)", 1),
    ]
    for func, sigs, layout, nin in cases:
        ours = guvectorize(sigs, layout)(func)
        theirs = numba.guvectorize(sigs, layout)(func)
        ins, _ = _parse_layout(layout)
        args = []
        for k, core in enumerate(ins):
            if "int64" in sigs[0].split(",")[k] and not core:
                args.append(np.arange(1, 4, dtype=np.int64))
            else:
                shape = (3, 1) + (4,) * len(core) if k == 0 else (4,) * len(core)
                dt = np.int32 if "int32" in sigs[0] else np.float64
                args.append(_rand(shape, dt, 30 + k))
        got, want = ours(*args), theirs(*args)
        if isinstance(want, tuple):
            for g, w in zip(got, want):
                _same(g, w)
        else:
            _same(got, want)


# ---------------------------------------------------------------------------------------------
# target="parallel": large outer loops split over the thread pool


def _thread_ids(x, sums, ids):
    s = 0.0
    for i in range(x.shape[0]):
        s += math.sqrt(abs(x[i]))
    sums[0] = s
    ids[0] = oxjit.get_thread_id()


@pytest.fixture
def two_threads():
    before = oxjit.get_num_threads()
    oxjit.set_num_threads(2)
    yield
    oxjit.set_num_threads(before)


def test_parallel_target_matches_cpu(two_threads):
    sig = ["void(float64[:], int64, float64[:], float64[:])"]
    cpu = guvectorize(sig, "(n),()->(n),()")(_shift_total)
    par = guvectorize(sig, "(n),()->(n),()", target="parallel")(_shift_total)
    x = _rand((3001, 40), np.float64, 36)
    c = np.arange(3001)
    for a, b in zip(par(x, c), cpu(x, c)):
        _same(a, b)
    # Non-contiguous operands, broadcast outer dimensions, out=.
    xs = x[::-2, ::3]
    o1, o2 = np.empty((1501, 14)), np.empty(1501)
    par(xs, 7, out=(o1, o2))
    w1, w2 = cpu(xs, 7)
    _same(o1, w1)
    _same(o2, w2)


def test_parallel_target_uses_the_pool(two_threads):
    f = guvectorize(
        ["void(float64[:], float64[:], int64[:])"], "(n)->(),()", target="parallel"
    )(_thread_ids)
    x = _rand((20_000, 64), np.float64, 37)
    sums, ids = f(x)
    np.testing.assert_allclose(sums, np.sqrt(np.abs(x)).sum(axis=1), rtol=1e-12)
    assert set(np.unique(ids)) <= {0, 1}
    assert oxjit._native._pool_workers() >= 1
    # Small loops stay on the calling thread, and so does everything with one thread.
    _same(f(x[:8])[1], np.zeros(8, dtype=np.int64))
    oxjit.set_num_threads(1)
    _same(f(x)[1], np.zeros(20_000, dtype=np.int64))


def test_parallel_kernel_error_is_raised(two_threads):
    @guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="parallel")
    def checked(x, out):
        s = 0.0
        for i in range(x.shape[0]):
            if x[i] < 0:
                raise ValueError("negative entry")
            s += x[i]
        out[0] = s

    x = np.abs(_rand((40_000, 16), np.float64, 38))
    x[25_000, 3] = -1.0
    with pytest.raises(ValueError, match="negative entry"):
        checked(x)
    np.testing.assert_allclose(checked(x[:20_000]), x[:20_000].sum(axis=1), rtol=1e-13)


# ---------------------------------------------------------------------------------------------
# The lazy form


@guvectorize("(n),()->(n)")
def _lazy_scale(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] * c


def test_lazy_form_compiles_a_loop_per_operand_types():
    f = guvectorize("(n)->()")(_row_mean)
    a = _rand((4, 5), np.float64, 31)
    out = np.empty(4)
    r = f(a, out)
    assert r is out
    _same(out, _reference(_row_mean, "(n)->()", [np.float64], a))
    assert f.types == ["d->d"]
    i = np.arange(12, dtype=np.int32).reshape(3, 4)
    o32 = np.empty(3, dtype=np.float32)
    f(i, out=o32)
    _same(o32, _reference(_row_mean, "(n)->()", [np.float32], i))
    assert f.types == ["d->d", "i->f"]
    f(a, out)  # cached: no new loop
    assert f.ntypes == 2
    assert (f.nin, f.nout, f.signature) == (1, 1, "(n)->()")
    assert f.__name__ == "_row_mean"


def test_lazy_form_scalar_input_and_keywords():
    x = _rand((3, 4), np.float64, 32)
    out = np.empty_like(x)
    _same(_lazy_scale(x, 3, out), x * 3)
    assert _lazy_scale.types == ["dl->d"]
    _same(_lazy_scale(x, 0.5, out), x * 0.5)
    assert _lazy_scale.types == ["dl->d", "dd->d"]
    # The core of x along axis 0, the output's along axis 1: the output is the transpose.
    out_t = np.empty((4, 3))
    _lazy_scale(x, 2.0, out_t, axes=[(0,), (), (1,)])
    _same(out_t, (x * 2.0).T)


def test_lazy_form_needs_its_outputs():
    with pytest.raises(TypeError, match="called with its outputs"):
        _lazy_scale(np.ones(3), 2.0)


def test_lazy_form_several_outputs():
    f = guvectorize("(n),()->(n),()")(_shift_total)
    x = _rand((2, 3), np.float64, 33)
    o1, o2 = np.empty((2, 3)), np.empty(2)
    r = f(x, 1.5, o1, o2)
    assert r[0] is o1 and r[1] is o2
    want = _reference(_shift_total, "(n),()->(n),()", [np.float64] * 2, x, 1.5)
    _same(o1, want[0])
    _same(o2, want[1])


# ---------------------------------------------------------------------------------------------
# Errors and options


@pytest.mark.parametrize(
    ("layout", "says"),
    [
        ("(n),(n)", "expected '->'"),
        ("(n)->", "at least one output"),
        ("(n)->(m)", "'m' does not appear in any input"),
        ("(3)->()", "bad dimension name"),
        ("(n?)->()", "bad dimension name"),
        ("(n->()", "unclosed"),
        ("(n)(m)->()", "expected ','"),
    ],
)
def test_bad_layout_is_a_clear_error_at_decoration(layout, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        guvectorize(["void(float64[:], float64[:])"], layout)
    with pytest.raises(ValueError, match=re.escape(says)):
        guvectorize(layout)


def test_bad_signatures():
    with pytest.raises(TypeError, match="2 arguments but the layout"):
        guvectorize(["void(float64[:], float64[:])"], "(n),(n)->()")(_dot)
    with pytest.raises(TypeError, match="2-d array .* 1 core dimension"):
        guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(n),(n)->()")(_dot)
    with pytest.raises(TypeError, match="returns nothing"):
        guvectorize(["float64(float64[:], float64[:], float64[:])"], "(n),(n)->()")(
            _dot
        )
    with pytest.raises(TypeError, match="outputs .* must be arrays"):
        guvectorize(["void(float64[:], float64[:], float64)"], "(n),(n)->()")(_dot)
    with pytest.raises(TypeError, match="takes 2 arguments but the layout"):
        guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),(n)->()")(
            _row_mean
        )
    with pytest.raises(TypeError, match="layout string"):
        guvectorize(["void(float64[:], float64[:])"])
    with pytest.raises(TypeError, match="one or two positional"):
        guvectorize()
    with pytest.raises(oxjit.UnsupportedError, match="target"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="cuda")
    with pytest.raises(oxjit.UnsupportedError, match="writable_args"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->()", writable_args=(0,))


def test_typing_error_in_kernel_is_reported_at_decoration():
    with pytest.raises(oxjit.TypingError):

        @guvectorize(["void(float64[:], float64[:])"], "(n)->()")
        def f(x, out):
            out[0] = x + "a"


@pytest.mark.parametrize("target", ["cpu", "parallel"])
def test_options_accepted(target):
    @guvectorize(
        ["void(float64[:], float64[:])"],
        "(n)->()",
        nopython=True,
        target=target,
        cache=False,
        fastmath=True,
    )
    def mean(x, out):
        s = 0.0
        for i in range(x.shape[0]):
            s += x[i]
        out[0] = s / x.shape[0]

    a = _rand((20, 8), np.float64, 34)
    np.testing.assert_allclose(mean(a), a.mean(axis=1), rtol=1e-12, atol=1e-15)
