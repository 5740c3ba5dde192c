package io.genpipe.ingress.validation;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Checks jobs against the service's catalog on today's date (UTC, as the catalog's lifecycle dates are), and
 * counts the jobs it refuses by the field at fault ({@value #REFUSED}).
 */
@Component
public class JobValidator {

    public static final String REFUSED = "genpipe.ingress.jobs.refused";

    private final LiveCatalog catalog;
    private final Clock clock;
    private final MeterRegistry meters;

    /** @param catalog the catalog with the shutdown dates vendors have published since start-up */
    public JobValidator(LiveCatalog catalog, Clock clock, MeterRegistry meters) {
        this.catalog = catalog;
        this.clock = clock;
        this.meters = meters;
    }

    /** The candidates, refused or not; for estimates, which answer either way and refuse no job. */
    public Selection check(AskedJob job) {
        return CandidateSelector.select(catalog.current(), job, today());
    }

    /** @throws JobRefusedException when no candidate fits the job */
    public Selection require(AskedJob job) {
        Selection selection = check(job);
        if (selection.refused()) {
            throw refuse(selection, selection.refusal(), 1);
        }
        return selection;
    }

    /**
     * Every job of a batch, which is accepted whole or not at all.
     *
     * @throws JobRefusedException for the first job no candidate fits; a prompt at fault is named by its
     *                             position ({@code prompts[3]})
     */
    public void requireAll(List<AskedJob> batch) {
        requireAll(batch, (i, field) -> "prompt".equals(field) ? "prompts[" + i + "]" : field);
    }

    /**
     * Every job of a batch whose jobs each have their own fields ({@code jobs[]}, JSONL lines).
     *
     * @param fieldAt the request's name of job i's field ({@code inputs.images} of job 3 is
     *                {@code jobs[3].inputs.images})
     * @throws JobRefusedException for the first job no candidate fits
     */
    public void requireAll(List<AskedJob> batch, BiFunction<Integer, String, String> fieldAt) {
        LocalDate today = today();
        Catalog current = catalog.current();
        for (int i = 0; i < batch.size(); i++) {
            Selection selection = CandidateSelector.select(current, batch.get(i), today);
            if (selection.refused()) {
                Refusal refusal = selection.refusal();
                throw refuse(selection, refusal.at(fieldAt.apply(i, refusal.field())), batch.size());
            }
        }
    }

    private JobRefusedException refuse(Selection selection, Refusal refusal, int jobs) {
        // Tagged with the field as the catalog names it (prompt, not prompts[3]): tags must stay a small set.
        meters.counter(REFUSED, "field", selection.refusal().field(), "problem", refusal.problem().name())
                .increment(jobs);
        return new JobRefusedException(refusal, selection.candidates());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
