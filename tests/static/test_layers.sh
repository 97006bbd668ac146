#!/usr/bin/env bash
# tests/static/test_layers.sh: the layers of docs/architecture.md hold (tests/static/layers.py):
# every #include "dir/file.h" in src/ is allowed by the ```layers block, no include cycle between
# modules of src/ (x.c and x.h are one module), no import cycle between modules of web/app.
# First it proves the checker can fail: a copy of the tree with one violation of each kind.
set -u
cd "$(dirname "$0")/../.."
fail=0
check=tests/static/layers.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
cp docs/architecture.md "$tmp/docs/"
cp -r src "$tmp/src"
mkdir -p "$tmp/web"
cp -r web/app "$tmp/web/app"

expect_fail() { # what, pattern: the checker must exit 1 and print pattern
    local out rc
    out=$(python3 "$check" "$tmp" 2>&1); rc=$?
    if [ "$rc" -ne 1 ] || ! grep -qF -- "$2" <<<"$out"; then
        echo "FAIL: layers.py does not catch $1 (exit $rc, wanted a line with: $2)"
        echo "$out" | sed 's/^/  | /' | head -20
        fail=1
    fi
}

# 1. a layer broken: util may include nothing
echo '#include "store/store.h"' >> "$tmp/src/util/buf.h"
expect_fail "a layer violation" 'src/util/buf.h:'
cp src/util/buf.h "$tmp/src/util/buf.h"

# 2. an include cycle: core/date.c -> core/deadline.h -> core/date.h (date.h includes deadline.h)
echo '#include "core/deadline.h"' >> "$tmp/src/core/date.h"
grep -q '"core/date.h"' "$tmp/src/core/deadline.h" "$tmp/src/core/deadline.c" ||
    echo '#include "core/date.h"' >> "$tmp/src/core/deadline.h"
expect_fail "an include cycle" 'include cycle among 2 modules: src/core/date src/core/deadline'
cp src/core/date.h "$tmp/src/core/date.h"
cp src/core/deadline.h "$tmp/src/core/deadline.h"

# 3. an import cycle in web/app: two modules made for the test import each other (real modules
#    would merge the injected cycle with whatever paths the tree already has between them)
printf "import { b } from './zz_cycle_b.js';\nexport const a = 1;\n" > "$tmp/web/app/zz_cycle_a.js"
printf "import { a } from './zz_cycle_a.js';\nexport const b = 2;\n" > "$tmp/web/app/zz_cycle_b.js"
expect_fail "an import cycle" 'import cycle among 2 modules: web/app/zz_cycle_a web/app/zz_cycle_b'
rm -f "$tmp/web/app/zz_cycle_a.js" "$tmp/web/app/zz_cycle_b.js"

# 4. the copy is clean again: the checker passes on it as on the tree
if ! python3 "$check" "$tmp" >/dev/null; then
    echo "FAIL: layers.py fails on an unchanged copy of the tree"; fail=1
fi

# the tree itself
python3 "$check" || fail=1
exit $fail
