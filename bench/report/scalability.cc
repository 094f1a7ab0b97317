// scalability.cc -- the report's scalability section (bench/scalability.sh's
// runs, labels scal/* and index): per-workload tables, the targets with
// their verdicts, the shared-write table, huge pages, and the index
// comparison.  {{table:scal.NAME}} and {{scal:...}} in the template.
#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "report.h"

namespace vmc::report {
namespace {

const char* const kScalCaches[] = {"engine", "upstream", "before", "copy"};

std::string label(const std::string& wl) { return "scal/" + wl; }

std::vector<unsigned> thread_counts(const Data& d, const std::string& wl) {
  return d.run(label(wl)).at("threads").get<std::vector<unsigned>>();
}

std::vector<std::string> caches_in(const Data& d, const std::string& wl) {
  std::vector<std::string> out;
  for (const char* c : kScalCaches) {
    if (d.has_result(label(wl), c)) out.push_back(c);
  }
  return out;
}

double ops(const Data& d, const std::string& wl, const std::string& c, unsigned t) {
  return d.ops(label(wl), c, t);
}

// "12.34 (11.9..12.8)": the median and the spread of the rounds.
std::string mops_spread(const json& r) {
  std::string s = fmt(r.at("ops_per_sec").get<double>() / 1e6, 2);
  if (r.contains("ops_per_sec_min") && r.value("ops_per_sec_rounds", json::array()).size() > 1) {
    s += " (" + fmt(r.at("ops_per_sec_min").get<double>() / 1e6, 2) + "–" +
         fmt(r.at("ops_per_sec_max").get<double>() / 1e6, 2) + ")";
  }
  return s;
}

// "0, 1": the CPUs of a pinned run.
std::string cpu_list(const std::vector<int>& cpus) {
  std::string s;
  for (int c : cpus) s += (s.empty() ? "" : ", ") + std::to_string(c);
  return s;
}

// Where the run was pinned: which CPU the 1-thread row ran on, and the
// 1-thread medians on the other CPUs (--solo-each-cpu).
std::string solo_line(const Data& d, const std::string& wl) {
  const json& run = d.run(label(wl));
  const auto cpus = run.at("workload").value("cpus", std::vector<int>{});
  if (cpus.empty()) return "";
  std::string s = "\nWorkers pinned to CPUs " + cpu_list(cpus) +
                  " in turn: the 1-thread row ran on CPU " + std::to_string(cpus[0]) + ".";
  std::map<int, std::string> by_cpu;
  for (const json& r : run.value("solo", json::array())) {
    std::string& line = by_cpu[r.at("cpu").get<int>()];
    line += (line.empty() ? "" : ", ") + r.at("cache").get<std::string>() + " " + mops_spread(r);
  }
  for (const auto& [cpu, line] : by_cpu)
    s += " 1 thread on CPU " + std::to_string(cpu) + ", Mops/s: " + line + ".";
  return s + "\n";
}

std::string workload_table(const Data& d, const std::string& wl) {
  if (!d.has(label(wl))) return "(not measured: no " + label(wl) + " run in papers/data/)\n";
  const auto cs = caches_in(d, wl);
  const auto ts = thread_counts(d, wl);
  std::ostringstream o;
  o << "| threads |";
  for (const auto& c : cs) o << " " << c << " Mops/s (rounds) |";
  for (std::size_t i = 1; i < cs.size(); ++i) o << " engine/" << cs[i] << " |";
  o << " engine vs previous row | hit %: engine";
  for (std::size_t i = 1; i < cs.size(); ++i) o << " / " << cs[i];
  o << " | engine cores |\n|";
  for (std::size_t i = 0; i < 2 * cs.size() + 3; ++i) o << "---:|";
  o << "\n";
  for (std::size_t k = 0; k < ts.size(); ++k) {
    const unsigned t = ts[k];
    o << "| " << t << " |";
    for (const auto& c : cs) o << " " << mops_spread(d.result(label(wl), c, t)) << " |";
    for (std::size_t i = 1; i < cs.size(); ++i)
      o << " " << fmt(ops(d, wl, "engine", t) / ops(d, wl, cs[i], t), 2) << " |";
    o << " "
      << (k == 0 ? std::string("–")
                 : fmt(ops(d, wl, "engine", t) / ops(d, wl, "engine", ts[k - 1]), 2) + "x (" +
                       std::to_string(t) + " vs " + std::to_string(ts[k - 1]) + ")")
      << " |";
    std::string sep = " ";
    for (const auto& c : cs) {
      o << sep << fmt(100 * d.result(label(wl), c, t).at("hit_ratio").get<double>(), 1);
      sep = " / ";
    }
    const json& e = d.result(label(wl), "engine", t);
    o << " | " << fmt(e.at("cpu_cores").get<double>(), 2)
      << (e.value("starved", false) ? " (starved)" : "") << " |\n";
  }
  o << solo_line(d, wl);
  return o.str();
}

std::string absent(const std::string& what) { return "not measured (" + what + " absent)"; }

// engine at t / engine at t0 in workload wl.
double thread_ratio(const Data& d, const std::string& wl, unsigned t, unsigned t0) {
  return ops(d, wl, "engine", t) / ops(d, wl, "engine", t0);
}

// The run's ratio of cache c at t threads over its mean 1-thread rate on
// every CPU (the driver's --solo-each-cpu), or nullptr.
const json* solo_ratio(const Data& d, const std::string& wl, const std::string& c, unsigned t) {
  const json& run = d.run(label(wl));
  if (!run.contains("ratios")) return nullptr;
  for (const json& r : run.at("ratios")) {
    if (r.value("kind", "") == "threads_vs_solo_mean" && r.value("cache", "") == c &&
        r.value("threads", 0u) == t)
      return &r;
  }
  return nullptr;
}

// A thread-count verdict, with what the copy ceiling did in the same run
// (what the machine delivered).  Against 1 thread, where the run measured
// 1 thread on every CPU, the verdict divides by their mean (the CPUs of a
// virtual machine are not always alike: two CPUs give at most the sum of
// their 1-thread rates), and also names the ratio to the first CPU alone.
std::string thread_verdict(const Data& d, const std::string& wl, unsigned t, unsigned t0,
                           double want) {
  if (!d.has(label(wl))) return absent(label(wl));
  const json* solo = t0 == 1 ? solo_ratio(d, wl, "engine", t) : nullptr;
  std::string v;
  if (solo != nullptr) {
    v = verdict_min(solo->at("ratio").get<double>(), want, "x") +
        " against 1 thread averaged over CPUs " +
        cpu_list(solo->at("cpus").get<std::vector<int>>()) + " (" +
        fmt(thread_ratio(d, wl, t, t0), 2) + "x CPU " +
        std::to_string(solo->at("cpus").at(0).get<int>()) + " alone)";
  } else {
    v = verdict_min(thread_ratio(d, wl, t, t0), want, "x");
  }
  if (d.has_result(label(wl), "copy", t) && d.has_result(label(wl), "copy", t0)) {
    const json* copy_solo = t0 == 1 ? solo_ratio(d, wl, "copy", t) : nullptr;
    const double copy = copy_solo != nullptr ? copy_solo->at("ratio").get<double>()
                                             : ops(d, wl, "copy", t) / ops(d, wl, "copy", t0);
    v += "; copy ceiling " + fmt(copy, 2) + "x";
  }
  return v;
}

struct Target {
  std::string what;
  std::function<std::string(const Data&)> verdict;
};

// The targets over the runs labelled scal/<prefix><workload>: the
// main run (prefix "") or a kept one (say "final_").
std::vector<Target> targets(const std::string& p) {
  std::vector<Target> v;
  for (const std::string wl : {"onehot", "skewed"}) {
    v.push_back({wl + ": 2 threads >= 1.8x 1 thread",
                 [wl = p + wl](const Data& d) { return thread_verdict(d, wl, 2, 1, 1.8); }});
  }
  for (const std::string wl : {"evict64", "evict1", "small1"}) {
    v.push_back({wl + ": 2 threads >= 1.6x 1 thread",
                 [wl = p + wl](const Data& d) { return thread_verdict(d, wl, 2, 1, 1.6); }});
    v.push_back({wl + ": 16 threads >= 0.9x 2 threads",
                 [wl = p + wl](const Data& d) { return thread_verdict(d, wl, 16, 2, 0.9); }});
  }
  for (const std::string wl : {"onehot", "skewed", "evict64", "evict1", "small1", "uniform"}) {
    for (const auto& [other, want] :
         {std::pair<std::string, double>{"upstream", 2.0}, {"before", 1.0}}) {
      v.push_back({wl + ", 1 thread: engine >= " + fmt(want, 1) + "x " + other,
                   [wl = p + wl, other, want](const Data& d) {
                     if (!d.has(label(wl))) return absent(label(wl));
                     if (!d.has_result(label(wl), other, 1)) return absent(other);
                     return verdict_min(ops(d, wl, "engine", 1) / ops(d, wl, other, 1), want, "x");
                   }});
    }
  }
  for (unsigned t : {1u, 2u}) {
    v.push_back({"uniform get hits, " + std::to_string(t) + " thread(s): engine >= 0.6x copy",
                 [t, wl = p + "uniform"](const Data& d) {
                   if (!d.has(label(wl))) return absent(label(wl));
                   if (!d.has_result(label(wl), "copy", t)) return absent("copy");
                   return verdict_min(ops(d, wl, "engine", t) / ops(d, wl, "copy", t), 0.6, "x");
                 }});
  }
  return v;
}

std::string targets_table(const Data& d, const std::string& prefix) {
  std::ostringstream o;
  o << "| target | result |\n|---|---|\n";
  for (const auto& t : targets(prefix)) o << "| " << t.what << " | " << t.verdict(d) << " |\n";
  return o.str();
}

const char* const kWriteRuns[] = {"writes_skewed", "writes_evict", "writes_mix"};
const char* const kWriteOps[] = {"get-hit", "get-miss", "put", "evicting put", "evict"};

std::string writes_table(const Data& d) {
  std::vector<std::string> runs;
  for (const char* r : kWriteRuns) {
    if (d.has(label(r))) runs.push_back(r);
  }
  if (runs.empty()) {
    return "(not measured: the engine measured here has no shared-write counters; "
           "bench/scalability.sh builds them with -DVMC_COUNT_SHARED_WRITES=ON once the engine "
           "has that option)\n";
  }
  std::ostringstream o;
  o << "| operation |";
  for (const auto& r : runs)
    o << " " << r.substr(7) << ", 2 thr: ops / RMW per op / stores per op |";
  o << "\n|---|";
  for (std::size_t i = 0; i < runs.size(); ++i) o << "---:|";
  o << "\n";
  for (const char* op : kWriteOps) {
    o << "| " << op << " |";
    for (const auto& r : runs) {
      const json& res = d.result(label(r), "counting", 2);
      if (!res.contains("shared_writes")) {
        o << " – |";
        continue;
      }
      const json& w = res.at("shared_writes").at(op);
      const double n = w.at("ops").get<double>();
      o << " " << w.at("ops").get<long>() << " / "
        << (n > 0 ? fmt(w.at("rmw").get<double>() / n, 3) : "–") << " / "
        << (n > 0 ? fmt(w.at("stores").get<double>() / n, 3) : "–") << " |";
    }
    o << "\n";
  }
  return o.str();
}

std::string index_table(const Data& d) {
  if (!d.has("index")) return "(not measured: no index run)\n";
  std::ostringstream o;
  o << "| index | threads | insert Mops/s (ours/this) | lookup-hit Mops/s (ours/this) "
       "| lookup-miss Mops/s (ours/this) |\n|---|---:|---:|---:|---:|\n";
  for (const json& r : d.run("index").at("results")) {
    o << "| " << r.at("index").get<std::string>() << " | " << r.at("threads").get<int>() << " |";
    for (const char* p : {"insert", "lookup-hit", "lookup-miss"}) {
      o << " " << fmt(r.at(p).at("mops").get<double>(), 2) << " ("
        << fmt(r.at(p).at("ours_over_this").get<double>(), 2) << "x) |";
    }
    o << "\n";
  }
  return o.str();
}

// Anonymous memory and the pool directory (chase_thp), then a tmpfs with
// huge=advise (chase_thp_advise) when there was one.
std::string chase_thp_table(const Data& d) {
  if (!d.has(label("chase_thp"))) return "(not measured: no scal/chase_thp run)\n";
  std::ostringstream o;
  o << "| medium | madvise | ns per dependent load | share backed by huge pages "
       "| no-THP / THP |\n|---|---|---:|---:|---:|\n";
  json rows = d.run(label("chase_thp")).at("results");
  if (d.has(label("chase_thp_advise"))) {
    const json& more = d.run(label("chase_thp_advise")).at("results");
    for (std::size_t i = 2; i < more.size(); ++i) rows.push_back(more[i]);
  }
  for (const json& r : rows) {
    o << "| " << r.at("medium").get<std::string>() << " | "
      << (r.at("huge_pages").get<bool>() ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE") << " | "
      << fmt(r.at("ns").get<double>(), 1) << " | "
      << fmt(100 * r.at("huge_fraction").get<double>(), 0) << "% | "
      << (r.contains("speedup_vs_no_thp") ? fmt(r.at("speedup_vs_no_thp").get<double>(), 2) : "")
      << " |\n";
  }
  return o.str();
}

std::string thp_table(const Data& d) {
  if (!d.has(label("thp"))) {
    return "(not measured: the engine measured here has no vmemcache_set_huge_pages)\n";
  }
  std::ostringstream o;
  o << "| engine | Mops/s (rounds) | p50 ns | p99 ns |\n|---|---:|---:|---:|\n";
  for (const char* c : {"engine+nothp", "engine+thp"}) {
    const json& r = d.result(label("thp"), c, 1);
    o << "| " << c << " | " << mops_spread(r) << " | " << fmt(r.at("lat_p50_ns").get<double>(), 0)
      << " | " << fmt(r.at("lat_p99_ns").get<double>(), 0) << " |\n";
  }
  return o.str();
}

std::string pingpong_table(const Data& d) {
  if (!d.has(label("pingpong"))) return "(not measured: no scal/pingpong run)\n";
  std::ostringstream o;
  o << "| threads | case | ns per operation per thread | Mops/s in all |\n|---:|---|---:|---:|\n";
  for (const json& r : d.run(label("pingpong")).at("results")) {
    const double ns = r.at("ns").get<double>();
    const unsigned t = r.at("threads").get<unsigned>();
    // A turn is one thread's at a time: per turn, and turns in all.
    const bool turns = r.value("per", "") == "turn";
    o << "| " << t << " | " << r.at("case").get<std::string>() << " | " << fmt(ns, 1)
      << (turns ? " per turn" : "") << " | " << fmt((turns ? 1 : t) * 1e3 / ns, 1) << " |\n";
  }
  return o.str();
}

// The driver's pingpong cases, by the index placeholders use.
const std::array<const char*, 4> kPingpongCases = {
    "fetch_add on one shared line", "store to one shared line", "fetch_add on own lines",
    "a line handed round in turns"};

// ns per operation of a pingpong case ("fetch_add on one shared line", ...)
// at `threads`; throws if absent.
double pingpong_ns(const Data& d, const std::string& which, unsigned threads) {
  for (const json& r : d.run(label("pingpong")).at("results")) {
    if (r.at("threads").get<unsigned>() == threads && r.at("case").get<std::string>() == which)
      return r.at("ns").get<double>();
  }
  throw std::runtime_error("scal/pingpong has no '" + which + "' at " + std::to_string(threads));
}

}  // namespace

std::string scal_table(const Data& d, const std::string& name) {
  static const std::map<std::string, std::function<std::string(const Data&)>> tables = {
      {"targets", [](const Data& d) { return targets_table(d, ""); }},
      {"writes", writes_table},
      {"index", index_table},
      {"chase_thp", chase_thp_table},
      {"thp", thp_table},
      {"pingpong", pingpong_table}};
  auto it = tables.find(name);
  if (it != tables.end()) return it->second(d);
  // targets.P: the targets over the runs kept with the prefix P_.
  if (name.rfind("targets.", 0) == 0) return targets_table(d, name.substr(8) + "_");
  return workload_table(d, name);
}

// The Universal Scalability Law with no coherence term, fitted to the 1-
// and 2-thread medians of CACHE in WL: X(N) = N X(1) / (1 + s (N - 1)),
// s = 2 X(1) / X(2) - 1 (0 when two threads scale perfectly or better).
// Two points fit one parameter; the report says what that leaves out.
// X(1) is the mean 1-thread rate over the CPUs where the run measured it.
double one_thread(const Data& d, const std::string& wl, const std::string& c) {
  const json* r = solo_ratio(d, wl, c, 2);
  return r != nullptr ? r->at("solo_mean").get<double>() : ops(d, wl, c, 1);
}
double usl_sigma(const Data& d, const std::string& wl, const std::string& c) {
  const double s = 2 * one_thread(d, wl, c) / ops(d, wl, c, 2) - 1;
  return s < 0 ? 0 : s;
}
double usl_predict(const Data& d, const std::string& wl, const std::string& c, unsigned n) {
  return n * one_thread(d, wl, c) / (1 + usl_sigma(d, wl, c) * (n - 1));
}

// scal_modes.txt (bench/scalability.sh, modes): per sample, the turn before,
// NAME VALUE pairs (the engine's Mops/s on a workload at 2 threads, NAME,
// and at 1, NAME_1t), the turn after.  Samples whose two turns were both
// under `split` ns (fast), both over it (slow), and the rest (the mode
// changed meanwhile).
struct Modes {
  using Sample = std::map<std::string, double>;
  std::vector<Sample> fast, slow;
  std::vector<std::string> workloads;  // the 2-thread names, in file order
  std::size_t n = 0;
};
Modes read_modes(const Data& d, double split) {
  Modes m;
  const auto path = d.dir() / "scal_modes.txt";
  if (!std::filesystem::exists(path)) return m;
  std::istringstream in(slurp(path));
  for (std::string line; std::getline(in, line);) {
    // hh:mm:ss  turn T0 ns  NAME M  NAME M ...  turn T1 ns
    std::istringstream f(line);
    std::string time, word, unit, name;
    double t0 = 0, t1 = 0, v = 0;
    if (line.empty() || line[0] == '#' || !(f >> time >> word >> t0 >> unit) || word != "turn")
      continue;
    Modes::Sample sample;
    while (f >> name && name != "turn" && f >> v) sample[name] = v;
    if (name != "turn" || !(f >> t1)) continue;
    ++m.n;
    for (const auto& [wl, mops] : sample) {
      const bool one = wl.size() > 3 && wl.compare(wl.size() - 3, 3, "_1t") == 0;
      if (!one && std::find(m.workloads.begin(), m.workloads.end(), wl) == m.workloads.end())
        m.workloads.push_back(wl);
    }
    if (t0 < split && t1 < split) m.fast.push_back(sample);
    if (t0 >= split && t1 >= split) m.slow.push_back(sample);
  }
  return m;
}

// The median of v (the upper one of an even count), with its range, or "–".
std::string median_of(std::vector<double> v, bool range = false) {
  if (v.empty()) return "–";
  std::sort(v.begin(), v.end());
  std::string s = fmt(v[v.size() / 2], 2);
  if (range) s += " (" + fmt(v.front(), 2) + "–" + fmt(v.back(), 2) + ")";
  return s;
}

// What `samples` say of wl: `key` "2" (Mops/s at 2 threads), "1" (at 1),
// or "ratio" (2 over 1, sample by sample).
std::vector<double> mode_figures(const std::vector<Modes::Sample>& samples, const std::string& wl,
                                 const std::string& key) {
  std::vector<double> v;
  for (const auto& s : samples) {
    auto two = s.find(wl), one = s.find(wl + "_1t");
    if (key == "2" && two != s.end()) v.push_back(two->second);
    if (key == "1" && one != s.end()) v.push_back(one->second);
    if (key == "ratio" && two != s.end() && one != s.end() && one->second > 0)
      v.push_back(two->second / one->second);
  }
  return v;
}

// A table: per workload and mode, the engine's medians at 2 threads and at
// 1, and the median of their ratio sample by sample.
std::string modes_table(const Data& d, double split) {
  const Modes m = read_modes(d, split);
  if (m.n == 0) return "(not measured: no scal_modes.txt)\n";
  std::ostringstream o;
  const std::string lo = "turns < " + fmt(split, 0) + " ns",
                    hi = "turns >= " + fmt(split, 0) + " ns";
  o << m.n << " samples: " << m.fast.size() << " with both turns under " << fmt(split, 0) << " ns, "
    << m.slow.size() << " with both over it, " << m.n - m.fast.size() - m.slow.size()
    << " where the mode changed during the sample.\n\n"
    << "| workload | " << lo << ": 2 threads, Mops/s | 1 thread | 2 vs 1 | " << hi
    << ": 2 threads, Mops/s | 1 thread | 2 vs 1 |\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const std::string& wl : m.workloads) {
    o << "| " << wl;
    for (const auto* mode : {&m.fast, &m.slow}) {
      o << " | " << median_of(mode_figures(*mode, wl, "2"), true) << " | "
        << median_of(mode_figures(*mode, wl, "1")) << " | "
        << median_of(mode_figures(*mode, wl, "ratio")) << "x";
    }
    o << " |\n";
  }
  return o.str();
}

// The keys about the machine rather than a workload: pingpong, modes,
// modesfast, modesslow, policy (see scal_value); nullopt for any other.
std::optional<std::string> machine_value(const Data& d, const std::vector<std::string>& a,
                                         const std::string& name) {
  auto need = [&](std::size_t n) {
    if (a.size() != n) throw std::runtime_error("{{scal:" + name + "}}: wrong arity");
  };
  if (a[0] == "pingpong") {
    need(3);
    if (!d.has(label("pingpong"))) return "(not measured)";
    return fmt(pingpong_ns(d, kPingpongCases.at(std::stoul(a[1])),
                           static_cast<unsigned>(std::stoul(a[2]))),
               1);
  }
  if (a[0] == "modes") {  // modes:SPLIT_NS
    need(2);
    return modes_table(d, std::stod(a[1]));
  }
  if (a[0] == "modesfast" || a[0] == "modesslow") {  // :SPLIT_NS:WL:2|1|ratio, a median
    need(4);
    const Modes m = read_modes(d, std::stod(a[1]));
    return median_of(mode_figures(a[0] == "modesfast" ? m.fast : m.slow, a[2], a[3]));
  }
  if (a[0] == "policy") {  // policy or policy:advise
    const std::string run = a.size() == 2 && a[1] == "advise" ? "chase_thp_advise" : "chase_thp";
    if (!d.has(label(run))) return "(not measured)";
    return d.run(label(run)).at("results").at(0).value("thp_policy", "(not recorded)");
  }
  return std::nullopt;
}

// mops:WL:CACHE:T | min:WL:CACHE:T | max:WL:CACHE:T (slowest, fastest round) |
// tratio:WL:T:T0 | soloratio:WL:T (T threads over the mean 1-thread rate
// on the CPUs, where measured; else tratio:WL:T:1) | cratio:WL:A:B:T | hit:WL:CACHE:T |
// sigma:WL:CACHE | one:WL:CACHE (its X(1)) | usl:WL:CACHE:N (Mops/s) | pingpong:CASE_INDEX:T (ns) |
// nsop:WL:CACHE:T (ns per operation per thread) | turns:WL:CACHE (what an
// operation gains from 1 to 2 threads, in line handovers: pingpong case 3)
// | modes:SPLIT_NS (scal_modes.txt as a table) | modesfast:SPLIT_NS:WL:K |
// modesslow:SPLIT_NS:WL:K (a median in one mode: K = 2 or 1 threads' Mops/s,
// or ratio) | policy[:advise]
std::string scal_value(const Data& d, const std::string& name) {
  const auto a = split(name, ':');
  auto need = [&](std::size_t n) {
    if (a.size() != n) throw std::runtime_error("{{scal:" + name + "}}: wrong arity");
  };
  auto u = [](const std::string& s) { return static_cast<unsigned>(std::stoul(s)); };
  if (a[0] == "mops") {
    need(4);
    return fmt(ops(d, a[1], a[2], u(a[3])) / 1e6, 2);
  }
  if (a[0] == "min" || a[0] == "max") {
    need(4);
    const json& r = d.result(label(a[1]), a[2], u(a[3]));
    const char* key = a[0] == "min" ? "ops_per_sec_min" : "ops_per_sec_max";
    return fmt(r.value(key, r.at("ops_per_sec").get<double>()) / 1e6, 2);
  }
  if (a[0] == "one") {  // one:WL:CACHE -- X(1) of the fit (Mops/s)
    need(3);
    return fmt(one_thread(d, a[1], a[2]) / 1e6, 2);
  }
  if (a[0] == "soloratio") {  // soloratio:WL:T -- over the mean 1-thread rate, or tratio's
    need(3);
    const json* r = solo_ratio(d, a[1], "engine", u(a[2]));
    return fmt(r != nullptr ? r->at("ratio").get<double>() : thread_ratio(d, a[1], u(a[2]), 1), 2);
  }
  if (a[0] == "tratio") {
    need(4);
    return fmt(thread_ratio(d, a[1], u(a[2]), u(a[3])), 2);
  }
  if (a[0] == "cratio") {
    need(5);
    if (!d.has_result(label(a[1]), a[3], u(a[4]))) return "n/a (" + a[3] + " absent)";
    return fmt(ops(d, a[1], a[2], u(a[4])) / ops(d, a[1], a[3], u(a[4])), 2);
  }
  if (a[0] == "hit") {
    need(4);
    return fmt(100 * d.result(label(a[1]), a[2], u(a[3])).at("hit_ratio").get<double>(), 1);
  }
  if (a[0] == "sigma") {
    need(3);
    return fmt(usl_sigma(d, a[1], a[2]), 2);
  }
  if (a[0] == "usl") {
    need(4);
    return fmt(usl_predict(d, a[1], a[2], u(a[3])) / 1e6, 1);
  }
  if (a[0] == "nsop") {
    need(4);
    return fmt(u(a[3]) * 1e9 / ops(d, a[1], a[2], u(a[3])), 0);
  }
  if (a[0] == "turns") {
    need(3);
    if (!d.has(label("pingpong"))) return "(not measured)";
    const double extra = 2e9 / ops(d, a[1], a[2], 2) - 1e9 / one_thread(d, a[1], a[2]);
    return fmt(extra / pingpong_ns(d, kPingpongCases[3], 2), 1);
  }
  if (std::optional<std::string> v = machine_value(d, a, name)) return *v;
  throw std::runtime_error("unknown {{scal:" + name + "}}");
}

}  // namespace vmc::report
