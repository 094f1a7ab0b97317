// cli_trace.cc -- from options to the trace, policy list and replay
// options: the first steps of a run, each checking its input and naming the
// fix when it is wrong.
#include <unistd.h>

#include <stdexcept>

#include "cli.h"
#include "params.h"

namespace vmc::sim::cli {
namespace {

// The value of something that may be given positionally or by an option.
std::string pick(const std::string& positional, const std::string& option, const char* what,
                 const char* flag) {
  if (!positional.empty() && !option.empty() && positional != option)
    throw std::invalid_argument(std::string("the ") + what + " is given twice ('" + positional +
                                "' and " + flag + " '" + option + "'); give it once");
  return positional.empty() ? option : positional;
}

bool truthy(const std::string& v, const std::string& flag) {
  const std::string l = lower(v);
  if (l == "true" || l == "1" || l == "yes" || l == "y") return true;
  if (l == "false" || l == "0" || l == "no" || l == "n") return false;
  throw std::invalid_argument(flag + " takes true/false or 1/0, not '" + v + "' (write " + flag +
                              "=1, or put it after the positional arguments)");
}

int column(const std::string& key, const std::string& v) {
  std::size_t used = 0;
  int c = -1;
  try {
    c = std::stoi(v, &used);
  } catch (const std::exception&) {
  }
  if (used != v.size() || c < 1)
    throw std::invalid_argument("-t " + key + "=" + v + ": a column number counts from 1 (e.g. " +
                                key + "=2)");
  return c;
}

// libCacheSim's reader parameters: key=value separated by ','; an empty
// value or "\," after delimiter= means a comma, "\t" or "tab" a tab.
void apply_trace_params(const std::string& text, TraceSpec& s) {
  if (text.find('=') == std::string::npos)
    throw std::invalid_argument(
        "-t '" + text +
        "': -t is libCacheSim's --trace-type-params (key=value,... e.g. "
        "obj-id-col=5); give the trace as the first argument or with --trace");
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t eq = text.find('=', i);
    if (eq == std::string::npos)
      throw std::invalid_argument("-t: '" + text.substr(i) + "' is not key=value");
    std::string key = lower(text.substr(i, eq - i));
    for (char& c : key) c = c == '_' ? '-' : c;
    std::size_t end = text.find(',', eq + 1);
    std::string v =
        text.substr(eq + 1, end == std::string::npos ? std::string::npos : end - eq - 1);
    i = end == std::string::npos ? text.size() : end + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    if (key == "obj-id-col")
      s.csv.id_col = column(key, v);
    else if (key == "obj-size-col" || key == "size-col")
      s.csv.size_col = column(key, v);
    else if (key == "time-col")
      s.csv.time_col = column(key, v);
    else if (key == "has-header" || key == "header")
      s.csv.header = truthy(v, "-t " + key);
    else if (key == "obj-id-is-num")
      s.csv.hash_ids = s.text_hash_ids = !truthy(v, "-t " + key);
    else if (key == "delimiter")
      s.csv.delim = v.empty() || v == "\\," ? ',' : (v == "\\t" || v == "tab") ? '\t' : v[0];
    else
      throw std::invalid_argument(
          "-t: unknown reader parameter '" + key +
          "' (vmc-sim reads obj-id-col, obj-size-col, time-col, delimiter, has-header, "
          "obj-id-is-num)");
  }
}

SynthSpec synth_spec(const Options& o) {
  SynthSpec s = o.synth;
  s.seed = o.seed;
  const std::string k = lower(o.synth_kind);
  if (k == "zipf")
    s.kind = SynthKind::kZipf;
  else if (k == "uniform")
    s.kind = SynthKind::kUniform;
  else if (k == "scan")
    s.kind = SynthKind::kScan;
  else if (k == "loop")
    s.kind = SynthKind::kLoop;
  else
    throw std::invalid_argument("--synth '" + o.synth_kind + "': give zipf, uniform, scan or loop");
  unsigned long long a = 0, b = 0;
  int used = 0;
  if (std::sscanf(o.synth_size.c_str(), "fixed:%llu%n", &a, &used) == 1 &&
      used == int(o.synth_size.size()) && a > 0) {
    s.size_dist = SizeDist::kFixed;
    s.size_min = s.size_max = a;
  } else if (std::sscanf(o.synth_size.c_str(), "uniform:%llu:%llu%n", &a, &b, &used) == 2 &&
             used == int(o.synth_size.size()) && a > 0 && a <= b) {
    s.size_dist = SizeDist::kUniform;
    s.size_min = a;
    s.size_max = b;
  } else {
    throw std::invalid_argument("--synth-size '" + o.synth_size +
                                "': give fixed:N or uniform:MIN:MAX (0 < MIN <= MAX)");
  }
  return s;
}

}  // namespace

TraceSpec trace_spec(const Options& o) {
  TraceSpec s;
  s.path = pick(o.trace, o.trace_opt, "trace", "--trace");
  const std::string type = pick(o.type, o.format_opt, "trace format", "--format");
  s.format = type.empty() ? Format::kAuto : parse_format(type);
  s.csv = o.csv;
  s.text_hash_ids = o.text_hash_ids;
  if (!o.trace_params.empty()) apply_trace_params(o.trace_params, s);
  s.synth = synth_spec(o);
  if (s.path.empty()) {
    if (s.format != Format::kAuto && s.format != Format::kSynthetic)
      throw std::invalid_argument("format " + std::string(format_name(s.format)) +
                                  " needs a trace file");
    s.format = Format::kSynthetic;
  } else if (s.format == Format::kSynthetic) {
    throw std::invalid_argument("format synthetic takes no trace file ('" + s.path +
                                "'); drop one of them");
  }
  return s;
}

std::vector<std::string> policy_names(const Options& o) {
  if (o.compare_engine) return {"engine", "lru", "clock-model"};
  const std::string list = pick(o.algos, o.policies_opt, "policy list", "-p");
  std::vector<std::string> out;
  if (list.empty() || lower(list) == "all") {
    for (const PolicyInfo& p : registered_policies()) {
      const std::string n(p.name);
      if (list.empty() && (n == "engine" || n.ends_with("-model"))) continue;
      out.push_back(n);
    }
    return out;
  }
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const std::string name = list.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    const PolicyInfo* p = find_policy(name);
    if (p == nullptr)
      throw std::invalid_argument("unknown policy '" + name +
                                  "' (vmc-sim --list-policies shows them)");
    out.emplace_back(p->name);
  }
  if (out.empty())
    throw std::invalid_argument("no policy given (e.g. lru,s3fifo; --list-policies shows them)");
  return out;
}

FeedOptions feed_options(const Options& o) {
  FeedOptions f;
  f.ignore_size = o.ignore_size ||
                  (!o.ignore_obj_size.empty() && truthy(o.ignore_obj_size, "--ignore-obj-size"));
  const std::string rule = lower(o.size_rule);
  if (rule == "request" || rule == "per-request")
    f.size_rule = SizeRule::kPerRequest;
  else if (rule == "first" || rule == "first-seen")
    f.size_rule = SizeRule::kFirstSeen;
  else
    throw std::invalid_argument("--size-rule '" + o.size_rule +
                                "': give request (libCacheSim's) or first");
  if (o.num_req == 0 || o.num_req < -1)
    throw std::invalid_argument("--num-req " + std::to_string(o.num_req) +
                                ": give a count > 0, or -1 for all");
  f.max_requests = o.num_req < 0 ? 0 : static_cast<std::uint64_t>(o.num_req);
  f.warmup_seconds = o.warmup_sec;
  if (o.compare_engine && !f.ignore_size) f.unit = o.engine_extent;
  f.progress = o.progress || (isatty(2) != 0 && !o.no_progress);
  if (o.progress && o.no_progress)
    throw std::invalid_argument("--progress and --no-progress: give one of them");
  return f;
}

RunOptions run_options(const Options& o) {
  RunOptions run;
  run.threads = o.threads;
  run.base.ignore_size = o.ignore_size || (!o.ignore_obj_size.empty() &&
                                           truthy(o.ignore_obj_size, "--ignore-obj-size"));
  run.base.seed = o.seed;
  run.base.engine_dir = o.engine_dir;
  run.base.engine_extent = o.engine_extent;
  run.base.engine_unit_bytes = (o.compare_engine || run.base.ignore_size) ? o.engine_extent : 1;
  if (!o.eviction_params.empty()) run.base.params = PolicyParams::parse(o.eviction_params, "-e");
  for (const std::string& p : o.params) run.params.push_back(parse_policy_params(p));
  return run;
}

}  // namespace vmc::sim::cli
