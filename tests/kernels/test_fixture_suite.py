"""Checks of the kernel-fixture suite itself and of the harness that runs it.

- the suite's size and coverage (at least 160 kernels; every kernel is exercised);
- recorded Numba outcomes (``run/*.numba.json``) have no entry without a live directive;
- the comparator, the clone of generated inputs, directive parsing and the oracle logic
  behave as documented, including failing when they should (a harness that cannot fail
  proves nothing).
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
from harness import compare, fixtures, jits, runner, snapshot

RUN_DIR = Path(__file__).resolve().parent / "run"
RUN_FILES = sorted(RUN_DIR.glob("*.py"))
MIN_KERNELS = 160
TOPICS = {
    "arith_int", "arith_float", "floordiv_mod", "powers", "bitwise", "compare_bool", "control_flow",
    "loops_range", "while_break", "tuples", "builtins", "math_funcs", "calls_and_recursion",
    "closures_globals", "arrays_read", "arrays_write", "arrays_dtypes", "arrays_layouts",
    "complex", "exceptions", "augmented", "unify",
}  # fmt: skip


# --- the suite -----------------------------------------------------------------------


def test_suite_size_and_topics() -> None:
    parsed = [fixtures.parse_fixture(p) for p in RUN_FILES]
    kernels = sum(len(fx.functions) for fx in parsed)
    assert kernels >= MIN_KERNELS, f"{kernels} kernels, want {MIN_KERNELS}+"
    missing = TOPICS - {p.stem for p in RUN_FILES}
    assert not missing, f"topic files missing: {sorted(missing)}"
    runs = sum(1 for fx in parsed for d in fx.directives if d.kind == "run")
    hyps = sum(1 for fx in parsed for d in fx.directives if d.kind == "hypothesis")
    assert runs >= 3 * MIN_KERNELS and hyps >= 50, (runs, hyps)


@pytest.mark.parametrize("path", RUN_FILES, ids=[p.name for p in RUN_FILES])
def test_every_kernel_is_exercised(path: Path) -> None:
    """Each function is called by a directive, or by another kernel of the file."""
    fx = fixtures.parse_fixture(path)
    ns = fixtures.build_namespace(fx, None, "suite_check")
    called = {d.call.kernel_name for d in fx.directives}
    used_by_others = set()
    for name in fx.functions:
        used_by_others |= fixtures.names_used(ns[name]) - {name}
    idle = [f for f in fx.functions if f not in called and f not in used_by_others]
    assert not idle, f"{path.name}: functions no directive or kernel calls: {idle}"
    for d in fx.directives:
        assert d.call.kernel_name in fx.functions, (
            f"{path.name}:{d.lineno}: {d.call.text} calls no kernel of this file"
        )
    assert not fx.nojit, f"{path.name}: `# nojit` is for error fixtures only"


def test_no_unused_numba_snapshots() -> None:
    problems = []
    for snap in sorted(RUN_DIR.glob("*.numba.json")):
        fixture = snap.with_name(snap.name.removesuffix(".numba.json") + ".py")
        if not fixture.exists():
            problems.append(f"{snap.name}: no fixture {fixture.name}")
            continue
        live = {
            d.call.text
            for d in fixtures.parse_fixture(fixture).directives
            if d.kind == "run"
        }
        stale = sorted(set(snapshot.load(fixture)) - live)
        if stale:
            problems.append(
                f"{snap.name}: entries for calls no longer in the fixture: {stale[:5]}"
            )
    assert not problems, (
        "re-record with OXJIT_BLESS=1 (Numba installed):\n" + "\n".join(problems)
    )


# --- the comparator --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, 1),
        (True, True),
        (math.nan, float("nan")),
        (-math.nan, math.nan),
        (0.5, 0.5),
        (complex(math.nan, 1.0), complex(math.nan, 1.0)),
        ((1, (2.0, False)), (1, (2.0, False))),
        (np.array([1.0, math.nan, -0.0]), np.array([1.0, math.nan, -0.0])),
        (np.zeros((0, 3), dtype=np.int8), np.zeros((0, 3), dtype=np.int8)),
        (np.array([1 + 2j]), np.array([1 + 2j])),
        (None, None),
    ],
)
def test_equal_values(a: object, b: object) -> None:
    assert compare.difference(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (1, True, "type"),
        (1, 1.0, "type"),
        (1.0, np.float64(1.0), "type"),
        (0.0, -0.0, "0x"),
        (math.nan, 0.0, "nan"),
        (1.0, math.nextafter(1.0, 2.0), "0x1.0000000000001p+0"),
        (complex(0.0, 0.0), complex(0.0, -0.0), "part by part"),
        ((1, 2), (1, 2, 3), "tuple of 2"),
        ((1, 2.0), (1, 2), "result[1]: type"),
        (np.array([1.0, 2.0]), np.array([1, 2]), "dtype"),
        (np.zeros(3), np.zeros((3, 1)), "shape"),
        (np.array([0.0, 1.0]), np.array([-0.0, 1.0]), "result[0]"),
        (np.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 5]]), "result[1, 1]"),
        (np.array([1 + 2j]), np.array([1 - 2j]), ".imag"),
        (np.array([math.nan]), np.array([math.inf]), "result[0]"),
    ],
)
def test_unequal_values(a: object, b: object, why: str) -> None:
    d = compare.difference(a, b)
    assert d is not None and why in d, d


def test_numba_boxing_model() -> None:
    assert type(compare.numba_boxed(np.float32(0.5))) is float
    assert type(compare.numba_boxed(np.int8(-3))) is int
    assert type(compare.numba_boxed(np.bool_(True))) is bool
    assert compare.numba_boxed((np.uint64(2), np.complex128(1j))) == (2, 1j)


def test_snapshot_roundtrip() -> None:
    values = [
        None, True, -(2**63), 2**64 - 1, -0.0, math.inf, 5e-324, complex(-0.0, math.nan),
        (1, (2.5, False)), np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.array([1 + 2j]),
        np.zeros((0, 2), dtype=np.uint16), np.array([True, False]),
    ]  # fmt: skip
    for v in values:
        back = snapshot.decode(snapshot.encode(v))
        assert compare.difference(v, back) is None, (v, back)
    nan = snapshot.decode(snapshot.encode(math.nan))
    assert math.isnan(nan)


def test_clone_keeps_layout() -> None:
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    c = runner.clone(f)
    assert c.flags.f_contiguous and not c.flags.c_contiguous and c is not f
    assert compare.difference(f, c) is None
    with pytest.raises(fixtures.FixtureError):
        runner.clone(np.arange(10.0)[::2])


# --- directives and the oracle ---------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sample.py"
    p.write_text(textwrap.dedent(text).lstrip())
    return p


def test_directive_parsing(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        """
        def double(x):
            # "# run: ignored(1)" inside a string is not a directive
            s = "# run: nope(1)"
            return x * 2
        # run: double(3)
        # run: double(x=np.arange(3))
        # hypothesis: double(ints)

        def make(k):
            def inner(x):
                return x + k
            return inner
        # factory
        # run: make(2)(5)
        """,
    )
    fx = fixtures.parse_fixture(p)
    assert [d.name for d in fx.directives] == [
        "double[0]",
        "double[1]",
        "double[h0]",
        "make[0]",
    ]
    assert fx.directives[1].call.kwargs == (("x", "np.arange(3)"),)
    assert (
        fx.directives[3].call.callee == "make(2)"
        and fx.directives[3].call.kernel_name == "make"
    )
    assert fx.factories == {"make"}
    ns = fixtures.build_namespace(fx, lambda f: f, "parse_check")
    assert ns["make"](2)(5) == 7


@pytest.mark.parametrize(
    "text",
    [
        "# run: orphan(1)\ndef f(x):\n    return x\n",
        "def f(x):\n    return x\n# run: f(1\n",
        "def f(x):\n    return x\n# run: 1 + 2\n",
        "def f(x):\n    return x\n# run: f(*t)\n",
        "def f(x):\n    return x\ndef f(y):\n    return y\n",
    ],
)
def test_malformed_fixtures_are_rejected(tmp_path: Path, text: str) -> None:
    with pytest.raises(fixtures.FixtureError):
        fixtures.parse_fixture(_write(tmp_path, text))


def _run_with_subject(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    subject_jit: object,
    use_snapshot: bool = False,
) -> None:
    """Runs the first `# run:` of `source` with a fake subject jit (Numba, if present, is
    the oracle as usual)."""
    fx = fixtures.parse_fixture(_write(tmp_path, source))
    session = runner.Session()
    monkeypatch.setattr(runner, "SESSION", session)
    session.namespaces[(fx.path, "subject")] = fixtures.build_namespace(
        fx, subject_jit, "fake_subject"
    )
    monkeypatch.setattr(jits, "SUBJECT", "fake")
    d = fx.directives[0]
    runner.check(
        fx, d, lambda: runner._eval_args(fx, d.call, "here"), use_snapshot=use_snapshot
    )


ADD_SOURCE = """
def add(a, b):
    return a + b
# run: add(1, 2)
"""


def test_stale_numba_record_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not jits.numba_available():
        pytest.skip("needs Numba to notice the record is stale")
    snapshot.write(tmp_path / "sample.py", {"add(1, 2)": {"value": {"int": 4}}})
    with pytest.raises(fixtures.FixtureError, match="stale"):
        _run_with_subject(tmp_path, monkeypatch, ADD_SOURCE, lambda f: f, True)


def test_recorded_oracle_without_numba(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without Numba the recorded outcome is the spec (here deliberately not 3).
    monkeypatch.setattr(jits, "numba_available", lambda: False)
    snapshot.write(tmp_path / "sample.py", {"add(1, 2)": {"value": {"int": 4}}})
    with pytest.raises(runner.KernelMismatch, match=r"expected \(Numba \(recorded\)\)"):
        _run_with_subject(tmp_path, monkeypatch, ADD_SOURCE, lambda f: f, True)
    snapshot.write(tmp_path / "sample.py", {"add(1, 2)": {"value": {"int": 3}}})
    _run_with_subject(tmp_path, monkeypatch, ADD_SOURCE, lambda f: f, True)


WRAP_SOURCE = """
def add(a, b):
    return a + b
# run: add(2**63 - 1, 1)
"""


def test_check_fails_on_wrong_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A "jit" that returns plain Python (no int64 wrap-around) must be caught, with
    # the call, expected and actual values in the message.
    if not jits.numba_available():
        pytest.skip("the int64 wrap-around spec comes from Numba")
    with pytest.raises(runner.KernelMismatch) as info:
        _run_with_subject(tmp_path, monkeypatch, WRAP_SOURCE, lambda f: f)
    msg = str(info.value)
    assert (
        "add(2**63 - 1, 1)" in msg
        and "-9223372036854775808 (int)" in msg
        and "9223372036854775808 (int)" in msg
    )


def test_check_fails_on_missing_mutation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
    def fill(a):
        a[0] = 7.0
    # run: fill(np.zeros(2))
    """

    def lazy_jit(f):  # runs the kernel on a copy: the caller never sees the store
        return lambda a: f(a.copy())

    with pytest.raises(runner.KernelMismatch, match="argument 0 after the call"):
        _run_with_subject(tmp_path, monkeypatch, source, lazy_jit)


def test_check_fails_on_wrong_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
    def div(a, b):
        return a // b
    # run: div(1, 0)
    """

    def swallowing_jit(f):
        def call(*args):
            try:
                return f(*args)
            except ZeroDivisionError:
                raise ValueError("wrong class") from None

        return call

    with pytest.raises(
        runner.KernelMismatch, match="ZeroDivisionError expected, got ValueError"
    ):
        _run_with_subject(tmp_path, monkeypatch, source, swallowing_jit)


def test_check_passes_for_a_correct_subject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
    def scale(a, k):
        for i in range(len(a)):
            a[i] *= k
        return a[0] * 0.5
    # run: scale(np.arange(4.0)[::2], -1.0)
    """

    def boxing_python(
        f,
    ):  # plain Python whose NumPy scalars are boxed as Numba boxes them
        return lambda *args: compare.numba_boxed(f(*args))

    _run_with_subject(tmp_path, monkeypatch, source, jits.numba_jit() or boxing_python)


def test_numba_compile_failure_is_a_fixture_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not jits.numba_available():
        pytest.skip("needs Numba")
    source = """
    def bad(x):
        return x.no_such_attribute
    # run: bad(1)
    """
    with pytest.raises(fixtures.FixtureError, match="Numba cannot compile"):
        _run_with_subject(tmp_path, monkeypatch, source, lambda f: f)


def test_watchdog_names_a_hung_call() -> None:
    # A call that never returns ends the process with a traceback naming the call.
    import subprocess
    import sys

    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from harness import jits
        jits.CALL_TIMEOUT = 0.5
        jits.guarded("demo.py:7 spin(1) under oxjit", lambda: time.sleep(30))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode != 0
    assert "<kernel call: demo.py:7 spin(1) under oxjit>" in proc.stderr, proc.stderr
