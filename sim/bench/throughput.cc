// throughput.cc -- requests per second of the simulator's policies on one
// thread, and the DRAM each keeps per cached object.
//
//   vmc_sim_throughput [--requests N] [--objects N] [--alpha A] [--fraction F]
//                      [--repeats N] [--policies LIST]
//     In memory: a synthetic Zipf trace (default 5 M requests over 1 M
//     objects, alpha 1.0, sizes ignored, a cache of 10% of the objects) is
//     generated first, so only the policy is timed.
//   vmc_sim_throughput --trace FILE [--format F] [--fraction F] [--ignore-size]
//                      [--repeats N] [--policies LIST]
//     End to end: each run reads the trace file (decompressing, parsing)
//     and replays it through one policy on one thread, the way one vmc-sim
//     job does without its reading thread; the baseline, measured in the
//     same run, is reading alone, and each policy's time is printed as a
//     ratio of it.
//   vmc_sim_throughput --write-zipf FILE [--requests N] [--objects N] [--alpha A]
//     Writes the synthetic Zipf trace (4 KiB objects) as oracleGeneral, for
//     the end-to-end measure on a large file.
// Rates are per second of thread CPU time, best of --repeats (the
// wall-clock rate beside it drops when other processes share the core).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <time.h>

#include "driver.h"
#include "sim_policy.h"

namespace vs = vmc::sim;

namespace {

struct Args {
  vs::TraceSpec spec;
  std::string trace, write_zipf, format = "auto";
  double fraction = 0.1;
  int repeats = 3;
  bool ignore_size = false;
  std::string policies =
      "lru,fifo,clock,sieve,s3fifo,arc,lfu,2q,wtinylfu,lirs,s4lru,gdsf,lfuda,qdlp,hyperbolic,"
      "lecar,cacheus,lhd,random,belady,lru-model,clock-model";
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t start = 0, end; start <= s.size(); start = end + 1) {
    end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
  }
  return out;
}

bool parse(int argc, char** argv, Args& a) {
  a.spec.format = vs::Format::kSynthetic;
  a.spec.synth.requests = 5'000'000;
  a.spec.synth.objects = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--ignore-size") {
      a.ignore_size = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (k == "--requests")
      a.spec.synth.requests = std::strtoull(v, nullptr, 10);
    else if (k == "--objects")
      a.spec.synth.objects = std::strtoull(v, nullptr, 10);
    else if (k == "--alpha")
      a.spec.synth.alpha = std::strtod(v, nullptr);
    else if (k == "--fraction")
      a.fraction = std::strtod(v, nullptr);
    else if (k == "--repeats")
      a.repeats = std::atoi(v);
    else if (k == "--policies")
      a.policies = v;
    else if (k == "--trace")
      a.trace = v;
    else if (k == "--format")
      a.format = v;
    else if (k == "--write-zipf")
      a.write_zipf = v;
    else
      return false;
  }
  return a.repeats > 0 && a.fraction > 0;
}

// --write-zipf: the synthetic trace as oracleGeneral records.
int write_zipf(const Args& a) {
  vs::SynthSpec s = a.spec.synth;
  auto r = vs::open_synthetic(s);
  std::ofstream f(a.write_zipf, std::ios::binary);
  vs::Record rec;
  while (r->next(rec)) {
    char b[24];
    const std::uint32_t t = static_cast<std::uint32_t>(rec.time),
                        size = static_cast<std::uint32_t>(rec.req.size);
    const std::int64_t next = -1;
    std::memcpy(b, &t, 4);
    std::memcpy(b + 4, &rec.req.id, 8);
    std::memcpy(b + 12, &size, 4);
    std::memcpy(b + 16, &next, 8);
    f.write(b, 24);
  }
  f.close();
  if (!f) return std::perror(a.write_zipf.c_str()), 1;
  std::printf("wrote %llu requests to %s\n", (unsigned long long)s.requests, a.write_zipf.c_str());
  return 0;
}

struct Timing {
  double cpu = 1e30, wall = 1e30;
  std::uint64_t requests = 0, misses = 0;
  double per_object = 0;
};

// One thread: read the trace and, if `policy` is not empty, replay it.
Timing replay(const vs::TraceSpec& spec, const vs::FeedOptions& feed, const std::string& policy,
              const vs::PolicyConfig& cfg, int repeats) {
  Timing best;
  std::vector<vs::SimRequest> buf(1 << 16);
  for (int rep = 0; rep < repeats; ++rep) {
    const double c0 = cpu_seconds(), w0 = wall_seconds();
    auto p = policy.empty() ? nullptr : vs::make_policy(policy, cfg);
    vs::Feeder f(spec, feed, nullptr);
    std::uint64_t n_req = 0, misses = 0;
    while (std::size_t n = f.fill(buf.data(), buf.size())) {
      n_req += n;
      if (p)
        for (std::size_t i = 0; i < n; ++i) misses += p->access(buf[i].req) ? 0 : 1;
    }
    best.cpu = std::min(best.cpu, cpu_seconds() - c0);
    best.wall = std::min(best.wall, wall_seconds() - w0);
    best.requests = n_req;
    best.misses = misses;
    if (p && p->count() > 0) best.per_object = double(vs::metadata_bytes(*p)) / double(p->count());
  }
  return best;
}

int end_to_end(const Args& a) {
  vs::TraceSpec spec;
  spec.path = a.trace;
  spec.format = vs::parse_format(a.format);
  vs::FeedOptions feed;
  feed.ignore_size = a.ignore_size;
  const vs::TraceStats st = vs::scan_trace(spec, feed);
  vs::PolicyConfig cfg;
  cfg.ignore_size = a.ignore_size;
  cfg.capacity = static_cast<std::uint64_t>(a.fraction * double(st.working_set));
  std::printf(
      "# %s: %llu requests, %llu objects; capacity %llu %s (%.3g of the working set); one thread, "
      "reading included, best of %d\n",
      spec.label().c_str(), (unsigned long long)st.requests, (unsigned long long)st.objects,
      (unsigned long long)cfg.capacity, a.ignore_size ? "objects" : "bytes", a.fraction, a.repeats);
  const Timing base = replay(spec, feed, "", cfg, a.repeats);
  std::printf("%-12s %10s %10s %12s %10s %10s\n", "policy", "Mreq/s", "(wall)", "x reading", "miss",
              "B/object");
  std::printf("%-12s %10.2f %10.2f %12s %10s %10s\n", "(reading)",
              double(base.requests) / base.cpu / 1e6, double(base.requests) / base.wall / 1e6,
              "1.00", "-", "-");
  for (const std::string& name : split(a.policies)) {
    const Timing t = replay(spec, feed, name, cfg, a.repeats);
    std::printf("%-12s %10.2f %10.2f %12.2f %10.4f %10.1f\n", name.c_str(),
                double(t.requests) / t.cpu / 1e6, double(t.requests) / t.wall / 1e6,
                t.cpu / base.cpu, double(t.misses) / double(t.requests), t.per_object);
  }
  return 0;
}

int in_memory(const Args& a) {
  vs::FeedOptions feed;
  feed.ignore_size = true;
  std::vector<std::int64_t> next;
  const vs::TraceStats st = vs::scan_trace(a.spec, feed, &next);
  vs::Feeder f(a.spec, feed, &next);
  std::vector<vs::SimRequest> trace(st.requests);
  trace.resize(f.fill(trace.data(), trace.size()));
  vs::PolicyConfig cfg;
  cfg.ignore_size = true;
  cfg.capacity = static_cast<std::uint64_t>(a.fraction * double(st.objects));
  std::printf(
      "# %llu requests, %llu objects, Zipf alpha %.2f, capacity %llu objects, sizes ignored, 1 "
      "thread, "
      "trace in memory\n",
      (unsigned long long)trace.size(), (unsigned long long)st.objects, a.spec.synth.alpha,
      (unsigned long long)cfg.capacity);
  std::printf("%-12s %10s %10s %10s %10s\n", "policy", "Mreq/s", "(wall)", "miss", "B/object");
  for (const std::string& name : split(a.policies)) {
    Timing best;
    for (int rep = 0; rep < a.repeats; ++rep) {
      auto p = vs::make_policy(name, cfg);
      std::uint64_t misses = 0;
      const double c0 = cpu_seconds(), w0 = wall_seconds();
      for (const vs::SimRequest& r : trace) misses += p->access(r.req) ? 0 : 1;
      best.cpu = std::min(best.cpu, cpu_seconds() - c0);
      best.wall = std::min(best.wall, wall_seconds() - w0);
      best.misses = misses;
      best.per_object =
          vs::metadata_bytes(*p) ? double(vs::metadata_bytes(*p)) / double(p->count()) : 0;
    }
    std::printf("%-12s %10.1f %10.1f %10.4f %10s\n", name.c_str(),
                double(trace.size()) / best.cpu / 1e6, double(trace.size()) / best.wall / 1e6,
                double(best.misses) / double(trace.size()),
                best.per_object > 0 ? std::to_string(best.per_object).substr(0, 6).c_str() : "n/a");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) {
    std::fprintf(stderr,
                 "usage: %s [--requests N (5000000)] [--objects N (1000000)] [--alpha A (1.0)] "
                 "[--fraction F (0.1)]\n"
                 "          [--repeats N (3)] [--policies LIST]\n"
                 "       %s --trace FILE [--format F] [--fraction F] [--ignore-size] [--repeats N] "
                 "[--policies LIST]\n"
                 "       %s --write-zipf FILE [--requests N] [--objects N] [--alpha A]\n",
                 argv[0], argv[0], argv[0]);
    return 2;
  }
  try {
    if (!a.write_zipf.empty()) return write_zipf(a);
    return a.trace.empty() ? in_memory(a) : end_to_end(a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_sim_throughput: %s\n", e.what());
    return 1;
  }
}
