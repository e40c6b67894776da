-- Jobs, their lifecycle events, the per-job SSE event log and metric points.
-- Migrations are append-only: change the schema in a new V<n>__*.sql file.

create table jobs (
    id            bigserial primary key,
    name          text        not null,
    state         text        not null,
    priority      integer     not null default 0,
    algorithm     text        not null,
    spec          jsonb       not null,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    claimed_by    text,
    step          bigint      not null default 0,
    total_steps   bigint,
    test_error    double precision,
    test_loss     double precision,
    bytes_up      bigint      not null default 0,
    bytes_down    bigint      not null default 0,
    reason        text,
    constraint jobs_state_valid check (state in ('QUEUED', 'ASSIGNING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'))
);

-- the queue: highest priority first, then oldest
create index jobs_queue on jobs (priority desc, created_at, id) where state = 'QUEUED';
create index jobs_by_state on jobs (state);

-- append-only lifecycle: every transition with its reason
create table job_events (
    id         bigserial primary key,
    job_id     bigint      not null references jobs (id) on delete cascade,
    at         timestamptz not null default now(),
    from_state text,
    to_state   text        not null,
    reason     text        not null
);
create index job_events_by_job on job_events (job_id, id);

-- everything a job's SSE stream carries, in one order: the id is the SSE event id
create table job_stream (
    id     bigserial primary key,
    job_id bigint      not null references jobs (id) on delete cascade,
    event  text        not null,
    data   jsonb       not null,
    at     timestamptz not null default now()
);
create index job_stream_by_job on job_stream (job_id, id);

-- metric points; worker -1 means the center (or the averaged variable)
create table metrics (
    job_id bigint           not null references jobs (id) on delete cascade,
    series text             not null,
    worker integer          not null default -1,
    t_ms   bigint           not null,
    step   bigint           not null,
    value  double precision not null
);
create index metrics_by_series on metrics (job_id, series, t_ms);

-- platform settings, e.g. the hash of a generated API token
create table settings (
    key   text primary key,
    value text not null
);
