#!/usr/bin/env python3
"""Plain ranking functions over TIME, CRAN and MED, odd (tuning) halves only.

    NEWSGREP_CORPUS=../shared/corpus python3 benches/bm25_grid.py
        [--models | --titles | --passages | --forms | --feedback | --per-query | --held-out]
    (needs PyStemmer)

Tells whether a scorer of our own would be worth writing, before writing one:
- default: BM25 for a grid of k1 and b (tantivy fixes k1 = 1.2 and b = 0.75);
- --models: other scoring models at their usual settings beside BM25: query likelihood
  with Dirichlet smoothing, the divergence-from-randomness models PL2 and InL2, the
  axiomatic F2EXP, BM25+ (a floor under every match), BM25L (Lv and Zhai's shift for
  long documents), BM25 with 1 + log of a query word's count, and BM25 with a bonus for
  query words close together (Rasolofo and Savoy's BM25TP);
- --titles: CRAN's titles and abstracts as two fields, combined in the ways newsgrep
  could: two BM25 scores summed, BM25F, one field with the title written in 1-3 times;
- --passages: BM25's best 1,000 ranked again with a bonus for the best passage (a
  window of 50, 100 or 200 words, half-overlapping, scored as BM25 against a document
  of the window's length), for articles that treat the query in one part;
- --forms: the words' forms: Snowball English stems (as newsgrep), Porter's original
  stemmer (FTS5's), no stemming, and stems plus a bonus for the exact form typed;
- --feedback: RM3 as newsgrep's `--feedback` does it (the 30 words that weigh most in
  the best 3 documents, weighing 1.5 query words together, the best 1,000 ranked again,
  queries of 5 words or more; distinct stems count as the query's words) beside a
  windowed RM3 that reads only the words within W of a query word (a hard-window form
  of Lv and Zhai's positional relevance model), for long articles that treat the query
  in one part;
- --per-query: BM25's average precision on each odd query, to set beside
  `RELEVANCE_PER_QUERY=1 cargo bench --bench relevance` (newsgrep and FTS5);
- --held-out: plain BM25 at tantivy's k1 and b, nothing tuned, on both halves: the
  reference newsgrep's held-out numbers are read against.

Title and text as one field unless said, Snowball English stems of [a-z0-9]+ words,
Robertson and Sparck Jones's idf (floored at 0.01), a word repeated in the query counted
each time, the best 1,000 per query. The even halves are not printed (they are held
out), except by --held-out, which tries no setting.
"""
import collections
import math
import os
import re
import sys

import Stemmer

CORPUS = os.environ.get("NEWSGREP_CORPUS", "../shared/corpus")
STEMMER = Stemmer.Stemmer("english")


def one_line(s):
    return " ".join(s.split())


def smart(text):
    """Records of a SMART-format file: (number, {field letter: text})."""
    records = []
    for chunk in text.split("\n.I "):
        chunk = chunk[3:] if chunk.startswith(".I ") else chunk
        lines = chunk.split("\n")
        try:
            number = int(lines[0].strip())
        except ValueError:
            continue
        fields = collections.defaultdict(str)
        current = None
        for line in lines[1:]:
            if line.startswith(".") and len(line.strip()) == 2:
                current = line.strip()[1]
                continue
            if current:
                fields[current] += " " + line
        records.append((number, {k: one_line(v) for k, v in fields.items()}))
    return records


def time_collection():
    folder = CORPUS + "/time-collection/data/time/"
    text = open(folder + "TIME.ALL", encoding="latin-1").read()
    docs = {}
    for i, chunk in enumerate(text.split("*TEXT ")[1:]):
        body = chunk.split("\n", 1)[1] if "\n" in chunk else ""
        docs[i + 1] = ("", body.split("*STOP")[0].lower())
    queries = {}
    for chunk in open(folder + "TIME.QUE", encoding="latin-1").read().split("*FIND")[1:]:
        number, words = chunk.split("*STOP")[0].strip().split(None, 1)
        queries[int(number)] = one_line(words).lower()
    relevant = {}
    for line in open(folder + "TIME.REL"):
        numbers = [int(x) for x in line.split()]
        if numbers:
            relevant[numbers[0]] = set(numbers[1:])
    return docs, queries, relevant


def cran():
    folder = CORPUS + "/ir/CRAN/"
    records = smart(open(folder + "cran.all.1400").read())
    docs = {i: (f.get("T", "").lower(), f.get("W", "").lower()) for i, f in records}
    # CRAN's judgments number the queries by their position in cran.qry.
    queries = {
        position + 1: f.get("W", "").lower()
        for position, (_, f) in enumerate(smart(open(folder + "cran.qry").read()))
    }
    relevant = collections.defaultdict(set)
    for line in open(folder + "cranqrel"):
        numbers = [int(x) for x in line.split()]
        if len(numbers) == 3 and 1 <= numbers[2] <= 4:
            relevant[numbers[0]].add(numbers[1])
    return docs, queries, relevant


def med():
    folder = CORPUS + "/ir/MED/"
    docs = {i: ("", f.get("W", "").lower()) for i, f in smart(open(folder + "MED.ALL").read())}
    queries = {i: f.get("W", "").lower() for i, f in smart(open(folder + "MED.QRY").read())}
    relevant = collections.defaultdict(set)
    for line in open(folder + "MED.REL"):
        numbers = [int(x) for x in line.split()]
        if len(numbers) == 4:
            relevant[numbers[0]].add(numbers[2])
    return docs, queries, relevant


def words(text):
    return [STEMMER.stemWord(w) for w in re.findall(r"[a-z0-9]+", text)]


class Field:
    """One field's term counts, lengths, document frequencies and positions."""

    def __init__(self, texts):
        tokens = {i: words(t) for i, t in texts.items()}
        self.counts = {i: collections.Counter(t) for i, t in tokens.items()}
        self.positions = {}
        for i, t in tokens.items():
            at = collections.defaultdict(list)
            for position, word in enumerate(t):
                at[word].append(position)
            self.positions[i] = at
        self.length = {i: len(t) for i, t in tokens.items()}
        self.docs = len(texts)
        self.average = sum(self.length.values()) / max(1, self.docs)
        self.total = sum(self.length.values())
        self.df = collections.Counter()
        self.cf = collections.Counter()
        for c in self.counts.values():
            self.df.update(c.keys())
            self.cf.update(c)
        self.postings = collections.defaultdict(list)
        for i, c in self.counts.items():
            for word, tf in c.items():
                self.postings[word].append((i, tf))

    def idf(self, word):
        n = self.df[word]
        return max(0.01, math.log((self.docs - n + 0.5) / (n + 0.5)))

    def norm(self, i, b):
        return 1 - b + b * self.length[i] / self.average


def bm25(k1=1.2, b=0.75, delta=0.0):
    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            for i, tf in f.postings.get(word, ()):
                scores[i] += qtf * f.idf(word) * (tf * (k1 + 1) / (tf + k1 * f.norm(i, b)) + delta)
        return scores

    return score


def bm25l(delta, k1=1.2, b=0.75):
    """BM25L: the length-normed count shifted by delta before saturation, with the
    idf log((N + 1) / (n + 0.5)) of its authors."""

    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            idf = math.log((f.docs + 1) / (f.df[word] + 0.5))
            for i, tf in f.postings.get(word, ()):
                c = tf / f.norm(i, b)
                scores[i] += qtf * idf * (k1 + 1) * (c + delta) / (k1 + c + delta)
        return scores

    return score


def log_query_counts(model):
    """`model` with a word repeated in the query counted 1 + log(times), not times."""
    return lambda f, query: model(f, {w: 1 + math.log(n) for w, n in query.items()})


def dirichlet(mu):
    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            p = f.cf[word] / f.total if f.total else 0
            for i, tf in f.postings.get(word, ()):
                scores[i] += qtf * math.log(1 + tf / (mu * p))
        length = sum(query.values())
        return {i: s + length * math.log(mu / (f.length[i] + mu)) for i, s in scores.items()}

    return score


def pl2(c):
    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            mean = f.cf[word] / f.docs
            for i, tf in f.postings.get(word, ()):
                n = tf * math.log2(1 + c * f.average / f.length[i])
                scores[i] += qtf * (
                    n * math.log2(n / mean) + (mean - n) * math.log2(math.e) + 0.5 * math.log2(2 * math.pi * n)
                ) / (n + 1)
        return scores

    return score


def inl2(c):
    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            idf = math.log2((f.docs + 1) / (f.df[word] + 0.5))
            for i, tf in f.postings.get(word, ()):
                n = tf * math.log2(1 + c * f.average / f.length[i])
                scores[i] += qtf * n / (n + 1) * idf
        return scores

    return score


def f2exp(s=0.5, k=0.35):
    def score(f, query):
        scores = collections.defaultdict(float)
        for word, qtf in query.items():
            idf = ((f.docs + 1) / max(1, f.df[word])) ** k
            for i, tf in f.postings.get(word, ()):
                scores[i] += qtf * idf * tf / (tf + s + s * f.length[i] / f.average)
        return scores

    return score


def proximity(weight, window=5, k1=1.2, b=0.75):
    """BM25 plus, for each pair of query words within `window` words, a saturated sum
    of 1/distance² weighed by the rarer word's idf (BM25TP)."""
    plain = bm25(k1, b)

    def score(f, query):
        scores = plain(f, query)
        present_words = [w for w in query if w in f.postings]
        for i in list(scores):
            at = f.positions[i]
            present = [w for w in present_words if w in at]
            for a in range(len(present)):
                for c in range(a + 1, len(present)):
                    x, y = present[a], present[c]
                    closeness = sum(
                        1 / (p - q) ** 2 for p in at[x] for q in at[y] if 0 < abs(p - q) <= window
                    )
                    if closeness:
                        saturated = closeness * (k1 + 1) / (closeness + k1 * f.norm(i, b))
                        scores[i] += weight * min(f.idf(x), f.idf(y)) * saturated
        return scores

    return score


def average_precision(scores, relevant):
    ranked = sorted(scores, key=lambda i: -scores[i])[:1000]
    found = 0
    total = 0.0
    for rank, doc in enumerate(ranked):
        if doc in relevant:
            found += 1
            total += found / (rank + 1)
    return total / len(relevant)


def half_map(queries, relevant, rank, typed=False, half=1):
    """MAP over the odd-numbered judged queries (even ones with `half` 0),
    `rank(query counts)` giving scores (`rank(query counts, query text)` if `typed`)."""
    aps = [
        average_precision(
            rank(collections.Counter(words(text)), text) if typed else rank(collections.Counter(words(text))),
            relevant[q],
        )
        for q, text in queries.items()
        if relevant.get(q) and q % 2 == half
    ]
    return sum(aps) / len(aps)


def one_field(docs):
    return Field({i: f"{title} {text}" for i, (title, text) in docs.items()})


def grid(collections_):
    fields = {name: one_field(docs) for name, (docs, _, _) in collections_.items()}
    for k1 in (0.6, 0.9, 1.2, 1.5, 2.0):
        for b in (0.3, 0.5, 0.75, 0.9):
            maps = [
                f"{name} {half_map(q, r, lambda query: bm25(k1, b)(fields[name], query)):.4f}"
                for name, (_, q, r) in collections_.items()
            ]
            print(f"k1 {k1} b {b}: odd " + " ".join(maps), flush=True)


def models(collections_):
    fields = {name: one_field(docs) for name, (docs, _, _) in collections_.items()}
    for label, model in [
        ("BM25", bm25()),
        ("BM25+ delta 0.5", bm25(delta=0.5)),
        ("BM25+ delta 1", bm25(delta=1.0)),
        ("Dirichlet mu 300", dirichlet(300)),
        ("Dirichlet mu 1000", dirichlet(1000)),
        ("Dirichlet mu 2000", dirichlet(2000)),
        ("PL2 c 1", pl2(1.0)),
        ("PL2 c 4", pl2(4.0)),
        ("InL2 c 1", inl2(1.0)),
        ("InL2 c 4", inl2(4.0)),
        ("F2EXP", f2exp()),
        ("BM25L delta 0.25", bm25l(0.25)),
        ("BM25L delta 0.5", bm25l(0.5)),
        ("BM25, log query tf", log_query_counts(bm25())),
        ("BM25TP 0.25", proximity(0.25)),
        ("BM25TP 0.5", proximity(0.5)),
        ("BM25TP 1", proximity(1.0)),
    ]:
        maps = [
            f"{name} {half_map(q, r, lambda query: model(fields[name], query)):.4f}"
            for name, (_, q, r) in collections_.items()
        ]
        print(f"{label:<18} odd " + " ".join(maps), flush=True)


def titles(docs, queries, relevant, k1=1.2, b=0.75):
    title = Field({i: t for i, (t, _) in docs.items()})
    text = Field({i: x for i, (_, x) in docs.items()})

    def summed(weight):
        def rank(query):
            scores = bm25(k1, b)(text, query)
            for i, s in bm25(k1, b)(title, query).items():
                scores[i] = scores.get(i, 0.0) + weight * s
            return scores

        return rank

    both = one_field(docs)

    def bm25f(weight):
        def rank(query):
            scores = collections.defaultdict(float)
            for word, qtf in query.items():
                per_doc = collections.defaultdict(float)
                for f, w in ((title, weight), (text, 1.0)):
                    for i, tf in f.postings.get(word, ()):
                        per_doc[i] += w * tf / f.norm(i, b)
                for i, tf in per_doc.items():
                    scores[i] += qtf * both.idf(word) * tf * (k1 + 1) / (tf + k1)
            return scores

        return rank

    def repeated(times):
        field = Field({i: " ".join([t] * times + [x]) for i, (t, x) in docs.items()})
        return lambda query: bm25(k1, b)(field, query)

    for label, rank in [
        ("one field", lambda query: bm25(k1, b)(both, query)),
        ("summed, title 1.0", summed(1.0)),
        ("summed, title 1.5", summed(1.5)),
        ("BM25F, title 1.0", bm25f(1.0)),
        ("BM25F, title 1.5", bm25f(1.5)),
        ("BM25F, title 2.0", bm25f(2.0)),
        ("BM25F, title 3.0", bm25f(3.0)),
        ("title written twice", repeated(2)),
        ("title three times", repeated(3)),
    ]:
        print(f"CRAN {label:<20} odd {half_map(queries, relevant, rank):.4f}", flush=True)


def passages(collections_):
    for window in (50, 100, 200):
        for weight in (0.5, 1.0):
            maps = []
            for name, (docs, queries, relevant) in collections_.items():
                field = one_field(docs)
                tokens = {i: words(f"{t} {x}") for i, (t, x) in docs.items()}

                def rank(query, field=field, tokens=tokens):
                    scores = bm25()(field, query)
                    best = sorted(scores, key=lambda i: -scores[i])[:1000]
                    return {i: scores[i] + weight * best_passage(field, tokens[i], query, window) for i in best}

                maps.append(f"{name} {half_map(queries, relevant, rank):.4f}")
            print(f"passage {window} words, weight {weight}: odd " + " ".join(maps), flush=True)


def best_passage(field, tokens, query, window, k1=1.2, b=0.75):
    best = 0.0
    step = window // 2
    for start in range(0, max(1, len(tokens) - window + step), step):
        part = tokens[start : start + window]
        counts = collections.Counter(part)
        norm = 1 - b + b * len(part) / window
        score = sum(
            qtf * field.idf(word) * counts[word] * (k1 + 1) / (counts[word] + k1 * norm)
            for word, qtf in query.items()
            if counts[word]
        )
        best = max(best, score)
    return best


def forms(collections_):
    """Each collection's odd MAP with the words cut in other ways (see the docstring)."""
    global words
    snowball = words
    porter = Stemmer.Stemmer("porter")
    surface = lambda text: re.findall(r"[a-z0-9]+", text)  # noqa: E731
    for label, cut in [
        ("Snowball English", snowball),
        ("Porter", lambda text: [porter.stemWord(w) for w in surface(text)]),
        ("no stemming", surface),
    ]:
        words = cut
        maps = []
        for name, (docs, queries, relevant) in collections_.items():
            field = one_field(docs)
            maps.append(f"{name} {half_map(queries, relevant, lambda query: bm25()(field, query)):.4f}")
        print(f"{label:<28} odd " + " ".join(maps), flush=True)
    words = snowball
    for weight in (0.25, 0.5, 1.0):
        maps = []
        for name, (docs, queries, relevant) in collections_.items():
            stems = one_field(docs)
            words = surface
            exact = one_field(docs)
            words = snowball

            def rank(query, text, stems=stems, exact=exact):
                scores = bm25()(stems, query)
                for i, s in bm25()(exact, collections.Counter(surface(text))).items():
                    scores[i] = scores.get(i, 0.0) + weight * s
                return scores

            maps.append(f"{name} {half_map(queries, relevant, rank, typed=True):.4f}")
        label = f"stems + exact form at {weight}"
        print(f"{label:<28} odd " + " ".join(maps), flush=True)


def feedback_rank(field, tokens, query, docs=3, terms=30, weight=1.5, window=None):
    """BM25's best 1,000 for `query`, ranked again with the words of its best `docs`
    added (all of their words, or those within `window` of a query word)."""
    first = bm25()(field, query)
    top = sorted(first, key=lambda i: -first[i])[:1000]
    read = top[:docs]
    score_sum = sum(first[i] for i in read)
    weights = collections.defaultdict(float)
    for i in read:
        t = tokens[i]
        if window is not None:
            near = set()
            for position, word in enumerate(t):
                if word in query:
                    near.update(range(max(0, position - window), min(len(t), position + window + 1)))
            t = [t[position] for position in sorted(near)]
        for word, count in collections.Counter(t).items():
            if len(word) >= 2 and word.isalpha():
                weights[word] += count / len(t) * first[i] / score_sum
    added = sorted(
        ((w, x) for w, x in weights.items() if field.df[w] / field.docs <= 0.1), key=lambda p: (-p[1], p[0])
    )[:terms]
    total = sum(x for _, x in added)
    if total <= 0:
        return first
    scores = {i: first[i] for i in top}
    for i, s in bm25()(field, {w: weight * len(query) * x / total for w, x in added}).items():
        if i in scores:
            scores[i] += s
    return scores


def feedback(collections_):
    for label, options in [
        ("BM25, no feedback", None),
        ("RM3", {}),
        ("window, W 5", {"window": 5}),
        ("window, W 10", {"window": 10}),
        ("window, W 20", {"window": 20}),
        ("RM3, 5 docs", {"docs": 5}),
        ("window, W 20, 5 docs", {"window": 20, "docs": 5}),
        ("RM3, 10 docs", {"docs": 10}),
        ("window, W 20, 10 docs", {"window": 20, "docs": 10}),
    ]:
        maps = []
        for name, (docs, queries, relevant) in collections_.items():
            field = one_field(docs)
            tokens = {i: words(f"{t} {x}") for i, (t, x) in docs.items()}

            def rank(query, field=field, tokens=tokens):
                if options is None or len(query) < 5:
                    return bm25()(field, query)
                return feedback_rank(field, tokens, query, **options)

            maps.append(f"{name} {half_map(queries, relevant, rank):.4f}")
        print(f"{label:<28} odd " + " ".join(maps), flush=True)


def per_query(collections_):
    for name, (docs, queries, relevant) in collections_.items():
        field = one_field(docs)
        for q, text in queries.items():
            if relevant.get(q) and q % 2 == 1:
                scores = bm25()(field, collections.Counter(words(text)))
                print(f"{name} q{q:<4} bm25 {average_precision(scores, relevant[q]):.3f}", flush=True)


def held_out(collections_):
    """Plain BM25 at tantivy's settings on the odd and the even half: no setting is
    chosen here, so the even half stays a held-out reference."""
    for name, (docs, queries, relevant) in collections_.items():
        field = one_field(docs)
        maps = [
            f"{label} {half_map(queries, relevant, lambda query: bm25()(field, query), half=half):.4f}"
            for label, half in (("odd", 1), ("even", 0))
        ]
        print(f"{name:<5} BM25 k1 1.2 b 0.75: " + " ".join(maps), flush=True)


def main():
    if "--titles" in sys.argv:
        titles(*cran())
        return
    collections_ = {"TIME": time_collection(), "CRAN": cran(), "MED": med()}
    if "--models" in sys.argv:
        models(collections_)
    elif "--passages" in sys.argv:
        passages(collections_)
    elif "--forms" in sys.argv:
        forms(collections_)
    elif "--feedback" in sys.argv:
        feedback(collections_)
    elif "--per-query" in sys.argv:
        per_query(collections_)
    elif "--held-out" in sys.argv:
        held_out(collections_)
    else:
        grid(collections_)


if __name__ == "__main__":
    main()
