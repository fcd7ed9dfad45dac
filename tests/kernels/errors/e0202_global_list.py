# A global list cannot be used by compiled code (use a tuple or a NumPy array).
# call: first_coeff(3.0)

COEFFS = [1.0, 2.0, 3.0]


def first_coeff(x):
    return COEFFS[0] * x  # error: E0202
