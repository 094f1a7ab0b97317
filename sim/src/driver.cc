// driver.cc -- Feeder, the statistics pass, and the parallel replay.
#include "driver.h"

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include <time.h>

#include "progress.h"

namespace vmc::sim {

// --- Feeder ----------------------------------------------------------------------

Feeder::Feeder(const TraceSpec& spec, const FeedOptions& opt, const std::vector<std::int64_t>* next)
    : spec_(spec), opt_(opt), reader_(open_trace(spec)), next_(next) {
  if (opt.warmup_seconds >= 0 && !reader_->has_time())
    throw std::invalid_argument(
        "--warmup-sec needs request times, and " + spec.label() + " (" +
        std::string(
            format_name(spec.format == Format::kAuto ? guess_format(spec.path) : spec.format)) +
        ") has none (a csv needs time-col); warm up by count with --warmup N");
}

double Feeder::progress() const {
  if (opt_.max_requests > 0) return double(index_) / double(opt_.max_requests);
  return reader_->progress();
}

std::size_t Feeder::fill(SimRequest* out, std::size_t n) {
  std::size_t k = 0;
  Record rec;
  while (k < n) {
    if (opt_.max_requests > 0 && index_ == opt_.max_requests) break;
    if (!reader_->next(rec)) {
      if (raw_index_ == 0) throw TraceError(spec_.label() + ": empty trace (no requests)");
      break;
    }
    ++raw_index_;
    models::Request& r = rec.req;
    if (r.size == 0) continue;  // the published simulators skip them
    if (opt_.ignore_size) {
      r.size = 1;
    } else if (opt_.size_rule == SizeRule::kFirstSeen) {
      std::uint32_t o = ids_.find(r.id);
      if (o == IdMap::kNone) {
        ids_.insert(r.id, static_cast<std::uint32_t>(sizes_.size()));
        sizes_.push_back(r.size);
      } else {
        r.size = sizes_[o];
      }
    }
    SimRequest& s = out[k++];
    s.bytes = r.size;
    if (opt_.unit > 1) r.size = (r.size + opt_.unit - 1) / opt_.unit;
    if (index_ == 0) first_time_ = rec.time;
    s.warm = index_ < opt_.warmup ||
             (opt_.warmup_seconds >= 0 &&
              static_cast<std::int64_t>(rec.time) - static_cast<std::int64_t>(first_time_) <=
                  opt_.warmup_seconds);
    if (next_ != nullptr) r.next_access = index_ < next_->size() ? (*next_)[index_] : -1;
    s.req = r;
    ++index_;
  }
  return k;
}

// --- statistics pass ---------------------------------------------------------------

TraceStats scan_trace(const TraceSpec& spec, const FeedOptions& opt,
                      std::vector<std::int64_t>* next) {
  FeedOptions o = opt;
  o.warmup = 0;
  o.warmup_seconds = -1;
  Feeder f(spec, o);
  TraceStats st;
  IdMap seen;
  std::vector<std::uint64_t> last;  // per object: its last request index
  std::vector<std::uint64_t> size;  // per object: its first size
  std::vector<bool> resized;
  std::vector<SimRequest> buf(1 << 16);
  Progress progress(next != nullptr ? "next-access pass" : "statistics pass", opt.progress);
  if (next != nullptr) next->clear();
  while (std::size_t n = f.fill(buf.data(), buf.size())) {
    for (std::size_t i = 0; i < n; ++i) {
      const SimRequest& s = buf[i];
      std::uint32_t obj = seen.find(s.req.id);
      if (obj == IdMap::kNone) {
        obj = static_cast<std::uint32_t>(last.size());
        seen.insert(s.req.id, obj);
        last.push_back(UINT64_MAX);
        size.push_back(s.req.size);
        resized.push_back(false);
        st.working_set += s.req.size;
      } else if (size[obj] != s.req.size && !resized[obj]) {
        resized[obj] = true;
        ++st.resized;
      }
      st.max_object = std::max(st.max_object, s.req.size);
      if (next != nullptr) {
        if (last[obj] != UINT64_MAX)
          (*next)[last[obj]] = static_cast<std::int64_t>(st.requests) + 1;
        next->push_back(-1);
      }
      last[obj] = st.requests;
      st.bytes += s.bytes;
      ++st.requests;
    }
    progress.update(st.requests, f.progress());
  }
  st.objects = last.size();
  return st;
}

// --- the parallel replay --------------------------------------------------------------

bool needs_future(const std::string& policy) {
  const PolicyInfo* p = find_policy(policy);
  return p != nullptr && (p->name == "belady" || p->name == "belady-lcs");
}

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

void run_chunk(JobState& js, const SimRequest* r, std::size_t n) {
  if (!js.result.error.empty()) return;
  const double t0 = thread_seconds();
  models::Policy& p = *js.policy;
  std::uint64_t counted = 0, misses = 0, bytes = 0, missed = 0;
  try {
    for (std::size_t i = 0; i < n; ++i) {
      const bool hit = p.access(r[i].req);
      if (r[i].warm) continue;
      ++counted;
      misses += hit ? 0 : 1;
      missed += hit ? 0 : r[i].bytes;
      bytes += r[i].bytes;
    }
  } catch (const std::exception& e) {
    js.result.error = e.what();
  }
  JobResult& res = js.result;
  res.seconds += thread_seconds() - t0;
  res.requests += counted;
  res.accessed += n;
  res.misses += misses;
  res.bytes += bytes;
  res.missed_bytes += missed;
  if (p.count() > res.peak_objects) res.peak_objects = p.count();
}

}  // namespace

PolicyConfig job_config(const RunOptions& run, const Job& job) {
  PolicyConfig c = run.base;
  c.capacity = job.capacity;
  const PolicyInfo* info = find_policy(job.policy);
  if (info == nullptr)
    throw std::invalid_argument("unknown policy '" + job.policy +
                                "' (vmc-sim --list-policies shows them)");
  for (const auto& [name, p] : run.params) {
    const PolicyInfo* target = find_policy(name);
    if (target == nullptr)
      throw std::invalid_argument("--params " + name +
                                  ": unknown policy (vmc-sim --list-policies shows them)");
    if (target == info) c.params.merge(p);
  }
  return c;
}

std::vector<JobResult> run_jobs(const TraceSpec& spec, const FeedOptions& opt,
                                const std::vector<Job>& jobs, const RunOptions& run) {
  std::vector<JobState> states(jobs.size());
  bool future = false;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    states[i].policy = make_policy(jobs[i].policy, job_config(run, jobs[i]));
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
  std::vector<SimRequest> buf[2] = {std::vector<SimRequest>(run.chunk),
                                    std::vector<SimRequest>(run.chunk)};
  std::size_t len[2] = {0, 0};
  int cur = 0;
  bool done = false;
  std::barrier sync(threads + 1);

  // Worker t owns jobs t, t + threads, ...: a job always runs on the same
  // thread (the engine's CLOCK keeps per-thread rings; caches stay warm).
  auto work = [&](int t) {
    for (;;) {
      sync.arrive_and_wait();  // a chunk is published (or done)
      if (done) return;
      for (std::size_t j = static_cast<std::size_t>(t); j < states.size();
           j += static_cast<std::size_t>(threads))
        run_chunk(states[j], buf[cur].data(), len[cur]);
      sync.arrive_and_wait();  // every job finished the chunk
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);

  std::exception_ptr failure;
  auto fill = [&](int b) {
    try {
      len[b] = feeder->fill(buf[b].data(), run.chunk);
    } catch (...) {
      failure = std::current_exception();
      len[b] = 0;
    }
  };
  Progress progress("replay", opt.progress);
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
