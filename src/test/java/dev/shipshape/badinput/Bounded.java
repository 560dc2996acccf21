package dev.shipshape.badinput;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Runs one input through the code under test on a thread of its own, with a time limit, and measures the bytes
 * that thread allocated: a hang becomes a timeout instead of a stuck build, and the allocation bounds the memory
 * the input could have taken.
 */
final class Bounded {

    /** Far longer than any input needs; only a hang reaches it. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Bounded() {
    }

    /**
     * What one run did: returned {@code value}, or threw {@code thrown}, or did not end within the time limit.
     *
     * @param allocatedBytes bytes allocated by the thread that ran the task, -1 when the JVM cannot tell
     */
    record Run<T>(T value, Throwable thrown, boolean timedOut, long allocatedBytes, Duration elapsed) {

        /**
         * The verdict on this run: a hang or a crash is a violation in itself; otherwise {@code judge} adds what is
         * wrong with the value to the list it is given and names the outcome.
         */
        Verdict verdict(int inputBytes, BiFunction<T, List<String>, String> judge) {
            List<String> violations = new ArrayList<>();
            String outcome;
            if (timedOut) {
                violations.add("no result within " + TIME_LIMIT.toSeconds() + " s");
                outcome = "hang";
            } else if (thrown != null) {
                violations.add("uncaught " + Verdict.stackTrace(thrown));
                outcome = "crash";
            } else {
                outcome = judge.apply(value, violations);
            }
            return new Verdict(violations, outcome, inputBytes, allocatedBytes, elapsed);
        }

        /** The value, or an AssertionError describing why there is none. */
        T valueOrFail() {
            if (timedOut) {
                throw new AssertionError("no result within " + TIME_LIMIT.toSeconds() + " s: a hang");
            }
            if (thrown != null) {
                throw new AssertionError("threw " + thrown, thrown);
            }
            return value;
        }
    }

    static <T> Run<T> run(Callable<T> task) {
        return run(TIME_LIMIT, task);
    }

    static <T> Run<T> run(Duration limit, Callable<T> task) {
        long[] allocated = {-1};
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            long id = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(id);
            try {
                T value = task.call();
                allocated[0] = allocatedSince(id, before);
                result.complete(value);
            } catch (Throwable e) {
                allocated[0] = allocatedSince(id, before);
                result.completeExceptionally(e);
            }
        }, "bad-input");
        thread.setDaemon(true);
        long started = System.nanoTime();
        thread.start();
        try {
            T value = result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            thread.join();
            return new Run<>(value, null, false, allocated[0], Duration.ofNanos(System.nanoTime() - started));
        } catch (ExecutionException e) {
            join(thread);
            return new Run<>(null, e.getCause(), false, allocated[0], Duration.ofNanos(System.nanoTime() - started));
        } catch (TimeoutException e) {
            thread.interrupt();
            return new Run<>(null, null, true, -1, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an input to be processed", e);
        }
    }

    private static long allocatedSince(long threadId, long before) {
        return before < 0 ? -1 : THREADS.getThreadAllocatedBytes(threadId) - before;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
