package io.genpipe.simulator.account;

/**
 * What one vendor's account has seen, so a test can prove a client's limiter held.
 *
 * @param requestCount   generation calls received, whatever they were answered; never reset
 * @param limitRefusals  generation calls refused because the account's limits were reached (not the profile's
 *                       random {@code rateLimitRate} 429s) since the start or the last reset
 * @param peakInProgress the most generations in progress at once (fal: IN_PROGRESS requests; OpenAI: calls held open
 *                       for their answer) since the start or the last reset
 */
public record AccountCounters(long requestCount, long limitRefusals, int peakInProgress) {
}
