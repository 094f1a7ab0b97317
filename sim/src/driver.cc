// driver.cc -- Feeder, the statistics pass, and the parallel replay.
#include "driver.h"

#include <barrier>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include <time.h>
#include <unistd.h>

namespace vmc::sim {

using Clock = std::chrono::steady_clock;

// --- Feeder ----------------------------------------------------------------------

Feeder::Feeder(const TraceSpec& spec, const FeedOptions& opt, const std::vector<std::int64_t>* next)
    : spec_(spec), opt_(opt), reader_(open_trace(spec)), next_(next) {}

double Feeder::progress() const {
  if (opt_.max_requests > 0) return double(index_) / double(opt_.max_requests);
  return reader_->progress();
}

std::size_t Feeder::fill(SimRequest* out, std::size_t n) {
  std::size_t k = 0;
  models::Request r;
  while (k < n) {
    if (opt_.max_requests > 0 && index_ == opt_.max_requests) break;
    if (!reader_->next(r)) {
      if (raw_index_ == 0) throw TraceError(spec_.label() + ": empty trace (no requests)");
      break;
    }
    ++raw_index_;
    if (r.size == 0) continue;  // the published simulators skip them
    SimRequest& s = out[k++];
    s.bytes = r.size;
    if (opt_.ignore_size) {
      r.size = 1;
      s.bytes = 1;
    } else {
      std::uint32_t o = ids_.find(r.id);
      if (o == IdMap::kNone) {
        ids_.insert(r.id, static_cast<std::uint32_t>(sizes_.size()));
        sizes_.push_back(r.size);
      } else {
        r.size = sizes_[o];
      }
      s.bytes = r.size;
      if (opt_.unit > 1) r.size = (r.size + opt_.unit - 1) / opt_.unit;
    }
    if (next_ != nullptr) r.next_access = index_ < next_->size() ? (*next_)[index_] : -1;
    s.req = r;
    ++index_;
  }
  return k;
}

// --- statistics pass ---------------------------------------------------------------

TraceStats scan_trace(const TraceSpec& spec, const FeedOptions& opt, std::vector<std::int64_t>* next) {
  FeedOptions o = opt;
  o.warmup = 0;
  Feeder f(spec, o);
  TraceStats st;
  IdMap seen;
  std::vector<std::uint64_t> last;  // per object: its last request index
  std::vector<SimRequest> buf(1 << 16);
  if (next != nullptr) next->clear();
  while (std::size_t n = f.fill(buf.data(), buf.size())) {
    for (std::size_t i = 0; i < n; ++i) {
      const SimRequest& s = buf[i];
      std::uint32_t obj = seen.find(s.req.id);
      if (obj == IdMap::kNone) {
        obj = static_cast<std::uint32_t>(last.size());
        seen.insert(s.req.id, obj);
        last.push_back(UINT64_MAX);
        st.working_set += s.req.size;
        if (s.req.size > st.max_object) st.max_object = s.req.size;
      }
      if (next != nullptr) {
        if (last[obj] != UINT64_MAX) (*next)[last[obj]] = static_cast<std::int64_t>(st.requests) + 1;
        next->push_back(-1);
      }
      last[obj] = st.requests;
      st.bytes += s.bytes;
      ++st.requests;
    }
  }
  st.objects = last.size();
  return st;
}

// --- the parallel replay --------------------------------------------------------------

bool needs_future(const std::string& policy) { return policy == "belady"; }

namespace {

struct JobState {
  std::unique_ptr<models::Policy> policy;
  JobResult result;
};

// CPU time of the calling thread: a job's throughput must not depend on how
// often other processes took the core away.
double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

void run_chunk(JobState& js, const SimRequest* r, std::size_t n, std::uint64_t base, std::uint64_t warmup) {
  if (!js.result.error.empty()) return;
  const double t0 = thread_seconds();
  models::Policy& p = *js.policy;
  std::size_t start = base >= warmup ? 0 : std::min<std::uint64_t>(n, warmup - base);
  std::uint64_t misses = 0, bytes = 0, missed = 0;
  try {
    for (std::size_t i = 0; i < start; ++i) p.access(r[i].req);
    for (std::size_t i = start; i < n; ++i) {
      bool hit = p.access(r[i].req);
      misses += hit ? 0 : 1;
      missed += hit ? 0 : r[i].bytes;
      bytes += r[i].bytes;
    }
  } catch (const std::exception& e) {
    js.result.error = e.what();
  }
  JobResult& res = js.result;
  res.seconds += thread_seconds() - t0;
  res.requests += n - start;
  res.accessed += n;
  res.misses += misses;
  res.bytes += bytes;
  res.missed_bytes += missed;
  if (p.count() > res.peak_objects) res.peak_objects = p.count();
}

class Progress {
 public:
  explicit Progress(bool on) : on_(on), tty_(isatty(2) != 0), start_(Clock::now()), last_(start_) {}
  void update(std::uint64_t done, double frac) {
    if (!on_) return;
    auto now = Clock::now();
    double el = std::chrono::duration<double>(now - start_).count();
    if (el < 3 || std::chrono::duration<double>(now - last_).count() < 1) return;
    // A terminal gets one line rewritten every second; a file or pipe one
    // line every 10 s.
    if (!tty_ && std::chrono::duration<double>(now - last_).count() < 10) return;
    last_ = now;
    shown_ = true;
    const char* lead = tty_ ? "\r" : "";
    const char* tail = tty_ ? "   " : "\n";
    if (frac >= 0)
      std::fprintf(stderr, "%s  %.1f M requests (%.0f%%), %.0f s elapsed%s", lead, double(done) / 1e6, frac * 100, el, tail);
    else
      std::fprintf(stderr, "%s  %.1f M requests, %.0f s elapsed%s", lead, double(done) / 1e6, el, tail);
    std::fflush(stderr);
  }
  ~Progress() {
    if (shown_ && tty_) std::fprintf(stderr, "\n");
  }

 private:
  bool on_, tty_, shown_ = false;
  Clock::time_point start_, last_;
};

}  // namespace

std::vector<JobResult> run_jobs(const TraceSpec& spec, const FeedOptions& opt, const std::vector<Job>& jobs,
                                const RunOptions& run) {
  std::vector<JobState> states(jobs.size());
  bool future = false;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const PolicyInfo* info = find_policy(jobs[i].policy);
    if (info == nullptr) throw std::invalid_argument("unknown policy '" + jobs[i].policy + "'");
    PolicyConfig c = run.base;
    c.capacity = jobs[i].capacity;
    states[i].policy = info->make(c);
    states[i].result.job = jobs[i];
    future = future || needs_future(jobs[i].policy);
  }

  std::vector<std::int64_t> next;
  std::unique_ptr<Feeder> feeder = std::make_unique<Feeder>(spec, opt);
  if (future && !feeder->has_next_access()) {
    scan_trace(spec, opt, &next);  // the precomputed pass for Belady
    feeder = std::make_unique<Feeder>(spec, opt, &next);
  }

  const int threads = std::max(1, std::min<int>(run.threads, static_cast<int>(jobs.size())));
  std::vector<SimRequest> buf[2] = {std::vector<SimRequest>(run.chunk), std::vector<SimRequest>(run.chunk)};
  std::size_t len[2] = {0, 0};
  std::uint64_t base[2] = {0, 0};
  int cur = 0;
  bool done = false;
  std::barrier sync(threads + 1);

  // Worker t owns jobs t, t + threads, ...: a job always runs on the same
  // thread (the engine's CLOCK keeps per-thread rings; caches stay warm).
  auto work = [&](int t) {
    for (;;) {
      sync.arrive_and_wait();  // a chunk is published (or done)
      if (done) return;
      for (std::size_t j = static_cast<std::size_t>(t); j < states.size(); j += static_cast<std::size_t>(threads))
        run_chunk(states[j], buf[cur].data(), len[cur], base[cur], opt.warmup);
      sync.arrive_and_wait();  // every job finished the chunk
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);

  std::exception_ptr failure;
  auto fill = [&](int b) {
    base[b] = feeder->index();
    try {
      len[b] = feeder->fill(buf[b].data(), run.chunk);
    } catch (...) {
      failure = std::current_exception();
      len[b] = 0;
    }
  };
  Progress progress(run.progress);
  fill(cur);
  for (;;) {
    done = len[cur] == 0;
    sync.arrive_and_wait();
    if (done) break;
    fill(1 - cur);
    sync.arrive_and_wait();
    cur = 1 - cur;
    progress.update(feeder->index(), feeder->progress());
  }
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);

  std::vector<JobResult> out;
  for (JobState& s : states) {
    s.result.metadata_bytes = metadata_bytes(*s.policy);
    out.push_back(std::move(s.result));
  }
  return out;
}

}  // namespace vmc::sim
