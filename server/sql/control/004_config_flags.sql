-- Configuration schema, plan-layer values, feature flags and their overrides: platform data.
-- Tenant- and user-layer configuration values live in each tenant's placement (tenant migration 002).
-- Every change to flags, overrides or a tenant's plan notifies 'portico_flags' from the writing
-- transaction (delivered at commit), so every server instance reloads its flag snapshot.

CREATE TABLE config_keys (
    key         text PRIMARY KEY,
    definition  jsonb NOT NULL,            -- core/config.h KeyDef::toJson
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE config_plan_values (
    plan        text NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
    key         text NOT NULL REFERENCES config_keys (key) ON DELETE CASCADE,
    value       jsonb NOT NULL,
    version     int NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT '',
    PRIMARY KEY (plan, key)
);

CREATE TABLE flags (
    key         text PRIMARY KEY,
    definition  jsonb NOT NULL,            -- core/flags.h Flag::toJson
    version     int NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT ''
);

-- user_id '' = the tenant's override; otherwise one user's within the tenant.
CREATE TABLE flag_overrides (
    flag_key    text NOT NULL REFERENCES flags (key) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     text NOT NULL DEFAULT '',
    value       jsonb NOT NULL,
    reason      text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT '',
    PRIMARY KEY (flag_key, tenant_id, user_id)
);
CREATE INDEX flag_overrides_tenant ON flag_overrides (tenant_id);

CREATE FUNCTION portico_notify_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portico_flags', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER flags_notify AFTER INSERT OR UPDATE OR DELETE ON flags
    FOR EACH STATEMENT EXECUTE FUNCTION portico_notify_flags();
CREATE TRIGGER flag_overrides_notify AFTER INSERT OR UPDATE OR DELETE ON flag_overrides
    FOR EACH STATEMENT EXECUTE FUNCTION portico_notify_flags();
-- Plan entitlements depend on the tenant's plan, which the snapshot carries.
CREATE TRIGGER tenants_plan_notify AFTER INSERT OR UPDATE OF plan ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION portico_notify_flags();

GRANT SELECT ON config_keys TO portico_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON config_plan_values, flags, flag_overrides TO portico_app;

-- The configuration schema of a B2B portal. Layers: which layers may override the default.
INSERT INTO config_keys (key, definition)
SELECT d->>'key', d FROM jsonb_array_elements($json$[
 {"key":"branding.primary_color","type":"color","default":"#1f6feb","layers":["plan","tenant"],"tenant_visible":true,"constraints":{},
  "description":"Main colour of buttons and links in the portal."},
 {"key":"branding.accent_color","type":"color","default":"#f78166","layers":["tenant"],"tenant_visible":true,"constraints":{},
  "description":"Accent colour for highlights and badges."},
 {"key":"branding.company_name","type":"string","default":"","layers":["tenant"],"tenant_visible":true,"constraints":{"max_length":80},
  "description":"Name shown in the portal header; empty uses the tenant's name."},
 {"key":"branding.logo_url","type":"string","default":"","layers":["tenant"],"tenant_visible":true,
  "constraints":{"max_length":500,"pattern":"(https://[^\\s]+)?"},"description":"HTTPS address of the logo; empty shows the company name."},
 {"key":"branding.theme","type":"enum","default":"light","layers":["tenant","user"],"tenant_visible":true,
  "constraints":{"allowed":["light","dark","system"]},"description":"Colour theme; users may choose their own."},
 {"key":"branding.login_page","type":"json","default":{"headline":"Welcome","show_signup":false},"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"json_schema":{"type":"object","additionalProperties":false,"required":["headline"],
   "properties":{"headline":{"type":"string","minLength":1,"maxLength":120},"subline":{"type":"string","maxLength":240},
                 "show_signup":{"type":"boolean"},"background_url":{"type":"string","pattern":"^https://"}}}},
  "description":"Texts and options of the sign-in page."},
 {"key":"security.session.idle_timeout","type":"duration","default":"30m","layers":["plan","tenant","user"],"tenant_visible":true,
  "constraints":{"minimum":300,"maximum":86400},"description":"Sign users out after this much inactivity (5 minutes to 24 hours)."},
 {"key":"security.session.max_lifetime","type":"duration","default":"12h","layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":3600,"maximum":2592000},"description":"Longest a session lives, however active."},
 {"key":"security.mfa.required","type":"bool","default":false,"layers":["plan","tenant"],"tenant_visible":true,"constraints":{},
  "description":"Every member must use a second factor."},
 {"key":"security.password.min_length","type":"int","default":10,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":8,"maximum":128},"description":"Minimum password length."},
 {"key":"security.ip_allowlist","type":"json","default":[],"layers":["tenant"],"tenant_visible":true,
  "constraints":{"json_schema":{"type":"array","maxItems":50,"items":{"type":"string","pattern":"^[0-9a-fA-F:.]+/[0-9]{1,3}$"}}},
  "description":"CIDR ranges allowed to sign in; empty allows all."},
 {"key":"security.sso.enforced","type":"bool","default":false,"layers":["plan","tenant"],"tenant_visible":true,"constraints":{},
  "description":"Members must sign in through the tenant's identity provider."},
 {"key":"workflow.approval.steps","type":"json","default":{"steps":[{"name":"review","role":"admin"}],"parallel":false},"layers":["plan","tenant"],
  "tenant_visible":true,"constraints":{"json_schema":{"type":"object","required":["steps"],"additionalProperties":false,
   "properties":{"parallel":{"type":"boolean"},"steps":{"type":"array","minItems":1,"maxItems":8,
    "items":{"type":"object","required":["name","role"],"additionalProperties":false,
     "properties":{"name":{"type":"string","minLength":1,"maxLength":60},"role":{"type":"string","enum":["admin","member","viewer"]},
                   "sla_hours":{"type":"integer","minimum":1,"maximum":720}}}}}}},
  "description":"Approval steps a document passes before it is published."},
 {"key":"workflow.approval.auto_approve_below","type":"number","default":0,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":0,"maximum":1000000},"description":"Amounts below this are approved without a workflow (0 = never)."},
 {"key":"workflow.reminders.interval","type":"duration","default":"24h","layers":["tenant","user"],"tenant_visible":true,
  "constraints":{"minimum":3600,"maximum":1209600},"description":"How often pending approvers are reminded."},
 {"key":"retention.documents.days","type":"int","default":365,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":30,"maximum":3650},"description":"Deleted documents are purged after this many days."},
 {"key":"retention.audit.days","type":"int","default":400,"layers":["plan"],"tenant_visible":true,
  "constraints":{"minimum":90,"maximum":3650},"description":"How long the tenant's audit trail stays searchable."},
 {"key":"retention.exports.ttl","type":"duration","default":"7d","layers":["plan","tenant"],"tenant_visible":false,
  "constraints":{"minimum":3600,"maximum":7776000},"description":"Download links of exports expire after this."},
 {"key":"notifications.email.enabled","type":"bool","default":true,"layers":["tenant","user"],"tenant_visible":true,"constraints":{},
  "description":"Send notification emails."},
 {"key":"notifications.email.digest","type":"enum","default":"daily","layers":["tenant","user"],"tenant_visible":true,
  "constraints":{"allowed":["off","hourly","daily","weekly"]},"description":"Bundle notifications into a digest."},
 {"key":"notifications.webhook.url","type":"string","default":"","layers":["tenant"],"tenant_visible":true,
  "constraints":{"max_length":500,"pattern":"(https://[^\\s]+)?"},"description":"HTTPS endpoint that receives event webhooks."},
 {"key":"notifications.webhook.events","type":"json","default":["document.published"],"layers":["tenant"],"tenant_visible":true,
  "constraints":{"json_schema":{"type":"array","maxItems":20,"items":{"type":"string","enum":["document.created","document.published",
   "document.deleted","member.joined","member.left","approval.requested","approval.completed"]}}},
  "description":"Events sent to the webhook."},
 {"key":"limits.seats","type":"int","default":5,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":1,"maximum":100000},"description":"Members the tenant may have."},
 {"key":"limits.storage_gb","type":"number","default":1,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":0.1,"maximum":10000},"description":"Storage quota in GB."},
 {"key":"limits.api.requests_per_minute","type":"int","default":120,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":10,"maximum":100000},"description":"Rate limit of the tenant API."},
 {"key":"limits.upload.max_mb","type":"int","default":25,"layers":["plan","tenant"],"tenant_visible":true,
  "constraints":{"minimum":1,"maximum":5120},"description":"Largest single upload."},
 {"key":"ops.support.internal_notes","type":"string","default":"","layers":["tenant"],"tenant_visible":false,
  "constraints":{"max_length":2000},"description":"Notes for the support team; never shown to the tenant."},
 {"key":"ops.billing.invoice_day","type":"int","default":1,"layers":["tenant"],"tenant_visible":false,
  "constraints":{"minimum":1,"maximum":28},"description":"Day of the month invoices are issued."}
]$json$::jsonb) AS d;

-- What the plans bring.
INSERT INTO config_plan_values (plan, key, value, updated_by) VALUES
 ('free', 'limits.seats', '5', 'migration'), ('pro', 'limits.seats', '50', 'migration'), ('enterprise', 'limits.seats', '1000', 'migration'),
 ('free', 'limits.storage_gb', '1', 'migration'), ('pro', 'limits.storage_gb', '100', 'migration'), ('enterprise', 'limits.storage_gb', '2000', 'migration'),
 ('pro', 'limits.api.requests_per_minute', '1200', 'migration'), ('enterprise', 'limits.api.requests_per_minute', '10000', 'migration'),
 ('pro', 'limits.upload.max_mb', '250', 'migration'), ('enterprise', 'limits.upload.max_mb', '2048', 'migration'),
 ('free', 'retention.documents.days', '90', 'migration'), ('enterprise', 'retention.documents.days', '2555', 'migration'),
 ('enterprise', 'retention.audit.days', '2555', 'migration'),
 ('enterprise', 'security.mfa.required', 'true', 'migration'),
 ('enterprise', 'security.session.max_lifetime', '"8h"', 'migration'),
 ('enterprise', 'workflow.approval.steps', '{"steps":[{"name":"review","role":"member","sla_hours":24},{"name":"approve","role":"admin","sla_hours":48}],"parallel":false}', 'migration');
