package org.lightkeeper.firmware.ring;

/**
 * Least-squares fit of I(x) = A / (1 + ((x - x0) / h)^2) + B to samples of a trace taken at unit
 * steps (x is the sample index). A ring's monitor holds its own line's Lorentzian plus the tails of
 * the other lines (B); the fit gives the line's own centre, amplitude and half width free of the bias
 * of a three-point vertex and of half-maximum crossings shifted by the background.
 *
 * <p>Seed: with B = 0, 1/I is an exact parabola in x, fitted by weighted linear least squares
 * (weights I^4, the inverse variance of 1/I under white noise on I). Then Levenberg-Marquardt on
 * the four parameters against I itself, unweighted: the monitor's noise is white, so that is the
 * maximum-likelihood fit. Runs once per acquisition; allocates a few small work arrays.
 */
final class LorentzianFit {
    /** Centre (fractional sample index), amplitude above the background, half width in samples, background. */
    record Result(double x0, double a, double h, double b) {}

    private static final int MAX_ITERATIONS = 40;

    private LorentzianFit() {}

    /**
     * Fits samples {@code lo..hi} (inclusive) of {@code t}. Null when the samples do not look like
     * one peak (no upward curvature of 1/I, a negative width or amplitude, a centre outside them).
     */
    static Result fit(double[] t, int lo, int hi) {
        if (hi - lo + 1 < 5) {
            return null; // four parameters need more than four samples
        }
        double mid = 0.5 * (lo + hi);
        // Seed: 1/I = c0 + c1 s + c2 s^2 with s = x - mid (centred for conditioning).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, r0 = 0, r1 = 0, r2 = 0;
        for (int k = lo; k <= hi; k++) {
            double i = t[k];
            if (i <= 0) {
                return null;
            }
            double w = i * i * i * i;
            double y = 1 / i;
            double s = k - mid;
            double ws = w * s;
            double wss = ws * s;
            s0 += w;
            s1 += ws;
            s2 += wss;
            s3 += wss * s;
            s4 += wss * s * s;
            r0 += w * y;
            r1 += ws * y;
            r2 += wss * y;
        }
        // Cramer's rule on the symmetric 3x3 normal equations.
        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        if (!(Math.abs(det) > 0)) {
            return null;
        }
        double c0 = (r0 * (s2 * s4 - s3 * s3) - s1 * (r1 * s4 - s3 * r2) + s2 * (r1 * s3 - s2 * r2)) / det;
        double c1 = (s0 * (r1 * s4 - r2 * s3) - r0 * (s1 * s4 - s3 * s2) + s2 * (s1 * r2 - r1 * s2)) / det;
        double c2 = (s0 * (s2 * r2 - s3 * r1) - s1 * (s1 * r2 - s3 * r0) + r0 * (s1 * s3 - s2 * s2)) / det;
        if (!(c2 > 0)) {
            return null;
        }
        double sv = -c1 / (2 * c2);
        double yv = c0 - c1 * c1 / (4 * c2);
        if (!(yv > 0)) {
            return null;
        }
        // Parameters p = {x0 (centred), A, h, B}.
        double[] p = {sv, 1 / yv, Math.sqrt(yv / c2), 0};
        double[] trial = new double[4];
        double[] m = new double[20]; // 4x4 normal matrix with the right-hand side as a fifth column
        double[] g = new double[4];
        double[] work = new double[20];
        double cost = cost(t, lo, hi, mid, p);
        double lambda = 1e-3;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            java.util.Arrays.fill(m, 0);
            for (int k = lo; k <= hi; k++) {
                double u = (k - mid - p[0]) / p[2];
                double l = 1 / (1 + u * u);
                double resid = t[k] - (p[1] * l + p[3]);
                g[0] = p[1] * 2 * u / p[2] * l * l;   // dI/dx0
                g[1] = l;                              // dI/dA
                g[2] = g[0] * u;                       // dI/dh
                g[3] = 1;                              // dI/dB
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c <= r; c++) {
                        m[r * 5 + c] += g[r] * g[c];
                    }
                    m[r * 5 + 4] += g[r] * resid;
                }
            }
            for (int r = 0; r < 4; r++) {
                for (int c = r + 1; c < 4; c++) {
                    m[r * 5 + c] = m[c * 5 + r];
                }
            }
            boolean improved = false;
            while (lambda < 1e12) {
                if (step(m, lambda, p, trial, work)) {
                    double tc = cost(t, lo, hi, mid, trial);
                    if (tc < cost) {
                        boolean converged = Math.abs(trial[0] - p[0]) < 1e-9 && cost - tc < 1e-15 * (1 + cost);
                        System.arraycopy(trial, 0, p, 0, 4);
                        cost = tc;
                        lambda = Math.max(1e-9, lambda / 10);
                        improved = !converged;
                        break;
                    }
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        if (!(p[1] > 0 && p[2] > 0) || Math.abs(p[0]) > 0.5 * (hi - lo)) {
            return null;
        }
        return new Result(mid + p[0], p[1], p[2], p[3]);
    }

    /** Damped Gauss-Newton step from {@code p} into {@code out}; false when the system is singular. */
    private static boolean step(double[] normal, double lambda, double[] p, double[] out, double[] a) {
        System.arraycopy(normal, 0, a, 0, 20);
        for (int r = 0; r < 4; r++) {
            a[r * 5 + r] *= 1 + lambda;
        }
        // Gaussian elimination with partial pivoting.
        for (int col = 0; col < 4; col++) {
            int piv = col;
            for (int r = col + 1; r < 4; r++) {
                if (Math.abs(a[r * 5 + col]) > Math.abs(a[piv * 5 + col])) {
                    piv = r;
                }
            }
            if (!(Math.abs(a[piv * 5 + col]) > 0)) {
                return false;
            }
            if (piv != col) {
                for (int c = 0; c < 5; c++) {
                    double tmp = a[col * 5 + c];
                    a[col * 5 + c] = a[piv * 5 + c];
                    a[piv * 5 + c] = tmp;
                }
            }
            for (int r = col + 1; r < 4; r++) {
                double f = a[r * 5 + col] / a[col * 5 + col];
                for (int c = col; c < 5; c++) {
                    a[r * 5 + c] -= f * a[col * 5 + c];
                }
            }
        }
        for (int r = 3; r >= 0; r--) {
            double v = a[r * 5 + 4];
            for (int c = r + 1; c < 4; c++) {
                v -= a[r * 5 + c] * out[c];
            }
            out[r] = v / a[r * 5 + r];
        }
        for (int r = 0; r < 4; r++) {
            out[r] += p[r];
        }
        return out[2] > 0;
    }

    private static double cost(double[] t, int lo, int hi, double mid, double[] p) {
        double sum = 0;
        for (int k = lo; k <= hi; k++) {
            double u = (k - mid - p[0]) / p[2];
            double r = t[k] - (p[1] / (1 + u * u) + p[3]);
            sum += r * r;
        }
        return sum;
    }
}
