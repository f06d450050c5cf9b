"""SQLite FTS5 baseline for the relevance harness (benches/relevance.rs).

Reads {"docs": [{"id", "text"}], "queries": [{"id", "text"}]} as JSON on stdin, loads
the documents into an FTS5 table (porter unicode61, one transaction), runs each query
as its words joined with OR, ordered by bm25(), and prints {"query id": [doc ids]}.
"""
import json
import re
import sqlite3
import sys

data = json.load(sys.stdin)
db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='porter unicode61')")
with db:
    db.executemany(
        "INSERT INTO docs(rowid, text) VALUES (?, ?)",
        [(d["id"], d["text"]) for d in data["docs"]],
    )
rankings = {}
for query in data["queries"]:
    words = re.findall(r"\w+", query["text"].lower())
    match = " OR ".join('"%s"' % w for w in words)
    rows = db.execute(
        "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 1000",
        (match,),
    ).fetchall()
    rankings[str(query["id"])] = [r[0] for r in rows]
json.dump(rankings, sys.stdout)
