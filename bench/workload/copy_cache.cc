// copy_cache.cc -- the "copy" pseudo-cache: the ceiling of a get.
//
// It does only the memory traffic of the workload and nothing a cache must
// do besides: no index, no replacement state, no locks, no statistics.
// Its "pool" is a file of the pool's size in the same directory as the
// engine's (so the same medium and page size), mapped shared and touched
// whole at creation (no page fault is measured).  A key's value lives at a
// fixed place derived from the key id (the key's first 8 bytes, as
// generators.h KeyMaker writes them): extent-aligned, anywhere in the
// region.  A get copies the key's value size (the workload's function of
// the key) from there; a put copies the value there.  Every get hits.
// The driver prints engine/copy: the share of the machine's copy rate the
// engine keeps.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "cache_under_test.h"
#include "generators.h"

namespace vmc::bench {
namespace {

class CopyCache final : public CacheUnderTest {
 public:
  explicit CopyCache(const CacheConfig& cfg)
      : name_(cfg.name),
        sizes_(cfg.value_min, cfg.value_max, cfg.value_skew_small, cfg.seed),
        extent_(cfg.extent_size),
        bytes_(rounded_pool(cfg.pool_size)) {
    if (sizes_.max() > bytes_) {
      throw std::invalid_argument("copy: values up to " + std::to_string(sizes_.max()) +
                                  " B do not fit a pool of " + std::to_string(bytes_) + " B");
    }
    slots_ = (bytes_ - sizes_.max()) / extent_ + 1;
    int fd = open(cfg.dir.c_str(), O_TMPFILE | O_RDWR, 0600);
    if (fd < 0)
      throw std::runtime_error("copy: O_TMPFILE in " + cfg.dir + ": " + std::strerror(errno));
    if (ftruncate(fd, static_cast<off_t>(bytes_)) != 0) {
      close(fd);
      throw std::runtime_error("copy: cannot size the region: " +
                               std::string(std::strerror(errno)));
    }
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
      throw std::runtime_error("copy: mmap: " + std::string(std::strerror(errno)));
    base_ = static_cast<char*>(p);
    if (cfg.huge_pages == 1) madvise(base_, bytes_, MADV_HUGEPAGE);
    std::memset(base_, 0x5a, bytes_);  // every page present before the run
  }
  ~CopyCache() override { munmap(base_, bytes_); }

  std::string_view name() const override { return name_; }

  bool get(const void* key, std::size_t key_size, void* buf, std::size_t buf_size,
           std::size_t* vsize) override {
    const std::uint64_t id = key_id(key, key_size);
    const std::uint64_t size = sizes_.for_key(id);
    if (buf != nullptr) std::memcpy(buf, place(id), std::min<std::uint64_t>(size, buf_size));
    if (vsize != nullptr) *vsize = size;
    return true;
  }
  bool exists(const void*, std::size_t) override { return true; }
  int put(const void* key, std::size_t key_size, const void* value,
          std::size_t value_size) override {
    if (value_size > sizes_.max()) return ENOSPC;
    std::memcpy(place(key_id(key, key_size)), value, value_size);
    return 0;
  }
  bool erase(const void*, std::size_t) override { return true; }
  bool evict_one() override { return true; }
  CacheStats stats() override { return {}; }
  std::uint64_t capacity() const override { return bytes_; }
  std::uint64_t extent_size() const override { return extent_; }

 private:
  static std::uint64_t key_id(const void* key, std::size_t key_size) {
    std::uint64_t id = 0;
    std::memcpy(&id, key, std::min<std::size_t>(key_size, 8));
    return id;
  }
  char* place(std::uint64_t id) const {
    // Multiply-shift: uniform over the slots without a division.
    const auto slot = static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(splitmix64_mix(id)) * slots_) >> 64);
    return base_ + slot * extent_;
  }

  const std::string name_;
  ValueSizes sizes_;
  const std::uint64_t extent_;
  const std::uint64_t bytes_;
  std::uint64_t slots_ = 1;
  char* base_ = nullptr;
};

}  // namespace

std::unique_ptr<CacheUnderTest> make_copy_cache(const CacheConfig& cfg) {
  return std::make_unique<CopyCache>(cfg);
}

}  // namespace vmc::bench
