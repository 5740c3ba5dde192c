package io.genpipe.bench.proof;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where and how the figures were taken, so a table can be compared with another only when that makes sense: when,
 * on what machine, from which commit, by which command.
 *
 * @param commit  {@code git rev-parse --short HEAD} in the working directory, "unknown" where that fails, with
 *                " (uncommitted changes)" when the tracked files differ from it
 * @param command the command line as given: the JVM's options, its class path, this class and the arguments
 */
record Provenance(String date, int cores, long memoryMiB, String jdk, String os, String commit, String command) {

    private static final long GIT_TIMEOUT_SECONDS = 10;

    static Provenance here(String mainClass, String[] args) {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() >> 20 : -1;
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor")
                        + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                currentCommit(), command(mainClass, args));
    }

    private static String command(String mainClass, String[] args) {
        List<String> words = new ArrayList<>();
        words.add("java");
        words.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        words.add("-cp");
        words.add(System.getProperty("java.class.path"));
        words.add(mainClass);
        words.addAll(List.of(args));
        return String.join(" ", words);
    }

    private static String currentCommit() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isBlank() ? head.trim() : head.trim() + " (uncommitted changes)";
    }

    /** @return what git printed, or null when it could not run, failed or took too long */
    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] output = git.getInputStream().readAllBytes();
            if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            return git.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
