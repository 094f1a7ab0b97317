// fake_vmemcache.cc -- a stand-in libvmemcache for the loader's tests: the
// C API over one mutex-guarded map, plus vmemcache_get_shared_writes with
// counts the tests can predict (each get hit: 0 RMW, 1 store; each get
// miss: 0, 0; each put: 2 RMW, 3 stores).  Its errormsg says "fake", so a
// test can tell which library answered.  Not a cache: no capacity, no
// eviction.
#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

struct vmemcache {
  std::mutex mu;
  std::map<std::string, std::string> kv;
  vmemcache_shared_writes counts[VMEMCACHE_OPS_NUM] = {};
};

namespace {
thread_local std::string g_msg;
int fail(int err, const char* msg) {
  g_msg = std::string("fake: ") + msg;
  errno = err;
  return -1;
}
}  // namespace

extern "C" {

VMEMcache* vmemcache_new(void) { return new vmemcache; }
void vmemcache_delete(VMEMcache* c) { delete c; }
int vmemcache_set_size(VMEMcache*, size_t size) { return size == 0 ? fail(EINVAL, "size 0") : 0; }
int vmemcache_set_extent_size(VMEMcache*, size_t) { return 0; }
int vmemcache_set_eviction_policy(VMEMcache*, enum vmemcache_repl_p) { return 0; }
int vmemcache_add(VMEMcache*, const char* path) {
  return std::strcmp(path, "/nonexistent") == 0 ? fail(ENOENT, "no such directory") : 0;
}
int vmemcache_put(VMEMcache* c, const void* k, size_t ks, const void* v, size_t vs) {
  std::lock_guard<std::mutex> l(c->mu);
  auto& w = c->counts[VMEMCACHE_OP_PUT];
  ++w.ops;
  w.rmw += 2;
  w.stores += 3;
  if (!c->kv
           .emplace(std::string(static_cast<const char*>(k), ks),
                    std::string(static_cast<const char*>(v), vs))
           .second)
    return fail(EEXIST, "exists");
  return 0;
}
ssize_t vmemcache_get(VMEMcache* c, const void* k, size_t ks, void* buf, size_t bs, size_t off,
                      size_t* vsize) {
  std::lock_guard<std::mutex> l(c->mu);
  auto it = c->kv.find(std::string(static_cast<const char*>(k), ks));
  if (it == c->kv.end()) {
    ++c->counts[VMEMCACHE_OP_GET_MISS].ops;
    return fail(ENOENT, "miss");
  }
  auto& w = c->counts[VMEMCACHE_OP_GET_HIT];
  ++w.ops;
  ++w.stores;
  const std::string& v = it->second;
  size_t n = off >= v.size() ? 0 : std::min(bs, v.size() - off);
  if (n != 0) std::memcpy(buf, v.data() + off, n);
  if (vsize != nullptr) *vsize = v.size();
  return static_cast<ssize_t>(n);
}
int vmemcache_exists(VMEMcache* c, const void* k, size_t ks, size_t* vsize) {
  std::lock_guard<std::mutex> l(c->mu);
  auto it = c->kv.find(std::string(static_cast<const char*>(k), ks));
  if (it == c->kv.end()) return 0;
  if (vsize != nullptr) *vsize = it->second.size();
  return 1;
}
int vmemcache_evict(VMEMcache* c, const void* k, size_t ks) {
  std::lock_guard<std::mutex> l(c->mu);
  if (k == nullptr || c->kv.erase(std::string(static_cast<const char*>(k), ks)) == 0)
    return fail(ENOENT, "absent");
  return 0;
}
int vmemcache_get_stat(VMEMcache* c, enum vmemcache_statistic s, void* v, size_t vs) {
  if (vs != sizeof(unsigned long long)) return fail(EINVAL, "stat size");
  std::lock_guard<std::mutex> l(c->mu);
  *static_cast<unsigned long long*>(v) = s == VMEMCACHE_STAT_ENTRIES ? c->kv.size() : 0;
  return 0;
}
const char* vmemcache_errormsg(void) { return g_msg.c_str(); }
int vmemcache_get_shared_writes(VMEMcache* c, struct vmemcache_shared_writes* out) {
  std::lock_guard<std::mutex> l(c->mu);
  std::memcpy(out, c->counts, sizeof c->counts);
  return 0;
}

}  // extern "C"
