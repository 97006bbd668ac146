-- 0003: on PostgreSQL, bytewise collation for key text columns.  SQLite already compares text
-- bytewise (BINARY): nothing to do, the step only keeps the version numbers of both backends equal.
SELECT 1;
