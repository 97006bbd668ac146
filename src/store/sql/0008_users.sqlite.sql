-- 0008 accounts and sessions (issue 7 item 2, app/userdb.h).
-- Passwords are argon2id strings (libsodium crypto_pwhash_str); a session is
-- found by the hex SHA-256 of its token, so the table never holds a usable
-- cookie.  Times the login throttle and the idle timeout compare are unix
-- seconds (INTEGER); the user's created/updated times are UTC timestamps.

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    pw_hash       TEXT NOT NULL,             -- $argon2id$...
    roles         TEXT NOT NULL,             -- comma-separated role names (core/authz.h)
    district_code TEXT REFERENCES district(code),  -- only with the district role
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE user_session (
    token_hash TEXT PRIMARY KEY,             -- hex sha256 of the cookie's token
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,             -- unix seconds
    last_seen  INTEGER NOT NULL,             -- unix seconds
    ip         TEXT
);
CREATE INDEX user_session_user ON user_session(user_id);

CREATE TABLE login_attempt (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,                  -- as typed, known or not
    ip       TEXT,
    at       INTEGER NOT NULL,               -- unix seconds
    ok       INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempt_user_at ON login_attempt(username, at);
