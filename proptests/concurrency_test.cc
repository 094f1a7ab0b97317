// concurrency_test.cc -- property 4 of proptests/README.md: concurrent
// histories.
//
// a. Without eviction pressure: 2-3 threads run a handful of put / get /
//    exists / evict(key) each on three keys, all started together; each
//    operation records its invocation and response on one global counter.
//    The history must be linearizable: some order of the operations that
//    respects real time (a before b when a responded before b was invoked),
//    run on the model, gives every observed result (return value, errno,
//    bytes, *vsize), and ends with the engine's statistics at quiescence
//    (all but DRAM_SIZE_USED and HEAP_ENTRIES, which depends on per-thread
//    cursors).  The search tries every order the history allows.
// b. With eviction pressure: no torn value (every get returns exactly the
//    bytes of one put of that key, whole), entries being evicted are
//    readable from on_evict, and at quiescence the statistics are conserved
//    (GET = HIT + MISS = gets; PUT = successful puts; EVICT = on_evict calls;
//    ENTRIES = PUT - EVICT = keys that exist; POOL_SIZE_USED = their
//    extents), and evicting everything leaves an empty pool (HEAP_ENTRIES 1).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "values.h"

namespace vmc::proptests {
namespace {

struct COp {
  enum Kind { kPut, kGet, kExists, kEvict } kind;
  int key;
  std::size_t size;  // puts
  int delay = 0;     // spins before the invocation, to vary the interleaving
};

std::ostream& operator<<(std::ostream& os, const COp& op) {
  static const char* names[] = {"put", "get", "exists", "evict"};
  os << names[op.kind] << "(k" << op.key;
  if (op.kind == COp::kPut) os << ", " << op.size;
  if (op.delay != 0) os << ", delay " << op.delay;
  return os << ")";
}

std::string key_of(int k) { return "key" + std::to_string(k); }

// What an operation returned.
struct Result {
  long long ret = 0;
  int err = 0;
  std::size_t vsize = 0;
  std::string bytes;
  bool operator==(const Result&) const = default;
};
std::string show(const Result& r) {
  std::ostringstream os;
  os << "ret=" << r.ret;
  if (r.ret == -1) os << " " << errno_name(r.err);
  if (r.ret >= 0) os << " vsize=" << r.vsize << " fnv=" << fnv1a(r.bytes.data(), r.bytes.size());
  return os.str();
}

struct Event {
  COp op;
  int thread;
  std::uint64_t seed;  // put value seed: unique per operation
  std::uint64_t inv = 0, resp = 0;
  Result result;
};

// Values of part (a) are up to 16 KiB, so that an operation lasts longer than
// the skew between threads leaving a barrier (else they never overlap).
constexpr std::size_t kMaxPutA = 16384;
constexpr std::size_t kMaxGet = kMaxPutA;
// Each generated history is run this many times (fresh cache each time):
// the interleaving differs from run to run.
constexpr int kRounds = 8;

// Runs one operation on any cache (the engine, or a model while searching).
template <typename Cache>
Result run_op(Cache& c, const COp& op, std::uint64_t seed) {
  const std::string k = key_of(op.key);
  Result r;
  switch (op.kind) {
    case COp::kPut: {
      std::string v = value_bytes(op.size, seed);
      r.ret = c.put(k.data(), k.size(), v.data(), v.size());
      break;
    }
    case COp::kGet: {
      std::string buf(kMaxGet, '\0');
      r.ret = c.get(k.data(), k.size(), buf.data(), buf.size(), 0, &r.vsize);
      if (r.ret >= 0) r.bytes = buf.substr(0, static_cast<std::size_t>(r.ret));
      break;
    }
    case COp::kExists:
      r.ret = c.exists(k.data(), k.size(), &r.vsize);
      break;
    case COp::kEvict:
      r.ret = c.evict(k.data(), k.size());
      break;
  }
  r.err = r.ret == -1 ? errno : 0;
  if (r.ret != 1 && op.kind == COp::kExists) r.vsize = 0;
  return r;
}

// Depth-first search for a linearization of `h` from model state `m`.
class Linearizer {
 public:
  Linearizer(const std::vector<Event>& h, const std::uint64_t* final_stats)
      : h_(h), final_(final_stats), done_(h.size(), false) {}

  bool search(const models::CacheModel& m, std::size_t left) {
    if (left == 0) return final_stats_match(m);
    std::uint64_t min_resp = ~std::uint64_t{0};
    for (std::size_t i = 0; i < h_.size(); ++i)
      if (!done_[i]) min_resp = std::min(min_resp, h_[i].resp);
    for (std::size_t i = 0; i < h_.size(); ++i) {
      if (done_[i] || h_[i].inv > min_resp) continue;  // some op surely precedes it
      models::CacheModel next = m;
      if (!(run_op(next, h_[i].op, h_[i].seed) == h_[i].result)) continue;
      done_[i] = true;
      order_.push_back(i);
      if (search(next, left - 1)) return true;
      order_.pop_back();
      done_[i] = false;
    }
    return false;
  }
  const std::vector<std::size_t>& order() const { return order_; }

 private:
  bool final_stats_match(const models::CacheModel& m) const {
    using models::Stat;
    for (Stat s : {Stat::kPut, Stat::kGet, Stat::kHit, Stat::kMiss, Stat::kEvict, Stat::kEntries,
                   Stat::kPoolSizeUsed})
      if (m.stat(s) != final_[static_cast<int>(s)]) return false;
    return true;
  }
  const std::vector<Event>& h_;
  const std::uint64_t* final_;
  std::vector<bool> done_;
  std::vector<std::size_t> order_;
};

std::string show_history(const std::vector<Event>& h) {
  std::ostringstream os;
  for (const Event& e : h)
    os << "  T" << e.thread << " [" << e.inv << "," << e.resp << "] " << e.op << " -> "
       << show(e.result) << "\n";
  return os.str();
}

// Starts one thread per list of operations, all released at once: each runs
// `warm_up` (so lazy per-thread set-up in the engine happens before the
// start line), announces itself, and waits for all the others.
template <typename WarmUp, typename Body>
void run_threads(int n, WarmUp warm_up, Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < n; ++t)
    ts.emplace_back([&, t] {
      warm_up();
      ready.fetch_add(1, std::memory_order_acq_rel);  // AcqRel: a start line, nothing more
      while (ready.load(std::memory_order_acquire) < n) std::this_thread::yield();
      body(t);
    });
  for (auto& th : ts) th.join();
}

rc::Gen<COp> gen_cop(std::size_t max_size) {
  return rc::gen::build<COp>(
      rc::gen::set(&COp::kind,
                   rc::gen::weightedElement<COp::Kind>(
                       {{4, COp::kPut}, {4, COp::kGet}, {1, COp::kExists}, {2, COp::kEvict}})),
      rc::gen::set(&COp::key, rc::gen::inRange(0, 3)),
      rc::gen::set(&COp::size, rc::gen::inRange<std::size_t>(0, max_size + 1)),
      rc::gen::set(&COp::delay, rc::gen::weightedOneOf<int>(
                                    {{1, rc::gen::just(0)}, {3, rc::gen::inRange(0, 400)}})));
}

RC_GTEST_PROP(Linearizability, ConcurrentHistoriesWithoutEvictionAreLinearizable, ()) {
  const int threads = *rc::gen::inRange(2, 4);
  // (Counts drawn first: resizing the container generator would also shrink
  // the range of every value inside it.)
  std::vector<std::vector<COp>> ops;
  for (int t = 0; t < threads; ++t)
    ops.push_back(*rc::gen::container<std::vector<COp>>(*rc::gen::inRange<std::size_t>(1, 5),
                                                        gen_cop(kMaxPutA)));
  Config cfg;  // 1 MiB of 256-byte extents: at most 3 keys * 16 KiB are ever used

  int overlapped = 0;  // rounds in which two threads' operations overlapped
  for (int round = 0; round < kRounds; ++round) {
    auto engine = make_engine(cfg);
    RC_ASSERT(engine != nullptr);
    std::atomic<std::uint64_t> ticket{0};
    std::vector<std::vector<Event>> per(threads);
    // The i-th operations of all threads start together (a barrier per
    // step), so they overlap often; the generated delays vary who goes first.
    std::size_t steps = 0;
    for (const auto& v : ops) steps = std::max(steps, v.size());
    std::vector<std::atomic<int>> arrived(steps);
    run_threads(
        threads, [&] { engine->exists("warm-up", 7, nullptr); },
        [&](int t) {
          for (std::size_t i = 0; i < steps; ++i) {
            arrived[i].fetch_add(1, std::memory_order_acq_rel);  // AcqRel: a start line only
            while (arrived[i].load(std::memory_order_acquire) < threads) std::this_thread::yield();
            if (i >= ops[t].size()) continue;
            Event e{ops[t][i], t, static_cast<std::uint64_t>(t * 64 + i), 0, 0, {}};
            for (int spin = 0; spin < e.op.delay; ++spin) asm volatile("" ::: "memory");
            // seq_cst: invocation and response stamps form one total order that
            // is consistent with each thread's program order and real time.
            e.inv = ticket.fetch_add(1, std::memory_order_seq_cst);
            e.result = run_op(*engine, e.op, e.seed);
            e.resp = ticket.fetch_add(1, std::memory_order_seq_cst);
            per[t].push_back(std::move(e));
          }
        });
    std::vector<Event> h;
    for (auto& v : per) h.insert(h.end(), v.begin(), v.end());
    std::uint64_t stats[kStatNum];
    for (int s = 0; s < kStatNum; ++s) stats[s] = engine->stat(s);
    // How often the threads really overlapped (printed by rapidcheck).
    bool overlap = false;
    for (const Event& a : h)
      for (const Event& b : h)
        if (a.thread != b.thread && a.inv < b.resp && b.inv < a.resp) overlap = true;
    overlapped += overlap;
    Linearizer lin(h, stats);
    if (!lin.search(make_plain_model(cfg), h.size())) {
      std::ostringstream os;
      os << "[linearizability] no order of this history (round " << round
         << ") explains its results and final statistics (PUT=" << stats[kStatPut]
         << " GET=" << stats[kStatGet] << " HIT=" << stats[kStatHit] << " MISS=" << stats[kStatMiss]
         << " EVICT=" << stats[kStatEvict] << " ENTRIES=" << stats[kStatEntries]
         << " POOL=" << stats[kStatPool] << "):\n"
         << show_history(h);
      RC_FAIL(os.str());
    }
  }
  RC_CLASSIFY(overlapped == 0, "no round overlapped");
  RC_CLASSIFY(overlapped > 0 && overlapped < kRounds, "some rounds overlapped");
  RC_CLASSIFY(overlapped == kRounds, "all rounds overlapped");
}

// The checker itself: a get cannot see a value before the put that wrote it
// was invoked, but may when the two overlap.
TEST(LinearizabilityChecker, RejectsAGetThatSeesAValueBeforeItsPutAndAcceptsOverlap) {
  Config cfg;
  const COp put{COp::kPut, 0, 10}, get{COp::kGet, 0, 0};
  models::CacheModel ref = make_plain_model(cfg);
  Result put_ok = run_op(ref, put, 7);
  Result get_hit = run_op(ref, get, 0);
  ASSERT_EQ(get_hit.ret, 10);
  std::uint64_t stats[kStatNum];
  for (int s = 0; s < kStatNum; ++s) stats[s] = ref.stat(static_cast<models::Stat>(s));
  std::vector<Event> before{{get, 1, 0, 0, 1, get_hit}, {put, 0, 7, 2, 3, put_ok}};
  EXPECT_FALSE(Linearizer(before, stats).search(make_plain_model(cfg), 2));
  std::vector<Event> overlapping{{get, 1, 0, 0, 2, get_hit}, {put, 0, 7, 1, 3, put_ok}};
  Linearizer lin(overlapping, stats);
  EXPECT_TRUE(lin.search(make_plain_model(cfg), 2));
  EXPECT_EQ(lin.order(), (std::vector<std::size_t>{1, 0}));
  stats[kStatHit] = 0;  // final statistics are part of the check
  EXPECT_FALSE(Linearizer(overlapping, stats).search(make_plain_model(cfg), 2));
}

// --- (b) eviction pressure ----------------------------------------------------------

// A value that names itself: 16 bytes of header (tag, size) then bytes fixed
// by the tag, so any torn or foreign read is detected.
std::string tagged_value(std::uint64_t tag, std::size_t size) {
  std::string v = value_bytes(size, tag);
  std::memcpy(v.data(), &tag, 8);
  std::memcpy(v.data() + 8, &size, 8);
  return v;
}
// "" if `bytes` is whole value `tag_out` of `key`, else what is wrong.
std::string check_value(const std::string& bytes, std::size_t vsize, int key) {
  if (bytes.size() != vsize) return "short read";
  if (bytes.size() < 16) return "value shorter than its header";
  std::uint64_t tag, size;
  std::memcpy(&tag, bytes.data(), 8);
  std::memcpy(&size, bytes.data() + 8, 8);
  if (size != vsize) return "header size " + std::to_string(size) + " != vsize";
  if (static_cast<int>(tag >> 32) != key) return "value of another key";
  if (bytes != tagged_value(tag, size)) return "torn value (tag " + std::to_string(tag) + ")";
  return "";
}

// One run of the eviction-pressure property: the generated operations, the
// engine, and what the threads observed.
struct PressureRun {
  static constexpr int kThreads = 3, kKeys = 6;
  static constexpr std::size_t kExtent = 16384;  // 64 extents; values of 1-6 extents

  std::vector<std::vector<COp>> ops;
  std::unique_ptr<CacheApi> engine;
  std::atomic<std::uint64_t> evictions{0}, cb_gets{0}, cb_hits{0}, puts{0}, gets{0}, hits{0};
  std::mutex problems_mu;
  std::vector<std::string> problems;

  void problem(std::string s) {
    std::lock_guard<std::mutex> g(problems_mu);
    problems.push_back(std::move(s));
  }

  // 4 to 20 operations per thread; the counts are drawn separately so a
  // failure shrinks to the fewest operations.
  void generate() {
    for (int t = 0; t < kThreads; ++t)
      ops.push_back(*rc::gen::container<std::vector<COp>>(
          *rc::gen::inRange<std::size_t>(4, 21),
          rc::gen::build<COp>(
              rc::gen::set(&COp::kind, rc::gen::weightedElement<COp::Kind>(
                                           {{5, COp::kPut}, {4, COp::kGet}, {1, COp::kEvict}})),
              rc::gen::set(&COp::key, rc::gen::inRange(0, kKeys)),
              rc::gen::set(&COp::size, rc::gen::inRange<std::size_t>(16, 6 * kExtent + 1)))));
  }

  // on_evict reads the entry being evicted: it must be whole.
  void check_evictions() {
    engine->on_evict([this](CacheApi& c, const void* k, std::size_t n) {
      evictions.fetch_add(1, std::memory_order_relaxed);  // Relaxed: read after join
      std::string key(static_cast<const char*>(k), n);
      std::string buf(6 * kExtent, '\0');
      std::size_t vsize = 0;
      ssize_t r = c.get(k, n, buf.data(), buf.size(), 0, &vsize);
      cb_gets.fetch_add(1, std::memory_order_relaxed);
      if (r < 0) return problem("on_evict(" + key + "): entry not readable: " + errno_name(errno));
      cb_hits.fetch_add(1, std::memory_order_relaxed);
      std::string bad =
          check_value(buf.substr(0, static_cast<std::size_t>(r)), vsize, std::stoi(key.substr(3)));
      if (!bad.empty()) problem("on_evict(" + key + "): " + bad);
    });
  }

  void run_op(int t, std::size_t i, std::string& buf) {
    const COp& op = ops[t][i];
    const std::string k = key_of(op.key);
    if (op.kind == COp::kPut) {
      std::uint64_t tag = (std::uint64_t(op.key) << 32) | (std::uint64_t(t) << 16) | i;
      std::string v = tagged_value(tag, op.size);
      if (engine->put(k.data(), k.size(), v.data(), v.size()) == 0)
        puts.fetch_add(1, std::memory_order_relaxed);
    } else if (op.kind == COp::kGet) {
      std::size_t vsize = 0;
      ssize_t r = engine->get(k.data(), k.size(), buf.data(), buf.size(), 0, &vsize);
      gets.fetch_add(1, std::memory_order_relaxed);
      if (r >= 0) {
        hits.fetch_add(1, std::memory_order_relaxed);
        std::string bad = check_value(buf.substr(0, static_cast<std::size_t>(r)), vsize, op.key);
        if (!bad.empty()) problem("get(" + k + "): " + bad);
      }
    } else {
      engine->evict(k.data(), k.size());
    }
  }

  void run() {
    run_threads(
        kThreads, [&] { engine->exists("warm-up", 7, nullptr); },
        [&](int t) {
          std::string buf(6 * kExtent, '\0');
          for (std::size_t i = 0; i < ops[t].size(); ++i) run_op(t, i, buf);
        });
  }

  // At quiescence the statistics agree with what the threads saw; evicting
  // everything then leaves nothing behind.
  void check_conservation() {
    std::uint64_t s[kStatNum];
    for (int i = 0; i < kStatNum; ++i) s[i] = engine->stat(i);
    std::uint64_t present = 0, pool = 0;
    for (int key = 0; key < kKeys; ++key) {
      const std::string k = key_of(key);
      std::size_t vsize = 0;
      if (engine->exists(k.data(), k.size(), &vsize) == 1) {
        ++present;
        pool += std::max<std::uint64_t>(1, (vsize + kExtent - 1) / kExtent) * kExtent;
      }
    }
    auto conserve = [&](bool ok, const std::string& what) {
      if (ok) return;
      std::ostringstream os;
      os << "[concurrency stats] " << what << ": PUT=" << s[kStatPut] << " GET=" << s[kStatGet]
         << " HIT=" << s[kStatHit] << " MISS=" << s[kStatMiss] << " EVICT=" << s[kStatEvict]
         << " ENTRIES=" << s[kStatEntries] << " POOL=" << s[kStatPool] << " HEAP=" << s[kStatHeap]
         << "; observed puts=" << puts << " gets=" << gets << "+" << cb_gets << " hits=" << hits
         << "+" << cb_hits << " on_evict=" << evictions << " present=" << present << " (" << pool
         << " B)";
      RC_FAIL(os.str());
    };
    conserve(s[kStatGet] == s[kStatHit] + s[kStatMiss], "GET = HIT + MISS");
    conserve(s[kStatGet] == gets + cb_gets, "GET = gets made");
    conserve(s[kStatHit] == hits + cb_hits, "HIT = gets that hit");
    conserve(s[kStatPut] == puts, "PUT = successful puts");
    conserve(s[kStatEvict] == evictions, "EVICT = on_evict calls");
    conserve(s[kStatEntries] == s[kStatPut] - s[kStatEvict], "ENTRIES = PUT - EVICT");
    conserve(s[kStatEntries] == present, "ENTRIES = keys that exist");
    conserve(s[kStatPool] == pool, "POOL_SIZE_USED = extents of the present values");
    engine->on_evict(nullptr);
    while (engine->evict(nullptr, 0) == 0) {
    }
    for (int i = 0; i < kStatNum; ++i) s[i] = engine->stat(i);
    conserve(s[kStatEntries] == 0 && s[kStatPool] == 0 && s[kStatDram] == 0 && s[kStatHeap] == 1,
             "after evicting everything: ENTRIES = POOL = DRAM = 0, HEAP_ENTRIES = 1");
  }
};

RC_GTEST_PROP(Concurrency, UnderEvictionPressureNoTornValueAndStatsConserve, ()) {
  PressureRun r;
  r.generate();
  Config cfg;
  cfg.extent_size = PressureRun::kExtent;
  r.engine = make_engine(cfg);
  RC_ASSERT(r.engine != nullptr);
  r.check_evictions();
  r.run();
  for (const auto& p : r.problems) RC_FAIL("[concurrency] " + p);
  r.check_conservation();
  RC_CLASSIFY(r.evictions > 0, "evictions");
}

}  // namespace
}  // namespace vmc::proptests
