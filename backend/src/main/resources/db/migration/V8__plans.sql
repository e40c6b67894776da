-- "Plan my cluster" (docs/api.md, "Plans"): a plan is a sweep of short simulated runs over p and tau; this keeps
-- the plan's own request (spec, link, grid, target, budget) beside the sweep it became
create table plans (
    id         bigserial primary key,
    sweep_id   bigint      not null references sweeps (id) on delete cascade,
    request    json        not null,
    created_at timestamptz not null default now()
);
