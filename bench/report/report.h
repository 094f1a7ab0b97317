// report.h -- the data model of vmc_report: the experiment outputs under
// papers/data/, indexed by the driver's --label, and the queries the report
// and its figures make of them.
//
// Labels (written by bench/run_experiments.sh):
//   threads/{hit,mixed,miss,mix}/T   thread sweep, three caches each
//   vsize/V/T                        value-size sweep, three caches each
//   pool/MIB, chase/MIB              pool-size sweep (engine) and the
//                                    dependent-load latency at that size
//   fs/{tmpfs,disk}/{hit,miss}/T     pool on tmpfs vs on a disk directory
//   fill, churn                      memory figures
// plus micro.json (Google Benchmark), quick.txt and env.txt.
#ifndef VMC_BENCH_REPORT_REPORT_H
#define VMC_BENCH_REPORT_REPORT_H

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmc::report {

using nlohmann::json;

class Data {
 public:
  // Reads every *.json and env.txt/quick.txt in `dir`; throws on a
  // malformed file.
  explicit Data(const std::filesystem::path& dir);

  bool has(const std::string& label) const { return runs_.count(label) != 0; }
  // The driver document with that label; throws if absent.
  const json& run(const std::string& label) const;
  // results[] entry of `cache` in run `label`; throws if absent.
  const json& result(const std::string& label, const std::string& cache) const;
  double ops(const std::string& label, const std::string& cache) const {
    return result(label, cache).at("ops_per_sec").get<double>();
  }
  // The numbers N of labels "prefix/N", ascending.
  std::vector<long> suffixes(const std::string& prefix) const;

  const std::map<std::string, std::string>& env() const { return env_; }
  const std::string& quick() const { return quick_; }
  const json& micro() const { return micro_; }
  bool has_micro() const { return !micro_.is_null(); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::map<std::string, json> runs_;
  std::map<std::string, std::string> env_;
  std::string quick_;
  json micro_;
};

// Writes figures/*.dat and figures/plots.gp (run by papers/make_report.sh
// with gnuplot, from inside figures/).
void write_figures(const Data& d, const std::filesystem::path& fig_dir);

extern const char* const kCaches[3];  // engine, textbook, sharded
extern const char* const kSweepWorkloads[4];  // hit, mixed, miss, mix

}  // namespace vmc::report

#endif  // VMC_BENCH_REPORT_REPORT_H
