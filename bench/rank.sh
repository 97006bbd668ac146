#!/usr/bin/env bash
# rank.sh [S|M|L|MR|all]...: the workload of ../shared/bench/WORKLOAD.md end to end, beside
# DuckDB and the floor, in the same run.  Default: M MR.  "all" is S M L MR (L needs ~2 GB of
# disk in bench/data/ and ~45 s to generate once).
#
# For each scale, each of these runs RUNS times (default 3) with the page cache warm and the
# best wall-clock time is kept (process start to exit, files on disk to files on disk):
#   floor       bench/floor.c: read(2) + memchr(3) over the same input bytes, counting lines
#   phaseout    phaseout rank --from (annual) or phaseout meter (MR), 1 and 2 threads
#   duckdb      DuckDB 1 thread (SET threads=1) via @duckdb/node-api, the workload's SQL below
# and prints time, rows/s (data rows of the files read), peak RSS (/usr/bin/time), and the
# ratios to the floor and to DuckDB.  Every engine's output is checked against
# ../shared/bench/oracle_sha256.txt, and at S against oracle.py run here.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/bench
runs=${RUNS:-3}
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(M MR)
[ "${scales[0]}" = all ] && scales=(S M L MR)

make -s >/dev/null
bin=build/rel/phaseout
out=bench/out/rank
mkdir -p "$out"
cc -O2 -o "$out/floor" bench/floor.c
if [ ! -d bench/node_modules/@duckdb/node-api ] || [ bench/package-lock.json -nt bench/node_modules ]; then
    (cd bench && npm ci --no-audit --no-fund --silent)
fi

# The workload in DuckDB's SQL, exact: decimals as DECIMAL, sums as integers (WORKLOAD.md §3).
duck_js=$(cat <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [mode, dir, out, year, coef] = process.argv.slice(1);
const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await inst.connect();
const q = (s) => s.replace(/'/g, "''");
const to = (f) => `TO '${q(out)}/${f}' (HEADER true, DELIMITER ',')`;
const tce = (t) => `printf('%d.%04d', (${t} + 5000) // 10000 // 10000, (${t} + 5000) // 10000 % 10000)`;
if (mode === 'annual') {
    const y = Number(year);
    await con.run(`
CREATE TEMP TABLE f AS SELECT energy_type AS et, unit, CAST(tce_per_unit * 100000 AS BIGINT) AS F
  FROM read_csv('${q(coef)}', header = true, columns = {'energy_type': 'VARCHAR',
       'unit': 'VARCHAR', 'tce_per_unit': 'DECIMAL(18,5)', 'source': 'VARCHAR'});
CREATE TEMP TABLE r AS
WITH e AS (SELECT uscc, district_code, industry_code
             FROM read_csv('${q(dir)}/enterprises.csv', header = true, all_varchar = true)),
g AS (SELECT uscc, SUM(CAST(quantity * 1000 AS BIGINT) * F) AS T
        FROM read_csv('${q(dir)}/energy.csv', header = true, columns = {'uscc': 'VARCHAR',
             'year': 'INTEGER', 'month': 'INTEGER', 'energy_type': 'VARCHAR',
             'quantity': 'DECIMAL(18,3)', 'unit': 'VARCHAR'}) x
        JOIN f ON x.energy_type = f.et AND x.unit = f.unit
       WHERE year = ${y} GROUP BY uscc),
v AS (SELECT uscc, CAST(value_added_10k_yuan * 100 AS BIGINT) AS V
        FROM read_csv('${q(dir)}/value_added.csv', header = true, columns = {'uscc': 'VARCHAR',
             'year': 'INTEGER', 'value_added_10k_yuan': 'DECIMAL(18,2)'})
       WHERE year = ${y}),
t AS (SELECT e.uscc, e.district_code, e.industry_code, COALESCE(g.T, 0) AS T,
             CASE WHEN v.V > 0 THEN (2 * COALESCE(g.T, 0) + v.V) // (2 * v.V) END AS I
        FROM e LEFT JOIN g ON g.uscc = e.uscc LEFT JOIN v ON v.uscc = e.uscc),
k AS (SELECT *, ROW_NUMBER() OVER (ORDER BY (I IS NULL) DESC, I DESC, T DESC, uscc) AS rank,
             (SELECT (count(*) + 4) // 5 FROM t) AS nflag FROM t)
SELECT *, CASE WHEN rank <= nflag THEN 1 ELSE 0 END AS flagged FROM k;
COPY (SELECT uscc, ${tce('T')} AS tce,
             CASE WHEN I IS NOT NULL THEN printf('%d.%06d', I // 1000000, I % 1000000) END AS intensity,
             rank, flagged FROM r ORDER BY rank) ${to('result.csv')};
COPY (SELECT district_code, count(*) AS enterprises, sum(flagged) AS flagged, ${tce('sum(T)')} AS tce
        FROM r GROUP BY district_code ORDER BY district_code) ${to('district.csv')};
COPY (SELECT industry_code, count(*) AS enterprises, sum(flagged) AS flagged, ${tce('sum(T)')} AS tce
        FROM r GROUP BY industry_code ORDER BY industry_code) ${to('industry.csv')};`);
} else {
    await con.run(`
CREATE TEMP TABLE d AS
SELECT uscc, substr(timestamp, 1, 10) AS day, energy_type, count(*) AS readings,
       SUM(CAST(value * 1000 AS BIGINT)) AS s
  FROM read_csv('${q(dir)}/meter_readings.csv', header = true, columns = {'uscc': 'VARCHAR',
       'meter_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'energy_type': 'VARCHAR',
       'value': 'DECIMAL(18,3)'})
 GROUP BY ALL;
COPY (SELECT uscc, day, energy_type, readings, printf('%d.%03d', s // 1000, s % 1000) AS total
        FROM d ORDER BY uscc, day, energy_type) ${to('meter_daily.csv')};
COPY (SELECT uscc, substr(day, 1, 7) AS month, energy_type, sum(readings) AS readings,
             printf('%d.%03d', sum(s) // 1000, sum(s) % 1000) AS total
        FROM d GROUP BY ALL ORDER BY uscc, month, energy_type) ${to('meter_monthly.csv')};`);
}
JS
)

now() { date +%s.%N; }

# measure NAME CMD...: best of $runs wall-clock times into $best, its peak RSS (KB) into $rss.
measure() {
    local name=$1 t0 t1 t r
    shift
    best=; rss=
    for ((i = 0; i < runs; i++)); do
        t0=$(now)
        /usr/bin/time -f %M -o "$out/rss" "$@" >/dev/null 2>"$out/$name.err" \
            || { echo "$name failed:"; cat "$out/$name.err"; exit 1; }
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc)
        r=$(tail -1 "$out/rss")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; rss=$r; fi
    done
}

# check DIR SCALE FILES...: sha256 of each file against the oracle's for SCALE.
check() {
    local dir=$1 scale=$2 f want got
    shift 2
    for f in "$@"; do
        want=$(awk -v s="## $scale" -v f="$f" '$0 == s { on = 1; next } /^## / { on = 0 }
                                              on && $2 == f { print $1 }' "$shared/oracle_sha256.txt")
        got=$(sha256sum "$dir/$f" | cut -d' ' -f1)
        if [ -n "$want" ] && [ "$got" != "$want" ]; then
            echo "MISMATCH: $dir/$f differs from the oracle's ($scale)"; exit 1
        fi
    done
}

row() { # name seconds rss_kb
    printf '  %-22s %8.3f s %8.2f M rows/s %7.0f MB %8.1f× %9s\n' "$1" "$2" \
        "$(echo "$rows / $2 / 1000000" | bc -l)" "$(echo "$3 / 1024" | bc -l)" \
        "$(echo "$2 / $floor_t" | bc -l)" "${4:-}"
}

bench_scale() {
    local scale=$1 data=bench/data/$1 mode files inputs outs
    if [ "$scale" = MR ]; then
        mode=meter; inputs=("$data/meter_readings.csv"); outs=(meter_daily.csv meter_monthly.csv)
        [ -f "$data/meter_readings.csv" ] || python3 "$shared/gen.py" meter "$data" --scale MR >/dev/null
    else
        mode=annual; inputs=("$data/enterprises.csv" "$data/energy.csv" "$data/value_added.csv")
        outs=(result.csv district.csv industry.csv)
        [ -f "$data/value_added.csv" ] || python3 "$shared/gen.py" annual "$data" --scale "$scale" >/dev/null
    fi
    bytes=$(cat "${inputs[@]}" | wc -c)
    rows=$(( $(cat "${inputs[@]}" | wc -l) - ${#inputs[@]} ))
    cat "${inputs[@]}" >/dev/null # warm the page cache

    measure floor "$out/floor" "${inputs[@]}"
    floor_t=$best floor_rss=$rss
    for th in 1 2; do
        rm -rf "$out/po$th"
        if [ $mode = meter ]; then
            measure po$th "$bin" meter --from "$data/meter_readings.csv" --out "$out/po$th" --threads $th
        else
            measure po$th "$bin" rank --from "$data" --year 2023 --out "$out/po$th" --threads $th
        fi
        check "$out/po$th" "$scale" "${outs[@]}"
        eval "po${th}_t=$best po${th}_rss=$rss"
    done
    rm -rf "$out/duck" && mkdir -p "$out/duck"
    measure duckdb bash -c 'cd bench && exec node --input-type=module -e "$1" "${@:2}"' _ "$duck_js" \
        $mode "$PWD/$data" "$PWD/$out/duck" 2023 "$PWD/$shared/coefficients.csv"
    check "$out/duck" "$scale" "${outs[@]}"
    duck_t=$best duck_rss=$rss
    if [ "$scale" = S ]; then
        python3 "$shared/oracle.py" annual "$data" "$out/oracle" --year 2023
        for f in "${outs[@]}"; do cmp "$out/oracle/$f" "$out/po1/$f"; cmp "$out/oracle/$f" "$out/duck/$f"; done
    fi

    printf '%s %s: %d rows, %.1f MB; outputs identical to the oracle (best of %d runs, %s)\n' \
        "$mode" "$scale" "$rows" "$(echo "$bytes / 1000000" | bc -l)" "$runs" "$(date +%F)"
    printf '  %-22s %10s %16s %10s %9s %9s\n' engine time rows/s "peak RSS" "×floor" "DuckDB/x"
    row "floor (read+memchr)" "$floor_t" "$floor_rss"
    row "phaseout, 1 thread" "$po1_t" "$po1_rss" "$(printf '%.1f×' "$(echo "$duck_t / $po1_t" | bc -l)")"
    row "phaseout, 2 threads" "$po2_t" "$po2_rss" "$(printf '%.1f×' "$(echo "$duck_t / $po2_t" | bc -l)")"
    row "DuckDB, 1 thread" "$duck_t" "$duck_rss" "1.0×"
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"
for s in "${scales[@]}"; do
    case $s in S | M | L | MR) bench_scale "$s" ;; *) echo "unknown scale $s (S M L MR all)"; exit 2 ;; esac
done
