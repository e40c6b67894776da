-- A run that passed a rung and ended (completed) before the early stopper's next look is still ranked there, after
-- its end (docs/api.md "Searches"): the runs that follow are compared against it. Such a decision has nothing to
-- stop; below the best it reads ENDED, not STOPPED.
alter table sweep_rungs add column after_end boolean not null default false;
