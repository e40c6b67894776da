-- Per-agent enrollment tokens and the audit trail (docs/security.md).

-- one row per enrollment token; the token itself is never stored, only its SHA-256
create table agent_tokens (
    id           bigserial primary key,
    name         text        not null,
    token_sha256 text        not null unique,   -- 64 lowercase hex digits
    created_at   timestamptz not null default now(),
    created_by   text        not null,          -- the credential that created it (api-token, ...)
    last_used_at timestamptz,                   -- the last agent connection made with it
    revoked_at   timestamptz,
    revoked_by   text
);

-- who did what to which target, when; rows are only ever added
create table audit (
    id             bigserial primary key,
    at             timestamptz not null default now(),
    actor          text        not null,        -- the credential: api-token, agent-token, agent-token:<id>, ...
    remote_address text,
    action         text        not null,        -- job.submitted, agent-token.revoked, agent.refused, ...
    target_type    text,
    target_id      text,
    detail         text
);
create index audit_by_action on audit (action, id);
