#!/bin/bash
# test_no_sql.sh: no SQL text in src/http or src/cli (issue 13 §1, docs/architecture.md).
#
# The route handlers and the commands parse their input, call src/app (which holds every
# statement, each use case one transaction with its audit row) and write the answer.  This
# fails, naming file:line and the literal, when a string literal in src/http/*.[ch] or
# src/cli/*.[ch] reads as SQL: a statement keyword (SELECT, INSERT INTO, UPDATE … SET,
# DELETE FROM, BEGIN, COMMIT, ROLLBACK, SAVEPOINT), a clause (FROM … WHERE, JOIN … ON,
# ORDER BY, GROUP BY, LIMIT ?, a "col = ?" or "LIKE ?" placeholder, COUNT(…), "x AS y").
# Comments are not read; an HTTP method literal ("DELETE") is not SQL.
set -u
cd "$(dirname "$0")/../.."

files=$(ls src/http/*.[ch] src/cli/*.[ch] 2>/dev/null)
[ -n "$files" ] || { echo "test_no_sql: no files under src/http or src/cli" >&2; exit 1; }

python3 - $files <<'PY'
import re, sys

files = sys.argv[1:]

SQL = [re.compile(p) for p in (
    r'\bSELECT\b',
    r'\bINSERT\s+(OR\s+\w+\s+)?INTO\b',
    r'\bUPDATE\s+\w+\s+SET\b', r'\bSET\s+\w+\s*=\s*\?',
    r'\bDELETE\s+FROM\b',
    r'^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b(?!\s*[a-z])',
    r'\bFROM\s+\w+', r'\bWHERE\b', r'\bJOIN\s+\w+', r'\bORDER\s+BY\b', r'\bGROUP\s+BY\b',
    r'\bLIMIT\s+\?', r'\bCOUNT\s*\(', r'\w\s*(=|<>|<=|>=|<|>)\s*\?', r'\bLIKE\s+\?',
    r'\b\w+\s+AS\s+[a-z_]+\b', r'\bON\s+CONFLICT\b', r'\bIS\s+(NOT\s+)?NULL\b',
)]
HTTP_METHODS = {'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'}

def literals(text):
    """(line, literal body) of every string literal outside comments and char literals."""
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1; i += 1
        elif text.startswith('//', i):
            j = text.find('\n', i); i = n if j < 0 else j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            line += text.count('\n', i, j); i = j
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == '\\' else 1
            i = j + 1
        elif c == '"':
            j, start = i + 1, line
            while j < n and text[j] != '"':
                if text[j] == '\\':
                    j += 1
                elif text[j] == '\n':
                    line += 1
                j += 1
            yield start, text[i + 1:j]
            i = j + 1
        else:
            i += 1

bad = []
for f in files:
    with open(f, encoding='utf-8', errors='replace') as fh:
        text = fh.read()
    for line, s in literals(text):
        if s in HTTP_METHODS:
            continue
        if any(p.search(s) for p in SQL):
            bad.append('%s:%d: "%s"' % (f, line, s if len(s) <= 100 else s[:97] + '...'))
if bad:
    print('test_no_sql: SQL text in src/http or src/cli (move the statement into a src/app function):')
    print('\n'.join('  ' + b for b in bad))
    sys.exit(1)
print('test_no_sql: %d files read, no SQL text' % len(files))
PY
