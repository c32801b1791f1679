#!/usr/bin/python3
"""Training throughput of lathe-cli against an equivalent PyTorch script, in one run.

Both train the same Transformer classifier (vocabulary 8000, width 128, 4 heads, 2 layers,
feed-forward 512, sequence 128, batch 32, AdamW, dropout 0.1, gradient clipping 1.0) with the
same thread count. Throughput is taken after warm-up: for lathe-cli from the wall-clock times
of its logged steps (so its own per-step overhead counts), for PyTorch from a timed loop.
An sgemm peak measured in the same run gives model FLOP utilisation (MFU).

    bench/train_throughput.py [--cli build/dev/app/lathe-cli] [--threads 2] [--steps 80]
"""
import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, WIDTH, HEADS, LAYERS, FFN, SEQ, BATCH, CLASSES = 8000, 128, 4, 2, 512, 128, 32, 4


def make_dataset(path, examples, seed=7):
    """Texts of 200 distinct-ish words from a 9000-word lexicon: every sequence fills all 128
    positions (no padding) and the word vocabulary hits the 8000 cap."""
    rng = random.Random(seed)
    lexicon = [f"w{i}" for i in range(9000)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for i in range(examples):
            label = i % CLASSES
            w.writerow([" ".join(rng.choice(lexicon) for _ in range(200)), f"c{label}"])


def training_flops_per_token():
    """Matmul FLOPs per token for forward + backward (3x forward): the linear layers plus
    attention scores and their weighted sum. Embeddings, norms and the head are left out."""
    linear = LAYERS * (4 * WIDTH * WIDTH + 2 * WIDTH * FFN)
    attention = LAYERS * 2 * SEQ * WIDTH
    return 3 * 2 * (linear + attention)


def sgemm_peak(threads, n=1024, repeats=20):
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        torch.mm(a, b)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    return 2 * n ** 3 / best


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(WIDTH), nn.LayerNorm(WIDTH)
        self.qkv, self.out = nn.Linear(WIDTH, 3 * WIDTH), nn.Linear(WIDTH, WIDTH)
        self.up, self.down = nn.Linear(WIDTH, FFN), nn.Linear(FFN, WIDTH)
        self.drop = nn.Dropout(0.1)

    def attention(self, x, pad):
        B, T, D = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, HEADS, D // HEADS).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) / (D // HEADS) ** 0.5
        scores = scores.masked_fill(pad.view(B, 1, 1, T), float("-inf"))
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(B, T, D)
        return self.out(ctx)

    def forward(self, x, pad):
        h = x + self.drop(self.attention(self.ln1(x), pad))
        return h + self.drop(self.down(F.gelu(self.up(self.ln2(h)))))


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(VOCAB, WIDTH), nn.Embedding(SEQ, WIDTH)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm, self.head = nn.LayerNorm(WIDTH), nn.Linear(WIDTH, CLASSES)

    def forward(self, ids):
        pad = ids.eq(0)
        x = self.tokens(ids) + self.positions(torch.arange(ids.size(1))).unsqueeze(0)
        for b in self.blocks:
            x = b(x, pad)
        x = self.norm(x)
        keep = (~pad).unsqueeze(-1).float()
        return self.head((x * keep).sum(1) / keep.sum(1).clamp_min(1))


def pytorch_tokens_per_s(threads, steps, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Classifier()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    batches = [(torch.randint(4, VOCAB, (BATCH, SEQ)), torch.randint(0, CLASSES, (BATCH,))) for _ in range(16)]
    model.train()
    t0 = None
    for step in range(warmup + steps):
        if step == warmup:
            t0 = time.perf_counter()
        ids, labels = batches[step % len(batches)]
        opt.zero_grad()
        loss = F.cross_entropy(model(ids), labels)
        loss.item()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    return steps * BATCH * SEQ / (time.perf_counter() - t0), sum(p.numel() for p in model.parameters())


def lathe_tokens_per_s(cli, threads, steps, warmup, workdir):
    data = os.path.join(workdir, "bench.csv")
    make_dataset(data, examples=(steps + warmup + 10) * BATCH * 10 // 8)
    db = os.path.join(workdir, "bench.db")
    cmd = [cli, "train", "--data", data, "--model", "transformer", "--tokenizer", "word",
           "--vocab-size", str(VOCAB), "--width", str(WIDTH), "--heads", str(HEADS), "--layers", str(LAYERS),
           "--ffn", str(FFN), "--max-length", str(SEQ), "--batch-size", str(BATCH), "--optimizer", "adamw",
           "--lr", "1e-3", "--steps", str(warmup + steps), "--eval-every", str(10 * (warmup + steps)),
           "--threads", str(threads), "--db", db, "--json", "--quiet"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    metrics = subprocess.run([cli, "export", "metrics", "--run", str(summary["run_id"]), "--db", db],
                             check=True, capture_output=True, text=True).stdout
    wall = {int(r["step"]): float(r["wall_time"]) for r in csv.DictReader(io.StringIO(metrics))
            if r["key"] == "train/loss"}
    last = warmup + steps
    return steps * BATCH * SEQ / (wall[last] - wall[warmup]), summary["params"], summary["tokens_per_s"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", default=os.path.join(here, "..", "build", "dev", "app", "lathe-cli"))
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--steps", type=int, default=80, help="timed steps (after warm-up)")
    p.add_argument("--warmup", type=int, default=10)
    a = p.parse_args()
    if not os.access(a.cli, os.X_OK):
        sys.exit(f"train_throughput: {a.cli} is not built; run scripts/test.sh or pass --cli")

    peak = sgemm_peak(a.threads)
    with tempfile.TemporaryDirectory() as work:
        lathe, lathe_params, lathe_whole_run = lathe_tokens_per_s(a.cli, a.threads, a.steps, a.warmup, work)
    ref, ref_params = pytorch_tokens_per_s(a.threads, a.steps, a.warmup)
    peak_after = sgemm_peak(a.threads)
    flops = training_flops_per_token()

    print(f"threads {a.threads}, torch {torch.__version__}, {a.warmup} warm-up + {a.steps} timed steps "
          f"of {BATCH}x{SEQ} tokens")
    print(f"parameters          lathe {lathe_params:,}   pytorch {ref_params:,}")
    print(f"sgemm peak          {peak / 1e9:.1f} GFLOP/s before, {peak_after / 1e9:.1f} after (1024^3, best of 20)")
    print(f"model FLOPs/token   {flops / 1e6:.2f} MFLOP (training, matmuls only)")
    print(f"lathe-cli           {lathe:,.0f} tokens/s   MFU {lathe * flops / max(peak, peak_after):.1%}"
          f"   (whole run incl. warm-up: {lathe_whole_run:,.0f} tokens/s)")
    print(f"pytorch (python)    {ref:,.0f} tokens/s   MFU {ref * flops / max(peak, peak_after):.1%}")
    print(f"ratio lathe/pytorch {lathe / ref:.2f}")


if __name__ == "__main__":
    main()
