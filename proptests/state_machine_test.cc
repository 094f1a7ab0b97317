// state_machine_test.cc -- properties 1 and 2 of proptests/README.md.
//
// 1. The engine and the reference model (models/cache_model.h) are driven
//    with the same random commands -- put, get (random offset and buffer
//    size, NULL buffer, NULL vsize), exists, evict(key), evict(NULL),
//    get_stat -- over a six-key space, with values of 0 to several extents
//    and sometimes a third of the pool, so eviction is constant.  After every
//    command they must agree on the return value, errno, the bytes copied
//    (and the bytes not touched), *vsize, the ordered list of callback
//    events (including what the callbacks saw when they called back into
//    the cache), and every statistic but DRAM_SIZE_USED.
// 2. Invariants of the engine's statistics after every command, model or
//    not: GET = HIT + MISS; ENTRIES = the model's entry count; POOL_SIZE_USED
//    <= the pool and a multiple of the extent size; an empty cache reports
//    ENTRIES = POOL_SIZE_USED = DRAM_SIZE_USED = 0 and HEAP_ENTRIES = 1 (and
//    a non-empty one DRAM_SIZE_USED > 0); EVICT = the on_evict calls seen.
//
// Callback modes: 0 none registered; 1 both record their key; 2 re-entrant:
// on_miss puts the key (a value fixed by the key, sometimes larger than the
// pool), on_evict calls exists, get, evict and put on the key being evicted,
// and puts the key of a get whose on_miss is running (whose put caused the
// eviction): the first put called answers that get.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <cerrno>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "values.h"

namespace vmc::proptests {
namespace {

struct Setup {
  Config cfg;
  int callbacks = 1;    // 0 none, 1 record, 2 re-entrant
  bool compare = true;  // false: property 2 only
};

// What one call did, as text (return value, errno, *vsize, ...) and as the
// bytes of the caller's buffer after it.
struct Outcome {
  std::string text;
  std::string bytes;
};

std::string result_text(long long ret, int err) {
  return "ret=" + std::to_string(ret) + (ret == -1 ? " errno=" + errno_name(err) : "");
}

// One side of the comparison: a cache and the callback events of the
// current command.
struct Side {
  std::unique_ptr<CacheApi> api;
  std::vector<std::string> log;
  std::uint64_t evictions_seen = 0;         // on_evict calls since the start
  std::vector<std::string> pending_misses;  // keys whose on_miss is running
};

// The value that a re-entrant on_miss puts for `key`: fixed by the key; one
// key in four gets a value larger than the pool (the put fails, the get is
// still answered from it).
std::string miss_value(const Config& cfg, const void* key, std::size_t n) {
  std::uint64_t h = fnv1a(key, n);
  static const std::uint64_t kinds[] = {0, 1, 3, 0};
  std::size_t size =
      h % 4 == 3 ? cfg.pool_size() + 1 : kinds[h % 4] * cfg.extent_size + (h % 4 == 1);
  return value_bytes(size, h & 0xff);
}

void install_callbacks(Side& side, const Setup& s) {
  if (s.callbacks == 0) return;
  const bool deep = s.callbacks == 2;
  const Config cfg = s.cfg;
  side.api->on_evict([&side, deep](CacheApi& c, const void* k, std::size_t n) {
    ++side.evictions_seen;
    std::string line = "on_evict " + show_key(std::string(static_cast<const char*>(k), n));
    if (deep) {
      std::size_t vsize = 0;
      int e = c.exists(k, n, &vsize);
      line += " | exists " + result_text(e, errno) + " vsize=" + std::to_string(vsize);
      std::string buf(vsize + 8, '\x5a');
      ssize_t r = c.get(k, n, buf.data(), buf.size(), 0, nullptr);
      line += " | get " + result_text(r, errno) +
              " fnv=" + std::to_string(fnv1a(buf.data(), buf.size()));
      int ev = c.evict(k, n);
      line += " | evict " + result_text(ev, errno);
      int p = c.put(k, n, "x", 1);
      line += " | put " + result_text(p, errno);
      // A put of the key whose on_miss caused this eviction (through its
      // put): that on_miss's put was called first and must answer the get,
      // although this one finishes first.
      if (!side.pending_misses.empty()) {
        const std::string& m = side.pending_misses.back();
        int q = c.put(m.data(), m.size(), "from-evict", 10);
        line += " | put pending " + show_key(m) + " " + result_text(q, errno);
      }
    }
    side.log.push_back(line);
  });
  side.api->on_miss([&side, deep, cfg](CacheApi& c, const void* k, std::size_t n) {
    std::string line = "on_miss " + show_key(std::string(static_cast<const char*>(k), n));
    if (deep) {
      side.log.push_back(line);  // before the put's own evictions
      std::string v = miss_value(cfg, k, n);
      side.pending_misses.emplace_back(static_cast<const char*>(k), n);
      int p = c.put(k, n, v.data(), v.size());
      side.pending_misses.pop_back();
      side.log.push_back("  on_miss put size=" + std::to_string(v.size()) + " " +
                         result_text(p, errno));
      return;
    }
    side.log.push_back(line);
  });
}

struct Sut {
  Setup setup;
  Side model;
  Side engine;
  int step = 0;

  // Runs `call` on the model, then on the engine, and compares.
  template <typename Call>
  void run(const std::string& what, Call&& call) {
    ++step;
    model.log.clear();
    engine.log.clear();
    Outcome want = call(*model.api);
    Outcome got = call(*engine.api);
    if (setup.compare) {
      if (got.text != want.text)
        RC_FAIL("[model] " + what + ": engine " + got.text + ", model " + want.text);
      if (got.bytes != want.bytes)
        RC_FAIL("[model] " + what + ": " + first_difference(got.bytes, want.bytes));
      if (engine.log != model.log)
        RC_FAIL("[model] " + what + ": callback events differ\n engine: " + join(engine.log) +
                "\n model:  " + join(model.log));
    }
    check_stats(what);
  }

  void check_stats(const std::string& what) {
    std::uint64_t e[kStatNum], m[kStatNum];
    for (int s = 0; s < kStatNum; ++s) {
      e[s] = engine.api->stat(s);
      m[s] = model.api->stat(s);
    }
    auto inv = [&](bool ok, const char* name) {
      if (!ok)
        RC_FAIL(std::string("[invariant ") + name + "] after " + what + ": engine stats " +
                stats_text(e));
    };
    inv(e[kStatGet] == e[kStatHit] + e[kStatMiss], "GET = HIT + MISS");
    inv(e[kStatEntries] == m[kStatEntries], "ENTRIES = entries of the model");
    inv(e[kStatPool] <= setup.cfg.pool_size() && e[kStatPool] % setup.cfg.extent_size == 0,
        "POOL_SIZE_USED <= pool, a multiple of the extent size");
    if (e[kStatEntries] == 0)
      inv(e[kStatPool] == 0 && e[kStatDram] == 0 && e[kStatHeap] == 1,
          "empty cache: POOL_SIZE_USED = DRAM_SIZE_USED = 0, HEAP_ENTRIES = 1");
    else
      inv(e[kStatDram] > 0, "non-empty cache: DRAM_SIZE_USED > 0");
    if (setup.callbacks != 0) inv(e[kStatEvict] == engine.evictions_seen, "EVICT = on_evict calls");
    if (!setup.compare) return;
    for (int s = 0; s < kStatNum; ++s)
      if (s != kStatDram && e[s] != m[s])
        RC_FAIL("[model] statistics after " + what + "\n engine: " + stats_text(e) +
                "\n model:  " + stats_text(m));
  }

  static std::string stats_text(const std::uint64_t* v) {
    static const char* names[] = {"PUT",     "GET",  "HIT",  "MISS", "EVICT",
                                  "ENTRIES", "DRAM", "POOL", "HEAP"};
    std::string out;
    for (int s = 0; s < kStatNum; ++s)
      out += std::string(names[s]) + "=" + std::to_string(v[s]) + " ";
    return out;
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string out = "[";
    for (const auto& s : v) out += (out.size() > 1 ? "; " : "") + s;
    return out + "]";
  }
  static std::string first_difference(const std::string& a, const std::string& b) {
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    std::ostringstream os;
    os << "buffers differ at byte " << i << " of " << a.size() << "/" << b.size();
    if (i < a.size() && i < b.size())
      os << ": engine 0x" << std::hex << (a[i] & 0xff) << ", model 0x" << (b[i] & 0xff);
    return os.str();
  }
};

using Cmd = rc::state::Command<Setup, Sut>;

rc::Gen<int> gen_key() { return rc::gen::inRange<int>(0, static_cast<int>(key_space().size())); }

// 0 to several extents, often an eighth to a half of the pool (eviction even
// with 4096 extents), sometimes about the pool size (fits or ENOSPC).
rc::Gen<std::size_t> gen_value_size(const Config& c) {
  const std::size_t ext = c.extent_size, pool = c.pool_size();
  return rc::gen::weightedOneOf<std::size_t>({
      {1, rc::gen::just<std::size_t>(0)},
      {4, rc::gen::inRange<std::size_t>(1, 2 * ext + 1)},
      {3, rc::gen::map(
              rc::gen::pair(rc::gen::inRange<std::size_t>(1, 9), rc::gen::inRange<int>(-1, 2)),
              [ext](std::pair<std::size_t, int> p) { return p.first * ext + p.second; })},
      {5, rc::gen::inRange<std::size_t>(pool / 8, pool / 2)},
      {1, rc::gen::inRange<std::size_t>(pool - 2 * ext, pool + 2 * ext)},
  });
}

struct Put : Cmd {
  int key;
  std::size_t size;
  unsigned seed;
  int variant;  // 0 valid, 1 NULL key, 2 NULL value, 3 key_size 2^32
  explicit Put(const Setup& s)
      : key(*gen_key()),
        size(*gen_value_size(s.cfg)),
        seed(*rc::gen::inRange(0u, 256u)),
        variant(*rc::gen::weightedElement<int>({{40, 0}, {1, 1}, {1, 2}, {1, 3}})) {}
  void run(const Setup&, Sut& sut) const override {
    const std::string v = value_bytes(size, seed);
    const std::string& k = key_space()[key];
    sut.run(describe(), [&](CacheApi& c) {
      const void* kp = variant == 1 ? nullptr : k.data();
      std::size_t ks = variant == 3 ? (std::size_t{1} << 32) : k.size();
      const void* vp = variant == 2 ? nullptr : v.data();
      int r = c.put(kp, ks, vp, size);
      return Outcome{result_text(r, errno), {}};
    });
  }
  std::string describe() const {
    std::ostringstream os;
    os << "put(key=" << (variant == 1 ? "NULL" : show_key(key_space()[key]))
       << (variant == 3 ? " key_size=2^32" : "") << ", " << (variant == 2 ? "value=NULL, " : "")
       << "size=" << size << ", seed=" << seed << ")";
    return os.str();
  }
  void show(std::ostream& os) const override { os << describe(); }
};

struct Get : Cmd {
  int key;
  bool null_key, null_buf, null_vsize;
  std::size_t offset, bufsize;
  explicit Get(const Setup& s)
      : key(*gen_key()),
        null_key(*rc::gen::weightedElement<bool>({{30, false}, {1, true}})),
        null_buf(*rc::gen::weightedElement<bool>({{9, false}, {1, true}})),
        null_vsize(*rc::gen::weightedElement<bool>({{4, false}, {1, true}})),
        offset(*rc::gen::weightedOneOf<std::size_t>(
            {{3, rc::gen::just<std::size_t>(0)},
             {2, rc::gen::inRange<std::size_t>(0, 2 * s.cfg.extent_size)},
             {1, rc::gen::inRange<std::size_t>(0, s.cfg.pool_size() / 2)}})),
        bufsize(*rc::gen::weightedOneOf<std::size_t>(
            {{2, rc::gen::inRange<std::size_t>(0, 64)},
             {3, rc::gen::inRange<std::size_t>(0, 9 * s.cfg.extent_size)},
             {1, rc::gen::inRange<std::size_t>(0, s.cfg.pool_size() + 2 * s.cfg.extent_size)}})) {}
  void run(const Setup&, Sut& sut) const override {
    const std::string& k = key_space()[key];
    sut.run(describe(), [&](CacheApi& c) {
      std::string buf(bufsize + 16, '\xa5');  // 16 canary bytes past the end
      std::size_t vsize = 0xdeadbeef;
      ssize_t r = c.get(null_key ? nullptr : k.data(), k.size(), null_buf ? nullptr : buf.data(),
                        bufsize, offset, null_vsize ? nullptr : &vsize);
      int err = errno;
      return Outcome{
          result_text(r, err) + " vsize=" + (null_vsize ? "NULL" : std::to_string(vsize)),
          std::move(buf)};
    });
  }
  std::string describe() const {
    std::ostringstream os;
    os << "get(key=" << (null_key ? "NULL" : show_key(key_space()[key]))
       << ", buf=" << (null_buf ? "NULL" : "buf") << ", bufsize=" << bufsize
       << ", offset=" << offset << ", vsize=" << (null_vsize ? "NULL" : "&vsize") << ")";
    return os.str();
  }
  void show(std::ostream& os) const override { os << describe(); }
};

struct Exists : Cmd {
  int key;
  bool null_key, null_vsize;
  explicit Exists(const Setup&)
      : key(*gen_key()),
        null_key(*rc::gen::weightedElement<bool>({{30, false}, {1, true}})),
        null_vsize(*rc::gen::weightedElement<bool>({{3, false}, {1, true}})) {}
  void run(const Setup&, Sut& sut) const override {
    const std::string& k = key_space()[key];
    sut.run(describe(), [&](CacheApi& c) {
      std::size_t vsize = 0xdeadbeef;
      int r = c.exists(null_key ? nullptr : k.data(), k.size(), null_vsize ? nullptr : &vsize);
      int err = errno;
      return Outcome{
          result_text(r, err) + " vsize=" + (null_vsize ? "NULL" : std::to_string(vsize)), {}};
    });
  }
  std::string describe() const {
    return "exists(key=" + (null_key ? std::string("NULL") : show_key(key_space()[key])) +
           (null_vsize ? ", vsize=NULL)" : ")");
  }
  void show(std::ostream& os) const override { os << describe(); }
};

struct Evict : Cmd {
  int key;  // -1: evict(NULL)
  explicit Evict(const Setup&)
      : key(*rc::gen::weightedOneOf<int>({{3, gen_key()}, {1, rc::gen::just(-1)}})) {}
  void run(const Setup&, Sut& sut) const override {
    sut.run(describe(), [&](CacheApi& c) {
      int r =
          key < 0 ? c.evict(nullptr, 0) : c.evict(key_space()[key].data(), key_space()[key].size());
      return Outcome{result_text(r, errno), {}};
    });
  }
  std::string describe() const {
    return "evict(key=" + (key < 0 ? std::string("NULL") : show_key(key_space()[key])) + ")";
  }
  void show(std::ostream& os) const override { os << describe(); }
};

struct GetStat : Cmd {
  int stat;
  bool null_value;
  std::size_t value_size;
  explicit GetStat(const Setup&)
      : stat(*rc::gen::inRange(-1, kStatNum + 2)),
        null_value(*rc::gen::weightedElement<bool>({{15, false}, {1, true}})),
        value_size(*rc::gen::weightedElement<std::size_t>({{12, 8}, {1, 0}, {1, 4}, {1, 16}})) {}
  void run(const Setup&, Sut& sut) const override {
    sut.run(describe(), [&](CacheApi& c) {
      unsigned char buf[16];
      std::fill(std::begin(buf), std::end(buf), 0xa5);
      int r = c.get_stat(stat, null_value ? nullptr : buf, value_size);
      int err = errno;
      // DRAM_SIZE_USED is not predicted: only its call's result is compared.
      bool hide = r == 0 && stat == kStatDram;
      return Outcome{result_text(r, err),
                     hide ? std::string() : std::string(reinterpret_cast<char*>(buf), sizeof buf)};
    });
  }
  std::string describe() const {
    return "get_stat(" + std::to_string(stat) + (null_value ? ", NULL" : ", &value") + ", " +
           std::to_string(value_size) + ")";
  }
  void show(std::ostream& os) const override { os << describe(); }
};

rc::Gen<Config> gen_config(rc::Gen<int> policy) {
  return rc::gen::build<Config>(
      rc::gen::set(&Config::size, rc::gen::element<std::uint64_t>(0, 1 << 20, (1 << 20) + 1,
                                                                  (1 << 20) + 12345, 2 << 20)),
      rc::gen::set(&Config::extent_size,
                   rc::gen::element<std::uint64_t>(256, 320, 1000, 4096, 65536, 262144)),
      rc::gen::set(&Config::policy, std::move(policy)));
}

void run_machine(const Setup& s) {
  Sut sut;
  sut.setup = s;
  sut.model.api = make_model(s.cfg);
  sut.engine.api = make_engine(s.cfg);
  RC_ASSERT(sut.model.api != nullptr);
  if (sut.engine.api == nullptr) RC_FAIL("engine set-up failed: " + errno_name(errno));
  install_callbacks(sut.model, s);
  install_callbacks(sut.engine, s);
  sut.check_stats("set-up");
  rc::state::check(
      s, sut, rc::state::gen::execOneOfWithArgs<Put, Put, Put, Get, Get, Exists, Evict, GetStat>());
  // How much of the behaviour the cases reached (printed by rapidcheck).
  const std::uint64_t evicted = sut.model.api->stat(kStatEvict);
  RC_CLASSIFY(evicted == 0, "no eviction");
  RC_CLASSIFY(evicted >= 1 && evicted < 5, "1-4 evictions");
  RC_CLASSIFY(evicted >= 5, "5+ evictions");
  RC_CLASSIFY(sut.step < 20, "<20 cmds");
  RC_CLASSIFY(sut.step >= 50, ">=50 cmds");
}

RC_GTEST_PROP(StateMachine, EngineMatchesModelUnderPolicyLru, ()) {
  Setup s;
  s.cfg = *gen_config(rc::gen::just(1));
  s.callbacks = *rc::gen::element(0, 1);
  run_machine(s);
}

RC_GTEST_PROP(StateMachine, EngineMatchesModelUnderPolicyNone, ()) {
  Setup s;
  s.cfg = *gen_config(rc::gen::just(0));
  s.callbacks = *rc::gen::element(0, 1, 2);
  run_machine(s);
}

RC_GTEST_PROP(StateMachine, EngineMatchesModelWithReentrantCallbacks, ()) {
  Setup s;
  s.cfg = *gen_config(rc::gen::just(1));
  s.callbacks = 2;
  run_machine(s);
}

RC_GTEST_PROP(Invariants, HoldAfterEveryStep, ()) {
  Setup s;
  s.cfg = *gen_config(rc::gen::element(0, 1));
  s.callbacks = *rc::gen::element(1, 2);
  s.compare = false;
  run_machine(s);
}

}  // namespace
}  // namespace vmc::proptests
