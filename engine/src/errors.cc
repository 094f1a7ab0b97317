// errors.cc -- the per-thread error message behind vmemcache_errormsg().
#include "errors.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "check.h"

namespace vmc {
namespace {

// Long enough for a path plus an explanation; longer messages are cut with
// "..." rather than silently.  Initial-exec: every miss sets tls_static
// (see tls_pending_miss in cache_ops.h).
constexpr int kMaxMessage = 1024;
[[gnu::tls_model("initial-exec")]] thread_local char tls_message[kMaxMessage];
// Set: the message is this constant.
[[gnu::tls_model("initial-exec")]] thread_local const char* tls_static = nullptr;

void set_message(const char* fmt, va_list ap) {
  tls_static = nullptr;
  int n = std::vsnprintf(tls_message, kMaxMessage, fmt, ap);
  if (n >= kMaxMessage) {
    tls_message[kMaxMessage - 4] = '.';
    tls_message[kMaxMessage - 3] = '.';
    tls_message[kMaxMessage - 2] = '.';
  }
}

}  // namespace

Status fail(int err, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  set_message(fmt, ap);
  va_end(ap);
  errno = err;
  return err;
}

void note(const char* fmt, ...) {
  const int saved = errno;
  va_list ap;
  va_start(ap, fmt);
  set_message(fmt, ap);
  va_end(ap);
  errno = saved;
}

Status fail_static(int err, const char* msg) {
  tls_static = msg;
  errno = err;
  return err;
}

const char* last_error_message() { return tls_static != nullptr ? tls_static : tls_message; }

void dcheck_failed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, cond);
  std::abort();
}

}  // namespace vmc
