#!/usr/bin/env bash
# make_seeds.sh [DIR] -- writes the hand-made seed programs of the C API
# fuzz target (engine/fuzz/corpus/ by default).  The byte format is
# Driver::decode_* in fuzz_decode.cc; each helper below emits one call or
# argument, with its meaning in the name, so a seed reads as a program.
# The committed corpus is these seeds; re-run after a format change.
set -euo pipefail
dir=${1:-$(dirname "$0")/corpus}
mkdir -p "$dir"

b() { for x in "$@"; do printf "\\x$(printf %02x "$x")"; done; }

# --- arguments ---------------------------------------------------------------
# Keys: table keys 0..7 are "", "a", "b", "k3", "k\0004", 64 x's, 65 y's, 300 L's.
key() { b "$1"; }
key_null() { b 8 1 5; }               # NULL with key_size 5
key_huge() { b 9 0 0; }               # the 1 MiB key
key_raw() { b 10 "$#"; b "$@"; }      # these bytes
key_over() { b 11 0; }                # key_size 2^24 with 3 real bytes
# Values: a slice of the 4 MiB source; offset chooser 2 bytes.
val_small() { b 3 "$1" 1 0; }         # $1 bytes (< 256)
val_empty() { b 0 7 0; }
val_null0() { b 1; }                  # NULL, size 0 (valid)
val_nullsz() { b 2 9; }               # NULL with a size
val_ext() { b 4 "$1" 3 0; }           # 128 + $1 bytes: around one extent
val_u16() { b 5 "$1" "$2" 5 0; }      # $1 + 256 * $2 bytes
val_third() { b 6 0 0 9 0; }          # a third of a 1 MiB pool
val_pool() { b 7 0 0 2 0; }           # 1 MiB
val_over() { b 8 0 1 0; }             # 2 MiB + 1: larger than any pool
val_lie() { b 10; }                   # size SIZE_MAX, 16 real bytes (top level only)
# get arguments: buffer mode (| 128: NULL vsize), offset choice.
get_all() { b 4 0; }                  # a buffer for any value, offset 0
get_small() { b 2 "$1" 0; }           # bufsize $1
get_off() { b 4 "$1"; }               # offset choice $1: 4:1 5:255 6:256 7:4096 8:1MiB 10:SIZE_MAX
get_nullbuf() { b 0 1 0; }            # NULL buffer, bufsize SIZE_MAX
get_max() { b 3 0; }                  # bufsize SIZE_MAX
get_nullvsize() { b 132 0; }

# --- calls -------------------------------------------------------------------
setup() { b "$@"; }                   # which(bits: 1 size 2 extent 4 policy 8 path), size, extent, policy[, path]
put() { b 0; }
get() { b 6; }
exists() { b 11; }
evict() { b 13 1; }                   # evict(key)
evict_null() { b 13 0 1; }            # evict(NULL)
insert() { b 16; }
visit() { b 18; }                     # then key, NULL-fn chooser, visit script
handle_get() { b 20; }                # then key, slot
handle_release() { b 21 "$1"; }       # slot, 4: all
stat() { b 22 "$1" 1 1; }             # statistic $1 - 1
callbacks() { b 24 "$1" "$2"; }       # evict kind (0 none 1 plain 2 sized), miss (0 on 1 off); then 2 scripts
setter() { b 26 "$@"; }
add() { b 27 "$1"; }
bench() { b 28 "$1" "$2"; }           # config + 1, val
null_cache() { b 29 "$1" 1; }         # function $1 with key "a"
shared_writes() { b 30 "$1"; }
# Scripts: the number of actions, then each action.  Key choices: 0 the
# callback's key, 3 the key of the get whose on_miss runs, 4 + 8 * T table
# key T.
script() { b "$1"; }
a_exists() { b 0 "$1"; }
a_get() { b 1 "$1" 1; }               # into a buffer for any value
a_put() { b 2 "$1"; }                 # then a value
a_insert() { b 3 "$1"; }              # then a value
a_evict() { b 4 "$1"; }
a_evict_null() { b 5 0; }
a_visit() { b 6 "$1"; }
a_handle() { b 7 "$1"; }              # got and released at once
a_stat() { b 8 0 "$1"; }
a_rewrite() { b 9 0; }                # rewrites the top-level call's key buffer
a_throw() { b 10 0; }

# A 1 MiB pool of 256-byte extents, LRU, in the pool directory.
default() { setup 0 0 0 0; }
# 64 KiB extents: 16 per pool, eviction on every few puts.
coarse() { setup 2 0 4 0; }

{ default
  put; key 1; val_small 100
  put; key 2; val_ext 200
  put; key 0; val_empty
  get; key 1; get_all
  get; key 2; get_off 5
  get; key 0; get_small 3
  exists; key 1; b 0
  evict; key 1
  get; key 1; get_all
  stat 1; stat 7; stat 8; stat 9
} > "$dir/basic"

{ coarse
  callbacks 1 0
  script 4; a_get 0; a_exists 0; a_put 3; val_small 10; a_rewrite
  script 4; a_put 0; val_ext 100; a_get 0; a_put 28; val_small 20; a_evict 0
  for k in 1 2 3 4 5 6 7; do put; key $k; val_u16 0 160; done
  get; key 1; get_all
  get; key 2; get_all
  put; key 3; val_third
} > "$dir/reentrant"

{ coarse
  callbacks 2 0
  script 3; a_exists 0; a_throw; a_get 0
  script 2; a_insert 3; val_small 30; a_throw
  for k in 1 2 3 4 5; do put; key $k; val_u16 0 200; done
  get; key 6; get_all
  get; key 7; get_all
} > "$dir/throwing"

{ coarse
  callbacks 1 1
  script 4; a_evict_null; a_handle 0; a_visit 0; a_stat 5
  script 0
  for k in 1 2 3 4 5 6 7 0; do put; key $k; val_u16 0 240; done
  evict_null
} > "$dir/evict_in_evict"

{ default
  for k in 1 2 3 4 5 6; do put; key $k; val_u16 0 1; done
  evict; key 2; evict; key 4
  put; key 7; val_u16 0 2
  visit; key 7; b 1; script 3; a_get 0; a_put 12; val_small 5; a_evict 0
  handle_get; key 1; b 0
  handle_get; key 7; b 1
  insert; key 7; val_u16 0 3
  insert; key 1; val_small 9
  get; key 7; get_all
  handle_release 4
  evict_null
} > "$dir/zero_copy"

{ default
  put; key_null; val_small 4
  put; key 1; val_nullsz
  put; key 1; val_null0
  put; key_over; val_small 4
  put; key 2; val_lie
  put; key 2; val_over
  put; key_huge; val_small 10
  get; key_huge; get_max
  get; key 1; get_nullbuf
  get; key 1; get_off 10
  get; key 1; get_nullvsize
  get; key_raw 0 255 0; get_all
  exists; key_over; b 1
  stat 0; stat 10; stat 12
  setter 0 0; setter 1 0; setter 2 1; setter 3 1
  add 7
  bench 4 1; bench 7 1
  for f in 0 4 5 8 9 10 11 13 14 17; do null_cache $f; done
  shared_writes 0; shared_writes 1
  insert; key 2; val_pool
  get; key 2; get_all
} > "$dir/hostile"

{ setup 15 4 7 1 1
  put; key 1; val_small 1
  add 7
  setter 1 0; setter 0 1
  add 7
  put; key 1; val_small 1
  get; key 1; get_all
} > "$dir/setup_errors"

{ setup 4 0 0 0
  for k in 1 2 3 4 5 6 7 0; do put; key $k; val_third; done
  evict_null
  put; key 1; val_pool
} > "$dir/policy_none"
echo "seeds written to $dir: $(ls "$dir" | wc -l)"
