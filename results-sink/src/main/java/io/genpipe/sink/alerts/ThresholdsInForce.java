package io.genpipe.sink.alerts;

import java.time.Instant;
import java.util.Locale;

/**
 * The alert thresholds in force and which change put them there.
 *
 * @param version   0 while no admin changed them; one more with every change (a reset included), also the ETag
 * @param changedBy the id of the admin's API key that made this version (never the key); null at version 0
 * @param changedAt when; null at version 0
 * @param source    {@code CONFIGURATION} while the configuration's thresholds are in force (never changed, or reset),
 *                  {@code OPERATOR} while an admin's are
 */
record ThresholdsInForce(AlertThresholds thresholds, long version, String changedBy, Instant changedAt,
                         Source source) {

    /** Where the thresholds in force come from. */
    enum Source {
        CONFIGURATION, OPERATOR;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Nothing was ever changed: the configuration's thresholds, version 0. */
    static ThresholdsInForce configured(AlertThresholds defaults) {
        return new ThresholdsInForce(defaults, 0, null, null, Source.CONFIGURATION);
    }

    long nextVersion() {
        return version + 1;
    }
}
