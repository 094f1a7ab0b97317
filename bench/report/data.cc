// data.cc -- reading papers/data/ (see report.h) and the shared formatting.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "report.h"

namespace vmc::report {

namespace fs = std::filesystem;

const char* const kSweepCaches[4] = {"engine", "upstream", "textbook", "sharded"};
const char* const kSweepWorkloads[4] = {"hit", "mixed", "miss", "mix"};

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

const json* Data::find(const std::string& label, const std::string& cache, unsigned threads) const {
  auto it = runs_.find(label);
  if (it == runs_.end()) return nullptr;
  for (const json& r : it->second.at("results")) {
    if (r.value("cache", "") != cache) continue;
    if (threads == 0 || r.value("threads", 0u) == threads) return &r;
  }
  return nullptr;
}

const json& Data::result(const std::string& label, const std::string& cache,
                         unsigned threads) const {
  const json* r = find(label, cache, threads);
  if (r == nullptr) {
    run(label);  // throws "no run labelled" first if that is the problem
    throw std::runtime_error("run " + label + " has no cache " + cache +
                             (threads ? " at " + std::to_string(threads) + " threads" : ""));
  }
  return *r;
}

bool Data::has_result(const std::string& label, const std::string& cache, unsigned threads) const {
  return find(label, cache, threads) != nullptr;
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

std::vector<std::string> sweep_caches(const Data& d, const std::string& label) {
  std::vector<std::string> out;
  for (const char* c : kSweepCaches) {
    if (d.has_result(label, c)) out.push_back(c);
  }
  return out;
}

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

std::string verdict_min(double got, double want, const std::string& unit) {
  if (got >= want) return "**met** (" + fmt(got, 2) + unit + " >= " + fmt(want, 2) + unit + ")";
  return "**missed** (" + fmt(got, 2) + unit + " < " + fmt(want, 2) + unit + ": " +
         fmt(100 * (want - got) / want, 0) + "% short)";
}

}  // namespace vmc::report
