// cli_run.cc -- a simulation run from parsed options: the statistics pass
// when sizes need it, the jobs, the replay, the curves, and the output.
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "cli.h"
#include "size_spec.h"

namespace vmc::sim::cli {
namespace {

// --warmup: a count, or a fraction in (0, 1) of the trace.
double parse_warmup(const std::string& w) {
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(w, &used);
  } catch (const std::exception&) {
  }
  if (used != w.size() || !(v >= 0) || (v >= 1 && v != std::floor(v)))
    throw std::invalid_argument("--warmup '" + w +
                                "': give a request count (10000) or a fraction of the trace in "
                                "(0, 1) (0.2)");
  return v;
}

void print_stats(const Report& rep, const FeedOptions& feed) {
  const TraceStats& st = *rep.stats;
  const bool objects = feed.ignore_size || st.max_object <= 1;
  std::fprintf(stderr, "%s: %llu requests, %llu objects, working set %llu %s\n", rep.trace.c_str(),
               (unsigned long long)st.requests, (unsigned long long)st.objects,
               (unsigned long long)st.working_set,
               objects ? "objects" : (feed.unit > 1 ? "extents" : "bytes"));
  if (st.resized > 0 && feed.size_rule == SizeRule::kPerRequest && !feed.ignore_size)
    std::fprintf(stderr,
                 "%s: %llu objects are requested with more than one size; sizes are per request, "
                 "as in libCacheSim "
                 "(--size-rule first gives each object its first size)\n",
                 rep.trace.c_str(), (unsigned long long)st.resized);
}

std::vector<Job> make_jobs(const std::vector<std::string>& pols, const std::vector<SizeSpec>& sizes,
                           const Report& rep, const FeedOptions& feed, const Options& o) {
  const TraceStats* st = rep.stats ? &*rep.stats : nullptr;
  std::vector<Job> jobs;
  for (const std::string& p : pols)
    for (const SizeSpec& s : sizes)
      for (Capacity c : resolve(s, st, feed.unit, feed.ignore_size)) {
        if (o.compare_engine) {
          // Every policy gets the engine's real number of extents: the pool
          // is at least 1 MiB (VMEMCACHE_MIN_POOL) and whole 4096-byte pages.
          const std::uint64_t ext = o.engine_extent;
          const std::uint64_t pool =
              std::max<std::uint64_t>(1 << 20, (c.units * ext + 4095) / 4096 * 4096);
          c.units = pool / ext;
        }
        jobs.push_back({p, c.units, c.label});
      }
  return jobs;
}

// Builds each policy once, small, so a bad --params or -e fails before any
// pass over the trace.
void check_policies(const std::vector<std::string>& pols, const RunOptions& run) {
  for (const std::string& p : pols) {
    Job probe{p, 1024, ""};
    PolicyConfig c = job_config(run, probe);
    if (p == "engine") continue;  // creating it maps a pool; its options are checked when it runs
    make_policy(p, c);
  }
}

std::vector<std::uint64_t> curve_capacities(const Options& o, const Report& rep,
                                            const FeedOptions& feed) {
  std::vector<std::uint64_t> caps;
  if (!o.mrc_at.empty()) {
    for (const SizeSpec& s : parse_sizes(o.mrc_at))
      for (const Capacity& c :
           resolve(s, rep.stats ? &*rep.stats : nullptr, feed.unit, feed.ignore_size))
        caps.push_back(c.units);
    return caps;
  }
  const int n = o.mrc_points > 0 ? o.mrc_points : 40;
  for (int i = 0; i < n; ++i) {
    double f = std::pow(10.0, -3.0 + 3.0 * i / std::max(1, n - 1));
    caps.push_back(
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(f * double(rep.stats->working_set))));
  }
  return caps;
}

void add_curves(const Options& o, const TraceSpec& spec, const FeedOptions& feed, Report& rep) {
  const bool exact = o.mrc_points > 0 || !o.mrc_at.empty();
  if (!exact && o.shards <= 0) return;
  const std::vector<std::uint64_t> caps = curve_capacities(o, rep, feed);
  if (exact) rep.mrc = lru_mrc(spec, feed, caps);
  if (o.shards > 0) {
    rep.shards = lru_mrc(spec, feed, caps, o.shards);
    rep.shards_rate = o.shards;
    if (rep.mrc) rep.shards_error = mrc_error(*rep.shards, *rep.mrc);
  }
}

}  // namespace

Report simulate(const Options& o) {
  const TraceSpec spec = trace_spec(o);
  const std::vector<std::string> pols = policy_names(o);
  FeedOptions feed = feed_options(o);
  const RunOptions run = run_options(o);
  const std::string size_list = [&] {
    if (!o.sizes.empty() && !o.sizes_opt.empty() && o.sizes != o.sizes_opt)
      throw std::invalid_argument("the cache sizes are given twice ('" + o.sizes + "' and -s '" +
                                  o.sizes_opt + "'); give them once");
    return !o.sizes.empty()       ? o.sizes
           : !o.sizes_opt.empty() ? o.sizes_opt
                                  : std::string("0.01,0.05,0.1,0.2");
  }();
  const std::vector<SizeSpec> sizes = parse_sizes(size_list);
  if (o.shards != 0 && !(o.shards > 0 && o.shards < 1))
    throw std::invalid_argument("--shards " + std::to_string(o.shards) +
                                ": give a sampling rate in (0, 1), e.g. 0.01");
  if (o.mrc_points < 0) throw std::invalid_argument("--mrc: give a number of points > 0");
  const double w = parse_warmup(o.warmup);
  check_policies(pols, run);

  Report rep;
  rep.trace = spec.label();
  rep.ignore_size = feed.ignore_size;
  const bool curves = o.mrc_points > 0 || o.shards > 0 || !o.mrc_at.empty();
  if (needs_stats(sizes) || curves || !o.plot_out.empty() || (w > 0 && w < 1)) {
    rep.stats = scan_trace(spec, feed);
    print_stats(rep, feed);
  }
  feed.warmup = (w > 0 && w < 1) ? static_cast<std::uint64_t>(w * double(rep.stats->requests))
                                 : static_cast<std::uint64_t>(w);
  rep.warmup = feed.warmup;
  rep.results = run_jobs(spec, feed, make_jobs(pols, sizes, rep, feed, o), run);
  add_curves(o, spec, feed, rep);
  return rep;
}

int report(const Options& o, const Report& rep) {
  if (!o.quiet) {
    print_table(stdout, rep);
    print_mrc(stdout, rep);
  }
  if (o.compare_engine) print_engine_differences(stdout, rep, o.engine_extent);
  if (!o.text_out.empty()) write_text(o.text_out, rep);
  if (!o.csv_out.empty()) write_csv(o.csv_out, rep);
  if (!o.json_out.empty()) write_json(o.json_out, rep);
  if (!o.plot_out.empty()) plot_mrc(o.plot_out, rep, o.plot_bytes);
  for (const JobResult& j : rep.results)
    if (!j.error.empty()) return 1;
  return 0;
}

}  // namespace vmc::sim::cli
