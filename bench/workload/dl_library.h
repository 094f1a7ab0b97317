// dl_library.h -- a libvmemcache-compatible library loaded by path at run
// time, so one process can measure several of them side by side: this
// build's engine, the original libvmemcache, an older build of ours.
//
// The traps, and what this loader does about each:
//   * Same symbol names, same SONAME.  Every library is dlopen'ed by its
//     path with RTLD_LOCAL, and nothing links a libvmemcache into the
//     benchmark programs, so no copy is ever in the global scope.  A
//     library's calls to its own exported functions (through its PLT) look
//     up the global scope first, then its own: with no copy in the global
//     scope they can only bind to the library itself.  load() checks that
//     invariant before each load (dlsym(RTLD_DEFAULT, "vmemcache_new") must
//     find nothing) and fails loudly if a copy got in.  Paths are
//     canonicalised, so two spellings of one file are one library, while
//     two files with the same SONAME are two (glibc matches a path with a
//     slash against loaded objects by file, not by SONAME).
//   * Which one runs.  After loading, every function pointer is checked
//     with dladdr: it must lie in an object whose file is the requested one
//     (realpath-equal), and two libraries loaded from different files must
//     have different load addresses.  loader_test.cc also checks it by
//     behaviour.
//   * Static TLS.  Our engine links jemalloc's PIC archive, whose
//     thread-local state uses the initial-exec TLS model (the library is
//     flagged STATIC_TLS, ~3.7 KiB): glibc must carve it out of the static
//     TLS surplus it reserved at start-up, which by default is too small
//     for even one such library ("cannot allocate memory in static TLS
//     block").  static_tls.h re-executes the program once with
//     GLIBC_TUNABLES=glibc.rtld.optional_static_tls=N, sized for the
//     libraries it will load; load() names that fix if the error appears
//     anyway.  (dlmopen(LM_ID_NEWLM) would not help: a new namespace needs
//     static TLS for its own libc as well.)
//   * Unloading.  jemalloc registers thread-exit destructors and fork
//     handlers: a library is never dlclose'd (RTLD_NODELETE), and each path
//     is loaded once per process.
//
// Optional entry points (libvmemcache_ext.h: vmemcache_set_huge_pages,
// vmemcache_get_shared_writes) are looked up with dlsym and left null when
// the library lacks them, so the original and older builds load too.
//
// Threads: load() may be called from any thread; a loaded library is
// immutable and shared.
#ifndef VMC_BENCH_DL_LIBRARY_H
#define VMC_BENCH_DL_LIBRARY_H

#include <libvmemcache.h>
#include <libvmemcache_ext.h>

#include <memory>
#include <string>

namespace vmc::bench {

// The C API of one library.  Required entries are never null.
struct VmcApi {
  VMEMcache* (*new_cache)(void);
  void (*delete_cache)(VMEMcache*);
  int (*set_size)(VMEMcache*, size_t);
  int (*set_extent_size)(VMEMcache*, size_t);
  int (*set_eviction_policy)(VMEMcache*, enum vmemcache_repl_p);
  int (*add)(VMEMcache*, const char*);
  int (*put)(VMEMcache*, const void*, size_t, const void*, size_t);
  ssize_t (*get)(VMEMcache*, const void*, size_t, void*, size_t, size_t, size_t*);
  int (*exists)(VMEMcache*, const void*, size_t, size_t*);
  int (*evict)(VMEMcache*, const void*, size_t);
  int (*get_stat)(VMEMcache*, enum vmemcache_statistic, void*, size_t);
  const char* (*errormsg)(void);
  // Optional (null when absent).
  int (*set_huge_pages)(VMEMcache*, int);
  int (*get_shared_writes)(VMEMcache*, struct vmemcache_shared_writes*);
};

class VmcLibrary {
 public:
  // Loads (once per file) and verifies the library at `path`; throws
  // std::runtime_error naming the problem and the fix.
  static std::shared_ptr<const VmcLibrary> load(const std::string& path);

  const VmcApi& api() const { return api_; }
  const std::string& path() const { return path_; }  // canonical
  const void* base() const { return base_; }         // load address

  VmcLibrary(std::string path, void* handle);  // use load()

 private:
  std::string path_;
  void* handle_;
  const void* base_ = nullptr;
  VmcApi api_{};
};

// True when the library at `path` exists and is a regular file.
bool library_present(const std::string& path);

}  // namespace vmc::bench

#endif  // VMC_BENCH_DL_LIBRARY_H
