-- The fault lab (docs/operations.md, "Fault lab"): faults injected into running jobs, alone or from a schedule,
-- with what each cost. A row outlives the backend that injected it: a restarted backend undoes what is still
-- active and goes on timing the heal of what was injected before it started.
create table lab_fault_schedules (
    id         bigserial primary key,
    job_id     bigint      not null references jobs (id) on delete cascade,
    request    json        not null,
    state      text        not null,
    created_at timestamptz not null default now()
);

create table lab_faults (
    id              bigserial primary key,
    job_id          bigint      not null references jobs (id) on delete cascade,
    schedule_id     bigint      references lab_fault_schedules (id) on delete cascade,
    kind            text        not null,
    rank            int,
    agent_name      text,
    pid             bigint,
    duration_ms     bigint,
    rate            text,
    state           text        not null,
    due_at          timestamptz not null,
    injected_at     timestamptz,
    undone_at       timestamptz,
    healed_at       timestamptz,
    heal_ms         bigint,
    steps_lost      bigint,
    updates_dropped bigint,
    resends_dropped bigint,
    before          jsonb,
    detail          text
);

create index lab_faults_job on lab_faults (job_id, id);
create index lab_faults_open on lab_faults (state) where state in ('PENDING', 'ACTIVE', 'HEALING');
