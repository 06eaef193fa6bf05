-- A readable name per metric, so clients show "Emails sent" rather than the key "emails_sent"
-- without each keeping its own table of names.
ALTER TABLE usage_metrics ADD COLUMN label text;
UPDATE usage_metrics SET label = CASE name
    WHEN 'requests'          THEN 'API requests'
    WHEN 'requests_refused'  THEN 'Refused requests'
    WHEN 'bytes_in'          THEN 'Data received'
    WHEN 'bytes_out'         THEN 'Data sent'
    WHEN 'compute_ms'        THEN 'Server time'
    WHEN 'db_ms'             THEN 'Database time'
    WHEN 'storage_bytes'     THEN 'Storage'
    WHEN 'members'           THEN 'Members'
    WHEN 'emails_sent'       THEN 'Emails sent'
    WHEN 'sms_sent'          THEN 'Text messages sent'
    WHEN 'reports_generated' THEN 'Reports generated'
    ELSE initcap(replace(name, '_', ' ')) END;
ALTER TABLE usage_metrics ALTER COLUMN label SET NOT NULL;
