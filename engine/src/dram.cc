// dram.cc -- the private jemalloc arena (or its sanitizer-build fallback).
#include "dram.h"

#include <atomic>
#include <cstring>
#include <new>
#include <string>

#if VMC_USE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace vmc {

#if VMC_USE_JEMALLOC

namespace {

int flags_for(unsigned arena, DramArena::Tcache tc) {
  return MALLOCX_ARENA(arena) |
         (tc == DramArena::kNoTcache ? MALLOCX_TCACHE_NONE : MALLOCX_TCACHE(tc));
}

}  // namespace

DramArena::~DramArena() {
  if (have_arena_) {
    std::string cmd = "arena." + std::to_string(arena_) + ".destroy";
    mallctl(cmd.c_str(), nullptr, nullptr, nullptr, 0);
  }
}

Status DramArena::init() {
  if (have_arena_) return 0;  // a retried vmemcache_add keeps its arena
  size_t sz = sizeof(arena_);
  int ret = mallctl("arenas.create", &arena_, &sz, nullptr, 0);
  if (ret != 0) return fail(ret, "cannot create a jemalloc arena: %s", std::strerror(ret));
  have_arena_ = true;
  return 0;
}

void* DramArena::alloc(std::size_t size, Tcache tc) {
  return mallocx(size, flags_for(arena_, tc));
}

void* DramArena::alloc_zeroed(std::size_t size, Tcache tc) {
  return mallocx(size, flags_for(arena_, tc) | MALLOCX_ZERO);
}

void DramArena::free(void* p, std::size_t size, Tcache tc) {
  sdallocx(p, size, flags_for(arena_, tc));
}

std::size_t DramArena::usable_size(std::size_t size) { return nallocx(size, 0); }

Status DramArena::tcache_create(Tcache* out) {
  size_t sz = sizeof(*out);
  int ret = mallctl("tcache.create", out, &sz, nullptr, 0);
  if (ret != 0) return fail(ret, "cannot create a jemalloc tcache: %s", std::strerror(ret));
  return 0;
}

void DramArena::tcache_destroy(Tcache tc) {
  if (tc != kNoTcache) mallctl("tcache.destroy", nullptr, nullptr, &tc, sizeof(tc));
}

std::uint64_t DramArena::allocated_bytes() const {
  if (!have_arena_) return 0;
  uint64_t epoch = 1;
  size_t esz = sizeof(epoch);
  mallctl("epoch", &epoch, &esz, &epoch, esz);  // refresh the statistics
  std::uint64_t total = 0;
  for (const char* kind : {"small", "large"}) {
    std::string name =
        "stats.arenas." + std::to_string(arena_) + "." + kind + ".allocated";
    size_t v = 0, vsz = sizeof(v);
    if (mallctl(name.c_str(), &v, &vsz, nullptr, 0) == 0) total += v;
  }
  return total;
}

#else  // !VMC_USE_JEMALLOC


DramArena::~DramArena() = default;
Status DramArena::init() {
  have_arena_ = true;
  return 0;
}
void* DramArena::alloc(std::size_t size, Tcache) {
  void* p = ::operator new(usable_size(size), std::nothrow);
  if (p != nullptr) fallback_bytes_.fetch_add(usable_size(size), std::memory_order_relaxed);
  return p;
}
void* DramArena::alloc_zeroed(std::size_t size, Tcache tc) {
  void* p = alloc(size, tc);
  if (p != nullptr) std::memset(p, 0, size);
  return p;
}
void DramArena::free(void* p, std::size_t size, Tcache) {
  fallback_bytes_.fetch_sub(usable_size(size), std::memory_order_relaxed);
  ::operator delete(p, usable_size(size));
}
std::size_t DramArena::usable_size(std::size_t size) { return (size + 15) & ~std::size_t{15}; }
Status DramArena::tcache_create(Tcache* out) {
  *out = kNoTcache;
  return 0;
}
void DramArena::tcache_destroy(Tcache) {}
std::uint64_t DramArena::allocated_bytes() const {
  return fallback_bytes_.load(std::memory_order_relaxed);
}

#endif

}  // namespace vmc
