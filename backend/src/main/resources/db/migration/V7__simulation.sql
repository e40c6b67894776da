-- Simulated jobs ("simulate" in the spec): what the run used (p, link, step time and jitter, each given or measured
-- by the agent) and where it stands in virtual time; null for a real job and before a simulated one started
alter table jobs add column simulation jsonb;
