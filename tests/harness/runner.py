"""Running one kernel call under CPython, Numba and the jit under test, and judging it.

The oracle: Numba's outcome when Numba is installed (whether or not CPython agrees: Numba's
behaviour is the spec, e.g. int64 wrap-around), else the outcome Numba recorded in the
fixture's snapshot (``# run:`` items), else CPython's with NumPy scalars boxed as Numba boxes
them. The subject must then match the oracle exactly (``harness.compare``): same value and
type, same arrays after the call for every array argument, or the same exception class.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import compare, jits, snapshot
from .fixtures import (
    DIRECTIVE_NAMES,
    CallSpec,
    Directive,
    Fixture,
    FixtureError,
    build_namespace,
)


class KernelMismatch(AssertionError):
    """The jit under test disagrees with the oracle (message says how)."""


@dataclass
class Outcome:
    value: Any = None
    exc: BaseException | None = None
    args_after: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return (
            compare.describe(self.exc)
            if self.exc is not None
            else compare.describe(self.value)
        )


def outcome_difference(
    expected: Outcome, actual: Outcome, boxed: bool = False
) -> str | None:
    """``None`` if the outcomes match, else the first difference."""
    if expected.exc is not None or actual.exc is not None:
        if expected.exc is None:
            return f"{compare.describe(actual.exc)}, but {compare.describe(expected.value)} expected"
        if actual.exc is None:
            return f"{type(expected.exc).__name__} expected, got {compare.describe(actual.value)}"
        if type(expected.exc) is not type(actual.exc):
            return f"{type(expected.exc).__name__} expected, got {compare.describe(actual.exc).removeprefix('raised ')}"
        return _args_difference(expected, actual)
    value = compare.numba_boxed(actual.value) if boxed else actual.value
    d = compare.difference(expected.value, value)
    if d is not None:
        return d
    return _args_difference(expected, actual)


def _args_difference(expected: Outcome, actual: Outcome) -> str | None:
    """Array arguments after the call (mutations done before an exception count too)."""
    for label, arr in expected.args_after.items():
        d = compare.difference(
            arr, actual.args_after.get(label), f"argument {label} after the call"
        )
        if d is not None:
            return d
    return None


#: Exceptions a kernel may be expected to raise. Anything else from Numba (RuntimeError
#: "aborted due to unresolved symbol", TypeError from dispatch ...) means the fixture or
#: the harness is broken, not that the subject must raise it too.
KERNEL_EXCEPTIONS = (
    ZeroDivisionError,
    ValueError,
    IndexError,
    OverflowError,
    AssertionError,
    KeyError,
)


# ---------------------------------------------------------------------------------------
# Per-session state: namespaces (so each function compiles once per type signature),
# CPython/Numba disagreements (reported at the end) and Numba outcomes to record.


@dataclass
class Disagreement:
    item: str
    call: str
    kind: str  # "type" (NumPy scalar vs Python scalar), "value", "exception"
    cpython: str
    numba: str


class Session:
    def __init__(self) -> None:
        self.namespaces: dict[tuple[Path, str], dict[str, Any]] = {}
        self.envs: dict[tuple[Path, str], dict[str, Any]] = {}
        self.disagreements: dict[str, Disagreement] = {}
        self.recorded: dict[Path, dict[str, Any]] = {}
        self.snapshots: dict[Path, dict[str, Any]] = {}
        self.unrecorded: set[str] = set()
        self.calls = 0

    def namespace(self, fx: Fixture, which: str) -> dict[str, Any]:
        """``which``: "python", "numba" or "subject" (the same dict as "numba" when Numba is
        the subject)."""
        if which == "subject" and jits.SUBJECT == "numba":
            which = "numba"
        key = (fx.path, which)
        if key not in self.namespaces:
            if which == "python":
                jit = None
            elif which == "numba":
                jit = jits.numba_jit()
            else:
                jit = jits.subject_jit()
            self.namespaces[key] = build_namespace(fx, jit, which)
        return self.namespaces[key]

    def env(self, fx: Fixture, which: str) -> dict[str, Any]:
        key = (fx.path, which)
        if key not in self.envs:
            env = dict(self.namespace(fx, which))
            env.update(DIRECTIVE_NAMES)
            self.envs[key] = env
        return self.envs[key]

    def snapshot(self, fx: Fixture) -> dict[str, Any]:
        if fx.path not in self.snapshots:
            self.snapshots[fx.path] = snapshot.load(fx.path)
        return self.snapshots[fx.path]


SESSION = Session()


# ---------------------------------------------------------------------------------------


def _array_args(args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
    # Lists too: compiled code writes a list argument's final contents back (reflection).
    out = {str(i): a for i, a in enumerate(args) if isinstance(a, (np.ndarray, list))}
    out.update({k: v for k, v in kwargs.items() if isinstance(v, (np.ndarray, list))})
    return out


def clone(v: Any) -> Any:
    """An independent copy of a generated argument with the same dtype, shape and layout."""
    if isinstance(v, np.ndarray):
        c = v.copy(order="K")
        if (c.flags.c_contiguous, c.flags.f_contiguous) != (
            v.flags.c_contiguous,
            v.flags.f_contiguous,
        ):
            raise FixtureError(
                "cannot clone a non-contiguous generated array; build it in a `# run:` expression"
            )
        return c
    if isinstance(v, tuple):
        return tuple(clone(x) for x in v)
    if isinstance(v, list):
        return [clone(x) for x in v]
    return v


def call(
    env: dict[str, Any],
    spec: CallSpec,
    args: tuple,
    kwargs: dict[str, Any],
    context: Callable,
    label: str,
) -> Outcome:
    def thunk() -> Any:
        fn = eval(spec.callee, env)
        return fn(*args, **kwargs)

    with context():
        try:
            value = jits.guarded(label, thunk)
        except FixtureError:
            raise
        except Exception as e:  # noqa: BLE001 - exceptions are outcomes here
            return Outcome(exc=e, args_after=_array_args(args, kwargs))
    return Outcome(value=value, args_after=_array_args(args, kwargs))


def _eval_args(fx: Fixture, spec: CallSpec, where: str) -> tuple[tuple, dict[str, Any]]:
    env = SESSION.env(fx, "python")
    try:
        args = tuple(eval(a, env) for a in spec.args)
        kwargs = {k: eval(v, env) for k, v in spec.kwargs}
    except Exception as e:
        raise FixtureError(
            f"{where}: cannot evaluate the arguments of {spec.text}: {type(e).__name__}: {e}"
        ) from e
    return args, kwargs


def _classify(py: Outcome, nb: Outcome) -> str | None:
    if outcome_difference(nb, py) is None:
        return None
    if py.exc is not None or nb.exc is not None:
        return "exception"
    if outcome_difference(nb, py, boxed=True) is None:
        return "type"
    return "value"


def check(
    fx: Fixture,
    directive: Directive,
    make_args: Callable[[], tuple[tuple, dict[str, Any]]],
    use_snapshot: bool,
) -> None:
    """Runs one call everywhere and raises ``KernelMismatch`` if the subject is wrong."""
    spec = directive.call
    where = f"{fx.path.name}:{directive.lineno}"
    item = f"{fx.path.name}::{directive.name}"
    SESSION.calls += 1

    args, kwargs = make_args()
    label = f"{where} {spec.text}"
    py = call(
        SESSION.env(fx, "python"),
        spec,
        args,
        kwargs,
        jits.quiet_oracle,
        f"{label} under CPython",
    )

    nb: Outcome | None = None
    if jits.numba_available():
        args, kwargs = make_args()
        nb = call(
            SESSION.env(fx, "numba"),
            spec,
            args,
            kwargs,
            jits.quiet_oracle,
            f"{label} under Numba",
        )
        if nb.exc is not None and jits.is_numba_compile_error(nb.exc):
            first = str(nb.exc).strip().splitlines()
            raise FixtureError(
                f"{where}: Numba cannot compile this fixture, so it has no spec: {spec.text}\n"
                f"  {type(nb.exc).__name__}: {first[0] if first else ''}\n"
                + "\n".join("    " + line for line in first[1:12])
            )
        if nb.exc is not None and not isinstance(nb.exc, KERNEL_EXCEPTIONS):
            raise FixtureError(
                f"{where}: Numba raised {type(nb.exc).__name__}({nb.exc}) on {spec.text}; only "
                f"{', '.join(e.__name__ for e in KERNEL_EXCEPTIONS)} can be a fixture's expected outcome"
            )
        kind = _classify(py, nb)
        if kind is not None and item not in SESSION.disagreements:
            SESSION.disagreements[item] = Disagreement(
                item, spec.text, kind, py.describe(), nb.describe()
            )

    # The oracle.
    recorded = SESSION.snapshot(fx).get(spec.text) if use_snapshot else None
    if nb is not None:
        expected, source = nb, "Numba"
        if use_snapshot:
            entry = _encode_outcome(nb)
            SESSION.recorded.setdefault(fx.path, {})[spec.text] = entry
            if recorded is None:
                SESSION.unrecorded.add(item)
            elif recorded != entry and not jits.BLESS:
                raise FixtureError(
                    f"{where}: {spec.text}\n  the recorded Numba outcome ({fx.path.stem}.numba.json) is stale:\n"
                    f"  recorded: {_describe_entry(recorded)}\n  Numba now: {nb.describe()}\n"
                    "  re-record with OXJIT_BLESS=1 and read the diff"
                )
    elif recorded is not None:
        expected, source = _decode_outcome(recorded), "Numba (recorded)"
    else:
        if use_snapshot:
            import pytest

            pytest.skip(
                f"Numba is not installed and {spec.text} has no recorded Numba outcome (OXJIT_BLESS=1 records it)"
            )
        expected, source = (
            Outcome(compare.numba_boxed(py.value), py.exc, py.args_after),
            "CPython",
        )

    args, kwargs = make_args()
    subject = call(
        SESSION.env(fx, "subject"),
        spec,
        args,
        kwargs,
        jits.subject_context,
        f"{label} under {jits.SUBJECT}",
    )
    d = outcome_difference(expected, subject)
    if d is None:
        return
    agree = ""
    if nb is not None:
        agree = (
            "; CPython agrees"
            if _classify(py, nb) is None
            else f"; CPython gives {py.describe()}"
        )
    msg = [
        f"{where}: {spec.text}",
        f"  expected ({source}{agree}): {expected.describe()}",
        f"  actual ({jits.SUBJECT}): {subject.describe()}",
        f"  difference: {d}",
    ]
    for label, arr in expected.args_after.items():
        got = subject.args_after.get(label)
        if compare.difference(arr, got) is not None:
            msg.append(
                f"  argument {label} after the call: expected {compare.describe(arr)}"
            )
            msg.append(
                f"  {' ' * len(f'argument {label} after the call')}  actual   {compare.describe(got)}"
            )
    if subject.exc is not None and type(subject.exc) is not type(expected.exc):
        import traceback

        harness_dir = str(Path(__file__).parent)
        frames = [
            f
            for f in traceback.extract_tb(subject.exc.__traceback__)
            if not f.filename.startswith(harness_dir)
            and not f.filename.startswith("<kernel call:")
        ]
        tb = "".join(
            traceback.format_list(frames) + traceback.format_exception_only(subject.exc)
        ).rstrip()
        msg.append(
            "  the subject's exception:\n"
            + "\n".join("    " + ln for ln in tb.splitlines())
        )
    raise KernelMismatch("\n".join(msg))


def _encode_outcome(o: Outcome) -> dict[str, Any]:
    entry: dict[str, Any]
    if o.exc is not None:
        entry = {"raises": type(o.exc).__name__}
    else:
        entry = {"value": snapshot.encode(o.value)}
    if o.args_after:
        entry["args"] = {k: snapshot.encode(v) for k, v in o.args_after.items()}
    return entry


def _decode_outcome(entry: dict[str, Any]) -> Outcome:
    args = {k: snapshot.decode(v) for k, v in entry.get("args", {}).items()}
    if "raises" in entry:
        return Outcome(
            exc=snapshot.exception_class(entry["raises"])("(recorded Numba outcome)"),
            args_after=args,
        )
    return Outcome(value=snapshot.decode(entry["value"]), args_after=args)


def _describe_entry(entry: dict[str, Any]) -> str:
    return _decode_outcome(entry).describe()


def run_directive(fx: Fixture, directive: Directive) -> None:
    where = f"{fx.path.name}:{directive.lineno}"
    check(
        fx, directive, lambda: _eval_args(fx, directive.call, where), use_snapshot=True
    )


def hypothesis_directive(
    fx: Fixture, directive: Directive, nodeid: str, max_examples: int
) -> None:
    import pytest
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    from .strategies import VOCABULARY

    where = f"{fx.path.name}:{directive.lineno}"
    if not jits.numba_available():
        pytest.skip(
            "hypothesis items need Numba installed as their oracle (`# run:` items use recorded outcomes)"
        )
    spec = directive.call
    try:
        pos = [eval(a, dict(VOCABULARY)) for a in spec.args]
        kws = {k: eval(v, dict(VOCABULARY)) for k, v in spec.kwargs}
    except Exception as e:
        raise FixtureError(
            f"{where}: unknown strategy in {spec.text}: {e} (see harness/strategies.py)"
        ) from e
    for s in [*pos, *kws.values()]:
        if not isinstance(s, st.SearchStrategy):
            raise FixtureError(
                f"{where}: {spec.text}: every argument must be a strategy, got {s!r}"
            )

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @seed(zlib.crc32(nodeid.encode()))
    @given(st.tuples(*pos), st.fixed_dictionaries(kws))
    def examples(args: tuple, kwargs: dict[str, Any]) -> None:
        check(
            fx,
            directive,
            lambda: (clone(args), {k: clone(v) for k, v in kwargs.items()}),
            use_snapshot=False,
        )

    examples()
