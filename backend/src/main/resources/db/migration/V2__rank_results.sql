-- What each rank of a finished run did (steps, how it ended, which agents held it): docs/api.md, job.result.ranks.
alter table jobs add column ranks jsonb;
