// static_tls.cc -- see static_tls.h.
#include "static_tls.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace vmc::bench {

namespace {
constexpr const char* kMarker = "VMC_BENCH_STATIC_TLS";
constexpr const char* kTunable = "glibc.rtld.optional_static_tls";
}  // namespace

void ensure_static_tls_room(int argc, char** argv, std::size_t libraries) {
  (void)argc;
  if (libraries == 0 || std::getenv(kMarker) != nullptr) return;
  const char* old = std::getenv("GLIBC_TUNABLES");
  std::string tunables = old ? old : "";
  // The user's own setting wins; do not loop on it.
  if (tunables.find(kTunable) != std::string::npos) return;
  const std::size_t bytes = kStaticTlsPerLibrary * libraries + 4096;
  if (!tunables.empty()) tunables += ':';
  tunables += std::string(kTunable) + "=" + std::to_string(bytes);
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0 ||
      setenv(kMarker, std::to_string(bytes).c_str(), 1) != 0) {
    std::fprintf(stderr, "warning: cannot set GLIBC_TUNABLES: %s\n", std::strerror(errno));
    return;
  }
  std::fflush(nullptr);
  execv("/proc/self/exe", argv);
  std::fprintf(stderr, "warning: cannot re-execute /proc/self/exe with more static TLS: %s\n",
               std::strerror(errno));
}

std::size_t static_tls_room() {
  const char* v = std::getenv(kMarker);
  return v ? std::strtoull(v, nullptr, 10) : 0;
}

}  // namespace vmc::bench
