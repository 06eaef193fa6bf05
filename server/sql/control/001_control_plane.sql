-- Control plane: tenants, their placement, operators and API tokens.
-- Applied by the owner role; the server serves requests as the data role (portico_app), which
-- is granted only what it needs below.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE
                CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$' AND slug NOT LIKE '%--%'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    state       text NOT NULL CHECK (state IN ('trial', 'active', 'suspended')),
    plan        text NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
    region      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Substring search on name or slug stays indexed at 100k tenants (trigram GIN serves ILIKE '%q%').
CREATE INDEX tenants_search_trgm ON tenants USING gin ((lower(name) || ' ' || slug) gin_trgm_ops);
CREATE INDEX tenants_name_id ON tenants (lower(name), id);
CREATE INDEX tenants_created_id ON tenants (created_at, id);
CREATE INDEX tenants_state_plan ON tenants (state, plan);

CREATE TABLE placements (
    tenant_id     uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    model         text NOT NULL CHECK (model IN ('shared', 'schema', 'database')),
    region        text NOT NULL,
    cluster       text NOT NULL,
    database_name text NOT NULL,
    schema_name   text NOT NULL,
    placed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placements_model ON placements (model);

CREATE TABLE operators (
    id            uuid PRIMARY KEY,
    email         text NOT NULL UNIQUE CHECK (email = lower(email)),
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'support', 'account_manager', 'viewer')),
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Tokens are stored only as SHA-256 of the secret. A tenant token names exactly one tenant.
CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    kind        text NOT NULL CHECK (kind IN ('operator', 'tenant')),
    operator_id uuid REFERENCES operators (id),
    tenant_id   uuid REFERENCES tenants (id) ON DELETE CASCADE,
    member_id   uuid,
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    CHECK ((kind = 'operator' AND operator_id IS NOT NULL AND tenant_id IS NULL)
        OR (kind = 'tenant' AND tenant_id IS NOT NULL AND operator_id IS NULL))
);

-- Idempotent provisioning: the first answer to a key is stored and replayed.
CREATE TABLE idempotency_keys (
    actor         uuid NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status        int NOT NULL,
    response      jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

GRANT SELECT, INSERT, UPDATE ON tenants, placements TO portico_app;
GRANT SELECT, INSERT, UPDATE ON operators TO portico_app;
GRANT SELECT, INSERT, UPDATE ON api_tokens TO portico_app;
GRANT SELECT, INSERT ON idempotency_keys TO portico_app;

-- The PostgreSQL clusters that hold placements, as registered by the server at start.
CREATE TABLE clusters (
    name          text PRIMARY KEY,
    region        text NOT NULL,
    host          text NOT NULL,
    port          int NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON clusters TO portico_app;
