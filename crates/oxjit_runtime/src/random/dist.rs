//! The distributions, as Numba computes them inside `@njit` code after `np.random.seed`.
//!
//! Every method draws from one [`Mt19937`] in the same order, and with the same floating-point
//! operations in the same order, as Numba 0.68's `np.random` implementation, so a seeded
//! stream is reproduced bit for bit. Where that differs from NumPy's `RandomState`, the method
//! says so. Integer-to-float conversions happen where Numba's typed code converts (an `int64`
//! meeting a `float64` operand), and `float ** int64` is Numba's square-and-multiply loop,
//! not `pow`.
//!
//! The transcendental functions (`ln`, `exp`, `powf`) are the C library's, as in Numba, whose
//! LLVM intrinsics call the same libm.

use super::mt::Mt19937;

/// Numba's `geometric` threshold, spelled `0.333333333333333333333333` there (the double
/// nearest 1/3): below it, inversion; from it on, sequential search.
const GEOMETRIC_SEARCH_FROM: f64 = 1.0 / 3.0;

impl Mt19937 {
    /// `np.random.random()`: uniform in `[0, 1)`.
    #[inline]
    pub fn random_sample(&mut self) -> f64 {
        self.next_f64()
    }

    /// `np.random.uniform(low, high)`: `low + (high - low) * u`, as NumPy computes it.
    #[inline]
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let width = high - low;
        low + width * self.next_f64()
    }

    /// `np.random.standard_normal()`: the polar Box–Muller method; each accepted pair yields
    /// two values, the second of which is cached for the next call (as NumPy's legacy
    /// `gauss` does; seeding drops the cache).
    pub fn gauss(&mut self) -> f64 {
        if self.has_gauss {
            self.has_gauss = false;
            return self.gauss;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.next_f64() - 1.0;
            let x2 = 2.0 * self.next_f64() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = f * x1;
        self.has_gauss = true;
        f * x2
    }

    /// `np.random.normal(loc, scale)`: `loc + scale * gauss()`.
    #[inline]
    pub fn normal(&mut self, loc: f64, scale: f64) -> f64 {
        loc + scale * self.gauss()
    }

    /// A uniform integer in `[0, max]` by masked rejection: draw as many bits as `max` has
    /// and retry while the value exceeds `max`. One word when `max < 2**32`, else two (the
    /// first gives the high bits). This is NumPy's legacy bounded-integer method, which
    /// Numba's `randint` reproduces; `max == 0` draws nothing.
    #[inline]
    pub fn bounded(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = u64::MAX >> max.leading_zeros();
        if let Ok(max32) = u32::try_from(max) {
            // `mask <= u32::MAX` here, so the cast keeps every bit.
            let mask32 = mask as u32;
            loop {
                let v = self.next_u32() & mask32;
                if v <= max32 {
                    return u64::from(v);
                }
            }
        }
        loop {
            let hi = u64::from(self.next_u32());
            let lo = u64::from(self.next_u32());
            let v = ((hi << 32) | lo) & mask;
            if v <= max {
                return v;
            }
        }
    }

    /// `np.random.randint(low, high)` (high exclusive) for `low < high`.
    ///
    /// Numba raises `ValueError("empty range for randrange()")` when `high - low` overflows
    /// `int64`; this method instead covers such ranges as NumPy does (the count of values is
    /// taken as an unsigned 64-bit number).
    #[inline]
    pub fn randint(&mut self, low: i64, high: i64) -> i64 {
        // Two's complement: `high - low - 1` as u64 is the exact span for any `low < high`.
        let span = (high as u64).wrapping_sub(low as u64).wrapping_sub(1);
        low.wrapping_add(self.bounded(span) as i64)
    }

    /// `np.random.exponential(scale)`: `-log(1 - u) * scale` (NumPy's legacy method; the
    /// standard exponential is `scale = 1.0`, bit for bit).
    #[inline]
    pub fn exponential(&mut self, scale: f64) -> f64 {
        -(1.0 - self.next_f64()).ln() * scale
    }

    /// `np.random.poisson(lam)`: multiplication of uniforms for `lam < 10`, Hörmann's
    /// transformed rejection (PTRS) from 10 on, as NumPy's legacy stream does.
    ///
    /// `lam == 0` returns 0 without drawing. So do a negative or NaN `lam` (Numba raises for
    /// a negative one and loops forever on NaN; the caller is to reject both).
    pub fn poisson(&mut self, lam: f64) -> i64 {
        if lam >= 10.0 {
            return self.poisson_ptrs(lam);
        }
        if lam.is_nan() || lam <= 0.0 {
            return 0;
        }
        let enlam = (-lam).exp();
        let mut x = 0i64;
        let mut prod = 1.0;
        loop {
            prod *= self.next_f64();
            if prod <= enlam {
                return x;
            }
            x += 1;
        }
    }

    /// Poisson by transformed rejection with squeeze (Hörmann 1993), for `lam >= 10`.
    fn poisson_ptrs(&mut self, lam: f64) -> i64 {
        let slam = lam.sqrt();
        let loglam = lam.ln();
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let invalpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.next_f64() - 0.5;
            let v = self.next_f64();
            let us = 0.5 - u.abs();
            // Saturating conversion; for the valid `lam` range the value always fits.
            let k = ((2.0 * a / us + b) * u + lam + 0.43).floor() as i64;
            if us >= 0.07 && v <= vr {
                return k;
            }
            if k < 0 || (us < 0.013 && v > us) {
                continue;
            }
            // `k as f64` is exact below 2**53, far beyond any accepted `k`.
            let kf = k as f64;
            if v.ln() + invalpha.ln() - (a / (us * us) + b).ln()
                <= -lam + kf * loglam - loggam(kf + 1.0)
            {
                return k;
            }
        }
    }

    /// `np.random.binomial(n, p)`: inversion (BINV) while `n * min(p, 1-p) <= 30`, else BTPE,
    /// with `p > 1/2` handled by drawing for `1 - p` and returning `n - x`.
    ///
    /// Differs from NumPy's `RandomState` in two ways, both Numba's: `q ** n` is computed by
    /// square-and-multiply rather than `exp(n * log(q))` (a last-bit difference that can move
    /// a boundary draw), and `n == 0` (with `0 < p < 1`) draws one uniform that NumPy does not
    /// draw, so the stream after it is shifted by one double.
    ///
    /// `p == 0` returns 0 and `p == 1` returns `n`, without drawing. A negative `n` or a `p`
    /// outside `[0, 1]` (or NaN), which Numba rejects with `ValueError`, return 0 without
    /// drawing.
    pub fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if n < 0 || !(0.0..=1.0).contains(&p) || p == 0.0 {
            return 0;
        }
        if p == 1.0 {
            return n;
        }
        let flipped = p > 0.5;
        let p = if flipped { 1.0 - p } else { p };
        let q = 1.0 - p;
        let np = n as f64 * p;
        if np > 30.0 {
            let x = self.binomial_btpe(n, p);
            return if flipped { n - x } else { x };
        }
        // Numba splits the draw when `q ** n` underflows (below 1e-308). That cannot happen
        // here: with `p <= 1/2` and `n * p <= 30`, `q ** n >= (1/2) ** 60`.
        let qn = powi_numba(q, n);
        let bound = (n as f64).min(np + 10.0 * (np * q + 1.0).sqrt());
        loop {
            let mut x = 0i64;
            let mut u = self.next_f64();
            let mut px = qn;
            while x as f64 <= bound {
                if u <= px {
                    return if flipped { n - x } else { x };
                }
                u -= px;
                x += 1;
                px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
            }
        }
    }

    /// BTPE (Kachitvichyanukul and Schmeiser) for `n * r > 30`, `r <= 1/2`: triangle,
    /// parallelogram and exponential-tail regions, then explicit evaluation or the squeeze.
    /// Labels follow the algorithm's steps (10 ... 60), as in NumPy and Numba.
    fn binomial_btpe(&mut self, n: i64, r: f64) -> i64 {
        let nf = n as f64;
        let q = 1.0 - r;
        let fm = nf * r + r;
        let m = fm.floor() as i64;
        let mf = m as f64;
        let p1 = (2.195 * (nf * r * q).sqrt() - 4.6 * q).floor() + 0.5;
        let xm = mf + 0.5;
        let xl = xm - p1;
        let xr = xm + p1;
        let c = 0.134 + 20.5 / (15.3 + mf);
        let a = (fm - xl) / (fm - xl * r);
        let laml = a * (1.0 + a / 2.0);
        let a = (xr - fm) / (xr * q);
        let lamr = a * (1.0 + a / 2.0);
        let p2 = p1 * (1.0 + 2.0 * c);
        let p3 = p2 + c / laml;
        let p4 = p3 + c / lamr;
        let nrq = nf * r * q;
        loop {
            // Step 10: the triangular centre accepts at once.
            let u = self.next_f64() * p4;
            let mut v = self.next_f64();
            if u <= p1 {
                return (xm - p1 * v + u).floor() as i64;
            }
            let y: i64;
            if u <= p2 {
                // Step 20: parallelograms.
                let x = xl + (u - p1) / c;
                v = v * c + 1.0 - (mf - x + 0.5).abs() / p1;
                if v > 1.0 {
                    continue;
                }
                y = x.floor() as i64;
            } else if u <= p3 {
                // Step 30: left exponential tail.
                y = (xl + v.ln() / laml).floor() as i64;
                if y < 0 || v == 0.0 {
                    continue;
                }
                v = v * (u - p2) * laml;
            } else {
                // Step 40: right exponential tail.
                y = (xr - v.ln() / lamr).floor() as i64;
                if y > n || v == 0.0 {
                    continue;
                }
                v = v * (u - p3) * lamr;
            }
            // Step 50: explicit evaluation near the mode, else the squeeze (step 52).
            let k = (y - m).abs();
            if !(k > 20 && (k as f64) < nrq / 2.0 - 1.0) {
                let s = r / q;
                let a = s * (n + 1) as f64;
                let mut f = 1.0;
                if m < y {
                    for i in m + 1..=y {
                        f *= a / i as f64 - s;
                    }
                } else if m > y {
                    for i in y + 1..=m {
                        f /= a / i as f64 - s;
                    }
                }
                if v > f {
                    continue;
                }
                return y;
            }
            let kf = k as f64;
            let rho =
                (kf / nrq) * ((kf * (kf / 3.0 + 0.625) + 0.166_666_666_666_666_66) / nrq + 0.5);
            // Numba computes `-k * k` in int64, then divides as float.
            let t = (k.wrapping_neg().wrapping_mul(k)) as f64 / (2.0 * nrq);
            let big_a = v.ln();
            if big_a < t - rho {
                return y;
            }
            if big_a > t + rho {
                continue;
            }
            if btpe_squeeze_rejects(big_a, xm, m, n, y, r, q) {
                continue;
            }
            return y;
        }
    }

    /// `np.random.gamma(shape, scale)` (and `standard_gamma(shape)` with `scale = 1.0`).
    ///
    /// Numba does NOT use NumPy's algorithm (Marsaglia–Tsang on Gaussians) here but CPython's
    /// `random.gammavariate` (Cheng's GB for `shape > 1`, `-log(1 - u)` for `shape == 1`,
    /// Ahrens–Dieter GS for `shape < 1`) fed by `np.random.random()`. The values therefore
    /// differ from `RandomState.gamma` for the same seed, except at `shape == 1`.
    ///
    /// Requires `shape > 0` and `scale > 0` (Numba raises `ValueError` otherwise). A `shape`
    /// that is not positive, is NaN, or is so large that `2 * shape` overflows (where Numba's
    /// loop would never accept) gives NaN without drawing; `scale` is only multiplied in.
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        let alpha = shape;
        if !(alpha > 0.0 && (2.0 * alpha).is_finite()) {
            return f64::NAN;
        }
        if alpha > 1.0 {
            let log4 = 4.0f64.ln();
            let sg_magic = 1.0 + 4.5f64.ln();
            let ainv = (2.0 * alpha - 1.0).sqrt();
            let bbb = alpha - log4;
            let ccc = alpha + ainv;
            loop {
                let u1 = self.next_f64();
                if !(1e-7 < u1 && u1 < 0.999_999_9) {
                    continue;
                }
                let u2 = 1.0 - self.next_f64();
                let v = (u1 / (1.0 - u1)).ln() / ainv;
                let x = alpha * v.exp();
                let z = u1 * u1 * u2;
                let r = bbb + ccc * v - x;
                if r + sg_magic - 4.5 * z >= 0.0 || r >= z.ln() {
                    return x * scale;
                }
            }
        } else if alpha == 1.0 {
            -(1.0 - self.next_f64()).ln() * scale
        } else {
            let e = std::f64::consts::E;
            loop {
                let u = self.next_f64();
                let b = (e + alpha) / e;
                let p = b * u;
                let x = if p <= 1.0 {
                    p.powf(1.0 / alpha)
                } else {
                    -((b - p) / alpha).ln()
                };
                let u1 = self.next_f64();
                let accept = if p > 1.0 {
                    u1 <= x.powf(alpha - 1.0)
                } else {
                    u1 <= (-x).exp()
                };
                if accept {
                    return x * scale;
                }
            }
        }
    }

    /// `np.random.beta(a, b)`: `x / (x + y)` of `x = gamma(a)` and `y = gamma(b)` (CPython's
    /// `betavariate`, so it inherits `gamma`'s difference from NumPy); `0.0` without drawing
    /// `y` when `x == 0`. Requires `a > 0` and `b > 0`.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        if x == 0.0 {
            return 0.0;
        }
        x / (x + self.gamma(b, 1.0))
    }

    /// `np.random.geometric(p)`: the number of trials up to the first success, by sequential
    /// search for `p >= 1/3` and by inversion below.
    ///
    /// Numba's inversion is `ceil(log(1 - u) / log(1 - p))`; NumPy's legacy code computes
    /// `log1p(-u)`, which can differ in the last bit and so, rarely, by one in the result.
    /// Requires `0 < p <= 1`.
    pub fn geometric(&mut self, p: f64) -> i64 {
        if p >= GEOMETRIC_SEARCH_FROM {
            geometric_search(self.next_f64(), p)
        } else {
            ((1.0 - self.next_f64()).ln() / (1.0 - p).ln()).ceil() as i64
        }
    }

    /// One Fisher–Yates pass over `n` items, as `np.random.shuffle` does it: for `i` from
    /// `n - 1` down to 1, `swap(i, randint(0, i + 1))`. `swap` is called even when both
    /// indices are equal.
    pub fn shuffle_with(&mut self, n: u64, mut swap: impl FnMut(u64, u64)) {
        let mut i = n.saturating_sub(1);
        while i > 0 {
            let j = self.bounded(i);
            swap(i, j);
            i -= 1;
        }
    }
}

/// The smallest `x` with `u <= p + p*q + ... + p*q**(x-1)`, summing as Numba does.
fn geometric_search(u: f64, p: f64) -> i64 {
    let q = 1.0 - p;
    let mut x = 1i64;
    let mut prod = p;
    let mut sum = p;
    while u > sum {
        prod *= q;
        x += 1;
        let next = sum + prod;
        if next == sum {
            // The partial sums stopped growing below `u` (possible only for `u` within a few
            // ulps of 1): Numba would loop forever; stop here instead.
            return x;
        }
        sum = next;
    }
    x
}

/// `x ** n` for a float `x` and an `int64` `n`, exactly as Numba lowers it: square and
/// multiply from the low bit up for `|n| <= 65536`, else `pow(x, n as f64)`; a negative `n`
/// gives the reciprocal of the positive power.
pub(crate) fn powi_numba(x: f64, n: i64) -> f64 {
    let exp = n.unsigned_abs();
    if exp > 0x10000 {
        return x.powf(n as f64);
    }
    let (mut r, mut a, mut e) = (1.0, x, exp);
    while e != 0 {
        if e & 1 == 1 {
            r *= a;
        }
        e >>= 1;
        a *= a;
    }
    if n < 0 {
        1.0 / r
    } else {
        r
    }
}

/// The final BTPE acceptance test (step 52): compares `log(v)` with Stirling's approximation of
/// the log density ratio. These are NumPy's legacy constants, which Numba keeps for stream
/// compatibility. The integers are Numba's `int64` values, squared in `int64`.
fn btpe_squeeze_rejects(big_a: f64, xm: f64, m: i64, n: i64, y: i64, r: f64, q: f64) -> bool {
    let x1 = y + 1;
    let f1 = m + 1;
    let z = n + 1 - m;
    let w = n - y + 1;
    let (x2, f2, z2, w2) = (
        x1.wrapping_mul(x1),
        f1.wrapping_mul(f1),
        z.wrapping_mul(z),
        w.wrapping_mul(w),
    );
    let (x1f, f1f, zf, wf) = (x1 as f64, f1 as f64, z as f64, w as f64);
    let stirling = |s2: i64| {
        let s2 = s2 as f64;
        13680. - (462. - (132. - (99. - 140. / s2) / s2) / s2) / s2
    };
    let bound = xm * (f1f / x1f).ln()
        + ((n - m) as f64 + 0.5) * (zf / wf).ln()
        + (y - m) as f64 * (wf * r / (x1f * q)).ln()
        + stirling(f2) / f1f / 166_320.
        + stirling(z2) / zf / 166_320.
        + stirling(x2) / x1f / 166_320.
        + stirling(w2) / wf / 166_320.;
    big_a > bound
}

/// `log(Gamma(x))` by Stirling's series, shifted up to 7 for small `x` (NumPy's `loggam`,
/// which Numba's `numba_poisson_ptrs` uses). Exact zero at 1 and 2.
fn loggam(x: f64) -> f64 {
    const A: [f64; 10] = [
        8.333_333_333_333_333e-02,
        -2.777_777_777_777_778e-03,
        7.936_507_936_507_937e-04,
        -5.952_380_952_380_952e-04,
        8.417_508_417_508_418e-04,
        -1.917_526_917_526_918e-03,
        6.410_256_410_256_41e-03,
        -2.955_065_359_477_124e-02,
        1.796_443_723_688_307e-01,
        -1.392_432_216_905_90e+00,
    ];
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let mut x0 = x;
    let mut n = 0i64;
    if x <= 7.0 {
        // C's `(long)(7 - x)`: truncation toward zero.
        n = (7.0 - x) as i64;
        x0 = x + n as f64;
    }
    let x2 = 1.0 / (x0 * x0);
    let mut gl0 = A[9];
    for &ak in A[..9].iter().rev() {
        gl0 *= x2;
        gl0 += ak;
    }
    let mut gl = gl0 / x0 + 0.5 * (2.0 * std::f64::consts::PI).ln() + (x0 - 0.5) * x0.ln() - x0;
    if x <= 7.0 {
        for _ in 0..n {
            gl -= (x0 - 1.0).ln();
            x0 -= 1.0;
        }
    }
    gl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powi_is_square_and_multiply() {
        assert_eq!(powi_numba(0.5, 10), 0.0009765625);
        assert_eq!(powi_numba(3.0, 0), 1.0);
        assert_eq!(powi_numba(2.0, -3), 0.125);
        // Above 65536 Numba switches to `pow`.
        assert_eq!(powi_numba(0.999_99, 100_000), 0.999_99f64.powf(100_000.0));
        // Numba's `q ** n` (float64 ** int64), which is not `pow`'s correctly rounded value.
        assert_eq!(powi_numba(0.7, 97), 9.42996066945987e-16);
        assert_ne!(0.7f64.powf(97.0), 9.42996066945987e-16);
        assert_eq!(powi_numba(0.9, 13), 0.2541865828329002);
        assert_eq!(powi_numba(0.999, 1000), 0.36769542477096695);
    }

    #[test]
    fn loggam_values() {
        assert_eq!(loggam(1.0), 0.0);
        assert_eq!(loggam(2.0), 0.0);
        // ln(9!) and ln(Gamma(1/2)) = ln(sqrt(pi)).
        assert!((loggam(10.0) - 362_880f64.ln()).abs() < 1e-12);
        assert!((loggam(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
        assert!((loggam(31.0) - (1..=30).map(|k| f64::from(k).ln()).sum::<f64>()).abs() < 1e-9);
    }

    #[test]
    fn geometric_search_counts_trials_and_never_spins() {
        assert_eq!(geometric_search(0.0, 0.5), 1);
        assert_eq!(geometric_search(0.5, 0.5), 1);
        assert_eq!(geometric_search(0.6, 0.5), 2);
        assert_eq!(geometric_search(0.8, 0.5), 3);
        // The largest double below 1. For p = 0.35 and 0.7 the partial sums stall at
        // 1 - 3 * 2**-53, below it, where Numba would loop forever; the search stops at the
        // stall. For 0.5 they reach it.
        let u = 1.0 - f64::EPSILON / 2.0;
        assert_eq!(geometric_search(u, 0.35), 86);
        assert_eq!(geometric_search(u, 0.7), 32);
        assert_eq!(geometric_search(u, 0.5), 53);
    }
}
