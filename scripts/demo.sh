#!/usr/bin/env bash
# demo.sh: the README's run command — install what is missing, build, create the demo city
# database, print a summary, install the web UI's packages (npm ci) and serve the UI.
# PHASEOUT_DB (default: demo.db here) names the database; an existing demo database is
# replaced.  After the accounts, `phaseout demo --activity` adds a year of the bureaus' work
# (evaluation, cases in every state, reminders, exit plans): as of today, or of PHASEOUT_AS_OF
# (YYYY-MM-DD) for a reproducible database.  PHASEOUT_LISTEN (default 127.0.0.1:8080) is where it serves;
# PHASEOUT_NO_SERVE=1 stops after loading.
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

# demo accounts, one per kind of user (the password is for the demo only)
pw='Demo-pass-2026'
while read -r user roles district name; do
    args=(user add "$user" --role "$roles" --name "$name" --password-stdin --db "$db")
    [ "$district" != - ] && args+=(--district "$district")
    echo "$pw" | build/rel/phaseout "${args[@]}" >/dev/null
done <<'ACCOUNTS'
admin city - 市工信局管理员
fgw drc - 市发改委经办人
nyj energy - 市能源局经办人
sthj eco_env - 市生态环境局经办人
yjgl emergency - 市应急管理局经办人
scjg market - 市市场监管局经办人
zhengfu government - 市人民政府
haibowan district 150302 海勃湾区经办人
auditor auditor - 审计人员
bank bank - 银行信贷人员
sysadmin sysadmin - 系统管理员
secadmin secadmin - 安全管理员
auditadmin auditadmin - 审计管理员
zrzy natres - 市自然资源局经办人
czj finance - 市财政局经办人
swj tax - 市税务局经办人
ACCOUNTS

# a year of the bureaus' work on it, by those accounts
echo
build/rel/phaseout demo --db "$db" --activity ${PHASEOUT_AS_OF:+--as-of "$PHASEOUT_AS_OF"}

echo
echo "数据库 / database: $db"
echo "试试 / try:  build/rel/phaseout export --db $db --kind enterprises --format xlsx --out enterprises.xlsx"
[ "${PHASEOUT_NO_SERVE:-}" = 1 ] && exit 0

(cd web && npm ci --no-audit --no-fund --loglevel=error)
listen=${PHASEOUT_LISTEN:-127.0.0.1:8080}
echo
echo "网页 / web UI:  http://$listen/"
echo "演示账号 / demo login:  admin / $pw   (其他 others: fgw nyj sthj yjgl scjg zhengfu haibowan auditor bank"
echo "                        sysadmin secadmin auditadmin zrzy czj swj, same password)"
echo "按 Ctrl-C 停止 / Ctrl-C stops the server"
exec build/rel/phaseout serve --db "$db" --listen "$listen" --web web
