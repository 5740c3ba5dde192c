package io.genpipe.ingress.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code genpipe.dashboard.*}: where the dashboard's reads of the results sink are forwarded
 * ({@code GET /v1/dashboard/sink/...}), and how long each may take.
 *
 * @param sinkUrl the results-sink's base URL as this ingress reaches it (not as a browser would): http or https, no
 *                query, no user info; a trailing slash is dropped
 * @param timeout the longest wait to connect to the sink and for its answer; past it the read is answered 503, the
 *                sink unreachable
 */
@ConfigurationProperties("genpipe.dashboard")
public record DashboardSettings(
        @DefaultValue("http://127.0.0.1:8083") URI sinkUrl,
        @DefaultValue("5s") Duration timeout) {

    public DashboardSettings {
        String scheme = sinkUrl.getScheme() == null ? "" : sinkUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || sinkUrl.getHost() == null
                || sinkUrl.getRawQuery() != null || sinkUrl.getRawFragment() != null
                || sinkUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("genpipe.dashboard.sink-url must be an http or https URL with a host"
                    + " and no query, fragment or user info, was '" + sinkUrl + "'");
        }
        String text = sinkUrl.toString();
        sinkUrl = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : sinkUrl;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("genpipe.dashboard.timeout must be positive, was " + timeout);
        }
    }
}
