"""Collects kernel fixtures: every ``# run:`` / ``# hypothesis:`` line of ``run/*.py`` is
one test item, named ``<file>::<kernel>[n]`` (``[hn]`` for hypothesis items).

Environment:
- ``OXJIT_TEST_JIT``: ``oxjit`` (default) or ``numba`` (validates the fixtures themselves).
- ``OXJIT_BLESS=1``: re-record Numba's outcomes (``run/*.numba.json``) and error snapshots.
- ``OXJIT_TEST_NO_NUMBA=1``: act as if Numba were not installed (oracle: recorded outcomes).
- ``OXJIT_TEST_EXAMPLES``: examples per hypothesis item (default 25).
- ``OXJIT_TEST_REPORT=1``: list every call on which CPython and Numba disagree.
- ``OXJIT_TEST_TIMEOUT``: seconds one call may take before the run is ended with a
  traceback naming it (default 60; compiled code in an endless loop cannot be interrupted, so the run ends
  with every thread's traceback, where the frame `<kernel call: ...>` names the call).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import fixtures, jits, runner, snapshot

RUN_DIR = Path(__file__).resolve().parent / "run"
MAX_EXAMPLES = int(os.environ.get("OXJIT_TEST_EXAMPLES", "25"))
_HARNESS_ERRORS = (
    runner.KernelMismatch,
    fixtures.FixtureError,
    jits.SubjectUnavailable,
)


def _message(exc: BaseException) -> str:
    notes = getattr(exc, "__notes__", None) or []
    return "\n".join([str(exc), *notes])


def pytest_configure(config: pytest.Config) -> None:
    # With pytest's own per-test `faulthandler_timeout` (make test sets it), that watchdog
    # dumps the stacks (the `<kernel call: ...>` frame names the call) and ours stands down:
    # faulthandler has one timer, and ours would cancel pytest's.
    if (
        "OXJIT_TEST_TIMEOUT" not in os.environ
        and float(config.getini("faulthandler_timeout") or 0) > 0
    ):
        jits.CALL_TIMEOUT = 0
    # The hang watchdog must reach the terminal past fd-level output capture.
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is not None:
        with capman.global_and_fixture_disabled():
            jits.WATCHDOG_FD = os.dup(2)
    else:
        jits.WATCHDOG_FD = os.dup(2)


def _is_run_fixture(path: Path) -> bool:
    return path.suffix == ".py" and path.parent == RUN_DIR


def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> pytest.Collector | None:
    # Files named on the command line go through pytest_pycollect_makemodule instead.
    if _is_run_fixture(file_path) and not parent.session.isinitpath(file_path):
        return KernelFile.from_parent(parent, path=file_path)
    return None


def pytest_pycollect_makemodule(
    module_path: Path, parent: pytest.Collector
) -> pytest.Collector | None:
    # A fixture named explicitly (`pytest tests/kernels/run/builtins.py`) must not be
    # imported as a test module (it would even shadow the `builtins` module).
    if _is_run_fixture(module_path):
        return KernelFile.from_parent(parent, path=module_path)
    return None


class KernelFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        fx = fixtures.parse_fixture(self.path)
        for d in fx.directives:
            yield KernelItem.from_parent(self, name=d.name, fixture=fx, directive=d)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        if isinstance(excinfo.value, fixtures.FixtureError):
            return _message(excinfo.value)
        return super().repr_failure(excinfo)


class KernelItem(pytest.Item):
    def __init__(
        self, *, fixture: fixtures.Fixture, directive: fixtures.Directive, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.fixture = fixture
        self.directive = directive

    def runtest(self) -> None:
        if self.directive.kind == "run":
            runner.run_directive(self.fixture, self.directive)
        else:
            runner.hypothesis_directive(
                self.fixture, self.directive, self.nodeid, MAX_EXAMPLES
            )

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> Any:
        if isinstance(excinfo.value, _HARNESS_ERRORS):
            return _message(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return (
            self.path,
            self.directive.lineno - 1,
            f"{self.name}: {self.directive.call.text}",
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not (jits.BLESS and jits.numba_available()):
        return
    for path, entries in runner.SESSION.recorded.items():
        fx = fixtures.parse_fixture(path)
        live = {d.call.text for d in fx.directives if d.kind == "run"}
        merged = {k: v for k, v in snapshot.load(path).items() if k in live}
        merged.update(entries)
        snapshot.write(path, merged)


def pytest_terminal_summary(
    terminalreporter: Any, exitstatus: int, config: pytest.Config
) -> None:
    s = runner.SESSION
    if not s.calls:
        return
    tr = terminalreporter
    tr.section("oxjit kernel fixtures")
    if jits.numba_available():
        import numba

        oracle = f"Numba {numba.__version__}"
    else:
        oracle = "recorded Numba outcomes (Numba not installed)"
    tr.write_line(
        f"subject: {jits.SUBJECT}; oracle: {oracle}; {s.calls} kernel calls checked"
    )
    kinds: dict[str, list[runner.Disagreement]] = {}
    for d in s.disagreements.values():
        kinds.setdefault(d.kind, []).append(d)
    if kinds:
        tr.write_line(
            "CPython and Numba disagree on "
            + ", ".join(f"{len(v)} items ({k})" for k, v in sorted(kinds.items()))
            + "; Numba's result is the spec"
        )
    full = os.environ.get("OXJIT_TEST_REPORT", "") not in ("", "0")
    if full or config.option.verbose > 0:
        for kind in ("value", "exception", "type") if full else ("value", "exception"):
            for d in kinds.get(kind, []):
                tr.write_line(f"  [{kind}] {d.item}: {d.call}")
                tr.write_line(f"      CPython: {d.cpython}")
                tr.write_line(f"      Numba:   {d.numba}")
    elif kinds:
        tr.write_line("  (-v or OXJIT_TEST_REPORT=1 lists them)")
    if s.unrecorded and jits.numba_available() and not jits.BLESS:
        tr.write_line(
            f"{len(s.unrecorded)} `# run:` items have no recorded Numba outcome yet (OXJIT_BLESS=1 records them)"
        )
