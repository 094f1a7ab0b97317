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

void futex_wait(std::atomic<std::uint32_t>* w, std::uint32_t expected, long timeout_us) {
  // Returns at once if *w != expected (EAGAIN), on a wake, at the timeout,
  // or spuriously; the caller re-checks in every case.
  timespec ts{0, timeout_us * 1000};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(w), FUTEX_WAIT_PRIVATE, expected, &ts,
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
  // Counted before the word is checked again, so that an unlock that reads
  // the count after this increment wakes us; one that misses it costs at
  // most a timeout (sync.h).  The order serves only that shortcut (the CAS
  // alone decides ownership), so relaxed is enough; an x86 RMW is a full
  // fence whatever the order says.
  sleepers_.fetch_add(1, std::memory_order_relaxed);
  while (!try_lock_word()) futex_wait(&w_, 1, kLockSleepUs);
  // Relaxed: only whether to wake depends on it.
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
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
