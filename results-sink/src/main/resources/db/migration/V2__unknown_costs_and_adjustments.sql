-- A cost that the catalog's price could not compute from what the vendor reported is unknown: NULL, never 0.
-- Totals sum the known costs and count the unknown ones beside them, so a report can say "at least $x".
ALTER TABLE attempts ALTER COLUMN cost_usd DROP NOT NULL;
ALTER TABLE jobs ADD COLUMN unknown_cost_attempts integer NOT NULL DEFAULT 0 CHECK (unknown_cost_attempts >= 0);

-- What the vendor was sent differently from the job's own parameters (a size rounded to the model's multiple).
ALTER TABLE attempts ADD COLUMN adjustments jsonb NOT NULL DEFAULT '[]'::jsonb;
