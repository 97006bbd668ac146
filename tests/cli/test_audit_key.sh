#!/usr/bin/env bash
# test_audit_key.sh: issue 16 §0 — the keyed audit chain and anchors on the real binary.  An
# intruder who can write the database edits a row and rebuilds the SHA-256 chain: without the
# key the log looks whole, with it the row is named; an anchor kept elsewhere finds the newest
# rows removed and a log rebuilt from scratch.
. "$(dirname "$0")/lib.sh"

export PHASEOUT_AUDIT_KEY_FILE=$T/audit.key
db=$(newdb auditkey)
"$BIN" db init --db "$db" >/dev/null
"$BIN" demo --db "$db" >/dev/null
for u in a1 a2 a3; do echo 'Audit-pass-2026!' | "$ABIN" user add $u --role city --password-stdin --db "$db" >/dev/null; done
n=$(sql "$db" "SELECT count(*) FROM audit_log")

# the key file was made on the first row, for this user only; every row has a mac
expect_eq "$(stat -c %a "$PHASEOUT_AUDIT_KEY_FILE")" 600 "key file mode"
expect_eq "$(wc -c <"$PHASEOUT_AUDIT_KEY_FILE")" 65 "64 hex digits and a newline"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE mac IS NULL")" 0 "every row keyed"
"$ABIN" audit verify --db "$db" >"$T/v.out"
expect_grep "^ok $n rows, head [0-9a-f]\{64\}$" "$T/v.out"
expect_grep "^keyed from row 1, mac [0-9a-f]\{64\}$" "$T/v.out"

# an anchor, kept elsewhere
"$ABIN" audit anchor --db "$db" --out "$T/anchor.txt" >/dev/null
expect_grep "^phaseout-audit-anchor 1$" "$T/anchor.txt"
expect_grep "^rows $n$" "$T/anchor.txt"
echo 'Audit-pass-2026!' | "$BIN" user add a4 --role city --password-stdin --db "$db" >/dev/null
"$ABIN" audit verify --db "$db" --anchor "$T/anchor.txt" >"$T/va.out"
expect_grep "^anchor $T/anchor.txt: row $n as anchored" "$T/va.out"

# the intruder: drops the guard, edits a middle row, rebuilds the SHA-256 chain
if [ "$BACKEND" = pg ]; then
    sql "$db" "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_ud" >/dev/null
else
    sql "$db" "DROP TRIGGER audit_log_no_u; DROP TRIGGER audit_log_no_d"
fi
mid=$((n / 2))
sql "$db" "UPDATE audit_log SET detail = detail || ' (edited)' WHERE id = $mid" >/dev/null
python3 "$root/tests/cli/rechain.py" "$BACKEND" "$db"
# without the key the log looks whole ...
PHASEOUT_AUDIT_KEY_FILE=$T/no-such.key "$ABIN" audit verify --db "$db" >"$T/nokey.out" 2>"$T/nokey.err"
expect_grep "^ok $((n + 1)) rows" "$T/nokey.out"
expect_grep "the keyed chain was not checked" "$T/nokey.err"
# ... with it, the edited row is named
set +e
"$ABIN" audit verify --db "$db" >"$T/v2.out" 2>"$T/v2.err"; rc=$?
set -e
expect_eq "$rc" 1 "rebuilt chain: exit code"
expect_grep "^tampered $mid$" "$T/v2.out"
expect_grep "row $mid tampered: the MAC does not match" "$T/v2.err"
expect_grep "密钥校验值不符" "$T/v2.err"

# the anchor finds the newest rows removed, even where the rest of the chain still holds
sql "$db" "UPDATE audit_log SET detail = replace(detail, ' (edited)', '') WHERE id = $mid" >/dev/null
python3 "$root/tests/cli/rechain.py" "$BACKEND" "$db"
"$ABIN" audit verify --db "$db" >/dev/null
sql "$db" "DELETE FROM audit_log WHERE id >= $n" >/dev/null
"$ABIN" audit verify --db "$db" >/dev/null # a shorter chain is still a chain
set +e
"$ABIN" audit verify --db "$db" --anchor "$T/anchor.txt" >"$T/v3.out" 2>"$T/v3.err"; rc=$?
set -e
expect_eq "$rc" 1 "truncated past the anchor: exit code"
expect_grep "^tampered $n$" "$T/v3.out"
expect_grep "the anchored row is gone" "$T/v3.err"

# a bad anchor file is refused, not taken for a good one
echo "not an anchor" >"$T/bad.txt"
set +e
"$BIN" audit verify --db "$db" --anchor "$T/bad.txt" 2>"$T/bad.err"; rc=$?
set -e
expect_eq "$rc" 1 "bad anchor"
expect_grep "not an anchor file" "$T/bad.err"
echo "test_audit_key ($BACKEND): $n_ok checks ok"
