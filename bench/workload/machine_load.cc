// machine_load.cc -- see machine_load.h.
#include "machine_load.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vmc::bench {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

std::vector<int> parse_cpus(std::string_view spec) {
  if (spec.empty() || spec == "none") return {};
  const std::vector<int> allowed = allowed_cpus();
  if (spec == "auto") return allowed;
  std::vector<int> cpus;
  std::stringstream ss{std::string(spec)};
  std::string item;
  while (std::getline(ss, item, ',')) {
    std::size_t used = 0;
    int cpu = -1;
    try {
      cpu = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || cpu < 0)
      throw std::invalid_argument("--pin: '" + item +
                                  "' is not a CPU number (use none, auto or a list such as 0,1)");
    if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end())
      throw std::invalid_argument("--pin: CPU " + item + " is not one this process may run on (" +
                                  cpu_list(allowed) + ")");
    cpus.push_back(cpu);
  }
  if (cpus.empty()) throw std::invalid_argument("--pin: no CPU in '" + std::string(spec) + "'");
  return cpus;
}

std::string cpu_list(const std::vector<int>& cpus) {
  std::string s;
  for (int c : cpus) s += (s.empty() ? "" : ",") + std::to_string(c);
  return s;
}

int pin_this_thread(int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return EINVAL;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

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
