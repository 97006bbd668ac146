#!/usr/bin/env bash
# test_plan_whatif.sh: `phaseout plan whatif` on the backend in TEST_BACKEND — before a plan is
# committed, each district's energy total, intensity and levels before and after its exits and the
# room they free.  "Before" is the barometer's own figure; a file is checked as plan import checks
# it and nothing is written; a unit whose energy cannot be tied to it says why; a whole-enterprise
# exit takes all its energy; the room freed is the units' energy.
. "$(dirname "$0")/lib.sh"

db=$(newdb whatif)
"$BIN" demo --db "$db" >/dev/null 2>&1
Y=2024

# nothing planned: no area, and the command says so
"$ABIN" plan whatif --db "$db" --year $Y >"$T/empty.out"
expect_grep "no planned units" "$T/empty.out"

# a one-unit enterprise (every other unit sealed or dismantled): exits whole
whole=$(sql "$db" "SELECT e.uscc || ' ' || min(q.equipment_id) FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id
    WHERE q.status NOT IN ('sealed', 'dismantled') AND e.status = 'operating'
      AND e.district_code = '150302' AND q.capacity_micro IS NOT NULL
      AND EXISTS (SELECT 1 FROM energy n WHERE n.enterprise_id = e.id AND n.year = $Y)
    GROUP BY e.uscc HAVING count(*) = 1 ORDER BY e.uscc LIMIT 1")
# one of three coke ovens of an enterprise whose energy is not tagged by line: pro rata
part=$(sql "$db" "SELECT e.uscc || ' ' || min(q.equipment_id) FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id
    WHERE q.status = 'running' AND e.status = 'operating' AND q.product = 'coke'
      AND e.district_code = '150304'
      AND NOT EXISTS (SELECT 1 FROM energy n WHERE n.enterprise_id = e.id AND n.product <> '')
      AND EXISTS (SELECT 1 FROM energy n WHERE n.enterprise_id = e.id AND n.year = $Y)
    GROUP BY e.uscc HAVING count(*) >= 2 ORDER BY e.uscc LIMIT 1")
# a unit without a product tag in an enterprise that keeps other units: nothing attributable
bare=$(sql "$db" "SELECT e.uscc || ' ' || min(q.equipment_id) FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id
    WHERE q.status = 'running' AND e.status = 'operating' AND e.district_code = '150303'
      AND q.capacity_micro IS NOT NULL
    GROUP BY e.uscc HAVING count(*) >= 2 ORDER BY e.uscc LIMIT 1")
read -r uw ew <<<"$whole"; read -r up ep <<<"$part"; read -r ub eb <<<"$bare"
[ -n "$uw" ] && [ -n "$up" ] && [ -n "$ub" ] || fail "demo lacks the units: '$whole' '$part' '$bare'"; ok
sql "$db" "UPDATE equipment SET product = NULL WHERE equipment_id = '$eb'
    AND enterprise_id = (SELECT id FROM enterprise WHERE uscc = '$ub')" >/dev/null

printf 'uscc,equipment_id,planned_on,measure,capacity\n%s,%s,%s-06-30,dismantle,\n%s,%s,%s-09-30,seal,\n%s,%s,%s-10-31,dismantle,\n' \
    "$uw" "$ew" $Y "$up" "$ep" $Y "$ub" "$eb" $Y >"$T/plan.csv"
before=$(dbhash "$db")
"$ABIN" plan whatif --db "$db" --year $Y --file "$T/plan.csv" >"$T/w.out"
"$ABIN" plan whatif --db "$db" --year $Y --file "$T/plan.csv" --format json >"$T/w.json"
expect_eq "$(dbhash "$db")" "$before" "whatif --file wrote to the database"
expect_eq "$(sql "$db" "SELECT count(*) FROM exit_plan")" 0 "whatif --file planned units"
expect_grep "能耗总量 total energy, tce" "$T/w.out"
expect_grep "腾出用能空间 room freed, tce" "$T/w.out"
expect_grep "$uw $ew .*整体退出（enterprise）  减少 removes [0-9.]* tce" "$T/w.out"
expect_grep "$up $ep .*按产能比例（pro_rata）  减少 removes [0-9.]* tce" "$T/w.out"
expect_grep "$ub $eb .*未归属 not attributed: 设备未标注产品.* / the unit has no product tag" "$T/w.out"

# the figures: before = the barometer's; freed = the units' energy; the city holds all three
"$ABIN" barometer --db "$db" --year $Y --format json >"$T/b.json"
python3 - "$T/w.json" "$T/b.json" "$uw" <<'PY' || fail "what-if figures do not add up"
import json, sys
from decimal import Decimal as D
w = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
baro = {a["district_code"]: a for a in b["areas"]}
areas = {a["district_code"]: a for a in w["areas"]}
assert set(areas) == {"150300", "150302", "150303", "150304"}, areas.keys()
assert areas["150300"]["units_planned"] == 3 and areas["150300"]["units_attributed"] == 2
for code, a in areas.items():
    assert a["tce_before"] == baro[code]["tce"], (code, a["tce_before"], baro[code]["tce"])
    assert a["intensity_before"] == baro[code]["intensity"], code
    assert a["intensity_level_before"] == baro[code]["intensity_level"], code
    assert a["total_level_before"] == baro[code]["total_level"], code
    freed = D(a["tce_before"]) - D(a["tce_after"])
    assert D(a["room_freed_tce"]) == freed, code
    if a["energy_cap_tce"] is not None:
        assert D(a["room_after_tce"]) - D(a["room_before_tce"]) == freed, code
    units = [u for u in w["units"] if code == "150300" or u["district_code"] == code]
    removed = sum(D(u["tce_removed"]) for u in units if u["tce_removed"] is not None)
    assert abs(freed - removed) <= D("0.0001") * len(units), (code, freed, removed)
u = {x["uscc"]: x for x in w["units"]}
assert u[sys.argv[3]]["method"] == "enterprise"
assert [x["method"] for x in w["units"] if x["reason"]] == ["none"]
assert areas["150302"]["enterprises_exiting"] == 1
assert D(areas["150300"]["tce_after"]) < D(areas["150300"]["tce_before"])
PY
ok

# without --file: the plan rows in the database, the same figures once imported
"$ABIN" plan import --db "$db" --year $Y --actor 李四 "$T/plan.csv" >/dev/null
"$ABIN" plan whatif --db "$db" --year $Y --format json >"$T/db.json"
python3 - "$T/w.json" "$T/db.json" <<'PY' || fail "database plan and file plan differ"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a["areas"] == b["areas"], "areas differ"
PY
ok
# --district: that district only, with only its plan rows applied
"$ABIN" plan whatif --db "$db" --year $Y --district 150304 --format json >"$T/d.json"
expect_eq "$(python3 -c 'import json,sys; w=json.load(open(sys.argv[1])); print(",".join(a["district_code"] for a in w["areas"]), len(w["units"]))' "$T/d.json")" \
    "150304 1" "--district"
if "$ABIN" plan whatif --db "$db" --year $Y --district 999999 2>"$T/nd.err"; then
    fail "unknown district accepted"; fi
expect_grep "999999 is not a registered city or district" "$T/nd.err"

# a bad file: every bad row reported, nothing computed
printf 'uscc,equipment_id,planned_on,measure\n%s,NOSUCH,%s-06-30,seal\n%s,%s,%s-02-30,seal\n' \
    "$uw" $Y "$up" "$ep" $Y >"$T/bad.csv"
if "$ABIN" plan whatif --db "$db" --year $Y --file "$T/bad.csv" >"$T/bad.out" 2>"$T/bad.err"; then
    fail "bad what-if file accepted"; fi
expect_grep "^error: row 2: no unit NOSUCH" "$T/bad.err"
expect_grep "^error: row 3: invalid date" "$T/bad.err"
expect_eq "$(wc -c <"$T/bad.out")" 0 "a bad file printed a view"
echo "test_plan_whatif ($BACKEND): $n_ok checks ok"
