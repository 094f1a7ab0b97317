// main.cc -- vmc-sim, the trace-driven cache simulator's command line.
// Every option is documented in --help; sim/README.md has the semantics.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "driver.h"
#include "mrc.h"
#include "output.h"
#include "sim_policy.h"

namespace vs = vmc::sim;

namespace {

std::vector<std::string> split(const std::string& s, char d = ',') {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, d);)
    if (!t.empty()) out.push_back(t);
  return out;
}

// A cache size as written by the user, resolved once the trace is known.
struct SizeSpec {
  std::string text;
  enum { kUnits, kFraction, kObjects } kind = kUnits;
  double value = 0;
};

SizeSpec parse_size(const std::string& t) {
  SizeSpec s{t};
  std::size_t end = 0;
  double v = std::stod(t, &end);
  std::string unit = t.substr(end);
  if (v <= 0) throw CLI::ValidationError("--sizes", "size must be > 0: " + t);
  static const std::pair<const char*, double> kUnits[] = {
      {"", 1}, {"B", 1}, {"K", 1024.0}, {"KiB", 1024.0}, {"M", 1048576.0}, {"MiB", 1048576.0},
      {"G", 1073741824.0}, {"GiB", 1073741824.0}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}};
  if (unit == "%") {
    s.kind = SizeSpec::kFraction;
    s.value = v / 100;
  } else if (unit == "obj") {
    s.kind = SizeSpec::kObjects;
    s.value = v;
  } else if (unit.empty() && t.find_first_of(".eE") != std::string::npos && v <= 1) {
    s.kind = SizeSpec::kFraction;
    s.value = v;
  } else {
    bool ok = false;
    for (auto& [u, m] : kUnits)
      if (unit == u) {
        s.value = v * m;
        ok = true;
      }
    if (!ok) throw CLI::ValidationError("--sizes", "unknown size unit in '" + t + "'");
  }
  return s;
}

std::uint64_t resolve(const SizeSpec& s, const std::optional<vs::TraceStats>& st, std::uint64_t unit) {
  double c = 0;
  switch (s.kind) {
    case SizeSpec::kUnits: c = s.value / double(unit); break;
    case SizeSpec::kFraction: c = s.value * double(st->working_set); break;
    case SizeSpec::kObjects:
      c = s.value * (st->objects ? double(st->working_set) / double(st->objects) : 1.0);
      break;
  }
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(std::floor(c))));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "vmc-sim: replay a cache trace through replacement policies and cache sizes; print miss ratios,\n"
      "write CSV/JSON, draw miss-ratio curves.  See sim/README.md for formats and semantics."};
  app.get_formatter()->column_width(34);

  vs::TraceSpec spec;
  std::string format = "auto", synth = "zipf", synth_size = "fixed:4096", policies_arg, sizes_arg = "0.01,0.05,0.1,0.2";
  std::string csv_delim = ",", csv_out, json_out, plot_out, warmup_arg = "0";
  bool ignore_size = false, list = false, no_progress = false, quiet = false, plot_bytes = false;
  bool compare_engine = false;
  std::uint64_t max_requests = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int mrc_points = 0;
  double shards = 0;
  vs::PolicyConfig base;

  app.add_option("-t,--trace", spec.path, "Trace file; may be zstd-compressed (detected by content)");
  app.add_option("--format", format, "auto | oracle | csv | text | synthetic (auto: by name; synthetic if no --trace)")
      ->capture_default_str();
  app.add_option("--csv-id-col", spec.csv.id_col, "CSV: 1-based column of the object id")->capture_default_str();
  app.add_option("--csv-size-col", spec.csv.size_col, "CSV: 1-based column of the size (0: every size 1)")
      ->capture_default_str();
  app.add_option("--csv-time-col", spec.csv.time_col, "CSV: 1-based column of the time (0: none; only validated)")
      ->capture_default_str();
  app.add_option("--csv-delim", csv_delim, "CSV: field delimiter (one character; 'tab' for a tab)")
      ->capture_default_str();
  app.add_flag("--csv-header", spec.csv.header, "CSV: skip the first line");
  app.add_flag("--csv-hash-ids", spec.csv.hash_ids, "CSV: ids are strings; use their XXH3-64 hash");
  app.add_flag("--text-hash-ids", spec.text_hash_ids, "Text: ids are strings; use their XXH3-64 hash");
  app.add_option("--synth", synth, "Synthetic popularity: zipf | uniform | scan | loop")->capture_default_str();
  app.add_option("--synth-requests", spec.synth.requests, "Synthetic: number of requests")->capture_default_str();
  app.add_option("--synth-objects", spec.synth.objects, "Synthetic: number of distinct objects (loop length)")
      ->capture_default_str();
  app.add_option("--zipf-alpha", spec.synth.alpha, "Synthetic: Zipf exponent")->capture_default_str();
  app.add_option("--synth-size", synth_size, "Synthetic sizes: fixed:N | uniform:MIN:MAX (bytes, per object)")
      ->capture_default_str();
  app.add_option("--seed", spec.synth.seed, "Synthetic: random seed")->capture_default_str();
  app.add_option("--max-requests", max_requests, "Replay at most this many requests (0: all)")->capture_default_str();

  app.add_option("-p,--policies", policies_arg,
                 "Comma-separated policies, or 'all' (see --list-policies); default: every policy but the "
                 "reference models and the engine");
  app.add_option("-s,--sizes", sizes_arg,
                 "Comma-separated cache sizes: 0.05 or 5% = fraction of the working set; 1000 = units (bytes, or "
                 "objects with --ignore-size); 64MiB, 2G, 500MB = bytes; 1000obj = objects x mean object size")
      ->capture_default_str();
  app.add_flag("--ignore-size", ignore_size, "Every object has size 1; capacities count objects");
  app.add_option("--warmup", warmup_arg, "Requests replayed but not counted: a count, or a fraction (< 1) of the trace")
      ->capture_default_str();
  app.add_option("--clock-bits", base.clock_bits, "CLOCK: counter bits k (1: second chance)")->capture_default_str();
  app.add_option("--engine-dir", base.engine_dir, "engine: directory for the pool file")->capture_default_str();
  app.add_option("--engine-extent", base.engine_extent, "engine: extent size in bytes (>= 256)")->capture_default_str();
  app.add_flag("--compare-engine", compare_engine,
               "Engine in the loop: run engine, lru and clock-model with sizes in extents (--engine-extent) and "
               "print the engine's difference from each");

  app.add_option("-j,--threads", threads, "Worker threads over the (policy, size) pairs")->capture_default_str();
  app.add_flag("--no-progress", no_progress, "Do not report progress on stderr");
  app.add_flag("-q,--quiet", quiet, "Do not print the table");
  app.add_option("--mrc", mrc_points,
                 "Also compute the exact LRU miss-ratio curve from stack distances at N sizes, log-spaced from "
                 "0.001 to 1 of the working set (0: off)")
      ->capture_default_str();
  app.add_option("--shards", shards, "Also compute the LRU curve with SHARDS at this sampling rate (0 < R < 1), at "
                                     "the --mrc sizes (40 without --mrc), with its error against the exact curve "
                                     "when --mrc is given");
  app.add_option("--csv", csv_out, "Write the results as CSV to this file");
  app.add_option("--json", json_out, "Write the results as JSON to this file");
  app.add_option("--plot", plot_out, "Draw the miss-ratio curves (one per policy) with gnuplot: FILE.png or FILE.svg");
  app.add_flag("--plot-bytes", plot_bytes, "Plot byte miss ratio instead of request miss ratio");
  app.add_flag("--list-policies", list, "List the registered policies and exit");
  CLI11_PARSE(app, argc, argv);

  if (list) {
    for (const vs::PolicyInfo& p : vs::registered_policies())
      std::printf("%-12s %s\n", std::string(p.name).c_str(), std::string(p.description).c_str());
    return 0;
  }

  try {
    // --- the trace ---
    static const std::map<std::string, vs::Format> kFormats = {
        {"auto", vs::Format::kAuto}, {"oracle", vs::Format::kOracle}, {"csv", vs::Format::kCsv},
        {"text", vs::Format::kText}, {"synthetic", vs::Format::kSynthetic}};
    if (!kFormats.count(format)) throw std::invalid_argument("unknown --format " + format);
    spec.format = kFormats.at(format);
    if (spec.path.empty()) spec.format = vs::Format::kSynthetic;
    if (csv_delim == "tab") csv_delim = "\t";
    if (csv_delim.size() != 1) throw std::invalid_argument("--csv-delim must be one character");
    spec.csv.delim = csv_delim[0];
    static const std::map<std::string, vs::SynthKind> kKinds = {{"zipf", vs::SynthKind::kZipf},
                                                                {"uniform", vs::SynthKind::kUniform},
                                                                {"scan", vs::SynthKind::kScan},
                                                                {"loop", vs::SynthKind::kLoop}};
    if (!kKinds.count(synth)) throw std::invalid_argument("unknown --synth " + synth);
    spec.synth.kind = kKinds.at(synth);
    {
      auto f = split(synth_size, ':');
      if (f.size() == 2 && f[0] == "fixed") {
        spec.synth.size_dist = vs::SizeDist::kFixed;
        spec.synth.size_min = spec.synth.size_max = std::stoull(f[1]);
      } else if (f.size() == 3 && f[0] == "uniform") {
        spec.synth.size_dist = vs::SizeDist::kUniform;
        spec.synth.size_min = std::stoull(f[1]);
        spec.synth.size_max = std::stoull(f[2]);
      } else {
        throw std::invalid_argument("--synth-size must be fixed:N or uniform:MIN:MAX");
      }
    }

    if (shards != 0 && !(shards > 0 && shards < 1)) throw std::invalid_argument("--shards needs a rate in (0, 1)");
    const bool exact_mrc = mrc_points > 0;
    if (shards > 0 && mrc_points <= 0) mrc_points = 40;
    vs::FeedOptions feed;
    feed.ignore_size = ignore_size;
    feed.max_requests = max_requests;
    if (compare_engine && !ignore_size) feed.unit = base.engine_extent;
    base.ignore_size = ignore_size;
    base.engine_unit_bytes = (compare_engine || ignore_size) ? base.engine_extent : 1;

    // --- policies and sizes ---
    std::vector<std::string> pols;
    if (compare_engine) {
      pols = {"engine", "lru", "clock-model"};
    } else if (policies_arg.empty() || policies_arg == "all") {
      for (const vs::PolicyInfo& p : vs::registered_policies()) {
        std::string n(p.name);
        if (policies_arg.empty() && (n == "engine" || n.ends_with("-model"))) continue;
        pols.push_back(n);
      }
    } else {
      pols = split(policies_arg);
    }
    for (const std::string& p : pols)
      if (vs::find_policy(p) == nullptr)
        throw std::invalid_argument("unknown policy '" + p + "' (see --list-policies)");
    std::vector<SizeSpec> sizes;
    for (const std::string& t : split(sizes_arg)) sizes.push_back(parse_size(t));
    double w = 0;
    try {
      w = std::stod(warmup_arg);
    } catch (const std::exception&) {
      throw std::invalid_argument("--warmup must be a number: " + warmup_arg);
    }
    if (w < 0) throw std::invalid_argument("--warmup must be >= 0");
    bool need_stats = mrc_points > 0 || !plot_out.empty() || (w > 0 && w < 1);
    for (const SizeSpec& s : sizes) need_stats = need_stats || s.kind != SizeSpec::kUnits;

    vs::Report rep;
    rep.trace = spec.label();
    rep.ignore_size = ignore_size;
    if (need_stats) {
      rep.stats = vs::scan_trace(spec, feed);
      std::fprintf(stderr, "%s: %llu requests, %llu objects, working set %llu %s\n", rep.trace.c_str(),
                   (unsigned long long)rep.stats->requests, (unsigned long long)rep.stats->objects,
                   (unsigned long long)rep.stats->working_set,
                   ignore_size ? "objects" : (feed.unit > 1 ? "extents" : "bytes"));
      if (rep.stats->objects) base.mean_object_size = std::max<std::uint64_t>(1, rep.stats->working_set / rep.stats->objects);
    } else if (!ignore_size) {
      base.mean_object_size = 4096 / feed.unit + 1;
    }
    feed.warmup = (w > 0 && w < 1) ? static_cast<std::uint64_t>(w * double(rep.stats->requests))
                                   : static_cast<std::uint64_t>(w);
    rep.warmup = feed.warmup;

    std::vector<vs::Job> jobs;
    for (const std::string& p : pols)
      for (const SizeSpec& s : sizes) {
        std::uint64_t cap = resolve(s, rep.stats, feed.unit);
        if (compare_engine) {
          // Give every policy the engine's real number of extents: the pool
          // is at least 1 MiB (VMEMCACHE_MIN_POOL) and a whole number of
          // 4096-byte pages.
          const std::uint64_t ext = base.engine_extent;
          std::uint64_t pool = std::max<std::uint64_t>(1 << 20, (cap * ext + 4095) / 4096 * 4096);
          cap = pool / ext;
        }
        jobs.push_back({p, cap, s.text});
      }

    vs::RunOptions run;
    run.threads = threads;
    run.progress = !no_progress;
    run.base = base;
    rep.results = vs::run_jobs(spec, feed, jobs, run);

    if (mrc_points > 0) {
      std::vector<std::uint64_t> caps;
      for (int i = 0; i < mrc_points; ++i) {
        double f = std::pow(10.0, -3.0 + 3.0 * i / std::max(1, mrc_points - 1));
        caps.push_back(std::max<std::uint64_t>(1, static_cast<std::uint64_t>(f * double(rep.stats->working_set))));
      }
      if (exact_mrc) rep.mrc = vs::lru_mrc(spec, feed, caps);
      if (shards > 0) {
        rep.shards = vs::lru_mrc(spec, feed, caps, shards);
        rep.shards_rate = shards;
        if (rep.mrc) rep.shards_error = vs::mrc_error(*rep.shards, *rep.mrc);
      }
    }

    if (!quiet) {
      vs::print_table(stdout, rep);
      vs::print_mrc(stdout, rep);
    }
    if (compare_engine) {
      std::printf("# engine in the loop (sizes in %llu-byte extents): miss ratio differences\n",
                  (unsigned long long)base.engine_extent);
      for (const vs::JobResult& e : rep.results) {
        if (e.job.policy != "engine") continue;
        for (const vs::JobResult& o : rep.results)
          if (o.job.policy != "engine" && o.job.size_label == e.job.size_label && o.error.empty() && e.error.empty())
            std::printf("size %-8s engine %.4f  %-11s %.4f  difference %+.4f\n", e.job.size_label.c_str(),
                        e.miss_ratio(), o.job.policy.c_str(), o.miss_ratio(), e.miss_ratio() - o.miss_ratio());
      }
    }
    if (!csv_out.empty()) vs::write_csv(csv_out, rep);
    if (!json_out.empty()) vs::write_json(json_out, rep);
    if (!plot_out.empty()) vs::plot_mrc(plot_out, rep, plot_bytes);
    for (const vs::JobResult& j : rep.results)
      if (!j.error.empty()) return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc-sim: %s\n", e.what());
    return 1;
  }
  return 0;
}
