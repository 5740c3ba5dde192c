package io.genpipe.cli.bulk;

import io.genpipe.cli.api.GenpipeApi;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A spreadsheet of jobs: a header row, then one job per row. Each column is a member of {@code POST /v1/jobs}' body
 * under the name a spreadsheet would give it: {@code prompt}, {@code model}, {@code operation}; {@code width},
 * {@code height}, {@code count}, {@code seed}, {@code steps}, {@code negative_prompt} (the job's {@code params}); and
 * {@code provider}, {@code preset} (its {@code routing}). An empty cell leaves the member out (the catalog's default).
 * Quoting is RFC 4180's (Jackson's CSV reader), so a prompt may hold commas, quotes and line breaks.
 */
final class CsvJobs {

    private static final Set<String> TOP = Set.of("prompt", "model", "operation");
    private static final Map<String, String> PARAMS = Map.of("width", "width", "height", "height", "count", "count",
            "seed", "seed", "steps", "steps", "negative_prompt", "negativePrompt");
    private static final Set<String> NUMBERS = Set.of("width", "height", "count", "seed", "steps");
    private static final Set<String> ROUTING = Set.of("provider", "preset");
    private static final List<String> COLUMNS = List.of("prompt", "model", "operation", "width", "height", "count",
            "seed", "steps", "negative_prompt", "provider", "preset");

    private CsvJobs() {
    }

    /** @throws IllegalArgumentException naming the row (as a spreadsheet numbers it) and the column at fault */
    static List<String> toJsonLines(Reader csv) {
        CsvMapper mapper = new CsvMapper();
        List<String> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            int row = 1; // the header
            while (rows.hasNextValue()) {
                Map<String, String> cells = rows.nextValue();
                row++;
                if (cells.values().stream().allMatch(cell -> cell == null || cell.isBlank())) {
                    continue;
                }
                lines.add(GenpipeApi.JSON.writeValueAsString(job(cells, row)));
            }
        }
        return lines;
    }

    private static ObjectNode job(Map<String, String> cells, int row) {
        ObjectNode job = GenpipeApi.JSON.createObjectNode();
        for (Map.Entry<String, String> cell : cells.entrySet()) {
            String column = cell.getKey().trim().toLowerCase(java.util.Locale.ROOT);
            String value = cell.getValue() == null ? "" : cell.getValue().trim();
            if (!COLUMNS.contains(column)) {
                throw new IllegalArgumentException("row " + row + ": column '" + cell.getKey()
                        + "' is not a job member; columns are " + String.join(", ", COLUMNS));
            }
            if (value.isEmpty()) {
                continue;
            }
            if (TOP.contains(column)) {
                job.put(column, value);
            } else if (ROUTING.contains(column)) {
                job.withObjectProperty("routing").put(column, value);
            } else if (NUMBERS.contains(column)) {
                try {
                    job.withObjectProperty("params").put(PARAMS.get(column), Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("row " + row + ", column " + column
                            + ": must be a whole number, was '" + value + "'");
                }
            } else {
                job.withObjectProperty("params").put(PARAMS.get(column), value);
            }
        }
        if (!job.has("prompt")) {
            throw new IllegalArgumentException("row " + row + ": prompt is required");
        }
        return job;
    }
}
