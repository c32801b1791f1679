#!/usr/bin/env python3
"""GloVe: Lathe's (lathe-cli vectors train --method glove) against a PyTorch GloVe on the same corpus, settings and threads.

No GloVe ships in Debian's Python stack, so the reference is the usual PyTorch implementation at its strongest:
co-occurrences counted with numpy (vectorized over window distances, np.unique over packed pair keys), then the
same weighted least squares on log X with f = min(1, (X/x_max)^0.75) over word and context embeddings and biases,
trained by torch.optim.Adagrad (rate 0.05, accumulators starting at 1 as GloVe's) on sparse embedding gradients in
shuffled minibatches (--batch, 4,096 by default: one entry per step, as GloVe's own C tool and Lathe update, is
hopeless in eager PyTorch). Corpus: Debian's fortunes split into words once here, as bench/word_vectors.py does.
Settings: GloVe's demo (100 dimensions, window 15, min count 5, x_max 10, 15 epochs). Reported per thread count:
seconds for the whole job (counting included) and its ratio, each side's final mean loss per co-occurrence, and
agreement between Lathe's and PyTorch's vectors (shared top-10 neighbours over words ranked 100-1,100 and
Spearman's rho of 5,000 random pair similarities) beside PyTorch against itself, and Lathe against itself, with
another seed.

    bench/glove.py [--cli build/dev/app/lathe-cli] [--threads 1,2] [--epochs 15] [--batch 4096]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from baseline_quality import cpu_model  # noqa: E402
from word_vectors import agreement, corpus_lines  # noqa: E402


def vocabulary(lines, min_count):
    counts, first = {}, {}
    for line in lines:
        for w in line.split():
            if w not in counts:
                counts[w] = 0
                first[w] = len(first)
            counts[w] += 1
    kept = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], first[w]))
    return kept


def cooccurrences(lines, index, window):
    import numpy as np
    ids, line_of = [], []
    for n, line in enumerate(lines):
        kept = [index[w] for w in line.split() if w in index]
        ids.extend(kept)
        line_of.extend([n] * len(kept))
    ids, line_of = np.array(ids, dtype=np.int64), np.array(line_of, dtype=np.int64)
    V = len(index)
    keys, weights = [], []
    for k in range(1, window + 1):
        same = line_of[k:] == line_of[:-k]
        a, b = ids[:-k][same], ids[k:][same]
        keys.append(np.minimum(a, b) * V + np.maximum(a, b))
        weights.append(np.full(a.shape, 1.0 / k))
    keys, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    x = np.bincount(inverse, weights=np.concatenate(weights))
    i, j = keys // V, keys % V
    diagonal = i == j
    # Both directions; a word beside itself counts from either side (2x), as GloVe's symmetric window.
    rows = np.concatenate([i, j[~diagonal]])
    cols = np.concatenate([j, i[~diagonal]])
    values = np.concatenate([np.where(diagonal, 2 * x, x), x[~diagonal]])
    return rows, cols, values


def torch_glove(rows, cols, values, V, epochs, batch, threads, seed, x_max=10.0, dim=100):
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    i, j = torch.from_numpy(rows), torch.from_numpy(cols)
    log_x = torch.from_numpy(np.log(values)).float()
    f = torch.from_numpy(np.minimum(1.0, (values / x_max) ** 0.75)).float()
    tables = [torch.nn.Embedding(V, dim, sparse=True), torch.nn.Embedding(V, dim, sparse=True),
              torch.nn.Embedding(V, 1, sparse=True), torch.nn.Embedding(V, 1, sparse=True)]
    for t in tables:
        torch.nn.init.uniform_(t.weight, -0.5 / dim, 0.5 / dim)
    w, c, bw, bc = tables
    opt = torch.optim.Adagrad([t.weight for t in tables], lr=0.05, initial_accumulator_value=1.0)
    n = len(values)
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            bi, bj = i[idx], j[idx]
            diff = (w(bi) * c(bj)).sum(1) + bw(bi).squeeze(1) + bc(bj).squeeze(1) - log_x[idx]
            loss = 0.5 * (f[idx] * diff * diff).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
    seconds = time.perf_counter() - start
    vectors = (w.weight + c.weight).detach().numpy()
    return vectors, total / n, seconds


def keyed(words, vectors):
    from gensim.models import KeyedVectors
    kv = KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words, vectors)
    return kv


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default=os.path.join(here, "..", "build", "dev", "app", "lathe-cli"))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=4096)
    args = p.parse_args()
    try:
        import torch
        from gensim.models import KeyedVectors
    except ImportError:
        sys.exit("python3-torch and python3-gensim are needed (scripts/install-deps.sh installs them)")
    lines = corpus_lines()
    if not lines:
        sys.exit("Debian's fortunes are missing: apt-get install fortunes")
    words = vocabulary(lines, 5)
    index = {w: n for n, w in enumerate(words)}
    print(f"CPU: {cpu_model()}; PyTorch {torch.__version__}; corpus: fortunes, {len(lines)} lines, "
          f"{sum(len(l.split()) for l in lines)} words, {len(words)} kept; GloVe, 100 dimensions, window 15, "
          f"{args.epochs} epochs; PyTorch batch {args.batch}")
    print(f"{'threads':>7} {'lathe s':>8} {'torch s':>8} {'(count)':>8} {'ratio':>6} {'lathe loss':>10} {'torch loss':>10} "
          f"{'nbr overlap L-T':>15} {'T-T':>6} {'rho L-T':>8} {'T-T':>6}")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        same = None
        for threads in [int(t) for t in args.threads.split(",")]:
            out = os.path.join(tmp, f"lathe-{threads}.txt")
            result = subprocess.run([args.cli, "vectors", "train", "--data", path, "--format", "text", "--tokens",
                                     "whitespace", "--method", "glove", "--dim", "100", "--window", "15", "--min-count", "5",
                                     "--epochs", str(args.epochs), "--threads", str(threads), "--out", out, "--db",
                                     os.path.join(tmp, "runs.db"), "--json"], check=True, capture_output=True,
                                    text=True).stdout
            lathe = json.loads(result.strip().splitlines()[-1])
            if threads == 1:  # Lathe against itself with another seed (one thread: each seed's own vectors)
                again = os.path.join(tmp, "lathe-seed2.txt")
                subprocess.run([args.cli, "vectors", "train", "--data", path, "--format", "text", "--tokens", "whitespace",
                                "--method", "glove", "--dim", "100", "--window", "15", "--min-count", "5", "--epochs",
                                str(args.epochs), "--threads", "1", "--seed", "2", "--out", again, "--db",
                                os.path.join(tmp, "runs.db"), "-q"], check=True, capture_output=True)
                lathe_same = agreement(KeyedVectors.load_word2vec_format(again, binary=False),
                                       KeyedVectors.load_word2vec_format(out, binary=False), rng)
                print(f"{'':>7} Lathe against Lathe with another seed: neighbour overlap {lathe_same[0]:.3f}, "
                      f"rho {lathe_same[1]:.3f}")
            start = time.perf_counter()
            rows, cols, values = cooccurrences(lines, index, 15)
            counting = time.perf_counter() - start
            vectors, loss, seconds = torch_glove(rows, cols, values, len(words), args.epochs, args.batch, threads, 1)
            reference = keyed(words, vectors)
            if same is None:
                other, _, _ = torch_glove(rows, cols, values, len(words), args.epochs, args.batch, threads, 2)
                same = agreement(keyed(words, other), reference, rng)
            ours = KeyedVectors.load_word2vec_format(out, binary=False)
            overlap, rho = agreement(ours, reference, rng)
            total = counting + seconds
            print(f"{threads:>7} {lathe['seconds']:>8.1f} {total:>8.1f} {counting:>8.1f} {total / lathe['seconds']:>6.1f} "
                  f"{lathe['loss']:>10.4f} {loss:>10.4f} {overlap:>15.3f} {same[0]:>6.3f} {rho:>8.3f} {same[1]:>6.3f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
