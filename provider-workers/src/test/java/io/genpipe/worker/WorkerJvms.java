package io.genpipe.worker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider workers in JVMs of their own, for tests that kill one for real or run two side by side: this test JVM's
 * class path, the given arguments, and the output in {@code target/<log>.log}. {@link #close()} kills what is left.
 */
public final class WorkerJvms implements AutoCloseable {

    private final List<Process> started = new ArrayList<>();

    /**
     * Starts {@link ProviderWorkersApplication} with {@code args}, at most 384 MiB of heap. C1 only and the serial
     * collector: a test worker lives for seconds, and its start-up is most of a test's time on two cores.
     */
    public Process start(String log, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ProviderWorkersApplication.class.getName()));
        command.addAll(args);
        Process worker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/" + log + ".log"))
                .start();
        started.add(worker);
        return worker;
    }

    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
