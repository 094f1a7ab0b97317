// fuzz_reader.cc -- a libFuzzer target for one trace reader, chosen at
// compile time (VMC_FUZZ_FORMAT, e.g. kOracle): the input bytes are a trace
// file, fed through the same path as a real one (zstd detection, then the
// reader), and read to the end.  A TraceError is the expected answer to a
// bad trace; anything else -- a crash, a sanitizer report, another
// exception, a hang -- is a finding.  Built only with clang and
// -DVMC_FUZZ=ON (sim/CMakeLists.txt); seeds in sim/fuzz/corpus/<format>/.
#include <cstddef>
#include <cstdint>
#include <string>

#include "trace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vmc::sim;
  TraceSpec spec;
  spec.path = "fuzz-input";
  spec.format = Format::VMC_FUZZ_FORMAT;
  spec.csv.id_col = 2;  // CSV: id, size and time columns, as a real csv run names them
  spec.csv.size_col = 3;
  spec.csv.time_col = 1;
  try {
    auto reader = open_reader(
        spec.format,
        memory_bytes(std::string(reinterpret_cast<const char*>(data), size), spec.path), spec);
    Record rec;
    std::uint64_t checksum = 0;
    while (reader->next(rec)) checksum += rec.req.id ^ rec.req.size ^ rec.time;
    return checksum == 42 ? 0 : 0;  // keeps the loop from being optimised out
  } catch (const TraceError&) {
    return 0;
  }
}
