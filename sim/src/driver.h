// driver.h -- replaying a trace through many (policy, capacity) pairs.
//
// The trace is read once, in chunks of requests; each chunk is handed to a
// pool of worker threads, each owning a fixed share of the (policy,
// capacity) jobs, so every job sees every request in order, always on the
// same thread.  The reader fills the next chunk while the workers
// process the current one (double buffering).  Memory: two chunks, plus
// what each policy keeps per object it holds.
//
// Request normalisation, shared by every job and by the MRC pass (the
// conventions of libCacheSim and of ../shared/traces/README.md):
//   - requests of size 0 are skipped;
//   - sizes are per request (SizeRule::kPerRequest, the default): a missed
//     object is inserted with its request's size, a hit leaves the size the
//     cache holds unchanged (the policy's business), and byte counts add
//     each request's own size -- libCacheSim's rule;
//   - SizeRule::kFirstSeen instead gives every request of an object the
//     size of its first appearance (for occupancy and byte counts), which is
//     how libCacheSim's converter writes oracleGeneral files;
//   - with ignore_size every size is 1 (capacities count objects);
//   - with unit > 1 sizes are rounded up to whole units (extents);
//   - warm-up: the first `warmup` requests, and with warmup_seconds >= 0
//     every request whose time is at most that many seconds after the first
//     request's (libCacheSim's --warmup-sec), are replayed but not counted.
#ifndef VMC_SIM_DRIVER_H
#define VMC_SIM_DRIVER_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "id_map.h"
#include "sim_policy.h"
#include "trace.h"

namespace vmc::sim {

enum class SizeRule { kPerRequest, kFirstSeen };

struct FeedOptions {
  bool ignore_size = false;
  SizeRule size_rule = SizeRule::kPerRequest;
  std::uint64_t warmup = 0;          // requests processed but not counted
  std::int64_t warmup_seconds = -1;  // -1: no warm-up by time
  std::uint64_t max_requests = 0;    // 0: the whole trace
  // Sizes in units of this many bytes, rounded up (engine extents: a value
  // of v bytes takes max(1, ceil(v / unit)) extents).  1: bytes.
  std::uint64_t unit = 1;
  bool progress = false;  // show every pass's progress (progress.h)
};

struct SimRequest {
  models::Request req;  // size: in units, by the size rule
  std::uint64_t bytes;  // bytes this request counts (1 with ignore_size)
  bool warm;            // a warm-up request: replayed, not counted
};

// Reads a trace and normalises its requests (see above).
class Feeder {
 public:
  // `next`, if not null, supplies next-access positions (from a prior pass)
  // for readers whose format has none.  Throws std::invalid_argument for
  // warm-up by time on a trace without times.
  Feeder(const TraceSpec& spec, const FeedOptions& opt,
         const std::vector<std::int64_t>* next = nullptr);

  // Fills up to n requests; returns how many (0: the end).  Throws
  // TraceError, also for a trace with no request at all.
  std::size_t fill(SimRequest* out, std::size_t n);

  std::uint64_t index() const { return index_; }  // requests delivered so far
  double progress() const;
  bool has_next_access() const { return reader_->has_next_access() || next_ != nullptr; }

 private:
  TraceSpec spec_;
  FeedOptions opt_;
  std::unique_ptr<TraceReader> reader_;
  const std::vector<std::int64_t>* next_;
  IdMap ids_;                         // id -> index into sizes_ (kFirstSeen only)
  std::vector<std::uint64_t> sizes_;  // first-appearance sizes
  std::uint64_t index_ = 0;
  std::uint64_t raw_index_ = 0;   // requests read, skipped ones included
  std::uint64_t first_time_ = 0;  // time of the first delivered request
};

struct TraceStats {
  std::uint64_t requests = 0;     // after normalisation
  std::uint64_t objects = 0;      // distinct
  std::uint64_t working_set = 0;  // sum of first-appearance sizes (units), libCacheSim's wss
  std::uint64_t bytes = 0;        // sum of request sizes
  std::uint64_t max_object = 0;   // largest request size (units)
  std::uint64_t resized = 0;      // objects requested with more than one size
};

// One pass over the trace.  If `next` is not null it receives, for request
// i (0-based), the 1-based position of the next request to the same object,
// or -1 (8 bytes per request: only Belady on a trace without the field).
TraceStats scan_trace(const TraceSpec& spec, const FeedOptions& opt,
                      std::vector<std::int64_t>* next = nullptr);

struct Job {
  std::string policy;      // a registered name
  std::uint64_t capacity;  // units
  std::string size_label;  // as the user wrote it ("0.01", "64MiB")
};

struct JobResult {
  Job job;
  std::uint64_t requests = 0;  // counted (after warm-up)
  std::uint64_t misses = 0;
  std::uint64_t bytes = 0;
  std::uint64_t missed_bytes = 0;
  std::uint64_t accessed = 0;      // all requests the policy saw
  double seconds = 0;              // thread CPU time inside the policy's loop
  std::size_t metadata_bytes = 0;  // 0: not reported
  std::uint64_t peak_objects = 0;  // sampled once per chunk
  std::string error;               // non-empty: the job failed

  double miss_ratio() const { return requests ? double(misses) / double(requests) : 0; }
  double byte_miss_ratio() const { return bytes ? double(missed_bytes) / double(bytes) : 0; }
  double throughput() const { return seconds > 0 ? double(accessed) / seconds : 0; }
};

struct RunOptions {
  int threads = 1;
  std::size_t chunk = 1 << 16;  // requests per chunk: 2 MiB, stays in L2/L3
  PolicyConfig base;            // capacity is overwritten per job
  // Per-policy parameters by canonical policy name, merged over base.params.
  std::vector<std::pair<std::string, PolicyParams>> params;
};

// A job's policy configuration: run.base, its capacity, and the --params
// given for its policy (matched by name or alias).  Throws
// std::invalid_argument naming an unknown policy.
PolicyConfig job_config(const RunOptions& run, const Job& job);

// Whether a policy needs next-access positions (offline policies).
bool needs_future(const std::string& policy);

// Replays the trace through every job.  Throws TraceError on a bad trace and
// std::invalid_argument on an unknown policy or a bad parameter (before
// reading the trace).
std::vector<JobResult> run_jobs(const TraceSpec& spec, const FeedOptions& opt,
                                const std::vector<Job>& jobs, const RunOptions& run);

}  // namespace vmc::sim

#endif  // VMC_SIM_DRIVER_H
