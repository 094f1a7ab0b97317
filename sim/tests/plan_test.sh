#!/usr/bin/env bash
# plan_test.sh VMC_SIM -- a sweep planned with `vmc-sim plan`, its jobs run
# by xargs -P 2, and the results joined by `vmc-sim merge` equal a single
# vmc-sim run cell for cell (every column but the timing-dependent
# throughput and memory ones); a missing result is named with its rerun.
set -euo pipefail
sim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN { srand(7); for (i = 0; i < 30000; i++) print int(rand() * rand() * 4000) }' >"$tmp/t.txt"
sweep=("$tmp/t.txt" txt lru,s3fifo,arc,wtinylfu,lhd 0.01,0.1,500 --seed 3)
"$sim" plan --dir "$tmp/plan" --slurm=--time=0:10:00 "${sweep[@]}" >/dev/null
test "$(wc -l <"$tmp/plan/jobs.txt")" -eq 15
grep -q -- '^#SBATCH --array=1-15$' "$tmp/plan/run.sbatch"
grep -q -- '^#SBATCH --time=0:10:00$' "$tmp/plan/run.sbatch"
xargs -d '\n' -n 1 -P 2 sh -c <"$tmp/plan/jobs.txt"
"$sim" merge "$tmp/plan" --csv "$tmp/merged.csv" -q
"$sim" "${sweep[@]}" -j 2 -q --no-progress --csv "$tmp/single.csv"
cut -d, -f1-10,13 "$tmp/merged.csv" >"$tmp/a"
cut -d, -f1-10,13 "$tmp/single.csv" >"$tmp/b"
test "$(wc -l <"$tmp/a")" -eq 16
diff "$tmp/a" "$tmp/b"
rm "$tmp/plan/results/job-000007.json"
if "$sim" merge "$tmp/plan" -q 2>"$tmp/err"; then exit 1; fi
grep -q "no result for jobs 7 (rerun those lines of jobs.txt" "$tmp/err"
echo "plan: 15 jobs through xargs -P 2 merged equal to the single run"
