"""inspect_types / inspect_llvm / inspect_asm and the signature lists."""

import io

import numpy as np
import pytest
from oxjit import float64, int32, int64, njit


@njit
def _add(a, b):
    return a + b


def _compiled():
    _add(1, 2)
    _add(1.0, 2.0)
    return _add


def test_inspect_types_prints_each_specialisation():
    f = _compiled()
    buf = io.StringIO()
    f.inspect_types(file=buf)
    out = buf.getvalue()
    assert "_add (int64, int64)\n" + "-" * 80 in out
    assert "_add (float64, float64)\n" in out
    assert out.count("=" * 80) == 2
    assert "return" in out


def test_inspect_types_one_signature(capsys):
    f = _compiled()
    f.inspect_types(signature=(int64, int64))
    out = capsys.readouterr().out
    assert "_add (int64, int64)" in out and "float64, float64" not in out


def test_inspect_llvm():
    f = _compiled()
    irs = f.inspect_llvm()
    assert set(irs) == {(int64, int64), (float64, float64)}
    assert all("define" in text for text in irs.values())
    one = f.inspect_llvm(f.signatures[0])
    assert isinstance(one, str) and one == irs[(int64, int64)]
    assert f.inspect_llvm("(float64, float64)") == irs[(float64, float64)]
    assert f.inspect_llvm(float64(float64, float64)) == irs[(float64, float64)]


def test_inspect_asm():
    f = _compiled()
    asm = f.inspect_asm(f.signatures[1])
    assert isinstance(asm, str) and "ret" in asm
    assert set(f.inspect_asm()) == {(int64, int64), (float64, float64)}


def test_inspect_unknown_signature():
    f = _compiled()
    with pytest.raises(ValueError, match="no compiled specialisation"):
        f.inspect_llvm((float64, int64))


def test_signature_lists():
    @njit
    def first(a):
        return a[0]

    first(np.zeros(3))
    first(np.zeros(3, dtype=np.int32))
    assert first.signatures == [(float64[::1],), (int32[::1],)]
    assert [str(s) for s in first.nopython_signatures] == [
        "(Array(float64, 1, 'C', False, aligned=True),) -> float64",
        "(Array(int32, 1, 'C', False, aligned=True),) -> int32",
    ]
