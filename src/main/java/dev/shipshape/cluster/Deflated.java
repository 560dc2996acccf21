package dev.shipshape.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Bytes kept compressed in memory, written and read as streams: a pod template's JSON takes about a third. Each
 * thread reuses one Deflater and one Inflater: zlib's state is a few hundred KB of native memory, and allocating it
 * for every one of thousands of objects listed leaves the process's native heap fragmented.
 */
public final class Deflated {

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(
            () -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

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
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    /** The original bytes of {@code deflated}, to read once on this thread. */
    public static InputStream read(byte[] deflated) {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        return new FilterInputStream(new InflaterInputStream(new ByteArrayInputStream(deflated), inflater)) {
            @Override
            public void close() {
                // the Inflater is this thread's, kept for the next read; there is nothing else to release
            }
        };
    }
}
