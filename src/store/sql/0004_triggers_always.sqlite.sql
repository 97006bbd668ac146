-- 0004: on PostgreSQL, revision triggers fire in every session mode.  SQLite has no such modes:
-- nothing to do; the step keeps both backends' version numbers equal.
SELECT 1;
