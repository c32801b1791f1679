#!/usr/bin/env python3
"""Word vectors: Lathe's word2vec (lathe-cli vectors train) against gensim's, same corpus, settings and threads.

The corpus is Debian's `fortunes` (every fortune file, one fortune per line, ~460k words), lowercased and split
into words and punctuation here once, so both read exactly the same tokens (Lathe with --tokens whitespace,
gensim through LineSentence or its corpus_file mode). Settings are word2vec's defaults, which are gensim's:
skip-gram, 100 dimensions, window 5, 5 negatives, subsampling 1e-3, min count 5, rate 0.025 decayed to 1e-4,
5 epochs. Speed is effective words per second (after min count and subsampling) over training alone, as gensim
logs it; gensim runs both of its input modes and the faster is the reference. Quality: for the 1,000 most
frequent words after the first 100, how many of each word's 10 nearest neighbours Lathe and gensim share, and
Spearman's rho between their cosine similarities of 5,000 random word pairs - each beside the same figure for
gensim against itself with another seed (what two equally good runs agree on).

    bench/word_vectors.py [--cli build/dev/app/lathe-cli] [--threads 1,2] [--method skipgram|cbow] [--epochs 5]
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from baseline_quality import cpu_model  # noqa: E402


def corpus_lines():
    lines = []
    for path in sorted(glob.glob("/usr/share/games/fortunes/*.u8")):
        with open(path, encoding="utf-8", errors="replace") as f:
            for chunk in f.read().split("\n%\n"):
                words = re.findall(r"[a-z0-9']+|[^\sa-z0-9']", chunk.lower())
                if words:
                    lines.append(" ".join(words))
    return lines


def gensim_train(path, method, threads, epochs, seed, mode):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    common = dict(vector_size=100, window=5, min_count=5, sample=1e-3, negative=5, hs=0, sg=1 if method == "skipgram" else 0,
                  alpha=0.025, min_alpha=1e-4, workers=threads, seed=seed)
    if mode == "corpus_file":
        model = Word2Vec(**common)
        model.build_vocab(corpus_file=path)
        start = time.perf_counter()
        effective, _ = model.train(corpus_file=path, total_examples=model.corpus_count, total_words=model.corpus_total_words,
                                   epochs=epochs)
    else:
        model = Word2Vec(**common)
        model.build_vocab(LineSentence(path))
        start = time.perf_counter()
        effective, _ = model.train(LineSentence(path), total_examples=model.corpus_count, epochs=epochs)
    seconds = time.perf_counter() - start
    return model.wv, effective / seconds


def agreement(a, b, rng):
    """Shared top-10 neighbours over words ranked 100-1,100, and Spearman's rho of 5,000 pair similarities."""
    from scipy.stats import spearmanr
    words = [w for w in a.index_to_key[100:1100] if w in b.key_to_index]
    shared = 0
    for w in words:
        na = {x for x, _ in a.most_similar(w, topn=10)}
        nb = {x for x, _ in b.most_similar(w, topn=10)}
        shared += len(na & nb)
    vocabulary = [w for w in a.index_to_key[:5000] if w in b.key_to_index]
    pairs = [rng.sample(vocabulary, 2) for _ in range(5000)]
    rho = spearmanr([a.similarity(x, y) for x, y in pairs], [b.similarity(x, y) for x, y in pairs]).correlation
    return shared / (10 * len(words)), rho


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default=os.path.join(here, "..", "build", "dev", "app", "lathe-cli"))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--method", default="skipgram", choices=["skipgram", "cbow"])
    p.add_argument("--epochs", type=int, default=5)
    args = p.parse_args()
    try:
        import gensim
        from gensim.models import KeyedVectors
    except ImportError:
        sys.exit("gensim is missing: apt-get install python3-gensim (scripts/install-deps.sh installs it)")
    lines = corpus_lines()
    if not lines:
        sys.exit("Debian's fortunes are missing: apt-get install fortunes")
    print(f"CPU: {cpu_model()}; gensim {gensim.__version__}; {args.method}; corpus: fortunes, {len(lines)} lines, "
          f"{sum(len(l.split()) for l in lines)} words; {args.epochs} epochs")
    print(f"{'threads':>7} {'lathe words/s':>14} {'gensim LineSentence':>20} {'gensim corpus_file':>19} {'ratio':>6} "
          f"{'nbr overlap L-G':>15} {'G-G':>6} {'rho L-G':>8} {'G-G':>6}")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as w:
        path = os.path.join(w, "corpus.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        for threads in [int(t) for t in args.threads.split(",")]:
            out = os.path.join(w, f"lathe-{threads}.txt")
            result = subprocess.run([args.cli, "vectors", "train", "--data", path, "--format", "text", "--tokens",
                                     "whitespace", "--method", args.method, "--dim", "100", "--window", "5", "--negative",
                                     "5", "--min-count", "5", "--sample", "1e-3", "--epochs", str(args.epochs),
                                     "--threads", str(threads), "--out", out, "--db", os.path.join(w, "runs.db"),
                                     "--json"], check=True, capture_output=True, text=True).stdout
            lathe = json.loads(result.strip().splitlines()[-1])
            wv_line, rate_line = gensim_train(path, args.method, threads, args.epochs, 1, "lines")
            wv_file, rate_file = gensim_train(path, args.method, threads, args.epochs, 1, "corpus_file")
            best = max(rate_line, rate_file)
            reference = wv_line if rate_line >= rate_file else wv_file
            other, _ = gensim_train(path, args.method, threads, args.epochs, 2, "lines" if rate_line >= rate_file else "corpus_file")
            ours = KeyedVectors.load_word2vec_format(out, binary=False)
            overlap, rho = agreement(ours, reference, rng)
            overlap_gg, rho_gg = agreement(other, reference, rng)
            print(f"{threads:>7} {lathe['words_per_s']:>14,.0f} {rate_line:>20,.0f} {rate_file:>19,.0f} "
                  f"{lathe['words_per_s'] / best:>6.2f} {overlap:>15.3f} {overlap_gg:>6.3f} {rho:>8.3f} {rho_gg:>6.3f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
