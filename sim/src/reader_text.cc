// reader_text.cc -- the line-oriented formats: CSV, one id per line (text),
// and Twitter's cache-trace CSV (twr).
//
// twr lines (github.com/twitter/cache-trace): timestamp, anonymized key, key
// size, value size, client id, operation, TTL.  The key is hashed (XXH3-64),
// the size is key + value, the time is the timestamp (seconds); a get or
// gets of value size 0 is skipped (libCacheSim's rule for its binary twr).
//
// Every reader first checks that its input is text (detail::require_text),
// so a binary trace given the wrong format name fails at once with a message
// naming the fix, and no error message ever prints raw bytes.
#include <algorithm>

#include "reader_util.h"

namespace vmc::sim {
namespace {

using detail::at;
using detail::Buffered;
using detail::excerpt;
using detail::parse_u64;

// Splits a line into at most `max` fields.
void split(std::string_view line, char delim, std::size_t max, std::vector<std::string_view>& out) {
  out.clear();
  for (std::size_t start = 0;;) {
    std::size_t d = line.find(delim, start);
    out.push_back(line.substr(start, d == std::string_view::npos ? d : d - start));
    if (d == std::string_view::npos || out.size() >= max) break;
    start = d + 1;
  }
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

class CsvReader final : public TraceReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> in, const std::string& name, const CsvSpec& spec)
      : name_(name), spec_(spec), in_(std::move(in)) {
    if (spec.id_col < 1)
      throw TraceError(name + ": the id column must be >= 1 (obj-id-col, --csv-id-col)");
    detail::require_text(in_, name_, "csv");
    max_col_ = static_cast<std::size_t>(std::max({spec.id_col, spec.size_col, spec.time_col}));
    if (spec.header) {
      std::string_view h;
      in_.line(h);
    }
  }

  bool next(Record& out) override {
    std::string_view line;
    do {
      if (!in_.line(line)) return false;
    } while (line.empty());
    split(line, spec_.delim, max_col_, fields_);
    if (fields_.size() < max_col_)
      throw TraceError(at(name_, index_) + "has " + std::to_string(fields_.size()) +
                       " columns, needs " + std::to_string(max_col_) +
                       " (check the delimiter and the column numbers)");
    out.req.id = id(fields_[spec_.id_col - 1]);
    out.req.size = 1;
    if (spec_.size_col > 0) out.req.size = number(fields_[spec_.size_col - 1], "size");
    out.time = spec_.time_col > 0 ? number(fields_[spec_.time_col - 1], "time") : 0;
    out.req.next_access = -1;
    ++index_;
    return true;
  }
  bool has_time() const override { return spec_.time_col > 0; }
  double progress() const override { return in_.progress(); }

 private:
  // A header line read as data fails on its first field with letters.
  std::string header_hint() const {
    if (index_ != 0 || spec_.header) return "";
    for (std::string_view f : fields_)
      if (has_letter(f))
        return "; the first line looks like a header: add --csv-header (has-header=true in -t)";
    return "";
  }

  std::uint64_t id(std::string_view f) const {
    if (spec_.hash_ids) return detail::hash_id(f);
    std::uint64_t v = 0;
    if (!parse_u64(f, v)) {
      std::string hint = header_hint();
      if (hint.empty()) hint = " (hash string ids with --csv-hash-ids, obj-id-is-num=false in -t)";
      throw TraceError(at(name_, index_) + "id '" + excerpt(f) + "' is not an unsigned integer" +
                       hint);
    }
    return v;
  }

  std::uint64_t number(std::string_view f, const char* what) const {
    std::uint64_t v = 0;
    if (!parse_u64(f, v))
      throw TraceError(at(name_, index_) + what + " '" + excerpt(f) +
                       "' is not an unsigned integer" + header_hint());
    return v;
  }

  std::string name_;
  CsvSpec spec_;
  Buffered in_;
  std::size_t max_col_ = 1;
  std::vector<std::string_view> fields_;
  std::uint64_t index_ = 0;
};

class TextReader final : public TraceReader {
 public:
  TextReader(std::unique_ptr<ByteSource> in, const std::string& name, bool hash_ids)
      : name_(name), hash_(hash_ids), in_(std::move(in)) {
    detail::require_text(in_, name_, "txt");
  }

  bool next(Record& out) override {
    std::string_view line;
    do {
      if (!in_.line(line)) return false;
    } while (line.empty());
    if (hash_) {
      out.req.id = detail::hash_id(line);
    } else if (!parse_u64(line, out.req.id)) {
      throw TraceError(
          at(name_, index_) + "id '" + excerpt(line) +
          "' is not an unsigned integer (hash string ids with --text-hash-ids; a CSV file needs "
          "the csv format)");
    }
    out.req.size = 1;
    out.req.next_access = -1;
    out.time = 0;
    ++index_;
    return true;
  }
  double progress() const override { return in_.progress(); }

 private:
  std::string name_;
  bool hash_;
  Buffered in_;
  std::uint64_t index_ = 0;
};

class TwrReader final : public TraceReader {
 public:
  TwrReader(std::unique_ptr<ByteSource> in, const std::string& name)
      : name_(name), in_(std::move(in)) {
    const std::size_t n = in_.ensure(4096);
    if (n > 0 && std::memchr(in_.data(), 0, n) != nullptr)
      throw TraceError(
          name_ +
          ": the content is binary, not Twitter's CSV; for libCacheSim's binary twr records "
          "use the format twrbin");
    detail::require_text(in_, name_, "twr");
  }

  bool next(Record& out) override {
    for (;;) {
      std::string_view line;
      do {
        if (!in_.line(line)) return false;
      } while (line.empty());
      split(line, ',', 7, fields_);
      if (fields_.size() < 7)
        throw TraceError(
            at(name_, index_) + "has " + std::to_string(fields_.size()) +
            " fields, a twr line has 7 (timestamp,key,key size,value size,client,operation,ttl)");
      std::uint64_t key = 0, value = 0;
      if (!parse_u64(fields_[0], out.time)) bad("timestamp", fields_[0]);
      if (!parse_u64(fields_[2], key)) bad("key size", fields_[2]);
      if (!parse_u64(fields_[3], value)) bad("value size", fields_[3]);
      std::string op = lower_op(fields_[5]);
      if (value == 0 && (op == "get" || op == "gets")) continue;
      out.req.id = detail::hash_id(fields_[1]);
      out.req.size = key + value;
      out.req.next_access = -1;
      ++index_;
      return true;
    }
  }
  bool has_time() const override { return true; }
  double progress() const override { return in_.progress(); }

 private:
  [[noreturn]] void bad(const char* what, std::string_view f) const {
    throw TraceError(at(name_, index_) + what + " '" + excerpt(f) +
                     "' is not an unsigned integer (is this Twitter's cache-trace CSV?)");
  }
  static std::string lower_op(std::string_view s) {
    std::string o(s);
    for (char& c : o)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return o;
  }

  std::string name_;
  Buffered in_;
  std::vector<std::string_view> fields_;
  std::uint64_t index_ = 0;
};

}  // namespace

std::unique_ptr<TraceReader> open_text_reader(Format f, std::unique_ptr<ByteSource> in,
                                              const TraceSpec& spec, const std::string& name) {
  switch (f) {
    case Format::kCsv:
      return std::make_unique<CsvReader>(std::move(in), name, spec.csv);
    case Format::kText:
      return std::make_unique<TextReader>(std::move(in), name, spec.text_hash_ids);
    case Format::kTwr:
      return std::make_unique<TwrReader>(std::move(in), name);
    default:
      return nullptr;
  }
}

}  // namespace vmc::sim
