// trace.h -- reading traces: the formats, how a trace is named on the
// command line, and the errors a bad trace produces.
//
// A TraceReader streams records one at a time; it keeps a fixed-size read
// buffer and nothing per request, so memory does not grow with the trace.
// Formats (reader_binary.cc has the binary layouts, vmc-sim(1) the names):
//   oracle     libCacheSim's oracleGeneral: 24-byte records
//              (u32 time, u64 id, u32 size, i64 next access)      reader_binary.cc
//   lcs        libCacheSim's lcs: an 8 KiB header, then v1..v8 records
//   vscsi      VMware's vscsi v1/v2 block traces (CloudPhysics)
//   twrbin     libCacheSim's binary twr (20-byte records)
//   twr        Twitter's cache-trace CSV (key hashed, size = key + value)
//   csv        delimiter-separated: id, optional size and time columns
//   text       one id per line, every size 1                       reader_text.cc
//   synthetic  generated in memory, no file                        synthetic.cc
// Any file may be zstd-compressed (detected by its magic number, not its
// name).  A corrupt, truncated, empty or wrong-format trace raises
// TraceError whose message names the file, the 0-based request index where
// it applies, the problem and the fix; raw bytes are never printed.
//
// Thread-compatible: one reader per thread.
#ifndef VMC_SIM_TRACE_H
#define VMC_SIM_TRACE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "vmc/models/policy.h"

namespace vmc::sim {

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Format { kAuto, kOracle, kLcs, kVscsi, kTwr, kTwrBin, kCsv, kText, kSynthetic };

struct CsvSpec {
  int id_col = 1;    // 1-based column of the object id
  int size_col = 0;  // 1-based; 0: every size is 1
  int time_col = 0;  // 1-based; 0: none
  char delim = ',';
  bool header = false;    // skip the first line
  bool hash_ids = false;  // ids are strings: hash them (XXH3-64)
};

enum class SynthKind { kZipf, kUniform, kScan, kLoop };
enum class SizeDist { kFixed, kUniform };

struct SynthSpec {
  SynthKind kind = SynthKind::kZipf;
  std::uint64_t requests = 1'000'000;
  std::uint64_t objects = 100'000;
  double alpha = 1.0;  // Zipf exponent
  SizeDist size_dist = SizeDist::kFixed;
  std::uint64_t size_min = 4096;  // kFixed: the size
  std::uint64_t size_max = 4096;  // kUniform: sizes in [size_min, size_max]
  std::uint64_t seed = 42;
};

struct TraceSpec {
  std::string path;  // ignored for synthetic traces
  Format format = Format::kAuto;
  CsvSpec csv;
  bool text_hash_ids = false;  // text format: hash non-numeric ids
  SynthSpec synth;

  // A short name for output ("cloudPhysicsIO.oracleGeneral.bin", "zipf-1.00").
  std::string label() const;
};

// One request as read: the id, its size as written (possibly 0), the next
// access (-1: none or unknown) and the time in seconds (0 when the format
// has no time).
struct Record {
  models::Request req;
  std::uint64_t time = 0;
};

class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // Reads the next record.  Returns false at the end.  Throws TraceError on
  // a corrupt or truncated trace.
  virtual bool next(Record& out) = 0;
  // Whether next_access is filled in from the trace.
  virtual bool has_next_access() const { return false; }
  // Whether records carry a time (warm-up by time needs one).
  virtual bool has_time() const { return false; }
  // Fraction of the input consumed, in [0, 1], or -1 if unknown.
  virtual double progress() const { return -1; }
};

// --- byte sources (byte_source.cc) --------------------------------------------

// A stream of bytes, decompressing zstd transparently.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at the end.  Throws TraceError.
  virtual std::size_t read(void* buf, std::size_t n) = 0;
  // Fraction of the underlying input consumed, or -1 if unknown.
  virtual double progress() const = 0;
};

// A file (throws TraceError naming it and errno's text when it cannot be
// opened), zstd-decompressed when it starts with the zstd magic.
std::unique_ptr<ByteSource> open_bytes(const std::string& path);
// The same over bytes in memory (fuzzing, tests); `name` appears in errors.
std::unique_ptr<ByteSource> memory_bytes(std::string data, const std::string& name);

// --- opening ---------------------------------------------------------------------

// Opens a trace file.  Throws TraceError if the file cannot be opened or is
// not in the format.
std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec);
// Reads a trace of the given format (not kAuto, not kSynthetic) from bytes.
std::unique_ptr<TraceReader> open_reader(Format f, std::unique_ptr<ByteSource> in,
                                         const TraceSpec& spec);

// The format named on the command line: libCacheSim's names and ours,
// case-insensitive (oracleGeneral, oracleGeneralBin, oracle, lcs, vscsi,
// twr, twrbin, csv, txt, text, synthetic, auto).  Throws
// std::invalid_argument listing the valid names.
Format parse_format(std::string_view name);
std::string_view format_name(Format f);
// The valid names, for messages: "auto, oracleGeneral, lcs, ...".
std::string format_names();

// Format guessed from the file name, ignoring a ".zst" suffix (libCacheSim's
// rules plus ours): *.oracleGeneral* or *.bin -> oracle, *.lcs* -> lcs,
// *.vscsi* -> vscsi, *.twr* -> twr, *.csv -> csv, otherwise text.
Format guess_format(const std::string& path);

// The synthetic generator (synthetic.cc).
std::unique_ptr<TraceReader> open_synthetic(const SynthSpec& spec);

}  // namespace vmc::sim

#endif  // VMC_SIM_TRACE_H
