// report_json.h -- JSON forms of the benchmark records, and the facts about
// the machine and build that every output file carries (the report's
// "method" section is generated from them).
#ifndef VMC_BENCH_REPORT_JSON_H
#define VMC_BENCH_REPORT_JSON_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include <vmc/common/units.h>

#include "cache_under_test.h"
#include "memory.h"
#include "runner.h"

namespace vmc::bench {

nlohmann::json to_json(const CacheStats& s);
nlohmann::json to_json(const SharedWrites& w);
nlohmann::json to_json(const MachineLoad& m);
nlohmann::json to_json(const CacheConfig& c);
nlohmann::json to_json(const WorkloadConfig& c);
nlohmann::json to_json(const RunResult& r);
nlohmann::json to_json(const FillResult& r);
nlohmann::json to_json(const ChurnResult& r);
// nproc, CPU model, kernel, load average, compiler, build type, time.
nlohmann::json machine_info();

// "64M", "4GiB", "1k", "4096" -> bytes (common/units.h).
using common::parse_bytes;

}  // namespace vmc::bench

#endif  // VMC_BENCH_REPORT_JSON_H
