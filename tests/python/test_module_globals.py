"""Attributes of any Python module used from compiled code (`import pkg.util as U;
U.helper(x)`): read when the function is compiled, as for globals (Numba does the same)."""

import math
import types

import numpy as np
import pytest

import oxjit


def _scale(x):
    return 2.0 * x


def _plain(x):
    return x


util = types.ModuleType("util")
util.scale = oxjit.njit(_scale)
util.K = 3
util.TABLE = np.array([1.0, 10.0, 100.0])
util.inner = types.ModuleType("util.inner")
util.inner.OFFSET = 0.5
util.inner.m = math
util.plain = _plain


@oxjit.njit
def uses_module(x, i):
    return util.scale(x) + util.K + util.TABLE[i] + util.inner.OFFSET + util.inner.m.sqrt(4.0)


def test_module_attributes_are_read_at_compile_time():
    assert uses_module(1.5, 2) == uses_module.py_func(1.5, 2) == 3.0 + 3 + 100.0 + 0.5 + 2.0


@oxjit.njit
def missing_attr(x):
    return util.nope + x


def test_a_missing_attribute_names_the_module():
    with pytest.raises(oxjit.TypingError, match="module `util` has no attribute `nope`"):
        missing_attr(1)


@oxjit.njit
def calls_plain(x):
    return util.plain(x)


def test_a_plain_function_in_a_module_is_refused_clearly():
    with pytest.raises(oxjit.TypingError, match="util.plain"):
        calls_plain(1)
