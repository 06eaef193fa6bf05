-- Durable jobs: long work (a tenant move first) as rows any server instance may run. A worker
-- claims a job with FOR UPDATE SKIP LOCKED and holds it under a lease it renews; the lease's
-- token is fresh at every claim, and every write a worker makes to these tables names it, so a
-- worker that lost its lease (it froze, its server died and another took over) changes the job no
-- more; writes elsewhere are guarded by renewing the lease first (JobContext::ensureHeld). A step
-- writes a checkpoint as it goes and the job resumes from it after a crash.

CREATE TABLE jobs (
    id            uuid PRIMARY KEY,
    kind          text NOT NULL,
    tenant_id     uuid REFERENCES tenants (id) ON DELETE SET NULL,
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled')),
    -- What an operator asked of a running job; its worker applies it at the next checkpoint.
    requested     text CHECK (requested IN ('pause', 'cancel')),
    params        jsonb NOT NULL DEFAULT '{}',
    step          int NOT NULL DEFAULT 0,     -- index into the kind's steps; = their count when done
    step_name     text NOT NULL DEFAULT '',
    steps_total   int NOT NULL DEFAULT 0,
    checkpoint    jsonb NOT NULL DEFAULT '{}', -- the running step's own state (for a copy: per table, the last key)
    rows_done     bigint NOT NULL DEFAULT 0,
    rows_total    bigint,
    bytes_done    bigint NOT NULL DEFAULT 0,
    bytes_total   bigint,
    rows_per_second double precision, -- measured over the running step's current run
    result        jsonb,
    error         text,
    started_by    text NOT NULL,   -- "operator:<email>"
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    heartbeat_at  timestamptz,
    lease_token   uuid,            -- the current claim's; null when no worker holds the job
    lease_owner   text,            -- the instance holding it, for people reading the row
    lease_until   timestamptz,
    attempts      int NOT NULL DEFAULT 0 -- claims so far: more than one means it was resumed
);
-- The claim's scan: runnable jobs, oldest first.
CREATE INDEX jobs_runnable ON jobs (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_recent ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_tenant_recent ON jobs (tenant_id, created_at DESC, id DESC);
-- At most one unfinished job of a kind per tenant: two moves of one tenant at once cannot both be right.
CREATE UNIQUE INDEX jobs_one_open_per_tenant ON jobs (tenant_id, kind)
    WHERE state IN ('queued', 'running', 'paused') AND tenant_id IS NOT NULL;

-- One row per step a job has entered: when it started and ended, how many runs it took (more
-- than one when the job was resumed in it), and what it moved.
CREATE TABLE job_steps (
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    step        int NOT NULL,
    name        text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    runs        int NOT NULL DEFAULT 1,
    rows_done   bigint NOT NULL DEFAULT 0,
    bytes_done  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, step)
);

-- A new job, or a change of its state or request, tells the instances (their workers wake). Lease
-- renewals and checkpoints do not: they would wake every worker of every instance for nothing.
CREATE FUNCTION portico_jobs_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portico_jobs', NEW.id::text || ' ' || NEW.state);
    RETURN NULL;
END $$;
CREATE TRIGGER jobs_notify_insert AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION portico_jobs_notify();
CREATE TRIGGER jobs_notify_update AFTER UPDATE ON jobs FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.requested IS DISTINCT FROM NEW.requested OR OLD.lease_token IS DISTINCT FROM NEW.lease_token)
    EXECUTE FUNCTION portico_jobs_notify();

GRANT SELECT, INSERT, UPDATE ON jobs, job_steps TO portico_app;
