package io.genpipe.cli.bulk;

import java.util.ArrayList;
import java.util.List;

/** A JSONL file's non-blank lines, in order, in chunks of at most the ingress's batch size. */
final class JsonlChunks {

    private JsonlChunks() {
    }

    static List<String> of(List<String> lines, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a chunk holds at least one line, asked " + size);
        }
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int inChunk = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            chunk.append(line).append('\n');
            if (++inChunk == size) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
                inChunk = 0;
            }
        }
        if (inChunk > 0) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }
}
