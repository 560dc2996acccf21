package dev.shipshape.cluster;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A pool of byte arrays by content, counted: equal arrays are held once for as long as anyone holds one, so that
 * many workloads with the same template cost its bytes once.
 */
final class SharedBytes {

    private static final class Shared {
        private final byte[] bytes;
        private int holders;

        Shared(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private final Map<ByteBuffer, Shared> pool = new HashMap<>();

    /** The pooled array equal to {@code bytes} (or {@code bytes}, now pooled), with one more holder. */
    synchronized byte[] acquire(byte[] bytes) {
        Shared shared = pool.computeIfAbsent(ByteBuffer.wrap(bytes), key -> new Shared(bytes));
        shared.holders++;
        return shared.bytes;
    }

    /** One holder fewer of the pooled array equal to {@code bytes}; gone with the last. */
    synchronized void release(byte[] bytes) {
        ByteBuffer key = ByteBuffer.wrap(bytes);
        Shared shared = pool.get(key);
        if (shared != null && --shared.holders == 0) {
            pool.remove(key);
        }
    }

    /** Distinct arrays held. */
    synchronized int size() {
        return pool.size();
    }
}
