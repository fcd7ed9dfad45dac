"""Kernel fixture files: their directives, and the namespaces their kernels run in.

A fixture is a plain ``.py`` file of undecorated functions. Comment lines carry directives;
a directive belongs to the nearest top-level ``def`` above it:

``# run: f(args...)``
    One test item: call ``f`` with these arguments under CPython, Numba and the jit under
    test, and compare exactly. Arguments are Python expressions (``np``, ``math``,
    ``INT64_MIN``, ``INT64_MAX``, ``UINT64_MAX``, ``inf``, ``nan`` and the module's own
    globals are in scope); they are evaluated afresh for every implementation, so each one
    gets its own copy of mutable inputs, with the same memory layout (``a[::2]`` stays a view).
``# hypothesis: f(ints, floats)``
    One test item: property-based inputs, each argument a strategy of the small vocabulary
    in ``harness.strategies``.
``# factory``
    The function above is a closure factory: it is not compiled itself; in the compiled
    namespace, calling it returns the compiled version of the function it returns. A run
    directive then reads ``# run: make_scaler(3.0)(x)``.
``# nojit``
    The function above stays a plain Python function in the compiled namespace (used by
    error fixtures that call a function the compiler must refuse).
``# parallel``
    The function above is compiled with ``parallel=True`` (its ``prange`` loops run on the
    thread pool); the other functions of the file are compiled as usual.

Error fixtures (``tests/kernels/errors/``) add ``# call: f(args)`` (anywhere), and
``# error: E0xxx`` at the end of the line the diagnostic must point at. ``# before-edit:
<code>`` marks a fixture whose file was edited after its functions were defined: the
harness defines the functions from the file with the ``# error:`` line's code replaced by
``<code>``, while the compiler reads the (now broken) file from disk, as after an edit in
an editor or notebook.

Every top-level function of the module is compiled in a *copy* of the module namespace
(the file is executed twice, once plain and once with each function replaced by
``jit(function)`` after all definitions), so calls between kernels resolve, through the
module globals, to compiled callees in the compiled copy and to plain functions in the
plain copy.
"""

from __future__ import annotations

import ast
import builtins
import functools
import io
import math
import re
import sys
import tokenize
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
UINT64_MAX = 2**64 - 1

#: Names available to directive expressions besides the fixture's own globals.
DIRECTIVE_NAMES: dict[str, Any] = {
    "np": np,
    "math": math,
    "INT64_MIN": INT64_MIN,
    "INT64_MAX": INT64_MAX,
    "UINT64_MAX": UINT64_MAX,
    "inf": math.inf,
    "nan": math.nan,
}

_DIRECTIVE = re.compile(
    r"#\s*(?:(run|hypothesis|call|error|before-edit):\s*(.*?)|(factory|nojit|parallel))\s*$"
)


class FixtureError(Exception):
    """A fixture file is malformed (a bug in the fixture, not in the compiler)."""


@dataclass(frozen=True)
class CallSpec:
    """A directive's call expression, split into callee and argument expressions."""

    text: str
    callee: str
    args: tuple[str, ...]
    kwargs: tuple[tuple[str, str], ...]

    @staticmethod
    def parse(text: str, where: str) -> CallSpec:
        try:
            node = ast.parse(text, mode="eval").body
        except SyntaxError as e:
            raise FixtureError(
                f"{where}: directive is not a Python expression: {text!r} ({e.msg})"
            ) from None
        if not isinstance(node, ast.Call):
            raise FixtureError(
                f"{where}: directive must be a call `f(args...)`, got {text!r}"
            )
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise FixtureError(f"{where}: no *args/**kwargs in directives: {text!r}")
        return CallSpec(
            text=text,
            callee=ast.unparse(node.func),
            args=tuple(ast.unparse(a) for a in node.args),
            kwargs=tuple(
                (k.arg, ast.unparse(k.value))
                for k in node.keywords
                if k.arg is not None
            ),
        )

    @property
    def kernel_name(self) -> str:
        """The top-level name the call starts from (``make_scaler`` in ``make_scaler(2)(x)``)."""
        node = ast.parse(self.callee, mode="eval").body
        while not isinstance(node, ast.Name):
            if isinstance(node, ast.Call):
                node = node.func
            elif isinstance(node, ast.Attribute):
                node = node.value
            else:
                raise FixtureError(f"cannot find the kernel called by {self.text!r}")
        return node.id


@dataclass
class Directive:
    kind: str  # "run" or "hypothesis"
    call: CallSpec
    lineno: int
    func: str  # the top-level def this directive follows
    index: int  # position among the same function's directives of the same kind

    @property
    def name(self) -> str:
        return (
            f"{self.func}[{self.index}]"
            if self.kind == "run"
            else f"{self.func}[h{self.index}]"
        )


@dataclass
class Fixture:
    path: Path
    source: str
    functions: list[str]  # top-level functions, in source order
    def_lines: dict[str, int]
    factories: set[str] = field(default_factory=set)
    nojit: set[str] = field(default_factory=set)
    parallel: set[str] = field(default_factory=set)
    directives: list[Directive] = field(default_factory=list)
    calls: list[tuple[int, CallSpec]] = field(
        default_factory=list
    )  # error fixtures: `# call:`
    errors: list[tuple[int, str]] = field(
        default_factory=list
    )  # error fixtures: (line, code)
    before_edit: str | None = None
    defined_source: str = (
        ""  # the text the functions are defined from (see `before_edit`)
    )

    @functools.cached_property
    def code(self) -> types.CodeType:
        return compile(self.defined_source, str(self.path), "exec", dont_inherit=True)

    def where(self, lineno: int) -> str:
        return f"{self.path}:{lineno}"


def _comments(source: str) -> list[tuple[int, str]]:
    """(line, text) of every comment, found by the tokenizer (so `#` in strings is ignored).

    Files that do not tokenize (the syntax-error fixture) fall back to a line scan.
    """
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0], tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out = []
        for i, line in enumerate(source.splitlines(), 1):
            if "#" in line:
                out.append((i, line[line.index("#") :]))
    return out


def parse_fixture(path: Path) -> Fixture:
    path = Path(path).resolve()
    source = path.read_text(encoding="utf-8")
    comments = _comments(source)

    before_edit = None
    error_lines: list[tuple[int, str]] = []
    for lineno, text in comments:
        m = _DIRECTIVE.match(text)
        if m and m.group(1) == "before-edit":
            before_edit = m.group(2)
        if m and m.group(1) == "error":
            error_lines.append((lineno, m.group(2)))

    defined = source
    if before_edit is not None:
        if len(error_lines) != 1:
            raise FixtureError(
                f"{path}: `# before-edit:` needs exactly one `# error:` line"
            )
        lines = source.splitlines(keepends=True)
        i = error_lines[0][0] - 1
        indent = re.match(r"\s*", lines[i]).group(0)
        lines[i] = f"{indent}{before_edit}\n"
        defined = "".join(lines)

    try:
        tree = ast.parse(defined, filename=str(path))
    except SyntaxError as e:
        raise FixtureError(
            f"{path}:{e.lineno}: fixture is not valid Python: {e.msg}"
        ) from None
    funcs = [
        n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    fx = Fixture(
        path=path,
        source=source,
        functions=[f.name for f in funcs],
        def_lines={
            f.name: (f.decorator_list[0].lineno if f.decorator_list else f.lineno)
            for f in funcs
        },
        before_edit=before_edit,
        defined_source=defined,
    )
    if len(set(fx.functions)) != len(fx.functions):
        raise FixtureError(f"{path}: a function name is defined twice")
    for f in funcs:
        if f.decorator_list:
            raise FixtureError(
                f"{path}:{f.lineno}: kernels are plain functions, no decorators"
            )

    starts = sorted((line, name) for name, line in fx.def_lines.items())

    def owner(lineno: int) -> str | None:
        best = None
        for line, name in starts:
            if line <= lineno:
                best = name
        return best

    counters: dict[tuple[str, str], int] = {}
    for lineno, text in comments:
        m = _DIRECTIVE.match(text)
        if not m:
            continue
        kind, rest = m.group(1) or m.group(3), m.group(2) or ""
        where = fx.where(lineno)
        if kind in ("run", "hypothesis"):
            func = owner(lineno)
            if func is None:
                raise FixtureError(f"{where}: `# {kind}:` before any function")
            spec = CallSpec.parse(rest, where)
            n = counters.get((func, kind), 0)
            counters[(func, kind)] = n + 1
            fx.directives.append(Directive(kind, spec, lineno, func, n))
        elif kind in ("factory", "nojit", "parallel"):
            func = owner(lineno)
            if func is None:
                raise FixtureError(f"{where}: `# {kind}` must follow a function")
            {"factory": fx.factories, "nojit": fx.nojit, "parallel": fx.parallel}[kind].add(func)
        elif kind == "call":
            fx.calls.append((lineno, CallSpec.parse(rest, where)))
        elif kind == "error":
            if not re.fullmatch(r"E\d{4}", rest):
                raise FixtureError(
                    f"{where}: `# error:` takes a code like E0301, got {rest!r}"
                )
            fx.errors.append((lineno, rest))
    return fx


def _jitting_factory(factory: Callable, jit: Callable) -> Callable:
    """Wraps a closure factory so that it returns compiled kernels (memoised per arguments)."""
    made: dict[Any, Callable] = {}

    @functools.wraps(factory)
    def make(*args: Any, **kwargs: Any) -> Callable:
        try:
            key: Any = (args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in made:
            return made[key]
        inner = factory(*args, **kwargs)
        if not isinstance(inner, types.FunctionType):
            raise FixtureError(
                f"factory {factory.__name__} must return a function, got {type(inner).__name__}"
            )
        compiled = jit(inner)
        if key is not None:
            made[key] = compiled
        return compiled

    return make


def build_namespace(
    fx: Fixture, jit: Callable | None, label: str | None = None
) -> dict[str, Any]:
    """Executes the fixture as a fresh module; with ``jit``, compiles its functions.

    The module is registered in ``sys.modules`` (as a user's module would be: Numba needs
    that to link self-recursive functions) under a name unique to this copy. Functions are
    replaced after the whole module has run, so each kernel's globals (the module namespace)
    name the compiled callees when the compiler reads them on first call.
    """
    label = label or (
        "python" if jit is None else getattr(jit, "__module__", "jit").split(".")[0]
    )
    name = f"_oxjit_fixture_{fx.path.parent.name}_{fx.path.stem}_{label}"
    module = types.ModuleType(name)
    module.__file__ = str(fx.path)
    ns = module.__dict__
    ns["__builtins__"] = builtins
    sys.modules[name] = module
    exec(fx.code, ns)  # noqa: S102 - fixtures are our own test files
    if jit is not None:
        for fname in fx.functions:
            fn = ns[fname]
            if fname in fx.nojit:
                continue
            if fname in fx.factories:
                ns[fname] = _jitting_factory(fn, jit)
            elif fname in fx.parallel:
                ns[fname] = jit(parallel=True)(fn)
            else:
                ns[fname] = jit(fn)
    return ns


def directive_env(plain_ns: dict[str, Any]) -> dict[str, Any]:
    """The globals directive expressions are evaluated in: the plain module plus helpers."""
    env = dict(plain_ns)
    env.update(DIRECTIVE_NAMES)
    return env


def names_used(fn: types.FunctionType) -> set[str]:
    """Global names a function's code (nested code included) refers to."""
    out: set[str] = set()
    todo = [fn.__code__]
    while todo:
        code = todo.pop()
        out.update(code.co_names)
        out.update(code.co_freevars)
        todo.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return out
