// fuzz_driver.cc -- the top-level calls of a fuzz program; see fuzz_driver.h.
#include "fuzz_driver.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "debug.h"

extern "C" void vmc_fuzz_bench_set(VMEMcache* cache, int raw, size_t val);  // hostile_enums.c

namespace vmc::fuzz {
namespace {

constexpr std::size_t kUntouched = 0xDEADBEEF;            // *vsize before a call
constexpr int kDramStat = VMEMCACHE_STAT_DRAM_SIZE_USED;  // the model does not predict it

const char* op_name(Op::Code c) {
  static const char* const names[] = {"put",
                                      "insert_or_assign",
                                      "get",
                                      "exists",
                                      "evict",
                                      "get_stat",
                                      "visit",
                                      "handle_get",
                                      "handle_release",
                                      "callbacks",
                                      "setter",
                                      "add",
                                      "bench_set",
                                      "NULL cache",
                                      "get_shared_writes"};
  static_assert(sizeof(names) / sizeof(names[0]) == Op::kNum);
  return names[c];
}

}  // namespace

void finding(const char* fmt, ...) {
  std::fprintf(stderr, "\n*** vmemcache fuzz finding: ");
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "\n    (errormsg: %s)\n", vmemcache_errormsg());
  std::abort();
}

Driver::Driver(const std::uint8_t* data, std::size_t size)
    : in_(data, size), engine_(this), model_(this) {
  sides_[kEngine].api = &engine_;
  sides_[kModel].api = &model_;
  trace_ = std::getenv("VMC_FUZZ_TRACE") != nullptr;
  struct stat st;
  pool_dir_ = ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
}

void Driver::run() {
  Op size, extent, policy, add;
  decode_setup(&size, &extent, &policy, &add);
  for (const Op* op : {&size, &extent, &policy})
    if (op->raw >= 0) step(*op);
  step(add);
  for (int i = 0; i < kMaxOps && !in_.empty(); ++i) step(decode_op());
  finish();
}

// One top-level call: on the engine, then on the model while it predicts
// the engine; then the comparison and the statistics.
void Driver::step(const Op& op) {
  if (op.code == Op::kNullCache) return null_cache(op);
  if (op.code == Op::kCallbacks) {
    evict_script_ = op.evict_script;
    miss_script_ = op.miss_script;
  }
  if (op.code == Op::kVisit) visit_script_ = op.visit_script;
  if (trace_)
    std::fprintf(stderr, "%s key %s ...\n", op_name(op.code),
                 show(op.key.data(), op.key.size).c_str());
  const Result e = apply(kEngine, op);
  if (trace_) {
    std::fprintf(stderr, "%s key %s value %zu+%zu -> %lld errno %d size %zu%s\n", op_name(op.code),
                 show(op.key.data(), op.key.size).c_str(), op.value.v.off, op.value.size, e.ret,
                 e.err, e.vsize, in_sync_ ? "" : " (model out of sync)");
  }
  if (in_sync_) {
    model_lost_ = false;
    (void)model_.held_entry_evicted();
    const Result m = apply(kModel, op);
    // A handle keeps an evicted value's extents: the model frees them.
    const bool held_evicted = model_.held_entry_evicted();
    if (model_lost_ || m.unpredictable || held_evicted) {
      in_sync_ = false;
      if (trace_)
        std::fprintf(
            stderr, "  the model loses the engine here: %s\n",
            held_evicted ? "a held entry was evicted" : "insert_or_assign replaced an entry");
    } else {
      compare(op, e, m);
      check_stats();
    }
  }
  for (Side& s : sides_) s.log.clear();
  unsigned long long get = 0, hit = 0, miss = 0;
  engine_.get_stat(VMEMCACHE_STAT_GET, &get, sizeof get);
  engine_.get_stat(VMEMCACHE_STAT_HIT, &hit, sizeof hit);
  engine_.get_stat(VMEMCACHE_STAT_MISS, &miss, sizeof miss);
  if (get != hit + miss)
    finding("after %s: GET %llu != HIT %llu + MISS %llu", op_name(op.code), get, hit, miss);
}

Result Driver::apply(SideId s, const Op& op) {
  side(s).budget = kScriptBudget;
  std::string keybuf = op.key.bytes;  // each side's own, so a callback may rewrite it
  const char* k = op.key.huge ? op.key.data() : op.key.null ? nullptr : keybuf.data();
  // A get's on_miss receives the caller's buffer itself: rewriting it there
  // is the caller rewriting its own argument, so only other calls offer it.
  side(s).caller_key = op.key.null || op.key.huge || op.code == Op::kGet ? nullptr : &keybuf;
  Result r;
  switch (op.code) {
    case Op::kSetter:
    case Op::kAdd:
    case Op::kCallbacks:
    case Op::kBench:
      r = apply_setup(s, op);
      break;
    case Op::kHandleGet:
    case Op::kHandleRelease:
      r = apply_handle(s, op, k);
      break;
    default:
      r = apply_data(s, op, k);
      break;
  }
  side(s).caller_key = nullptr;
  return r;
}

Result Driver::apply_data(SideId s, const Op& op, const char* k) {
  Api& api = *side(s).api;
  const std::size_t ks = op.key.size;
  Result r;
  r.vsize = kUntouched;
  switch (op.code) {
    case Op::kPut:
      return put(s, false, k, ks, op.value);
    case Op::kInsert:
      return put(s, true, k, ks, op.value);
    case Op::kGet:
      return get(s, k, ks, op.get);
    case Op::kVisit:
      return visit(s, k, ks, op.flag);
    case Op::kExists:
      r.ret = api.exists(k, ks, op.flag ? nullptr : &r.vsize);
      break;
    case Op::kEvict:
      r.ret = api.evict(op.flag ? nullptr : k, ks);
      break;
    case Op::kSharedWrites:
      r.ret = api.get_shared_writes(op.flag);
      break;
    case Op::kStat: {
      unsigned long long v = kUntouched;
      r.ret = api.get_stat(op.raw, op.flag ? nullptr : &v, op.arg);
      r.vsize = op.raw == kDramStat ? 0 : v;
      break;
    }
    default:
      finding("apply_data: op %s", op_name(op.code));
  }
  r.err = r.ret == -1 ? errno : 0;
  if (s == kEngine && r.ret == -1) check_failure(op_name(op.code), r.ret);
  return r;
}

Result Driver::apply_setup(SideId s, const Op& op) {
  Api& api = *side(s).api;
  Result r;
  switch (op.code) {
    case Op::kSetter:
      switch (op.raw) {
        case -1:
          return r;
        case 0:
          r.ret = api.set_size(op.arg);
          break;
        case 1:
          r.ret = api.set_extent_size(op.arg);
          break;
        case 2:
          r.ret = api.set_policy(static_cast<int>(op.arg));
          break;
        default:
          r.ret = api.set_huge_pages(static_cast<int>(op.arg));
          break;
      }
      break;
    case Op::kAdd:
      r.ret = api.add(op.path);
      if (r.ret == 0) side(s).added = true;
      break;
    case Op::kCallbacks:
      api.set_callbacks(op.evict_cb, op.miss_cb);
      return r;
    case Op::kBench:
      // The copy-less modes corrupt values by contract: stop reading bytes for good.
      if (s == kEngine) vmc_fuzz_bench_set(engine_.cache(), op.raw, op.arg);
      if (op.raw >= VMEMCACHE_BENCH_INDEX_ONLY && op.raw <= VMEMCACHE_BENCH_NO_MEMCPY &&
          op.arg != 0)
        no_memcpy_ = true;
      return r;
    default:
      finding("apply_setup: op %s", op_name(op.code));
  }
  r.err = r.ret == -1 ? errno : 0;
  if (s == kEngine && r.ret == -1) check_failure(op_name(op.code), r.ret);
  return r;
}

Result Driver::apply_handle(SideId s, const Op& op, const char* k) {
  Api& api = *side(s).api;
  auto release = [&](std::size_t slot) {
    if (!api.has_handle(slot)) return;
    if (s == kEngine) {
      const auto& want = handle_want_[slot];
      check_bytes("handle (at release)", want->first, api.handle_pieces(slot),
                  api.handle_value_size(slot), &want->second);
      handle_want_[slot].reset();
    }
    api.handle_release(slot);
  };
  if (op.code == Op::kHandleGet) {
    release(op.slot);
    return handle_get(s, k, op.key.size, op.slot);
  }
  for (std::size_t i = 0; i < kHandleSlots; ++i)
    if (op.slot == kHandleSlots || op.slot == i) release(i);
  return Result{};
}

// Every function with a NULL cache (or handle): EINVAL and a message, or
// (void functions) nothing at all.
void Driver::null_cache(const Op& op) {
  const char* k = op.key.data();
  const std::size_t ks = op.key.size;
  unsigned long long v = 0;
  std::size_t vs = 0;
  int r = 0;
  errno = 0;
  const int fn = op.raw % 20;
  switch (fn) {
    case 0:
      r = vmemcache_set_size(nullptr, 1 << 20);
      break;
    case 1:
      r = vmemcache_set_extent_size(nullptr, 256);
      break;
    case 2:
      r = vmemcache_set_eviction_policy(nullptr, VMEMCACHE_REPLACEMENT_LRU);
      break;
    case 3:
      r = vmemcache_add(nullptr, pool_dir_.c_str());
      break;
    case 4:
      r = vmemcache_put(nullptr, k, ks, "v", 1);
      break;
    case 5:
      r = static_cast<int>(vmemcache_get(nullptr, k, ks, &v, sizeof v, 0, &vs));
      break;
    case 6:
      r = vmemcache_exists(nullptr, k, ks, &vs);
      break;
    case 7:
      r = vmemcache_evict(nullptr, k, ks);
      break;
    case 8:
      r = vmemcache_get_stat(nullptr, VMEMCACHE_STAT_PUT, &v, sizeof v);
      break;
    case 9:
      r = vmemcache_insert_or_assign(nullptr, k, ks, "v", 1);
      break;
    case 10:
      r = vmemcache_visit(
          nullptr, k, ks, [](const vmemcache_piece*, size_t, size_t, void*) {}, nullptr);
      break;
    case 11:
      r = vmemcache_handle_get(nullptr, k, ks) == nullptr ? -1 : 0;
      break;
    case 12:
      r = vmemcache_set_huge_pages(nullptr, 1);
      break;
    case 13:
      r = vmemcache_get_shared_writes(nullptr, nullptr);
      break;
    case 14:
      vmemcache_callback_on_evict(nullptr, nullptr, nullptr);
      return;
    case 15:
      vmemcache_callback_on_miss(nullptr, nullptr, nullptr);
      return;
    case 16:
      vmemcache_callback_on_evict_sized(nullptr, nullptr, nullptr);
      return;
    case 18:
      r = vmemcache_handle_pieces(nullptr, &vs) == nullptr ? -1 : 0;
      break;
    case 19:
      r = vmemcache_handle_value_size(nullptr) == 0 ? -1 : 0;
      break;
    default:
      vmemcache_handle_release(nullptr);
      vmemcache_bench_set(nullptr, VMEMCACHE_BENCH_PREFAULT, 1);
      return;
  }
  if (r != -1 || errno != EINVAL)
    finding("NULL cache or handle, function %d: returned %d, errno %d", fn, r, errno);
  check_failure("NULL cache", r);
}

void Driver::compare(const Op& op, const Result& e, const Result& m) {
  if (!(e == m))
    finding("%s: engine answered %lld (errno %d, *vsize/value %zu), the model %lld (errno %d, %zu)",
            op_name(op.code), e.ret, e.err, e.vsize, m.ret, m.err, m.vsize);
  const auto& le = side(kEngine).log;
  const auto& lm = side(kModel).log;
  for (std::size_t i = 0; i < std::max(le.size(), lm.size()); ++i) {
    const std::string a = i < le.size() ? le[i] : "(nothing)";
    const std::string b = i < lm.size() ? lm[i] : "(nothing)";
    if (a != b)
      finding("%s: callback event %zu: engine [%s], model [%s]", op_name(op.code), i, a.c_str(),
              b.c_str());
  }
}

void Driver::check_stats() {
  for (int st = 0; st < VMEMCACHE_STATS_NUM; ++st) {
    if (st == kDramStat) continue;
    unsigned long long e = 0, m = 0;
    if (engine_.get_stat(st, &e, sizeof e) != 0 || model_.get_stat(st, &m, sizeof m) != 0)
      finding("get_stat(%d) failed", st);
    if (e != m) finding("statistic %d: engine %llu, model %llu", st, e, m);
  }
}

// Releases the handles, then checks the engine's structures against its
// statistics and its DRAM account against zero.
void Driver::finish() {
  Op release;
  release.code = Op::kHandleRelease;
  release.slot = kHandleSlots;
  apply_handle(kEngine, release, nullptr);
  if (!side(kEngine).added) return;
  VMEMcache* c = engine_.cache();
  auto st = [&](int s) {
    unsigned long long v = 0;
    engine_.get_stat(s, &v, sizeof v);
    return v;
  };
  const Recount rc = debug::recount(c);
  // The model's set-up never diverges (no call before add is unpredictable).
  const std::uint64_t extent = model_.model().extent_size(), n = model_.model().extents();
  if (rc.overlap || st(VMEMCACHE_STAT_ENTRIES) != rc.entries || rc.ring_entries != rc.entries ||
      rc.limbo_entries != 0 || st(VMEMCACHE_STAT_HEAP_ENTRIES) != rc.fragments ||
      st(VMEMCACHE_STAT_POOL_SIZE_USED) != rc.used_extents * extent ||
      rc.used_extents + rc.free_bits != n)
    finding(
        "at the end the statistics disagree with the recount: ENTRIES %llu / %llu indexed, %llu in "
        "rings, "
        "%llu in limbo, HEAP_ENTRIES %llu / %llu fragments, POOL_SIZE_USED %llu / %llu extents of "
        "%llu, "
        "%llu free of %llu, overlap %d",
        st(VMEMCACHE_STAT_ENTRIES), static_cast<unsigned long long>(rc.entries),
        static_cast<unsigned long long>(rc.ring_entries),
        static_cast<unsigned long long>(rc.limbo_entries), st(VMEMCACHE_STAT_HEAP_ENTRIES),
        static_cast<unsigned long long>(rc.fragments), st(VMEMCACHE_STAT_POOL_SIZE_USED),
        static_cast<unsigned long long>(rc.used_extents), static_cast<unsigned long long>(extent),
        static_cast<unsigned long long>(rc.free_bits), static_cast<unsigned long long>(n),
        rc.overlap);
  const std::int64_t held = debug::teardown_and_count_dram(c);
  if (held != 0)
    finding("the DRAM account holds %lld bytes after tear-down", static_cast<long long>(held));
}

}  // namespace vmc::fuzz
