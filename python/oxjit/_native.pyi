"""Type stubs for the native extension ``oxjit._native`` (crates/oxjit_python)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Self, TextIO

class Dispatcher:
    """A compiled function: callable like ``py_func``, compiled once per argument-type key."""

    py_func: Callable[..., Any]
    signatures: list[tuple[Any, ...]]
    nopython_signatures: list[Any]
    targetoptions: dict[str, Any]
    __wrapped__: Callable[..., Any]
    __dict__: dict[str, Any]

    def __new__(
        cls,
        py_func: Callable[..., Any],
        options: Mapping[str, Any] = ...,
        signatures: Sequence[str] = ...,
    ) -> Self: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def __get__(self, obj: Any, objtype: Any = ...) -> Any: ...
    def inspect_types(
        self, file: TextIO | None = ..., signature: Any = ..., pretty: bool = ...
    ) -> None: ...
    def inspect_llvm(
        self, signature: Any = ...
    ) -> dict[tuple[Any, ...], str] | str: ...
    def inspect_asm(self, signature: Any = ...) -> dict[tuple[Any, ...], str] | str: ...
    def compile(self, sig: Any) -> None: ...
    def recompile(self) -> None: ...

def typeof(value: Any) -> Any:
    """The argument type of ``value``, as data for ``oxjit.types._from_desc``."""

def parse_signature(text: str) -> str:
    """Parses a signature string; returns it normalised (raises TypeError when invalid)."""

def _host_source(
    dispatcher: Dispatcher,
) -> tuple[str, str, int, str, list[str], list[tuple[str, str]]]: ...
def _host_global(dispatcher: Dispatcher, name: str) -> str: ...
def _panic_for_tests(message: str) -> None: ...
