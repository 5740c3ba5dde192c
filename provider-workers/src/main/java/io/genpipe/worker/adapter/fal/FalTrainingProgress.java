package io.genpipe.worker.adapter.fal;

import tools.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a training is, read from a status answer's {@code logs} ({@code ?logs=1}): the last line, and the percent
 * its latest {@code n/total} count says ({@code step 400/1000} is 40). fal documents no progress field, so the count
 * in its trainers' log lines is all there is; a log without one gives no percent rather than a guess.
 *
 * @param percent 0 to 100, or null when no line counts
 * @param message the last log line, made safe to publish (printable, at most {@value #MAX_MESSAGE} characters); null
 *                when there is none
 */
record FalTrainingProgress(Integer percent, String message) {

    static final int MAX_MESSAGE = 200;
    private static final Pattern COUNT = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9})");

    /** @param logs the status answer's {@code logs}: objects with a {@code message}, or plain strings */
    static FalTrainingProgress of(JsonNode logs) {
        Integer percent = null;
        String last = null;
        if (logs != null && logs.isArray()) {
            for (int i = logs.size() - 1; i >= 0 && (percent == null || last == null); i--) {
                String line = text(logs.get(i));
                if (line.isBlank()) {
                    continue;
                }
                if (last == null) {
                    last = line;
                }
                if (percent == null) {
                    percent = percent(line);
                }
            }
        }
        return new FalTrainingProgress(percent, last == null ? null : safe(last));
    }

    private static String text(JsonNode entry) {
        return entry.isString() ? entry.stringValue() : entry.path("message").asString("");
    }

    /** The latest count in the line, as a percent; null when it has none or it counts out of nothing. */
    private static Integer percent(String line) {
        Matcher count = COUNT.matcher(line);
        Integer percent = null;
        while (count.find()) {
            long done = Long.parseLong(count.group(1));
            long total = Long.parseLong(count.group(2));
            if (total > 0 && done <= total) {
                percent = (int) (done * 100 / total);
            }
        }
        return percent;
    }

    private static String safe(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() <= MAX_MESSAGE ? printable : printable.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
