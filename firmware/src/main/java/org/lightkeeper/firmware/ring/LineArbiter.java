package org.lightkeeper.firmware.ring;

/**
 * Assigns each ring of one waveguide its own laser line (DESIGN.md section 3): the rings, in light
 * order, take consecutive lines of the comb in wavelength order, cyclically (ring j gets line
 * (a + j) mod L), so no two rings share a line and the comb order is kept; among the shifts
 * {@code a} for which every ring can reach its line, the one with the least total heater power
 * wins. When no shift serves every ring, the shift serving the most rings is taken and the rest are
 * left unassigned (-1).
 */
public final class LineArbiter {
    private LineArbiter() {
    }

    /**
     * @param powerMw {@code powerMw[j][l]}: heater power at which ring j (light order) met line l
     *                (wavelength order) in its sweep, NaN if it never did
     * @return line index (wavelength order) per ring, -1 for none
     */
    public static int[] assign(double[][] powerMw) {
        int rings = powerMw.length;
        int lines = rings == 0 ? 0 : powerMw[0].length;
        int[] best = new int[rings];
        java.util.Arrays.fill(best, -1);
        int bestServed = 0;
        double bestCost = Double.MAX_VALUE;
        for (int a = 0; a < lines; a++) {
            int served = 0;
            double cost = 0;
            for (int j = 0; j < rings && j < lines; j++) {
                double p = powerMw[j][(a + j) % lines];
                if (!Double.isNaN(p)) {
                    served++;
                    cost += p;
                }
            }
            if (served > bestServed || (served == bestServed && served > 0 && cost < bestCost)) {
                bestServed = served;
                bestCost = cost;
                for (int j = 0; j < rings; j++) {
                    int l = (a + j) % lines;
                    best[j] = j < lines && !Double.isNaN(powerMw[j][l]) ? l : -1;
                }
            }
        }
        return best;
    }
}
