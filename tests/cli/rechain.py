#!/usr/bin/env python3
"""rechain.py BACKEND DB: rebuild the SHA-256 chain of audit_log as an intruder would after
editing rows (app/audit.h: hash = sha256(prev_hash "\\n" id "\\n" len:text "\\n" ...)), leaving
the mac column as it is — what the keyed chain (issue 16 §0) must catch."""
import csv, hashlib, io, subprocess, sys

backend, db = sys.argv[1], sys.argv[2]
cols = "id, at, actor, action, object, detail"
if backend == "pg":
    out = subprocess.run(["psql", "-qAt", db, "-c", f"COPY (SELECT {cols} FROM audit_log ORDER BY id) TO STDOUT WITH CSV"],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(io.StringIO(out)))
else:
    import sqlite3
    con = sqlite3.connect(db)
    rows = [[str(r[0])] + list(r[1:]) for r in con.execute(f"SELECT {cols} FROM audit_log ORDER BY id")]
prev = "0" * 64
updates = []
for r in rows:
    b = (prev + "\n" + r[0] + "\n").encode()
    for t in r[1:]:
        tb = t.encode()
        b += str(len(tb)).encode() + b":" + tb + b"\n"
    h = hashlib.sha256(b).hexdigest()
    updates.append(f"UPDATE audit_log SET prev_hash = '{prev}', hash = '{h}' WHERE id = {r[0]};")
    prev = h
sql = "\n".join(updates)
if backend == "pg":
    subprocess.run(["psql", "-q", db], input=sql, check=True, text=True, capture_output=True)
else:
    con.executescript(sql)
    con.commit()
