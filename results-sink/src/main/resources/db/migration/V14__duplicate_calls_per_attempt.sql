-- What an attempt's vendor calls cost beyond the answer the attempt bills: the calls a worker crash made twice (a LOST
-- call at its expected cost, an ANSWERED call of a report the attempt row did not bill; CallRecords.DUPLICATE), or,
-- from a producer that reports no calls, its lost calls at their expected cost. Kept on the attempt row as the
-- recorder writes it, so the spend a budget is held to (SpendQueries, every second per budgeted scope) is what the
-- vendors bill without joining vendor_calls over a month of attempts.
--   duplicate_calls_cost_usd: the known part, 0 when nothing was paid twice;
--   unpriced_duplicate_calls: those calls whose price is unknown (never counted as $0).
ALTER TABLE attempts ADD COLUMN duplicate_calls_cost_usd numeric(18, 8) NOT NULL DEFAULT 0
    CHECK (duplicate_calls_cost_usd >= 0);
ALTER TABLE attempts ADD COLUMN unpriced_duplicate_calls integer NOT NULL DEFAULT 0
    CHECK (unpriced_duplicate_calls >= 0);

-- Rows written before: from the calls where the attempt reported some, else from its lost calls.
UPDATE attempts a SET duplicate_calls_cost_usd = d.known, unpriced_duplicate_calls = d.unpriced
FROM (SELECT c.job_id, c.attempt, coalesce(sum(c.cost_usd), 0) AS known,
             count(*) FILTER (WHERE c.cost_usd IS NULL) AS unpriced
      FROM vendor_calls c JOIN attempts a USING (job_id, attempt)
      WHERE c.outcome = 'LOST' OR (c.outcome = 'ANSWERED' AND c.event_id IS DISTINCT FROM a.event_id)
      GROUP BY c.job_id, c.attempt) d
WHERE a.job_id = d.job_id AND a.attempt = d.attempt;

UPDATE attempts a SET duplicate_calls_cost_usd = coalesce(a.lost_calls_cost_usd, 0),
                      unpriced_duplicate_calls = CASE WHEN a.lost_calls_cost_usd IS NULL THEN a.lost_calls ELSE 0 END
WHERE a.lost_calls > 0
  AND NOT EXISTS (SELECT 1 FROM vendor_calls c WHERE c.job_id = a.job_id AND c.attempt = a.attempt);
