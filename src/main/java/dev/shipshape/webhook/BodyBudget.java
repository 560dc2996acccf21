package dev.shipshape.webhook;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of large review bodies the admission server may hold at once, across all its event loops, from the
 * first byte received until the answer is sent. A request that would take more than is left waits, unread, in
 * arrival order, until earlier ones have been answered, so the heap holds at most this many body bytes however many
 * clients send large reviews at once.
 */
final class BodyBudget {

    private final long capacity;
    private final ArrayDeque<Claim> waiting = new ArrayDeque<>();
    private long held;

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Claims {@code bytes} (at most the capacity) for one request; {@code granted} runs, on the caller's thread or
     * on the one whose release made room, once they are held.
     */
    Claim claim(long bytes, Runnable granted) {
        if (bytes > capacity) {
            throw new IllegalArgumentException("a claim of " + bytes + " bytes can never fit in " + capacity);
        }
        Claim claim = new Claim(bytes, granted);
        boolean now;
        synchronized (this) {
            now = waiting.isEmpty() && held + bytes <= capacity;
            if (now) {
                held += bytes;
                claim.state = State.HELD;
            } else {
                waiting.add(claim);
            }
        }
        if (now) {
            granted.run();
        }
        return claim;
    }

    synchronized long held() {
        return held;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void release(Claim claim) {
        List<Claim> granted = new ArrayList<>();
        synchronized (this) {
            if (claim.state == State.HELD) {
                held -= claim.bytes;
            } else if (claim.state == State.WAITING) {
                waiting.remove(claim);
            }
            claim.state = State.RELEASED;
            while (!waiting.isEmpty() && held + waiting.peek().bytes <= capacity) {
                Claim next = waiting.poll();
                held += next.bytes;
                next.state = State.HELD;
                granted.add(next);
            }
        }
        granted.forEach(next -> next.granted.run());
    }

    private enum State { WAITING, HELD, RELEASED }

    /** One request's share: released once its answer is sent or its connection closes, whichever comes first. */
    final class Claim {
        private final long bytes;
        private final Runnable granted;
        private State state = State.WAITING;

        private Claim(long bytes, Runnable granted) {
            this.bytes = bytes;
            this.granted = granted;
        }

        /** Gives the bytes back, or leaves the queue if still waiting; only the first call counts. */
        void release() {
            BodyBudget.this.release(this);
        }
    }
}
