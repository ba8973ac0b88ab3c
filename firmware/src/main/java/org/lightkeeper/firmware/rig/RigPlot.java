package org.lightkeeper.firmware.rig;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots and CSV files for rig sweeps (XChart, rendered headless: no display needed on the Pi). */
public final class RigPlot {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;

    /** A marked point with its label. */
    public record Mark(double x, double y, String label) {
    }

    /** An extra line drawn over the data (a fit). */
    public record Line(String name, double[] x, double[] y) {
    }

    private RigPlot() {
    }

    /** Renders a trace with marks and optional lines to {@code png}. */
    public static void png(Path png, String title, String xTitle, String yTitle, String traceName, double[] x, double[] y,
                           List<Mark> marks, List<Line> lines) throws IOException {
        png(png, title, xTitle, yTitle, traceName, x, y, "found", marks, lines);
    }

    /** As above, the marks' legend entry named {@code marksName} (with their count). */
    public static void png(Path png, String title, String xTitle, String yTitle, String traceName, double[] x, double[] y,
                           String marksName, List<Mark> marks, List<Line> lines) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        XYSeries trace = chart.addSeries(traceName, x, y);
        trace.setMarker(SeriesMarkers.NONE);
        trace.setLineColor(new Color(0x1f, 0x77, 0xb4));
        for (Line l : lines) {
            XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0x2c, 0xa0, 0x2c));
            s.setLineStyle(SeriesLines.DASH_DASH);
        }
        double span = 0;
        for (double v : y) {
            span = Math.max(span, Math.abs(v));
        }
        if (span > 0) {
            chart.getStyler().setYAxisMax(span * 1.12); // room for the marks' labels under the title
        }
        if (!marks.isEmpty()) {
            double[] mx = new double[marks.size()];
            double[] my = new double[marks.size()];
            for (int i = 0; i < mx.length; i++) {
                mx[i] = marks.get(i).x();
                my[i] = marks.get(i).y();
                chart.addAnnotation(new AnnotationText(marks.get(i).label(), mx[i], my[i] + 0.04 * span, false));
            }
            XYSeries m = chart.addSeries(String.format(Locale.ROOT, "%s (%d)", marksName, mx.length), mx, my);
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.DIAMOND);
            m.setMarkerColor(new Color(0xd6, 0x27, 0x28));
        }
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!javax.imageio.ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** Writes columns as CSV with a header line; values with plain decimal points. */
    public static void csv(Path file, String header, double[]... columns) throws IOException {
        StringBuilder b = new StringBuilder(header).append('\n');
        for (int r = 0; r < columns[0].length; r++) {
            for (int c = 0; c < columns.length; c++) {
                b.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", columns[c][r]));
            }
            b.append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b);
    }
}
