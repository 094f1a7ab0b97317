// test_util.h -- helpers for the simulator's tests: locating the shared
// traces (skipping when absent), temporary files, and running a policy over
// a trace request by request.
#ifndef VMC_SIM_TEST_UTIL_H
#define VMC_SIM_TEST_UTIL_H

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "driver.h"
#include "sim_policy.h"

namespace vmc::sim::testing {

// The shared trace's path, or "" when ../shared/traces (or
// $VMC_SHARED_TRACES) does not have it.
inline std::string shared_trace(const std::string& name) {
  const char* env = std::getenv("VMC_SHARED_TRACES");
  std::string path = std::string(env != nullptr ? env : VMC_SHARED_TRACES) + "/" + name;
  return ::access(path.c_str(), R_OK) == 0 ? path : "";
}

#define VMC_REQUIRE_TRACE(var, name)                               \
  const std::string var = ::vmc::sim::testing::shared_trace(name); \
  if (var.empty())                                                 \
  GTEST_SKIP() << "shared trace " << (name)                        \
               << " not found in ../shared/traces "                \
                  "(set VMC_SHARED_TRACES to its directory); skipping"

// A file removed when the object dies.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    path_ = ::testing::TempDir() + "vmc_sim_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter()++) + suffix;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  void write(const std::string& bytes) const { std::ofstream(path_, std::ios::binary) << bytes; }
  const std::string& path() const { return path_; }

 private:
  static int& counter() {
    static int c = 0;
    return c;
  }
  std::string path_;
};

// Every normalised request of a trace.
// Next-access positions come from the trace when it has them, else from the
// driver's precomputed pass.
inline std::vector<SimRequest> load(const TraceSpec& spec, const FeedOptions& opt = {}) {
  std::vector<std::int64_t> next;
  TraceStats st = scan_trace(spec, opt, &next);
  bool own = Feeder(spec, opt).has_next_access();
  Feeder f(spec, opt, own ? nullptr : &next);
  std::vector<SimRequest> v(st.requests);
  v.resize(f.fill(v.data(), v.size()));
  return v;
}

inline TraceSpec file_spec(const std::string& path) {
  TraceSpec s;
  s.path = path;
  return s;
}

// The hit (true) / miss sequence of one policy.
inline std::vector<bool> hits(const std::string& policy, std::uint64_t capacity,
                              const std::vector<SimRequest>& reqs, bool ignore_size) {
  PolicyConfig c;
  c.capacity = capacity;
  c.ignore_size = ignore_size;
  auto p = make_policy(policy, c);
  std::vector<bool> out;
  out.reserve(reqs.size());
  for (const SimRequest& r : reqs) {
    out.push_back(p->access(r.req));
    EXPECT_LE(p->used(), capacity) << policy;
  }
  return out;
}

}  // namespace vmc::sim::testing

#endif  // VMC_SIM_TEST_UTIL_H
