-- Limits across instances. Each tenant's rate, concurrency and blocking request quota are one
-- budget in the control plane; every server instance leases slices of it (rate tokens, concurrency
-- slots, quota headroom) in one batched call per tick, spends them in memory, and gives back what
-- it does not use. Limit overrides and token revocations NOTIFY every instance at commit.

-- Instances that lease; one whose heartbeat is older than 3 s no longer counts, and after 10 s it
-- is removed with its leases (its slots come free; its unspent quota headroom stays spent: quotas
-- fail closed).
CREATE TABLE limit_instances (
    instance_id uuid PRIMARY KEY,
    seen_at     timestamptz NOT NULL DEFAULT now()
);

-- The shared part of a tenant's budget: the rate tokens no instance holds, and the request quota
-- headroom handed out in the current billing period (spent or held).
CREATE TABLE limit_budgets (
    tenant_id     uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    tokens        double precision NOT NULL CHECK (tokens >= 0),
    refilled_at   timestamptz NOT NULL,
    period_start  timestamptz NOT NULL,
    quota_granted bigint NOT NULL DEFAULT 0 CHECK (quota_granted >= 0)
);

-- What each instance holds of a tenant's budget, as it last reported (an over-estimate between
-- reports, since it spends in memory: the shared bucket then fills less, never more).
CREATE TABLE limit_leases (
    tenant_id   uuid NOT NULL REFERENCES limit_budgets (tenant_id) ON DELETE CASCADE,
    instance_id uuid NOT NULL REFERENCES limit_instances (instance_id) ON DELETE CASCADE,
    tokens      double precision NOT NULL DEFAULT 0,
    slots       int NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, instance_id)
);
CREATE INDEX limit_leases_instance ON limit_leases (instance_id);

-- One call per tick of an instance: heartbeat, then for each tenant (the caller sorts them, so two
-- instances lock budgets in the same order) report what it holds and take or give back.
--   p_held:     rate tokens the instance holds after any give-back
--   p_tokens:   tokens asked (> 0) or given back (< 0)
--   p_slots:    concurrency slots the instance wants to hold in all
--   p_headroom: quota headroom asked (> 0) or given back (< 0); p_quota 0 means no blocking quota
--   p_used:     the period's usage as the caller knows it, the starting point of a new budget
-- Returns per tenant: tokens granted, slots now held, headroom granted, tokens left in the shared
-- bucket, and the number of live instances (the callers size their slices by it).
-- The fleet never holds more than a burst of tokens: the shared bucket fills only up to the burst
-- less what the live instances hold.
CREATE FUNCTION portico_limit_lease(p_instance uuid, p_period timestamptz, p_tenants uuid[],
                                    p_rate float8[], p_burst float8[], p_concurrency int[], p_quota bigint[], p_used bigint[],
                                    p_held float8[], p_tokens float8[], p_slots int[], p_headroom bigint[])
RETURNS TABLE (tenant_id uuid, granted_tokens float8, slots int, granted_headroom bigint, shared_tokens float8, live int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    i int;
    b limit_budgets%ROWTYPE;
    ts timestamptz := clock_timestamp();
    n int;
    other_tokens float8;
    other_slots int;
    level float8;
    g float8;
    want float8;
    s int;
    h bigint;
BEGIN
    INSERT INTO limit_instances AS li (instance_id, seen_at) VALUES (p_instance, ts)
        ON CONFLICT (instance_id) DO UPDATE SET seen_at = EXCLUDED.seen_at;
    DELETE FROM limit_instances li WHERE li.seen_at < ts - interval '10 seconds';
    SELECT count(*) INTO n FROM limit_instances li WHERE li.seen_at > ts - interval '3 seconds';
    FOR i IN 1 .. coalesce(array_length(p_tenants, 1), 0) LOOP
        INSERT INTO limit_budgets AS lb (tenant_id, tokens, refilled_at, period_start, quota_granted)
            SELECT p_tenants[i], p_burst[i], ts, p_period, greatest(p_used[i], 0)
             WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.id = p_tenants[i])
            ON CONFLICT ON CONSTRAINT limit_budgets_pkey DO NOTHING;
        SELECT * INTO b FROM limit_budgets lb WHERE lb.tenant_id = p_tenants[i] FOR NO KEY UPDATE;
        IF NOT FOUND THEN
            CONTINUE; -- the tenant is gone
        END IF;
        SELECT coalesce(sum(l.tokens), 0), coalesce(sum(l.slots), 0)::int INTO other_tokens, other_slots
          FROM limit_leases l JOIN limit_instances li ON li.instance_id = l.instance_id
         WHERE l.tenant_id = b.tenant_id AND l.instance_id <> p_instance AND li.seen_at > ts - interval '3 seconds';

        -- rate: refill since the last call, take back what is returned, cap, then grant whole tokens
        level := b.tokens + p_rate[i] * greatest(0, extract(epoch FROM ts - b.refilled_at));
        IF p_tokens[i] < 0 THEN
            level := level - p_tokens[i];
        END IF;
        level := least(level, greatest(0, p_burst[i] - other_tokens - p_held[i]));
        -- a slice is sized by the live count as of now, whatever the caller believed: alone an
        -- instance takes at most a quarter of a burst, with others at most 1/(20(n-1)) of it
        g := 0;
        IF p_tokens[i] > 0 THEN
            want := least(p_tokens[i], greatest(1, floor(p_burst[i] / CASE WHEN n > 1 THEN 20 * (n - 1) ELSE 4 END)));
            g := greatest(0, least(want, floor(level)));
            level := level - g;
        END IF;

        -- concurrency: as many of the wanted slots as the others leave
        s := greatest(0, least(p_slots[i], p_concurrency[i] - other_slots));

        -- quota: a new period starts with nothing handed out
        IF p_period > b.period_start THEN
            b.period_start := p_period;
            b.quota_granted := 0;
        END IF;
        h := 0;
        IF p_quota[i] > 0 AND p_period = b.period_start THEN
            IF p_headroom[i] > 0 THEN
                h := greatest(0, least(p_headroom[i], greatest(1, p_quota[i] / (20 * n)), p_quota[i] - b.quota_granted));
                b.quota_granted := b.quota_granted + h;
            ELSIF p_headroom[i] < 0 THEN
                b.quota_granted := greatest(0, b.quota_granted + p_headroom[i]);
            END IF;
        END IF;

        UPDATE limit_budgets lb SET tokens = level, refilled_at = ts, period_start = b.period_start, quota_granted = b.quota_granted
         WHERE lb.tenant_id = b.tenant_id;
        INSERT INTO limit_leases AS l (tenant_id, instance_id, tokens, slots) VALUES (b.tenant_id, p_instance, p_held[i] + g, s)
            ON CONFLICT ON CONSTRAINT limit_leases_pkey DO UPDATE SET tokens = EXCLUDED.tokens, slots = EXCLUDED.slots;
        tenant_id := b.tenant_id;
        granted_tokens := g;
        slots := s;
        granted_headroom := h;
        shared_tokens := level;
        live := n;
        RETURN NEXT;
    END LOOP;
END $$;

-- Every instance reloads its limits when they change (any instance, any tool).
CREATE FUNCTION portico_notify_limits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portico_limits', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER tenant_limits_notify AFTER INSERT OR UPDATE OR DELETE ON tenant_limits
    FOR EACH STATEMENT EXECUTE FUNCTION portico_notify_limits();
CREATE TRIGGER plan_limits_notify AFTER INSERT OR UPDATE OR DELETE ON plan_limits
    FOR EACH STATEMENT EXECUTE FUNCTION portico_notify_limits();

-- Every instance drops a cached principal when its token is revoked (payload: the token's hash in
-- hex) or when what a principal carries changes (payload 'tenant:<id>' or 'operator:<id>').
CREATE FUNCTION portico_notify_token_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portico_tokens', encode(OLD.token_hash, 'hex'));
    RETURN NULL;
END $$;
CREATE TRIGGER api_tokens_revoked_notify AFTER UPDATE OF revoked_at ON api_tokens
    FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL) EXECUTE FUNCTION portico_notify_token_revoked();
CREATE TRIGGER api_tokens_deleted_notify AFTER DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION portico_notify_token_revoked();

CREATE FUNCTION portico_notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'operators' THEN
        PERFORM pg_notify('portico_tokens', 'operator:' || NEW.id);
    ELSIF TG_TABLE_NAME = 'placements' THEN
        PERFORM pg_notify('portico_tokens', 'tenant:' || NEW.tenant_id);
    ELSE
        PERFORM pg_notify('portico_tokens', 'tenant:' || NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tenants_principal_notify AFTER UPDATE OF state, plan ON tenants
    FOR EACH ROW EXECUTE FUNCTION portico_notify_principal_changed();
CREATE TRIGGER operators_principal_notify AFTER UPDATE OF disabled, role ON operators
    FOR EACH ROW EXECUTE FUNCTION portico_notify_principal_changed();
CREATE TRIGGER placements_principal_notify AFTER UPDATE ON placements
    FOR EACH ROW EXECUTE FUNCTION portico_notify_principal_changed();

GRANT SELECT, INSERT, UPDATE, DELETE ON limit_instances, limit_budgets, limit_leases TO portico_app;
GRANT EXECUTE ON FUNCTION portico_limit_lease(uuid, timestamptz, uuid[], float8[], float8[], int[], bigint[], bigint[],
                                              float8[], float8[], int[], bigint[]) TO portico_app;
