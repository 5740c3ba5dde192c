package io.genpipe.infra;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Starts one server on its own thread while the caller starts another, and cleans up when the caller gives up.
 * Public only because the test kit in {@code io.genpipe.infra.test} starts its servers the same way.
 */
public final class BackgroundStart {

    private BackgroundStart() {
    }

    public static <T> CompletableFuture<T> run(String threadName, Supplier<T> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(start.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Waits for the start and rethrows its failure as it was thrown. */
    public static <T> T await(CompletableFuture<T> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** For when the caller failed first: whatever the background start produces is closed, not leaked. */
    public static <T extends AutoCloseable> void closeWhenStarted(CompletableFuture<T> start) {
        start.thenAccept(started -> {
            try {
                started.close();
            } catch (Exception e) {
                // The caller is already failing with its own, more relevant, exception.
            }
        });
    }
}
