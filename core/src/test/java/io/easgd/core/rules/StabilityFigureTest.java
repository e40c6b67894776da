package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The paper's side-by-side figure, drawn from {@link StabilityGrid}: for p = 3 and p = 8, EASGD's cycle radius
 * over η ∈ (0, 2) × α ∈ (0, 1) beside ADMM's over η ∈ (0, 0.01) × ρ ∈ (0, 10), 50 × 50 cells each, the cells
 * where ADMM diverges and EASGD with α = ηρ does not outlined; the colours of the UI's Stability page. Written as
 * PNG (java.awt, headless) to {@code core/target/stability/stability.png}, and into {@code docs/} with
 * <pre>mvn -B -o -q -pl core test -Dtest=StabilityFigureTest -Dstability.figure.dir=$PWD/docs</pre>
 */
class StabilityFigureTest {
    static final int CELLS = 50;
    static final int CELL = 6;
    static final int PANEL = CELLS * CELL;
    static final int LEFT = 60;
    static final int TOP = 50;
    static final int GAP = 100;
    static final int ROW_H = PANEL + 90;

    @Test
    void drawsTheSideBySideFigureForThePapersP() throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = LEFT + 2 * PANEL + GAP + 40;
        int height = TOP + 2 * ROW_H;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("Spectral radius of one round-robin cycle on f = x^2/2 (tau = 1). Blue converges, orange/red "
                + "diverges;", 10, 18);
        g.drawString("outlined: ADMM diverges where EASGD with the same eta and alpha = eta*rho converges.", 10, 34);
        int[] ps = {3, 8};
        for (int row = 0; row < ps.length; row++) {
            int p = ps[row];
            StabilityGrid.Result r = StabilityGrid.compute(p, new StabilityGrid.Axis("eta", 0, 2, CELLS),
                    new StabilityGrid.Axis("alpha", 0, 1, CELLS), new StabilityGrid.Axis("eta", 0, 0.01, CELLS),
                    new StabilityGrid.Axis("rho", 0, 10, CELLS));
            int y0 = TOP + 20 + row * ROW_H;
            panel(g, LEFT, y0, "EASGD, p = " + p + ": diverges in " + r.easgdDiverging() + " of " + CELLS * CELLS,
                    "eta", "alpha", r.easgdEta(), r.alpha(), r.easgd(), null);
            panel(g, LEFT + PANEL + GAP, y0, "ADMM, p = " + p + ": diverges in " + r.admmDiverging() + "; EASGD (alpha = "
                    + "eta*rho) in " + (r.admmDiverging() - r.admmOnlyCount()) + " of them",
                    "eta", "rho", r.admmEta(), r.rho(), r.admm(), r.admmOnly());
            System.out.printf("p=%d: EASGD diverges in %d of %d cells; ADMM in %d, of which EASGD (alpha = eta rho) "
                    + "converges in %d%n", p, r.easgdDiverging(), CELLS * CELLS, r.admmDiverging(), r.admmOnlyCount());
            assertThat(r.admmOnlyCount()).isPositive().isEqualTo(r.admmDiverging());
        }
        g.dispose();

        Path out = Path.of("target", "stability", "stability.png");
        Files.createDirectories(out.getParent());
        assertThat(ImageIO.write(img, "png", out.toFile())).isTrue();
        assertThat(Files.size(out)).isGreaterThan(10_000);
        String dir = System.getProperty("stability.figure.dir");
        if (dir != null && !dir.isBlank()) {
            Files.copy(out, Path.of(dir, "stability.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void panel(Graphics2D g, int x0, int y0, String title, String xName, String yName,
                              StabilityGrid.Axis xs, StabilityGrid.Axis ys, double[][] radius, boolean[][] marked) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, x0, y0 - 8);
        for (int i = 0; i < xs.cells(); i++) {
            for (int j = 0; j < ys.cells(); j++) {
                g.setColor(color(radius[i][j]));
                g.fillRect(x0 + i * CELL, y0 + PANEL - (j + 1) * CELL, CELL, CELL);
            }
        }
        if (marked != null) {
            g.setColor(new Color(17, 17, 17));
            g.setStroke(new BasicStroke(1f));
            for (int i = 0; i < xs.cells(); i++) {
                for (int j = 0; j < ys.cells(); j++) {
                    if (marked[i][j]) {
                        g.drawRect(x0 + i * CELL + 1, y0 + PANEL - (j + 1) * CELL + 1, CELL - 3, CELL - 3);
                    }
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double f : new double[] {0, 0.5, 1}) {
            String xl = num(xs.min() + f * (xs.max() - xs.min()));
            g.drawString(xl, (int) (x0 + f * PANEL) - g.getFontMetrics().stringWidth(xl) / 2, y0 + PANEL + 14);
            String yl = num(ys.min() + f * (ys.max() - ys.min()));
            g.drawString(yl, x0 - 6 - g.getFontMetrics().stringWidth(yl), (int) (y0 + PANEL - f * PANEL) + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xName, x0 + PANEL / 2 - g.getFontMetrics().stringWidth(xName) / 2, y0 + PANEL + 32);
        AffineTransform keep = g.getTransform();
        g.rotate(-Math.PI / 2, x0 - 40, y0 + PANEL / 2.0);
        g.drawString(yName, x0 - 40 - g.getFontMetrics().stringWidth(yName) / 2, y0 + PANEL / 2);
        g.setTransform(keep);
    }

    /** As the UI's radiusColor: blue (25 % → 90 % lightness) up to 1, orange → dark red on log2 above 1. */
    static Color color(double r) {
        if (!Double.isFinite(r)) {
            return new Color(90, 0, 0);
        }
        if (r <= 1) {
            double t = Math.max(0, Math.min(1, r));
            return hsl(215, 0.70, (25 + 65 * t) / 100);
        }
        double t = Math.max(0, Math.min(1, Math.log(r) / Math.log(2)));
        return hsl(30 - 30 * t, 0.90, (60 - 35 * Math.sqrt(t)) / 100);
    }

    /** CSS hsl() to RGB. */
    static Color hsl(double h, double s, double l) {
        double c = (1 - Math.abs(2 * l - 1)) * s;
        double hp = h / 60;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double[] rgb = hp < 1 ? new double[] {c, x, 0} : hp < 2 ? new double[] {x, c, 0} : hp < 3 ? new double[] {0, c, x}
                : hp < 4 ? new double[] {0, x, c} : hp < 5 ? new double[] {x, 0, c} : new double[] {c, 0, x};
        double m = l - c / 2;
        return new Color((float) (rgb[0] + m), (float) (rgb[1] + m), (float) (rgb[2] + m));
    }

    private static String num(double v) {
        return v == 0 ? "0" : String.valueOf(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v)));
    }
}
