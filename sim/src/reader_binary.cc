// reader_binary.cc -- the fixed-size binary record formats: libCacheSim's
// oracleGeneral, lcs and binary twr, and VMware's vscsi.
//
// Layouts (little-endian, packed):
//   oracleGeneral  24 B: u32 time, u64 id, u32 size, i64 next (1-based, -1: none)
//   lcs            8192-B header {u64 magic 0x123456789abcdef0, u64 version,
//                  8000-B stats (i64 n_req, i64 n_obj, ...), 21 x u64, u64 magic},
//                  then records by version: v1 = oracleGeneral;
//                  v2 (28 B) = u32 time, u64 id, u32 size, u32 op:8|tenant:24, i64 next;
//                  v3 (36 B) = u32 time, u64 id, i64 size, u32 op|tenant, u32 ttl, i64 next;
//                  v4..v8 = v3 + 1, 2, 4, 8, 16 u32 features (40..100 B)
//   twrbin         20 B: u32 time, u64 id, u32 key_size:10|value_size:22 (key in the
//                  high bits), u32 op:8|ttl:24; size = key + value; a get/gets
//                  (op 1, 2) of value size 0 is skipped, as libCacheSim does
//   vscsi          v1 32 B: u32 sn, u32 len, u32 nSG, u16 cmd, u16 ver, u64 lbn, u64 ts;
//                  v2 40 B: u16 cmd, u16 ver, u32 sn, u32 len, u32 nSG, u64 lbn,
//                  u64 ts, u64 rt; the version is ver >> 8 of the first two
//                  records; id = lbn, size = len, time = ts / 10^6 (microseconds)
// Sources: libCacheSim traceReader/customizedReader/{oracle/oracleGeneralBin.h,
// lcs.h, lcs.c, twrBin.h, vscsi.h}.  Operations are read and ignored: every
// record is a request, as in libCacheSim's cachesim.
#include <cstring>
#include <limits>

#include "reader_util.h"

namespace vmc::sim {
namespace {

using detail::at;
using detail::Buffered;

template <class T>
T get(const char* p, std::size_t off) {
  T v;
  std::memcpy(&v, p + off, sizeof v);
  return v;
}

// Rejects text content read as a binary format (a CSV or id list named
// .bin, or the wrong format name).
void reject_text(Buffered& in, const std::string& name, std::string_view format) {
  const std::size_t n = in.ensure(256);
  if (n == 0) return;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
  bool newline = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] == '\n') newline = true;
    if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') || p[i] >= 0x7f) return;
  }
  if (newline)
    throw TraceError(name + ": the content is text, not " + std::string(format) +
                     " records; name its format (csv, txt or twr), e.g. vmc-sim TRACE csv ...");
}

// Reads records of a fixed size; the derived class decodes one.
class RecordReader : public TraceReader {
 public:
  RecordReader(std::unique_ptr<ByteSource> in, std::string name, std::size_t record)
      : name_(std::move(name)), in_(std::move(in)), record_(record) {}

  bool next(Record& out) override {
    for (;;) {
      std::size_t have = in_.ensure(record_);
      if (have == 0) return false;
      if (have < record_)
        throw TraceError(at(name_, index_) + "truncated record (" + std::to_string(have) + " of " +
                         std::to_string(record_) +
                         " bytes); the file is cut short: re-copy it or drop the partial "
                         "record");
      bool keep = decode(in_.data(), out);
      in_.consume(record_);
      if (keep) break;
    }
    check_next(out.req.next_access);
    ++index_;
    return true;
  }
  bool has_time() const override { return true; }
  double progress() const override { return in_.progress(); }

 protected:
  // Decodes one record; false: skip it (not a request).
  virtual bool decode(const char* p, Record& out) = 0;

  // A next-access field is a 1-based position that must lie ahead.
  void check_next(std::int64_t& next) const {
    if (next == -1 || next == 0 || next == std::numeric_limits<std::int64_t>::max()) {
      next = -1;
      return;
    }
    const std::int64_t self = static_cast<std::int64_t>(index_) + 1;
    if (next <= self)
      throw TraceError(
          at(name_, index_) + "corrupt record: next access " + std::to_string(next) +
          " is not after position " + std::to_string(self) +
          " (not an oracleGeneral/lcs file, or damaged; name the format if it is another one)");
  }

  std::string name_;
  Buffered in_;
  std::size_t record_;
  std::uint64_t index_ = 0;
};

class OracleReader final : public RecordReader {
 public:
  OracleReader(std::unique_ptr<ByteSource> in, const std::string& name)
      : RecordReader(std::move(in), name, 24) {
    reject_text(in_, name_, "oracleGeneral");
  }
  bool has_next_access() const override { return true; }

 private:
  bool decode(const char* p, Record& out) override {
    out.time = get<std::uint32_t>(p, 0);
    out.req.id = get<std::uint64_t>(p, 4);
    out.req.size = get<std::uint32_t>(p, 12);
    out.req.next_access = get<std::int64_t>(p, 16);
    return true;
  }
};

class TwrBinReader final : public RecordReader {
 public:
  TwrBinReader(std::unique_ptr<ByteSource> in, const std::string& name)
      : RecordReader(std::move(in), name, 20) {
    reject_text(in_, name_, "twrbin");
  }

 private:
  bool decode(const char* p, Record& out) override {
    out.time = get<std::uint32_t>(p, 0);
    out.req.id = get<std::uint64_t>(p, 4);
    const std::uint32_t kv = get<std::uint32_t>(p, 12);
    const std::uint32_t op = get<std::uint32_t>(p, 16) >> 24;
    const std::uint32_t key = (kv >> 22) & 0x3ff, value = kv & 0x3fffff;
    out.req.size = key + value;
    out.req.next_access = -1;
    return !(value == 0 && (op == 1 || op == 2));  // a get/gets of nothing
  }
};

constexpr std::uint64_t kLcsMagic = 0x123456789abcdef0ULL;
constexpr std::size_t kLcsHeader = 8192;
constexpr std::size_t kLcsRecord[9] = {0, 24, 28, 36, 40, 44, 52, 68, 100};

class LcsReader final : public RecordReader {
 public:
  LcsReader(std::unique_ptr<ByteSource> in, const std::string& name)
      : RecordReader(std::move(in), name, 24) {
    std::size_t have = in_.ensure(kLcsHeader);
    const char* h = in_.data();
    if (have < 8 || get<std::uint64_t>(h, 0) != kLcsMagic)
      throw TraceError(
          name_ +
          ": not an lcs trace (no lcs start magic in its first 8 bytes); name its format, "
          "e.g. vmc-sim TRACE oracleGeneral ...");
    if (have < kLcsHeader)
      throw TraceError(name_ + ": truncated lcs header (" + std::to_string(have) +
                       " of 8192 bytes); the file is cut short");
    version_ = get<std::uint64_t>(h, 8);
    if (get<std::uint64_t>(h, kLcsHeader - 8) != kLcsMagic)
      throw TraceError(name_ + ": corrupt lcs header (the end magic at byte 8184 is wrong)");
    if (version_ < 1 || version_ > 8)
      throw TraceError(name_ + ": lcs version " + std::to_string(version_) +
                       " is not one of 1..8 (the formats libCacheSim defines)");
    if (get<std::int64_t>(h, 24) < 0 || get<std::int64_t>(h, 32) < 0)
      throw TraceError(name_ + ": corrupt lcs header (negative request or object count)");
    in_.consume(kLcsHeader);
    record_ = kLcsRecord[version_];
  }
  bool has_next_access() const override { return true; }

 private:
  bool decode(const char* p, Record& out) override {
    out.time = get<std::uint32_t>(p, 0);
    out.req.id = get<std::uint64_t>(p, 4);
    if (version_ <= 2) {
      out.req.size = get<std::uint32_t>(p, 12);
      out.req.next_access = get<std::int64_t>(p, version_ == 1 ? 16 : 20);
      return true;
    }
    const std::int64_t size = get<std::int64_t>(p, 12);
    if (size < 0)
      throw TraceError(at(name_, index_) + "corrupt record: negative object size " +
                       std::to_string(size));
    out.req.size = static_cast<std::uint64_t>(size);
    out.req.next_access = get<std::int64_t>(p, 28);
    return true;
  }
  std::uint64_t version_ = 1;
};

class VscsiReader final : public RecordReader {
 public:
  VscsiReader(std::unique_ptr<ByteSource> in, const std::string& name)
      : RecordReader(std::move(in), name, 40) {
    std::size_t have = in_.ensure(80);
    const char* p = in_.data();
    if (have >= 80 && get<std::uint16_t>(p, 2) >> 8 == 2 && get<std::uint16_t>(p, 42) >> 8 == 2) {
      v2_ = true;
    } else if (have >= 64 && get<std::uint16_t>(p, 14) >> 8 == 1 &&
               get<std::uint16_t>(p, 46) >> 8 == 1) {
      record_ = 32;
    } else {
      throw TraceError(name_ + ": not a vscsi trace (" +
                       (have < 64 ? "shorter than two records"
                                  : std::string("no version 1 or 2 in its first records")) +
                       "); name its format, e.g. vmc-sim TRACE oracleGeneral ...");
    }
  }

 private:
  bool decode(const char* p, Record& out) override {
    out.req.size = get<std::uint32_t>(p, v2_ ? 8 : 4);
    out.req.id = get<std::uint64_t>(p, 16);
    out.time = get<std::uint64_t>(p, 24) / 1000000;
    out.req.next_access = -1;
    return true;
  }
  bool v2_ = false;
};

}  // namespace

std::unique_ptr<TraceReader> open_binary_reader(Format f, std::unique_ptr<ByteSource> in,
                                                const std::string& name) {
  switch (f) {
    case Format::kOracle:
      return std::make_unique<OracleReader>(std::move(in), name);
    case Format::kLcs:
      return std::make_unique<LcsReader>(std::move(in), name);
    case Format::kTwrBin:
      return std::make_unique<TwrBinReader>(std::move(in), name);
    case Format::kVscsi:
      return std::make_unique<VscsiReader>(std::move(in), name);
    default:
      return nullptr;
  }
}

}  // namespace vmc::sim
