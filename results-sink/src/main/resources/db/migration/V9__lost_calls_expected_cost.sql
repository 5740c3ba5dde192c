-- What the catalog expected an attempt's lost vendor calls to cost (AttemptResult.lostCallsCostUsd), priced from what
-- they asked: NULL when none was lost or the price cannot tell in advance (per GPU second). A job sums the priced ones
-- and counts the lost calls that are not, so a report says "about $x more, and n calls unknown", never $0 for those.
ALTER TABLE attempts ADD COLUMN lost_calls_cost_usd numeric(18, 8) CHECK (lost_calls_cost_usd >= 0);
ALTER TABLE jobs ADD COLUMN lost_calls_cost_usd numeric(18, 8) NOT NULL DEFAULT 0 CHECK (lost_calls_cost_usd >= 0);
ALTER TABLE jobs ADD COLUMN unpriced_lost_calls integer NOT NULL DEFAULT 0 CHECK (unpriced_lost_calls >= 0);
