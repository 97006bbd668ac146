#!/usr/bin/env bash
# demo.sh: the README's run command — install what is missing, build, create the demo city
# database and print a summary.  PHASEOUT_DB (default: demo.db here) names the database;
# an existing demo database is replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
db=${PHASEOUT_DB:-demo.db}
case $db in
    postgres://*|postgresql://*) ;;
    *) rm -f "$db" "$db-wal" "$db-shm" ;;
esac
build/rel/phaseout db init --db "$db"
build/rel/phaseout demo --db "$db" --seed "${PHASEOUT_SEED:-1}"
if command -v sqlite3 >/dev/null && [ -f "$db" ]; then
    echo
    echo "区县 / district        企业 enterprises  设备 equipment  能耗记录 energy rows"
    sqlite3 -separator '  ' "$db" "
        SELECT d.name, count(DISTINCT e.id), count(DISTINCT q.id),
               (SELECT count(*) FROM energy g JOIN enterprise x ON x.id = g.enterprise_id
                 WHERE x.district_code = d.code)
          FROM district d LEFT JOIN enterprise e ON e.district_code = d.code
          LEFT JOIN equipment q ON q.enterprise_id = e.id
         WHERE d.level = 'district' GROUP BY d.code ORDER BY d.code"
fi
echo
echo "2025 年能耗双控晴雨表 / dual-control barometer 2025 (phaseout barometer):"
build/rel/phaseout barometer --db "$db" --year 2025 | sed '1s/^\xEF\xBB\xBF//' | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { printf "  %-8s 能耗 %14s 万吨标煤  强度 %-14s 总量 %s\n", $c["name"],
             sprintf("%.2f", $c["tce"] / 10000), $c["intensity_level_zh"], $c["total_level_zh"] }'
echo
echo "数据库 / database: $db"
echo "试试 / try:  build/rel/phaseout export --db $db --kind enterprises --format xlsx --out enterprises.xlsx"
