"""Jitted functions passed as arguments (Numba's first-class dispatcher types): one
specialisation per function passed, direct calls inside, tuples of functions; checked against
Numba when it is installed."""

import warnings

import numpy as np
import oxjit
import pytest


def sq(x):
    return x * x


def cube(x):
    return x * x * x


def apply_all(f, a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = f(a[i])
    return out


def twice(f, x):
    return f(f(x))


def both(fs, x):
    return fs[0](x) + fs[1](x)


def outer(f, g, x):
    return twice(f, x) + twice(g, x)


def _engines():
    yield "oxjit", oxjit
    try:
        import numba

        yield "numba", numba
    except ImportError:
        pass


def _run(jit):
    s, c = jit.njit(sq), jit.njit(cube)
    tw = jit.njit(twice)
    g = dict(globals(), twice=tw)
    import types as pytypes

    outer_j = jit.njit(pytypes.FunctionType(outer.__code__, g))
    a = np.arange(5.0)
    return (
        jit.njit(apply_all)(s, a),
        jit.njit(apply_all)(c, a),
        tw(s, 3),
        tw(c, 2.0),
        jit.njit(both)((s, c), 2),
        outer_j(s, c, 2),
    )


def test_function_arguments_match_numba():
    results = {}
    for name, jit in _engines():
        with warnings.catch_warnings():
            # Numba calls the feature experimental (NumbaExperimentalFeatureWarning).
            warnings.simplefilter("ignore")
            results[name] = _run(jit)
    ox = results["oxjit"]
    np.testing.assert_array_equal(ox[0], np.arange(5.0) ** 2)
    np.testing.assert_array_equal(ox[1], np.arange(5.0) ** 3)
    assert ox[2:] == (81, 512.0, 12, 16 + 512)
    if "numba" in results:
        nb = results["numba"]
        for x, y in zip(ox, nb):
            np.testing.assert_array_equal(x, y)
            assert type(x) is type(y)


def test_one_specialisation_per_function_passed():
    s, c = oxjit.njit(sq), oxjit.njit(cube)
    f = oxjit.njit(twice)
    f(s, 2)
    f(s, 3)
    f(c, 2)
    assert len(f.signatures) == 2
    assert "type(CPUDispatcher(<function sq" in str(f.signatures[0][0])


def test_a_plain_function_argument_is_refused_clearly():
    f = oxjit.njit(twice)
    with pytest.raises(TypeError, match="cannot pass an argument of type `function`"):
        f(sq, 2)
