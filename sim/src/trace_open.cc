// trace_open.cc -- format names, guessing a format, and opening a reader.
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "params.h"
#include "trace.h"

namespace vmc::sim {

// reader_binary.cc and reader_text.cc.
std::unique_ptr<TraceReader> open_binary_reader(Format f, std::unique_ptr<ByteSource> in,
                                                const std::string& name);
std::unique_ptr<TraceReader> open_text_reader(Format f, std::unique_ptr<ByteSource> in,
                                              const TraceSpec& spec, const std::string& name);

namespace {

struct FormatName {
  const char* name;  // lower case
  Format format;
};
// The first name of each format is the one printed.
constexpr FormatName kNames[] = {{"auto", Format::kAuto},
                                 {"oraclegeneral", Format::kOracle},
                                 {"oraclegeneralbin", Format::kOracle},
                                 {"oracle", Format::kOracle},
                                 {"lcs", Format::kLcs},
                                 {"vscsi", Format::kVscsi},
                                 {"twr", Format::kTwr},
                                 {"twrbin", Format::kTwrBin},
                                 {"csv", Format::kCsv},
                                 {"txt", Format::kText},
                                 {"text", Format::kText},
                                 {"plain", Format::kText},
                                 {"synthetic", Format::kSynthetic}};

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

constexpr std::uint64_t kLcsMagic = 0x123456789abcdef0ULL;

// The first 8 bytes of a file (decompressed), or 0.
std::uint64_t first_word(const std::string& path) {
  auto in = open_bytes(path);
  std::uint64_t w = 0;
  std::size_t got = 0;
  char buf[8];
  while (got < 8) {
    std::size_t r = in->read(buf + got, 8 - got);
    if (r == 0) return 0;
    got += r;
  }
  std::memcpy(&w, buf, 8);
  return w;
}

}  // namespace

Format parse_format(std::string_view name) {
  const std::string n = lower(name);
  for (const FormatName& f : kNames)
    if (n == f.name) return f.format;
  throw std::invalid_argument("unknown trace format '" + std::string(name) +
                              "' (valid: " + format_names() + ")");
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kAuto:
      return "auto";
    case Format::kOracle:
      return "oracleGeneral";
    case Format::kLcs:
      return "lcs";
    case Format::kVscsi:
      return "vscsi";
    case Format::kTwr:
      return "twr";
    case Format::kTwrBin:
      return "twrbin";
    case Format::kCsv:
      return "csv";
    case Format::kText:
      return "txt";
    case Format::kSynthetic:
      return "synthetic";
  }
  return "?";
}

std::string format_names() {
  return "auto, oracleGeneral (oracleGeneralBin, oracle), lcs, vscsi, twr, twrbin, csv, txt "
         "(text), synthetic";
}

Format guess_format(const std::string& path) {
  std::string_view p = path;
  if (ends_with(p, ".zst")) p.remove_suffix(4);
  const std::string l = lower(p);
  if (l.find(".oraclegeneral") != std::string::npos || ends_with(l, ".bin")) return Format::kOracle;
  if (l.find(".lcs") != std::string::npos) return Format::kLcs;
  if (l.find(".vscsi") != std::string::npos) return Format::kVscsi;
  if (l.find(".twr") != std::string::npos) return Format::kTwr;
  if (ends_with(l, ".csv")) return Format::kCsv;
  return Format::kText;
}

std::string TraceSpec::label() const {
  if (format == Format::kSynthetic) {
    const char* kinds[] = {"zipf", "uniform", "scan", "loop"};
    std::string s = kinds[static_cast<int>(synth.kind)];
    if (synth.kind == SynthKind::kZipf) {
      char a[32];
      std::snprintf(a, sizeof a, "-%.2f", synth.alpha);
      s += a;
    }
    return s;
  }
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::unique_ptr<TraceReader> open_reader(Format f, std::unique_ptr<ByteSource> in,
                                         const TraceSpec& spec) {
  const std::string& name = spec.path;
  if (f == Format::kCsv || f == Format::kText || f == Format::kTwr)
    return open_text_reader(f, std::move(in), spec, name);
  if (auto r = open_binary_reader(f, std::move(in), name)) return r;
  throw TraceError(name + ": no reader for format " + std::string(format_name(f)));
}

std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec) {
  Format f = spec.format;
  if (f == Format::kSynthetic) return open_synthetic(spec.synth);
  if (f == Format::kAuto)
    f = first_word(spec.path) == kLcsMagic ? Format::kLcs : guess_format(spec.path);
  return open_reader(f, open_bytes(spec.path), spec);
}

}  // namespace vmc::sim
