package io.genpipe.bench.serde;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.json.JsonSerde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The serde work in every message of a job: the ingress writes a {@code JobRequested} that the router and the sink
 * read; the router writes an {@code AttemptDispatched} that a worker reads; the worker writes an
 * {@code AttemptSucceeded} that the router and the sink read. Reads go through the same types the topics declare
 * ({@code AttemptResult} for attempts, so the polymorphic {@code type} is resolved as in production).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsonSerdeBenchmark {

    private final JsonSerde serde = JsonSerde.instance();

    private JobRequested jobRequested;
    private AttemptDispatched attemptDispatched;
    private AttemptSucceeded attemptSucceeded;
    private byte[] jobRequestedBytes;
    private byte[] attemptDispatchedBytes;
    private byte[] attemptSucceededBytes;

    @Setup
    public void prepare() {
        jobRequested = SampleEvents.jobRequested();
        attemptDispatched = SampleEvents.attemptDispatched();
        attemptSucceeded = SampleEvents.attemptSucceeded();
        jobRequestedBytes = serde.write(jobRequested);
        attemptDispatchedBytes = serde.write(attemptDispatched);
        attemptSucceededBytes = serde.write(attemptSucceeded);
    }

    @Benchmark
    public byte[] writeJobRequested() {
        return serde.write(jobRequested);
    }

    @Benchmark
    public JobRequested readJobRequested() {
        return serde.read(jobRequestedBytes, JobRequested.class);
    }

    @Benchmark
    public byte[] writeAttemptDispatched() {
        return serde.write(attemptDispatched);
    }

    @Benchmark
    public AttemptDispatched readAttemptDispatched() {
        return serde.read(attemptDispatchedBytes, AttemptDispatched.class);
    }

    @Benchmark
    public byte[] writeAttemptSucceeded() {
        return serde.write(attemptSucceeded);
    }

    @Benchmark
    public AttemptResult readAttemptSucceeded() {
        return serde.read(attemptSucceededBytes, AttemptResult.class);
    }
}
