#!/usr/bin/env python3
"""Loading a large dataset: lathe-cli data against pandas.read_csv, in one run.

Writes a labelled CSV of ROWS rows (default 10 million; 5 classes, 4-14 words of text a row,
about 60 bytes a row), then loads it with each reader in its own process and reports wall
time, peak resident memory (and bytes a row above an empty process), rows/s, and the ratios.
Prints the CPU and ISA first, like every benchmark here.

  /usr/bin/python3 bench/load_dataset.py [--rows N] [--cli build/dev/app/lathe-cli] [--keep]

The file goes to a temporary directory (or --file) and is removed unless --keep.
Reference: pandas.read_csv with its C engine and string columns (python3-pandas), the
strongest reader a notebook user has here; Python's csv module is reported too (--csv-module).
"""
import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

WORDS = ("the oven was hot and the bread rose slowly while rain fell on the striker who scored "
         "late in the match against a team that never gave up its lead until the final whistle "
         "and the market opened lower as traders sold shares of banks before the report").split()
CLASSES = ["cooking", "weather", "sport", "finance", "travel"]


def cpu_header():
    model = "unknown CPU"
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and model == "unknown CPU":
                    model = line.split(":", 1)[1].strip()
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    isa = [f for f in ("amx_bf16", "avx512_bf16", "avx512f", "avx2") if f in flags]
    return f"CPU: {model}, {os.cpu_count()} cores; ISA: {' '.join(isa) or 'baseline x86-64'}"


def write_csv(path, rows, seed=7):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write("text,label\n")
        chunk = []
        for i in range(rows):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
            chunk.append(f"{text},{CLASSES[i % len(CLASSES)]}\n")
            if len(chunk) == 100_000:
                f.write("".join(chunk))
                chunk.clear()
        f.write("".join(chunk))


def measure(argv):
    """Wall seconds and peak RSS (bytes) of one process, measured by a fresh Python parent."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
             "dt = time.perf_counter() - t\n"
             "print(r.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)\n")
    out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True)
    code, seconds, peak = out.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{argv[0]} failed with exit status {code}")
    return float(seconds), int(peak)


PANDAS = ("import sys, pandas as pd\n"
          "df = pd.read_csv(sys.argv[1], engine='c', dtype={'text': str, 'label': 'category'})\n"
          "codes = df['label'].cat.codes\n"
          "print(len(df), len(df['label'].cat.categories))\n")
CSV_MODULE = ("import csv, sys\n"
              "texts, labels = [], []\n"
              "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
              "    r = csv.reader(f); next(r)\n"
              "    for row in r:\n"
              "        texts.append(row[0]); labels.append(row[1])\n"
              "classes = sorted(set(labels)); index = {c: i for i, c in enumerate(classes)}\n"
              "ids = [index[l] for l in labels]\n"
              "print(len(texts), len(classes))\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--cli", default="build/dev/app/lathe-cli")
    ap.add_argument("--file", help="where to write the CSV (default: a temporary directory)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--csv-module", action="store_true", help="also time Python's csv module")
    a = ap.parse_args()
    print(cpu_header())
    tmp = tempfile.mkdtemp(prefix="lathe-load-")
    path = a.file or os.path.join(tmp, f"rows-{a.rows}.csv")
    if os.path.exists(path):
        how = "already there"
    else:
        t = time.perf_counter()
        write_csv(path, a.rows)
        how = f"written in {time.perf_counter() - t:.0f} s"
    size = os.path.getsize(path)
    print(f"file: {a.rows:,} rows, {size / 1e6:.0f} MB ({size / a.rows:.1f} bytes a row), {how}")
    # Idle processes, so each reader's memory is counted above its own interpreter or libraries.
    _, base_rss = measure([sys.executable, "-c", "pass"])
    _, cli_idle = measure([a.cli, "--help"])
    rows = []
    rows.append(("lathe-cli data", *measure([a.cli, "data", "--data", path, "--quiet", "--json"]), cli_idle))
    try:
        import pandas  # noqa: F401
        rows.append(("pandas.read_csv (C engine)", *measure([sys.executable, "-c", PANDAS, path]), base_rss))
    except ImportError:
        print("pandas is not installed (apt-get install python3-pandas): no reference")
    if a.csv_module:
        rows.append(("Python csv module", *measure([sys.executable, "-c", CSV_MODULE, path]), base_rss))
    print("\n| reader | seconds | rows/s | peak RSS | bytes a row above an idle process |")
    print("|---|---|---|---|---|")
    for name, seconds, peak, idle in rows:
        print(f"| {name} | {seconds:.1f} | {a.rows / seconds / 1e6:.2f} M | {peak / 1e6:.0f} MB | "
              f"{(peak - idle) / a.rows:.0f} |")
    if len(rows) > 1:
        ours, ref = rows[0], rows[1]
        print(f"\nlathe-cli / {ref[0]}: {ref[1] / ours[1]:.2f}x the speed, "
              f"{(ours[2] - ours[3]) / max(1, ref[2] - ref[3]):.2f}x the memory")
    if not a.keep and not a.file:
        os.remove(path)
        os.rmdir(tmp)


if __name__ == "__main__":
    main()
