package io.genpipe.ingress.openai;

/** How the caller wants the images: {@code b64_json} (the bytes) or {@code url} (where they are). */
enum ResponseFormat {
    B64_JSON("b64_json"),
    URL("url");

    private final String wireName;

    ResponseFormat(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}
