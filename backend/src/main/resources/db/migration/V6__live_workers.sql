-- Elastic worker counts ("workers": {"min": m, "max": n}): the p a range job's workers run with now (its last
-- one once it ended), so that the job list and detail show it. Null for a fixed p (the spec has it).
alter table jobs add column live_workers integer;
