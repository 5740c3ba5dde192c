package io.genpipe.ingress.admin;

import java.util.List;
import java.util.Map;

/**
 * What an import did: the providers whose settings it changed, each now at the version given, and those whose
 * settings already said what the import asked (nothing published for them, so an import sent twice changes nothing).
 */
record ImportAnswer(List<String> changed, List<String> unchanged, Map<String, Long> versions) {
}
