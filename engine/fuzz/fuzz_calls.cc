// fuzz_calls.cc -- the checked calls and the callback scripts of a fuzz
// program; see fuzz_driver.h.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "fuzz_driver.h"

namespace vmc::fuzz {
namespace {

constexpr std::size_t kUntouched = 0xDEADBEEF;  // *vsize before a call
constexpr char kCanary = '\x5a';                // get buffers between calls
constexpr std::size_t kGuard = 64;              // bytes past a copy that must stay canary
constexpr std::size_t kMaxKey = (std::size_t{1} << 24) - 1;

// Thrown by a callback of the engine's side; the engine must discard it.
struct CallbackThrow {};

}  // namespace

// A key in logs and messages: its size and a hash of its first and last
// bytes (enough to tell the fuzzer's keys apart, cheap for 1 MiB ones).
std::string show(const char* k, std::size_t ks) {
  if (k == nullptr) return "NULL";
  if (ks > kMaxKey) return "<" + std::to_string(ks) + " bytes>";
  const std::size_t head = std::min<std::size_t>(ks, 64);
  const std::size_t tail = std::min<std::size_t>(ks - head, 64);
  return std::to_string(ks) + ":" +
         std::to_string((fnv1a(k, head) ^ fnv1a(k + ks - tail, tail)) % 100000);
}

namespace {

std::string result_text(const char* what, long long ret, int err, std::size_t vsize = kUntouched) {
  std::string s = std::string(what) + " " + std::to_string(ret);
  if (ret == -1) s += " errno " + std::to_string(err);
  if (vsize != kUntouched) s += " size " + std::to_string(vsize);
  return s;
}

bool documented_errno(int e) {
  switch (e) {
    case EINVAL:
    case ENOMEM:
    case EALREADY:
    case EBUSY:
    case ENOENT:
    case ENOTDIR:
    case ENOTSUP:
    case EACCES:
    case EROFS:
    case ENOSPC:
    case EFBIG:
    case EEXIST:
    case ESRCH:
    case EDEADLK:
    case EAGAIN:
      return true;
    default:
      return false;
  }
}

// Restores a scalar when a scope ends, exceptions included.
template <typename T>
class Restore {
 public:
  Restore(T* p, T v) : p_(p), old_(*p) { *p = v; }
  ~Restore() { *p_ = old_; }
  Restore(const Restore&) = delete;
  Restore& operator=(const Restore&) = delete;

 private:
  T* p_;
  T old_;
};

// Runs f when a scope ends, exceptions included.
template <typename F>
class Finally {
 public:
  explicit Finally(F f) : f_(std::move(f)) {}
  ~Finally() { f_(); }
  Finally(const Finally&) = delete;
  Finally& operator=(const Finally&) = delete;

 private:
  F f_;
};

// Pops a vector when a scope ends.
template <typename V>
class Pop {
 public:
  explicit Pop(V* v) : v_(v) {}
  ~Pop() { v_->pop_back(); }
  Pop(const Pop&) = delete;
  Pop& operator=(const Pop&) = delete;

 private:
  V* v_;
};

}  // namespace

// Get buffers, one per callback depth, made once for the process: each is
// all canary between calls (get() restores what a call wrote).
std::vector<char>& Driver::buffer(int depth) {
  static std::vector<std::vector<char>> buffers(kMaxDepth + 1);
  std::vector<char>& b = buffers[static_cast<std::size_t>(depth)];
  if (b.empty()) b.assign(kSourceSize + kGuard, kCanary);
  return b;
}

void Driver::check_failure(const char* what, long long ret) {
  const int err = errno;
  if (ret != -1) return;
  const char* msg = vmemcache_errormsg();
  if (!documented_errno(err))
    finding("%s failed with errno %d, which libvmemcache(3) does not list", what, err);
  if (msg == nullptr || msg[0] == '\0')
    finding("%s failed (errno %d) without a message", what, err);
  errno = err;
}

void Driver::check_bytes(const char* what, const std::string& key, const Pieces& got,
                         std::size_t vsize, const ValueDesc* want) {
  if (want == nullptr)
    finding("%s of key %s: a value was never stored", what, show(key.data(), key.size()).c_str());
  if (vsize != want->size)
    finding("%s: value size %zu, the last stored is %zu", what, vsize, want->size);
  std::size_t off = 0;
  for (const auto& [p, n] : got) {
    if (n == 0) finding("%s: an empty piece", what);
    if (off + n > want->size) finding("%s: pieces longer than the value", what);
    if (!no_memcpy_ && std::memcmp(p, want->data() + off, n) != 0)
      finding("%s of key %s: bytes %zu.. differ from the last value stored", what,
              show(key.data(), key.size()).c_str(), off);
    off += n;
  }
  if (off != want->size)
    finding("%s: pieces of %zu bytes for a value of %zu", what, off, want->size);
}

// Whether a put with these arguments answers a get whose on_miss runs
// (the engine's rule: arguments valid, cache added, not inside a visit).
bool Driver::put_answers_miss(SideId s, const char* k, std::size_t ks, const ValueArg& v) const {
  return k != nullptr && ks <= kMaxKey && !(v.null && v.size != 0) && sides_[s].added &&
         sides_[s].visiting == 0;
}

Result Driver::put(SideId s, bool insert, const char* k, std::size_t ks, const ValueArg& v) {
  const void* vp = v.null ? nullptr : v.v.data();
  if (s == kEngine && put_answers_miss(s, k, ks, v)) {
    for (auto g = gets_.rbegin(); g != gets_.rend(); ++g) {
      if (!g->in_miss || g->key.size() != ks || std::memcmp(g->key.data(), k, ks) != 0) continue;
      if (!g->claimed) g->claimed = true, g->answer = v.v;
      break;  // only the innermost get of the key
    }
  }
  // The key as passed: a callback may rewrite the caller's buffer meanwhile.
  const std::string key =
      s == kEngine && k != nullptr && ks <= kMaxKey ? std::string(k, ks) : std::string();
  Api& api = *side(s).api;
  Result r;
  r.vsize = kUntouched;
  r.ret = insert ? api.insert_or_assign(k, ks, vp, v.size) : api.put(k, ks, vp, v.size);
  r.err = r.ret == -1 ? errno : 0;
  if (r.ret == Api::kUnpredictable) {
    model_lost_ = true;
    r.unpredictable = true;
    return r;
  }
  if (s == kEngine) {
    check_failure(insert ? "insert_or_assign" : "put", r.ret);
    if (r.ret == 0 || (insert && r.ret == 1)) stored_[key] = v.v;
  }
  return r;
}

Result Driver::get(SideId s, const char* k, std::size_t ks, const GetArgs& g) {
  std::vector<char>& buf = buffer(side(s).depth);
  char* vbuf = g.null_buf ? nullptr : buf.data();
  Result r;
  r.vsize = kUntouched;
  if (s == kEngine) {
    gets_.emplace_back();
    if (k != nullptr && ks <= kMaxKey) gets_.back().key.assign(k, ks);
  }
  r.ret = side(s).api->get(k, ks, vbuf, g.bufsize, g.offset, g.null_vsize ? nullptr : &r.vsize);
  r.err = r.ret == -1 ? errno : 0;
  const std::size_t n = r.ret > 0 ? static_cast<std::size_t>(r.ret) : 0;
  if (s == kEngine) {
    const GetCtx ctx = gets_.back();
    gets_.pop_back();
    check_failure("get", r.ret);
    if (r.ret >= 0) {
      auto it = stored_.find(ctx.key);
      const ValueDesc* want = ctx.claimed           ? &ctx.answer
                              : it != stored_.end() ? &it->second
                                                    : nullptr;
      if (ctx.missed && !ctx.claimed)
        finding("get: on_miss put nothing, yet the get answered %lld", r.ret);
      if (want == nullptr) finding("get of %s hit a key never stored", show(k, ks).c_str());
      const std::size_t expect = vbuf == nullptr || g.offset >= want->size
                                     ? 0
                                     : std::min(g.bufsize, want->size - g.offset);
      if (n != expect) finding("get copied %zu bytes, expected %zu", n, expect);
      if (!g.null_vsize && r.vsize != want->size)
        finding("get: *vsize %zu, value %zu", r.vsize, want->size);
      if (n != 0 && !no_memcpy_ && std::memcmp(vbuf, want->data() + g.offset, n) != 0)
        finding("get of %s: the bytes are not the value's", show(k, ks).c_str());
    } else if (r.err == ENOENT && ctx.claimed) {
      finding("get: a put from on_miss should have answered it");
    } else if (!g.null_vsize && r.vsize != kUntouched) {
      finding("a failed get wrote *vsize");
    }
    if (vbuf != nullptr &&
        std::any_of(vbuf + n, vbuf + n + kGuard, [](char c) { return c != kCanary; }))
      finding("get wrote past the %zu bytes it reports", n);
  }
  if (vbuf != nullptr) std::memset(vbuf, kCanary, n);
  return r;
}

Result Driver::visit(SideId s, const char* k, std::size_t ks, bool null_fn) {
  Side& sd = side(s);
  sd.visit_keys.push_back(k != nullptr && ks <= kMaxKey ? std::string(k, ks) : std::string());
  Pop<std::deque<std::string>> pop(&sd.visit_keys);
  Result r;
  r.ret = sd.api->visit(k, ks, null_fn);
  r.err = r.ret == -1 ? errno : 0;
  if (s == kEngine) check_failure("visit", r.ret);
  return r;
}

Result Driver::handle_get(SideId s, const char* k, std::size_t ks, std::size_t slot) {
  Api& api = *side(s).api;
  Result r;
  r.ret = api.handle_get(k, ks, slot);
  r.err = r.ret == -1 ? errno : 0;
  if (s != kEngine) return r;
  check_failure("handle_get", r.ret);
  if (handle_want_.size() <= slot) handle_want_.resize(slot + 1);
  if (r.ret == 0) {
    const std::string key(k, ks);
    auto it = stored_.find(key);
    check_bytes("handle", key, api.handle_pieces(slot), api.handle_value_size(slot),
                it != stored_.end() ? &it->second : nullptr);
    handle_want_[slot] = {key, it->second};
  }
  return r;
}

// --- callbacks ---------------------------------------------------------------------

void Driver::on_evict(SideId s, const void* key, std::size_t ks, std::size_t value_size,
                      bool sized) {
  const char* k = static_cast<const char*>(key);
  Side& sd = side(s);
  log(s, "on_evict depth " + std::to_string(sd.depth) + " key " + show(k, ks) +
             (sized ? " size " + std::to_string(value_size) : ""));
  if (s == kEngine && sized) {
    auto it = stored_.find(std::string(k, ks));
    if (it == stored_.end() || it->second.size != value_size)
      finding("on_evict_sized: size %zu is not the size of the last value stored", value_size);
  }
  if (sd.depth >= kMaxDepth) return;
  Restore<int> depth(&sd.depth, sd.depth + 1);
  run_script(s, evict_script_, k, ks);
}

void Driver::on_miss(SideId s, const void* key, std::size_t ks) {
  const char* k = static_cast<const char*>(key);
  Side& sd = side(s);
  log(s, "on_miss depth " + std::to_string(sd.depth) + " key " + show(k, ks));
  // The get that missed is the innermost one (indexes: nested gets move gets_).
  const std::size_t gi = gets_.size() - 1;
  if (s == kEngine) {
    if (gets_.empty()) finding("on_miss without a get in progress");
    gets_[gi].missed = gets_[gi].in_miss = true;
  }
  Finally miss_done([&] {
    if (s == kEngine) gets_[gi].in_miss = false;
  });
  sd.pending.emplace_back(k, ks);
  Pop<std::deque<std::string>> pop(&sd.pending);
  if (sd.depth >= kMaxDepth) return;
  Restore<int> depth(&sd.depth, sd.depth + 1);
  run_script(s, miss_script_, k, ks);
}

void Driver::on_visit(SideId s, const Pieces& pieces, std::size_t value_size) {
  Side& sd = side(s);
  const std::string key = sd.visit_keys.back();
  log(s, "visit depth " + std::to_string(sd.depth) + " size " + std::to_string(value_size));
  if (s == kEngine) {
    auto it = stored_.find(key);
    check_bytes("visit", key, pieces, value_size, it != stored_.end() ? &it->second : nullptr);
  }
  Restore<int> visiting(&sd.visiting, sd.visiting + 1);
  if (sd.depth >= kMaxDepth) return;
  Restore<int> depth(&sd.depth, sd.depth + 1);
  run_script(s, visit_script_, key.data(), key.size());
}

void Driver::run_script(SideId s, const Script& script, const char* key, std::size_t ks) {
  if (script.empty() || side(s).budget == 0) return;
  --side(s).budget;
  for (const Action& a : script) {
    if (a.kind == Action::kThrow) {
      log(s, "throw");
      if (s == kEngine) throw CallbackThrow{};
      return;  // the model: as if the callback returned here
    }
    run_action(s, a, key, ks);
  }
}

void Driver::run_action(SideId s, const Action& a, const char* key, std::size_t ks) {
  Side& sd = side(s);
  Api& api = *sd.api;
  const char* k = key;
  if (a.key_choice % 8 == 3 && !sd.pending.empty()) {
    k = sd.pending.back().data(), ks = sd.pending.back().size();
  } else if (a.key_choice % 8 >= 4) {
    const std::string& t = table_key(a.key_choice >> 3);
    k = t.data(), ks = t.size();
  }
  std::size_t vsize = kUntouched;
  unsigned long long v = kUntouched;
  Result r;
  switch (a.kind) {
    case Action::kExists:
      r.ret = api.exists(k, ks, &vsize);
      r.err = errno;
      break;
    case Action::kGet:
      r = get(s, k, ks, GetArgs{false, a.bufsize, 0, false});
      vsize = r.vsize;
      break;
    case Action::kPut:
      r = put(s, false, k, ks, a.value);
      break;
    case Action::kInsert:
      r = put(s, true, k, ks, a.value);
      break;
    case Action::kEvictKey:
      r.ret = api.evict(k, ks);
      r.err = errno;
      break;
    case Action::kEvictNull:
      r.ret = api.evict(nullptr, 0);
      r.err = errno;
      break;
    case Action::kVisit:
      r = visit(s, k, ks, false);
      break;
    case Action::kHandle: {
      const std::size_t slot = kHandleSlots + sd.depth;
      r = handle_get(s, k, ks, slot);
      if (r.ret == 0) api.handle_release(slot);
      break;
    }
    case Action::kStat:
      r.ret = api.get_stat(static_cast<int>(a.bufsize), &v, sizeof v);
      r.err = errno;
      vsize = a.bufsize == VMEMCACHE_STAT_DRAM_SIZE_USED ? 0 : v;
      break;
    case Action::kRewriteKey:
      if (sd.caller_key != nullptr) std::memset(sd.caller_key->data(), 0xA5, sd.caller_key->size());
      return;
    case Action::kThrow:
    case Action::kNum:
      return;
  }
  if (s == kEngine) check_failure("a callback's call", r.ret);
  if (r.unpredictable) return;
  log(s, result_text(std::to_string(a.kind).c_str(), r.ret, r.ret == -1 ? r.err : 0, vsize));
}

}  // namespace vmc::fuzz
