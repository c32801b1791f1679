#!/bin/sh
# Runs every libFuzzer target of the parsers for SECONDS each (default 60), seeded from the test
# fixtures and the bundled samples, keeping each target's corpus under build/fuzz/corpus/.
#   scripts/fuzz.sh [seconds]
# Builds the fuzz preset first (clang). A crash leaves its input as build/fuzz/crash-*; make it a
# test, fix the parser, and run again. Exit status: 0 when every target ran clean.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
out=build/fuzz
status=0
# Each target writes every input to a file under TMPDIR: on a disk the folder and store targets
# spent ~40% of their time in the kernel; on tmpfs they fuzz at full speed.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi
# Seeds: the bundled samples, and one small valid input of each other kind.
corpus() { mkdir -p "$out/corpus/$1"; echo "$out/corpus/$1"; }
cp resources/sample/topics.csv "$(corpus delimited)/topics.csv"
printf '\000' | cat - resources/sample/topics.csv > "$(corpus delimited)/topics-flags.csv"
head -c 20000 resources/sample/stories.txt > "$(corpus text)/stories.txt"
printf '\001{"text": "the oven was hot", "label": "cooking"}\n{"text": "rain all day", "label": "weather"}\n' \
    > "$(corpus jsonl)/two.jsonl"
printf 'the 0.1 0.2 0.3\noven -0.5 0.25 1e-3\n' > "$(corpus wordvectors)/glove.txt"
printf '2 3\nthe 0.1 0.2 0.3\noven -0.5 0.25 1e-3\n' > "$(corpus wordvectors)/word2vec.txt"
printf '{"model": {"family": "transformer", "width": 64, "layers": 2, "heads": 2}, "train": {"steps": 10, "lr": 0.001}}' \
    > "$(corpus runconfig)/config.json"
printf '{"kind": "char", "vocabulary": ["<pad>", "<unk>", "<bos>", "<eos>", "a", "b"]}' > "$(corpus tokenizer)/char.json"
printf '\005cooking\040the oven was hot\005sport\040the striker scores' > "$(corpus folder)/two-labels"
corpus store >/dev/null
# A real checkpoint of a tiny model, written by the dev build's lathe-cli when there is one.
cli=build/dev/app/lathe-cli
if [ -x "$cli" ] && [ ! -e "$out/corpus/checkpoint/tiny.pt" ]; then
    seeddir=$(mktemp -d)
    if "$cli" train --db "$seeddir/seed.db" --data resources/sample/topics.csv --width 8 --layers 1 \
        --steps 1 --eval-every 1 --threads 1 >/dev/null 2>&1; then
        find "$seeddir" -name checkpoint.pt -exec cp {} "$(corpus checkpoint)/tiny.pt" \;
    fi
    rm -rf "$seeddir"
fi
corpus checkpoint >/dev/null
for target in delimited jsonl text folder wordvectors runconfig tokenizer store checkpoint; do
    echo "== fuzz_$target, $seconds s"
    if ! "$out/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$out/crash-$target-" "$out/corpus/$target" 2>"$out/fuzz_$target.log"; then
        echo "fuzz_$target FOUND A PROBLEM: see $out/fuzz_$target.log"
        status=1
    fi
    grep -E "^Done|#[0-9]+ *DONE" "$out/fuzz_$target.log" | tail -1 || true
done
exit $status
