// cli_test.cc -- vmc-sim's command line, run as a program: libCacheSim's
// positional form and option names, case-insensitive names, size units,
// per-policy parameters, warm-up by time, the MRC at given sizes, and one
// test per bad-input error, each checking that the message names the
// problem and its fix.
#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "progress.h"
#include "size_spec.h"
#include "test_util.h"

namespace vmc::sim {
namespace {

using testing::TempFile;

struct Ran {
  int status;
  std::string out;  // stdout and stderr
};

Ran vmc_sim(const std::string& args) {
  const std::string cmd = std::string(VMC_SIM_BINARY) + " " + args + " --no-progress 2>&1";
  std::FILE* p = popen(cmd.c_str(), "r");
  Ran r{-1, ""};
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool printable(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c >= 0x7f) return false;
  return true;
}

// A 12-request text trace: ids 1..6, then 1..6 again.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override { text_.write("1\n2\n3\n4\n5\n6\n1\n2\n3\n4\n5\n6\n"); }
  TempFile text_{".txt"};
};

#define EXPECT_FAILS_WITH(ran, needle)                           \
  do {                                                           \
    const Ran r_ = (ran);                                        \
    EXPECT_EQ(r_.status, 1) << r_.out;                           \
    EXPECT_NE(r_.out.find(needle), std::string::npos) << r_.out; \
    EXPECT_TRUE(printable(r_.out)) << r_.out;                    \
  } while (0)

TEST_F(Cli, PositionalFormEqualsOptionsAndNamesAreCaseInsensitive) {
  TempFile a(".csv"), b(".csv");
  Ran x = vmc_sim(text_.path() + " TXT LRU,S3FIFO,WTinyLFU,TwoQ 3 -q --csv " + a.path());
  Ran y = vmc_sim("--trace " + text_.path() +
                  " --format txt -p lru,s3fifo,wtinylfu,2q -s 3 -q --csv " + b.path());
  ASSERT_EQ(x.status, 0) << x.out;
  ASSERT_EQ(y.status, 0) << y.out;
  const std::string ca = slurp(a.path()), cb = slurp(b.path());
  EXPECT_NE(ca.find(",lru,3,3,12,12,"), std::string::npos) << ca;  // canonical names, 12 misses
  EXPECT_NE(ca.find(",2q,3,3,12,12,"), std::string::npos) << ca;
  auto cut = [](const std::string& csv) {  // drop the throughput and memory columns
    std::string out;
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) {
      std::size_t p = 0;
      for (int k = 0; k < 10; ++k) p = line.find(',', p) + 1;
      out += line.substr(0, p) + "\n";
    }
    return out;
  };
  EXPECT_EQ(cut(ca), cut(cb));
}

TEST_F(Cli, ParamsReachTheirPolicyAndLibCacheSimsDashEReachesAll) {
  Ran r = vmc_sim(text_.path() + " txt clock 6 --params clock=bits:2 -q");
  EXPECT_EQ(r.status, 0) << r.out;
  r = vmc_sim(text_.path() + " txt s3fifo,qdlp 6 -e small-size-ratio=0.5 -q");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Cli, MrcAtGivenSizesIsExactLruAtThoseCapacities) {
  Ran r = vmc_sim(text_.path() + " txt lru 6 --mrc-at 5,6");
  ASSERT_EQ(r.status, 0) << r.out;
  // Stack distances are all 6: capacity 5 misses all 12, capacity 6 hits 6.
  EXPECT_NE(r.out.find("mrc              5 1.0000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mrc              6 0.5000"), std::string::npos) << r.out;
}

TEST_F(Cli, WarmupBySecondsFollowsLibCacheSim) {
  TempFile f(".csv");
  f.write("100,1\n101,2\n102,1\n105,2\n106,3\n");  // time, id
  // --warmup-sec 2: requests at most 2 s after the first (100, 101, 102)
  // are replayed, not counted; 2 hits at 105, 3 misses at 106.
  Ran r = vmc_sim(f.path() + " csv lru 10 -t time-col=1,obj-id-col=2 --warmup-sec 2");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(
      r.out.find("lru          10                     10            2            1     0.5000"),
      std::string::npos)
      << r.out;
}

TEST_F(Cli, TraceTypeParamsReadACsv) {
  TempFile f(".csv");
  f.write("t;key;bytes\n1;7;100\n2;8;100\n3;7;100\n");
  Ran r = vmc_sim(
      f.path() +
      " csv lru 1KB -t \"time-col=1,obj-id-col=2,obj-size-col=3,has-header=true,delimiter=;\"");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("lru          1KB                  1024            3            2"),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, FractionAboveOneIsAnError) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 1.5"), "must be in (0, 1]");
}

TEST_F(Cli, SizeBelowOneObjectIsAnError) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 0.01"),
                    "resolves to a cache of 0 objects; give a larger size");
  TempFile bin(".bin");
  std::string recs;
  for (std::uint64_t id = 1; id <= 4; ++id) {
    std::string r(24, '\0');
    std::uint32_t size = 4096;
    std::int64_t next = -1;
    std::memcpy(&r[4], &id, 8);
    std::memcpy(&r[12], &size, 4);
    std::memcpy(&r[16], &next, 8);
    recs += r;
  }
  bin.write(recs);
  EXPECT_FAILS_WITH(vmc_sim(bin.path() + " oracleGeneral lru 0.1"),
                    "less than one object of mean size 4096");
}

TEST_F(Cli, UnknownFormatListsTheValidNames) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " parquet lru 3"), "valid: auto, oracleGeneral");
  EXPECT_EQ(vmc_sim(text_.path() + " --format txt -p lru -s 3 -q").status, 0);
}

TEST_F(Cli, BinaryTraceReadAsTextIsCaughtWithoutRawBytes) {
  TempFile bin(".dat");
  bin.write(std::string("\x01\x02\x03\xff\xfe", 5) + std::string(40, '\0'));
  EXPECT_FAILS_WITH(vmc_sim(bin.path() + " txt lru 3"), "the content is binary, not txt text");
}

TEST_F(Cli, UnwritableOutputSaysWhy) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 -q --csv /nonexistent-dir/out.csv"),
                    "/nonexistent-dir/out.csv: cannot write: No such file or directory");
}

TEST_F(Cli, CsvHeaderSuggestsCsvHeaderNotHashIds) {
  TempFile f(".csv");
  f.write("key,size\n1,10\n2,10\n");
  Ran r = vmc_sim(f.path() + " csv lru 100");
  EXPECT_FAILS_WITH(r, "the first line looks like a header: add --csv-header");
  EXPECT_EQ(r.out.find("--csv-hash-ids"), std::string::npos) << r.out;
}

TEST_F(Cli, TextTracesReportTheirWorkingSetInObjects) {
  Ran r = vmc_sim(text_.path() + " txt lru 0.5 -q");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("12 requests, 6 objects, working set 6 objects"), std::string::npos)
      << r.out;
}

TEST_F(Cli, BadParametersNameTheValidOnes) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt s3fifo 3 --params s3fifo=smal:0.1"),
                    "s3fifo has no parameter 'smal' (valid: small, ghost, move)");
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt s3fifo 3 --params s3fifo=small:abc"),
                    "is not a number");
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt s3fifo 3 --params s3fifo=small:2"),
                    "out of range");
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 --params small:0.1"),
                    "name the policy first");
}

TEST_F(Cli, UnknownPolicyIsNamed) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru,nosuch 3"),
                    "unknown policy 'nosuch' (vmc-sim --list-policies");
}

TEST_F(Cli, DashTIsTraceTypeParamsAsInLibCacheSim) {
  EXPECT_FAILS_WITH(vmc_sim("-t " + text_.path()), "-t is libCacheSim's --trace-type-params");
}

TEST_F(Cli, WarmupBySecondsNeedsTimes) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 --warmup-sec 10"),
                    "--warmup-sec needs request times");
}

TEST_F(Cli, SomethingGivenTwiceIsAnError) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 -s 4"), "the cache sizes are given twice");
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 -p fifo"), "the policy list is given twice");
}

TEST_F(Cli, IgnoreObjSizeTakesABoolean) {
  EXPECT_FAILS_WITH(vmc_sim("--ignore-obj-size banana " + text_.path() + " txt lru 3"),
                    "--ignore-obj-size takes true/false or 1/0, not 'banana'");
  EXPECT_EQ(vmc_sim(text_.path() + " txt lru 3 --ignore-obj-size 1 -q").status, 0);
}

TEST_F(Cli, BadWarmupAndMissingTraceAreNamed) {
  EXPECT_FAILS_WITH(vmc_sim(text_.path() + " txt lru 3 --warmup abc"),
                    "--warmup 'abc': give a request count");
  EXPECT_FAILS_WITH(vmc_sim("/nonexistent/trace.bin oracleGeneral lru 3"),
                    "/nonexistent/trace.bin: cannot open: No such file or directory");
}

// --- size notation -------------------------------------------------------------

std::uint64_t cap(const std::string& s, const TraceStats* st = nullptr, bool ignore = false) {
  return resolve(parse_size(s), st, 1, ignore).at(0).units;
}

TEST(Sizes, UnitsAreBinaryAsInLibCacheSim) {
  EXPECT_EQ(cap("4096"), 4096u);
  EXPECT_EQ(cap("64KB"), 65536u);
  EXPECT_EQ(cap("64kb"), 65536u);
  EXPECT_EQ(cap("64K"), 65536u);
  EXPECT_EQ(cap("2MiB"), 2097152u);
  EXPECT_EQ(cap("1GB"), 1073741824u);
  EXPECT_EQ(cap("1.5GiB"), 1610612736u);
  EXPECT_EQ(cap("1T"), 1099511627776u);
}

TEST(Sizes, TheCapacityDependsOnlyOnTheValue) {
  TraceStats st;
  st.objects = 48974;
  st.working_set = 48974;
  EXPECT_EQ(cap("0.01", &st, true), 489u);
  EXPECT_EQ(cap("1%", &st, true), 489u);
  EXPECT_EQ(cap("489", &st, true), 489u);
  st.working_set = 2029769728;
  EXPECT_EQ(cap("0.01", &st), 20297697u);
  EXPECT_EQ(cap("0.2", &st), 405953945u);
  auto autos = resolve(parse_size("auto"), &st, 1, false);
  ASSERT_EQ(autos.size(), 7u);  // 0.001 x 48974 = 48 objects < 100: dropped; 0.003 .. 0.8 kept
  EXPECT_EQ(autos[0].label, "0.003");
}

TEST(Sizes, BadSizesNameTheFix) {
  for (const char* bad : {"abc", "-5", "5XB", "150%", "2.0"}) {
    try {
      parse_size(bad);
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("cache size '"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("; write a fraction"), std::string::npos) << e.what();
    }
  }
}

TEST(ProgressLine, ShowsRateAndTimeLeft) {
  EXPECT_EQ(Progress::line("replay", 3000000, 0.25, 2.0),
            "replay: 3.00 M requests (25%), 1.50 M req/s, ETA 6 s");
  EXPECT_EQ(Progress::line("statistics pass", 500000, -1, 4.0),
            "statistics pass: 0.50 M requests, 0.12 M req/s, 4 s");
}

}  // namespace
}  // namespace vmc::sim
