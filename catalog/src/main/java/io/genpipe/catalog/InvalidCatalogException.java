package io.genpipe.catalog;

import java.util.List;

/** The catalog is inconsistent; the service must not start on it. Each problem names its configuration key. */
public final class InvalidCatalogException extends RuntimeException {

    private final List<String> problems;

    public InvalidCatalogException(List<String> problems) {
        super("the catalog is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
