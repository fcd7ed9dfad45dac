# complex128 scalars: arithmetic, abs, equality, mixing with ints and floats, division by
# zero, and the classic Mandelbrot escape-time kernel.

import math


def c_arith(z, w):
    return (z + w, z - w, z * w, -z)
# run: c_arith(1 + 2j, 3 - 4j)
# run: c_arith(0j, -0j)
# run: c_arith(complex(inf, 0.0), 1j)
# hypothesis: c_arith(finite_complexes, finite_complexes)


def c_div(z, w):
    return z / w
# run: c_div(1 + 2j, 3 - 4j)
# run: c_div(1 + 1j, 1e-300 + 1e-300j)
# run: c_div(1j, 0j)
# run: c_div(1 + 2j, 2)
# hypothesis: c_div(finite_complexes, finite_complexes.filter(lambda w: w != 0))


def c_abs(z):
    return abs(z)
# run: c_abs(3 + 4j)
# run: c_abs(-0j)
# run: c_abs(complex(inf, nan))
# run: c_abs(complex(1e300, 1e300))
# hypothesis: c_abs(complexes)


def c_eq(z, w):
    return (z == w, z != w)
# run: c_eq(1 + 2j, 1 + 2j)
# run: c_eq(0j, -0j)
# run: c_eq(complex(nan, 0.0), complex(nan, 0.0))
# run: c_eq(2 + 0j, 2)
# run: c_eq(2 + 0j, 2.0)


def c_mixed(z, n, x):
    # complex with int and float operands.
    return z * n + x - n / z
# run: c_mixed(1 + 1j, 2, 0.5)
# run: c_mixed(-2j, -3, -0.0)


def c_square(z):
    return z * z
# run: c_square(1 + 2j)
# run: c_square(complex(-0.0, 0.0))


def c_power(z, n):
    return z ** n
# run: c_power(1 + 2j, 2)
# run: c_power(1 + 2j, 3)
# run: c_power(1j, 0)


def mandelbrot_escape(c, max_iter):
    z = 0j
    for n in range(max_iter):
        z = z * z + c
        if abs(z) > 2.0:
            return n
    return max_iter
# run: mandelbrot_escape(0j, 100)
# run: mandelbrot_escape(1 + 1j, 100)
# run: mandelbrot_escape(-0.75 + 0.1j, 1000)
# run: mandelbrot_escape(0.25 + 0.0j, 50)
# hypothesis: mandelbrot_escape(finite_complexes, int_range(0, 50))


def mandelbrot_grid(counts, x0, x1, y0, y1, max_iter):
    # Fills an escape-count image; the classic demo kernel.
    h, w = counts.shape
    for i in range(h):
        for j in range(w):
            c = (x0 + (x1 - x0) * j / (w - 1)) + (y0 + (y1 - y0) * i / (h - 1)) * 1j
            counts[i, j] = mandelbrot_escape(c, max_iter)
# run: mandelbrot_grid(np.zeros((6, 8), dtype=np.int32), -2.0, 0.5, -1.0, 1.0, 40)


def roots_of_unity_sum(n):
    s = 0j
    for k in range(n):
        t = 2.0 * math.pi * k / n
        s += math.cos(t) + math.sin(t) * 1j
    return s
# run: roots_of_unity_sum(1)
# run: roots_of_unity_sum(8)


def complex_horner(coeffs, z):
    # coeffs is a complex128 array, highest power first.
    r = 0j
    for c in coeffs:
        r = r * z + c
    return r
# run: complex_horner(np.array([1 + 0j, 0j, 1 + 0j]), 1j)
# run: complex_horner(np.array([2 - 1j, 3j]), 0.5 + 0.5j)


def dft_bin(x, k):
    # One bin of the discrete Fourier transform of a real signal.
    n = len(x)
    acc = 0j
    for t in range(n):
        angle = -2.0 * math.pi * k * t / n
        acc += x[t] * (math.cos(angle) + math.sin(angle) * 1j)
    return acc
# run: dft_bin(np.array([1.0, 0.0, -1.0, 0.0]), 1)
# run: dft_bin(np.arange(8.0), 0)
# run: dft_bin(np.arange(8.0), 3)


def rotate_points(zs, angle):
    r = math.cos(angle) + math.sin(angle) * 1j
    for i in range(len(zs)):
        zs[i] = zs[i] * r
# run: rotate_points(np.array([1 + 0j, 1j, -1 - 1j]), math.pi / 2)
