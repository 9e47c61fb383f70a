#!/usr/bin/env bash
# bench/run.sh - front-end throughput and scaling: parse + type-check (`ptoc check`) and
# parse + print (`ptoc print`) on synthetic programs growing by 4x, as lines per second and as
# the ratio of each time to the previous size's (about 4.0 means linear); the whole Default
# pipeline on the same programs; the CPU runtime's time per 1,000 tasks by worker count. Times are
# the best of three runs. Not a test: numbers, for people.
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${PTOC_BIN_DIR:-build}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ptoc-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

best_of_3() { # prints seconds of the fastest of three runs of "$@"
    local best=
    for _ in 1 2 3; do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null
        t1=$(date +%s%N)
        local dt=$((t1 - t0))
        if [[ -z $best || $dt -lt $best ]]; then best=$dt; fi
    done
    echo "$best"
}

printf '%-22s %9s %12s %12s %8s %12s %8s\n' program lines check_ms check_l/s ratio print_ms ratio
prev_c= prev_p=
for size in "16 50" "64 50" "256 50" "1024 50" "4096 50"; do
    set -- $size
    f=$TMP/bench_$1x$2.py
    "$BIN/bench_gen" "$1" "$2" >"$f"
    lines=$(wc -l <"$f")
    c=$(best_of_3 "$BIN/ptoc" check "$f")
    p=$(best_of_3 "$BIN/ptoc" print "$f")
    rc=-; rp=-
    if [[ -n $prev_c ]]; then
        rc=$(awk -v a="$c" -v b="$prev_c" 'BEGIN{printf "%.2f", a/b}')
        rp=$(awk -v a="$p" -v b="$prev_p" 'BEGIN{printf "%.2f", a/b}')
    fi
    printf '%-22s %9d %12.1f %12.0f %8s %12.1f %8s\n' "$1 kernels x $2 stmts" "$lines" \
        "$(awk -v t="$c" 'BEGIN{print t/1e6}')" "$(awk -v t="$c" -v l="$lines" 'BEGIN{print l/(t/1e9)}')" "$rc" \
        "$(awk -v t="$p" 'BEGIN{print t/1e6}')" "$rp"
    prev_c=$c prev_p=$p
done

# The whole Default pipeline (verification after every pass, no dumps) on the same programs.
echo
printf '%-22s %9s %12s %8s   %s\n' program lines compile_ms ratio "slowest passes (ms)"
prev=
for k in 16 64 256 1024; do
    f=$TMP/bench_${k}x50.py
    lines=$(wc -l <"$f")
    t=$(best_of_3 "$BIN/ptoc" compile "$f" --backend none --no-dump-passes --reproducible -o "$TMP/out")
    "$BIN/ptoc" compile "$f" --backend none --no-dump-passes -o "$TMP/out" >/dev/null
    top=$(tr '{' '\n' <"$TMP/out/report/passes.json" | sed -n 's/.*"pass": "\([A-Za-z]*\)", "wall_ms": \([0-9.]*\).*/\2 \1/p' |
        sort -rn | head -3 | awk '{printf "%s %.0f  ", $2, $1}')
    r=-
    [[ -n $prev ]] && r=$(awk -v a="$t" -v b="$prev" 'BEGIN{printf "%.2f", a/b}')
    printf '%-22s %9d %12.1f %8s   %s\n' "$k kernels x 50 stmts" "$lines" "$(awk -v t="$t" 'BEGIN{print t/1e6}')" "$r" "$top"
    prev=$t
done

# The CPU runtime (`ptoc run --backend cce`): milliseconds to run 1,000 tasks (after building and
# loading the tree, which is cached), independent or chained, by worker count (vector,cube): the
# same number is microseconds per task. Best of three.
if command -v "${CXX:-g++}" >/dev/null 2>&1; then
    echo
    printf '%-24s %8s %18s\n' program workers run_ms_per_1000
    export PTOC_CACHE_DIR=$TMP/cce-cache
    for f in tests/run/loop_independent.py tests/run/loop_chain.py; do
        for w in 1,1 2,1 4,1; do
            best=
            for _ in 1 2 3; do
                # PTOC_RUN_VERBOSE prints cumulative milliseconds: loaded, then ran
                ms=$(PTOC_RUN_VERBOSE=1 "$BIN/ptoc" run "$f" --backend cce --workers "$w" 2>&1 >/dev/null |
                    awk '/loaded:/ {l=$4} /ran:/ {r=$4} END {printf "%.1f", r - l}')
                if [[ -z $best ]] || awk -v a="$ms" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$ms; fi
            done
            printf '%-24s %8s %18s\n' "${f#tests/run/}" "$w" "$best"
        done
    done
fi

# The interpreter's scalar code (`ptoc run`): nanoseconds per iteration of a 1,000,000-iteration
# loop that sums and branches on integers, in SSA form (sum_of_multiples of
# examples/control_flow.py: a for loop with carried values) and not (a while loop of plain
# assignments). The time of 0 iterations (parsing, checking) is taken off. Best of three.
echo
printf '%-24s %12s\n' program ns_per_iter
cat >"$TMP/scalar_loop.py" <<'PY'
import pypto.language as pl


@pl.program
class ScalarLoop:
    @pl.function
    def sum_while(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s = 0
        i = 0
        while i < n:
            if i % 3 == 0 or i % 5 == 0:
                s = s + i
            i = i + 1
        return s
PY
for run in "examples/control_flow.py sum_of_multiples limit" "$TMP/scalar_loop.py sum_while n"; do
    set -- $run
    t0=$(best_of_3 "$BIN/ptoc" run "$1" --entry "$2" --set "$3=0")
    t=$(best_of_3 "$BIN/ptoc" run "$1" --entry "$2" --set "$3=1000000")
    printf '%-24s %12.0f\n' "$2" "$(awk -v t="$t" -v z="$t0" 'BEGIN{print (t - z) / 1e6}')"
done
