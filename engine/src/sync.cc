// sync.cc -- see sync.h.
#include "sync.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace vmc {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t),
              "the futex word is the atomic's storage");

void futex_wait(std::atomic<std::uint32_t>* w, std::uint32_t expected) {
  // Returns at once if *w != expected (EAGAIN), on a wake, or spuriously;
  // the caller re-checks in every case.
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(w), FUTEX_WAIT_PRIVATE, expected, nullptr,
          nullptr, 0);
}

}  // namespace

void Lock::lock_slow() {
  for (int i = 0; i < kSpins + kYields; ++i) {
    if (i < kSpins)
      cpu_relax();
    else
      sched_yield();
    if (try_lock_word()) return;
  }
  // Acquire: as in try_lock.  Having swapped in 2, we hold the lock if the
  // old value was 0; the extra wake our unlock may then do is harmless.
  while (w_.exchange(kContended, std::memory_order_acquire) != 0) futex_wait(&w_, kContended);
}

void Lock::wake() {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&w_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr,
          0);
}

void Backoff::pause() {
  if (n_ < kSpins) {
    cpu_relax();
  } else if (n_ < kSpins + kYields) {
    sched_yield();
  } else {
    timespec ts{0, static_cast<long>(sleep_us_) * 1000};
    nanosleep(&ts, nullptr);
    if (sleep_us_ < kMaxSleepUs) sleep_us_ *= 2;
  }
  ++n_;
}

}  // namespace vmc
