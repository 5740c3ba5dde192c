package io.genpipe.ingress.admin;

import java.util.List;

/** One catalog provider in {@code GET /v1/admin/providers}: what the catalog says of it, and its settings in force. */
record ProviderAnswer(String provider, String adapter, List<String> models, SettingsAnswer settings) {
}
