package io.genpipe.ingress.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param readTimeout longest wait to read the settings topic to its end before answering (an admin request sees every
 *                    change made before it, through any instance), or the audit topic; then 503
 * @param auditLimit  most audit entries one {@code GET /v1/admin/audit} answers with, unless it asks for fewer
 */
@ConfigurationProperties("genpipe.ingress.admin")
record AdminSettings(
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("200") int auditLimit) {
}
