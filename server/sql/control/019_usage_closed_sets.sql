-- Plan medians over a range that runs into days that can still change (issue 12). A median is
-- over every tenant of a plan, so 016's figures kept per range were computed again over every
-- tenant whenever today's rollups moved, with every flush. Days before the sealer's first open
-- day no longer change lawfully (external events are accepted up to 24 hours late): each
-- tenant's value over a range's closed days is kept here once, as one narrow row, and a median
-- is then one pass over those rows and the open days' rollups, exact at every read.
--
-- A set is the per-tenant values of metric over [from_day, to_day), each under the plan the
-- tenant had, with the fingerprint (016's: row count and versions of the fleet rollups of those
-- days and months) of the snapshot that computed it, in the same statement. A reader uses a set
-- only when its own snapshot gives the same fingerprint: every change of a tenant's rollup in
-- those days, or of its plan (a plan change raises the versions of its days), changes it, so the
-- values and their plans are those the reader would compute. Sets are made on first use or by the
-- sealer (the console's windows), and dropped once the first open day has moved past them.
CREATE TABLE usage_closed_sets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    metric      text NOT NULL,
    from_day    date NOT NULL,
    to_day      date NOT NULL,
    fingerprint text NOT NULL,
    tenants     bigint NOT NULL,
    built_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (from_day < to_day)
);
CREATE INDEX usage_closed_sets_range ON usage_closed_sets (metric, from_day, to_day, id);

-- (set, plan, tenant): a plan's rows are one index range, read without the other plans'.
CREATE TABLE usage_closed_values (
    set_id    bigint NOT NULL REFERENCES usage_closed_sets (id) ON DELETE CASCADE,
    plan      text NOT NULL,
    tenant_id uuid NOT NULL,
    quantity  bigint NOT NULL,
    PRIMARY KEY (set_id, plan, tenant_id) INCLUDE (quantity)
);

GRANT SELECT, INSERT, DELETE ON usage_closed_sets, usage_closed_values TO portico_app;
