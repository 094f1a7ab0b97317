// progress.h -- progress of one pass over a trace on stderr: requests done,
// percent, requests per second and the time left.
//
// On a terminal one line is rewritten twice a second ("\r"), from the
// first second on; on a file or pipe, when asked for (--progress), a line
// every 10 s.  Quiet otherwise: vmc-sim decides `enabled` (stderr is a
// terminal and no --no-progress, or --progress).  The ETA is (1 - f) / f of
// the elapsed time, f the fraction of the input consumed; it is omitted when
// the reader cannot tell its position (-1).
//
// Single-threaded: the pass's reading thread calls update().
#ifndef VMC_SIM_PROGRESS_H
#define VMC_SIM_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <string>

namespace vmc::sim {

class Progress {
 public:
  Progress(std::string pass, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done`: requests so far; `fraction`: of the input consumed, or -1.
  void update(std::uint64_t done, double fraction);

  // The line update() prints, without terminator (exposed for tests).
  static std::string line(const std::string& pass, std::uint64_t done, double fraction,
                          double elapsed);

 private:
  using Clock = std::chrono::steady_clock;
  std::string pass_;
  bool enabled_, tty_, shown_ = false;
  Clock::time_point start_, last_;
};

}  // namespace vmc::sim

#endif  // VMC_SIM_PROGRESS_H
