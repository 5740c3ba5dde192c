package io.genpipe.worker.adapter.stability;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stability's options for one provider, bound from {@code genpipe.workers.providers.<name>.options}. None is a secret.
 *
 * @param accept how the image comes back (vendor-apis.md section 4): {@code image}, the default, sends
 *               {@code Accept: image/*} and gets the bytes; {@code json} sends {@code Accept: application/json} and
 *               gets {@code {"image":<base64>,"finish_reason","seed"}}. Either way the image goes to the image store,
 *               never into Kafka, and the same answers classify the same way
 */
public record StabilityOptions(@DefaultValue("image") Accept accept) {

    public static final StabilityOptions DEFAULTS = new StabilityOptions(null);

    public StabilityOptions {
        accept = accept == null ? Accept.IMAGE : accept;
    }

    /** The answer's form, and the {@code Accept} header that asks for it. */
    public enum Accept {
        IMAGE("image/*"),
        JSON("application/json");

        private final String header;

        Accept(String header) {
            this.header = header;
        }

        String header() {
            return header;
        }
    }
}
