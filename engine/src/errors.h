// errors.h -- how failures cross the C API.
//
// Every failing call sets errno and a per-thread message, then returns -1
// (or NULL).  Inside the engine a function that can fail returns a Status:
// 0 on success or the errno value, and has already recorded the message.
// Thread-safe: the message buffer is thread-local.
#ifndef VMC_ERRORS_H
#define VMC_ERRORS_H

#include <cerrno>

namespace vmc {

// An errno value, 0 meaning success.
using Status = int;

// Records `err` and a printf-style message for the calling thread, and
// returns `err` so call sites can `return fail(EINVAL, "...")`.
[[gnu::format(printf, 2, 3)]] Status fail(int err, const char* fmt, ...);

// The same for a constant message: no formatting, for the miss and EEXIST
// paths that a busy cache takes millions of times a second.
Status fail_static(int err, const char* msg);

// Records a printf-style message for the calling thread without failing
// (errno untouched): for an operation that succeeded but has news.
[[gnu::format(printf, 1, 2)]] void note(const char* fmt, ...);

// The calling thread's last message ("" if none).
const char* last_error_message();

// Sets errno from a Status and returns -1: the C API's error convention.
inline int c_error(Status st) {
  errno = st;
  return -1;
}

}  // namespace vmc

#endif  // VMC_ERRORS_H
