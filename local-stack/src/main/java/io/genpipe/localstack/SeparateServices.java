package io.genpipe.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code local-stack --infra-only}: the infrastructure runs here, and each service from its own jar, as deployed
 * apart. This writes one properties file per service, with what {@link ServiceProperties} gives the services of the
 * one-JVM run, and says how to start each: a second worker process of one provider is the same jar on another port.
 */
public final class SeparateServices {

    /** Module name to the properties it runs with, in the order to start them (the sink first, the ingress last). */
    private final Map<String, Map<String, String>> services = new LinkedHashMap<>();
    private final Path directory;
    /** The provider of the second worker process the commands show: fal, or the first served when fal is not. */
    private final String scaledProvider;

    public SeparateServices(PipelineSettings settings, Path directory) {
        this.directory = directory;
        List<String> served = settings.servedProviders();
        this.scaledProvider = served.isEmpty() || served.contains("fal") ? "fal" : served.get(0);
        services.put("results-sink", ServiceProperties.sink(settings));
        services.put("router-worker", ServiceProperties.router(settings));
        services.put("provider-workers", ServiceProperties.workers(settings));
        services.put("api-ingress", ServiceProperties.ingress(settings,
                URI.create("http://127.0.0.1:" + settings.sinkPort())));
    }

    /** The services' module names, in the order to start them. */
    public List<String> modules() {
        return List.copyOf(services.keySet());
    }

    /** Writes {@code <directory>/<module>.properties} for each service. */
    public void write() {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, Map<String, String>> service : services.entrySet()) {
                Files.writeString(fileOf(service.getKey()), properties(service.getKey(), service.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the services' properties under " + directory, e);
        }
    }

    /** The command that starts each service, from the repository's root once {@code mvn package} built the jars. */
    List<String> commands() {
        List<String> commands = new ArrayList<>();
        services.keySet().forEach(module -> commands.add(command(module, "")));
        commands.add(command("provider-workers", " --server.port=8084 --genpipe.workers.serve=" + scaledProvider)
                + "   # a second " + scaledProvider + " worker: the group shares " + scaledProvider
                + "'s dispatch partitions");
        return commands;
    }

    public Path fileOf(String module) {
        return directory.resolve(module + ".properties");
    }

    private String command(String module, String more) {
        return "java -jar " + module + "/target/" + module + "-*-exec.jar --spring.config.additional-location=file:"
                + fileOf(module) + more;
    }

    private static String properties(String module, Map<String, String> values) {
        StringBuilder text = new StringBuilder("# genpipe " + module + " against `local-stack --infra-only`; written by it"
                + " at each start.\n");
        values.forEach((key, value) -> text.append(escape(key)).append('=').append(value.replace("\\", "\\\\"))
                .append('\n'));
        return text.toString();
    }

    /** Catalog keys hold model ids in brackets; a ':' or '=' in one would end the key early. */
    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ");
    }
}
