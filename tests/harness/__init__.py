"""oxjit's differential test harness: kernel fixtures run under CPython, Numba and oxjit.

- ``fixtures``: fixture files, their directives, the plain and compiled module namespaces.
- ``runner``: one call under every implementation, the oracle, the verdict.
- ``compare``: exact equality (types, bit-exact floats, NaN, sign of zero, arrays).
- ``strategies``: the vocabulary of ``# hypothesis:`` directives.
- ``snapshot``: Numba's outcomes recorded for machines without Numba.
- ``jits``: which jit is under test (``OXJIT_TEST_JIT``), Numba as oracle.

The pytest side lives in ``tests/kernels/conftest.py`` (collection of ``run/*.py``) and
``tests/kernels/test_errors.py`` (error fixtures and their snapshots).
"""
