// tables.cc -- the report's Markdown tables, one function each, behind
// table(): {{table:NAME}} in the template.
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

#include "report.h"

namespace vmc::report {
namespace {

double chase_ns(const Data& d, long mib) {
  return d.run("chase/" + std::to_string(mib)).at("results").at(0).at("ns").get<double>();
}
std::string mops(const Data& d, const std::string& l, const std::string& c, int prec = 2) {
  return fmt(d.ops(l, c) / 1e6, prec);
}
std::string cores(const Data& d, const std::string& l, const std::string& c) {
  const json& r = d.result(l, c);
  return r.contains("cpu_cores") ? fmt(r.at("cpu_cores").get<double>(), 2) : "?";
}
std::string lat3(const Data& d, const std::string& l, const std::string& c) {
  const json& r = d.result(l, c);
  return fmt(r.at("lat_p50_ns").get<double>(), 0) + " / " +
         fmt(r.at("lat_p99_ns").get<double>(), 0) + " / " +
         fmt(r.at("lat_p999_ns").get<double>(), 0);
}
std::string hit(const Data& d, const std::string& l, const std::string& c) {
  return fmt(100 * d.result(l, c).at("hit_ratio").get<double>(), 1);
}

// Threads, each cache's Mops/s, engine over each other, engine hit %,
// latencies of every cache, cores used.
std::string threads_table(const Data& d, const std::string& wl) {
  const auto ts = d.suffixes("threads/" + wl);
  const auto cs = sweep_caches(d, "threads/" + wl + "/" + std::to_string(ts.front()));
  std::ostringstream o;
  o << "| threads |";
  for (const auto& c : cs) o << " " << c << " Mops/s |";
  for (std::size_t i = 1; i < cs.size(); ++i) o << " engine/" << cs[i] << " |";
  o << " engine hit % |";
  for (const auto& c : cs) o << " " << c << " p50 / p99 / p99.9 ns |";
  o << " cores used:";
  for (const auto& c : cs) o << " " << c << (&c == &cs.back() ? "" : " /");
  o << " |\n|";
  for (std::size_t i = 0; i < 3 * cs.size() + 2; ++i) o << "---:|";
  o << "\n";
  for (long t : ts) {
    const std::string l = "threads/" + wl + "/" + std::to_string(t);
    o << "| " << t << " |";
    for (const auto& c : cs) o << " " << mops(d, l, c) << " |";
    for (std::size_t i = 1; i < cs.size(); ++i)
      o << " " << fmt(d.ops(l, "engine") / d.ops(l, cs[i]), 2) << " |";
    o << " " << hit(d, l, "engine") << " |";
    for (const auto& c : cs) o << " " << lat3(d, l, c) << " |";
    std::string sep = " ";
    for (const auto& c : cs) {
      o << sep << cores(d, l, c);
      sep = " / ";
    }
    o << " |\n";
  }
  return o.str();
}

std::string vsize_table(const Data& d) {
  std::ostringstream o;
  o << "| value | threads | engine Mops/s | textbook Mops/s | sharded Mops/s | engine/textbook "
       "| engine/sharded | engine GB/s | engine hit % "
       "|\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (long v : d.suffixes("vsize")) {
    for (int t : {1, 2}) {
      const std::string l = "vsize/" + std::to_string(v) + "/" + std::to_string(t);
      if (!d.has(l)) continue;
      o << "| " << human_bytes(v) << " | " << t << " | " << mops(d, l, "engine", 3) << " | "
        << mops(d, l, "textbook", 3) << " | " << mops(d, l, "sharded", 3) << " | "
        << fmt(d.ops(l, "engine") / d.ops(l, "textbook"), 2) << " | "
        << fmt(d.ops(l, "engine") / d.ops(l, "sharded"), 2) << " | "
        << fmt(d.ops(l, "engine") * v / 1e9, 2) << " | " << hit(d, l, "engine") << " |\n";
    }
  }
  return o.str();
}

std::string pool_table(const Data& d) {
  std::ostringstream o;
  o << "| pool | entries | engine Mops/s | ns per get | p50 ns | p99 ns | dependent load ns "
       "| get / load |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (long mib : d.suffixes("pool")) {
    const std::string l = "pool/" + std::to_string(mib);
    const json& r = d.result(l, "engine");
    const double nsop = 1e9 / r.at("ops_per_sec").get<double>();
    o << "| " << human_bytes(mib << 20) << " | " << r.at("stats").at("entries").get<long>() << " | "
      << mops(d, l, "engine") << " | " << fmt(nsop, 0) << " | "
      << fmt(r.at("lat_p50_ns").get<double>(), 0) << " | "
      << fmt(r.at("lat_p99_ns").get<double>(), 0) << " | " << fmt(chase_ns(d, mib), 0) << " | "
      << fmt(nsop / chase_ns(d, mib), 1) << " |\n";
  }
  return o.str();
}

std::string fs_table(const Data& d) {
  std::ostringstream o;
  o << "| workload | threads | tmpfs Mops/s | disk Mops/s | disk/tmpfs | tmpfs p99 ns | disk p99 "
       "ns "
       "| cores used: tmpfs / disk |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const std::string wl : {"hit", "miss"}) {
    for (long t : d.suffixes("fs/tmpfs/" + wl)) {
      const std::string a = "fs/tmpfs/" + wl + "/" + std::to_string(t);
      const std::string b = "fs/disk/" + wl + "/" + std::to_string(t);
      o << "| " << (wl == "hit" ? "~99% hits" : "every get misses, put evicts") << " | " << t
        << " | " << mops(d, a, "engine") << " | " << mops(d, b, "engine") << " | "
        << fmt(d.ops(b, "engine") / d.ops(a, "engine"), 2) << " | "
        << fmt(d.result(a, "engine").at("lat_p99_ns").get<double>(), 0) << " | "
        << fmt(d.result(b, "engine").at("lat_p99_ns").get<double>(), 0) << " | "
        << cores(d, a, "engine") << " / " << cores(d, b, "engine") << " |\n";
    }
  }
  return o.str();
}

std::string scan_table(const Data& d) {
  std::ostringstream o;
  o << "| pool | engine 1 thr Mops/s | engine 2 thr Mops/s | engine 2 thr / 1 thr "
       "| engine 2 thr p99.9 ns | textbook 1 thr Mops/s | textbook 2 thr Mops/s "
       "| engine/textbook, 2 thr |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (long mib : d.suffixes("scan")) {
    const std::string a = "scan/" + std::to_string(mib) + "/1";
    const std::string b = "scan/" + std::to_string(mib) + "/2";
    o << "| " << human_bytes(mib << 20) << " | " << mops(d, a, "engine") << " | "
      << mops(d, b, "engine") << " | " << fmt(d.ops(b, "engine") / d.ops(a, "engine"), 2) << " | "
      << fmt(d.result(b, "engine").at("lat_p999_ns").get<double>(), 0) << " | "
      << mops(d, a, "textbook") << " | " << mops(d, b, "textbook") << " | "
      << fmt(d.ops(b, "engine") / d.ops(b, "textbook"), 2) << " |\n";
  }
  return o.str();
}

std::string fill_table(const Data& d) {
  std::ostringstream o;
  o << "| cache | entries | DRAM_SIZE_USED / entry | heap (mallinfo2) growth / entry "
       "| anonymous RSS growth / entry | anonymous RSS at creation |\n"
       "|---|---:|---:|---:|---:|---:|\n";
  for (const json& r : d.run("fill").at("results")) {
    const bool eng = r.at("cache") == "engine";
    auto field = [&](const char* f, double scale, const char* unit) {
      return eng ? fmt(r.at(f).get<double>() / scale, 1) + unit : std::string("n/a");
    };
    o << "| " << r.at("cache").get<std::string>() << " | " << r.at("entries").get<long>() << " | "
      << field("stat_dram_per_entry", 1, " B") << " | "
      << (eng ? "n/a (private jemalloc)" : fmt(r.at("malloc_per_entry").get<double>(), 1) + " B")
      << " | " << field("rss_anon_per_entry", 1, " B") << " | "
      << field("rss_anon_fixed", 1048576.0, " MiB") << " |\n";
  }
  return o.str();
}

std::string churn_table(const Data& d) {
  std::ostringstream o;
  o << "| cache | puts | evictions | entries left | POOL_SIZE_USED / pool | live value bytes / "
       "pool "
       "| free-space fragments (HEAP_ENTRIES) |\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const json& r : d.run("churn").at("results")) {
    const json& s = r.at("stats");
    o << "| " << r.at("cache").get<std::string>() << " | " << r.at("puts").get<long>() << " | "
      << s.at("evict").get<long>() << " | " << s.at("entries").get<long>() << " | "
      << fmt(100 * r.at("pool_utilization").get<double>(), 2) << "% | "
      << fmt(100 * r.at("payload_utilization").get<double>(), 2) << "% | "
      << (r.at("cache") == "engine" ? std::to_string(s.at("heap_entries").get<long>()) : "n/a")
      << " |\n";
  }
  return o.str();
}

// Mops/s per C API call: 1 thread at each value size (16 B keys) and with
// 256 B keys, then 2/4/8 threads at 1 KiB values.
std::string micro_table(const Data& d) {
  if (!d.has_micro()) return "(micro-benchmarks not run)\n";
  std::map<std::string, double> m;  // "op/value/key/threads" -> Mops/s
  for (const json& b : d.micro().at("benchmarks")) {
    if (!b.contains("items_per_second") || b.value("run_type", "") == "aggregate") continue;
    auto parts = split(b.at("name").get<std::string>(), '/');
    std::string v, k, t;
    for (auto& p : parts) {
      if (p.rfind("value:", 0) == 0) v = p.substr(6);
      if (p.rfind("key:", 0) == 0) k = p.substr(4);
      if (p.rfind("threads:", 0) == 0) t = p.substr(8);
    }
    m[parts[0] + "/" + v + "/" + k + "/" + t] = b.at("items_per_second").get<double>() / 1e6;
  }
  auto cell = [&](const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? std::string("-") : fmt(it->second, 2);
  };
  std::ostringstream o;
  o << "| call | 64 B, 1 thr | 1 KiB, 1 thr | 16 KiB, 1 thr | 1 KiB, 256 B key, 1 thr "
       "| 1 KiB, 2 thr | 1 KiB, 4 thr | 1 KiB, 8 thr |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const std::string s : {"get_hit", "get_miss", "exists", "put_free", "put_evict", "evict_key",
                              "evict_lru", "get_stat"}) {
    o << "| " << s << " | " << cell(s + "/64/16/1") << " | " << cell(s + "/1024/16/1") << " | "
      << cell(s + "/16384/16/1") << " | " << cell(s + "/1024/256/1") << " | "
      << cell(s + "/1024/16/2") << " | " << cell(s + "/1024/16/4") << " | "
      << cell(s + "/1024/16/8") << " |\n";
  }
  return o.str();
}

}  // namespace

std::string table(const Data& d, const std::string& name) {
  if (name.rfind("threads.", 0) == 0) return threads_table(d, name.substr(8));
  if (name.rfind("scal.", 0) == 0) return scal_table(d, name.substr(5));
  static const std::map<std::string, std::function<std::string(const Data&)>> tables = {
      {"vsize", vsize_table}, {"pool", pool_table},   {"fs", fs_table},      {"scan", scan_table},
      {"fill", fill_table},   {"churn", churn_table}, {"micro", micro_table}};
  auto it = tables.find(name);
  if (it == tables.end()) throw std::runtime_error("unknown table:" + name);
  return it->second(d);
}

}  // namespace vmc::report
