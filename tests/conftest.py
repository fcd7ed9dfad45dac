"""pytest set-up shared by oxjit's test suites: makes ``tests/harness`` importable."""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
