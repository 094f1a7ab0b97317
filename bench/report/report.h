// report.h -- the data model of vmc_report: the experiment outputs under
// papers/data/, indexed by the driver's --label, the queries the report and
// its figures make of them, and the generators of its tables and figures.
//
// Labels (written by bench/run_experiments.sh and bench/scalability.sh):
//   threads/{hit,mixed,miss,mix}/T   thread sweep: engine, upstream (when
//                                    ../shared had it), textbook, sharded
//   vsize/V/T                        value-size sweep, three caches each
//   pool/MIB, chase/MIB              pool-size sweep (engine) and the
//                                    dependent-load latency at that size
//   fs/{tmpfs,disk}/{hit,miss}/T     pool on tmpfs vs on a disk directory
//   scan/MIB/T                       evicting puts by pool size
//   fill, churn                      memory figures
//   scal/{onehot,skewed,evict64,evict1,small1,uniform}  one run each, all
//                                    thread counts and caches inside
//   scal/chase_thp, scal/thp         huge pages: raw mappings, the engine
//   scal/writes_{skewed,evict,mix}   shared-write tables (counting build)
//   index                            vmc_index_bench (HashIndex vs libcds)
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
  // results[] entry of `cache` (at `threads`, 0: the first) in run `label`;
  // throws if absent.
  const json& result(const std::string& label, const std::string& cache,
                     unsigned threads = 0) const;
  bool has_result(const std::string& label, const std::string& cache, unsigned threads = 0) const;
  double ops(const std::string& label, const std::string& cache, unsigned threads = 0) const {
    return result(label, cache, threads).at("ops_per_sec").get<double>();
  }
  // The numbers N of labels "prefix/N", ascending.
  std::vector<long> suffixes(const std::string& prefix) const;

  const std::map<std::string, std::string>& env() const { return env_; }
  const std::string& quick() const { return quick_; }
  const json& micro() const { return micro_; }
  bool has_micro() const { return !micro_.is_null(); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  const json* find(const std::string& label, const std::string& cache, unsigned threads) const;

  std::filesystem::path dir_;
  std::map<std::string, json> runs_;
  std::map<std::string, std::string> env_;
  std::string quick_;
  json micro_;
};

// Formatting shared by the tables and the template's placeholders.
std::string fmt(double v, int prec);
std::string human_bytes(long v);
std::vector<std::string> split(const std::string& s, char sep);
std::string slurp(const std::filesystem::path& p);
// "**met** (2.10x >= 1.80x)" or "**missed** (1.20x < 1.80x: 33% short)".
std::string verdict_min(double got, double want, const std::string& unit);

// The caches of the thread sweep present in `label`, in report order
// (engine, upstream, textbook, sharded).
std::vector<std::string> sweep_caches(const Data& d, const std::string& label);

// {{table:NAME}} (tables.cc); scalability's own in scalability.cc.
std::string table(const Data& d, const std::string& name);
std::string scal_table(const Data& d, const std::string& name);
// {{scal:NAME}}: a figure or a verdict of the scalability experiments.
std::string scal_value(const Data& d, const std::string& name);

// Writes figures/*.dat and figures/plots.gp (run by papers/make_report.sh
// with gnuplot, from inside figures/).
void write_figures(const Data& d, const std::filesystem::path& fig_dir);

extern const char* const kSweepCaches[4];     // engine, upstream, textbook, sharded
extern const char* const kSweepWorkloads[4];  // hit, mixed, miss, mix

}  // namespace vmc::report

#endif  // VMC_BENCH_REPORT_REPORT_H
