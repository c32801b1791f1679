#!/usr/bin/python3
"""Training and inference throughput of lathe-cli against PyTorch eager, side by side in one run.

Five families, each trained by lathe-cli and by an equivalent PyTorch model with the same
semantics (dropout 0.1, AdamW, gradient clipping 1.0, fp32 master weights):

  transformer  classifier: word vocabulary 8000, width 128, 4 heads, 2 layers, FFN 512, sequence 128, batch 32
  gpt          language model: char tokens, width 128, 4 heads, 2 layers, FFN 512, sequence 256, batch 16
  gpt-word     the same language model over a word vocabulary of 8000 (its output layer and loss are
               [4096 x 8000] a batch), sequence 128, batch 32
  bilstm       classifier: word vocabulary 8000, embedding 128, hidden 128 per direction, sequence 128, batch 32
  seq2seq      Transformer encoder–decoder: char tokens, width 128, 4 heads, 2 + 2 layers, FFN 512, 64 source
               and 65 target tokens (63 letters -> the same reversed), batch 32; tokens/s counts both sides.
               No inference ratio: lathe-cli's validation also decodes every source (greedy search)

For each thread count, PyTorch runs in its own process in each configuration a user could pick
(fp32 as shipped; fp32 with OpenBLAS on one thread; fp32 with the OpenMP build of OpenBLAS, the
one lathe-cli loads; bf16 autocast where the CPU has native bf16 units), and the best of them is
the reference for the ratio. Where Debian's OpenBLAS does not recognise the CPU and falls back to
kernels below its ISA (0.3.21 runs SSE3 "Prescott" kernels on a Xeon of model 207), every
PyTorch configuration runs with OPENBLAS_CORETYPE set to the right ones, as an informed user
would (lathe-cli makes the same switch itself). lathe-cli's training throughput is
taken from the wall-clock times of its logged steps after warm-up (its own per-step overhead
counts); its inference throughput from the validation pass it runs (tokens/s, no padding).

    bench/train_throughput.py [--cli build/dev/app/lathe-cli] [--threads 1,2] [--families transformer,gpt,gpt-word,bilstm,seq2seq]
                              [--rounds N]

With --rounds N each configuration runs N times, Lathe first in odd rounds and last in even ones,
and each side keeps its best round: on a shared machine speed drifts within minutes.
"""
import argparse
import csv
import ctypes
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

FAMILIES = {
    "transformer": dict(vocab=8000, width=128, heads=4, layers=2, ffn=512, seq=128, batch=32, classes=4),
    "gpt": dict(vocab=None, width=128, heads=4, layers=2, ffn=512, seq=256, batch=16),
    "gpt-word": dict(vocab=8000, width=128, heads=4, layers=2, ffn=512, seq=128, batch=32),
    "bilstm": dict(vocab=8000, width=128, hidden=128, layers=1, seq=128, batch=32, classes=4),
    # Encoder–decoder: 64 source tokens (<bos> + 63 characters) and 65 target tokens (<bos>, 63, <eos>;
    # the decoder reads 64) per pair; tokens/s counts both sides, as lathe-cli does.
    "seq2seq": dict(vocab=None, width=128, heads=4, layers=2, ffn=512, seq=64, batch=32),
}


def tokens_per_example(family):
    s = FAMILIES[family]
    return 2 * s["seq"] + 1 if family == "seq2seq" else s["seq"]
DROPOUT = 0.1
OPENMP_BLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


# ---------------------------------------------------------------- machine

def cpu_facts():
    model, flags = "unknown CPU", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    isa = "avx512" if {"avx512f", "avx512bw", "avx512vl"} <= flags else "avx2" if "avx2" in flags else "scalar"
    bf16 = "amx-bf16" if "amx_bf16" in flags else "avx512-bf16" if "avx512_bf16" in flags else None
    return model, isa, bf16


def openblas_config():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_config.restype = ctypes.c_char_p
        kind = {0: "sequential", 1: "pthread", 2: "openmp"}.get(lib.openblas_get_parallel(), "?")
        return f"{lib.openblas_get_config().decode()} ({kind})"
    except OSError:
        return "no OpenBLAS"


# OpenBLAS's kernels that use AVX-512, and those that use AVX2 and FMA.
AVX512_CORES = {"skylakex", "cooperlake", "sapphirerapids"}
AVX2_CORES = {"haswell", "zen"} | AVX512_CORES


def openblas_core():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return ""


def fit_openblas_kernels(isa):
    """Re-runs this script with OpenBLAS on kernels that fit the CPU's ISA, where they do not.

    Two ways to miss: OPENBLAS_CORETYPE names lower kernels (some machines here set Haswell, and
    OPENBLAS_L2_SIZE with it, for older OpenBLAS builds; on an AMD EPYC of family 26 0.3.21 left
    alone picks Cooperlake, 1.7x faster there, with correct results), or OpenBLAS does not know
    the CPU (0.3.21 runs a Xeon of model 207 with its SSE3 Prescott kernels). The first is undone
    for this benchmark's processes alone, as the machine notes advise; the second gets
    OPENBLAS_CORETYPE set to the right kernels, as an informed user would."""
    core = openblas_core()
    fitting = AVX512_CORES if isa == "avx512" else AVX2_CORES
    if isa == "scalar" or not core or core.lower() in fitting:
        return
    if "OPENBLAS_CORETYPE" in os.environ and "LATHE_BENCH_BLAS_ENV" not in os.environ:
        os.environ["LATHE_BENCH_BLAS_ENV"] = os.environ.pop("OPENBLAS_CORETYPE")
        os.environ.pop("OPENBLAS_L2_SIZE", None)
    elif "OPENBLAS_CORETYPE" not in os.environ:
        os.environ["OPENBLAS_CORETYPE"] = "SkylakeX" if isa == "avx512" else "Haswell"
        os.environ["LATHE_BENCH_BLAS_FALLBACK"] = core
    else:
        return
    os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:]])


def set_openblas_threads(threads):
    # torch.set_num_threads does not govern the pthread OpenBLAS's own pool: without this the
    # "1 thread" peak runs on every core.
    try:
        ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(threads)
    except (OSError, AttributeError):
        pass


def gemm_peak(threads, dtype=torch.float32, n=1024, repeats=20):
    torch.set_num_threads(threads)
    set_openblas_threads(threads)
    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    for _ in range(3):
        torch.mm(a, b)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    return 2 * n ** 3 / best


# ---------------------------------------------------------------- data

def make_classification_csv(path, examples, seed=7):
    """Texts of 200 words from a 9000-word lexicon: every sequence fills all 128 positions (no
    padding) and the word vocabulary hits the 8000 cap."""
    rng = random.Random(seed)
    lexicon = [f"w{i}" for i in range(9000)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for i in range(examples):
            w.writerow([" ".join(rng.choice(lexicon) for _ in range(200)), f"c{i % 4}"])


def make_pairs_csv(path, examples, seed=7):
    """Pairs of 63 random lowercase letters and the same letters reversed: no padding on either side."""
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "target"])
        for _ in range(examples):
            source = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(63))
            w.writerow([source, source[::-1]])


def make_corpus(path, characters, seed=7):
    """Plain text of pseudo-words over 40 letters, one paragraph per line."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
    with open(path, "w") as f:
        written = 0
        while written < characters:
            line = " ".join("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(60))
            f.write(line + "\n")
            written += len(line) + 1


# ---------------------------------------------------------------- PyTorch models (Lathe's semantics)

class Block(nn.Module):
    def __init__(self, s, causal):
        super().__init__()
        W, self.heads, self.causal = s["width"], s["heads"], causal
        self.ln1, self.ln2 = nn.LayerNorm(W), nn.LayerNorm(W)
        self.qkv, self.out = nn.Linear(W, 3 * W), nn.Linear(W, W)
        self.up, self.down = nn.Linear(W, s["ffn"]), nn.Linear(s["ffn"], W)
        self.drop = nn.Dropout(DROPOUT)

    def attention(self, x, pad):
        B, T, D = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) / (D // self.heads) ** 0.5
        blocked = pad.view(B, 1, 1, T)
        if self.causal:
            blocked = blocked | torch.ones(T, T, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(blocked, float("-inf"))
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(B, T, D)
        return self.out(ctx)

    def forward(self, x, pad):
        h = x + self.drop(self.attention(self.ln1(x), pad))
        return h + self.drop(self.down(F.gelu(self.up(self.ln2(h)))))


class Trunk(nn.Module):
    def __init__(self, s, vocab, causal):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(vocab, s["width"]), nn.Embedding(s["seq"] + 1, s["width"])
        self.blocks = nn.ModuleList(Block(s, causal) for _ in range(s["layers"]))
        self.norm = nn.LayerNorm(s["width"])

    def forward(self, ids):
        pad = ids.eq(0)
        x = self.tokens(ids) + self.positions(torch.arange(ids.size(1))).unsqueeze(0)
        for b in self.blocks:
            x = b(x, pad)
        return self.norm(x), pad


class TransformerClassifier(nn.Module):
    def __init__(self, s, vocab):
        super().__init__()
        self.trunk, self.head = Trunk(s, vocab, False), nn.Linear(s["width"], s["classes"])

    def forward(self, ids):
        x, pad = self.trunk(ids)
        keep = (~pad).unsqueeze(-1).float()
        return self.head((x * keep).sum(1) / keep.sum(1).clamp_min(1))


class Gpt(nn.Module):
    def __init__(self, s, vocab):
        super().__init__()
        self.trunk, self.head = Trunk(s, vocab, True), nn.Linear(s["width"], vocab, bias=False)

    def forward(self, ids):
        return self.head(self.trunk(ids)[0])


class BiLstm(nn.Module):
    """The packed bidirectional LSTM's computation (each direction's final state covers exactly
    the real tokens) in its fastest PyTorch form, as Lathe runs it: unpacked, the reverse
    direction over each sequence reversed within its length. PyTorch's packed LSTM slices its
    input per step and each slice's backward zero-fills the whole input: 2.7 s against 0.25 s
    per forward + backward here, so the packed form would be a straw man."""

    def __init__(self, s, vocab):
        super().__init__()
        self.tokens = nn.Embedding(vocab, s["width"])
        self.forward_layers = nn.ModuleList(
            nn.LSTM(s["width"] if l == 0 else 2 * s["hidden"], s["hidden"], batch_first=True) for l in range(s["layers"]))
        self.backward_layers = nn.ModuleList(
            nn.LSTM(s["width"] if l == 0 else 2 * s["hidden"], s["hidden"], batch_first=True) for l in range(s["layers"]))
        self.drop, self.head = nn.Dropout(DROPOUT), nn.Linear(2 * s["hidden"], s["classes"])

    def forward(self, ids):
        lengths = ids.ne(0).sum(1).clamp_min(1)
        t = torch.arange(ids.size(1)).unsqueeze(0)
        rev = torch.where(t < lengths.unsqueeze(1), lengths.unsqueeze(1) - 1 - t, t)
        gather = lambda x, pos: x.gather(1, pos.unsqueeze(2).expand(-1, -1, x.size(2)))
        last = (lengths - 1).view(-1, 1)
        x = self.tokens(ids)
        for l, (fwd, bwd) in enumerate(zip(self.forward_layers, self.backward_layers)):
            out_f, _ = fwd(x)
            out_r, _ = bwd(gather(x, rev))
            h_f, h_r = gather(out_f, last).squeeze(1), gather(out_r, last).squeeze(1)
            if l + 1 < len(self.forward_layers):
                x = self.drop(torch.cat([out_f, gather(out_r, rev)], 2))
        return self.head(self.drop(torch.cat([h_f, h_r], 1)))


class CrossAttention(nn.Module):
    def __init__(self, s):
        super().__init__()
        W, self.heads = s["width"], s["heads"]
        self.q, self.kv, self.out = nn.Linear(W, W), nn.Linear(W, 2 * W), nn.Linear(W, W)
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, x, memory, memory_pad):
        B, T, D = x.shape
        S, dh = memory.size(1), D // self.heads
        q = self.q(x).view(B, T, self.heads, dh).transpose(1, 2)
        k, v = self.kv(memory).view(B, S, 2, self.heads, dh).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) / dh ** 0.5
        scores = scores.masked_fill(memory_pad.view(B, 1, 1, S), float("-inf"))
        return self.out((self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(B, T, D))


class DecoderBlock(nn.Module):
    def __init__(self, s):
        super().__init__()
        W = s["width"]
        self.self_block = Block(s, True)  # its attention (causal) and norms
        self.ln3, self.cross = nn.LayerNorm(W), CrossAttention(s)
        self.drop = nn.Dropout(DROPOUT)

    def forward(self, x, pad, memory, memory_pad):
        b = self.self_block
        h = x + self.drop(b.attention(b.ln1(x), pad))
        h = h + self.drop(self.cross(self.ln3(h), memory, memory_pad))
        return h + self.drop(b.down(F.gelu(b.up(b.ln2(h)))))


class Seq2Seq(nn.Module):
    """Lathe's Transformer encoder–decoder: the classifier's trunk as encoder; decoder blocks of
    causal self-attention, cross-attention and the feed-forward, pre-LayerNorm; a dense output layer."""

    def __init__(self, s, vocab):
        super().__init__()
        W = s["width"]
        self.encoder = Trunk(s, vocab, False)
        self.tokens, self.positions = nn.Embedding(vocab, W), nn.Embedding(s["seq"], W)
        self.blocks = nn.ModuleList(DecoderBlock(s) for _ in range(s["layers"]))
        self.norm, self.head = nn.LayerNorm(W), nn.Linear(W, vocab, bias=False)

    def forward(self, source, target):
        memory, memory_pad = self.encoder(source)
        pad = target.eq(0)
        x = self.tokens(target) + self.positions(torch.arange(target.size(1))).unsqueeze(0)
        for b in self.blocks:
            x = b(x, pad, memory, memory_pad)
        return self.head(self.norm(x))


def pytorch_worker(family, precision, threads, steps, warmup, vocab):
    """One PyTorch configuration, run in its own process (OpenBLAS reads its threads at load)."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    s = FAMILIES[family]
    lm = family.startswith("gpt")
    pairs = family == "seq2seq"
    model = {"transformer": TransformerClassifier, "gpt": Gpt, "gpt-word": Gpt, "bilstm": BiLstm,
             "seq2seq": Seq2Seq}[family](s, vocab)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    T = s["seq"] + (1 if lm else 0)
    if pairs:  # source [B, 64], target [B, 65]
        batches = [(torch.randint(4, vocab, (s["batch"], s["seq"])), torch.randint(4, vocab, (s["batch"], s["seq"] + 1)))
                   for _ in range(16)]
    else:
        batches = [(torch.randint(4, vocab, (s["batch"], T)), torch.randint(0, s.get("classes", 2), (s["batch"],)))
                   for _ in range(16)]

    def loss_of(ids, labels):
        if pairs:
            logits = model(ids, labels[:, :-1])
            return F.cross_entropy(logits.reshape(-1, logits.size(-1)), labels[:, 1:].reshape(-1), ignore_index=0)
        if lm:
            logits = model(ids[:, :-1])
            return F.cross_entropy(logits.reshape(-1, logits.size(-1)), ids[:, 1:].reshape(-1), ignore_index=0)
        return F.cross_entropy(model(ids), labels)

    autocast = torch.cpu.amp.autocast(dtype=torch.bfloat16, enabled=precision.startswith("bf16"))
    model.train()
    t0 = None
    for step in range(warmup + steps):
        if step == warmup:
            t0 = time.perf_counter()
        ids, labels = batches[step % len(batches)]
        opt.zero_grad()
        with autocast:
            loss = loss_of(ids, labels)
        loss.item()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    train = steps * s["batch"] * tokens_per_example(family) / (time.perf_counter() - t0)

    model.eval()
    with torch.no_grad(), autocast:
        for ids, labels in batches[:2]:
            loss_of(ids, labels).item()
        t0 = time.perf_counter()
        for ids, labels in batches:
            loss_of(ids, labels).item()
        infer = len(batches) * s["batch"] * tokens_per_example(family) / (time.perf_counter() - t0)
    return {"train": train, "infer": infer, "params": sum(p.numel() for p in model.parameters())}


def run_reference(family, precision, threads, steps, warmup, vocab):
    env = dict(os.environ)
    # The pthread OpenBLAS ignores torch.set_num_threads: without a cap, the "1 thread" fp32 run
    # multiplies on every core. Each configuration gets at most `threads` BLAS threads.
    env["OPENBLAS_NUM_THREADS"] = "1" if precision == "fp32-blas1" else str(threads)
    if precision == "fp32-ompblas":
        # The same OpenMP build of OpenBLAS Lathe loads: one thread pool with libgomp's.
        env["LD_LIBRARY_PATH"] = OPENMP_BLAS_DIR
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", family, precision, str(threads), str(steps),
           str(warmup), str(vocab)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- lathe-cli

def lathe_run(cli, family, threads, steps, warmup, workdir):
    s = FAMILIES[family]
    db = os.path.join(workdir, f"{family}.db")
    total = warmup + steps
    if family == "gpt":
        data = os.path.join(workdir, "corpus.txt")
        make_corpus(data, characters=(total + 20) * s["batch"] * (s["seq"] + 1) * 10 // 8)
        model = ["--model", "gpt", "--tokenizer", "char", "--vocab-size", "256", "--heads", str(s["heads"]),
                 "--ffn", str(s["ffn"])]
    elif family == "seq2seq":
        data = os.path.join(workdir, "pairs.csv")
        make_pairs_csv(data, examples=(total + 10) * s["batch"] * 10 // 8)
        model = ["--model", "seq2seq", "--tokenizer", "char", "--heads", str(s["heads"]), "--ffn", str(s["ffn"])]
    elif family == "gpt-word":
        # The classification texts (200 words each) as a corpus: every 129-token window is full.
        data = os.path.join(workdir, "classes.csv")
        if not os.path.exists(data):
            make_classification_csv(data, examples=(total + 10) * s["batch"] * 10 // 8)
        model = ["--model", "gpt", "--tokenizer", "word", "--vocab-size", str(s["vocab"]), "--heads",
                 str(s["heads"]), "--ffn", str(s["ffn"])]
    else:
        data = os.path.join(workdir, "classes.csv")
        if not os.path.exists(data):
            make_classification_csv(data, examples=(total + 10) * s["batch"] * 10 // 8)
        model = ["--model", family, "--tokenizer", "word", "--vocab-size", str(s["vocab"])]
        model += ["--heads", str(s["heads"]), "--ffn", str(s["ffn"])] if family == "transformer" else [
            "--hidden", str(s["hidden"])]
    cmd = [cli, "train", "--data", data, *model, "--width", str(s["width"]), "--layers", str(s["layers"]),
           "--max-length", str(s["seq"]), "--batch-size", str(s["batch"]), "--optimizer", "adamw", "--lr", "1e-3",
           "--dropout", os.environ.get("DROP", str(DROPOUT)), "--clip", "1", "--steps", str(total), "--eval-every", str(total),
           "--threads", str(threads), "--db", db, "--json", "--quiet"]
    # lathe-cli picks OpenBLAS's kernels itself (kernels/Threads.h): not the references' setting.
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_CORETYPE", "LATHE_BENCH_BLAS_FALLBACK", "LATHE_BENCH_BLAS_ENV")}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    with sqlite3.connect(db) as con:
        summary_json, config_json = con.execute("SELECT summary, config FROM runs WHERE id = ?",
                                                (summary["run_id"],)).fetchone()
    run_summary, config = json.loads(summary_json), json.loads(config_json)
    metrics = subprocess.run([cli, "export", "metrics", "--run", str(summary["run_id"]), "--db", db], check=True,
                             capture_output=True, text=True).stdout
    wall = {int(r["step"]): float(r["wall_time"]) for r in csv.DictReader(io.StringIO(metrics))
            if r["key"] == "train/loss"}
    train = steps * s["batch"] * tokens_per_example(family) / (wall[total] - wall[warmup])
    # An encoder–decoder's evaluation decodes every source too: its tokens/s is not comparable with a
    # teacher-forced forward pass, so no inference ratio is reported for it.
    infer = 0.0 if family == "seq2seq" else run_summary.get("eval_tokens_per_s", 0.0)
    return {"train": train, "infer": infer, "params": summary["params"],
            "vocab": config.get("model", {}).get("vocabularySize", 0), "step_ms": run_summary.get("step_ms", {}),
            "flops_per_token": run_summary.get("flops_per_token", 0), "precision": run_summary.get("precision", "?")}


# ---------------------------------------------------------------- report

def best_of(kept, new):
    """The better of two rounds of one configuration: its fastest training (with that round's
    breakdown) and its fastest inference."""
    if kept is None:
        return new
    out = dict(new if new["train"] > kept["train"] else kept)
    out["infer"] = max(kept["infer"], new["infer"])
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", default=os.path.join(here, "..", "build", "dev", "app", "lathe-cli"))
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    p.add_argument("--families", default="transformer,gpt,gpt-word,bilstm,seq2seq")
    p.add_argument("--steps", type=int, default=40, help="timed steps (after warm-up)")
    p.add_argument("--warmup", type=int, default=8)
    p.add_argument("--rounds", type=int, default=1,
                   help="repeat each configuration, Lathe and references alternating in order; best of the rounds")
    p.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        family, precision, threads, steps, warmup, vocab = a.worker
        print(json.dumps(pytorch_worker(family, precision, int(threads), int(steps), int(warmup), int(vocab))))
        return
    if not os.access(a.cli, os.X_OK):
        sys.exit(f"train_throughput: {a.cli} is not built; run scripts/test.sh or pass --cli")

    model, isa, bf16 = cpu_facts()
    fit_openblas_kernels(isa)
    threads = [int(t) for t in a.threads.split(",")]
    precisions = ["fp32", "fp32-blas1"] + (["fp32-ompblas"] if os.path.isdir(OPENMP_BLAS_DIR) else []) + (
        ["bf16"] if bf16 else [])
    print(f"CPU      {model}, {os.cpu_count()} cores, ISA {isa}, native bf16: {bf16 or 'none'}")
    print(f"BLAS     {openblas_config()}, {openblas_core()} kernels; torch {torch.__version__}")
    if os.environ.get("LATHE_BENCH_BLAS_ENV"):
        print(f"         this machine sets OPENBLAS_CORETYPE={os.environ['LATHE_BENCH_BLAS_ENV']}, below its ISA; the"
              f" benchmark's processes (references and lathe-cli) run without it and OPENBLAS_L2_SIZE")
    if os.environ.get("LATHE_BENCH_BLAS_FALLBACK"):
        print(f"         OpenBLAS chose {os.environ['LATHE_BENCH_BLAS_FALLBACK']} kernels for this CPU; the references"
              f" run with OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}")
    peaks = {t: gemm_peak(t) for t in threads}
    bf16_peaks = {t: gemm_peak(t, torch.bfloat16) for t in threads} if bf16 else {}
    for t in threads:
        line = f"peak     {t} thread(s): fp32 sgemm {peaks[t] / 1e9:.0f} GFLOP/s"
        if bf16:
            line += f", bf16 gemm {bf16_peaks[t] / 1e9:.0f} GFLOP/s"
        print(line + " (1024^3, best of 20)")
    print(f"steps    {a.warmup} warm-up + {a.steps} timed per configuration; dropout {DROPOUT}, AdamW, clip 1.0"
          + (f"; best of {a.rounds} rounds, Lathe first in odd rounds and last in even ones" if a.rounds > 1 else "")
          + "\n")

    rows = []
    with tempfile.TemporaryDirectory() as work:
        for family in a.families.split(","):
            for t in threads:
                lathe, refs = None, {}
                for r in range(max(1, a.rounds)):
                    # On a shared machine speed drifts within minutes: alternating who runs first and
                    # keeping each side's best round treats both sides alike.
                    order = ["lathe"] + precisions if r % 2 == 0 else precisions[::-1] + ["lathe"]
                    for who in order:
                        if who == "lathe":
                            lathe = best_of(lathe, lathe_run(a.cli, family, t, a.steps, a.warmup, work))
                        else:
                            # Round 0 runs Lathe first: the references take the vocabulary it learned.
                            vocab = FAMILIES[family]["vocab"] or lathe["vocab"] or 64
                            refs[who] = best_of(refs.get(who), run_reference(family, who, t, a.steps, a.warmup,
                                                                             vocab))
                rows.append((family, t, lathe, refs))
                best_train = max(refs, key=lambda k: refs[k]["train"])
                best_infer = max(refs, key=lambda k: refs[k]["infer"])
                flops = 3 * lathe["flops_per_token"]
                peak = max(peaks[t], bf16_peaks.get(t, 0))
                print(f"{family:12s} {t} thr  train  lathe ({lathe['precision']}) {lathe['train']:9,.0f} tok/s"
                      + "".join(f"  {k} {v['train']:9,.0f}" for k, v in refs.items())
                      + f"  ratio {lathe['train'] / refs[best_train]['train']:.2f} vs {best_train}"
                      + (f"  MFU {lathe['train'] * flops / peaks[t]:.1%} of fp32 peak,"
                         f" {lathe['train'] * flops / peak:.1%} of ISA peak" if flops else ""))
                if lathe["infer"] > 0:
                    print(f"{'':12s} {t} thr  infer  lathe {lathe['infer']:9,.0f} tok/s"
                          + "".join(f"  {k} {v['infer']:9,.0f}" for k, v in refs.items())
                          + f"  ratio {lathe['infer'] / refs[best_infer]['infer']:.2f} vs {best_infer}")
                if lathe["step_ms"]:
                    b = lathe["step_ms"]
                    print(f"{'':12s} {t} thr  lathe step (ms): " + ", ".join(
                        f"{k} {b[k]:.1f}" for k in ("data", "forward", "backward", "optimizer", "logging") if k in b))
                sys.stdout.flush()
    print("\n| family | threads | lathe train tok/s | " + " | ".join(f"PyTorch {k}" for k in precisions)
          + " | ratio | lathe infer tok/s | best PyTorch infer | ratio |")
    print("|---|---|---|" + "---|" * len(precisions) + "---|---|---|---|")
    for family, t, lathe, refs in rows:
        bt = max(r["train"] for r in refs.values())
        bi = max(r["infer"] for r in refs.values())
        infer = f"{lathe['infer']:,.0f} | {bi:,.0f} | {lathe['infer'] / bi:.2f}" if lathe["infer"] > 0 else "— | — | —"
        print(f"| {family} | {t} | {lathe['train']:,.0f} | " + " | ".join(f"{refs[k]['train']:,.0f}" for k in precisions)
              + f" | {lathe['train'] / bt:.2f} | {infer} |")


if __name__ == "__main__":
    main()
