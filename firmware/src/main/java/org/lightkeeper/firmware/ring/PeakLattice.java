package org.lightkeeper.firmware.ring;

import java.util.Arrays;

/**
 * What one waveguide's lockstep sweep says about each ring, read from the peak matrix alone: a ring
 * heated at a steady rate meets the comb's lines one after another, so its peaks sit on a lattice
 * {@code p = k (u - cold)}, with k its heater power per line spacing, cold its unheated resonance in
 * line units and u the line's index, unrolled across resonance orders (after the last line comes the
 * first again, one comb period, {@link #periodLines} spacings, further on). Fitting that lattice per
 * ring gives three things the raw peaks do not:
 * <ul>
 *   <li>each ring's own efficiency (1/k), so lock powers need not assume nominal heaters;</li>
 *   <li>which peaks are not the ring's own: an upstream ring crossing the same line cuts off the light
 *       on a rising tail and leaves a peak where the ring meets no line; it falls off the lattice;</li>
 *   <li>where a line lies that the ring does meet but whose peak was lost (at the sweep's first or
 *       last step, or taken by an upstream ring crossing the same line at the same power), predicted
 *       from the ring's other peaks;</li>
 * </ul>
 * and the position of every line in the ring's own frame ({@link #frame}): cold resonance plus the
 * shift, in line spacings; keeping the comb order compares its integer {@link #rank} along the waveguide.
 * Assumes the rings' design step is the comb's line spacing, as the cyclic assignment does.
 */
final class PeakLattice {
    /**
     * A peak further than this, in line spacings, from its ring's lattice is not the ring's own. The
     * shadowing skew of a genuine peak is up to about half a linewidth (0.1 spacing at 200 GHz, 0.2 at
     * 100 GHz); the phantoms of the arbitration benchmark sit a whole spacing or more away.
     */
    static final double TOLERANCE_LINES = 0.3;

    /**
     * A peak with an upstream ring's peak on the same line nearer than this (sweep power) is shadowed:
     * the upstream ring takes most of the light as it crosses, so the light reaching this ring dips
     * and its peak is pushed away, by up to 0.8 mW when the two cross 0.1-0.5 mW apart (arbitration
     * benchmark). One linewidth: the devkit's 0.25 nm over a lockstep rate of 0.3 nm/mW. Shadowed
     * peaks are left out of the fit and replaced by it.
     */
    static final double SHADOW_MW = 0.8;

    /**
     * A ring's own comb period is believed within this fraction of the waveguide's median: three times
     * the FSR spread the simulator draws (+-1 %, docs/physics.md; DESIGN.md section 2 gives no figure).
     */
    static final double OWN_PERIOD_TRUST = 0.03;

    /**
     * How unsure a shadowed peak is that could not be replaced by the fit (too few clean peaks, or none
     * in its resonance order), added to the ring's misfit: the shadow pushes a peak by 0.1-0.8 mW
     * (bench-arbitration --failures: 0.2-0.5 mW in most of the failing engines).
     */
    static final double SHADOW_UNSURE_MW = 0.4;

    /** Fewest unshadowed peaks a ring's fit needs before its shadowed peaks are replaced by the fit. */
    static final int MIN_CLEAN = 3;

    /** Heater power per line spacing, per ring (lockstep sweep, so neighbours' crosstalk included). */
    final double[] mwPerLine;
    /** Unheated resonance per ring, in line units, unrolled so that ring j sits near j plus a common offset. */
    final double[] coldLines;
    /**
     * Per ring, how far its measured peaks lie from its fitted lattice at worst (phantoms aside), mW:
     * near 0 for a clean ring; a shadowed ring's peaks, and so its estimates, are as unsure.
     */
    final double[] misfitMw;
    /** Comb period in ring frame: line spacings from a line to the same line one resonance order on. */
    final double periodLines;
    /**
     * Per ring, its own comb period where its sweep met the last line and then the first one order on
     * (NaN elsewhere): the rings' FSRs spread (1 % on the simulator, a tenth of a spacing), which the
     * waveguide's median {@link #periodLines} does not see. A line hop across the comb's end needs it.
     */
    final double[] ownPeriodLines;
    /** Peaks kept (on the lattice) plus lines predicted where the ring's peak was lost; NaN elsewhere. */
    final double[][] powerMw;

    private PeakLattice(double[] mwPerLine, double[] coldLines, double periodLines, double[] ownPeriodLines, double[][] powerMw,
                        double[] misfitMw) {
        this.ownPeriodLines = ownPeriodLines;
        this.mwPerLine = mwPerLine;
        this.misfitMw = misfitMw;
        this.coldLines = coldLines;
        this.periodLines = periodLines;
        this.powerMw = powerMw;
    }

    /** Line l's position in ring j's frame (line spacings, comparable along the waveguide), NaN if not met. */
    double frame(int j, int l) {
        return coldLines[j] + powerMw[j][l] / mwPerLine[j];
    }

    /**
     * Line l as ring j meets it, ranked along the comb unrolled across resonance orders: l plus the
     * comb's L lines times the ring's order (relative to the cluster), NaN if not met. The comb spans
     * less than an FSR (L - 1 spacings under {@link #periodLines}), so ranks order exactly as the
     * positions in ring frame do, but as integers: the fit's noise (a tenth of a spacing or two in
     * ring frame, the rings' FSRs differing by +-1 %) cannot blur the half-spacing step across the wrap.
     */
    double rank(int j, int l) {
        int lines = powerMw[j].length;
        return l + lines * Math.rint((frame(j, l) - l) / periodLines);
    }

    /**
     * @param peakMw {@code peakMw[j][l]}: sweep power at ring j's peak on line l (wavelength order), NaN none
     * @param maxMw  highest sweep power a prediction may be placed at
     */
    static PeakLattice fit(double[][] peakMw, double maxMw) {
        int rings = peakMw.length;
        int lines = peakMw[0].length;
        double[] k = new double[rings];
        double[] all = new double[rings * lines];
        int nAll = 0;
        for (int j = 0; j < rings; j++) {
            double[] d = new double[lines];
            int n = 0;
            for (int l = 0; l + 1 < lines; l++) {
                double step = peakMw[j][l + 1] - peakMw[j][l];
                if (step > 0) { // NaN compares false
                    d[n++] = step;
                    all[nAll++] = step;
                }
            }
            k[j] = n == 0 ? Double.NaN : median(d, n);
        }
        double typical = nAll == 0 ? Double.NaN : median(all, nAll);
        for (int j = 0; j < rings; j++) {
            // One or two steps can be a phantom's: trust a ring's own step only near the waveguide's.
            if (!(k[j] > 0.5 * typical && k[j] < 2 * typical)) {
                k[j] = typical;
            }
        }
        if (!(typical > 0)) {
            // No ring met two neighbouring lines: nothing to fit; the peaks stand as measured.
            return new PeakLattice(filled(rings, 1), new double[rings], lines, filled(rings, Double.NaN), copy(peakMw), new double[rings]);
        }
        // The gap between the last line and the first one order on, where a ring's sweep crosses it.
        double[] gaps = new double[rings];
        double[] own = filled(rings, Double.NaN);
        int nGaps = 0;
        for (int j = 0; j < rings; j++) {
            double g = (peakMw[j][0] - peakMw[j][lines - 1]) / k[j];
            if (g > 0.5 && g < 1.5) {
                gaps[nGaps++] = g;
                own[j] = lines - 1 + g;
            }
        }
        double period = lines - 1 + (nGaps == 0 ? 1 : median(gaps, nGaps));
        for (int j = 0; j < rings; j++) {
            // A ring's own period is trusted within OWN_PERIOD_TRUST of the median (FSR spread 1 %, peaks
            // a few hundredths of a spacing): further off, a phantom or shadowed peak made it.
            if (!(Math.abs(own[j] - period) <= OWN_PERIOD_TRUST * period)) {
                own[j] = Double.NaN;
            }
        }

        double[] cold = new double[rings];
        double[] misfit = new double[rings];
        double[][] kept = new double[rings][lines];
        int[] group = new int[lines];
        double sx = 0;
        double sy = 0;
        for (int j = 0; j < rings; j++) {
            boolean[] shadowed = shadowed(peakMw, j);
            double c0 = coldOf(peakMw[j], k[j], period);
            // Peaks on the lattice, each tagged with its resonance order relative to c0's (-1, 0 or +1).
            for (int l = 0; l < lines; l++) {
                double p = peakMw[j][l];
                kept[j][l] = Double.NaN;
                if (Double.isNaN(p)) {
                    continue;
                }
                double u = unrolled(l, c0 + p / k[j], period);
                int g = (int) Math.rint((u - l) / period);
                if (Math.abs(u - c0 - p / k[j]) <= TOLERANCE_LINES && Math.abs(g) <= 1) {
                    kept[j][l] = p;
                    group[l] = g;
                }
            }
            int clean = 0;
            for (int l = 0; l < lines; l++) {
                clean += !Double.isNaN(kept[j][l]) && !shadowed[l] ? 1 : 0;
            }
            // Fit on the unshadowed peaks when there are enough of them (a shadowed peak can be 0.8 mW off).
            boolean[] fitted = new boolean[lines];
            for (int l = 0; l < lines; l++) {
                fitted[l] = !Double.isNaN(kept[j][l]) && (clean < MIN_CLEAN || !shadowed[l]);
            }
            // Slope pooled within each order: the step across orders is the ring's own FSR, which the
            // comb period only approximates (the FSR spread moves it by a tenth of a spacing).
            double sxx = 0;
            double sxy = 0;
            double[] yMean = new double[3];
            int[] yCount = new int[3];
            for (int pass = 0; pass < 2; pass++) {
                for (int g = -1; g <= 1; g++) {
                    double su = 0;
                    double sp = 0;
                    int n = 0;
                    for (int l = 0; l < lines; l++) {
                        if (fitted[l] && group[l] == g) {
                            su += l;
                            sp += kept[j][l];
                            n++;
                        }
                    }
                    if (n == 0) {
                        continue;
                    }
                    if (pass == 1) {
                        yMean[g + 1] = (su - sp / k[j]) / n;
                        yCount[g + 1] = n;
                        continue;
                    }
                    for (int l = 0; l < lines; l++) {
                        if (fitted[l] && group[l] == g) {
                            sxx += (l - su / n) * (l - su / n);
                            sxy += (l - su / n) * (kept[j][l] - sp / n);
                        }
                    }
                }
                if (pass == 0 && sxx > 0) {
                    double slope = sxy / sxx;
                    if (slope > 0.5 * typical && slope < 2 * typical) {
                        k[j] = slope;
                    }
                }
            }
            // Cold resonance from the order with the most peaks; line l in order g lies at
            // l - y_g in line units of heating, y_g = cold - g FSR.
            int main = yCount[1] >= Math.max(yCount[0], yCount[2]) ? 1 : yCount[0] >= yCount[2] ? 0 : 2;
            cold[j] = yCount[main] > 0 ? yMean[main] + (main - 1) * period : c0;
            for (int g = 0; g < 3; g++) {
                if (yCount[g] == 0) {
                    yMean[g] = cold[j] - (g - 1) * period;
                }
            }
            for (int l = 0; l < lines; l++) {
                if (!Double.isNaN(kept[j][l]) && yCount[group[l] + 1] > 0) {
                    misfit[j] = Math.max(misfit[j], Math.abs(kept[j][l] - k[j] * (l - yMean[group[l] + 1])));
                }
            }
            for (int l = 0; l < lines; l++) {
                // A shadowed peak is replaced by the fit of its own order's clean peaks (from another
                // order the ring's own FSR would be guessed, a few tenths of a mW less sure than the peak).
                if (clean >= MIN_CLEAN && shadowed[l] && !Double.isNaN(kept[j][l]) && yCount[group[l] + 1] > 0) {
                    kept[j][l] = k[j] * (l - yMean[group[l] + 1]);
                } else if (shadowed[l] && !Double.isNaN(kept[j][l])) {
                    misfit[j] = Math.max(misfit[j], SHADOW_UNSURE_MW);
                }
            }
            for (int l = 0; l < lines; l++) {
                if (!Double.isNaN(kept[j][l]) || !lineSeen(peakMw, l) || yCount[0] + yCount[1] + yCount[2] < 2) {
                    continue; // a peak stands; a line no ring saw was dark; one peak predicts nothing
                }
                for (int g = 0; g < 3; g++) {
                    double p = k[j] * (l - yMean[g]);
                    if (p >= 0 && p <= maxMw) {
                        kept[j][l] = p;
                    }
                }
            }
            for (int l = 0; l < lines; l++) {
                // A peak dropped from the lattice but less than a spacing off (phantoms lie a spacing or
                // more away) says the fit itself is unsure: shadowed peaks tilted it.
                double off = Math.abs(peakMw[j][l] - kept[j][l]);
                if (off < k[j]) { // NaN compares false
                    misfit[j] = Math.max(misfit[j], off);
                }
            }
            double th = 2 * Math.PI * (cold[j] - j) / period;
            sx += Math.cos(th);
            sy += Math.sin(th);
        }
        double centre = Math.atan2(sy, sx) * period / (2 * Math.PI);
        for (int j = 0; j < rings; j++) {
            // Rings' cold resonances cluster round their design slots (fabrication spread): unroll each
            // into the cluster, so a line's position in ring frame compares along the waveguide.
            cold[j] -= period * Math.rint((cold[j] - j - centre) / period);
        }
        return new PeakLattice(k, cold, period, own, kept, misfit);
    }

    /** Per line, whether ring j's peak on it has an upstream ring's peak within {@link #SHADOW_MW}. */
    private static boolean[] shadowed(double[][] peakMw, int j) {
        boolean[] s = new boolean[peakMw[j].length];
        for (int l = 0; l < s.length; l++) {
            for (int i = 0; i < j && !s[l]; i++) {
                s[l] = Math.abs(peakMw[i][l] - peakMw[j][l]) < SHADOW_MW; // NaN compares false
            }
        }
        return s;
    }

    /** The ring's cold resonance (line units, modulo the period): the one most of its peaks agree on. */
    private static double coldOf(double[] row, double k, double period) {
        double best = Double.NaN;
        int bestVotes = 0;
        for (int a = 0; a < row.length; a++) {
            if (Double.isNaN(row[a])) {
                continue;
            }
            double ya = a - row[a] / k;
            int votes = 0;
            double sum = 0;
            for (int b = 0; b < row.length; b++) {
                if (Double.isNaN(row[b])) {
                    continue;
                }
                double yb = b - row[b] / k;
                double d = yb - ya - period * Math.rint((yb - ya) / period);
                if (Math.abs(d) <= TOLERANCE_LINES) {
                    votes++;
                    sum += d;
                }
            }
            if (votes > bestVotes) {
                bestVotes = votes;
                best = ya + sum / votes;
            }
        }
        return Double.isNaN(best) ? 0 : best;
    }

    /** Line l's unrolled index (l plus whole periods) nearest {@code near}. */
    private static double unrolled(int l, double near, double period) {
        return l + period * Math.rint((near - l) / period);
    }

    private static boolean lineSeen(double[][] m, int l) {
        for (double[] row : m) {
            if (!Double.isNaN(row[l])) {
                return true;
            }
        }
        return false;
    }

    private static double median(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int j = 0; j < m.length; j++) {
            c[j] = m[j].clone();
        }
        return c;
    }
}
