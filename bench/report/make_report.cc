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
//   table:NAME                  a generated Markdown table (tables.cc,
//                               scalability.cc for table:scal.NAME)
//   scal:...                    a figure of the scalability runs
//                               (scalability.cc scal_value)
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

namespace fs = std::filesystem;

namespace {

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
    if (f == "env") {
      need(1);
      return env(a[1]);
    }
    if (f == "mops") {
      need(2);
      return fmt(d_.ops(a[1], a[2]) / 1e6, 2);
    }
    if (f == "ratio") {
      need(3);
      return fmt(d_.ops(a[1], a[2]) / d_.ops(a[1], a[3]), 2);
    }
    if (f == "ratio2") {
      need(3);
      return fmt(d_.ops(a[1], a[3]) / d_.ops(a[2], a[3]), 2);
    }
    if (f == "hit") {
      need(2);
      return fmt(100 * d_.result(a[1], a[2]).at("hit_ratio").get<double>(), 1);
    }
    if (f == "lat") {
      need(3);
      return fmt(d_.result(a[1], a[2]).at("lat_" + a[3] + "_ns").get<double>(), 0);
    }
    if (f == "nsop") {
      need(2);
      return fmt(1e9 / d_.ops(a[1], a[2]), 0);
    }
    if (f == "chase") {
      need(1);
      return fmt(chase(std::stol(a[1])), 0);
    }
    if (f == "loads") {  // a pool-sweep get's time in dependent loads
      need(1);
      return fmt(1e9 / d_.ops("pool/" + a[1], "engine") / chase(std::stol(a[1])), 1);
    }
    if (f == "fill") {
      need(2);
      return fmt(fill(a[1]).at(a[2]).get<double>(), 1);
    }
    if (f == "churn") {
      need(2);
      return fmt(100 * churn(a[1]).at(a[2]).get<double>(), 1);
    }
    if (f == "val") {
      need(1);
      return val(a[1]);
    }
    if (f == "target") {
      need(1);
      return target(a[1]);
    }
    if (f == "table") {
      need(1);
      return table(d_, a[1]);
    }
    if (f == "scal") {
      if (a.size() < 2) throw std::runtime_error("placeholder {{" + expr + "}}: wrong arity");
      return scal_value(d_, expr.substr(5));
    }
    if (f == "quick") {
      need(0);
      return d_.quick();
    }
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
    for (const json& r : d_.run("fill").at("results"))
      if (r.at("cache") == cache) return r;
    throw std::runtime_error("fill has no " + cache);
  }
  const json& churn(const std::string& cache) const {
    for (const json& r : d_.run("churn").at("results"))
      if (r.at("cache") == cache) return r;
    throw std::runtime_error("churn has no " + cache);
  }
  std::string lbl(const std::string& wl, long t) const {
    return "threads/" + wl + "/" + std::to_string(t);
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
    if (name == "scal_repeat") {
      return d_.has("scal/onehot") ? std::to_string(d_.run("scal/onehot").value("repeat", 1)) : "?";
    }
    if (name == "scal_before") {
      auto it = d_.env().find("scal_before");
      return it == d_.env().end() ? std::string("(not recorded)") : "`" + it->second + "`";
    }
    if (name == "quick_get_ratio" || name == "quick_put_ratio") {
      const char* f = name == "quick_get_ratio" ? "get_hit_mops" : "put_evict_mops";
      return fmt(d_.result("quick", "engine").at(f).get<double>() /
                     d_.result("quick", "textbook").at(f).get<double>(),
                 2);
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
      return fmt(d_.ops(lbl("miss", max_threads()), "engine") / d_.ops(lbl("miss", 2), "engine"),
                 2);
    }
    if (name == "dram_beyond_key") {
      return fmt(fill("engine").at("stat_dram_per_entry").get<double>() -
                     fill("engine").at("key_size").get<double>(),
                 1);
    }
    if (name == "dram_rss_beyond_key") {
      return fmt(fill("engine").at("rss_anon_per_entry").get<double>() -
                     fill("engine").at("key_size").get<double>(),
                 1);
    }
    if (name == "textbook_overhead") {
      const json& t = fill("textbook");
      return fmt(t.at("malloc_per_entry").get<double>() - t.at("key_size").get<double>() -
                     t.at("value_size").get<double>(),
                 1);
    }
    if (name == "pool_min" || name == "pool_max") {
      auto p = d_.suffixes("pool");
      return human_bytes((name == "pool_min" ? p.front() : p.back()) << 20);
    }
    if (name == "pool_first_nsop" || name == "pool_last_nsop" || name == "pool_first_chase" ||
        name == "pool_last_chase" || name == "pool_first_loads" || name == "pool_last_loads") {
      auto p = d_.suffixes("pool");
      long mib = name.find("first") != std::string::npos ? p.front() : p.back();
      double nsop = 1e9 / d_.ops("pool/" + std::to_string(mib), "engine");
      if (name.find("nsop") != std::string::npos) return fmt(nsop, 0);
      if (name.find("chase") != std::string::npos) return fmt(chase(mib), 0);
      return fmt(nsop / chase(mib), 1);
    }
    throw std::runtime_error("unknown val:" + name);
  }

  std::string target(const std::string& name) {
    if (name == "hit1") {
      return verdict_min(d_.ops(lbl("hit", 1), "engine") / d_.ops(lbl("hit", 1), "textbook"), 1.5,
                         "x");
    }
    if (name == "miss_ratio") return verdict_min(worst_miss_ratio().second, 3.0, "x");
    if (name == "miss_collapse") {
      return verdict_min(
          d_.ops(lbl("miss", max_threads()), "engine") / d_.ops(lbl("miss", 2), "engine"), 1.0,
          "x");
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

  const Data& d_;
};

}  // namespace
}  // namespace vmc::report

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr,
                 "usage: vmc_report DATA_DIR TEMPLATE OUT_DIR\n"
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
