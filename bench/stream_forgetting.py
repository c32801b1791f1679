#!/usr/bin/env python3
"""Learning on a growing corpus: the forgetting curve of `lathe-cli train --follow`.

The run starts on 800 rows of the bundled sample (all four topics), then follows its file while
rows of two topics only (computing, cooking) are appended in chunks: a shift in what arrives.
With no replay the classifier drifts towards the new topics and its accuracy on the fixed held-out
split (all four topics) falls from its best: forgetting (backward transfer). Replaying a share of
earlier examples in each batch holds it. Printed per replay share: the curve (step, examples
trained on, held-out accuracy, newest-data accuracy, forgetting) and its worst and last points.

    python3 bench/stream_forgetting.py [--cli build/dev/app/lathe-cli] [--replay 0 0.3 0.6]

No reference tool: no Debian package learns on a growing file; what is compared is Lathe with
and without replay, in the same run of this script.
"""
import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_quality import cpu_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sample_rows(seed):
    with open(os.path.join(ROOT, "resources/sample/topics.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    random.Random(seed).shuffle(rows)
    return rows


def write_rows(path, rows, mode):
    with open(path, mode, newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        if mode == "w":
            w.writerow(["text", "label"])
        for r in rows:
            w.writerow([r["text"], r["label"]])


def follow_run(cli, replay, initial, chunks, chunk_pause, model_args, work):
    data = os.path.join(work, f"stream-{replay}.csv")
    db = os.path.join(work, f"stream-{replay}.db")
    write_rows(data, initial, "w")
    args = [cli, "train", "--data", data, "--db", db, "--follow", "--replay", str(replay), "--follow-idle", "4",
            "--eval-every", "5", "--threads", "1", "--json"] + model_args
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waits = threading.Event()
    err = []

    def read_err():
        for line in p.stderr:
            err.append(line)
            if "waiting for new data" in line:
                waits.set()

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    if not waits.wait(300):
        p.kill()
        sys.exit("the run never got to its stream:\n" + "".join(err))
    for chunk in chunks:
        write_rows(data, chunk, "a")
        time.sleep(chunk_pause)
    out, _ = p.communicate(timeout=600)
    reader.join(5)
    if p.returncode != 0:
        sys.exit(f"lathe-cli failed ({p.returncode}):\n" + "".join(err))
    con = sqlite3.connect(db)

    def series(key):
        return dict(con.execute("SELECT step, value FROM metrics WHERE run_id = 1 AND key = ? ORDER BY step", (key,)))

    acc, newest, forget, seen = (series(k) for k in ("val/accuracy", "stream/newest_accuracy", "stream/forgetting",
                                                     "stream/examples_seen"))
    return [(s, seen.get(s), acc[s], newest.get(s), forget.get(s)) for s in sorted(acc)], out.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/dev/app/lathe-cli"))
    ap.add_argument("--replay", type=float, nargs="+", default=[0.0, 0.3, 0.6])
    ap.add_argument("--chunks", type=int, default=8, help="chunks of 100 shifted rows appended")
    ap.add_argument("--pause", type=float, default=1.5, help="seconds between chunks")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rows = sample_rows(a.seed)
    initial, rest = rows[:800], rows[800:]
    shifted = [r for r in rest if r["label"] in ("computing", "cooking")][: 100 * a.chunks]
    chunks = [shifted[i:i + 100] for i in range(0, len(shifted), 100)]
    model_args = ["--model", "transformer", "--width", "64", "--layers", "1", "--heads", "2", "--ffn", "128",
                  "--max-length", "32", "--epochs", "5", "--lr", "3e-3"]
    print(f"CPU: {cpu_model()}; lathe-cli {a.cli}")
    print(f"stream: 800 starting rows (4 topics), then {len(chunks)} chunks of 100 rows of 2 topics every "
          f"{a.pause:g} s; model: {' '.join(model_args)}")
    with tempfile.TemporaryDirectory() as work:
        for replay in a.replay:
            curve, summary = follow_run(a.cli, replay, initial, chunks, a.pause, model_args, work)
            print(f"\n## replay {replay:g}")
            print("| step | examples trained on | held-out accuracy | newest-data accuracy | forgetting |")
            print("|---|---|---|---|---|")
            for step, seen, acc, newest, forget in curve:
                fmt = lambda v, p=3: "" if v is None else f"{v:.{p}f}"  # noqa: E731
                print(f"| {step} | {'' if seen is None else int(seen)} | {fmt(acc)} | {fmt(newest)} | {fmt(forget)} |")
            worst = max((f for *_, f in curve if f is not None), default=0.0)
            print(f"worst forgetting {worst:.3f}; last held-out accuracy {curve[-1][2]:.3f}; summary {summary}")


if __name__ == "__main__":
    main()
