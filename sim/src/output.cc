// output.cc -- table, CSV, JSON and gnuplot output.
#include "output.h"

#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace vmc::sim {
namespace {

double per_object(const JobResult& j) {
  return j.peak_objects && j.metadata_bytes ? double(j.metadata_bytes) / double(j.peak_objects) : 0;
}

std::ofstream open_out(const std::string& path) {
  errno = 0;
  std::ofstream f(path);
  if (!f)
    throw std::runtime_error(
        path + ": cannot write: " + (errno != 0 ? std::strerror(errno) : "unknown error") +
        " (check the directory exists and is writable)");
  return f;
}

// Flushes and reports a failed write (a full disk) by name.
void close_out(std::ofstream& f, const std::string& path) {
  errno = 0;
  f.close();
  if (!f)
    throw std::runtime_error(
        path + ": write failed: " + (errno != 0 ? std::strerror(errno) : "I/O error"));
}

// The x coordinate of a capacity: a fraction of the working set if known.
double x_of(const Report& r, std::uint64_t cap) {
  return r.stats && r.stats->working_set ? double(cap) / double(r.stats->working_set) : double(cap);
}

}  // namespace

void print_table(std::FILE* out, const Report& r) {
  std::fprintf(out, "%-12s %-10s %14s %12s %12s %10s %10s %9s %8s\n", "policy", "size", "capacity",
               "requests", "misses", "miss_ratio", "byte_miss", "Mreq/s", "B/obj");
  for (const JobResult& j : r.results) {
    if (!j.error.empty()) {
      std::fprintf(out, "%-12s %-10s %14llu  error: %s\n", j.job.policy.c_str(),
                   j.job.size_label.c_str(), (unsigned long long)j.job.capacity, j.error.c_str());
      continue;
    }
    char mem[32] = "-";  // policies from models/ do not report their memory
    if (per_object(j) > 0) std::snprintf(mem, sizeof mem, "%.1f", per_object(j));
    std::fprintf(out, "%-12s %-10s %14llu %12llu %12llu %10.4f %10.4f %9.2f %8s\n",
                 j.job.policy.c_str(), j.job.size_label.c_str(), (unsigned long long)j.job.capacity,
                 (unsigned long long)j.requests, (unsigned long long)j.misses, j.miss_ratio(),
                 j.byte_miss_ratio(), j.throughput() / 1e6, mem);
  }
}

void print_mrc(std::FILE* out, const Report& r) {
  if (r.mrc) {
    std::fprintf(out,
                 "# exact LRU MRC (stack distances, one pass, %.2f s): capacity miss_ratio "
                 "byte_miss_ratio%s\n",
                 r.mrc->seconds, r.shards ? " shards_miss_ratio" : "");
    for (std::size_t i = 0; i < r.mrc->points.size(); ++i) {
      const MrcPoint& p = r.mrc->points[i];
      std::fprintf(out, "mrc %14llu %.4f %.4f", (unsigned long long)p.capacity, p.miss_ratio,
                   p.byte_miss_ratio);
      if (r.shards && i < r.shards->points.size())
        std::fprintf(out, " %.4f", r.shards->points[i].miss_ratio);
      std::fprintf(out, "%s\n", p.exact ? "" : "  (below the largest object: approximate)");
    }
  }
  if (r.shards && !r.mrc) {
    std::fprintf(out, "# LRU MRC by SHARDS (rate %g): capacity miss_ratio byte_miss_ratio\n",
                 r.shards_rate);
    for (const MrcPoint& p : r.shards->points)
      std::fprintf(out, "shards %14llu %.4f %.4f\n", (unsigned long long)p.capacity, p.miss_ratio,
                   p.byte_miss_ratio);
  }
  if (r.shards) {
    std::fprintf(out, "# SHARDS rate %g: %llu of the requests sampled, %.2f s", r.shards_rate,
                 (unsigned long long)r.shards->requests, r.shards->seconds);
    if (r.shards_error)
      std::fprintf(out, "; |error| vs exact: mean %.4f, max %.4f", r.shards_error->mean_abs,
                   r.shards_error->max_abs);
    std::fprintf(out, "\n");
  }
}

void print_engine_differences(std::FILE* out, const Report& r, std::uint64_t extent) {
  std::fprintf(out, "# engine in the loop (sizes in %llu-byte extents): miss ratio differences\n",
               (unsigned long long)extent);
  for (const JobResult& e : r.results) {
    if (e.job.policy != "engine") continue;
    for (const JobResult& o : r.results)
      if (o.job.policy != "engine" && o.job.size_label == e.job.size_label && o.error.empty() &&
          e.error.empty())
        std::fprintf(out, "size %-8s engine %.4f  %-11s %.4f  difference %+.4f\n",
                     e.job.size_label.c_str(), e.miss_ratio(), o.job.policy.c_str(), o.miss_ratio(),
                     e.miss_ratio() - o.miss_ratio());
  }
}

void write_text(const std::string& path, const Report& r) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr)
    throw std::runtime_error(path + ": cannot write: " + std::strerror(errno) +
                             " (check the directory exists and is writable)");
  print_table(out, r);
  print_mrc(out, r);
  if (std::fclose(out) != 0)
    throw std::runtime_error(path + ": write failed: " + std::strerror(errno));
}

void write_csv(const std::string& path, const Report& r) {
  std::ofstream f = open_out(path);
  f << "trace,policy,size,capacity,requests,misses,miss_ratio,bytes,missed_bytes,byte_miss_ratio,"
       "throughput_rps,metadata_bytes_per_object,error\n";
  for (const JobResult& j : r.results)
    f << r.trace << ',' << j.job.policy << ',' << j.job.size_label << ',' << j.job.capacity << ','
      << j.requests << ',' << j.misses << ',' << j.miss_ratio() << ',' << j.bytes << ','
      << j.missed_bytes << ',' << j.byte_miss_ratio() << ',' << j.throughput() << ','
      << per_object(j) << ',' << j.error << '\n';
  if (r.mrc)
    for (const MrcPoint& p : r.mrc->points)
      f << r.trace << ",lru-mrc,," << p.capacity << ',' << r.mrc->requests << ",," << p.miss_ratio
        << ",,," << p.byte_miss_ratio << ",,,\n";
  if (r.shards)
    for (const MrcPoint& p : r.shards->points)
      f << r.trace << ",lru-shards,," << p.capacity << ',' << r.shards->requests << ",,"
        << p.miss_ratio << ",,," << p.byte_miss_ratio << ",,,\n";
  close_out(f, path);
}

void write_json(const std::string& path, const Report& r) {
  nlohmann::json j;
  j["trace"] = r.trace;
  j["ignore_size"] = r.ignore_size;
  j["warmup"] = r.warmup;
  if (r.stats)
    j["stats"] = {{"requests", r.stats->requests},       {"objects", r.stats->objects},
                  {"working_set", r.stats->working_set}, {"bytes", r.stats->bytes},
                  {"max_object", r.stats->max_object},   {"resized", r.stats->resized}};
  for (const JobResult& x : r.results) {
    nlohmann::json e = {{"policy", x.job.policy},
                        {"size", x.job.size_label},
                        {"capacity", x.job.capacity},
                        {"requests", x.requests},
                        {"misses", x.misses},
                        {"miss_ratio", x.miss_ratio()},
                        {"bytes", x.bytes},
                        {"missed_bytes", x.missed_bytes},
                        {"byte_miss_ratio", x.byte_miss_ratio()},
                        {"throughput_rps", x.throughput()},
                        {"metadata_bytes_per_object", per_object(x)},
                        {"seconds", x.seconds},
                        {"accessed", x.accessed},
                        {"metadata_bytes", x.metadata_bytes},
                        {"peak_objects", x.peak_objects}};
    if (!x.error.empty()) e["error"] = x.error;
    j["results"].push_back(e);
  }
  auto curve = [](const MrcResult& m) {
    nlohmann::json c = nlohmann::json::array();
    for (const MrcPoint& p : m.points)
      c.push_back({{"capacity", p.capacity},
                   {"miss_ratio", p.miss_ratio},
                   {"byte_miss_ratio", p.byte_miss_ratio},
                   {"exact", p.exact}});
    return c;
  };
  if (r.mrc) j["lru_mrc"] = curve(*r.mrc);
  if (r.shards) {
    j["shards"] = {{"rate", r.shards_rate}, {"curve", curve(*r.shards)}};
    if (r.shards_error)
      j["shards"]["error"] = {{"mean_abs", r.shards_error->mean_abs},
                              {"max_abs", r.shards_error->max_abs}};
  }
  std::ofstream f = open_out(path);
  f << j.dump(2) << '\n';
  close_out(f, path);
}

Report read_json(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  nlohmann::json j;
  try {
    f >> j;
    Report r;
    r.trace = j.at("trace").get<std::string>();
    r.ignore_size = j.at("ignore_size").get<bool>();
    r.warmup = j.at("warmup").get<std::uint64_t>();
    if (j.contains("stats")) {
      const auto& s = j["stats"];
      r.stats =
          TraceStats{s.at("requests"), s.at("objects"),    s.at("working_set"),
                     s.at("bytes"),    s.at("max_object"), s.value("resized", std::uint64_t{0})};
    }
    for (const auto& x : j.value("results", nlohmann::json::array())) {
      JobResult res;
      res.job = Job{x.at("policy"), x.at("capacity"), x.at("size")};
      res.requests = x.at("requests");
      res.misses = x.at("misses");
      res.bytes = x.at("bytes");
      res.missed_bytes = x.at("missed_bytes");
      res.seconds = x.value("seconds", 0.0);
      res.accessed = x.value("accessed", res.requests);
      res.metadata_bytes = x.value("metadata_bytes", std::size_t{0});
      res.peak_objects = x.value("peak_objects", std::uint64_t{0});
      res.error = x.value("error", std::string());
      r.results.push_back(res);
    }
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not a vmc-sim JSON result (" + e.what() + ")");
  }
}

void plot_mrc(const std::string& path, const Report& r, bool bytes) {
  const bool svg = path.size() >= 4 && path.substr(path.size() - 4) == ".svg";
  const std::string data = path + ".dat";
  std::map<std::string, std::vector<const JobResult*>> by_policy;
  std::vector<std::string> order;
  for (const JobResult& j : r.results) {
    if (!j.error.empty()) continue;
    if (by_policy[j.job.policy].empty()) order.push_back(j.job.policy);
    by_policy[j.job.policy].push_back(&j);
  }
  {
    std::ofstream d = open_out(data);
    for (const std::string& p : order) {
      auto& v = by_policy[p];
      std::sort(v.begin(), v.end(),
                [](auto* a, auto* b) { return a->job.capacity < b->job.capacity; });
      d << "# " << p << '\n';
      for (const JobResult* j : v)
        d << x_of(r, j->job.capacity) << ' ' << (bytes ? j->byte_miss_ratio() : j->miss_ratio())
          << '\n';
      d << "\n\n";
    }
    const std::optional<MrcResult>& curve = r.mrc ? r.mrc : r.shards;
    if (curve) {
      d << "# lru-mrc\n";
      for (const MrcPoint& p : curve->points)
        d << x_of(r, p.capacity) << ' ' << (bytes ? p.byte_miss_ratio : p.miss_ratio) << '\n';
      d << "\n\n";
    }
  }
  const std::string script = path + ".gp";
  {
    std::ofstream g = open_out(script);
    g << (svg ? "set terminal svg size 1100,650 dynamic font 'sans,12'\n"
              : "set terminal pngcairo size 1200,700 font 'sans,11'\n");
    g << "set output '" << path << "'\n";
    g << "set title \"" << r.trace << (r.ignore_size ? " (sizes ignored)" : " (size-aware)")
      << "\" noenhanced\n";
    g << "set xlabel '" << (r.stats ? "cache size (fraction of the working set)" : "cache size")
      << "'\n";
    g << "set ylabel '" << (bytes ? "byte miss ratio" : "miss ratio") << "'\n";
    g << "set logscale x\nset autoscale xfix\nset format x '%g'\nset grid\nset key outside right "
         "top noenhanced box\n"
         "set yrange [0:1]\n";
    // Distinct colours (a qualitative palette), point types, and for the
    // second dozen of policies dashed lines.
    static const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                     "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                     "#bcbd22", "#17becf", "#000080", "#808000"};
    for (int i = 0; i < 24; ++i)
      g << "set linetype " << i + 1 << " lc rgb '" << kColours[i % 12] << "' lw 1.5 pt "
        << (i % 7) + 1 << " dt " << (i < 12 ? 1 : 2) << "\n";
    g << "plot";
    int idx = 0;
    for (const std::string& p : order) {
      g << (idx ? ", \\\n  " : " ") << "'" << data << "' index " << idx << " with linespoints lt "
        << idx + 1 << " ps 0.7 title '" << p << "'";
      ++idx;
    }
    if (r.mrc || r.shards)
      g << (idx ? ", \\\n  " : " ") << "'" << data << "' index " << idx
        << " with lines lw 2 dt 2 lc rgb 'black' title '"
        << (r.mrc ? "LRU (stack distances)" : "LRU (SHARDS)") << "'";
    g << '\n';
  }
  std::string cmd = "gnuplot '" + script + "'";
  int rc = std::system(cmd.c_str());
  if (rc != 0) throw std::runtime_error("gnuplot failed (" + cmd + ")");
}

}  // namespace vmc::sim
