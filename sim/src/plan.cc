// plan.cc -- sweeps beyond one machine: `vmc-sim plan` writes the job list
// of a sweep, one command line per (policy, size), each writing its own JSON
// result; `vmc-sim merge` joins the results into one report.  There is no
// scheduler here: the job list runs under GNU parallel, xargs -P, or a
// Slurm job array (the generated run.sbatch), as sim/README.md shows.
//
//   DIR/jobs.txt          one shell command per line
//   DIR/run.sbatch        sbatch script: #SBATCH --array=1-N, line N of jobs.txt
//   DIR/results/job-NNNNNN.json   written by job N
//
// A job line is the sweep's own command reduced to one policy and one size,
// rebuilt from the parsed options (not copied from argv), so every option
// the sweep was given reaches every job.
#include <sys/stat.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "cli.h"
#include "size_spec.h"

namespace vmc::sim::cli {
namespace {

std::string quote(const std::string& s) {
  if (!s.empty() &&
      s.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=./:,%@") ==
          std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string self_path() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("vmc-sim");
}

template <class T>
void opt(std::vector<std::string>& a, const char* name, const T& v, const T& def) {
  if (v == def) return;
  a.push_back(name);
  if constexpr (std::is_same_v<T, std::string>)
    a.push_back(v);
  else
    a.push_back(std::to_string(v));
}

// The options of `o` that differ from the defaults, as arguments.
std::vector<std::string> option_args(const Options& o) {
  const Options d;
  std::vector<std::string> a;
  opt(a, "-t", o.trace_params, d.trace_params);
  opt(a, "--csv-id-col", o.csv.id_col, d.csv.id_col);
  opt(a, "--csv-size-col", o.csv.size_col, d.csv.size_col);
  opt(a, "--csv-time-col", o.csv.time_col, d.csv.time_col);
  if (o.csv.delim != ',')
    a.insert(a.end(), {"--csv-delim", o.csv.delim == '\t' ? "tab" : std::string(1, o.csv.delim)});
  if (o.csv.header) a.push_back("--csv-header");
  if (o.csv.hash_ids) a.push_back("--csv-hash-ids");
  if (o.text_hash_ids) a.push_back("--text-hash-ids");
  opt(a, "--synth", o.synth_kind, d.synth_kind);
  opt(a, "--synth-requests", o.synth.requests, d.synth.requests);
  opt(a, "--synth-objects", o.synth.objects, d.synth.objects);
  if (o.synth.alpha != d.synth.alpha)
    a.insert(a.end(), {"--zipf-alpha", std::to_string(o.synth.alpha)});
  opt(a, "--synth-size", o.synth_size, d.synth_size);
  opt(a, "-e", o.eviction_params, d.eviction_params);
  for (const std::string& p : o.params) a.insert(a.end(), {"--params", p});
  opt(a, "--seed", o.seed, d.seed);
  if (o.ignore_size ||
      (!o.ignore_obj_size.empty() && o.ignore_obj_size != "false" && o.ignore_obj_size != "0"))
    a.push_back("--ignore-size");
  opt(a, "--size-rule", o.size_rule, d.size_rule);
  opt(a, "--warmup", o.warmup, d.warmup);
  opt(a, "--warmup-sec", o.warmup_sec, d.warmup_sec);
  opt(a, "-n", o.num_req, d.num_req);
  opt(a, "--engine-dir", o.engine_dir, d.engine_dir);
  opt(a, "--engine-extent", o.engine_extent, d.engine_extent);
  return a;
}

void write_file(const std::string& path, const std::string& text, bool executable = false) {
  std::ofstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  f << text;
  f.close();
  if (!f) throw std::runtime_error(path + ": write failed: " + std::strerror(errno));
  if (executable) ::chmod(path.c_str(), 0755);
}

void make_dir(const std::string& d) {
  if (::mkdir(d.c_str(), 0755) != 0 && errno != EEXIST)
    throw std::runtime_error(d + ": cannot create: " + std::strerror(errno));
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string sbatch(const std::string& dir, std::size_t n, const std::string& slurm) {
  std::string s =
      "#!/bin/bash\n# vmc-sim sweep: one array task per line of jobs.txt.  Submit: sbatch " + dir +
      "/run.sbatch\n#SBATCH --job-name=vmc-sim\n#SBATCH --array=1-" + std::to_string(n) +
      "\n#SBATCH --cpus-per-task=1\n#SBATCH --output=" + dir + "/logs/%A_%a.out\n";
  for (const std::string& extra : split_list(slurm)) s += "#SBATCH " + extra + "\n";
  s += "set -euo pipefail\ncmd=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" " + quote(dir + "/jobs.txt") +
       ")\neval \"$cmd\"\n";
  return s;
}

// One command line per (policy, size), in policy-major order.
std::string job_lines(const Options& o, const TraceSpec& spec, const std::vector<std::string>& pols,
                      const std::vector<std::string>& sizes, const std::string& dir,
                      std::size_t& n) {
  const std::vector<std::string> common = option_args(o);
  const std::string type = !o.type.empty() ? o.type : !o.format_opt.empty() ? o.format_opt : "auto";
  std::string jobs;
  for (const std::string& p : pols)
    for (const std::string& s : sizes) {
      char name[32];
      std::snprintf(name, sizeof name, "job-%06zu.json", ++n);
      std::vector<std::string> a = {self_path()};
      if (spec.path.empty())
        a.insert(a.end(), {"-p", p, "-s", s});
      else
        a.insert(a.end(), {spec.path, type, p, s});
      a.insert(a.end(), common.begin(), common.end());
      a.insert(a.end(), {"-j", "1", "-q", "--no-progress", "--json", dir + "/results/" + name});
      std::string line;
      for (const std::string& x : a) line += (line.empty() ? "" : " ") + quote(x);
      jobs += line + "\n";
    }
  return jobs;
}

}  // namespace

int plan_main(int argc, char** argv) {
  CLI::App app{
      "vmc-sim plan: write a sweep's job list (one command line per policy and size) to "
      "DIR/jobs.txt and "
      "a Slurm array script to DIR/run.sbatch; run the jobs anywhere, then vmc-sim merge DIR"};
  Options o;
  add_options(app, o);
  std::string dir, slurm;
  app.add_option("--dir", dir, "Directory for jobs.txt, run.sbatch and results/")->required();
  app.add_option("--slurm", slurm,
                 "Extra #SBATCH lines, comma-separated (e.g. --time=1:00:00,--mem=4G)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (o.compare_engine || o.mrc_points > 0 || !o.mrc_at.empty() || o.shards > 0 ||
      !o.plot_out.empty())
    throw std::invalid_argument(
        "plan: --compare-engine, --mrc, --mrc-at, --shards and --plot are not per-job; run "
        "them in one vmc-sim command, or --plot in vmc-sim merge");
  const TraceSpec spec = trace_spec(o);  // checks the trace options once, here
  const std::vector<std::string> pols = policy_names(o);
  const std::string sizes = !o.sizes.empty()       ? o.sizes
                            : !o.sizes_opt.empty() ? o.sizes_opt
                                                   : "0.01,0.05,0.1,0.2";
  parse_sizes(sizes);
  make_dir(dir);
  make_dir(dir + "/results");
  make_dir(dir + "/logs");
  std::size_t n = 0;
  const std::string jobs = job_lines(o, spec, pols, split_list(sizes), dir, n);
  write_file(dir + "/jobs.txt", jobs);
  write_file(dir + "/run.sbatch", sbatch(dir, n, slurm), true);
  std::printf(
      "wrote %zu jobs to %s/jobs.txt; run them with\n  parallel -j8 < %s/jobs.txt\n  xargs -d "
      "'\\n' -n 1 -P 8 "
      "sh -c < %s/jobs.txt\n  sbatch %s/run.sbatch\nthen: vmc-sim merge %s\n",
      n, dir.c_str(), dir.c_str(), dir.c_str(), dir.c_str(), dir.c_str());
  return 0;
}

int merge_main(int argc, char** argv) {
  CLI::App app{
      "vmc-sim merge: join the results of a plan's jobs (DIR/results/*.json) into one report"};
  std::string dir, csv, json, plot, text;
  bool quiet = false, plot_bytes = false;
  app.add_option("dir", dir, "The plan's directory")->required();
  app.add_option("--csv", csv, "Write the merged results as CSV");
  app.add_option("--json", json, "Write the merged results as JSON");
  app.add_option("-o,--output", text, "Write the table to this file");
  app.add_option("--plot", plot, "Draw the miss-ratio curves (gnuplot): FILE.png or FILE.svg");
  app.add_flag("--plot-bytes", plot_bytes, "Plot byte miss ratio");
  app.add_flag("-q,--quiet", quiet, "Do not print the table");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  std::ifstream list(dir + "/jobs.txt");
  if (!list)
    throw std::runtime_error(dir + "/jobs.txt: cannot read: " + std::strerror(errno) +
                             " (is it a plan's --dir?)");
  std::size_t n =
      static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(list), {}, '\n'));
  Report merged;
  std::string missing;
  for (std::size_t i = 1; i <= n; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "job-%06zu.json", i);
    const std::string path = dir + "/results/" + name;
    if (::access(path.c_str(), R_OK) != 0) {
      missing += (missing.empty() ? "" : ",") + std::to_string(i);
      continue;
    }
    Report r = read_json(path);
    if (merged.results.empty() && !merged.stats)
      merged = r;
    else
      merged.results.insert(merged.results.end(), r.results.begin(), r.results.end());
    if (!merged.stats && r.stats) merged.stats = r.stats;
  }
  if (!missing.empty())
    throw std::runtime_error(dir + ": no result for jobs " + missing +
                             " (rerun those lines of jobs.txt, e.g. sed -n " +
                             missing.substr(0, missing.find(',')) + "p " + dir + "/jobs.txt | sh)");
  Options o;
  o.quiet = quiet;
  o.csv_out = csv;
  o.json_out = json;
  o.plot_out = plot;
  o.plot_bytes = plot_bytes;
  o.text_out = text;
  return report(o, merged);
}

}  // namespace vmc::sim::cli
