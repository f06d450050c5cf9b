#!/usr/bin/env python3
"""newsgrep against SQLite FTS5 and ripgrep on one large dump, in one run.

    NEWSGREP_CORPUS=../shared/corpus python3 benches/speed.py [--size-mb 150]
        [--shape pages|ndjson] [--index-only]

1. Builds (once, cached under target/bench-dumps/) a WordPress REST dump of at least
   --size-mb MB from Reuters-21578 and the BBC articles, repeated with new ids until
   the size is reached, with category term objects. `--shape pages` (the default):
   API pages (arrays of 100 posts, some pretty-printed) and one-post files named
   index.html; `--shape ndjson`: every post on one line of a single NDJSON file, as
   scrapers and `jq -c` write it.
2. Indexing: newsgrep's full build (wall time, MB/s of JSON, peak RSS, index size), a
   no-op re-index and a re-index with 1% of the posts changed; SQLite FTS5 loading the
   same text (title and body, one transaction, porter unicode61), in its own process.
3. Querying: the fixed query set below, each run whole-process through the newsgrep
   binary (start, open, search, print 10 hits), in-process (benches/query_latency.rs),
   with FTS5 (ORDER BY bm25() LIMIT 10, and a count) and with `rg -c` over the dump.

Prints the tables of BENCHMARKS.md. Needs python3 (sqlite3 with FTS5) and rg.
"""
import argparse
import html
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS_PER_PAGE = 100

# (kind of query, query as typed)
QUERIES = [
    ("rare word", "cocoa"),
    ("rare word", "gorbachev"),
    ("frequent word", "market"),
    ("frequent word", "said"),
    ("two words", "oil prices"),
    ("two words", "interest rates"),
    ("phrase", '"the company said"'),
    ("phrase", '"at the end of"'),
    ("long query", "what did the federal reserve say about interest rates and inflation"),
    ("long query", "why are oil prices falling after the opec meeting in vienna"),
]
# (newsgrep flags, FTS5 filter SQL, its parameters)
DATE_FILTER = (["--since", "1987-06-01"], "AND date >= ?", ("1987-06-01",))
CATEGORY_FILTER = (["--category", "crude"], "AND category = ?", ("crude",))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=150, help="dump size (default 150)")
    parser.add_argument("--runs", type=int, default=20, help="runs per query (default 20)")
    parser.add_argument(
        "--shape", choices=["pages", "ndjson"], default="pages",
        help="API pages and one-post files (default), or one NDJSON file",
    )
    parser.add_argument(
        "--index-only", action="store_true", help="measure indexing only (for large sizes)"
    )
    parser.add_argument(
        "--queries-only", action="store_true",
        help="measure querying only, on the index and FTS5 database of the last run",
    )
    args = parser.parse_args()
    corpus = os.environ.get("NEWSGREP_CORPUS")
    if not corpus:
        sys.exit("speed: set NEWSGREP_CORPUS (e.g. ../shared/corpus)")
    corpus = (ROOT / corpus).resolve()
    if shutil.which("rg") is None and not args.index_only:
        sys.exit("speed: ripgrep (rg) is not installed: apt-get install ripgrep")

    suffix = "" if args.shape == "pages" else f"-{args.shape}"
    dump = ROOT / "target" / "bench-dumps" / f"news-{args.size_mb}mb{suffix}"
    posts = build_dump(corpus, dump, args.size_mb * 1_000_000, args.shape)
    dump_bytes = tree_bytes(dump)
    print(f"machine: {machine()}")
    print(
        f"dump: {dump.relative_to(ROOT)}: {len(posts):,} posts, "
        f"{dump_bytes / 1e6:.1f} MB of JSON in {count_files(dump):,} files"
    )
    binary = build_newsgrep()
    work = ROOT / "target" / "bench-work"
    index = work / "index"
    if args.queries_only:
        if not (index / "meta.json").is_file() or not (work / "fts5.db").is_file():
            sys.exit("speed: --queries-only needs the index and fts5.db of a full run")
        print()
        print("## Querying")
        print()
        query_table(binary, index, work / "fts5.db", dump, args.runs)
        return
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    print()
    print("## Indexing")
    print()
    print("| run | wall | MB/s of JSON | peak RSS | index size |")
    print("|---|---:|---:|---:|---:|")
    # The machine's speed varies from run to run: the median of three full builds.
    builds = []
    for _ in range(3):
        shutil.rmtree(index, ignore_errors=True)
        builds.append(run_measured([binary, "index", "--index", index, dump]))
    full = (statistics.median(b[0] for b in builds), max(b[1] for b in builds))
    print(row("newsgrep full build (median of 3)", full, dump_bytes, tree_bytes(index)))
    noop = run_measured([binary, "index", "--index", index, dump])
    print(row("newsgrep no-op re-index", noop, dump_bytes, tree_bytes(index)))
    changed = change_one_percent(dump, posts, True, args.shape)
    one = run_measured([binary, "index", "--index", index, dump])
    change_one_percent(dump, posts, False, args.shape)
    print(row(f"newsgrep 1% changed ({changed:,} posts)", one, dump_bytes, tree_bytes(index)))
    fts_db = work / "fts5.db"
    fts = None
    if not args.index_only:
        text_file = work / "fts5-input.jsonl"
        with open(text_file, "w", encoding="utf-8") as out:
            for post in posts:
                out.write(json.dumps(post, ensure_ascii=False) + "\n")
        fts = run_measured([sys.executable, __file__, "--fts5-load", fts_db, text_file])
        print(row("SQLite FTS5 load (text only)", fts, dump_bytes, fts_db.stat().st_size))
    print()
    print(f"- no-op / full: {noop[0] / full[0]:.1%} (target <= 10%)")
    print(f"- 1% changed / full: {one[0] / full[0]:.1%} (target <= 15%)")
    print(f"- full build: {dump_bytes / 1e6 / full[0]:.1f} MB/s (target >= 40)")
    if fts:
        print(f"- FTS5 load / newsgrep full build: {fts[0] / full[0]:.2f}x (target >= 2x)")
    print(f"- peak RSS: {full[1] / 1e6:.0f} MB (target <= 1000)")
    if args.index_only:
        return

    print()
    print("## Querying")
    print()
    query_table(binary, index, fts_db, dump, args.runs)


def build_newsgrep():
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "newsgrep"], cwd=ROOT, check=True
    )
    return ROOT / "target" / "release" / "newsgrep"


def query_set():
    """Each query as (label, text, flags, FTS5 filter SQL, parameters): first without a
    filter, then each again with a date filter and a category filter in turn."""
    queries = [(label, text, [], "", ()) for label, text in QUERIES]
    for i, (label, text) in enumerate(QUERIES):
        flags, sql, params = DATE_FILTER if i % 2 == 0 else CATEGORY_FILTER
        queries.append((label + " +" + flags[0][2:], text, flags, sql, params))
    return queries


def query_table(binary, index, fts_db, dump, runs):
    queries = query_set()
    inproc = in_process_latency(index, queries, runs * 10)
    db = sqlite3.connect(fts_db)
    print(
        "| query | hits | newsgrep CLI p50 / p99 | in-process p50 / p99 "
        "| FTS5 p50 / p99 | rg -c | FTS5 / CLI | FTS5 / in-process | rg / CLI |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    all_cli, all_inproc, all_fts, ratios_rg = [], [], [], []
    ratios_fts_frequent, ratios_fts_frequent_inproc = [], []
    for (label, text, flags, sql, params), (in_p50, in_p99, total) in zip(queries, inproc):
        command = [binary, "--index", index, "-n", "10", *flags, "--", text]
        cli = [run_timed(command) for _ in range(runs)]
        fts = [fts5_query(db, text, sql, params) for _ in range(runs)]
        rg = [run_timed(rg_command(text, dump)) for _ in range(3)]
        all_cli += cli
        all_fts += fts
        all_inproc.append(in_p50)
        cli_p50, fts_p50, rg_p50 = (statistics.median(x) for x in (cli, fts, rg))
        ratios_rg.append(rg_p50 / cli_p50)
        if label.startswith("frequent"):
            ratios_fts_frequent.append(fts_p50 / cli_p50)
            ratios_fts_frequent_inproc.append(fts_p50 / in_p50)
        print(
            f"| {label}: `{text}` {' '.join(flags)} | {total:,} "
            f"| {ms(cli_p50)} / {ms(p99(cli))} | {ms(in_p50)} / {ms(in_p99)} "
            f"| {ms(fts_p50)} / {ms(p99(fts))} | {ms(rg_p50)} "
            f"| {fts_p50 / cli_p50:.1f}x | {fts_p50 / in_p50:.1f}x | {rg_p50 / cli_p50:.0f}x |"
        )
    print()
    print(f"- newsgrep CLI, all queries: p50 {ms(statistics.median(all_cli))}, p99 {ms(p99(all_cli))} (targets 10 ms, 50 ms)")
    print(f"- in-process, median of the per-query p50s: {ms(statistics.median(all_inproc))} (target 1 ms)")
    print(f"- FTS5, all queries: p50 {ms(statistics.median(all_fts))}, p99 {ms(p99(all_fts))}")
    print(f"- rg / newsgrep CLI: at least {min(ratios_rg):.0f}x (target 10x)")
    print(
        f"- FTS5 / newsgrep on frequent words: at least {min(ratios_fts_frequent):.1f}x "
        f"whole CLI against FTS5 in-process, {min(ratios_fts_frequent_inproc):.0f}x "
        "in-process against in-process (target 10x)"
    )


def in_process_latency(index, queries, runs):
    """p50, p99 (seconds) and hit count per query, from benches/query_latency.rs."""
    spec = [{"query": q[1], "flags": q[2]} for q in queries]
    env = dict(os.environ, NEWSGREP_BENCH_INDEX=str(index), NEWSGREP_BENCH_RUNS=str(runs))
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "query_latency"],
        cwd=ROOT,
        env=env,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out.strip().splitlines()[-1])
    return [(r["p50_ms"] / 1000, r["p99_ms"] / 1000, r["total"]) for r in rows]


def fts5_query(db, text, sql, params):
    words = re.findall(r"\w+", text.lower())
    if text.startswith('"'):
        match = '"' + " ".join(words) + '"'
    else:
        match = " ".join('"%s"' % w for w in words)
        if len(words) > 3:
            match = " OR ".join('"%s"' % w for w in words)
    started = time.perf_counter()
    db.execute(
        f"SELECT rowid, title FROM docs WHERE docs MATCH ? {sql} ORDER BY bm25(docs) LIMIT 10",
        (match, *params),
    ).fetchall()
    db.execute(f"SELECT count(*) FROM docs WHERE docs MATCH ? {sql}", (match, *params)).fetchone()
    return time.perf_counter() - started


def rg_command(text, dump):
    if text.startswith('"'):
        return ["rg", "-c", "-i", "-F", text.strip('"'), dump]
    patterns = []
    for word in re.findall(r"\w+", text.lower()):
        patterns += ["-e", word]
    return ["rg", "-c", "-i", "-w", *patterns, dump]


def fts5_load(db_path, text_file):
    """Runs in its own process: loads the extracted text into FTS5 in one transaction."""
    Path(db_path).unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, date UNINDEXED, "
        "category UNINDEXED, tokenize='porter unicode61')"
    )
    with open(text_file, encoding="utf-8") as lines, db:
        db.executemany(
            "INSERT INTO docs(rowid, title, body, date, category) VALUES (?, ?, ?, ?, ?)",
            (
                (p["id"], p["title"], p["body"], p["date"][:10], p["category"])
                for p in map(json.loads, lines)
            ),
        )
    db.close()


# ---------------------------------------------------------------- the dump


def build_dump(corpus, dump, size, shape):
    """The posts of the dump (id, title, body, date, category), writing it if needed."""
    sources = reuters(corpus / "reuters21578") + bbc(corpus / "bbc-fulltext" / "bbc")
    per_copy = sum(len(wp_json(s)) for s in sources[:500]) / 500 * len(sources)
    copies = max(1, int(size / per_copy) + 1)
    posts = [dict(s, id=copy * 100_000 + s["id"]) for copy in range(copies) for s in sources]
    stamp = dump / ".complete"
    if stamp.exists() and stamp.read_text() == f"{len(posts)}\n":
        return posts
    shutil.rmtree(dump, ignore_errors=True)
    print(f"writing {dump.relative_to(ROOT)} ({copies} copies of {len(sources):,} articles)...")
    write_dump(dump, posts, shape=shape)
    stamp.write_text(f"{len(posts)}\n")
    return posts


def write_dump(dump, posts, only=None, changed=False, shape="pages"):
    """API pages for the Reuters posts, one file per post for the BBC ones; or, for
    the ndjson shape, every post on a line of one file. `only`: rewrite just the files
    holding these post ids, edited when `changed`."""
    dump.mkdir(parents=True, exist_ok=True)
    categories = sorted({p["category"] for p in posts})
    term_ids = {name: i + 1 for i, name in enumerate(categories)}
    if only is None:
        terms = [
            {"id": term_ids[c], "name": c, "slug": c.replace(" ", "-"), "taxonomy": "category",
             "link": f"https://news.example/category/{c}/"}
            for c in categories
        ]
        (dump / "categories.json").write_text(json.dumps(terms))
    if shape == "ndjson":
        with open(dump / "posts.ndjson", "w", encoding="utf-8") as out:
            for p in posts:
                edited = changed and only is not None and p["id"] in only
                out.write(json.dumps(wp_object(p, term_ids, edited), ensure_ascii=False))
                out.write("\n")
        return
    pages = [p for p in posts if p["source"] == "reuters"]
    for n in range(0, len(pages), POSTS_PER_PAGE):
        page = pages[n : n + POSTS_PER_PAGE]
        if only is not None and not any(p["id"] in only for p in page):
            continue
        objects = [wp_object(p, term_ids, changed and p["id"] in only) for p in page]
        pretty = (n // POSTS_PER_PAGE) % 5 == 0
        path = dump / "wp-json" / "wp" / "v2" / "posts" / f"page-{n // POSTS_PER_PAGE + 1}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(objects, indent=2 if pretty else None, ensure_ascii=not pretty))
    for p in posts:
        if p["source"] != "bbc" or (only is not None and p["id"] not in only):
            continue
        path = dump / "wp-json" / "wp" / "v2" / "posts" / str(p["id"]) / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps(wp_object(p, term_ids, changed and p["id"] in only), separators=(",", ":"))
        path.write_text(body.replace("/", "\\/"))


def change_one_percent(dump, posts, changed, shape):
    """Edits (or restores) every 100th post; returns how many."""
    ids = {p["id"] for p in posts[::100]}
    write_dump(dump, posts, only=ids, changed=changed, shape=shape)
    return len(ids)


def wp_object(post, term_ids, changed=False):
    link = f"https://news.example/{post['date'][:4]}/{post['id']}/"
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in post["paragraphs"])
    modified = post["date"]
    if changed:
        paragraphs += "<p>Updated: this story was corrected.</p>\n"
        modified = "2000-01-01T00:00:00"
    excerpt = html.escape(post["paragraphs"][0][:150]) if post["paragraphs"] else ""
    return {
        "id": post["id"],
        "date": post["date"],
        "date_gmt": post["date"],
        "guid": {"rendered": f"https://news.example/?p={post['id']}"},
        "modified": modified,
        "modified_gmt": modified,
        "slug": f"post-{post['id']}",
        "status": "publish",
        "type": "post",
        "link": link,
        "title": {"rendered": html.escape(post["title"])},
        "content": {"rendered": paragraphs, "protected": False},
        "excerpt": {"rendered": f"<p>{excerpt}&hellip;</p>\n", "protected": False},
        "author": 1,
        "featured_media": 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": [],
        "categories": [term_ids[post["category"]]],
        "tags": [],
        "_links": {
            "self": [{"href": f"https://news.example/wp-json/wp/v2/posts/{post['id']}"}],
            "collection": [{"href": "https://news.example/wp-json/wp/v2/posts"}],
            "author": [{"embeddable": True, "href": "https://news.example/wp-json/wp/v2/users/1"}],
        },
    }


def wp_json(source):
    """A source article as one post's JSON (for estimating the dump's size)."""
    return json.dumps(wp_object(dict(source, id=1), {source["category"]: 1}))


def reuters(folder):
    """Reuters-21578 articles with a body: title, date, first topic (else 'reuters')."""
    posts = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        text = path.read_bytes().decode("latin-1")
        for doc in re.findall(r"<REUTERS(.*?)</REUTERS>", text, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            if not body:
                continue
            newid = int(re.search(r'NEWID="(\d+)"', doc).group(1))
            title = re.search(r"<TITLE>(.*?)</TITLE>", doc, re.S)
            date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d+)\s+(\d+:\d+:\d+)", doc)
            topics = re.findall(r"<D>(.*?)</D>", re.search(r"<TOPICS>(.*?)</TOPICS>", doc, re.S).group(1))
            month = MONTHS.index(date.group(2).upper()[:3]) + 1
            body_text = sgml_text(body.group(1))
            body_text = re.sub(r"\s*Reuter\s*$", "", body_text)
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body_text)]
            posts.append({
                "source": "reuters",
                "id": newid,
                "title": sgml_text(title.group(1)).strip() if title else f"Reuters {newid}",
                "date": f"{date.group(3)}-{month:02d}-{int(date.group(1)):02d}T{clock(date.group(4))}",
                "category": topics[0] if topics else "reuters",
                "paragraphs": [p for p in paragraphs if p],
            })
    for post in posts:
        post["body"] = "\n\n".join(post["paragraphs"])
    return posts


def clock(text):
    """The time of day, or noon where the source has none that parses (`605:12:19`)."""
    return text if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d", text) else "12:00:00"


MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def sgml_text(text):
    text = re.sub(r"&#\d+;", " ", text)
    return html.unescape(text)


def bbc(folder):
    """BBC articles: first line the title, then paragraphs; category from the folder.
    They carry no date: each gets a day of 2004-2005 from its position."""
    posts = []
    for n, path in enumerate(sorted(folder.glob("*/*.txt"))):
        lines = path.read_bytes().decode("utf-8", errors="replace").split("\n")
        paragraphs = [" ".join(l.split()) for l in lines[1:] if l.strip()]
        day = n % 600
        posts.append({
            "source": "bbc",
            "id": 30_000 + n,
            "title": lines[0].strip(),
            "date": f"{2004 + day // 365}-{(day % 365) // 31 % 12 + 1:02d}-{day % 28 + 1:02d}T12:00:00",
            "category": path.parent.name,
            "paragraphs": paragraphs,
        })
    for post in posts:
        post["body"] = "\n\n".join(post["paragraphs"])
    return posts


# ---------------------------------------------------------------- measuring


def run_measured(command):
    """Wall seconds and peak RSS (bytes) of one child process.

    The child is started by a small Python process of its own (--measure): a child
    started straight from this one, which holds the whole dump's posts, would report
    this process's memory as its own peak (the kernel's peak RSS of a process counts
    the pages it shared with its parent before exec)."""
    with tempfile.TemporaryFile() as errors:
        out = subprocess.run(
            [sys.executable, __file__, "--measure", *[str(c) for c in command]],
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        if out.returncode != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"speed: {' '.join(map(str, command))} failed:\n{text}")
    wall, peak = json.loads(out.stdout)
    return wall, peak


def measure(command):
    """Runs in its own small process: starts the command, prints its wall seconds and
    peak RSS (bytes) as JSON; exits with the command's code, its stderr passed on."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    print(json.dumps([wall, usage.ru_maxrss * 1024]))
    sys.exit(os.waitstatus_to_exitcode(status))


def run_timed(command):
    started = time.perf_counter()
    subprocess.run([str(c) for c in command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def row(label, measured, dump_bytes, size):
    wall, rss = measured
    return (
        f"| {label} | {wall:.2f} s | {dump_bytes / 1e6 / wall:.1f} "
        f"| {rss / 1e6:.0f} MB | {size / 1e6:.0f} MB |"
    )


def p99(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def tree_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def count_files(folder):
    return sum(1 for p in Path(folder).rglob("*") if p.is_file())


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores, {cpu}, {time.strftime('%Y-%m-%d')}"


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--fts5-load":
        fts5_load(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2:])
    else:
        main()
