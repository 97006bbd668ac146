#!/usr/bin/env bash
# test_backup.sh: phaseout backup / restore (issue 16 §4) on the demo city: a round trip with
# every table's rows and content hash and the audit head as before; a tampered, a truncated, an
# incomplete and an unknown-format backup refused; a non-empty target refused; backups taken
# while `phaseout serve` takes writes (logins) and the CLI imports restore and verify; across
# backends (SQLite backup into PostgreSQL through db copy; a PostgreSQL one into SQLite in two
# steps).  Times of backup and restore on the demo are printed.  The round trip and the refusals
# run the sanitized binary (PHASEOUT_ASAN_BIN) when there is one.
. "$(dirname "$0")/lib.sh"
export PHASEOUT_AUDIT_KEY_FILE=$T/audit.key

src=$(newdb src)
"$BIN" demo --db "$src" >/dev/null
"$BIN" demo --db "$src" --activity --as-of 2026-12-07 >/dev/null

# table_counts DB: "table rows" for every data table (the list of store/copy.c, via the manifest)
tables() { python3 -c 'import json,sys; print("\n".join(t["name"] for t in json.load(open(sys.argv[1]))["tables"]))' "$1"; }
counts() { local t; for t in $(tables "$2"); do echo "$t $(sql "$1" "SELECT count(*) FROM $t")"; done; }
manifest_counts() { python3 -c 'import json,sys; [print(t["name"], t["rows"]) for t in json.load(open(sys.argv[1]))["tables"]]' "$1"; }
head_of() { "$BIN" audit verify --db "$1" | sed -n 's/^ok \([0-9]*\) rows, head \([0-9a-f]*\)$/\1 \2/p'; }
secs() { sed -n 's/.*, \([0-9.]*\) s$/\1/p' "$1" | head -n 1; }

# ---- round trip ----
"$ABIN" backup --db "$src" --out "$T/b1" >"$T/b1.out" 2>"$T/b1.err" || { cat "$T/b1.err"; fail "backup"; }
expect_grep "备份完成" "$T/b1.out"
expect_grep "backup done" "$T/b1.out"
part=data.sqlite; [ "$BACKEND" = pg ] && part=data.pgdump
[ -s "$T/b1/$part" ] || fail "no $part"; ok
[ -s "$T/b1/manifest.json" ] || fail "no manifest"; ok
python3 - "$T/b1/manifest.json" "$BACKEND" <<'PY' || fail "manifest fields"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["format"] == "phaseout-backup" and m["format_version"] == 1, m
assert m["backend"] == sys.argv[2] and m["schema_version"] >= 21 and m["phaseout_version"]
assert m["created_at"].endswith("Z") and len(m["parts"]) == 1 and len(m["parts"][0]["sha256"]) == 64
names = [t["name"] for t in m["tables"]]
assert len(names) >= 47 and "audit_log" in names and "case_event" in names, names
assert m["audit"]["rows"] > 0 and len(m["audit"]["head"]) == 64 and m["audit"]["ok"] and m["audit"]["keyed"]
PY
ok
expect_eq "$(cd "$T/b1" && sha256sum "$part" | cut -d' ' -f1)" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parts"][0]["sha256"])' "$T/b1/manifest.json")" "part hash"
expect_eq "$(counts "$src" "$T/b1/manifest.json")" "$(manifest_counts "$T/b1/manifest.json")" "manifest counts = source counts"
[ "$(sql "$src" "SELECT count(*) FROM case_event")" -gt 0 ] || fail "the demo has no case events"; ok

dst=$(newdb dst)
"$ABIN" restore --from "$T/b1" --db "$dst" >"$T/r1.out" 2>"$T/r1.err" || { cat "$T/r1.err"; fail "restore"; }
expect_grep "恢复完成并已核对" "$T/r1.out"
expect_grep "restore done and verified" "$T/r1.out"
expect_eq "$(counts "$dst" "$T/b1/manifest.json")" "$(counts "$src" "$T/b1/manifest.json")" "restored counts"
expect_eq "$(head_of "$dst")" "$(head_of "$src")" "audit rows and head after the restore"
"$BIN" audit verify --db "$dst" | grep -q "^keyed from row 1" || fail "keyed chain after the restore"; ok
# the restored database is a working one: it takes writes and the chain goes on
"$BIN" evaluate --db "$dst" --year 2025 >/dev/null 2>&1
"$BIN" audit verify --db "$dst" >/dev/null
ok
echo "figures ($BACKEND, demo, ${ABIN#$root/}): backup $(secs "$T/b1.out") s, restore $(secs "$T/r1.out") s, part $(stat -c %s "$T/b1/$part") bytes"

# ---- refused backups and targets ----
refused() { # refused WHAT FROM DB ZH EN: restore exits 1 saying ZH and EN
    if "$ABIN" restore --from "$2" --db "$3" >"$T/ref.out" 2>"$T/ref.err"; then fail "$1: restore succeeded"; fi
    expect_grep "$4" "$T/ref.err"
    expect_grep "$5" "$T/ref.err"
}
empty=$(newdb empty)
cp -r "$T/b1" "$T/tampered"
python3 - "$T/tampered/$part" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0x01
open(p, 'wb').write(b)
PY
refused tampered "$T/tampered" "$empty" "与清单不符" "does not match its manifest"
cp -r "$T/b1" "$T/short"; truncate -s -1 "$T/short/$part"
refused truncated "$T/short" "$empty" "与清单不符" "does not match its manifest"
cp -r "$T/b1" "$T/nopart"; rm "$T/nopart/$part"
refused "missing part" "$T/nopart" "$empty" "备份缺少文件" "the backup lacks the file"
cp -r "$T/b1" "$T/nomanifest"; rm "$T/nomanifest/manifest.json"
refused unfinished "$T/nomanifest" "$empty" "没有备份清单" "not a backup, or an unfinished one"
cp -r "$T/b1" "$T/v2"; sed -i 's/"format_version": 1/"format_version": 2/' "$T/v2/manifest.json"
refused "unknown format" "$T/v2" "$empty" "不是本程序认识的备份格式" "not a backup format this program knows"
cp -r "$T/b1" "$T/badjson"; echo '{' >"$T/badjson/manifest.json"
refused "broken manifest" "$T/badjson" "$empty" "备份清单" "backup manifest"
# nothing of a refused backup reached the target
if [ "$BACKEND" = pg ]; then
    expect_eq "$(sql "$empty" "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")" 0 "tables after refusals"
else
    [ ! -s "$empty" ] || fail "the target file was written by a refused restore"; ok
fi
refused "non-empty target" "$T/b1" "$src" "不是空的" "not empty"
# a manifest whose figures differ from its (intact) part: loaded, then found out loudly
cp -r "$T/b1" "$T/lying"
python3 - "$T/lying/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
next(t for t in m["tables"] if t["name"] == "case_event")["rows"] += 1
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
refused "figures that do not match" "$T/lying" "$(newdb lying)" "恢复的数据库与备份不符，不可使用" "table case_event has"
cp -r "$T/b1" "$T/lying2"
python3 - "$T/lying2/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["audit"]["head"] = "0" * 64
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
refused "another audit head" "$T/lying2" "$(newdb lying2)" "恢复后审计链" "the restored audit chain"
# without the audit key: restored, the SHA-256 chain checked, the keyed one said not to be
nokey=$(newdb nokey)
PHASEOUT_AUDIT_KEY_FILE=$T/no.key "$BIN" restore --from "$T/b1" --db "$nokey" >"$T/nokey.out" 2>"$T/nokey.err" || { cat "$T/nokey.err"; fail "restore without the key"; }
expect_grep "restore the key file too" "$T/nokey.err"
expect_grep "请一并恢复密钥文件" "$T/nokey.err"
refused "non-empty restored target" "$T/b1" "$dst" "不是空的" "restore only into an empty database"
if "$BIN" backup --db "$src" --out "$T/b1" >/dev/null 2>"$T/again.err"; then fail "backup into a used directory"; fi
expect_grep "directory .* is not empty" "$T/again.err"
if [ "$BACKEND" = pg ]; then # pg_restore wants a database without tables, even empty ones
    tabled=$(newdb tabled)
    psql -q "$tabled" -c 'CREATE TABLE x(i int)'
    refused "a table without rows" "$T/b1" "$tabled" "没有表的新数据库" "new database without tables"
fi

# ---- backups while the server takes writes ----
port=$(free_port)
live=$(newdb live)
"$BIN" demo --db "$live" >/dev/null
echo 'Backup-pass-2026!' | "$BIN" user add writer --role city --password-stdin --db "$live" >/dev/null
serve_start "$live" "$port"
# writers: logins through the API (a session row and an audit row each) and CLI imports
: >"$T/acks"
( while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d '{"username":"writer","password":"Backup-pass-2026!"}' "http://127.0.0.1:$port/api/v1/session")
    echo "$code" >>"$T/acks"
done ) &
wpid=$!
"$BIN" export --db "$live" --kind enterprises --format csv >"$T/ent.csv"
( while :; do "$BIN" import --quiet --db "$live" --kind enterprises "$T/ent.csv" >/dev/null 2>&1 || true; done ) &
ipid=$!
sleep 1
for k in 1 2 3; do
    "$BIN" backup --db "$live" --out "$T/live$k" >"$T/live$k.out" 2>&1 || { cat "$T/live$k.out"; fail "backup $k under load"; }
    sleep 1
done
kill $wpid $ipid; wait $wpid $ipid 2>/dev/null || true
kill $spid; wait $spid 2>/dev/null || true
n200=$(grep -c '^200$' "$T/acks" || true)
[ "$n200" -ge 3 ] || fail "too few writes during the backups: $n200"; ok
[ "$(grep -vc '^200$' "$T/acks" || true)" -le 1 ] || { sort "$T/acks" | uniq -c; fail "writes failed during the backups"; }; ok
prev=0
for k in 1 2 3; do
    r=$(newdb "liver$k")
    "$BIN" restore --from "$T/live$k" --db "$r" >"$T/liver$k.out" 2>&1 || { cat "$T/liver$k.out"; fail "restore of backup $k under load"; }
    rows=$(head_of "$r" | cut -d' ' -f1)
    [ "$rows" -gt "$prev" ] || fail "backup $k does not hold more audit rows than backup $((k - 1)): $rows"
    prev=$rows; ok
done
[ "$(head_of "$live" | cut -d' ' -f1)" -ge "$prev" ] || fail "the live log is shorter than a backup"; ok
echo "under load: $n200 logins and $(sql "$live" "SELECT count(*) FROM import_batch") import batches; each backup restored and verified"

# ---- across backends ----
if [ "$BACKEND" = sqlite ] && [ -n "${PHASEOUT_TEST_PG_DSN:-}" ]; then
    pgdst=$(BACKEND=pg newdb xpg)
    _pgdbs+=("po_cli_$$_xpg")
    "$BIN" restore --from "$T/b1" --db "$pgdst" >"$T/x.out" 2>&1 || { cat "$T/x.out"; fail "SQLite backup into PostgreSQL"; }
    expect_grep "restored through db copy" "$T/x.out"
    expect_eq "$(head_of "$pgdst")" "$(head_of "$src")" "audit head of SQLite → PostgreSQL"
    expect_eq "$(psql -qAt "$pgdst" -c "SELECT count(*) FROM case_event")" "$(sqlite3 "$src" "SELECT count(*) FROM case_event")" "case events across"
    echo "across: SQLite backup → PostgreSQL restore ($(secs "$T/x.out") s)"
elif [ "$BACKEND" = pg ]; then
    sq=$T/across.db
    refused "PostgreSQL backup into SQLite" "$T/b1" "$sq" "不能直接恢复到 SQLite" "phaseout db copy"
    # the two steps: into a new PostgreSQL database, then db copy
    "$BIN" db copy --from "$dst" --to "$sq" >"$T/xc.out" 2>&1 || { cat "$T/xc.out"; fail "db copy to SQLite"; }
    expect_eq "$(head_of "$sq")" "$(head_of "$dst")" "audit head after restore + db copy"
    # and a SQLite backup of that into PostgreSQL again
    "$BIN" backup --db "$sq" --out "$T/sqb" >/dev/null
    back=$(newdb back)
    "$BIN" restore --from "$T/sqb" --db "$back" >"$T/x2.out" 2>&1 || { cat "$T/x2.out"; fail "SQLite backup into PostgreSQL"; }
    expect_eq "$(head_of "$back")" "$(head_of "$dst")" "audit head after PostgreSQL → SQLite → PostgreSQL"
    echo "across: PostgreSQL backup → PostgreSQL → db copy → SQLite → backup → PostgreSQL"
fi
echo "test_backup.sh ($BACKEND): $n_ok checks ok"
