# bench/profile.sh -- sourced by run_experiments.sh and scalability.sh:
#   profile NAME DRIVER-ARGS...
# records a CPU profile of one driver run (perf record -e cpu-clock, the
# only events a virtual machine may offer) and writes the symbols above 3%
# of the samples to $data/profile_NAME.txt.  Does nothing where perf cannot
# record.  Needs $drv and $data.
profile() {
  local name=$1; shift
  command -v perf >/dev/null && perf record -q -e cpu-clock -o /dev/null true 2>/dev/null || return 0
  echo "== $(date +%H:%M:%S) profile $name"
  perf record -q -e cpu-clock -o "$data/perf.tmp" "$drv" "$@" >/dev/null 2>&1
  perf report -i "$data/perf.tmp" --no-children --percent-limit 3 --stdio --sort dso,symbol 2>/dev/null |
    grep -E '^ +[0-9]' | sed -E 's/ +- +- *$//; s/ +$//' > "$data/profile_$name.txt"
  rm -f "$data/perf.tmp" "$data/perf.tmp.old"
}
