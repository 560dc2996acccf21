package dev.shipshape.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/** Bytes kept compressed in memory, written and read as streams: a pod template's JSON takes about a third. */
public final class Deflated {

    /** Writes to an output stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private Deflated() {
    }

    /** What {@code writer} writes, compressed fast. */
    public static byte[] of(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            writer.write(out);
        } finally {
            // a stream given its own Deflater leaves it to the caller to free its native memory
            deflater.end();
        }
        return bytes.toByteArray();
    }

    /** The original bytes of {@code deflated}, to read once. */
    public static InputStream read(byte[] deflated) {
        return new InflaterInputStream(new ByteArrayInputStream(deflated));
    }
}
