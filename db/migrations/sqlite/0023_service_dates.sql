-- The dates that run the directory (issue 18, item 6): the first and last day a service is
-- listed, and for a temporarily closed service why, and the first day it is open again. All
-- YYYY-MM-DD or empty; the rule that reads them is domain/service_dates.hpp.
ALTER TABLE services ADD COLUMN start_date TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN end_date TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN reopening_date TEXT NOT NULL DEFAULT '';
