package io.genpipe.contracts.catalog;

/** An image size in pixels, written {@code WIDTHxHEIGHT} as the vendors write it. */
public record Size(int width, int height) {

    public Size {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a size needs positive sides, was " + width + "x" + height);
        }
    }

    /** @throws IllegalArgumentException unless {@code text} is {@code WIDTHxHEIGHT} */
    public static Size parse(String text) {
        int x = text == null ? -1 : text.indexOf('x');
        if (x < 1 || !text.substring(0, x).matches("\\d{1,6}") || !text.substring(x + 1).matches("\\d{1,6}")) {
            throw new IllegalArgumentException("a size is WIDTHxHEIGHT (e.g. 1024x768), was '" + text + "'");
        }
        return new Size(Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Long side over short side: 1 for a square, 3 for 3:1 and 1:3 alike. */
    public double aspect() {
        return (double) Math.max(width, height) / Math.min(width, height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
