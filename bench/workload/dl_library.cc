// dl_library.cc -- see dl_library.h for the traps this loader avoids.
#include "dl_library.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <type_traits>

namespace vmc::bench {
namespace {

// The declared prototypes (unevaluated: nothing is linked) are the types of
// the table's entries, so a mismatch is a compile error.
static_assert(std::is_same_v<decltype(VmcApi::put), decltype(&vmemcache_put)>);
static_assert(std::is_same_v<decltype(VmcApi::get), decltype(&vmemcache_get)>);
static_assert(std::is_same_v<decltype(VmcApi::get_stat), decltype(&vmemcache_get_stat)>);
static_assert(
    std::is_same_v<decltype(VmcApi::set_huge_pages), decltype(&vmemcache_set_huge_pages)>);
static_assert(
    std::is_same_v<decltype(VmcApi::get_shared_writes), decltype(&vmemcache_get_shared_writes)>);

std::string canonical(const std::string& path) {
  char* p = realpath(path.c_str(), nullptr);
  if (p == nullptr) {
    throw std::runtime_error("library " + path +
                             ": not found (give an existing libvmemcache.so path)");
  }
  std::string out(p);
  std::free(p);
  return out;
}

// Resolves `name` in the library and checks with dladdr that the symbol
// lives in the requested file.  Null (optional) or throw (required).
template <typename Fn>
void bind(void* handle, const std::string& path, const void** base, const char* name, Fn* slot,
          bool required) {
  void* sym = dlsym(handle, name);
  if (sym == nullptr) {
    if (required)
      throw std::runtime_error("library " + path + " has no " + name +
                               ": not a libvmemcache-compatible library");
    *slot = nullptr;
    return;
  }
  Dl_info info{};
  if (dladdr(sym, &info) == 0 || info.dli_fname == nullptr || canonical(info.dli_fname) != path) {
    throw std::runtime_error(std::string(name) + " requested from " + path + " resolves into " +
                             (info.dli_fname ? info.dli_fname : "an unknown object") +
                             ": the libraries are confused; load each by path only");
  }
  if (*base == nullptr) *base = info.dli_fbase;
  if (*base != info.dli_fbase)
    throw std::runtime_error(std::string(name) + " in " + path + " lies in a second object");
  *slot = reinterpret_cast<Fn>(sym);
}

void* open_by_path(const std::string& path) {
  // A copy in the global scope would capture the loaded library's internal
  // calls (dl_library.h); none may be there.
  if (dlsym(RTLD_DEFAULT, "vmemcache_new") != nullptr) {
    throw std::runtime_error(
        "a libvmemcache is linked into this program (vmemcache_new is in the global "
        "scope): a library loaded by path could call into it; link none, load each by path");
  }
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (h != nullptr) return h;
  std::string err = dlerror();
  if (err.find("static TLS") != std::string::npos) {
    err +=
        " (the library uses initial-exec TLS: run with GLIBC_TUNABLES="
        "glibc.rtld.optional_static_tls=65536, which the benchmark programs set by "
        "re-executing themselves unless VMC_BENCH_STATIC_TLS is already set)";
  }
  throw std::runtime_error("cannot load " + path + ": " + err);
}

}  // namespace

VmcLibrary::VmcLibrary(std::string path, void* handle) : path_(std::move(path)), handle_(handle) {
  auto req = [&](const char* name, auto* slot) { bind(handle_, path_, &base_, name, slot, true); };
  auto opt = [&](const char* name, auto* slot) { bind(handle_, path_, &base_, name, slot, false); };
  req("vmemcache_new", &api_.new_cache);
  req("vmemcache_delete", &api_.delete_cache);
  req("vmemcache_set_size", &api_.set_size);
  req("vmemcache_set_extent_size", &api_.set_extent_size);
  req("vmemcache_set_eviction_policy", &api_.set_eviction_policy);
  req("vmemcache_add", &api_.add);
  req("vmemcache_put", &api_.put);
  req("vmemcache_get", &api_.get);
  req("vmemcache_exists", &api_.exists);
  req("vmemcache_evict", &api_.evict);
  req("vmemcache_get_stat", &api_.get_stat);
  req("vmemcache_errormsg", &api_.errormsg);
  opt("vmemcache_set_huge_pages", &api_.set_huge_pages);
  opt("vmemcache_get_shared_writes", &api_.get_shared_writes);
}

std::shared_ptr<const VmcLibrary> VmcLibrary::load(const std::string& path) {
  // The process's loaded libraries are process-wide by nature (dlopen);
  // this map only remembers which paths are already verified.
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const VmcLibrary>> loaded;
  const std::string canon = canonical(path);
  std::lock_guard<std::mutex> lock(mu);
  auto it = loaded.find(canon);
  if (it != loaded.end()) return it->second;
  auto lib = std::make_shared<const VmcLibrary>(canon, open_by_path(canon));
  for (const auto& [other_path, other] : loaded) {
    if (other->base() == lib->base()) {
      throw std::runtime_error(canon + " and " + other_path +
                               " resolved to one loaded object: cannot compare them");
    }
  }
  loaded.emplace(canon, lib);
  return lib;
}

bool library_present(const std::string& path) {
  struct stat st {};
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace vmc::bench
