// fuzz_driver.h -- the C API fuzz target's interpreter: decodes the input
// (fuzz_input.h) into a program of C API calls with hostile arguments, runs
// each call on the engine and, while it can predict it, on the reference
// model (fuzz_sides.h), and checks:
//   * while in sync, the two answer every call alike (result, errno, *vsize,
//     and the log of everything their callbacks saw and did), and agree on
//     every statistic but DRAM_SIZE_USED after each top-level call;
//   * always, every value the engine hands out (get, a get answered by
//     on_miss, visit, a handle, a sized on_evict's size) is the last value
//     stored for its key (or the value of the put that answered the get),
//     a get writes nothing past what it reports, every failure has a
//     documented errno and a message, GET = HIT + MISS;
//   * at the end, the statistics equal a recount of the engine's structures
//     (vmc::debug::recount) and the DRAM account is 0 after tear-down.
// A finding aborts with a message (libFuzzer saves the input).
//
// Callbacks (on_evict, its sized form, on_miss, the visit function) run a
// script of up to four actions decoded with them: exists, get, put,
// insert_or_assign, evict(key), evict(NULL), visit, a handle got and
// released, get_stat, rewriting the caller's key buffer, and throwing an
// exception (the model's side returns instead: the engine must complete
// the call as if the callback had returned).  They act on the callback's
// key, the key of the get whose on_miss is running, or a table key, and
// nest up to kMaxDepth callbacks deep.
#ifndef VMC_FUZZ_DRIVER_H
#define VMC_FUZZ_DRIVER_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "fuzz_sides.h"

namespace vmc::fuzz {

// Reports a finding on stderr and aborts (libFuzzer keeps the input).
[[noreturn, gnu::format(printf, 1, 2)]] void finding(const char* fmt, ...);

// A key as logs and messages name it (fuzz_calls.cc).
std::string show(const char* k, std::size_t ks);

// The keys programs share, so that calls collide (fuzz_decode.cc).
const std::string& table_key(std::size_t i);

// A key argument: its bytes, or NULL, and the key_size passed (larger than
// the bytes only when it is over the limit, so never read).
struct KeyArg {
  bool null = false;
  bool huge = false;  // the bytes are huge_key()'s, shared (too big to copy per call)
  std::string bytes;
  std::size_t size = 0;
  const char* data() const { return null ? nullptr : huge ? huge_key() : bytes.data(); }
};

// A value argument: a slice of the source, or NULL; `size` is what is
// passed (SIZE_MAX with real bytes at the top level only: the engine must
// answer ENOSPC without reading them).
struct ValueArg {
  bool null = false;
  ValueDesc v;
  std::size_t size = 0;
};

struct Action {
  enum Kind : std::uint8_t {
    kExists,
    kGet,
    kPut,
    kInsert,
    kEvictKey,
    kEvictNull,
    kVisit,
    kHandle,
    kStat,
    kRewriteKey,
    kThrow,
    kNum
  };
  Kind kind = kExists;
  std::uint8_t key_choice = 0;  // 0 the callback's key, 1 a pending miss's key, else a table key
  ValueArg value;
  std::size_t bufsize = 0;
};
using Script = std::vector<Action>;

// A get's buffer arguments.
struct GetArgs {
  bool null_buf = false;
  std::size_t bufsize = 0;
  std::size_t offset = 0;
  bool null_vsize = false;
};

struct Op {
  enum Code : std::uint8_t {
    kPut,
    kInsert,
    kGet,
    kExists,
    kEvict,
    kStat,
    kVisit,
    kHandleGet,
    kHandleRelease,
    kCallbacks,
    kSetter,
    kAdd,
    kBench,
    kNullCache,
    kSharedWrites,
    kNum
  };
  Code code = kPut;
  KeyArg key;
  ValueArg value;
  GetArgs get;
  int raw = 0;           // statistic, setter choice, bench config, NULL-cache function
  std::size_t arg = 0;   // the setter's, bench's or stat's size argument
  std::size_t slot = 0;  // handle slot
  bool flag = false;     // visit: NULL fn; stat: NULL value; shared writes: NULL out
  EvictCb evict_cb = EvictCb::kNone;
  bool miss_cb = false;
  Script evict_script, miss_script, visit_script;
  const char* path = nullptr;
};

// What a call answered.
struct Result {
  long long ret = 0;
  int err = 0;
  std::size_t vsize = 0;
  bool unpredictable = false;
  bool operator==(const Result& o) const {
    return ret == o.ret && err == o.err && vsize == o.vsize;
  }
};

class Driver final : public Hooks {
 public:
  Driver(const std::uint8_t* data, std::size_t size);
  void run();

  void on_evict(SideId side, const void* key, std::size_t ks, std::size_t value_size,
                bool sized) override;
  void on_miss(SideId side, const void* key, std::size_t ks) override;
  void on_visit(SideId side, const Pieces& pieces, std::size_t value_size) override;

  static constexpr int kMaxDepth = 3;  // callbacks nested deeper run no script
  // Scripts one top-level call may run.  A callback can keep a put from
  // ever finishing (on_evict re-inserting what is evicted, two on_evicts
  // putting each other's keys back): the program's own endless loop, not
  // the engine's, so past this budget callbacks run no script.
  static constexpr int kScriptBudget = 100;
  static constexpr std::size_t kHandleSlots = 4;
  static constexpr int kMaxOps = 400;

 private:
  // One side's state.
  struct Side {
    Api* api;
    std::vector<std::string> log;  // callback events and their calls' answers
    int depth = 0;                 // callbacks running
    int visiting = 0;              // visit functions running
    // Keys of the gets whose on_miss runs, and of the visits whose function
    // runs.  Deques: calls are made with pointers into them while nested
    // callbacks push more.
    std::deque<std::string> pending;
    std::deque<std::string> visit_keys;
    std::string* caller_key = nullptr;  // the top-level call's key buffer
    bool added = false;
    int budget = 0;  // scripts the current top-level call may still run
  };
  // An engine get in progress (for the check of what it reads).
  struct GetCtx {
    std::string key;
    bool in_miss = false;  // its on_miss is running
    bool missed = false;
    bool claimed = false;  // a put of the key answers it
    ValueDesc answer;
  };

  // Decoding (fuzz_decode.cc).
  void decode_setup(Op* size, Op* extent, Op* policy, Op* add);
  Op decode_op();
  KeyArg decode_key();
  ValueArg decode_value(bool top_level);
  GetArgs decode_get();
  Script decode_script(std::size_t max_actions);
  const char* decode_path();
  std::size_t decode_size_choice();
  std::size_t decode_extent_choice();
  int decode_policy_choice();

  // Top-level calls (fuzz_driver.cc).
  void step(const Op& op);
  Result apply(SideId s, const Op& op);
  Result apply_data(SideId s, const Op& op, const char* k);
  Result apply_setup(SideId s, const Op& op);
  Result apply_handle(SideId s, const Op& op, const char* k);
  void null_cache(const Op& op);
  void compare(const Op& op, const Result& e, const Result& m);
  void check_stats();
  void finish();

  // Calls with checks, at any depth (fuzz_calls.cc).
  Result get(SideId s, const char* k, std::size_t ks, const GetArgs& g);
  Result put(SideId s, bool insert, const char* k, std::size_t ks, const ValueArg& v);
  Result visit(SideId s, const char* k, std::size_t ks, bool null_fn);
  Result handle_get(SideId s, const char* k, std::size_t ks, std::size_t slot);
  void check_failure(const char* what, long long ret);
  void check_bytes(const char* what, const std::string& key, const Pieces& got, std::size_t vsize,
                   const ValueDesc* want);
  bool put_answers_miss(SideId s, const char* k, std::size_t ks, const ValueArg& v) const;
  std::vector<char>& buffer(int depth);
  // Callback scripts (fuzz_calls.cc).
  void run_script(SideId s, const Script& script, const char* key, std::size_t ks);
  void run_action(SideId s, const Action& a, const char* key, std::size_t ks);
  void log(SideId s, const std::string& line) {
    if (trace_) std::fprintf(stderr, "    %s%s\n", s == kModel ? "(model) " : "", line.c_str());
    if (s == kModel || in_sync_) side(s).log.push_back(line);
  }
  Side& side(SideId s) { return sides_[s]; }

  Input in_;
  EngineApi engine_;
  ModelApi model_;
  Side sides_[2];
  bool in_sync_ = true;      // the model still predicts the engine
  bool model_lost_ = false;  // the model could not predict the current call
  bool no_memcpy_ = false;   // vmemcache_bench_set turned value copies off
  bool trace_ = false;       // VMC_FUZZ_TRACE set: every top-level call on stderr
  std::string pool_dir_;
  Script evict_script_, miss_script_, visit_script_;
  // The engine's shadow: the last value stored per key.
  std::map<std::string, ValueDesc> stored_;
  std::vector<GetCtx> gets_;  // engine gets in progress, innermost last
  std::vector<std::optional<std::pair<std::string, ValueDesc>>> handle_want_;  // per engine slot
};

}  // namespace vmc::fuzz

#endif  // VMC_FUZZ_DRIVER_H
