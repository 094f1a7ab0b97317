// static_tls.h -- room in glibc's static TLS for the libraries a benchmark
// loads by path (dl_library.h explains why it is needed).
//
// glibc sizes the static TLS surplus once, at start-up, from the tunable
// glibc.rtld.optional_static_tls; it cannot grow later.  So a program that
// will load libraries calls ensure_static_tls_room() first thing in main:
// unless the environment already says the room was made
// (VMC_BENCH_STATIC_TLS) or the user set the tunable, it adds the tunable
// to GLIBC_TUNABLES (keeping any others), sets VMC_BENCH_STATIC_TLS and
// re-executes /proc/self/exe with the same arguments.  The second process
// returns from the call at once.  The cost: that many bytes more of TLS
// per thread, nothing on any measured path.
#ifndef VMC_BENCH_STATIC_TLS_H
#define VMC_BENCH_STATIC_TLS_H

#include <cstddef>

namespace vmc::bench {

// Bytes of surplus asked for per library: our engine's TLS segment is
// ~3.7 KiB (jemalloc's thread state); 16 KiB leaves room for its growth
// and for a dependency's.
constexpr std::size_t kStaticTlsPerLibrary = 16 << 10;

// Returns when the room is there; otherwise re-executes (and returns only
// if exec fails, after printing why: the loads will then fail with the
// fix in their message).
void ensure_static_tls_room(int argc, char** argv, std::size_t libraries);

// The surplus the current process asked for (0: none by us).
std::size_t static_tls_room();

}  // namespace vmc::bench

#endif  // VMC_BENCH_STATIC_TLS_H
