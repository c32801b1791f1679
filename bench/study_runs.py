#!/usr/bin/env python3
"""Studies on a real task, with lathe-cli (issue 15).

Pruning saving: the same random-search study (same seed, so the same sampled settings) run
without a pruner and with each pruner; reports the training steps each spent and the best
validation metric each reached. The goal: a pruner reaches the unpruned best with <= 40% of its
steps.

Worker scaling: the same study with 1 worker (every core, as the default; and on one core) and
with one worker per core, alternated, each configuration --scaling-repeats times; reports trials
per hour (wall clock of the whole `study run`, as a user waits for it), the median of each and the
ratio of the medians. The goal: 2 workers on 2 cores >= 1.7x one.

    bench/study_runs.py [--cli build/dev/app/lathe-cli] [--trials 20] [--steps 300]
                        [--scaling-trials 24] [--scaling-repeats 3] [--pruners median,asha]

Prints the CPU and ISA first (from `lathe-cli system --json`). Each study writes a fresh
database in a temporary directory.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "sample", "topics.csv")

SPACE = {
    "lr": {"type": "float", "low": 1e-5, "high": 3e-2, "log": True},
    "width": {"type": "categorical", "choices": [32, 64, 128]},
    "layers": {"type": "int", "low": 1, "high": 2},
    "dropout": {"type": "float", "low": 0.0, "high": 0.3},
}


def run_study(cli, workdir, name, trials, steps, pruner="none", workers=1, sampler="random", seed=5, threads=0):
    space = os.path.join(workdir, "space.json")
    with open(space, "w") as f:
        json.dump(SPACE, f)
    db = os.path.join(workdir, name + ".db")
    cmd = [cli, "study", "run", "--name", name, "--space", space, "--sampler", sampler, "--pruner", pruner,
           "--trials", str(trials), "--workers", str(workers), "--seed", str(seed), "--metric", "val/accuracy",
           "--data", SAMPLE, "--steps", str(steps), "--eval-every", str(max(1, steps // 10)), "--max-length", "64",
           "--db", db, "--json", "-q"] + (["--threads", str(threads)] if threads else [])
    t0 = time.time()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    seconds = time.time() - t0
    study = json.loads(out.strip().splitlines()[-1])
    return study, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build/dev/app/lathe-cli")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--scaling-trials", type=int, default=24)
    ap.add_argument("--scaling-repeats", type=int, default=3)
    ap.add_argument("--pruners", default="median,asha")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-pruning", action="store_true")
    args = ap.parse_args()
    system = json.loads(subprocess.run([args.cli, "system", "--json"], check=True, capture_output=True,
                                       text=True).stdout.strip().splitlines()[-1])
    print(f"CPU: {system.get('cpu', '?')}; ISA {system.get('isa_active', '?')}; "
          f"cores {os.cpu_count()}")
    print(f"{args.trials} trials x {args.steps} steps, random search (seed 5) over {json.dumps(SPACE)}")

    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_pruning:
            pruning(args, tmp)
        if not args.skip_scaling:
            scaling(args, tmp)


def pruning(args, tmp):
    if True:
        base, base_s = run_study(args.cli, tmp, "none", args.trials, args.steps)
        base_steps = sum(t["steps"] for t in base["trials"])
        best = base["best"]["value"]
        print("\nPruning (the same sampled settings in every row)")
        print("| pruner | steps trained | share of unpruned | pruned trials | best val/accuracy | best trial | seconds |")
        print("|---|---|---|---|---|---|---|")
        print(f"| none | {base_steps} | 100% | 0 | {best:.4f} | {base['best']['number']} | {base_s:.1f} |")
        for pruner in [p for p in args.pruners.split(",") if p]:
            study, s = run_study(args.cli, tmp, pruner, args.trials, args.steps, pruner=pruner)
            steps = sum(t["steps"] for t in study["trials"])
            pruned = sum(t["state"] == "pruned" for t in study["trials"])
            print(f"| {pruner} | {steps} | {100 * steps / base_steps:.1f}% | {pruned} | "
                  f"{study['best']['value']:.4f} | {study['best']['number']} | {s:.1f} |")
            same = study["best"]["value"] >= best - 1e-9
            print(f"  {pruner}: {'reaches' if same else 'does not reach'} the unpruned best "
                  f"with {100 * steps / base_steps:.1f}% of its steps (goal: <= 40%)")



def scaling(args, tmp):
    cores = os.cpu_count() or 1
    print(f"\nWorkers ({args.scaling_trials} trials x {args.steps} steps, no pruner; configurations alternated, "
          f"{args.scaling_repeats} runs each)")
    configs = [(1, 0), (1, 1), (cores, 0)]  # (workers, threads per worker; 0: the cores shared out)
    rates = {c: [] for c in configs}
    for rep in range(args.scaling_repeats):
        for w, th in configs:
            _, s = run_study(args.cli, tmp, f"w{w}-t{th}-{rep}", args.scaling_trials, args.steps, workers=w,
                             threads=th)
            rates[(w, th)].append(args.scaling_trials / s * 3600)
    median = {c: statistics.median(r) for c, r in rates.items()}
    print("| workers | threads each | trials per hour (runs) | median |")
    print("|---|---|---|---|")
    for w, th in configs:
        print(f"| {w} | {th or max(1, cores // w)} | {', '.join(f'{r:.0f}' for r in rates[(w, th)])} | "
              f"{median[(w, th)]:.0f} |")
    pairs = [b / a for a, b in zip(rates[(1, 0)], rates[(cores, 0)])]
    print(f"{cores} workers / 1 worker with every core: {median[(cores, 0)] / median[(1, 0)]:.2f}x "
          f"(run by run: {', '.join(f'{p:.2f}' for p in pairs)}; goal: >= 1.7x on 2 cores); "
          f"/ 1 worker on one core: {median[(cores, 0)] / median[(1, 1)]:.2f}x")


if __name__ == "__main__":
    main()
