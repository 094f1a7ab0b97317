// make_report.cc -- vmc_report: turns the experiment outputs in papers/data/
// into papers/report.md (from the template papers/report.md.in) and the
// figures' data and gnuplot script in papers/figures/.
//
// No number in the report is typed by hand: the template holds only prose
// and placeholders {{fn:arg:...}}, each replaced from the data:
//   env:KEY                     a line of env.txt
//   mops:LABEL:CACHE            throughput, Mops/s
//   ratio:LABEL:A:B             throughput of cache A / cache B in one run
//   ratio2:LABEL1:LABEL2:CACHE  throughput of CACHE in run 1 / in run 2
//   hit:LABEL:CACHE             hit ratio, %
//   lat:LABEL:CACHE:p50|p99|p999  sampled latency, ns
//   nsop:LABEL:CACHE            1 / throughput, ns
//   chase:MIB                   dependent-load latency over MIB MiB, ns
//   loads:MIB                   pool-sweep time per get / chase:MIB
//   fill:CACHE:FIELD            a field of the fill (DRAM per entry) result
//   churn:CACHE:FIELD           a utilization of the churn result, %
//   val:NAME / target:NAME      derived numbers and target verdicts
//   table:NAME                  a generated Markdown table
//   quick                       the quick program's output, verbatim
//   file:NAME                   papers/data/NAME verbatim (e.g. a profile)
// An unknown placeholder is an error: the report is never half-filled.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "report.h"

namespace vmc::report {

const char* const kCaches[3] = {"engine", "textbook", "sharded"};
const char* const kSweepWorkloads[4] = {"hit", "mixed", "miss", "mix"};

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Data::Data(const fs::path& dir) : dir_(dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    const fs::path& p = e.path();
    if (p.extension() != ".json") continue;
    json j;
    try {
      j = json::parse(slurp(p));
    } catch (const std::exception& ex) {
      throw std::runtime_error(p.string() + ": " + ex.what());
    }
    if (p.filename() == "micro.json") {
      micro_ = std::move(j);
    } else {
      // (json's operator= takes its argument by value: name the label first.)
      const std::string label = j.at("label").get<std::string>();
      runs_[label] = std::move(j);
    }
  }
  std::istringstream env(slurp(dir / "env.txt"));
  for (std::string line; std::getline(env, line);) {
    auto colon = line.find(": ");
    if (colon != std::string::npos) env_[line.substr(0, colon)] = line.substr(colon + 2);
  }
  quick_ = slurp(dir / "quick.txt");
}

const json& Data::run(const std::string& label) const {
  auto it = runs_.find(label);
  if (it == runs_.end()) throw std::runtime_error("no run labelled " + label);
  return it->second;
}

const json& Data::result(const std::string& label, const std::string& cache) const {
  for (const json& r : run(label).at("results")) {
    if (r.at("cache") == cache) return r;
  }
  throw std::runtime_error("run " + label + " has no cache " + cache);
}

std::vector<long> Data::suffixes(const std::string& prefix) const {
  std::vector<long> out;
  const std::string p = prefix + "/";
  for (const auto& [label, j] : runs_) {
    if (label.rfind(p, 0) != 0) continue;
    std::string rest = label.substr(p.size());
    auto slash = rest.find('/');
    out.push_back(std::stol(rest.substr(0, slash)));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

std::string fmt(double v, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

std::string human_bytes(long v) {
  if (v >= (1l << 30) && v % (1l << 30) == 0) return std::to_string(v >> 30) + " GiB";
  if (v >= (1l << 20) && v % (1l << 20) == 0) return std::to_string(v >> 20) + " MiB";
  if (v >= 1024 && v % 1024 == 0) return std::to_string(v >> 10) + " KiB";
  return std::to_string(v) + " B";
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

class Report {
 public:
  explicit Report(const Data& d) : d_(d) {}

  std::string expand(const std::string& tpl) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
      auto open = tpl.find("{{", pos);
      if (open == std::string::npos) break;
      auto close = tpl.find("}}", open);
      if (close == std::string::npos) throw std::runtime_error("unclosed {{");
      out += tpl.substr(pos, open - pos);
      out += eval(tpl.substr(open + 2, close - open - 2));
      pos = close + 2;
    }
    out += tpl.substr(pos);
    return out;
  }

 private:
  std::string eval(const std::string& expr) {
    auto a = split(expr, ':');
    const std::string& f = a[0];
    auto need = [&](std::size_t n) {
      if (a.size() != n + 1) throw std::runtime_error("placeholder {{" + expr + "}}: wrong arity");
    };
    if (f == "env") { need(1); return env(a[1]); }
    if (f == "mops") { need(2); return fmt(d_.ops(a[1], a[2]) / 1e6, 2); }
    if (f == "ratio") { need(3); return fmt(d_.ops(a[1], a[2]) / d_.ops(a[1], a[3]), 2); }
    if (f == "ratio2") { need(3); return fmt(d_.ops(a[1], a[3]) / d_.ops(a[2], a[3]), 2); }
    if (f == "hit") { need(2); return fmt(100 * d_.result(a[1], a[2]).at("hit_ratio").get<double>(), 1); }
    if (f == "lat") {
      need(3);
      return fmt(d_.result(a[1], a[2]).at("lat_" + a[3] + "_ns").get<double>(), 0);
    }
    if (f == "nsop") { need(2); return fmt(1e9 / d_.ops(a[1], a[2]), 0); }
    if (f == "chase") { need(1); return fmt(chase(std::stol(a[1])), 0); }
    if (f == "loads") {  // a pool-sweep get's time in dependent loads
      need(1);
      return fmt(1e9 / d_.ops("pool/" + a[1], "engine") / chase(std::stol(a[1])), 1);
    }
    if (f == "fill") { need(2); return fmt(fill(a[1]).at(a[2]).get<double>(), 1); }
    if (f == "churn") { need(2); return fmt(100 * churn(a[1]).at(a[2]).get<double>(), 1); }
    if (f == "val") { need(1); return val(a[1]); }
    if (f == "target") { need(1); return target(a[1]); }
    if (f == "table") { need(1); return table(a[1]); }
    if (f == "quick") { need(0); return d_.quick(); }
    if (f == "file") {
      need(1);
      const fs::path p = d_.dir() / a[1];
      return fs::exists(p) ? slurp(p) : "(not measured: " + a[1] + " is absent)\n";
    }
    throw std::runtime_error("unknown placeholder {{" + expr + "}}");
  }

  std::string env(const std::string& key) {
    auto it = d_.env().find(key);
    if (it == d_.env().end()) throw std::runtime_error("env.txt has no " + key);
    return it->second;
  }
  double chase(long mib) const {
    return d_.run("chase/" + std::to_string(mib)).at("results").at(0).at("ns").get<double>();
  }
  const json& fill(const std::string& cache) const {
    for (const json& r : d_.run("fill").at("results")) if (r.at("cache") == cache) return r;
    throw std::runtime_error("fill has no " + cache);
  }
  const json& churn(const std::string& cache) const {
    for (const json& r : d_.run("churn").at("results")) if (r.at("cache") == cache) return r;
    throw std::runtime_error("churn has no " + cache);
  }
  std::string lbl(const std::string& wl, long t) const {
    return "threads/" + wl + "/" + std::to_string(t);
  }
  // The cores a run got (absent in data from before the field existed).
  std::string cores(const std::string& label, const std::string& cache) const {
    const json& r = d_.result(label, cache);
    return r.contains("cpu_cores") ? fmt(r.at("cpu_cores").get<double>(), 2) : "?";
  }
  long max_threads() const { return d_.suffixes("threads/miss").back(); }

  // The thread count >= 2 where engine/textbook on the miss-heavy workload
  // is smallest, and that ratio.
  std::pair<long, double> worst_miss_ratio() const {
    std::pair<long, double> w{0, 1e300};
    for (long t : d_.suffixes("threads/miss")) {
      if (t < 2) continue;
      double r = d_.ops(lbl("miss", t), "engine") / d_.ops(lbl("miss", t), "textbook");
      if (r < w.second) w = {t, r};
    }
    return w;
  }

  std::string val(const std::string& name) {
    if (name == "threads") {
      std::string s;
      for (long t : d_.suffixes("threads/hit")) s += (s.empty() ? "" : ", ") + std::to_string(t);
      return s;
    }
    if (name == "max_threads") return std::to_string(max_threads());
    if (name == "quick_get_ratio" || name == "quick_put_ratio") {
      const char* f = name == "quick_get_ratio" ? "get_hit_mops" : "put_evict_mops";
      return fmt(d_.result("quick", "engine").at(f).get<double>() /
                 d_.result("quick", "textbook").at(f).get<double>(), 2);
    }
    if (name == "sweep_ops") {
      const json& w = d_.run(lbl("hit", 1)).at("workload");
      return std::to_string(w.at("ops_per_thread").get<std::uint64_t>() *
                            w.at("threads").get<std::uint64_t>());
    }
    if (name == "repeat") return std::to_string(d_.run(lbl("hit", 1)).value("repeat", 1));
    if (name == "miss_pool_mib" || name == "bitmap_words") {
      const json& c = d_.run(lbl("miss", 1)).at("cache_config");
      const auto pool = c.at("pool_size").get<std::uint64_t>();
      if (name == "miss_pool_mib") return std::to_string(pool >> 20);
      return std::to_string(pool / c.at("extent_size").get<std::uint64_t>() / 64);
    }
    if (name == "miss_worst_t") return std::to_string(worst_miss_ratio().first);
    if (name == "miss_worst_ratio") return fmt(worst_miss_ratio().second, 2);
    if (name == "miss_max_over_2") {
      return fmt(d_.ops(lbl("miss", max_threads()), "engine") / d_.ops(lbl("miss", 2), "engine"), 2);
    }
    if (name == "dram_beyond_key") {
      return fmt(fill("engine").at("stat_dram_per_entry").get<double>() -
                 fill("engine").at("key_size").get<double>(), 1);
    }
    if (name == "dram_rss_beyond_key") {
      return fmt(fill("engine").at("rss_anon_per_entry").get<double>() -
                 fill("engine").at("key_size").get<double>(), 1);
    }
    if (name == "textbook_overhead") {
      const json& t = fill("textbook");
      return fmt(t.at("malloc_per_entry").get<double>() - t.at("key_size").get<double>() -
                 t.at("value_size").get<double>(), 1);
    }
    if (name == "pool_min" || name == "pool_max") {
      auto p = d_.suffixes("pool");
      return human_bytes((name == "pool_min" ? p.front() : p.back()) << 20);
    }
    if (name == "pool_first_nsop" || name == "pool_last_nsop" ||
        name == "pool_first_chase" || name == "pool_last_chase" ||
        name == "pool_first_loads" || name == "pool_last_loads") {
      auto p = d_.suffixes("pool");
      long mib = name.find("first") != std::string::npos ? p.front() : p.back();
      double nsop = 1e9 / d_.ops("pool/" + std::to_string(mib), "engine");
      if (name.find("nsop") != std::string::npos) return fmt(nsop, 0);
      if (name.find("chase") != std::string::npos) return fmt(chase(mib), 0);
      return fmt(nsop / chase(mib), 1);
    }
    throw std::runtime_error("unknown val:" + name);
  }

  static std::string verdict_min(double got, double want, const std::string& unit) {
    if (got >= want) return "**met** (" + fmt(got, 2) + unit + " >= " + fmt(want, 2) + unit + ")";
    return "**missed** (" + fmt(got, 2) + unit + " < " + fmt(want, 2) + unit + ": " +
           fmt(100 * (want - got) / want, 0) + "% short)";
  }

  std::string target(const std::string& name) {
    if (name == "hit1") {
      return verdict_min(d_.ops(lbl("hit", 1), "engine") / d_.ops(lbl("hit", 1), "textbook"), 1.5, "x");
    }
    if (name == "miss_ratio") return verdict_min(worst_miss_ratio().second, 3.0, "x");
    if (name == "miss_collapse") {
      return verdict_min(d_.ops(lbl("miss", max_threads()), "engine") /
                             d_.ops(lbl("miss", 2), "engine"), 1.0, "x");
    }
    if (name == "dram") {
      double got = fill("engine").at("stat_dram_per_entry").get<double>() -
                   fill("engine").at("key_size").get<double>();
      if (got <= 48) return "**met** (" + fmt(got, 1) + " B <= 48 B)";
      return "**missed** (" + fmt(got, 1) + " B > 48 B: " + fmt(got - 48, 1) + " B over)";
    }
    if (name == "util") {
      return verdict_min(100 * churn("engine").at("pool_utilization").get<double>(), 95, "%");
    }
    throw std::runtime_error("unknown target:" + name);
  }

  std::string table(const std::string& name) {
    std::ostringstream o;
    if (name.rfind("threads.", 0) == 0) {
      const std::string wl = name.substr(8);
      o << "| threads | engine Mops/s | textbook Mops/s | sharded Mops/s | engine/textbook "
           "| engine/sharded | engine hit % | engine p50 / p99 / p99.9 ns | textbook p50 / p99 / p99.9 ns "
           "| cores used: engine / textbook / sharded |\n"
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
      for (long t : d_.suffixes("threads/" + wl)) {
        const std::string l = lbl(wl, t);
        auto lat = [&](const char* c) {
          const json& r = d_.result(l, c);
          return fmt(r.at("lat_p50_ns").get<double>(), 0) + " / " +
                 fmt(r.at("lat_p99_ns").get<double>(), 0) + " / " +
                 fmt(r.at("lat_p999_ns").get<double>(), 0);
        };
        o << "| " << t << " | " << fmt(d_.ops(l, "engine") / 1e6, 2) << " | "
          << fmt(d_.ops(l, "textbook") / 1e6, 2) << " | " << fmt(d_.ops(l, "sharded") / 1e6, 2)
          << " | " << fmt(d_.ops(l, "engine") / d_.ops(l, "textbook"), 2) << " | "
          << fmt(d_.ops(l, "engine") / d_.ops(l, "sharded"), 2) << " | "
          << fmt(100 * d_.result(l, "engine").at("hit_ratio").get<double>(), 1) << " | "
          << lat("engine") << " | " << lat("textbook") << " | " << cores(l, "engine") << " / "
          << cores(l, "textbook") << " / " << cores(l, "sharded") << " |\n";
      }
    } else if (name == "vsize") {
      o << "| value | threads | engine Mops/s | textbook Mops/s | sharded Mops/s | engine/textbook "
           "| engine/sharded | engine GB/s | engine hit % |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
      for (long v : d_.suffixes("vsize")) {
        for (int t : {1, 2}) {
          const std::string l = "vsize/" + std::to_string(v) + "/" + std::to_string(t);
          if (!d_.has(l)) continue;
          o << "| " << human_bytes(v) << " | " << t << " | " << fmt(d_.ops(l, "engine") / 1e6, 3)
            << " | " << fmt(d_.ops(l, "textbook") / 1e6, 3) << " | "
            << fmt(d_.ops(l, "sharded") / 1e6, 3) << " | "
            << fmt(d_.ops(l, "engine") / d_.ops(l, "textbook"), 2) << " | "
            << fmt(d_.ops(l, "engine") / d_.ops(l, "sharded"), 2) << " | "
            << fmt(d_.ops(l, "engine") * v / 1e9, 2) << " | "
            << fmt(100 * d_.result(l, "engine").at("hit_ratio").get<double>(), 1) << " |\n";
        }
      }
    } else if (name == "pool") {
      o << "| pool | entries | engine Mops/s | ns per get | p50 ns | p99 ns | dependent load ns "
           "| get / load |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n";
      for (long mib : d_.suffixes("pool")) {
        const std::string l = "pool/" + std::to_string(mib);
        const json& r = d_.result(l, "engine");
        double nsop = 1e9 / r.at("ops_per_sec").get<double>();
        o << "| " << human_bytes(mib << 20) << " | " << r.at("stats").at("entries").get<long>()
          << " | " << fmt(r.at("ops_per_sec").get<double>() / 1e6, 2) << " | " << fmt(nsop, 0)
          << " | " << fmt(r.at("lat_p50_ns").get<double>(), 0) << " | "
          << fmt(r.at("lat_p99_ns").get<double>(), 0) << " | " << fmt(chase(mib), 0) << " | "
          << fmt(nsop / chase(mib), 1) << " |\n";
      }
    } else if (name == "fs") {
      o << "| workload | threads | tmpfs Mops/s | disk Mops/s | disk/tmpfs | tmpfs p99 ns | disk p99 ns "
           "| cores used: tmpfs / disk |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
      for (const char* wl : {"hit", "miss"}) {
        for (long t : d_.suffixes(std::string("fs/tmpfs/") + wl)) {
          const std::string a = std::string("fs/tmpfs/") + wl + "/" + std::to_string(t);
          const std::string b = std::string("fs/disk/") + wl + "/" + std::to_string(t);
          o << "| " << (std::string(wl) == "hit" ? "~99% hits" : "every get misses, put evicts")
            << " | " << t << " | " << fmt(d_.ops(a, "engine") / 1e6, 2) << " | "
            << fmt(d_.ops(b, "engine") / 1e6, 2) << " | "
            << fmt(d_.ops(b, "engine") / d_.ops(a, "engine"), 2) << " | "
            << fmt(d_.result(a, "engine").at("lat_p99_ns").get<double>(), 0) << " | "
            << fmt(d_.result(b, "engine").at("lat_p99_ns").get<double>(), 0) << " | "
            << cores(a, "engine") << " / " << cores(b, "engine") << " |\n";
        }
      }
    } else if (name == "scan") {
      o << "| pool | engine 1 thr Mops/s | engine 2 thr Mops/s | engine 2 thr / 1 thr "
           "| engine 2 thr p99.9 ns | textbook 1 thr Mops/s | textbook 2 thr Mops/s "
           "| engine/textbook, 2 thr |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n";
      for (long mib : d_.suffixes("scan")) {
        const std::string a = "scan/" + std::to_string(mib) + "/1";
        const std::string b = "scan/" + std::to_string(mib) + "/2";
        o << "| " << human_bytes(mib << 20) << " | " << fmt(d_.ops(a, "engine") / 1e6, 2) << " | "
          << fmt(d_.ops(b, "engine") / 1e6, 2) << " | "
          << fmt(d_.ops(b, "engine") / d_.ops(a, "engine"), 2) << " | "
          << fmt(d_.result(b, "engine").at("lat_p999_ns").get<double>(), 0) << " | "
          << fmt(d_.ops(a, "textbook") / 1e6, 2) << " | " << fmt(d_.ops(b, "textbook") / 1e6, 2)
          << " | " << fmt(d_.ops(b, "engine") / d_.ops(b, "textbook"), 2) << " |\n";
      }
    } else if (name == "fill") {
      o << "| cache | entries | DRAM_SIZE_USED / entry | heap (mallinfo2) growth / entry "
           "| anonymous RSS growth / entry | anonymous RSS at creation |\n"
           "|---|---:|---:|---:|---:|---:|\n";
      for (const json& r : d_.run("fill").at("results")) {
        const bool eng = r.at("cache") == "engine";
        o << "| " << r.at("cache").get<std::string>() << " | " << r.at("entries").get<long>()
          << " | " << (eng ? fmt(r.at("stat_dram_per_entry").get<double>(), 1) + " B" : "n/a")
          << " | " << (eng ? "n/a (private jemalloc)" : fmt(r.at("malloc_per_entry").get<double>(), 1) + " B")
          << " | " << (eng ? fmt(r.at("rss_anon_per_entry").get<double>(), 1) + " B" : "n/a")
          << " | " << (eng ? fmt(r.at("rss_anon_fixed").get<double>() / 1048576.0, 1) + " MiB" : "n/a")
          << " |\n";
      }
    } else if (name == "churn") {
      o << "| cache | puts | evictions | entries left | POOL_SIZE_USED / pool | live value bytes / pool "
           "| free-space fragments (HEAP_ENTRIES) |\n|---|---:|---:|---:|---:|---:|---:|\n";
      for (const json& r : d_.run("churn").at("results")) {
        const json& s = r.at("stats");
        o << "| " << r.at("cache").get<std::string>() << " | " << r.at("puts").get<long>() << " | "
          << s.at("evict").get<long>() << " | " << s.at("entries").get<long>() << " | "
          << fmt(100 * r.at("pool_utilization").get<double>(), 2) << "% | "
          << fmt(100 * r.at("payload_utilization").get<double>(), 2) << "% | "
          << (r.at("cache") == "engine" ? std::to_string(s.at("heap_entries").get<long>()) : "n/a")
          << " |\n";
      }
    } else if (name == "micro") {
      o << micro_table();
    } else {
      throw std::runtime_error("unknown table:" + name);
    }
    return o.str();
  }

  // Mops/s per C API call: 1 thread at each value size (16 B keys) and with
  // 256 B keys, then 2/4/8 threads at 1 KiB values.
  std::string micro_table() {
    if (!d_.has_micro()) return "(micro-benchmarks not run)\n";
    std::map<std::string, double> m;  // "op/value/key/threads" -> Mops/s
    for (const json& b : d_.micro().at("benchmarks")) {
      if (!b.contains("items_per_second")) continue;
      auto parts = split(b.at("name").get<std::string>(), '/');
      std::string op = parts[0], v, k, t;
      for (auto& p : parts) {
        if (p.rfind("value:", 0) == 0) v = p.substr(6);
        if (p.rfind("key:", 0) == 0) k = p.substr(4);
        if (p.rfind("threads:", 0) == 0) t = p.substr(8);
      }
      m[op + "/" + v + "/" + k + "/" + t] = b.at("items_per_second").get<double>() / 1e6;
    }
    auto cell = [&](const std::string& key) {
      auto it = m.find(key);
      return it == m.end() ? std::string("-") : fmt(it->second, 2);
    };
    std::ostringstream o;
    o << "| call | 64 B, 1 thr | 1 KiB, 1 thr | 16 KiB, 1 thr | 1 KiB, 256 B key, 1 thr "
         "| 1 KiB, 2 thr | 1 KiB, 4 thr | 1 KiB, 8 thr |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const char* op : {"get_hit", "get_miss", "exists", "put_free", "put_evict",
                           "evict_key", "evict_lru", "get_stat"}) {
      std::string s = op;
      o << "| " << op << " | " << cell(s + "/64/16/1") << " | " << cell(s + "/1024/16/1")
        << " | " << cell(s + "/16384/16/1") << " | " << cell(s + "/1024/256/1") << " | "
        << cell(s + "/1024/16/2") << " | " << cell(s + "/1024/16/4") << " | "
        << cell(s + "/1024/16/8") << " |\n";
    }
    return o.str();
  }

  const Data& d_;
};

}  // namespace
}  // namespace vmc::report

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: vmc_report DATA_DIR TEMPLATE OUT_DIR\n"
                         "  writes OUT_DIR/report.md and OUT_DIR/figures/{*.dat,plots.gp}\n");
    return 2;
  }
  try {
    vmc::report::Data d(argv[1]);
    vmc::report::Report r(d);
    std::string tpl = vmc::report::slurp(argv[2]);
    // The template's opening comment (how to edit it) is not for readers.
    if (tpl.rfind("<!--", 0) == 0) {
      auto end = tpl.find("-->\n");
      if (end != std::string::npos) tpl.erase(0, end + 4);
    }
    std::string md = r.expand(tpl);
    const std::filesystem::path out = argv[3];
    vmc::report::write_figures(d, out / "figures");
    std::ofstream f(out / "report.md");
    f << md;
    if (!f) throw std::runtime_error("cannot write report.md");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc_report: %s\n", e.what());
    return 1;
  }
  return 0;
}
