#!/usr/bin/python3
"""Search quality of Lathe's samplers against Optuna's, side by side in one run (issue 15).

Branin (2-D) and Hartmann-6, each minimised by Lathe's random, Sobol and TPE samplers
(build/dev/bench/lathe-bench-search) and by Optuna's RandomSampler and TPESampler (Debian's
python3-optuna, its defaults), SEEDS seeds x TRIALS trials each. Reports the simple regret (best
value so far minus the known minimum) by trial count: median and quartiles over seeds; the
trial count at which Lathe's TPE first reaches the median regret random search has at the last
trial; and a one-sided Mann-Whitney U test (alpha 0.10) of "Lathe's TPE is worse than Optuna's"
at 100 and 200 trials. Also the samplers' time per trial.

    bench/search_quality.py [--bench build/dev/bench/lathe-bench-search] [--seeds 20] [--trials 200]
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time

import numpy as np
import optuna
from scipy.stats import mannwhitneyu

MINIMUM = {"branin": 0.39788735772973816, "hartmann6": -3.3223680114155147}
A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def branin(trial):
    x1, x2 = trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = np.array([trial.suggest_float(f"x{i}", 0, 1) for i in range(1, 7)])
    return float(-np.sum(ALPHA * np.exp(-np.sum(A * (x - P) ** 2, axis=1))))


def optuna_runs(function, sampler_name, seeds, trials):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    f = branin if function == "branin" else hartmann6
    runs = []
    for seed in range(seeds):
        sampler = (optuna.samplers.TPESampler(seed=seed) if sampler_name == "tpe"
                   else optuna.samplers.RandomSampler(seed=seed))
        study = optuna.create_study(sampler=sampler)
        t0 = time.perf_counter()
        study.optimize(f, n_trials=trials)
        elapsed = time.perf_counter() - t0
        values = [t.value for t in study.trials]
        runs.append({"best": list(np.minimum.accumulate(values)), "ms_per_trial": 1000 * elapsed / trials})
    return runs


def quartiles(regrets):
    q = np.percentile(regrets, [25, 50, 75])
    return f"{q[1]:.3g} [{q[0]:.3g}, {q[2]:.3g}]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/dev/bench/lathe-bench-search")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--lathe-samplers", default="random,sobol,tpe,gp")
    args = ap.parse_args()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"CPU: {cpu}; Python {platform.python_version()}, Optuna {optuna.__version__}; "
          f"{args.seeds} seeds x {args.trials} trials")
    out = subprocess.run([args.bench, "--seeds", str(args.seeds), "--trials", str(args.trials),
                          "--samplers", args.lathe_samplers], check=True,
                         capture_output=True, text=True).stdout
    runs = {}
    for line in out.splitlines():
        r = json.loads(line)
        runs.setdefault((r["function"], r["sampler"]), []).append(r)
    for function in ("branin", "hartmann6"):
        for s in ("random", "tpe"):
            runs[(function, "optuna-" + s)] = optuna_runs(function, s, args.seeds, args.trials)
    counts = [c for c in (10, 25, 50, 100, 200, args.trials) if c <= args.trials]
    counts = sorted(set(counts))
    for function in ("branin", "hartmann6"):
        print(f"\n{function}: simple regret, median [quartiles] over seeds")
        print("| sampler | " + " | ".join(f"{c} trials" for c in counts) + " | ms/trial |")
        print("|---|" + "---|" * (len(counts) + 1))
        regret = {}
        for name in ["lathe-" + n for n in args.lathe_samplers.split(",")] + ["optuna-random", "optuna-tpe"]:
            rs = runs[(function, name)]
            regret[name] = np.array([[r["best"][c - 1] - MINIMUM[function] for c in counts] for r in rs])
            ms = np.median([r["ms_per_trial"] for r in rs])
            print(f"| {name} | " + " | ".join(quartiles(regret[name][:, i]) for i in range(len(counts)))
                  + f" | {ms:.2f} |")
        # When Lathe's TPE (and GP) reach random search's final median regret.
        target = np.median(regret["lathe-random"][:, -1])
        for sampler in [n for n in ("tpe", "gp") if "lathe-" + n in regret]:
            median = np.median(np.array([[r["best"][n] - MINIMUM[function] for n in range(args.trials)]
                                         for r in runs[(function, "lathe-" + sampler)]]), axis=0)
            reached = next((n + 1 for n, v in enumerate(median) if v <= target), None)
            print(f"Lathe {sampler.upper()} reaches random search's median regret at {args.trials} trials "
                  f"({target:.3g}) at trial {reached}")
        for sampler in [n for n in ("tpe", "gp") if "lathe-" + n in regret]:
            for c in (100, 200):
                if c in counts:
                    i = counts.index(c)
                    p = mannwhitneyu(regret["lathe-" + sampler][:, i], regret["optuna-tpe"][:, i],
                                     alternative="greater").pvalue
                    verdict = "significantly worse" if p < 0.10 else "not significantly worse"
                    print(f"at {c} trials, Lathe {sampler.upper()} vs Optuna TPE: one-sided Mann-Whitney U "
                          f"p = {p:.3f} ({verdict}, alpha 0.10)")

if __name__ == "__main__":
    main()
