-- Audit log: append-only hash chains (one per tenant, one for the platform) and signed checkpoints.
-- The data role may read and insert, never update or delete; triggers refuse both even for the
-- owner, so rewriting history takes a superuser who disables them (and the hash chain and the
-- checkpoints, signed with a key the database never holds, show that it happened).

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    chain      text NOT NULL,              -- 'platform' or the tenant's id
    seq        bigint NOT NULL CHECK (seq >= 1),
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    tenant_id  uuid,                       -- no foreign key: entries outlive their tenant
    target     text NOT NULL DEFAULT '',
    reason     text NOT NULL DEFAULT '',
    details    jsonb NOT NULL DEFAULT '{}',
    prev_hash  bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash       bytea NOT NULL CHECK (length(hash) = 32),
    UNIQUE (chain, seq)
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_chain_at ON audit_log (chain, at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor, at DESC);

CREATE TABLE audit_signing_keys (
    key_id      text PRIMARY KEY,              -- hex of the first 8 bytes of SHA-256(public key)
    public_key  bytea NOT NULL UNIQUE CHECK (length(public_key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_checkpoints (
    id         bigserial PRIMARY KEY,
    chain      text NOT NULL,
    seq        bigint NOT NULL,
    hash       bytea NOT NULL CHECK (length(hash) = 32),
    signature  bytea NOT NULL CHECK (length(signature) = 64),
    key_id     text NOT NULL REFERENCES audit_signing_keys (key_id),
    at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chain, seq)
);

CREATE FUNCTION portico_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION portico_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION portico_refuse_change();
-- Keys are never rewritten either: a replaced public key would let forged checkpoints verify.
CREATE TRIGGER audit_signing_keys_append_only BEFORE UPDATE OR DELETE ON audit_signing_keys
    FOR EACH ROW EXECUTE FUNCTION portico_refuse_change();

GRANT SELECT, INSERT ON audit_log, audit_checkpoints, audit_signing_keys TO portico_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq, audit_checkpoints_id_seq TO portico_app;
