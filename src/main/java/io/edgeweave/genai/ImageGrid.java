package io.edgeweave.genai;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import io.edgeweave.metrics.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of generated images: one band per row label (e.g. a strategy), one column per class, each cell a
 * few images stacked. Pixels in [0, 1] are drawn dark on light, as Fashion-MNIST is usually shown.
 */
public final class ImageGrid {
  private static final int SIDE = 28;
  private static final int SCALE = 2;
  private static final int CELL = SIDE * SCALE;
  private static final int GAP = 4;
  private static final int LABEL_WIDTH = 150;
  private static final int HEADER = 22;

  /**
   * One band.
   *
   * @param cells {@code cells[column][k]}: image k of that column, 784 pixels each; a column may be empty
   */
  public record Band(String label, float[][][] cells) {}

  private ImageGrid() {}

  public static void write(Path file, List<String> columns, List<Band> bands) throws IOException {
    int perCell = bands.stream().flatMap(b -> java.util.Arrays.stream(b.cells())).mapToInt(c -> c.length).max().orElse(1);
    int bandHeight = perCell * CELL + GAP;
    int width = LABEL_WIDTH + columns.size() * (CELL + GAP);
    int height = HEADER + bands.size() * bandHeight;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int c = 0; c < columns.size(); c++) g.drawString(columns.get(c), LABEL_WIDTH + c * (CELL + GAP), HEADER - 7);
    for (int b = 0; b < bands.size(); b++) {
      Band band = bands.get(b);
      int top = HEADER + b * bandHeight;
      g.setColor(Color.BLACK);
      g.drawString(band.label(), 4, top + CELL / 2);
      for (int c = 0; c < band.cells().length; c++) {
        for (int k = 0; k < band.cells()[c].length; k++) {
          draw(image, band.cells()[c][k], LABEL_WIDTH + c * (CELL + GAP), top + k * CELL);
        }
      }
    }
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    AtomicFiles.write(file, png.toByteArray());
  }

  private static void draw(BufferedImage image, float[] pixels, int left, int top) {
    if (pixels.length != SIDE * SIDE) throw new IllegalArgumentException("a cell holds 28×28 pixels, got " + pixels.length);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int v = 255 - Math.round(255 * Math.min(1, Math.max(0, pixels[y * SIDE + x])));
        int rgb = (v << 16) | (v << 8) | v;
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) image.setRGB(left + x * SCALE + dx, top + y * SCALE + dy, rgb);
        }
      }
    }
  }
}
