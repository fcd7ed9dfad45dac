# A package, so that test module names here (test_errors.py ...) cannot clash with
# same-named modules in tests/python under pytest's default import mode.
