// machine_load.h -- what the rest of the machine did while a run was timed:
// the cores this process got, the cores others took, and what was idle.
//
// Read from /proc/stat (all CPUs, in clock ticks: 10 ms resolution, so the
// figures are meaningful for runs of a few hundred milliseconds and more)
// and from this process's CPU clock.  A run is "starved" when its threads
// got far fewer cores than they asked for (cores_got < kStarvedShare x
// min(threads asked, ...) -- see starved()): then the thread-count figures
// say more about the machine than about the cache, and the driver says so.
#ifndef VMC_BENCH_MACHINE_LOAD_H
#define VMC_BENCH_MACHINE_LOAD_H

#include <string>
#include <string_view>
#include <vector>

namespace vmc::bench {

// The CPUs this process may run on (sched_getaffinity), ascending.
std::vector<int> allowed_cpus();
// A --pin value: "" or "none" (threads are not pinned: empty), "auto" (the
// allowed CPUs, ascending) or a comma-separated list of CPU numbers, each
// one this process may run on.  Worker t is pinned to cpus[t % size].
// Throws std::invalid_argument naming what is wrong.
std::vector<int> parse_cpus(std::string_view spec);
// "0,1,3": the CPUs joined with commas.
std::string cpu_list(const std::vector<int>& cpus);
// Pins the calling thread to `cpu`; 0, or the error number.
int pin_this_thread(int cpu);

// A point in time: machine-wide CPU seconds by kind, and this process's.
struct CpuSample {
  double wall_s = 0;   // steady clock
  double busy_s = 0;   // user + nice + system + irq + softirq, all CPUs
  double idle_s = 0;   // idle + iowait, all CPUs
  double steal_s = 0;  // taken by the hypervisor for other guests
  double self_s = 0;   // this process's CPU time
};
CpuSample cpu_sample();

// Cores over an interval (CPU seconds / wall seconds).
struct MachineLoad {
  double wall_s = 0;        // the interval
  unsigned nproc = 0;       // CPUs online
  double self_cores = 0;    // this process
  double others_cores = 0;  // other processes (busy - self, >= 0)
  double idle_cores = 0;
  double steal_cores = 0;
};
MachineLoad machine_load(const CpuSample& from, const CpuSample& to);

// A run got less than this share of the cores its threads asked for.
constexpr double kStarvedShare = 0.75;
// /proc/stat counts in 10 ms ticks: over a shorter interval than this its
// split between this process and the others is noise.
constexpr double kMinLoadInterval = 0.25;
// True when `cores_got` < kStarvedShare x `threads`; *why says what took
// the cores (too few CPUs, other processes, the hypervisor, or the threads
// themselves waiting: the machine sat idle).
bool starved(unsigned threads, double cores_got, const MachineLoad& load, std::string* why);

}  // namespace vmc::bench

#endif  // VMC_BENCH_MACHINE_LOAD_H
