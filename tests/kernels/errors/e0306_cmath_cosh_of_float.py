# Numba types cmath.cosh, sinh, tanh, acosh, log10, phase and polar for complex numbers
# only (unlike cmath.exp or cmath.sqrt, which convert a real argument).
# call: hyperbolic(0.5)

import cmath


def hyperbolic(x):
    return cmath.cosh(x)  # error: E0306
