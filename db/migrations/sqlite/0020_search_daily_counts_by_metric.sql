-- The demand pages (issue 19) sum search_daily_counts per metric over a period, and month by
-- month for a few metrics. The primary key (day, metric) finds a period's rows but not one
-- metric's, and leaves the sum per metric to a sort: at a year of counts (about 150k-225k rows)
-- the three monthly sums each read the whole year (about 20 ms each) and the totals sorted it
-- (about 100 ms). With (metric, day, count) a monthly sum reads its own metric's days (under
-- 1 ms) and the totals walk the index in metric order without sorting (about 40 ms)
-- (bench/README.md, "Insights pages").
CREATE INDEX search_daily_counts_by_metric ON search_daily_counts (metric, day, count);
