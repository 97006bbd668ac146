-- 0022 user_approval (issue 16 §0): a second security administrator approves what the first
-- asks through the web — a new account with a business role, a business role granted, a
-- business account's password reset — and a password set by an administrator must be changed
-- at the next login.
--   app_user.must_change_password  1: the account may only change its password
--   user_change                    the requests, pending (decision NULL) or decided; append-only
--                                  except for the decision, written once
ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

CREATE TABLE user_change (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('create', 'grant', 'reset')),
    roles         TEXT,                    -- create, grant: the roles asked for
    district_code TEXT,
    pw_hash       TEXT,                    -- reset: the new password's argon2id hash
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    decision      TEXT CHECK (decision IN ('approved', 'rejected'))
);
CREATE INDEX user_change_pending ON user_change(username) WHERE decision IS NULL;

CREATE TRIGGER user_change_no_d BEFORE DELETE ON user_change BEGIN
    SELECT RAISE(ABORT, 'user changes are never deleted');
END;
CREATE TRIGGER user_change_decide_once BEFORE UPDATE ON user_change
WHEN OLD.decision IS NOT NULL OR NEW.id <> OLD.id OR NEW.username <> OLD.username
    OR NEW.kind <> OLD.kind OR NEW.requested_by <> OLD.requested_by
    OR NEW.requested_at <> OLD.requested_at OR coalesce(NEW.roles, '') <> coalesce(OLD.roles, '')
    OR coalesce(NEW.pw_hash, '') <> coalesce(OLD.pw_hash, '') BEGIN
    SELECT RAISE(ABORT, 'a user change is decided once, and only its decision is written');
END;
