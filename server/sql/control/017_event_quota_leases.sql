-- Blocking quotas of external events (POST /v1/usage/events) across instances. Like the request
-- quota's headroom in limit_budgets (migration 015), each tenant's quota of a metric is one budget:
-- instances lease headroom in chunks, spend it in memory, and give back what they do not use
-- (idle for a second, stopping, a batch of duplicates). A batch that needs more than its instance
-- holds asks here, synchronously, for what is missing plus a chunk; it is granted all of what is
-- missing or nothing. What a crashed instance held stays spent for the period (quotas fail closed).
CREATE TABLE limit_quota_budgets (
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    metric       text NOT NULL REFERENCES usage_metrics (name),
    period_start timestamptz NOT NULL,
    granted      bigint NOT NULL DEFAULT 0 CHECK (granted >= 0), -- handed out this period: spent or held
    PRIMARY KEY (tenant_id, metric)
);

-- Per (tenant, metric), in the caller's order (callers sort, so two instances lock alike):
--   p_used: the period's usage as the caller knows it, the starting point of a new budget
--   p_need: headroom that must be granted in full (> 0), or given back (< 0)
--   p_ask:  how much to grant when there is room (at least p_need; the rest is the next chunk)
-- Returns the headroom granted: 0 when less than p_need was left, or for a give-back.
CREATE FUNCTION portico_quota_lease(p_period timestamptz, p_tenants uuid[], p_metrics text[], p_quota bigint[],
                                    p_used bigint[], p_need bigint[], p_ask bigint[])
RETURNS TABLE (tenant_id uuid, metric text, granted bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    i int;
    b limit_quota_budgets%ROWTYPE;
    g bigint;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_tenants, 1), 0) LOOP
        INSERT INTO limit_quota_budgets AS q (tenant_id, metric, period_start, granted)
            SELECT p_tenants[i], p_metrics[i], p_period, greatest(p_used[i], 0)
             WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.id = p_tenants[i])
            ON CONFLICT ON CONSTRAINT limit_quota_budgets_pkey DO NOTHING;
        SELECT * INTO b FROM limit_quota_budgets q WHERE q.tenant_id = p_tenants[i] AND q.metric = p_metrics[i] FOR NO KEY UPDATE;
        IF NOT FOUND THEN
            CONTINUE; -- the tenant is gone
        END IF;
        IF p_period > b.period_start THEN
            -- a new period starts from the usage the caller knows of it
            b.period_start := p_period;
            b.granted := greatest(p_used[i], 0);
        END IF;
        g := 0;
        IF p_period = b.period_start THEN
            IF p_need[i] > 0 THEN
                IF p_quota[i] - b.granted >= p_need[i] THEN
                    g := least(greatest(p_ask[i], p_need[i]), p_quota[i] - b.granted);
                    b.granted := b.granted + g;
                END IF;
            ELSIF p_need[i] < 0 THEN
                b.granted := greatest(0, b.granted + p_need[i]);
            END IF;
        END IF;
        UPDATE limit_quota_budgets q SET period_start = b.period_start, granted = b.granted
         WHERE q.tenant_id = b.tenant_id AND q.metric = b.metric;
        tenant_id := b.tenant_id;
        metric := b.metric;
        granted := g;
        RETURN NEXT;
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON limit_quota_budgets TO portico_app;
GRANT EXECUTE ON FUNCTION portico_quota_lease(timestamptz, uuid[], text[], bigint[], bigint[], bigint[], bigint[]) TO portico_app;
