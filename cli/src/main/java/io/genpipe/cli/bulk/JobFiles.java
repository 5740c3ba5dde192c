package io.genpipe.cli.bulk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A file of jobs as the ingress's JSONL batches take them, one job's JSON per line: a {@code .jsonl} file as it is
 * (blank lines left out), a {@code .csv} file converted row by row ({@link CsvJobs}).
 */
public final class JobFiles {

    private JobFiles() {
    }

    /** @throws IllegalArgumentException naming the line and column at fault */
    public static List<String> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return CsvJobs.toJsonLines(reader);
            }
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
    }
}
