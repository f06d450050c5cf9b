"""Dictionary word segmentation for the Japanese tokenizer comparison (benches/japanese.rs).

Reads a JSON list of texts on stdin and prints, for each, its words as
[surface, part of speech] pairs, cut by MeCab with the UniDic-lite dictionary
(`pip install fugashi unidic-lite`). Exits with status 3 when they are not installed.
"""
import json
import sys

try:
    import fugashi
except ImportError:
    sys.exit(3)

tagger = fugashi.Tagger()
texts = json.load(sys.stdin)
json.dump(
    [[[w.surface, w.feature.pos1 or ""] for w in tagger(text)] for text in texts],
    sys.stdout,
    ensure_ascii=False,
)
