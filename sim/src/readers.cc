// readers.cc -- the oracleGeneral, CSV and text trace readers, and
// open_trace() which picks one.
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>
#include <vector>

#include "trace.h"

namespace vmc::sim {
namespace {

constexpr std::size_t kBufSize = 1 << 20;

// Buffered access to a ByteSource: whole records or whole lines.
class Buffered {
 public:
  explicit Buffered(std::unique_ptr<ByteSource> src) : src_(std::move(src)), buf_(kBufSize) {}

  // Makes at least n bytes available unless the input ends; returns how many are.
  std::size_t ensure(std::size_t n) {
    if (end_ - pos_ >= n) return end_ - pos_;
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
    if (buf_.size() < n) buf_.resize(n);
    while (end_ < n) {
      std::size_t r = src_->read(buf_.data() + end_, buf_.size() - end_);
      if (r == 0) break;
      end_ += r;
    }
    return end_ - pos_;
  }
  const char* data() const { return buf_.data() + pos_; }
  void consume(std::size_t n) { pos_ += n; }

  // The next line without its terminator ("\n" or "\r\n"); false at the end.
  bool line(std::string_view& out) {
    for (std::size_t scanned = 0;;) {
      const char* b = buf_.data() + pos_;
      const void* nl = std::memchr(b + scanned, '\n', end_ - pos_ - scanned);
      if (nl != nullptr) {
        std::size_t len = static_cast<const char*>(nl) - b;
        pos_ += len + 1;
        if (len > 0 && b[len - 1] == '\r') --len;
        out = std::string_view(b, len);
        return true;
      }
      scanned = end_ - pos_;
      std::size_t have = ensure(scanned + 1);
      if (have == scanned) {  // end of input: a last line without '\n'
        if (scanned == 0) return false;
        out = std::string_view(buf_.data() + pos_, scanned);
        if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
        pos_ = end_;
        return true;
      }
      if (end_ - pos_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a very long line
    }
  }
  double progress() const { return src_->progress(); }

 private:
  std::unique_ptr<ByteSource> src_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
};

std::string at(const std::string& path, std::uint64_t index) {
  return path + ": request " + std::to_string(index) + ": ";
}

// --- oracleGeneral -------------------------------------------------------------

constexpr std::size_t kOracleRecord = 24;  // u32 time, u64 id, u32 size, i64 next

class OracleReader final : public TraceReader {
 public:
  explicit OracleReader(const std::string& path) : path_(path), in_(open_bytes(path)) {}

  bool next(models::Request& out) override {
    std::size_t have = in_.ensure(kOracleRecord);
    if (have == 0) return false;
    if (have < kOracleRecord)
      throw TraceError(at(path_, index_) + "truncated record (" + std::to_string(have) +
                       " of 24 bytes)");
    const char* p = in_.data();
    std::uint32_t size;
    std::memcpy(&out.id, p + 4, 8);
    std::memcpy(&size, p + 12, 4);
    std::memcpy(&out.next_access, p + 16, 8);
    out.size = size;
    in_.consume(kOracleRecord);
    // The next-access field is a 1-based position; it must lie ahead.
    std::int64_t self = static_cast<std::int64_t>(index_) + 1;
    if (out.next_access != -1 && out.next_access <= self)
      throw TraceError(at(path_, index_) + "corrupt record: next access " +
                       std::to_string(out.next_access) + " is not after position " +
                       std::to_string(self));
    ++index_;
    return true;
  }
  bool has_next_access() const override { return true; }
  double progress() const override { return in_.progress(); }

 private:
  std::string path_;
  Buffered in_;
  std::uint64_t index_ = 0;
};

// --- ids and numbers from text --------------------------------------------------

bool parse_u64(std::string_view s, std::uint64_t& v) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

std::uint64_t hash_id(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

// --- CSV ---------------------------------------------------------------------------

class CsvReader final : public TraceReader {
 public:
  CsvReader(const std::string& path, const CsvSpec& spec)
      : path_(path), spec_(spec), in_(open_bytes(path)) {
    if (spec.id_col < 1) throw TraceError(path + ": the id column must be >= 1");
    max_col_ = std::max({spec.id_col, spec.size_col, spec.time_col});
    if (spec.header) {
      std::string_view h;
      in_.line(h);
    }
  }

  bool next(models::Request& out) override {
    std::string_view line;
    do {
      if (!in_.line(line)) return false;
    } while (line.empty());
    fields_.clear();
    for (std::size_t start = 0;;) {
      std::size_t d = line.find(spec_.delim, start);
      fields_.push_back(line.substr(start, d == std::string_view::npos ? d : d - start));
      if (d == std::string_view::npos || static_cast<int>(fields_.size()) >= max_col_) break;
      start = d + 1;
    }
    if (static_cast<int>(fields_.size()) < max_col_)
      throw TraceError(at(path_, index_) + "has " + std::to_string(fields_.size()) +
                       " columns, needs " + std::to_string(max_col_));
    std::string_view id = fields_[spec_.id_col - 1];
    if (spec_.hash_ids) {
      out.id = hash_id(id);
    } else if (!parse_u64(id, out.id)) {
      throw TraceError(at(path_, index_) + "id '" + std::string(id) +
                       "' is not an unsigned integer (hash string ids with --csv-hash-ids)");
    }
    out.size = 1;
    if (spec_.size_col > 0 && !parse_u64(fields_[spec_.size_col - 1], out.size))
      throw TraceError(at(path_, index_) + "size '" + std::string(fields_[spec_.size_col - 1]) +
                       "' is not an unsigned integer");
    std::uint64_t t;
    if (spec_.time_col > 0 && !parse_u64(fields_[spec_.time_col - 1], t))
      throw TraceError(at(path_, index_) + "time '" + std::string(fields_[spec_.time_col - 1]) +
                       "' is not an unsigned integer");
    out.next_access = -1;
    ++index_;
    return true;
  }
  double progress() const override { return in_.progress(); }

 private:
  std::string path_;
  CsvSpec spec_;
  Buffered in_;
  int max_col_ = 1;
  std::vector<std::string_view> fields_;
  std::uint64_t index_ = 0;
};

// --- text ---------------------------------------------------------------------------

class TextReader final : public TraceReader {
 public:
  TextReader(const std::string& path, bool hash_ids) : path_(path), hash_(hash_ids), in_(open_bytes(path)) {}

  bool next(models::Request& out) override {
    std::string_view line;
    do {
      if (!in_.line(line)) return false;
    } while (line.empty());
    if (hash_) {
      out.id = hash_id(line);
    } else if (!parse_u64(line, out.id)) {
      throw TraceError(at(path_, index_) + "id '" + std::string(line.substr(0, 40)) +
                       "' is not an unsigned integer (hash string ids with --text-hash-ids)");
    }
    out.size = 1;
    out.next_access = -1;
    ++index_;
    return true;
  }
  double progress() const override { return in_.progress(); }

 private:
  std::string path_;
  bool hash_;
  Buffered in_;
  std::uint64_t index_ = 0;
};

bool ends_with(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

}  // namespace

Format guess_format(const std::string& path) {
  std::string_view p = path;
  if (ends_with(p, ".zst")) p.remove_suffix(4);
  if (ends_with(p, ".bin") || p.find("oracleGeneral") != std::string_view::npos) return Format::kOracle;
  if (ends_with(p, ".csv")) return Format::kCsv;
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

std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec) {
  Format f = spec.format == Format::kAuto ? guess_format(spec.path) : spec.format;
  switch (f) {
    case Format::kOracle: return std::make_unique<OracleReader>(spec.path);
    case Format::kCsv: return std::make_unique<CsvReader>(spec.path, spec.csv);
    case Format::kText: return std::make_unique<TextReader>(spec.path, spec.text_hash_ids);
    case Format::kSynthetic: return open_synthetic(spec.synth);
    case Format::kAuto: break;
  }
  throw TraceError(spec.path + ": unknown trace format");
}

}  // namespace vmc::sim
