// cli_options.cc -- every vmc-sim option, declared once (CLI11).  The
// libCacheSim names (cachesim's) are accepted beside ours: -t
// (--trace-type-params), -e (--eviction-params), --ignore-obj-size,
// -n (--num-req), --num-thread, --warmup-sec, -o (--output).
#include <CLI/CLI.hpp>

#include <thread>

#include "cli.h"

namespace vmc::sim::cli {
namespace {

void add_trace_options(CLI::App& app, Options& o) {
  app.add_option("trace", o.trace, "Trace file (may be zstd-compressed); none: a synthetic trace");
  app.add_option(
      "type", o.type,
      "Trace format: oracleGeneral, lcs, vscsi, twr, twrbin, csv, txt, auto (case-insensitive)");
  app.add_option("algos", o.algos,
                 "Policies, comma-separated, case-insensitive (LRU,S3FIFO,WTinyLFU; 'all')");
  app.add_option("sizes", o.sizes,
                 "Cache sizes, comma-separated (0.01, 5%, 4096, 64MB, 1GiB, 1000obj, auto)");
  app.add_option("--trace", o.trace_opt, "The trace, as an option");
  app.add_option("--format", o.format_opt,
                 "The trace format, as an option (default: by the file's name)");
  app.add_option(
      "-t,--trace-type-params", o.trace_params,
      "libCacheSim's reader parameters: \"obj-id-col=5,obj-size-col=4,time-col=2,delimiter=,,"
      "has-header=true,obj-id-is-num=true\"");
  app.add_option("--csv-id-col", o.csv.id_col, "CSV: 1-based column of the object id")
      ->capture_default_str();
  app.add_option("--csv-size-col", o.csv.size_col,
                 "CSV: 1-based column of the size (0: every size 1)")
      ->capture_default_str();
  app.add_option("--csv-time-col", o.csv.time_col,
                 "CSV: 1-based column of the time in seconds (0: none)")
      ->capture_default_str();
  auto* delim = app.add_option_function<std::string>(
      "--csv-delim",
      [&o](const std::string& d) {
        if (d != "tab" && d.size() != 1)
          throw CLI::ValidationError("--csv-delim",
                                     "give one character, or 'tab' (got '" + d + "')");
        o.csv.delim = d == "tab" ? '\t' : d[0];
      },
      "CSV: field delimiter, one character or 'tab'");
  delim->default_str(",");
  app.add_flag("--csv-header", o.csv.header, "CSV: skip the first line (a header)");
  app.add_flag("--csv-hash-ids", o.csv.hash_ids, "CSV: ids are strings; use their XXH3-64 hash");
  app.add_flag("--text-hash-ids", o.text_hash_ids, "txt: ids are strings; use their XXH3-64 hash");
  app.add_option("-n,--num-req,--max-requests", o.num_req,
                 "Replay at most this many requests (-1: all)")
      ->capture_default_str();
}

void add_synthetic_options(CLI::App& app, Options& o) {
  app.add_option("--synth", o.synth_kind, "Synthetic popularity: zipf | uniform | scan | loop")
      ->capture_default_str();
  app.add_option("--synth-requests", o.synth.requests, "Synthetic: number of requests")
      ->capture_default_str();
  app.add_option("--synth-objects", o.synth.objects, "Synthetic: distinct objects (loop length)")
      ->capture_default_str();
  app.add_option("--zipf-alpha", o.synth.alpha, "Synthetic: Zipf exponent")->capture_default_str();
  app.add_option("--synth-size", o.synth_size,
                 "Synthetic sizes: fixed:N | uniform:MIN:MAX (bytes, per object)")
      ->capture_default_str();
}

void add_policy_options(CLI::App& app, Options& o) {
  app.add_option("-p,--policies", o.policies_opt,
                 "Policies, as an option ('all': every registered one; default: all but the "
                 "reference models and "
                 "the engine)");
  app.add_option("-s,--sizes", o.sizes_opt,
                 "Cache sizes, as an option (default 0.01,0.05,0.1,0.2)");
  app.add_option("-e,--eviction-params", o.eviction_params,
                 "Parameters for every policy, libCacheSim style: \"small-size-ratio=0.2\"");
  app.add_option("--params", o.params,
                 "Parameters of one policy: POLICY=key:value,key:value (repeatable), e.g. "
                 "s3fifo=small:0.1,move:2; "
                 "see --list-policies and vmc-sim(1)");
  app.add_option("--seed", o.seed, "Seed of the randomised policies and of synthetic traces")
      ->capture_default_str();
  app.add_flag("--list-policies", o.list,
               "List the registered policies and their parameters, and exit");
}

void add_replay_options(CLI::App& app, Options& o) {
  app.add_flag("--ignore-size", o.ignore_size, "Every object has size 1; capacities count objects");
  app.add_option("--ignore-obj-size", o.ignore_obj_size,
                 "libCacheSim's form of --ignore-size: true/false, 1/0")
      ->expected(0, 1)
      ->default_str("true");
  app.add_option("--size-rule", o.size_rule,
                 "request: a miss inserts with its request's size (libCacheSim); first: every "
                 "request of an object "
                 "has its first size")
      ->capture_default_str();
  app.add_option("--warmup", o.warmup,
                 "Requests replayed but not counted: a count, or a fraction (< 1) of the trace")
      ->capture_default_str();
  app.add_option(
         "--warmup-sec", o.warmup_sec,
         "Warm up by time: requests at most this many seconds after the first are not counted")
      ->check(CLI::NonNegativeNumber);
  o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  app.add_option("-j,--threads,--num-thread", o.threads,
                 "Worker threads over the (policy, size) pairs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--engine-dir", o.engine_dir, "engine: directory for the pool file")
      ->capture_default_str();
  app.add_option("--engine-extent", o.engine_extent, "engine: extent size in bytes (>= 256)")
      ->capture_default_str();
  app.add_flag("--compare-engine", o.compare_engine,
               "Engine in the loop: engine, lru and clock-model with sizes in extents; print the "
               "differences");
}

void add_output_options(CLI::App& app, Options& o) {
  app.add_option("--mrc", o.mrc_points,
                 "Also the exact LRU miss-ratio curve at N sizes log-spaced from 0.001 to 1 of the "
                 "working set")
      ->capture_default_str();
  app.add_option("--mrc-at", o.mrc_at,
                 "Also the exact LRU miss-ratio curve at these sizes (the -s notation)");
  app.add_option("--shards", o.shards,
                 "Also the LRU curve by SHARDS at this rate in (0, 1), at the curve's sizes");
  app.add_option("--csv", o.csv_out, "Write the results as CSV to this file");
  app.add_option("--json", o.json_out, "Write the results as JSON to this file");
  app.add_option("-o,--output", o.text_out, "Also write the printed table to this file");
  app.add_option("--plot", o.plot_out,
                 "Draw the miss-ratio curves with gnuplot: FILE.png or FILE.svg");
  app.add_flag("--plot-bytes", o.plot_bytes, "Plot byte miss ratio instead of miss ratio");
  app.add_flag("-q,--quiet", o.quiet, "Do not print the table");
  app.add_flag("--progress", o.progress, "Show progress on stderr even when it is not a terminal");
  app.add_flag("--no-progress", o.no_progress,
               "Never show progress (default: shown on a terminal)");
}

}  // namespace

void add_options(CLI::App& app, Options& o) {
  add_trace_options(app, o);
  add_synthetic_options(app, o);
  add_policy_options(app, o);
  add_replay_options(app, o);
  add_output_options(app, o);
}

}  // namespace vmc::sim::cli
