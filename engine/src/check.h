// check.h -- invariants checked, and locks the compiler checks.
//
// VMC_DCHECK(cond): every REQUIRES of a comment and every state transition
// an essay describes is checked where it happens.  On in the sanitizer
// builds (VMC_DCHECKS=1, set by CMake for VMC_SANITIZE), compiled out in
// Release: a failed check prints the condition and where, and aborts.
//
// VMC_GUARDED_BY, VMC_REQUIRES, ... : clang's thread-safety analysis
// (-Wthread-safety, on in the clang build) proves that what a lock guards
// is touched only with the lock held.  Other compilers ignore them.
#ifndef VMC_CHECK_H
#define VMC_CHECK_H

#ifndef VMC_DCHECKS
#define VMC_DCHECKS 0
#endif

namespace vmc {
[[noreturn]] void dcheck_failed(const char* cond, const char* file, int line);
}  // namespace vmc

#if VMC_DCHECKS
#define VMC_DCHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::vmc::dcheck_failed(#cond, __FILE__, __LINE__))
#else
#define VMC_DCHECK(cond) static_cast<void>(sizeof(static_cast<bool>(cond)))
#endif

#if defined(__clang__)
#define VMC_TSA(x) __attribute__((x))
#else
#define VMC_TSA(x)
#endif
#define VMC_CAPABILITY(name) VMC_TSA(capability(name))
#define VMC_SCOPED_CAPABILITY VMC_TSA(scoped_lockable)
#define VMC_GUARDED_BY(m) VMC_TSA(guarded_by(m))
#define VMC_REQUIRES(...) VMC_TSA(requires_capability(__VA_ARGS__))
#define VMC_ACQUIRE(...) VMC_TSA(acquire_capability(__VA_ARGS__))
#define VMC_RELEASE(...) VMC_TSA(release_capability(__VA_ARGS__))
#define VMC_TRY_ACQUIRE(...) VMC_TSA(try_acquire_capability(__VA_ARGS__))
#define VMC_NO_TSA VMC_TSA(no_thread_safety_analysis)

#endif  // VMC_CHECK_H
