// driver_test.cc -- the replay semantics: warm-up, size-0 requests, first
// sizes, ignore-size, parallel runs, and oracle vs CSV forms of one trace.
#include "test_util.h"

namespace vmc::sim {
namespace {

using testing::TempFile;

RunOptions quiet(int threads = 1) {
  RunOptions r;
  r.threads = threads;
  return r;
}

TEST(Driver, WarmupRequestsAreReplayedButNotCounted) {
  TempFile f(".txt");
  f.write("1\n2\n1\n2\n3\n");
  FeedOptions o;
  o.ignore_size = true;
  o.warmup = 2;
  auto r = run_jobs(testing::file_spec(f.path()), o, {{"lru", 10, "10"}}, quiet());
  EXPECT_EQ(r[0].requests, 3u);
  EXPECT_EQ(r[0].misses, 1u);  // 1 and 2 hit (warmed), 3 is a cold miss
  EXPECT_EQ(r[0].accessed, 5u);
}

// Sizes are per request by default (libCacheSim): the second request of
// object 1 carries 999 bytes and counts 999; it hits the 100-byte object the
// cache holds.  Under the first-size rule it counts 100.
TEST(Driver, SizeZeroRequestsAreSkippedAndSizesArePerRequest) {
  TempFile f(".csv");
  f.write("1,100\n2,0\n1,999\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.size_col = 2;
  auto reqs = testing::load(s);
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].req.size, 999u);
  EXPECT_EQ(reqs[1].bytes, 999u);
  auto r = run_jobs(s, {}, {{"lru", 1000, ""}}, quiet());
  EXPECT_EQ(r[0].requests, 2u);
  EXPECT_EQ(r[0].misses, 1u);
  EXPECT_EQ(r[0].bytes, 1099u);
  EXPECT_EQ(r[0].missed_bytes, 100u);
}

TEST(Driver, FirstSizeRuleGivesEveryRequestTheObjectsFirstSize) {
  TempFile f(".csv");
  f.write("1,100\n2,0\n1,999\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.size_col = 2;
  FeedOptions o;
  o.size_rule = SizeRule::kFirstSeen;
  auto reqs = testing::load(s, o);
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].req.size, 100u);
  EXPECT_EQ(reqs[1].bytes, 100u);
  auto r = run_jobs(s, o, {{"lru", 1000, ""}}, quiet());
  EXPECT_EQ(r[0].bytes, 200u);
  EXPECT_EQ(r[0].missed_bytes, 100u);
}

// A miss inserts with its request's size.  Capacity 1000, requests
// 1:100 2:850 3:100 1:999 2:850 1:999.  Per request (LRU): 1, 2 miss [950];
// 3 evicts 1 [2,3]; 1 (999) evicts 2 and 3 [1]; 2 evicts 1 [2]; 1 (999)
// evicts 2: six misses.  First size: 1 returns as 100 bytes and evicts
// only 2 [3,1]; 2 evicts 3 [1,2]; the last request of 1 hits: five.
TEST(Driver, AMissInsertsWithItsRequestsSize) {
  TempFile f(".csv");
  f.write("1,100\n2,850\n3,100\n1,999\n2,850\n1,999\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.size_col = 2;
  auto r = run_jobs(s, {}, {{"lru", 1000, ""}, {"fifo", 1000, ""}}, quiet());
  EXPECT_EQ(r[0].misses, 6u);
  EXPECT_EQ(r[1].misses, 6u);
  FeedOptions first;
  first.size_rule = SizeRule::kFirstSeen;
  r = run_jobs(s, first, {{"lru", 1000, ""}}, quiet());
  EXPECT_EQ(r[0].misses, 5u);
}

TEST(Driver, IgnoreSizeMakesEveryObjectOneUnit) {
  TempFile f(".csv");
  f.write("1,100\n2,200\n3,300\n1,100\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.size_col = 2;
  FeedOptions o;
  o.ignore_size = true;
  auto r = run_jobs(s, o, {{"lru", 3, "3"}, {"lru", 2, "2"}}, quiet());
  EXPECT_EQ(r[0].misses, 3u);
  EXPECT_EQ(r[1].misses, 4u);
  EXPECT_EQ(r[0].bytes, 4u);
}

TEST(Driver, ThreadsAndChunkingDoNotChangeResults) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 100000;
  s.synth.objects = 10000;
  std::vector<Job> jobs;
  for (const char* p : {"lru", "fifo", "s3fifo", "arc", "belady"})
    for (std::uint64_t c : {4096u * 100, 4096u * 1000}) jobs.push_back({p, c, ""});
  RunOptions one = quiet(1), two = quiet(2);
  two.chunk = 777;
  auto a = run_jobs(s, {}, jobs, one);
  auto b = run_jobs(s, {}, jobs, two);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(a[i].misses, b[i].misses) << jobs[i].policy;
    EXPECT_EQ(a[i].missed_bytes, b[i].missed_bytes) << jobs[i].policy;
  }
}

TEST(Driver, ABadTraceMidwayRaisesTheReadersError) {
  TempFile f(".txt");
  std::string t;
  for (int i = 0; i < 100000; ++i) t += std::to_string(i % 100) + "\n";
  f.write(t + "oops\n");
  try {
    run_jobs(testing::file_spec(f.path()), {}, {{"lru", 10, ""}}, quiet(2));
    FAIL() << "no error";
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("request 100000"), std::string::npos) << e.what();
  }
}

TEST(SharedTraces, OracleAndCsvFormsGiveIdenticalResultsForEveryPolicy) {
  VMC_REQUIRE_TRACE(bin, "cloudPhysicsIO.oracleGeneral.bin");
  VMC_REQUIRE_TRACE(csv, "cloudPhysicsIO.csv");
  TraceSpec c = testing::file_spec(csv);
  c.csv = CsvSpec{5, 4, 2, ',', true, false};
  TraceStats st = scan_trace(testing::file_spec(bin), {});
  std::vector<Job> jobs;
  for (const PolicyInfo& p : registered_policies())
    if (p.name != "engine")
      for (double fr : {0.1})
        jobs.push_back({std::string(p.name), std::uint64_t(fr * double(st.working_set)), ""});
  FeedOptions first;  // the oracleGeneral file holds first sizes
  first.size_rule = SizeRule::kFirstSeen;
  auto a = run_jobs(testing::file_spec(bin), {}, jobs, quiet(2));
  auto b = run_jobs(c, first, jobs, quiet(2));
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(a[i].requests, 113872u);
    EXPECT_EQ(a[i].misses, b[i].misses) << jobs[i].policy;
    EXPECT_EQ(a[i].missed_bytes, b[i].missed_bytes) << jobs[i].policy;
  }
}

}  // namespace
}  // namespace vmc::sim
