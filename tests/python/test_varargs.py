"""`def f(*args)` called from Python: the extra positional arguments arrive as one tuple,
keywords and defaults bind as Python binds them, and each tuple type is a specialisation."""

import pytest

import oxjit


@oxjit.njit
def first_rest(a, b=10, *rest):
    return a + b, rest


def test_extra_positionals_become_a_tuple():
    assert first_rest(1) == (11, ())
    assert first_rest(1, 2) == (3, ())
    assert first_rest(1, 2, 3, 4.5) == (3, (3, 4.5))
    assert first_rest(a=1, b=5) == (6, ())


def test_binding_errors_are_pythons():
    with pytest.raises(TypeError, match="multiple values for argument 'a'"):
        first_rest(1, 2, a=3)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        first_rest()


def test_each_tuple_type_is_a_specialisation():
    @oxjit.njit
    def count(*xs):
        return len(xs)

    assert [count(), count(1), count(1, 2.0), count(1, 2.0, (3, 4))] == [0, 1, 2, 3]
    assert len(count.signatures) == 4
