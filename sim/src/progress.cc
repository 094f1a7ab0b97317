// progress.cc -- the progress line.
#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace vmc::sim {

Progress::Progress(std::string pass, bool enabled)
    : pass_(std::move(pass)),
      enabled_(enabled),
      tty_(isatty(2) != 0),
      start_(Clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (shown_ && tty_) std::fprintf(stderr, "\n");
}

std::string Progress::line(const std::string& pass, std::uint64_t done, double fraction,
                           double elapsed) {
  char buf[256];
  const double rate = elapsed > 0 ? double(done) / elapsed : 0;
  int n = std::snprintf(buf, sizeof buf, "%s: %.2f M requests", pass.c_str(), double(done) / 1e6);
  if (fraction >= 0) n += std::snprintf(buf + n, sizeof buf - n, " (%.0f%%)", fraction * 100);
  n += std::snprintf(buf + n, sizeof buf - n, ", %.2f M req/s", rate / 1e6);
  if (fraction > 0 && fraction < 1)
    std::snprintf(buf + n, sizeof buf - n, ", ETA %.0f s", elapsed * (1 - fraction) / fraction);
  else
    std::snprintf(buf + n, sizeof buf - n, ", %.0f s", elapsed);
  return buf;
}

void Progress::update(std::uint64_t done, double fraction) {
  if (!enabled_) return;
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (elapsed < 1 || since < (tty_ ? 0.5 : 10)) return;
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, tty_ ? "\r%s   " : "%s\n", line(pass_, done, fraction, elapsed).c_str());
  std::fflush(stderr);
}

}  // namespace vmc::sim
