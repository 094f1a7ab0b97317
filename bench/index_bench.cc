// index_bench.cc -- vmc_index_bench: the engine's hash index against libcds
// hash maps, index only, so the choice of index rests on numbers
// (engine/src/index.h argues against libcds on other grounds too).
//
// Each index maps a 16-byte key to an entry location, as a cache needs:
//   ours             HashIndex (Harris-Michael chains, intrusive: the key
//                    and location live in the engine's 64-byte entry),
//                    callers pinned in the epoch domain for each call, the
//                    entry allocated from the cache's jemalloc arena through
//                    a per-thread tcache, as the engine does
//   michael-hp       cds::container::MichaelHashMap over MichaelKVList,
//                    hazard-pointer reclamation (cds::gc::HP)
//   michael-urcu     the same over user-space RCU (general_buffered: the
//                    epoch-like flavour; find locks internally)
//   splitlist-hp     cds::container::SplitListMap (resizable), HP
// All hash with XXH3 (the engine's hash_key) and are sized for --keys
// entries with 2 per bucket (ours: buckets = entries / 2, rounded up to a
// power of two; Michael: the same; split-list: load factor 2).
//
// Phases, per index and thread count, each timed between barriers:
//   insert       the threads insert disjoint shares of --keys keys into an
//                empty index
//   lookup-hit   each thread looks up --lookups random present keys
//   lookup-miss  each thread looks up --lookups random absent keys
// Rounds alternate the indexes (median reported).  libcds needs
// cds::Initialize, its GC singletons, and every thread attached (done here
// around each worker, outside the timing).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "index_bench_maps.h"
#include "workload/report_json.h"

namespace ib = vmc::index_bench;
namespace vb = vmc::bench;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::uint64_t keys = 1'000'000;
  std::uint64_t lookups = 2'000'000;  // per thread
  std::vector<unsigned> threads = {1, 2};
  unsigned rounds = 3;
  std::string json_path;
};

enum class Phase { kInsert, kLookupHit, kLookupMiss };
const char* const kPhaseNames[] = {"insert", "lookup-hit", "lookup-miss"};

// Runs `body(tid, thread_ctx)` on `threads` threads between two barriers;
// returns the timed span (first start to last end) in seconds.
template <typename Index>
double timed(Index& idx, unsigned threads,
             const std::function<void(unsigned, typename Index::Thread&)>& body) {
  std::vector<Clock::time_point> start(threads), end(threads);
  std::barrier sync(static_cast<std::ptrdiff_t>(threads));
  std::vector<std::thread> ts;
  for (unsigned t = 0; t < threads; ++t) {
    ts.emplace_back([&, t] {
      typename Index::Thread ctx(idx);  // attach (libcds), tcache (ours)
      sync.arrive_and_wait();
      start[t] = Clock::now();
      body(t, ctx);
      end[t] = Clock::now();
      sync.arrive_and_wait();
    });
  }
  for (auto& th : ts) th.join();
  return std::chrono::duration<double>(*std::max_element(end.begin(), end.end()) -
                                       *std::min_element(start.begin(), start.end()))
      .count();
}

// Mops/s of the three phases on a fresh index of type Index.
template <typename Index>
std::array<double, 3> measure(const Options& o, unsigned threads) {
  Index idx(o.keys);
  std::array<double, 3> mops{};
  const double ins = timed<Index>(idx, threads, [&](unsigned t, typename Index::Thread& c) {
    for (std::uint64_t id = t; id < o.keys; id += threads) idx.insert(c, ib::Key16(id), id);
  });
  mops[0] = o.keys / ins / 1e6;
  std::uint64_t found = 0;
  for (int miss = 0; miss < 2; ++miss) {
    std::vector<std::uint64_t> hits(threads);
    const double s = timed<Index>(idx, threads, [&](unsigned t, typename Index::Thread& c) {
      vb::Rng rng(t + 1 + 100 * miss);
      std::uint64_t h = 0;
      for (std::uint64_t i = 0; i < o.lookups; ++i) {
        h += idx.lookup(c, ib::Key16(rng.below(o.keys) + (miss ? o.keys : 0)));
      }
      hits[t] = h;
    });
    mops[1 + miss] = threads * o.lookups / s / 1e6;
    for (auto h : hits) found += h;
  }
  // Every hit lookup finds its key and no miss does.
  if (found != threads * o.lookups) {
    throw std::runtime_error(std::string(Index::kName) + ": " + std::to_string(found) +
                             " lookups found a key, expected " +
                             std::to_string(threads * o.lookups));
  }
  return mops;
}

using Measure = std::array<double, 3> (*)(const Options&, unsigned);
struct Variant {
  const char* name;
  Measure fn;
};
const Variant kVariants[] = {
    {ib::OurIndex::kName, &measure<ib::OurIndex>},
    {ib::MichaelHp::kName, &measure<ib::MichaelHp>},
    {ib::MichaelUrcu::kName, &measure<ib::MichaelUrcu>},
    {ib::SplitListHp::kName, &measure<ib::SplitListHp>},
};

// [variant][threads] -> rounds of the three phases
using Results = std::map<std::pair<std::string, unsigned>, std::vector<std::array<double, 3>>>;

Results run_rounds(const Options& o) {
  Results res;
  for (unsigned r = 0; r < o.rounds; ++r) {
    for (unsigned t : o.threads) {
      for (const Variant& v : kVariants) {
        auto m = v.fn(o, t);
        std::printf(
            "  round %u: %-13s %u thr: insert %.2f  lookup-hit %.2f  lookup-miss %.2f "
            "Mops/s\n",
            r + 1, v.name, t, m[0], m[1], m[2]);
        std::fflush(stdout);
        res[{v.name, t}].push_back(m);
      }
    }
  }
  return res;
}

double median_of(const std::vector<std::array<double, 3>>& rounds, int phase) {
  std::vector<double> v;
  for (const auto& r : rounds) v.push_back(r[phase]);
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

json report(const Options& o, const Results& res) {
  json out = json::array();
  std::printf("medians of %u rounds, Mops/s (ours / libcds in brackets):\n", o.rounds);
  std::printf("  %-13s %4s %16s %16s %16s\n", "index", "thr", "insert", "lookup-hit",
              "lookup-miss");
  for (unsigned t : o.threads) {
    for (const Variant& v : kVariants) {
      const auto& rounds = res.at({v.name, t});
      const auto& ours = res.at({kVariants[0].name, t});
      std::printf("  %-13s %4u", v.name, t);
      json j = {{"index", v.name}, {"threads", t}};
      for (int p = 0; p < 3; ++p) {
        const double m = median_of(rounds, p), ratio = median_of(ours, p) / m;
        std::printf(" %8.2f (%5.2fx)", m, ratio);
        j[kPhaseNames[p]] = {{"mops", m}, {"ours_over_this", ratio}};
      }
      std::printf("\n");
      out.push_back(j);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"index only: the engine's HashIndex vs libcds hash maps"};
  Options o;
  app.add_option("--keys", o.keys, "keys inserted (and present for lookups)")
      ->capture_default_str();
  app.add_option("--lookups", o.lookups, "lookups per thread per phase")->capture_default_str();
  app.add_option("--threads", o.threads, "thread counts")->delimiter(',')->capture_default_str();
  app.add_option("--rounds", o.rounds, "alternating rounds (median reported)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--json", o.json_path, "also write the figures here as JSON");
  CLI11_PARSE(app, argc, argv);
  try {
    ib::LibcdsRuntime cds;  // cds::Initialize, GC singletons, main thread attached
    std::printf("index only, %llu keys of 16 B, %llu lookups per thread\n",
                (unsigned long long)o.keys, (unsigned long long)o.lookups);
    json out;
    out["label"] = "index";
    out["mode"] = "index";
    out["machine"] = vb::machine_info();
    out["keys"] = o.keys;
    out["lookups_per_thread"] = o.lookups;
    out["results"] = report(o, run_rounds(o));
    if (!o.json_path.empty()) {
      std::ofstream f(o.json_path);
      f << out.dump(2) << "\n";
      if (!f) throw std::runtime_error("cannot write " + o.json_path);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_index_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
