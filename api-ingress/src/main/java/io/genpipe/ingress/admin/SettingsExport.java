package io.genpipe.ingress.admin;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /v1/admin/settings/export}: every catalog provider's settings in force, defaults included, so that an
 * import of it restores exactly this state. {@code POST /v1/admin/settings/import} takes it back as it is.
 */
record SettingsExport(Instant exportedAt, String exportedBy, Map<String, SettingsAnswer> providers) {
}
