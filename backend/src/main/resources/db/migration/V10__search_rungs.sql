-- Early-stopping searches (docs/api.md "Searches"): a run stopped at a rung ends STOPPED_EARLY, and every
-- rung decision is a row, so a restarted backend (or another replica) ranks the next run against the same ones.
alter table jobs drop constraint jobs_state_valid;
alter table jobs add constraint jobs_state_valid
    check (state in ('QUEUED', 'ASSIGNING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'STOPPED_EARLY'));

create table sweep_rungs (
    seq        bigserial primary key,              -- the order of the decisions: ties rank the earlier first
    sweep_id   bigint           not null references sweeps (id) on delete cascade,
    job_id     bigint           not null references jobs (id) on delete cascade,
    bracket    integer          not null,
    rung       integer          not null,
    at         bigint           not null,          -- the rung's value in the search's resource
    value      double precision not null,          -- the resource at the deciding evaluation
    test_error double precision not null,
    rank       integer          not null,
    of_runs    integer          not null,
    keep       integer          not null,
    promoted   boolean          not null,
    decided_at timestamptz      not null default now(),
    unique (job_id, rung)                          -- a rung is decided once per run
);
create index sweep_rungs_by_rung on sweep_rungs (sweep_id, bracket, rung, seq);
