// pool.cc -- creating, sizing and mapping the pool through libpmem2.
#include "pool.h"

#include <fcntl.h>
#include <libpmem2.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fault.h"

namespace vmc {
namespace {

constexpr std::size_t kDefaultDirPoolSize = std::size_t{1} << 20;  // API.md: size 0 means 1 MiB

std::size_t page_size() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

std::size_t round_up(std::size_t v, std::size_t a) { return (v + a - 1) / a * a; }

// strerror's text without its shared buffer (thread-safe; glibc >= 2.32).
const char* errno_text(int err) {
  const char* s = strerrordesc_np(err);
  return s != nullptr ? s : "unknown error";
}

// libpmem2 returns -errno for system errors and PMEM2_E_* (<= -100000) for
// its own; pmem2_err_to_errno is not exported, so the few that matter are
// mapped here.
Status pmem2_fail(int ret, const char* what, const char* path) {
  int err;
  if (ret > -100000) {
    err = -ret;
  } else if (ret == PMEM2_E_INVALID_FILE_TYPE || ret == PMEM2_E_NOSUPP ||
             ret == PMEM2_E_DAX_REGION_NOT_FOUND) {
    err = ENOTSUP;
  } else {
    err = EINVAL;
  }
  return fail(err, "%s '%s': %s", what, path, pmem2_errormsg());
}

// An unnamed file in `dir`: O_TMPFILE where the filesystem has it, else a
// named file unlinked at once.  Either way no file is left behind.
Status create_anonymous_file(const char* dir, int* fd_out) {
  int fd = fault::fail_syscall(fault::Site::kOpenFile)
               ? -1
               : ::open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string templ = std::string(dir) + "/vmemcache.XXXXXX";
    fd = mkostemp(templ.data(), O_CLOEXEC);
    if (fd >= 0) unlink(templ.c_str());
  }
  if (fd < 0) {
    int err = errno;
    return fail(err, "cannot create the pool file in '%s': %s", dir, errno_text(err));
  }
  *fd_out = fd;
  return 0;
}

// True if the character device `st` is device DAX, decided from sysfs by
// its numbers, without opening it.
bool is_device_dax(const struct stat& st) {
  char link[128], target[PATH_MAX];
  std::snprintf(link, sizeof(link), "/sys/dev/char/%u:%u/subsystem", major(st.st_rdev),
                minor(st.st_rdev));
  ssize_t n = readlink(link, target, sizeof(target) - 1);
  if (n <= 0) return false;
  target[n] = '\0';
  const char* base = std::strrchr(target, '/');
  base = base != nullptr ? base + 1 : target;
  return std::strcmp(base, "dax") == 0;
}

}  // namespace

Pool::~Pool() { close(); }

void Pool::close() {
  if (map_ != nullptr) pmem2_map_delete(&map_);
  if (fd_ >= 0) ::close(fd_);
  map_ = nullptr;
  fd_ = -1;
  base_ = nullptr;
  size_ = 0;
  devdax_ = false;
}

Status Pool::open(const char* path, std::size_t size, std::size_t extent_size, bool huge_pages) {
  close();
  Status st = open_impl(path, size, extent_size);
  if (st != 0) {
    close();  // a failed open leaves no descriptor or mapping behind
    return st;
  }
  ::close(fd_);  // the mapping keeps the file (or device) alive
  fd_ = -1;
  // A hint: where the medium cannot honour it (file systems other than
  // tmpfs with shmem THP enabled; device DAX aligns by itself) it is a no-op.
  if (huge_pages) madvise(base_, size_, MADV_HUGEPAGE);
  return 0;
}

Status Pool::open_impl(const char* path, std::size_t size, std::size_t extent_size) {
  if (path == nullptr) return fail(EINVAL, "path is NULL");
  struct stat st;
  if (::stat(path, &st) != 0) {
    int err = errno;
    return fail(err, "cannot access '%s': %s", path, errno_text(err));
  }
  std::size_t map_len = 0;  // 0 for device DAX: decided once libpmem2 has told its size
  if (S_ISDIR(st.st_mode)) {
    map_len = round_up(size != 0 ? size : kDefaultDirPoolSize, page_size());
    if (extent_size > map_len)
      return fail(EINVAL, "extent size %zu is larger than the pool (%zu bytes)", extent_size,
                  map_len);
    if (Status s = create_anonymous_file(path, &fd_)) return s;
    int ret = fault::fail_syscall(fault::Site::kFallocate)
                  ? errno
                  : posix_fallocate(fd_, 0, static_cast<off_t>(map_len));
    if (ret != 0)
      return fail(ret, "cannot reserve %zu bytes for the pool in '%s': %s", map_len, path,
                  errno_text(ret));
  } else if (S_ISCHR(st.st_mode)) {
    if (!is_device_dax(st))
      return fail(ENOTSUP, "'%s' is a character device but not a device DAX", path);
    fd_ = ::open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) {
      int err = errno;
      return fail(err, "cannot open '%s': %s", path, errno_text(err));
    }
    devdax_ = true;
  } else {
    return fail(ENOTDIR, "'%s' is neither a directory nor a device DAX", path);
  }
  return map(path, size, extent_size, map_len);
}

Status Pool::map(const char* path, std::size_t size, std::size_t extent_size, std::size_t map_len) {
  struct pmem2_source* src = nullptr;
  struct pmem2_config* cfg = nullptr;
  Status st_out = 0;
  int ret =
      fault::fail_syscall(fault::Site::kPmem2Source) ? -errno : pmem2_source_from_fd(&src, fd_);
  if (ret != 0) {
    st_out = devdax_ && ret == PMEM2_E_INVALID_FILE_TYPE
                 ? fail(ENOTSUP, "'%s' is a character device but not a device DAX", path)
                 : pmem2_fail(ret, "cannot use", path);
    goto out;
  }
  if (devdax_) {
    std::size_t dev_size = 0, align = 0;
    if ((ret = pmem2_source_size(src, &dev_size)) != 0 ||
        (ret = pmem2_source_alignment(src, &align)) != 0) {
      st_out = pmem2_fail(ret, "cannot query", path);
      goto out;
    }
    if (size > dev_size) {
      st_out =
          fail(EINVAL, "size %zu is larger than the device '%s' (%zu bytes)", size, path, dev_size);
      goto out;
    }
    map_len = size != 0 ? round_up(size, align) : dev_size;
    if (map_len > dev_size) map_len = dev_size;
    if (extent_size > map_len) {
      st_out =
          fail(EINVAL, "extent size %zu is larger than the pool (%zu bytes)", extent_size, map_len);
      goto out;
    }
  }
  if ((ret = fault::fail_syscall(fault::Site::kPmem2Config) ? -errno : pmem2_config_new(&cfg)) !=
          0 ||
      (ret = pmem2_config_set_required_store_granularity(cfg, PMEM2_GRANULARITY_PAGE)) != 0 ||
      (ret = pmem2_config_set_length(cfg, map_len)) != 0 ||
      (ret = fault::fail_syscall(fault::Site::kPmem2Map) ? -errno
                                                         : pmem2_map_new(&map_, cfg, src)) != 0) {
    st_out = pmem2_fail(ret, "cannot map the pool in", path);
    goto out;
  }
  base_ = static_cast<char*>(pmem2_map_get_address(map_));
  size_ = pmem2_map_get_size(map_);
  memcpy_ = pmem2_get_memcpy_fn(map_);
out:
  if (cfg != nullptr) pmem2_config_delete(&cfg);
  if (src != nullptr) pmem2_source_delete(&src);
  return st_out;
}

void Pool::copy_in(void* dst, const void* src, std::size_t n) const {
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  // libpmem2 is not instrumented: in sanitizer builds copy with an
  // instrumented memcpy so TSan sees every write to the pool (a reader racing
  // with the reuse of an extent would be reported).
  std::memcpy(dst, src, n);
#else
  memcpy_(dst, src, n, PMEM2_F_MEM_NOFLUSH);
#endif
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif

void Pool::prefault() const {
  if (base_ == nullptr) return;
  // Faults the pages in writable without writing to them.
  if (madvise(base_, size_, MADV_POPULATE_WRITE) == 0) return;
  // Older kernels: read every page (a read never races with a put's write
  // in a way that matters: it changes nothing).
  const std::size_t page = page_size();
  for (std::size_t off = 0; off < size_; off += page)
    (void)reinterpret_cast<const volatile char*>(base_)[off];
}

}  // namespace vmc
