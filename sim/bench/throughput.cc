// throughput.cc -- requests per second of the simulator's policies, one
// thread, on a synthetic trace held in memory (so only the policy is timed).
// Defaults: 5 M requests, Zipf(1.0) over 1 M objects, sizes ignored, a cache
// of 10% of the objects.  Prints requests/s (per thread CPU second, best of
// --repeats; and per wall-clock second) and metadata bytes per cached object.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <time.h>

#include "driver.h"
#include "sim_policy.h"

namespace vs = vmc::sim;

// Thread CPU time: the figure must not depend on other processes sharing the
// core; the wall-clock rate is printed beside it.
static double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

int main(int argc, char** argv) {
  vs::TraceSpec spec;
  spec.format = vs::Format::kSynthetic;
  spec.synth.requests = 5'000'000;
  spec.synth.objects = 1'000'000;
  double fraction = 0.1;
  int repeats = 3;
  std::string policies = "lru,fifo,clock,sieve,s3fifo,arc,lfu,2q,wtinylfu,belady,lru-model,clock-model";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--requests")) spec.synth.requests = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--objects")) spec.synth.objects = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--alpha")) spec.synth.alpha = std::strtod(argv[i + 1], nullptr);
    else if (!std::strcmp(argv[i], "--fraction")) fraction = std::strtod(argv[i + 1], nullptr);
    else if (!std::strcmp(argv[i], "--repeats")) repeats = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--policies")) policies = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: %s [--requests N (5000000)] [--objects N (1000000)] [--alpha A (1.0)]\n"
                   "          [--fraction F of the objects (0.1)] [--repeats N (3, best kept)] [--policies LIST]\n",
                   argv[0]);
      return 2;
    }
  }
  vs::FeedOptions feed;
  feed.ignore_size = true;
  std::vector<std::int64_t> next;
  vs::TraceStats st = vs::scan_trace(spec, feed, &next);
  vs::Feeder f(spec, feed, &next);
  std::vector<vs::SimRequest> trace(st.requests);
  trace.resize(f.fill(trace.data(), trace.size()));
  std::vector<vmc::models::Request> reqs;
  reqs.reserve(trace.size());
  for (const vs::SimRequest& r : trace) reqs.push_back(r.req);
  trace = {};

  vs::PolicyConfig cfg;
  cfg.ignore_size = true;
  cfg.capacity = static_cast<std::uint64_t>(fraction * double(st.objects));
  std::printf("# %llu requests, %llu objects, Zipf alpha %.2f, capacity %llu objects, sizes ignored, 1 thread\n",
              (unsigned long long)reqs.size(), (unsigned long long)st.objects, spec.synth.alpha,
              (unsigned long long)cfg.capacity);
  std::printf("%-12s %10s %10s %10s %12s\n", "policy", "Mreq/s", "(wall)", "miss", "B/object");
  std::size_t start = 0;
  for (std::size_t end; start < policies.size(); start = end + 1) {
    end = policies.find(',', start);
    if (end == std::string::npos) end = policies.size();
    std::string name = policies.substr(start, end - start);
    const vs::PolicyInfo* info = vs::find_policy(name);
    if (info == nullptr) {
      std::printf("%-12s (not registered)\n", name.c_str());
      continue;
    }
    double best = 1e30, best_wall = 1e30;
    std::uint64_t misses = 0;
    std::size_t bytes = 0, objs = 0;
    for (int rep = 0; rep < repeats; ++rep) {
      auto p = vs::make_policy(info->name, cfg);
      misses = 0;
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_seconds();
      for (const vmc::models::Request& r : reqs) misses += p->access(r) ? 0 : 1;
      best = std::min(best, cpu_seconds() - c0);
      best_wall = std::min(best_wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      bytes = vs::metadata_bytes(*p);
      objs = p->count();
    }
    std::printf("%-12s %10.1f %10.1f %10.4f %12s\n", name.c_str(), double(reqs.size()) / best / 1e6,
                double(reqs.size()) / best_wall / 1e6,
                double(misses) / double(reqs.size()),
                bytes ? std::to_string(double(bytes) / double(objs)).substr(0, 6).c_str() : "n/a");
  }
  return 0;
}
