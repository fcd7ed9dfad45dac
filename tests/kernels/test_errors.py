"""Error fixtures: programs oxjit must refuse, each with the diagnostic it must give.

Each ``errors/*.py`` file has a ``# call: f(args)`` directive and one ``# error: E0xxx``
comment at the end of the line the diagnostic must point at. The test defines the file's
functions, compiles them with ``oxjit.njit`` (``# nojit`` functions stay plain Python,
``# factory`` functions return compiled closures), makes the call, and expects
``oxjit.TypingError`` (``oxjit.UnsupportedError`` is a subclass) with that ``code``, that
``lineno``, ``filename`` = the fixture's path, and ``str(exc)`` equal to the snapshot
``<name>.expected`` beside the fixture, where ``{FILE}`` stands for the fixture's absolute
path. ``OXJIT_BLESS=1`` writes the snapshots instead of comparing them (then read the diff).

The structural checks (fixtures well formed, no snapshot without a fixture) run under any
``OXJIT_TEST_JIT``; the compile tests need oxjit and skip under ``OXJIT_TEST_JIT=numba``
(Numba raises its own errors, with its own messages).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from harness import fixtures, jits

ERRORS_DIR = Path(__file__).resolve().parent / "errors"
FIXTURES = sorted(ERRORS_DIR.glob("*.py"))
MIN_FIXTURES = 28

#: The codes oxjit's frontend produces, and what each means.
CODES = {
    "E0001": "syntax error",
    "E0101": "unsupported statement or expression kind",
    "E0102": "unsupported function signature feature",
    "E0201": "undefined name",
    "E0202": "global of an unsupported type",
    "E0203": "unknown attribute of a module",
    "E0301": "invalid operand types for a binary operator",
    "E0302": "invalid operand type for a unary operator",
    "E0303": "invalid comparison",
    "E0304": "a variable assigned incompatible types",
    "E0305": "a type that cannot be inferred",
    "E0306": "wrong arguments to a known function",
    "E0307": "calling something not callable or not supported",
    "E0308": "invalid index",
    "E0309": "unknown attribute of a value",
    "E0310": "inconsistent return types",
    "E0311": "assignment into a read-only array or a tuple",
    "E0312": "tuple unpacking count mismatch",
    "E0313": "iterating over a non-iterable",
    "E0314": "unsupported list item type",
    "E0320": "a prange loop whose iterations are not independent (parallel=True)",
}

_ids = [p.name for p in FIXTURES]


def expected_path(fixture: Path) -> Path:
    return fixture.with_suffix(".expected")


def _single(fx: fixtures.Fixture) -> tuple[int, str, fixtures.CallSpec]:
    assert len(fx.errors) == 1, (
        f"{fx.path.name}: needs exactly one `# error: E0xxx` line, has {len(fx.errors)}"
    )
    assert len(fx.calls) == 1, (
        f"{fx.path.name}: needs exactly one `# call:` line, has {len(fx.calls)}"
    )
    (lineno, code), (_, call) = fx.errors[0], fx.calls[0]
    return lineno, code, call


# --- structure (any jit) -------------------------------------------------------------


def test_enough_fixtures_and_every_code_covered() -> None:
    assert len(FIXTURES) >= MIN_FIXTURES, (
        f"only {len(FIXTURES)} error fixtures, want {MIN_FIXTURES}+"
    )
    covered = {_single(fixtures.parse_fixture(p))[1] for p in FIXTURES}
    missing = sorted(set(CODES) - covered)
    assert not missing, f"no error fixture for {missing}"


@pytest.mark.parametrize("path", FIXTURES, ids=_ids)
def test_fixture_well_formed(path: Path) -> None:
    fx = fixtures.parse_fixture(path)
    lineno, code, call = _single(fx)
    assert code in CODES, f"{path.name}: unknown code {code}; known: {sorted(CODES)}"
    assert path.name.startswith(code.lower() + "_"), (
        f"{path.name}: name it {code.lower()}_<what>.py"
    )
    assert call.kernel_name in fx.functions, (
        f"{path.name}: `# call:` calls {call.kernel_name!r}, not defined here"
    )
    line = fx.source.splitlines()[lineno - 1]
    assert line.split("#")[0].strip(), (
        f"{path.name}:{lineno}: `# error:` must end a line of code"
    )
    if code == "E0001":
        # The file on disk must really not parse, while the pre-edit text does.
        assert fx.before_edit is not None, (
            f"{path.name}: E0001 fixtures need `# before-edit:`"
        )
        with pytest.raises(SyntaxError):
            compile(fx.source, str(path), "exec")
    else:
        assert fx.before_edit is None, (
            f"{path.name}: `# before-edit:` is only for E0001"
        )
    # The fixture defines its functions under CPython (only calling them may fail).
    ns = fixtures.build_namespace(fx, None, "errors_python")
    assert callable(ns[call.kernel_name])


def test_no_unused_snapshots() -> None:
    unused = sorted(
        p.name
        for p in ERRORS_DIR.glob("*.expected")
        if not p.with_suffix(".py").exists()
    )
    assert not unused, f"snapshots without a fixture (delete them): {unused}"


# --- diagnostics (oxjit only) --------------------------------------------------------

needs_oxjit = pytest.mark.skipif(
    jits.SUBJECT != "oxjit",
    reason="error fixtures test oxjit's own diagnostics (codes, lines, rendered messages); "
    "under OXJIT_TEST_JIT=numba they are skipped, since Numba raises its own errors",
)


@needs_oxjit
@pytest.mark.parametrize("path", FIXTURES, ids=_ids)
def test_error(path: Path) -> None:
    import oxjit

    fx = fixtures.parse_fixture(path)
    lineno, code, call = _single(fx)

    with pytest.raises(oxjit.TypingError) as info:
        ns = fixtures.build_namespace(fx, oxjit.njit, "errors_oxjit")
        env = dict(ns)
        env.update(fixtures.DIRECTIVE_NAMES)
        result = eval(call.text, env)
        pytest.fail(
            f"{path.name}: {call.text} compiled and returned {result!r}; expected {code} at line {lineno}"
        )
    exc = info.value
    text = str(exc).replace(str(fx.path), "{FILE}")

    problems = []
    if getattr(exc, "code", None) != code:
        problems.append(
            f"code: expected {code} ({CODES[code]}), got {getattr(exc, 'code', None)!r}"
        )
    if getattr(exc, "lineno", None) != lineno:
        problems.append(
            f"lineno: expected {lineno} (the `# error:` line), got {getattr(exc, 'lineno', None)!r}"
        )
    if getattr(exc, "filename", None) != str(fx.path):
        problems.append(
            f"filename: expected {str(fx.path)!r}, got {getattr(exc, 'filename', None)!r}"
        )

    snap = expected_path(path)
    if jits.BLESS:
        if not snap.exists() or snap.read_text(encoding="utf-8") != text + "\n":
            snap.write_text(text + "\n", encoding="utf-8")
    elif not snap.exists():
        problems.append(
            f"no snapshot {snap.name}: run with OXJIT_BLESS=1 to write it, then read it"
        )
    else:
        want = snap.read_text(encoding="utf-8").rstrip("\n")
        if want != text:
            diff = "\n".join(
                difflib.unified_diff(
                    want.splitlines(),
                    text.splitlines(),
                    f"{snap.name} (expected)",
                    "str(exc)",
                    lineterm="",
                )
            )
            problems.append(
                f"message differs from {snap.name} (OXJIT_BLESS=1 to accept):\n{diff}"
            )

    if problems:
        pytest.fail(
            f"{path.name}: {call.text}\n  "
            + "\n  ".join(problems)
            + "\n--- str(exc) ---\n"
            + text,
            pytrace=False,
        )
