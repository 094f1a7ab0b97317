// report_json.cc -- see report_json.h.
#include "report_json.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace vmc::bench {

using nlohmann::json;

json to_json(const CacheStats& s) {
  return {{"put", s.put},
          {"get", s.get},
          {"hit", s.hit},
          {"miss", s.miss},
          {"evict", s.evict},
          {"entries", s.entries},
          {"dram_size_used", s.dram_size_used},
          {"pool_size_used", s.pool_size_used},
          {"heap_entries", s.heap_entries}};
}

json to_json(const SharedWrites& w) {
  json j = json::object();
  for (int i = 0; i < kSharedWriteOps; ++i) {
    j[kSharedWriteOpNames[i]] = {{"ops", w[i].ops}, {"rmw", w[i].rmw}, {"stores", w[i].stores}};
  }
  return j;
}

json to_json(const MachineLoad& m) {
  return {{"nproc", m.nproc},           {"wall_s", m.wall_s},
          {"self_cores", m.self_cores}, {"others_cores", m.others_cores},
          {"idle_cores", m.idle_cores}, {"steal_cores", m.steal_cores}};
}

json to_json(const CacheConfig& c) {
  return {{"name", c.name},
          {"lib_path", c.lib_path},
          {"huge_pages", c.huge_pages},
          {"pool_size", c.pool_size},
          {"extent_size", c.extent_size},
          {"policy", c.policy_lru ? "lru" : "none"},
          {"dir", c.dir},
          {"shards", c.shards}};
}

json to_json(const WorkloadConfig& c) {
  return {{"workload", workload_name(c.kind)},
          {"threads", c.threads},
          {"ops_per_thread", c.ops_per_thread},
          {"warmup_ops", c.warmup_ops},
          {"prefill", c.prefill},
          {"keyspace_log2", c.keys.log2},
          {"key_size", c.key_size},
          {"key_dist", key_dist_name(c.keys)},
          {"zipf_alpha", c.keys.dist == KeyDist::kZipf ? c.keys.zipf_alpha : 0.0},
          {"value_min", c.value_min},
          {"value_max", c.value_max},
          {"value_dist", c.value_skew_small ? "small" : "uniform"},
          {"get_bytes", c.get_bytes},
          {"seed", c.seed},
          {"sample_every", c.sample_every},
          {"cpus", c.cpus},
          {"mix", {c.pct_lookup_insert, c.pct_insert, c.pct_lookup, c.pct_erase}}};
}

json to_json(const RunResult& r) {
  json j = {{"cache", r.cache},
            {"threads", r.threads},
            {"seconds", r.seconds},
            {"ops", r.ops},
            {"ops_per_sec", r.ops_per_sec},
            {"cpu_cores", r.cpu_cores},
            {"machine_load", to_json(r.load)},
            {"starved", r.starved},
            {"starved_why", r.starved_why},
            {"lat_mean_ns", r.lat_mean_ns},
            {"lat_p50_ns", r.lat_p50_ns},
            {"lat_p99_ns", r.lat_p99_ns},
            {"lat_p999_ns", r.lat_p999_ns},
            {"samples", r.samples},
            {"gets", r.gets},
            {"hits", r.hits},
            {"puts", r.puts},
            {"put_failures", r.put_failures},
            {"erases", r.erases},
            {"hit_ratio", r.hit_ratio},
            {"prefilled", r.prefilled},
            {"ran_on", r.ran_on},
            {"stats", to_json(r.stats)}};
  if (r.shared_writes) j["shared_writes"] = to_json(*r.shared_writes);
  return j;
}

json to_json(const FillResult& r) {
  return {{"entries", r.entries},
          {"key_size", r.key_size},
          {"value_size", r.value_size},
          {"stat_dram_per_entry", r.stat_dram_per_entry},
          {"malloc_per_entry", r.malloc_per_entry},
          {"rss_anon_per_entry", r.rss_anon_per_entry},
          {"rss_anon_fixed", r.rss_anon_fixed},
          {"stats", to_json(r.stats)}};
}

json to_json(const ChurnResult& r) {
  return {{"puts", r.puts},
          {"put_failures", r.put_failures},
          {"bytes_put", r.bytes_put},
          {"pool_utilization", r.pool_utilization},
          {"payload_utilization", r.payload_utilization},
          {"stats", to_json(r.stats)}};
}

json machine_info() {
  json m;
  m["nproc"] = std::thread::hardware_concurrency();
  std::ifstream cpu("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpu, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      m["cpu"] = colon == std::string::npos ? line : line.substr(colon + 2);
      break;
    }
  }
  utsname u{};
  if (uname(&u) == 0) m["kernel"] = std::string(u.sysname) + " " + u.release;
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) m["loadavg"] = {load[0], load[1], load[2]};
  m["mem_total_bytes"] =
      static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  m["compiler"] = std::string("g++ ") + __VERSION__;
#ifdef NDEBUG
  m["assertions"] = "off (NDEBUG)";
#else
  m["assertions"] = "on";
#endif
#ifdef __OPTIMIZE__
  m["optimized"] = true;
#else
  m["optimized"] = false;
#endif
  std::time_t now = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  m["time_utc"] = buf;
  return m;
}

}  // namespace vmc::bench
