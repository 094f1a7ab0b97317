// dram.cc -- the library's private jemalloc (or its sanitizer-build fallback).
#include "dram.h"

#include <cstring>
#include <new>

#include "fault.h"

#if VMC_USE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace vmc {

#if VMC_USE_JEMALLOC

void* DramArena::alloc(std::size_t size, DramAccount* account) {
  if (fault::fail_now(fault::Site::kArena)) return nullptr;
  void* p = mallocx(size, 0);
  if (p != nullptr) (account != nullptr ? account : &own_)->allocated(size);
  return p;
}

void* DramArena::alloc_zeroed(std::size_t size, DramAccount* account) {
  if (fault::fail_now(fault::Site::kArena)) return nullptr;
  void* p = mallocx(size, MALLOCX_ZERO);
  if (p != nullptr) (account != nullptr ? account : &own_)->allocated(size);
  return p;
}

void DramArena::free(void* p, std::size_t size, DramAccount* account) {
  (account != nullptr ? account : &own_)->freed(size);
  sdallocx(p, size, 0);
}

std::size_t DramArena::usable_size(std::size_t size) { return nallocx(size, 0); }

#else  // !VMC_USE_JEMALLOC

void* DramArena::alloc(std::size_t size, DramAccount* account) {
  if (fault::fail_now(fault::Site::kArena)) return nullptr;
  void* p = ::operator new(usable_size(size), std::nothrow);
  if (p != nullptr) (account != nullptr ? account : &own_)->allocated(size);
  return p;
}

void* DramArena::alloc_zeroed(std::size_t size, DramAccount* account) {
  void* p = alloc(size, account);
  if (p != nullptr) std::memset(p, 0, size);
  return p;
}

void DramArena::free(void* p, std::size_t size, DramAccount* account) {
  (account != nullptr ? account : &own_)->freed(size);
  ::operator delete(p, usable_size(size));
}

std::size_t DramArena::usable_size(std::size_t size) { return (size + 15) & ~std::size_t{15}; }

#endif

}  // namespace vmc
