-- Auto-tau ("tau": "auto"): the period an auto-tau job's workers run with now, so that the job list shows it
-- and a run resumed after a restart continues with it (the spec keeps the user's "auto"). Null for a fixed tau.
-- V5, not V4: V4 is the security branch's.
alter table jobs add column live_tau integer;
