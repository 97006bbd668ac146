-- 0021 audit_mac (issue 16 §0): the keyed chain of the audit log.  mac is the hex
-- HMAC-SHA256, under a key kept outside the database (app/audit.h), of the previous row's mac
-- and the row's canonical text; whoever can write the database but lacks the key can rebuild
-- the unkeyed hash chain, not this one.  Rows written before it have no mac.
ALTER TABLE audit_log ADD COLUMN mac TEXT;
