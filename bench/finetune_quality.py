#!/usr/bin/env python3
"""Pretrain, then fine-tune with 100 labels: Lathe's fine-tuned classifiers against the same
classifiers trained from scratch at equal steps (issue 16), with fastText and TF-IDF + logistic
regression on 100 labels beside them.

For each dataset the script makes the split of bench/baseline_quality.py (80% train, 20% test,
seed 7). Each language model (GPT, BERT-style masked LM, LSTM LM) pretrains on the train file's
text (labels unused; the test texts are never seen). A classifier is then fine-tuned from it with
`--base` on 100 labelled examples (`--train-limit 100`, drawn from the train split) with ULMFiT's
recipe (slanted triangular rate, discriminative rates ÷2.6 per layer, gradual unfreezing). The
same classifier and tokenizer train from random weights on the same 100 examples for the same
steps (`--base ID --from-scratch`, the control run linked to the same base). Each side picks its peak rate from {1e-3, 3e-3, 1e-2} by Lathe's
validation accuracy (10% of the train file); the chosen run is scored on the test file with
`lathe-cli eval`. TF-IDF + LR (C by 3-fold CV) and fastText see 100 labelled examples too (mean
over 5 random draws of 100 for TF-IDF + LR, which cannot read Lathe's draw). Last, each
pretrained model is fine-tuned the same way on every label (5 epochs) beside TF-IDF + LR on the
whole train file.

    bench/finetune_quality.py [--cli build/dev/app/lathe-cli] [--datasets sample,fortunes] [--threads 1]
                              [--labels 100] [--pretrain-steps 1500] [--pretrain-patience N] [--steps 120]
                              [--lms gpt,mlm,lstm]

With --pretrain-patience N pretraining evaluates every 100 steps and stops after N evaluations
without a lower validation loss (a small corpus is memorized long before 1,500 steps: fortunes'
GPT reached training loss 0.61 and validation perplexity 9,625 there).
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline_quality as bq  # noqa: E402  (the split, the datasets, TF-IDF + LR and the CPU line)


def run(cli, args):
    out = subprocess.run([cli, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"lathe-cli {' '.join(args)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def train(cli, common, recipe):
    start = time.perf_counter()
    summary = run(cli, ["train", *common, *recipe, "--json", "--quiet"])
    return summary, time.perf_counter() - start


def test_accuracy(cli, db, run_id, test_csv, threads):
    report = run(cli, ["eval", "--run", str(run_id), "--data", test_csv, "--threads", str(threads), "--db", db,
                       "--json"])["report"]
    return report["accuracy"], report["macro"]["f1"]


def best_by_validation(cli, common, recipe, rates):
    """Trains one run per peak rate; returns the one with the best validation accuracy."""
    best = None
    for lr in rates:
        summary, seconds = train(cli, common, [*recipe, "--lr", str(lr)])
        acc = summary["val"].get("accuracy", 0)
        if best is None or acc > best[0]:
            best = (acc, summary["run_id"], lr, seconds)
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default=os.path.join(here, "..", "build", "dev", "app", "lathe-cli"))
    p.add_argument("--datasets", default="sample,fortunes")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--labels", type=int, default=100)
    p.add_argument("--pretrain-steps", type=int, default=1500)
    p.add_argument("--pretrain-patience", type=int, default=0,
                   help="stop pretraining after N evaluations (every 100 steps) without a lower validation loss; "
                        "0: evaluate once, at the end")
    p.add_argument("--steps", type=int, default=120)
    p.add_argument("--lms", default="gpt,mlm,lstm", help="language models to pretrain (gpt, mlm, lstm)")
    args = p.parse_args()
    print(f"CPU: {bq.cpu_model()}; threads {args.threads}; {args.labels} labelled examples; "
          f"pretraining {args.pretrain_steps} steps; fine-tuning and scratch {args.steps} steps")
    rates = [1e-3, 3e-3, 1e-2]
    header = f"{'dataset':9} {'model':34} {'val acc':>7} {'test acc':>8} {'macro-F1':>8} {'lr':>6} {'seconds':>7}"
    for name in args.datasets.split(","):
        rows = bq.sample_rows(here) if name == "sample" else bq.fortune_rows() if name == "fortunes" else None
        if rows is None:
            print(f"{name}: not available (fortunes: apt-get install fortunes)")
            continue
        train_rows, test_rows = bq.split(rows)
        print(f"\n{name}: {len(train_rows)} train texts (pretraining), {len(test_rows)} test texts")
        print(header)
        with tempfile.TemporaryDirectory() as w:
            train_csv, test_csv = os.path.join(w, "train.csv"), os.path.join(w, "test.csv")
            bq.write_csv(train_csv, train_rows)
            bq.write_csv(test_csv, test_rows)
            db = os.path.join(w, "runs.db")
            split = os.path.join(w, "split.json")
            with open(split, "w") as f:
                json.dump({"data": {"validationFraction": 0.1, "testFraction": 0.0}}, f)
            common = ["--config", split, "--data", train_csv, "--threads", str(args.threads), "--db", db]
            few = ["--train-limit", str(args.labels), "--batch-size", "16", "--steps", str(args.steps),
                   "--eval-every", str(args.steps)]

            def report(label, chosen):
                val, run_id, lr, seconds = chosen
                acc, f1 = test_accuracy(args.cli, db, run_id, test_csv, args.threads)
                print(f"{name:9} {label:34} {val:7.4f} {acc:8.4f} {f1:8.4f} {lr:6g} {seconds:7.1f}")
                sys.stdout.flush()
                return acc

            for lm in [x for x in args.lms.split(",") if x]:
                start = time.perf_counter()
                stopping = (["--eval-every", "100", "--patience", str(args.pretrain_patience)]
                            if args.pretrain_patience > 0 else ["--eval-every", str(args.pretrain_steps)])
                pre = run(args.cli, ["train", *common, "--model", lm, "--tokenizer", "word", "--steps",
                                     str(args.pretrain_steps), *stopping, "--lr", "0.002", "--json", "--quiet"])
                print(f"{name:9} {'pretrain ' + lm + ' (' + str(pre['steps']) + ' steps)':34} {'ppl':>7} "
                      f"{pre['val']['perplexity']:8.1f} {'':8} {0.002:6g} {time.perf_counter() - start:7.1f}")
                tuned = best_by_validation(args.cli, common, ["--base", str(pre["run_id"]), *few, "--schedule", "slanted",
                                                              "--layer-lr-decay", "2.6", "--unfreeze-every",
                                                              str(max(1, args.steps // 8))], rates)
                tuned_acc = report(f"{lm} -> fine-tuned (ULMFiT recipe)", tuned)
                # The control: the same classifier and tokenizer from random weights (--from-scratch),
                # the same steps and data; the plain schedule (gradual unfreezing would hold random layers frozen).
                scratch = best_by_validation(args.cli, common, ["--base", str(pre["run_id"]), "--from-scratch", *few], rates)
                scratch_acc = report(f"{lm} -> same classifier, scratch", scratch)
                print(f"{name:9} {'  fine-tuned - scratch':34} {'':7} {tuned_acc - scratch_acc:+8.4f}")
                # Every label: the same recipe for 5 epochs, against TF-IDF + LR on the whole train file.
                full_steps = 5 * max(1, (len(train_rows) * 9 // 10 + 31) // 32)
                full = best_by_validation(args.cli, common, ["--base", str(pre["run_id"]), "--batch-size", "32",
                                                             "--steps", str(full_steps), "--eval-every", str(full_steps),
                                                             "--schedule", "slanted", "--layer-lr-decay", "2.6",
                                                             "--unfreeze-every", str(max(1, full_steps // 8))], rates)
                report(f"{lm} -> fine-tuned, all labels", full)
            ft = best_by_validation(args.cli, common, ["--model", "fasttext", "--tokenizer", "word", "--width", "64",
                                                       "--dropout", "0", *few], [0.05, 0.1])
            report("fastText, scratch", ft)
            accs, f1s = [], []
            for seed in range(5):
                labelled = random.Random(seed).sample(train_rows, args.labels)
                acc, f1, _, _ = bq.tfidf_lr(labelled, test_rows)
                accs.append(acc)
                f1s.append(f1)
            print(f"{name:9} {'TF-IDF + LR (mean of 5 draws)':34} {'':7} {sum(accs) / 5:8.4f} {sum(f1s) / 5:8.4f}")
            acc, f1, _, c = bq.tfidf_lr(train_rows, test_rows)
            print(f"{name:9} {f'TF-IDF + LR, all labels (C={c})':34} {'':7} {acc:8.4f} {f1:8.4f}")


if __name__ == "__main__":
    main()
