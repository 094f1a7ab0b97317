// output.h -- what the simulator prints and writes: the per-(policy, size)
// table, CSV, JSON, and gnuplot miss-ratio-curve figures.
#ifndef VMC_SIM_OUTPUT_H
#define VMC_SIM_OUTPUT_H

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "driver.h"
#include "mrc.h"

namespace vmc::sim {

struct Report {
  std::string trace;
  bool ignore_size = false;
  std::uint64_t warmup = 0;
  std::optional<TraceStats> stats;  // when a statistics pass ran
  std::vector<JobResult> results;
  std::optional<MrcResult> mrc;     // exact LRU, from stack distances
  std::optional<MrcResult> shards;  // the SHARDS-sampled curve
  double shards_rate = 1.0;
  std::optional<MrcError> shards_error;
};

// One line per (policy, size): requests, misses, miss ratio, byte miss
// ratio, throughput (M requests/s), metadata bytes per cached object.
void print_table(std::FILE* out, const Report& r);
void print_mrc(std::FILE* out, const Report& r);

// With --compare-engine: the engine's miss-ratio difference from each
// other policy at each size.
void print_engine_differences(std::FILE* out, const Report& r, std::uint64_t extent);

// Throw std::runtime_error naming the file and errno's text when it cannot
// be written.
void write_text(const std::string& path, const Report& r);  // the table, as printed
void write_csv(const std::string& path, const Report& r);
void write_json(const std::string& path, const Report& r);
// The inverse of write_json (vmc-sim merge).  Throws std::runtime_error.
Report read_json(const std::string& path);

// Draws miss ratio (or byte miss ratio) against cache size, one curve per
// policy, plus the exact LRU curve when present; PNG (pngcairo) or SVG by
// the file's extension.  Runs gnuplot; throws std::runtime_error if it fails.
void plot_mrc(const std::string& path, const Report& r, bool bytes);

}  // namespace vmc::sim

#endif  // VMC_SIM_OUTPUT_H
