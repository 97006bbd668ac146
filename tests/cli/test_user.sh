#!/usr/bin/env bash
# test_user.sh: accounts from the command line on the backend in TEST_BACKEND — the password from
# stdin or PHASEOUT_PASSWORD (never an argument), the policy and the separation of the three
# administrators refused with a reason, roles changed, an account disabled and enabled, the list,
# and every change in the audit log under cli:$USER.
. "$(dirname "$0")/lib.sh"

db=$(newdb users)
"$BIN" db init --db "$db" >/dev/null
sql "$db" "INSERT INTO district(code, name, level) VALUES ('150302', '海勃湾区', 'district')" >/dev/null
export USER=tester
unset PHASEOUT_PASSWORD

# no password anywhere: refused with a clear message
if "$ABIN" user add wang.wu --db "$db" --role city 2>"$T/nopw.err" </dev/null; then
    fail "added without a password"; fi
expect_grep "no password given" "$T/nopw.err"
expect_grep "PHASEOUT_PASSWORD" "$T/nopw.err"

printf 'Wuhai-2026-ok\n' | "$ABIN" user add wang.wu --db "$db" --role city,drc --name 王五 \
    --password-stdin >"$T/add.out"
expect_grep "^added wang.wu$" "$T/add.out"
PHASEOUT_PASSWORD='Haibowan-2026' "$ABIN" user add hbw01 --db "$db" --role district \
    --district 150302 >/dev/null
PHASEOUT_PASSWORD='Sec-Admin-2026!' "$ABIN" user add anquan --db "$db" --role secadmin >/dev/null

# refusals: policy, separation of duties, district without a code, duplicate, unknown role
if printf 'short1A\n' | "$ABIN" user add li.si --db "$db" --role bank --password-stdin \
    2>"$T/short.err"; then fail "short password accepted"; fi
expect_grep "password too short" "$T/short.err"
expect_grep "密码太短" "$T/short.err"
if PHASEOUT_PASSWORD='Wuhai-2026-ok' "$ABIN" user add li.si --db "$db" --role sysadmin,auditadmin \
    2>"$T/sep.err"; then fail "sysadmin and auditadmin in one account"; fi
expect_grep "separation of duties" "$T/sep.err"
expect_grep "三权分立" "$T/sep.err"
if PHASEOUT_PASSWORD='Wuhai-2026-ok' "$ABIN" user add li.si --db "$db" --role district \
    2>"$T/dist.err"; then fail "district role without a code"; fi
expect_grep "needs a district code" "$T/dist.err"
if PHASEOUT_PASSWORD='Wuhai-2026-ok' "$ABIN" user add wang.wu --db "$db" --role bank \
    2>"$T/dup.err"; then fail "duplicate username"; fi
expect_grep "username wang.wu is taken" "$T/dup.err"
if PHASEOUT_PASSWORD='Wuhai-2026-ok' "$ABIN" user add li.si --db "$db" --role boss \
    2>"$T/role.err"; then fail "unknown role"; fi
expect_grep 'unknown role "boss"' "$T/role.err"
set +e
"$ABIN" user add li.si --db "$db" >/dev/null 2>&1; rc=$?
set -e
expect_eq "$rc" 2 "add without --role is a usage error"

# roles, disable, enable, passwd
"$ABIN" user role wang.wu --db "$db" --role market >/dev/null
if "$ABIN" user role wang.wu --db "$db" --role secadmin,sysadmin 2>"$T/role2.err"; then
    fail "role change broke the separation"; fi
expect_grep "separation of duties" "$T/role2.err"
"$ABIN" user disable hbw01 --db "$db" >"$T/dis.out"
expect_grep "^disabled hbw01$" "$T/dis.out"
printf 'New-Pass-2027\n' | "$ABIN" user passwd wang.wu --db "$db" --password-stdin >/dev/null
if printf 'New-Pass-2027\n' | "$ABIN" user passwd nobody --db "$db" --password-stdin \
    2>"$T/nf.err"; then fail "passwd of an unknown user"; fi
expect_grep "no user nobody" "$T/nf.err"

"$ABIN" user list --db "$db" >"$T/list.out"
expect_eq "$(sed -n 1p "$T/list.out")" "username,display_name,roles,district_code,disabled" "list header"
expect_eq "$(sed -n 2p "$T/list.out")" 'anquan,,"secadmin",,0' "list row 1"
expect_eq "$(sed -n 3p "$T/list.out")" 'hbw01,,"district",150302,1' "list row 2"
expect_eq "$(sed -n 4p "$T/list.out")" 'wang.wu,王五,"market",,0' "list row 3"
"$ABIN" user disable hbw01 --db "$db" --enable >/dev/null
sql "$db" "UPDATE app_user SET display_name = '王五, \"老王\"' WHERE username = 'wang.wu'" >/dev/null
"$ABIN" user list --db "$db" >"$T/list2.out"
expect_eq "$(sed -n 4p "$T/list2.out")" 'wang.wu,"王五, ""老王""","market",,0' "display name quoted"
expect_eq "$(sql "$db" "SELECT disabled FROM app_user WHERE username = 'hbw01'")" 0 "enabled"

# audit rows, as cli:$USER, none with a password; the chain holds
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE actor = 'cli:tester'")" 7 "audit rows"
expect_eq "$(sql "$db" "SELECT action FROM audit_log ORDER BY id" | tr '\n' ' ')" \
    "user.add user.add user.add user.role user.disable user.passwd user.enable " "audit actions"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE detail LIKE '%2026%' OR detail LIKE '%2027%'")" 0 \
    "no password in the audit log"
"$ABIN" audit verify --db "$db" >"$T/v.out"
expect_grep "^ok 7 rows" "$T/v.out"
echo "test_user ($BACKEND): $n_ok checks ok"
