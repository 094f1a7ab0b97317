#!/usr/bin/env bash
# man_test.sh PAGE INCLUDE_DIR SEMANTICS.md -- the generated libvmemcache(3)
# renders without a warning (groff -ww, and `man --warnings -l` as a user
# would run it) and names every function and statistic the two C headers
# declare and every errno docs/SEMANTICS.md and libvmemcache_ext.h name.
set -euo pipefail
page=$1 include=$2 semantics=$3
warnings=$( { groff -man -Tutf8 -ww -z "$page"; LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" >/dev/null; } 2>&1)
if [ -n "$warnings" ]; then echo "rendering $page warns:"; echo "$warnings"; exit 1; fi
# One very wide line per paragraph: nothing is hyphenated or broken.
text=$(LC_ALL=C.UTF-8 MANWIDTH=5000 man -l "$page")
missing=()
names=$(cat "$include/libvmemcache.h" "$include/libvmemcache_ext.h" |
        grep -oE '\bvmemcache_[a-z_]+ *\(|\bVMEMCACHE_STAT_[A-Z_]+\b' | tr -d ' (' | sort -u)
errnos=$(cat "$semantics" "$include/libvmemcache_ext.h" | grep -oE '\bE(INVAL|[A-Z]{3,})\b' |
         grep -vE '^E(VICT|XISTS?|NTRIES|RRORS?|XTENT)$' | sort -u)
for n in $names; do grep -q -- "$n" <<<"$text" || missing+=("$n"); done
errors=$(sed -n '/^ERRORS/,/^THREADS/p' <<<"$text")
for e in $errnos; do grep -qw -- "$e" <<<"$errors" || missing+=("errno $e"); done
if [ ${#missing[@]} -gt 0 ]; then echo "libvmemcache(3) does not cover: ${missing[*]}"; exit 1; fi
echo "libvmemcache(3) renders cleanly and covers $(wc -w <<<"$names") names and $(wc -w <<<"$errnos") errnos"
