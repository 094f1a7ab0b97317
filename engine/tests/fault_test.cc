// fault_test.cc -- fault injection (engine/src/fault.h), built only with the
// CMake option VMC_FAULT_INJECTION, against the vmemcache_fault library.
//
// The sweeps.  A fixed script of C API calls (set-up, puts that fill and
// fragment the pool, a visit of a value in 20 pieces, a handle held across
// an insert_or_assign that replaces its value, a key longer than 64 bytes,
// a miss whose on_miss puts the key, evictions, statistics, and a second
// thread) runs once without faults, then once for every N = 1, 2, ... with
// the Nth DRAM allocation failing, until a run meets fewer than N hooks; the
// same for the pool's system calls.  Each run is a fresh thread (so its
// thread-local binding table is allocated afresh too) and a fresh cache.
// For every N:
//   * every call that completed before the fault answered exactly as in the
//     fault-free run (same result, same errno);
//   * the call that met the fault (the innermost, when a callback's call
//     met it) either answered -1 (NULL) with ENOMEM -- or the injected
//     system call's errno -- and a message, or, where the engine works
//     around the failure, answered exactly as in the fault-free run;
//   * every value read at any time is the last one stored for its key;
//   * at the end the cache is consistent (its statistics equal
//     vmc::debug::recount(): entries, ring entries, pool used, free
//     fragments, no extent in two places), every key present reads its last
//     value, the DRAM account is 0 after tear-down
//     (debug::teardown_and_count_dram), and no descriptor or file is left;
//     ASan (asan build) reports any leak when the test process exits.
// The test prints the sweep's counts.
//
// Also: a full tmpfs (a 2 MiB tmpfs mounted when root; skipped otherwise),
// a directory removed after add, and the O_TMPFILE fallback.
#include <dirent.h>
#include <gtest/gtest.h>
#include <libvmemcache.h>
#include <libvmemcache_ext.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "debug.h"
#include "fault.h"
#include "test_util.h"

namespace vmc::test {
namespace {

using fault::Kind;
using fault::Site;

constexpr std::size_t kExtent = 256;
constexpr std::size_t kPool = VMEMCACHE_MIN_POOL;
constexpr std::size_t kExtents = kPool / kExtent;
constexpr std::size_t kSmallKeys = 40;  // one extent each, then every other one evicted
// The value that fills the rest of the pool after the small keys.
constexpr std::size_t kBigValue = (kExtents - kSmallKeys) * kExtent;
constexpr std::size_t kFragExtents = kSmallKeys / 2;  // a value in this many pieces

const char* site_name(Site s) {
  static const char* const names[] = {
      "cache object", "arena",        "slot registry", "thread table", "binding", "slot chunk",
      "thread slot",  "key copy",     "run list",      "visit pieces", "handle",  "open",
      "fallocate",    "pmem2 source", "pmem2 config",  "pmem2 map"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<std::size_t>(Site::kNum));
  return names[static_cast<int>(s)];
}

std::size_t count_dir(const std::string& path) {
  std::size_t n = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(path)) ++n;
  return n;
}

std::size_t open_fds() { return count_dir("/proc/self/fd"); }

// A scratch directory on tmpfs (fast pools), removed at destruction.
class ShmDir {
 public:
  ShmDir() {
    char templ[] = "/dev/shm/vmc-fault.XXXXXX";
    const char* p = mkdtemp(templ);
    if (p == nullptr) ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    path_ = p != nullptr ? p : "/dev/shm";
  }
  ~ShmDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What one call answered.
struct Outcome {
  std::string what;
  long long ret = 0;
  int err = 0;  // errno when ret == -1
  bool operator==(const Outcome&) const = default;
};

std::string show(const Outcome& o) {
  return o.what + " -> " + std::to_string(o.ret) +
         (o.ret == -1 ? std::string(" (") + std::strerror(o.err) + ")" : "");
}

// The counts a sweep reports.
struct Tally {
  int runs = 0;
  int injected = 0;
  int answered_error = 0;  // -1/NULL with the expected errno and a message
  int worked_around = 0;   // answered as without the fault
  int leaked = 0;          // teardown found DRAM still held, or a descriptor or file left
  std::map<std::string, int> by_site;  // faults injected per hook site
  std::map<std::string, int> met;      // hooks per site in the fault-free run
};

// The value a miss's on_miss puts for `key`.
std::string miss_value(const std::string& key) { return value_for("miss:" + key, 30); }

// One run of the script under at most one armed fault.
class Run {
 public:
  // `reference`: the fault-free run's outcomes (nullptr for that run itself).
  Run(const std::string& dir, Kind kind, const std::vector<Outcome>* reference)
      : dir_(dir), kind_(kind), reference_(reference) {}

  // Arms the nth hook of the run's kind (0: none), runs the script on a
  // fresh thread, disarms, then checks what is left.
  void execute(std::uint64_t n);

  const std::vector<Outcome>& outcomes() const { return outcomes_; }
  const std::vector<std::string>& problems() const { return problems_; }
  bool answered_error() const { return answered_error_; }
  bool worked_around() const { return worked_around_; }
  bool leaked() const { return leaked_; }

 private:
  template <typename F>
  long long call(const std::string& what, F&& f);
  void judge_faulted(std::size_t idx, const Outcome& o);
  void problem(const std::string& p) { problems_.push_back(p); }

  void script();
  bool set_up();
  void fill_and_fragment();
  void zero_copy();
  void misc();
  void second_thread();
  void check_final();
  void check_consistent();

  int put(const std::string& key, const std::string& value);
  void get(const std::string& key);
  void check_pieces(const std::string& what, const vmemcache_piece* p, std::size_t n,
                    const std::string& want);
  static void on_evict(VMEMcache* c, const void* key, size_t ksize, void* arg);
  static void on_miss(VMEMcache* c, const void* key, size_t ksize, void* arg);

  const std::string dir_;
  const Kind kind_;
  const std::vector<Outcome>* reference_;
  std::vector<Outcome> outcomes_;
  std::vector<std::string> problems_;
  bool judged_ = false;
  bool answered_error_ = false;
  bool worked_around_ = false;
  bool leaked_ = false;
  VMEMcache* c_ = nullptr;
  bool added_ = false;
  std::map<std::string, std::string> shadow_;  // the last value stored per key
  bool miss_called_ = false;
  // Get buffers (for the script's gets, and for on_evict's, which may run
  // inside one), made once: runs follow one another.
  static inline std::vector<char> buf_ = std::vector<char>(kPool + 64);
  static inline std::vector<char> evict_buf_ = std::vector<char>(kPool + 64);
};

template <typename F>
long long Run::call(const std::string& what, F&& f) {
  const std::size_t idx = outcomes_.size();
  outcomes_.push_back({what, 0, 0});
  const bool fired_before = fault::fired();
  errno = 0;
  const long long ret = f();
  const Outcome o{what, ret, ret == -1 ? errno : 0};
  outcomes_[idx] = o;
  if (!fault::fired()) {
    // Before the fault: exactly as without it.
    if (reference_ != nullptr && (idx >= reference_->size() || (*reference_)[idx] != o))
      problem("before the fault, " + show(o) + " differs from the fault-free run's " +
              (idx < reference_->size() ? show((*reference_)[idx]) : "(no such call)"));
  } else if (!fired_before && !judged_) {
    judged_ = true;  // the innermost call that met the fault
    judge_faulted(idx, o);
  }
  return ret;
}

void Run::judge_faulted(std::size_t idx, const Outcome& o) {
  const Site site = fault::fired_site();
  const int want = kind_ == Kind::kDram ? ENOMEM : fault::default_errno(site);
  const char* msg = vmemcache_errormsg();
  if (o.ret == -1 && o.err == want && msg != nullptr && msg[0] != '\0') {
    answered_error_ = true;
  } else if (reference_ != nullptr && idx < reference_->size() && (*reference_)[idx] == o) {
    worked_around_ = true;
  } else {
    problem(
        std::string("the call that met the fault at the ") + site_name(site) + " hook, " + show(o) +
        ", answered neither -1 with " + std::strerror(want) +
        " and a message nor as without the fault (" +
        (reference_ != nullptr && idx < reference_->size() ? show((*reference_)[idx]) : "none") +
        ")");
  }
}

int Run::put(const std::string& key, const std::string& value) {
  const long long r = call("put " + key.substr(0, 8), [&] {
    return vmemcache_put(c_, key.data(), key.size(), value.data(), value.size());
  });
  if (r == 0) shadow_[key] = value;
  return static_cast<int>(r);
}

// A get that checks what it read: the last value stored, or the value the
// on_miss callback put for the key when it answered the get.
void Run::get(const std::string& key) {
  miss_called_ = false;
  std::size_t vsize = 0;
  const long long n = call("get " + key.substr(0, 8), [&] {
    return vmemcache_get(c_, key.data(), key.size(), buf_.data(), buf_.size(), 0, &vsize);
  });
  if (n < 0) return;
  auto it = shadow_.find(key);
  const std::string want = miss_called_          ? miss_value(key)
                           : it != shadow_.end() ? it->second
                                                 : "<never stored>";
  if (std::string(buf_.data(), static_cast<std::size_t>(n)) != want || vsize != want.size())
    problem("get " + key.substr(0, 8) + " read " + std::to_string(n) +
            " bytes that are not the last value stored");
}

void Run::check_pieces(const std::string& what, const vmemcache_piece* p, std::size_t n,
                       const std::string& want) {
  std::string got;
  for (std::size_t i = 0; i < n; ++i) got.append(static_cast<const char*>(p[i].data), p[i].size);
  if (got != want) problem(what + ": the pieces are not the value stored");
}

// on_evict reads the entry (still readable during the callback).
void Run::on_evict(VMEMcache* c, const void* key, size_t ksize, void* arg) {
  auto* self = static_cast<Run*>(arg);
  const std::string k(static_cast<const char*>(key), ksize);
  std::vector<char>& v = evict_buf_;
  const long long n = self->call("on_evict get " + k.substr(0, 8), [&] {
    return vmemcache_get(c, k.data(), k.size(), v.data(), v.size(), 0, nullptr);
  });
  auto it = self->shadow_.find(k);
  if (n >= 0 && (it == self->shadow_.end() ||
                 std::string(v.data(), static_cast<std::size_t>(n)) != it->second))
    self->problem("on_evict of " + k.substr(0, 8) +
                  " read a value that is not the last one stored");
}

// on_miss puts the key (which answers the get that missed).
void Run::on_miss(VMEMcache*, const void* key, size_t ksize, void* arg) {
  auto* self = static_cast<Run*>(arg);
  self->miss_called_ = true;
  const std::string k(static_cast<const char*>(key), ksize);
  self->put(k, miss_value(k));
}

void Run::script() {
  if (!set_up()) return;
  fill_and_fragment();
  zero_copy();
  misc();
  second_thread();
}

// New, setters, callbacks, add; a failed new or add is retried once (a
// failure must leave nothing that keeps the second try from working).
bool Run::set_up() {
  auto make = [&](const char* what) {
    return call(what, [&] {
      c_ = vmemcache_new();
      return c_ != nullptr ? 0 : -1;
    });
  };
  if (make("new") != 0 && make("new again") != 0) return false;
  call("set_size", [&] { return vmemcache_set_size(c_, kPool); });
  call("set_extent_size", [&] { return vmemcache_set_extent_size(c_, kExtent); });
  call("set_eviction_policy",
       [&] { return vmemcache_set_eviction_policy(c_, VMEMCACHE_REPLACEMENT_LRU); });
  vmemcache_callback_on_evict(c_, &Run::on_evict, this);
  vmemcache_callback_on_miss(c_, &Run::on_miss, this);
  auto add = [&](const char* what) {
    return call(what, [&] { return vmemcache_add(c_, dir_.c_str()); });
  };
  added_ = add("add") == 0 || add("add again") == 0;
  return added_;
}

// Small values at extents 0..39, a big one over the rest of the pool, then
// every other small one evicted: a value of 20 extents lands in 20 pieces.
void Run::fill_and_fragment() {
  for (std::size_t i = 0; i < kSmallKeys; ++i) {
    const std::string k = "s" + std::to_string(i);
    put(k, value_for(k, 100));
  }
  static const std::string big = value_for("big", kBigValue);
  put("big", big);
  get("s1");
  for (std::size_t i = 0; i < kSmallKeys; i += 2) {
    const std::string k = "s" + std::to_string(i);
    call("evict " + k, [&] { return vmemcache_evict(c_, k.data(), k.size()); });
  }
  put("frag", value_for("frag", kFragExtents * kExtent));
}

// A visit of the 20-piece value; a handle held while insert_or_assign
// replaces the value (and evicts to make room for the new one).
void Run::zero_copy() {
  const std::string k = "frag";
  const std::string old = shadow_.count(k) != 0 ? shadow_[k] : "";
  struct Seen {
    Run* self;
    std::string want;
  } seen{this, old};
  call("visit frag", [&] {
    return vmemcache_visit(
        c_, k.data(), k.size(),
        [](const vmemcache_piece* p, size_t n, size_t, void* arg) {
          auto* s = static_cast<Seen*>(arg);
          s->self->check_pieces("visit frag", p, n, s->want);
        },
        &seen);
  });
  vmemcache_handle* h = nullptr;
  call("handle_get frag", [&] {
    h = vmemcache_handle_get(c_, k.data(), k.size());
    return h != nullptr ? 0 : -1;
  });
  const std::string fresh = value_for("frag2", kFragExtents * kExtent);
  const long long r = call("insert_or_assign frag", [&] {
    return vmemcache_insert_or_assign(c_, k.data(), k.size(), fresh.data(), fresh.size());
  });
  if (r == 0 || r == 1) shadow_[k] = fresh;
  if (h != nullptr) {
    std::size_t n = 0;
    const vmemcache_piece* p = vmemcache_handle_pieces(h, &n);
    check_pieces("handle on frag", p, n, old);
    if (vmemcache_handle_value_size(h) != old.size()) problem("handle on frag: wrong value size");
    call("handle_release", [&] {
      vmemcache_handle_release(h);
      return 0;
    });
  }
  get(k);
}

// A long key (copied to the heap), a miss answered by on_miss, evictions,
// every statistic.
void Run::misc() {
  const std::string long_key(100, 'L');
  put(long_key, value_for(long_key, 1000));
  get(long_key);
  get("absent");
  const std::string absent = "absent";
  call("exists absent",
       [&] { return vmemcache_exists(c_, absent.data(), absent.size(), nullptr); });
  call("evict NULL", [&] { return vmemcache_evict(c_, nullptr, 0); });
  call("evict s1", [&] { return vmemcache_evict(c_, "s1", 2); });
  for (int st = 0; st < VMEMCACHE_STATS_NUM; ++st) {
    call("get_stat " + std::to_string(st), [&] {
      unsigned long long v = 0;
      const int r = vmemcache_get_stat(c_, static_cast<vmemcache_statistic>(st), &v, sizeof(v));
      return r == 0 ? static_cast<long long>(v) : -1;
    });
  }
}

// A second thread: its own slot and binding table.
void Run::second_thread() {
  std::thread t([&] {
    put("t2", value_for("t2", 700));
    get("t2");
    get("s3");
  });
  t.join();
}

void Run::execute(std::uint64_t n) {
  const std::size_t fds = open_fds();
  fault::arm(kind_, n);
  std::thread t([this] { script(); });
  t.join();
  fault::disarm();
  if (fault::fired() && !judged_) problem("the fault fired outside every call of the script");
  check_final();
  if (open_fds() != fds) {
    leaked_ = true;
    problem("descriptors leaked: " + std::to_string(fds) + " before, " +
            std::to_string(open_fds()) + " after");
  }
  if (count_dir(dir_) != 0) {
    leaked_ = true;
    problem("files left in the pool directory");
  }
}

// With no fault armed: consistency, every value, and the DRAM account.
void Run::check_final() {
  if (c_ == nullptr) return;
  if (added_) {
    check_consistent();
    for (const auto& [k, v] : shadow_) {
      if (vmemcache_exists(c_, k.data(), k.size(), nullptr) != 1) continue;
      miss_called_ = false;
      const long long got =
          vmemcache_get(c_, k.data(), k.size(), buf_.data(), buf_.size(), 0, nullptr);
      if (got < 0 || std::string(buf_.data(), static_cast<std::size_t>(got)) != v)
        problem("at the end, " + k.substr(0, 8) + " does not read its last value");
    }
    const std::int64_t held = debug::teardown_and_count_dram(c_);
    if (held != 0) {
      leaked_ = true;
      problem("the DRAM account holds " + std::to_string(held) + " bytes after tear-down");
    }
  }
  vmemcache_delete(c_);
  c_ = nullptr;
}

void Run::check_consistent() {
  auto st = [&](vmemcache_statistic s) { return stat(c_, s); };
  const Recount rc = debug::recount(c_);
  auto expect = [&](bool ok, const std::string& what) {
    if (!ok) problem("inconsistent at the end: " + what);
  };
  expect(!rc.overlap, "an extent is in two places");
  expect(st(VMEMCACHE_STAT_ENTRIES) == rc.entries,
         "ENTRIES " + std::to_string(st(VMEMCACHE_STAT_ENTRIES)) +
             " != " + std::to_string(rc.entries) + " in the index");
  expect(rc.ring_entries == rc.entries, "ring entries != index entries");
  expect(rc.limbo_entries == 0, "entries left in limbo at quiescence");
  expect(st(VMEMCACHE_STAT_POOL_SIZE_USED) == rc.used_extents * kExtent,
         "POOL_SIZE_USED " + std::to_string(st(VMEMCACHE_STAT_POOL_SIZE_USED)) +
             " != " + std::to_string(rc.used_extents * kExtent) + " covered by entries");
  expect(rc.used_extents + rc.free_bits == kExtents, "used + free extents != the pool");
  expect(st(VMEMCACHE_STAT_HEAP_ENTRIES) == rc.fragments, "HEAP_ENTRIES != free fragments");
  expect(st(VMEMCACHE_STAT_GET) == st(VMEMCACHE_STAT_HIT) + st(VMEMCACHE_STAT_MISS),
         "GET != HIT + MISS");
  expect((st(VMEMCACHE_STAT_DRAM_SIZE_USED) == 0) == (rc.entries == 0),
         "DRAM_SIZE_USED 0 iff empty");
}

// Runs the reference, then every N until a run meets fewer than N hooks.
Tally sweep(Kind kind) {
  ShmDir dir;
  Run reference(dir.path(), kind, nullptr);
  reference.execute(0);
  const std::uint64_t hooks = fault::met();
  const std::vector<Site> trace = fault::trace();
  for (const std::string& p : reference.problems()) ADD_FAILURE() << "fault-free run: " << p;
  EXPECT_GT(hooks, 0u) << "the script met no hook: is this the VMC_FAULT_INJECTION library?";
  Tally t;
  for (Site s : trace) ++t.met[site_name(s)];
  for (std::uint64_t n = 1; n <= hooks + 1; ++n) {
    Run run(dir.path(), kind, &reference.outcomes());
    run.execute(n);
    ++t.runs;
    if (!fault::fired()) {
      EXPECT_EQ(n, hooks + 1) << "run " << n << " met only " << fault::met() << " hooks";
      break;
    }
    ++t.injected;
    ++t.by_site[site_name(fault::fired_site())];
    t.answered_error += run.answered_error();
    t.worked_around += run.worked_around();
    t.leaked += run.leaked();
    for (const std::string& p : run.problems())
      ADD_FAILURE() << "fault at hook " << n << " (" << site_name(fault::fired_site())
                    << "): " << p;
  }
  return t;
}

void report(const char* what, const Tally& t) {
  std::cout << "fault sweep (" << what << "): " << t.runs << " runs, " << t.injected
            << " faults injected, " << t.answered_error
            << " answered -1/NULL with errno and a message, " << t.worked_around
            << " answered as without the fault, " << t.leaked << " leaked\n  by hook:";
  for (const auto& [site, n] : t.by_site) std::cout << " " << site << " " << n << ";";
  std::cout << "\n";
}

TEST(FaultInjection, EveryDramAllocationThatFailsIsAnsweredAndLeavesTheCacheConsistent) {
  const Tally t = sweep(Kind::kDram);
  report("DRAM allocations", t);
  EXPECT_EQ(t.injected, t.answered_error + t.worked_around);
  EXPECT_EQ(t.leaked, 0);
  // The script meets every kind of DRAM hook.
  for (int s = 0; s < static_cast<int>(Site::kOpenFile); ++s)
    EXPECT_GT(t.met.count(site_name(static_cast<Site>(s))), 0u) << site_name(static_cast<Site>(s));
}

TEST(FaultInjection, EveryPoolSystemCallThatFailsIsAnsweredAndLeavesNothingBehind) {
  const Tally t = sweep(Kind::kSyscall);
  report("pool system calls", t);
  EXPECT_EQ(t.injected, t.answered_error);
  EXPECT_EQ(t.leaked, 0);
  EXPECT_EQ(t.injected, static_cast<int>(Site::kNum) - static_cast<int>(Site::kOpenFile))
      << "one fault per system-call hook of add";
}

// --- found by fault injection ----------------------------------------------------
//
// FOUND BY FAULT INJECTION (issue 12's sweep above): minimal reproducers of
// the engine defects the sweep found, each failing before its fix (the
// ring-table chunk's leak is seen only by LeakSanitizer: the asan build runs
// this test too).

// Cache::add lets the std::bad_alloc of make_shared<SlotRegistry> escape
// past its undo: the bitmap and the index stay allocated (and the pool
// mapped) with the cache not added, so a retried add allocates them again
// and the first ones are never freed (vmemcache_delete frees nothing of a
// cache that is not added, either).
TEST(FoundByFaultInjection, AddThatCannotAllocateItsRegistryLeaksNothing) {
  ShmDir dir;
  VMEMcache* c = vmemcache_new();
  ASSERT_NE(c, nullptr);
  fault::arm(Kind::kDram, 3);  // the bitmap, the index, then the registry
  EXPECT_EQ(vmemcache_add(c, dir.path().c_str()), -1);
  EXPECT_EQ(errno, ENOMEM);
  fault::disarm();
  ASSERT_TRUE(fault::fired());
  ASSERT_EQ(fault::fired_site(), Site::kRegistry);
  ASSERT_EQ(vmemcache_add(c, dir.path().c_str()), 0) << vmemcache_errormsg();
  EXPECT_EQ(debug::teardown_and_count_dram(c), 0);
  vmemcache_delete(c);
}

// SlotRegistry::create allocates the chunk of the ring-owner table for ids
// 0..kChunk-1, then fails to allocate slot 0; the next create() for id 0
// allocates the chunk again over the first, which leaks (LeakSanitizer
// reports 512 bytes in the asan build; the chunk is not in the DRAM account).
TEST(FoundByFaultInjection, FailedFirstSlotDoesNotLeakItsRingTableChunk) {
  ShmDir dir;
  Options o;
  o.dir = dir.path().c_str();
  VMEMcache* c = make_cache(o);
  ASSERT_NE(c, nullptr);
  std::thread t([c] {  // a fresh thread: its binding table, the chunk, then the slot
    fault::arm(Kind::kDram, 3);
    EXPECT_EQ(put(c, "k", "v"), -1);
    EXPECT_EQ(errno, ENOMEM);
    fault::disarm();
    ASSERT_EQ(fault::fired_site(), Site::kSlot);
    EXPECT_EQ(put(c, "k", "v"), 0) << vmemcache_errormsg();
  });
  t.join();
  vmemcache_delete(c);
}

// --- the pool's medium -------------------------------------------------------

// Fills the filesystem holding `dir` with a file until it is full.
void fill_filesystem(const std::string& dir) {
  const std::string path = dir + "/filler";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr) << std::strerror(errno);
  const std::vector<char> chunk(64 << 10, 'f');
  while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) {
  }
  std::fclose(f);
}

void expect_consistent(VMEMcache* c, std::size_t extents) {
  const Recount rc = debug::recount(c);
  EXPECT_FALSE(rc.overlap);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_ENTRIES), rc.entries);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_POOL_SIZE_USED), rc.used_extents * kExtent);
  EXPECT_EQ(rc.used_extents + rc.free_bits, extents);
  EXPECT_EQ(stat(c, VMEMCACHE_STAT_HEAP_ENTRIES), rc.fragments);
}

// Puts n values of 1000 bytes (the pool holds about 1000: most are
// evicted), and reads back the last one.
void churn(VMEMcache* c, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string k = "k" + std::to_string(i);
    ASSERT_EQ(put(c, k, value_for(k, 1000)), 0) << vmemcache_errormsg();
  }
  const std::string last = "k" + std::to_string(n - 1);
  EXPECT_EQ(get(c, last), value_for(last, 1000));
  EXPECT_GT(stat(c, VMEMCACHE_STAT_EVICT), 0u);
}

TEST(PoolMedium, FullTmpfsFailsAddWithEnospcWhileAnAddedPoolKeepsWorking) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a 2 MiB tmpfs needs root; skipped";
  ShmDir mnt;
  if (mount("tmpfs", mnt.path().c_str(), "tmpfs", 0, "size=2m") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); skipped";
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt.path()};
  Options o;
  o.dir = mnt.path().c_str();
  VMEMcache* a = make_cache(o);  // 1 MiB of the 2, reserved whole at add
  ASSERT_NE(a, nullptr);
  fill_filesystem(mnt.path());
  VMEMcache* b = vmemcache_new();
  ASSERT_NE(b, nullptr);
  const std::size_t fds = open_fds();
  EXPECT_EQ(vmemcache_add(b, mnt.path().c_str()), -1);
  EXPECT_EQ(errno, ENOSPC);
  EXPECT_NE(std::string(vmemcache_errormsg()).find("cannot reserve"), std::string::npos)
      << vmemcache_errormsg();
  EXPECT_EQ(open_fds(), fds);
  EXPECT_EQ(count_dir(mnt.path()), 1u) << "only the filler: the failed pool file is gone";
  vmemcache_delete(b);
  // Writing every extent of the reserved pool on the full filesystem: no SIGBUS.
  churn(a, 3000);
  expect_consistent(a, kExtents);
  EXPECT_EQ(debug::teardown_and_count_dram(a), 0);
  vmemcache_delete(a);
}

TEST(PoolMedium, DirectoryRemovedAfterAddLeavesThePoolWorking) {
  char templ[] = "/dev/shm/vmc-removed.XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  const std::string dir = templ;
  Options o;
  o.dir = dir.c_str();
  VMEMcache* c = make_cache(o);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(rmdir(dir.c_str()), 0)
      << "the pool file has no name, so the directory is empty: " << std::strerror(errno);
  churn(c, 3000);
  EXPECT_EQ(vmemcache_evict(c, "k2999", 5), 0);
  expect_consistent(c, kExtents);
  // A new cache cannot be added there any more, and says why.
  VMEMcache* d = vmemcache_new();
  EXPECT_EQ(vmemcache_add(d, dir.c_str()), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_NE(std::string(vmemcache_errormsg()).find(dir), std::string::npos) << vmemcache_errormsg();
  vmemcache_delete(d);
  EXPECT_EQ(debug::teardown_and_count_dram(c), 0);
  vmemcache_delete(c);
}

TEST(PoolMedium, WithoutOTmpfileThePoolFileIsNamedAndUnlinkedAtOnce) {
  ShmDir dir;
  VMEMcache* c = vmemcache_new();
  ASSERT_NE(c, nullptr);
  fault::arm(Kind::kSyscall, 1, EOPNOTSUPP);  // open(O_TMPFILE) as on a filesystem without it
  EXPECT_EQ(vmemcache_add(c, dir.path().c_str()), 0) << vmemcache_errormsg();
  fault::disarm();
  ASSERT_TRUE(fault::fired());
  EXPECT_EQ(fault::fired_site(), Site::kOpenFile);
  EXPECT_EQ(count_dir(dir.path()), 0u);
  churn(c, 2000);
  vmemcache_delete(c);
}

}  // namespace
}  // namespace vmc::test
