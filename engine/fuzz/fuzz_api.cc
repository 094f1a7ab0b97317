// fuzz_api.cc -- the libFuzzer target of the C API: each input is a program
// of C API calls with hostile arguments, run on the engine and checked
// against the reference model and a shadow of the values stored (see
// fuzz_driver.h for what is checked, fuzz_decode.cc for the format).
// Built only with clang and -DVMC_FUZZ=ON (scripts/build.sh fuzz); seeds
// in engine/fuzz/corpus/.
#include <cstddef>
#include <cstdint>

#include "fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vmc::fuzz::Driver driver(data, size);
  driver.run();
  return 0;
}
