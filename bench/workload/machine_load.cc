// machine_load.cc -- see machine_load.h.
#include "machine_load.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace vmc::bench {

CpuSample cpu_sample() {
  CpuSample s;
  s.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  s.self_s = ts.tv_sec + ts.tv_nsec * 1e-9;
  std::ifstream in("/proc/stat");
  std::string cpu;
  unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                     steal = 0;
  if (in >> cpu >> user >> nice >> sys >> idle >> iowait >> irq >> softirq >> steal &&
      cpu == "cpu") {
    const double tick = 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    s.busy_s = (user + nice + sys + irq + softirq) * tick;
    s.idle_s = (idle + iowait) * tick;
    s.steal_s = steal * tick;
  }
  return s;
}

MachineLoad machine_load(const CpuSample& a, const CpuSample& b) {
  MachineLoad m;
  m.nproc = std::max(1u, std::thread::hardware_concurrency());
  const double wall = b.wall_s - a.wall_s;
  m.wall_s = wall;
  if (wall <= 0) return m;
  m.self_cores = (b.self_s - a.self_s) / wall;
  m.others_cores = std::max(0.0, (b.busy_s - a.busy_s) / wall - m.self_cores);
  m.idle_cores = (b.idle_s - a.idle_s) / wall;
  m.steal_cores = (b.steal_s - a.steal_s) / wall;
  return m;
}

bool starved(unsigned threads, double cores_got, const MachineLoad& m, std::string* why) {
  if (cores_got >= kStarvedShare * threads) return false;
  char buf[256];
  if (threads > m.nproc) {
    std::snprintf(buf, sizeof buf, "%.2f cores for %u threads on %u CPUs (oversubscribed)",
                  cores_got, threads, m.nproc);
  } else if (m.wall_s < kMinLoadInterval) {
    std::snprintf(buf, sizeof buf,
                  "%.2f of %u cores; the run (%.0f ms) is too short to tell "
                  "what took the rest",
                  cores_got, threads, 1e3 * m.wall_s);
  } else if (m.others_cores + m.steal_cores >= 0.25) {
    std::snprintf(buf, sizeof buf,
                  "%.2f of %u cores; other processes took %.2f and the hypervisor %.2f", cores_got,
                  threads, m.others_cores, m.steal_cores);
  } else if (m.idle_cores >= 0.25) {
    std::snprintf(buf, sizeof buf,
                  "%.2f of %u cores; %.2f sat idle: the threads waited (locks, sleeps)", cores_got,
                  threads, m.idle_cores);
  } else {
    std::snprintf(buf, sizeof buf,
                  "%.2f of %u cores; the rest went to the kernel or to "
                  "interrupts",
                  cores_got, threads);
  }
  *why = buf;
  return true;
}

}  // namespace vmc::bench
