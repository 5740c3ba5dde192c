package io.genpipe.bench.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One provider-workers JVM, started as an operator would: {@code java <options> -jar <exec jar> --key=value ...},
 * like {@code WorkerCrashIT} starts one. Its output goes to a log file; its actuator listens on a free port of
 * 127.0.0.1, which the bench reads for the in-flight gauge and the heap.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final int actuatorPort;
    private final Path log;
    private final List<String> command;

    private WorkerProcess(Process process, int actuatorPort, Path log, List<String> command) {
        this.process = process;
        this.actuatorPort = actuatorPort;
        this.log = log;
        this.command = command;
    }

    /**
     * @param settings the worker's Spring properties, passed as {@code --key=value} arguments (which win over
     *                 {@code provider-workers.yml})
     */
    static WorkerProcess start(Path jar, List<String> jvmOptions, Map<String, String> settings, Path log) {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--server.port=" + port);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new WorkerProcess(process, port, log, command);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    URI actuator(String path) {
        return URI.create("http://127.0.0.1:" + actuatorPort + "/actuator/" + path);
    }

    Path log() {
        return log;
    }

    /** The command line, with the API key left out. */
    String commandLine() {
        return String.join(" ", command.stream().filter(arg -> !arg.contains("API_KEY") && !arg.contains("FAL_KEY"))
                .toList());
    }

    /** SIGTERM, so the worker drains and withdraws its health; SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
