package dev.shipshape.webhook;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;

/**
 * A request body as it arrives: in one array of the declared length, allocated with the first chunk, or in one that
 * grows when no length was declared; never past the limit.
 */
final class RequestBody {

    private static final byte[] NONE = new byte[0];

    private final long declaredLength;
    private final int limit;
    private byte[] bytes = NONE;
    private int length;

    /** {@code declaredLength} is the Content-Length, or negative when none was sent. */
    RequestBody(long declaredLength, int limit) {
        this.declaredLength = declaredLength;
        this.limit = limit;
    }

    /** Appends a chunk, or returns false, keeping nothing of it, if the body would pass the limit. */
    boolean append(Buffer chunk) {
        int needed = length + chunk.length();
        if (needed > limit || needed < 0) {
            return false;
        }
        if (needed > bytes.length) {
            int capacity = declaredLength >= needed ? (int) declaredLength
                    : Math.min(limit, Math.max(needed, 2 * bytes.length));
            bytes = Arrays.copyOf(bytes, capacity);
        }
        chunk.getBytes(0, chunk.length(), bytes, length);
        length = needed;
        return true;
    }

    int length() {
        return length;
    }

    /** The body, in the array it was read into when that is full. */
    byte[] bytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
