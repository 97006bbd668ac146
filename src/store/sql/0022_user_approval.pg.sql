-- 0022 user_approval (issue 16 §0): see the SQLite file.
ALTER TABLE app_user ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

CREATE TABLE user_change (
    id            BIGINT PRIMARY KEY,
    username      TEXT COLLATE "C" NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('create', 'grant', 'reset')),
    roles         TEXT,
    district_code TEXT,
    pw_hash       TEXT,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    decision      TEXT CHECK (decision IN ('approved', 'rejected'))
);
CREATE INDEX user_change_pending ON user_change(username) WHERE decision IS NULL;

CREATE FUNCTION user_change_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'user changes are never deleted';
    END IF;
    IF OLD.decision IS NOT NULL OR NEW.id <> OLD.id OR NEW.username <> OLD.username
       OR NEW.kind <> OLD.kind OR NEW.requested_by <> OLD.requested_by
       OR NEW.requested_at <> OLD.requested_at
       OR coalesce(NEW.roles, '') <> coalesce(OLD.roles, '')
       OR coalesce(NEW.pw_hash, '') <> coalesce(OLD.pw_hash, '') THEN
        RAISE EXCEPTION 'a user change is decided once, and only its decision is written';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER user_change_guard BEFORE UPDATE OR DELETE ON user_change
    FOR EACH ROW EXECUTE FUNCTION user_change_guard();
ALTER TABLE user_change ENABLE ALWAYS TRIGGER user_change_guard;
