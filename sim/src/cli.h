// cli.h -- vmc-sim's command line: the options (libCacheSim's names and
// positional form, and ours), and the steps main() calls.
//
//   vmc-sim [TRACE [TYPE [ALGO[,ALGO..] [SIZE[,SIZE..]]]]] [options]
//   vmc-sim plan  [plan options] TRACE TYPE ALGO[,..] SIZE[,..] [options]
//   vmc-sim merge DIR [--csv F] [--json F] [--plot F]
//
// Every option is documented in `vmc-sim --help` and vmc-sim(1); the
// semantics in sim/README.md.  Errors are std::invalid_argument (bad
// usage) or TraceError (bad trace), printed by main() as "vmc-sim: <msg>"
// with exit status 1 (2 for CLI11's own usage errors).
#ifndef VMC_SIM_CLI_H
#define VMC_SIM_CLI_H

#include <cstdint>
#include <string>
#include <vector>

#include "driver.h"
#include "output.h"

namespace CLI {
class App;
}

namespace vmc::sim::cli {

struct Options {
  // The positional form; each may instead be given by its option.
  std::string trace, type, algos, sizes;
  std::string trace_opt, format_opt, policies_opt, sizes_opt;  // --trace, --format, -p, -s
  std::string trace_params;                                    // -t "obj-id-col=5,..."
  CsvSpec csv;
  bool text_hash_ids = false;
  // Synthetic traces.
  SynthSpec synth;
  std::string synth_kind = "zipf", synth_size = "fixed:4096";
  // Policies.
  std::string eviction_params;      // -e, for every policy
  std::vector<std::string> params;  // --params POLICY=k:v,...
  std::uint64_t seed = 42;
  // Replay.
  bool ignore_size = false;
  std::string ignore_obj_size;        // --ignore-obj-size [BOOL]
  std::string size_rule = "request";  // request | first
  std::string warmup = "0";
  std::int64_t warmup_sec = -1;
  std::int64_t num_req = -1;
  int threads = 1;
  // Engine in the loop.
  bool compare_engine = false;
  std::string engine_dir = "/dev/shm";
  std::uint64_t engine_extent = 256;
  // Curves and outputs.
  int mrc_points = 0;
  std::string mrc_at;
  double shards = 0;
  std::string csv_out, json_out, plot_out, text_out;
  bool plot_bytes = false, quiet = false, progress = false, no_progress = false, list = false;
};

// Declares every option on `app`, writing into `o`.
void add_options(CLI::App& app, Options& o);

// The steps of a simulation run, in order (cli_run.cc).
TraceSpec trace_spec(const Options& o);
std::vector<std::string> policy_names(const Options& o);
FeedOptions feed_options(const Options& o);
RunOptions run_options(const Options& o);
Report simulate(const Options& o);
// Prints and writes what the options ask for; returns the exit status.
int report(const Options& o, const Report& r);

// Subcommands (plan.cc).
int plan_main(int argc, char** argv);
int merge_main(int argc, char** argv);

}  // namespace vmc::sim::cli

#endif  // VMC_SIM_CLI_H
