// trace.h -- reading traces: the formats, how a trace is named on the
// command line, and the errors a bad trace produces.
//
// A TraceReader streams requests one at a time; it keeps a fixed-size read
// buffer and nothing per request, so memory does not grow with the trace.
// Formats (sim/README.md has the details):
//   oracle     libCacheSim's oracleGeneral: 24-byte little-endian records
//              (u32 time, u64 id, u32 size, i64 next access)
//   csv        a delimiter-separated file with an id column and optional
//              size and time columns; ids numeric or hashed strings
//   text       one id per line (numeric or hashed), every size 1
//   synthetic  generated in memory (synthetic.h), no file
// Any file may be zstd-compressed (detected by its magic number, not its
// name).  A corrupt, truncated or empty trace raises TraceError whose
// message names the file and the 0-based request index.
//
// Thread-compatible: one reader per thread.
#ifndef VMC_SIM_TRACE_H
#define VMC_SIM_TRACE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "vmc/models/policy.h"

namespace vmc::sim {

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Format { kAuto, kOracle, kCsv, kText, kSynthetic };

struct CsvSpec {
  int id_col = 1;     // 1-based column of the object id
  int size_col = 0;   // 1-based; 0: every size is 1
  int time_col = 0;   // 1-based; 0: none (read only to validate it)
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
  double alpha = 1.0;                  // Zipf exponent
  SizeDist size_dist = SizeDist::kFixed;
  std::uint64_t size_min = 4096;       // kFixed: the size
  std::uint64_t size_max = 4096;       // kUniform: sizes in [size_min, size_max]
  std::uint64_t seed = 42;
};

struct TraceSpec {
  std::string path;            // ignored for synthetic traces
  Format format = Format::kAuto;
  CsvSpec csv;
  bool text_hash_ids = false;  // text format: hash non-numeric ids
  SynthSpec synth;

  // A short name for output ("cloudPhysicsIO.oracleGeneral.bin", "zipf-1.0").
  std::string label() const;
};

class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // Reads the next request: id, size (as in the trace, possibly 0) and the
  // trace's next-access field (-1 when the format has none).  Returns false
  // at the end.  Throws TraceError on a corrupt or truncated trace.
  virtual bool next(models::Request& out) = 0;
  // Whether next_access is filled in from the trace.
  virtual bool has_next_access() const { return false; }
  // Fraction of the input consumed, in [0, 1], or -1 if unknown.
  virtual double progress() const { return -1; }
};

// Opens a trace.  Throws TraceError if the file cannot be opened or the
// format cannot be guessed.
std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec);

// Format guessed from the file name, ignoring a ".zst" suffix:
// *.bin or *oracleGeneral* -> oracle, *.csv -> csv, otherwise text.
Format guess_format(const std::string& path);

// --- byte sources (byte_source.cc) --------------------------------------------

// A stream of bytes from a file, decompressing zstd transparently.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at the end.  Throws TraceError.
  virtual std::size_t read(void* buf, std::size_t n) = 0;
  // Fraction of the underlying file consumed, or -1 if unknown.
  virtual double progress() const = 0;
};

std::unique_ptr<ByteSource> open_bytes(const std::string& path);

// The synthetic generator (synthetic.cc).
std::unique_ptr<TraceReader> open_synthetic(const SynthSpec& spec);

}  // namespace vmc::sim

#endif  // VMC_SIM_TRACE_H
