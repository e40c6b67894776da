-- Sweeps: one submission expanded to a grid of ordinary jobs (docs/api.md, "Sweeps").
create table sweeps (
    id                bigserial primary key,
    name              text             not null,
    preset            text,
    priority          integer          not null default 0,
    request           json             not null,   -- the expanded request (json keeps the key order: grid axes in order)
    target_test_error double precision not null,
    created_at        timestamptz      not null default now(),
    cancelled_at      timestamptz
);

-- the job a run of a sweep became, in expansion order, with the values that made it
create table sweep_runs (
    sweep_id bigint  not null references sweeps (id) on delete cascade,
    position integer not null,
    job_id   bigint  not null references jobs (id) on delete cascade,
    label    text    not null,
    params   json    not null,   -- in the order of the grid axes
    primary key (sweep_id, position)
);

alter table jobs add column sweep_id bigint references sweeps (id) on delete set null;
create index jobs_by_sweep on jobs (sweep_id, id) where sweep_id is not null;
