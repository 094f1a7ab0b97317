// driver.h -- the pieces of vmc_bench_driver: its options (driver.cc parses
// them) and one function per mode (driver_run.cc: run; driver_modes.cc:
// fill, churn, chase, libs).  Each mode prints its results and returns them
// as the "results" part of the JSON document.
#ifndef VMC_BENCH_DRIVER_H
#define VMC_BENCH_DRIVER_H

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "workload/cache_under_test.h"
#include "workload/runner.h"

namespace vmc::bench {

struct DriverOptions {
  std::string mode = "run";
  std::vector<unsigned> threads = {1};  // run: each count in turn
  unsigned repeat = 1;                  // run, chase: alternating rounds
  WorkloadConfig workload;
  CacheConfig cache;                  // everything but the kind and name
  std::vector<CacheConfig> caches;    // from --caches, in order
  std::string pool_text = "64M";      // as typed, for the header line
  std::uint64_t entries = 1'000'000;  // fill
  double churn_factor = 10;           // churn
  std::string thp = "off";            // chase: off | compare
  // run, with workload.cpus naming two or more CPUs: the 1-thread figure is
  // also measured on each of the others in every round (the cores of a
  // virtual machine are not always alike; see driver_run.cc).
  bool solo_each_cpu = false;
};

// One line per (cache, threads) after a round; ratios and tables at the end.
// *solo gets the 1-thread figures on the other CPUs (solo_each_cpu).
nlohmann::json run_mode(const DriverOptions& o, nlohmann::json* ratios, nlohmann::json* solo);
nlohmann::json fill_mode(const DriverOptions& o);
nlohmann::json churn_mode(const DriverOptions& o);
nlohmann::json chase_mode(const DriverOptions& o);
nlohmann::json pingpong_mode(const DriverOptions& o);
nlohmann::json libs_mode(const DriverOptions& o);

void print_stats(const std::string& name, const CacheStats& s);

}  // namespace vmc::bench

#endif  // VMC_BENCH_DRIVER_H
