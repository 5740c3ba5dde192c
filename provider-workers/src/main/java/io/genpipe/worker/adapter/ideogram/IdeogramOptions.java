package io.genpipe.worker.adapter.ideogram;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Locale;
import java.util.Set;

/**
 * Ideogram's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}. None is a secret.
 *
 * @param copyImages  download each image into the worker's image store and refer to the copy ({@code file:}), because
 *                    Ideogram's links expire; false keeps Ideogram's URLs, for a consumer that fetches them at once
 * @param magicPrompt sent as {@code magic_prompt} ({@code AUTO}, {@code ON}, {@code OFF}). OFF by default: Ideogram
 *                    would otherwise rewrite the prompt, and genpipe sends what the caller asked for, exactly
 */
public record IdeogramOptions(@DefaultValue("true") Boolean copyImages, @DefaultValue("OFF") String magicPrompt) {

    // Before DEFAULTS: the constructor that makes it reads this.
    private static final Set<String> MAGIC_PROMPT = Set.of("AUTO", "ON", "OFF");
    public static final IdeogramOptions DEFAULTS = new IdeogramOptions(null, null);

    public IdeogramOptions {
        copyImages = copyImages == null || copyImages;
        magicPrompt = magicPrompt == null || magicPrompt.isBlank() ? "OFF" : magicPrompt.strip().toUpperCase(Locale.ROOT);
        if (!MAGIC_PROMPT.contains(magicPrompt)) {
            throw new IllegalArgumentException("options.magic-prompt must be AUTO, ON or OFF, was " + magicPrompt);
        }
    }
}
