package io.genpipe.contracts.event;

import io.genpipe.contracts.json.MessageFormatException;

import java.util.regex.Pattern;

/**
 * What a model-training job trains: a model under {@code name} that draws its subject when a prompt says
 * {@code triggerWord}.
 *
 * @param name        the trained model's name at the vendor (Leonardo's model name, Replicate's destination
 *                    model); letters, digits, '-', '_' and '.', up to 64
 * @param triggerWord the word that summons the subject in later prompts, e.g. {@code TOK}; up to 64 characters
 * @param steps       training steps, for vendors that take them; the vendor's default when absent
 */
public record Training(String name, String triggerWord, Integer steps) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_STEPS = 10_000;

    public Training {
        Require.text(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw MessageFormatException.invalid("name",
                    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Require.text(triggerWord, "triggerWord");
        if (triggerWord.length() > 64) {
            throw MessageFormatException.invalid("triggerWord", "must be at most 64 characters, was "
                    + triggerWord.length());
        }
        if (steps != null && (steps < 1 || steps > MAX_STEPS)) {
            throw MessageFormatException.invalid("steps", "must be 1 to " + MAX_STEPS + ", was " + steps);
        }
    }
}
