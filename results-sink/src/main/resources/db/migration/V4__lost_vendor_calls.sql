-- Vendor calls a worker made for an attempt before it crashed, whose answers were lost (AttemptResult.lostCalls):
-- the vendor may bill them at a cost no event states. Counted beside the known total, so the bill reads "at least".
ALTER TABLE attempts ADD COLUMN lost_calls integer NOT NULL DEFAULT 0 CHECK (lost_calls >= 0);
ALTER TABLE jobs ADD COLUMN lost_vendor_calls integer NOT NULL DEFAULT 0 CHECK (lost_vendor_calls >= 0);
