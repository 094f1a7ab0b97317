// readers_test.cc -- the trace readers: formats agree, compressed equals
// plain, and bad traces fail with the file and request index named.
#include <zstd.h>

#include <cstring>
#include <map>

#include "test_util.h"
#include "trace.h"

namespace vmc::sim {
namespace {

using testing::TempFile;

std::string oracle_record(std::uint32_t t, std::uint64_t id, std::uint32_t size,
                          std::int64_t next) {
  std::string r(24, '\0');
  std::memcpy(&r[0], &t, 4);
  std::memcpy(&r[4], &id, 8);
  std::memcpy(&r[12], &size, 4);
  std::memcpy(&r[16], &next, 8);
  return r;
}

std::string zstd(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  out.resize(n);
  return out;
}

std::string error_of(const TraceSpec& spec) {
  try {
    testing::load(spec);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

TEST(Readers, OracleRecordsAreDecodedFieldByField) {
  TempFile f(".bin");
  f.write(oracle_record(5, 42, 4096, 3) + oracle_record(6, 7, 100, -1) +
          oracle_record(7, 42, 4096, -1));
  auto r = testing::load(testing::file_spec(f.path()));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, 42u);
  EXPECT_EQ(r[0].req.size, 4096u);
  EXPECT_EQ(r[0].req.next_access, 3);
  EXPECT_EQ(r[1].req.id, 7u);
  EXPECT_EQ(r[1].req.next_access, -1);
}

TEST(Readers, TruncatedOracleTraceNamesFileAndRequestIndex) {
  TempFile f(".bin");
  f.write(oracle_record(1, 1, 10, -1) + oracle_record(1, 2, 10, -1) +
          oracle_record(1, 3, 10, -1).substr(0, 13));
  std::string e = error_of(testing::file_spec(f.path()));
  EXPECT_NE(e.find(f.path()), std::string::npos) << e;
  EXPECT_NE(e.find("request 2"), std::string::npos) << e;
  EXPECT_NE(e.find("truncated"), std::string::npos) << e;
}

TEST(Readers, OracleNextAccessPointingBackwardsIsCorrupt) {
  TempFile f(".bin");
  f.write(oracle_record(1, 1, 10, 2) + oracle_record(1, 1, 10, 1));
  std::string e = error_of(testing::file_spec(f.path()));
  EXPECT_NE(e.find("request 1"), std::string::npos) << e;
  EXPECT_NE(e.find("corrupt"), std::string::npos) << e;
}

TEST(Readers, EmptyTraceIsAnErrorNamingTheFile) {
  for (const char* suffix : {".bin", ".csv", ".txt"}) {
    TempFile f(suffix);
    f.write("");
    std::string e = error_of(testing::file_spec(f.path()));
    EXPECT_NE(e.find("empty trace"), std::string::npos) << suffix << ": " << e;
  }
}

TEST(Readers, MissingFileIsAnErrorNamingIt) {
  std::string e = error_of(testing::file_spec("/nonexistent/trace.bin"));
  EXPECT_NE(e.find("/nonexistent/trace.bin"), std::string::npos) << e;
}

TEST(Readers, CsvWithHeaderAndColumnsIsRead) {
  TempFile f(".csv");
  f.write("time;size;key\r\n10;512;77\n11;100;78\n\n12;512;77\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv = CsvSpec{3, 2, 1, ';', true, false};
  auto r = testing::load(s);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, 77u);
  EXPECT_EQ(r[0].req.size, 512u);
  EXPECT_EQ(r[1].req.size, 100u);
  EXPECT_EQ(r[0].req.next_access, 3);  // the driver's precomputed pass
}

TEST(Readers, CsvBadIdOrMissingColumnNamesTheRequest) {
  TempFile f(".csv");
  f.write("1,2\n3,x\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.id_col = 2;
  std::string e = error_of(s);
  EXPECT_NE(e.find("request 1"), std::string::npos) << e;
  EXPECT_NE(e.find("'x'"), std::string::npos) << e;
  s.csv.id_col = 3;
  e = error_of(s);
  EXPECT_NE(e.find("request 0"), std::string::npos) << e;
  EXPECT_NE(e.find("columns"), std::string::npos) << e;
}

TEST(Readers, CsvStringIdsAreHashedConsistently) {
  TempFile f(".csv");
  f.write("alpha,1\nbeta,1\nalpha,1\n");
  TraceSpec s = testing::file_spec(f.path());
  s.csv.hash_ids = true;
  auto r = testing::load(s);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, r[2].req.id);
  EXPECT_NE(r[0].req.id, r[1].req.id);
}

TEST(Readers, TextIdsOnePerLineWithoutFinalNewline) {
  TempFile f(".txt");
  f.write("5\n6\n5");
  auto r = testing::load(testing::file_spec(f.path()));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[2].req.id, 5u);
  EXPECT_EQ(r[2].req.size, 1u);
}

TEST(Readers, ZstdCompressedTraceEqualsPlain) {
  std::string plain;
  for (int i = 0; i < 50000; ++i) plain += std::to_string(i * 7919 % 1000) + "\n";
  TempFile a(".txt"), b(".txt.zst");
  a.write(plain);
  b.write(zstd(plain));
  auto x = testing::load(testing::file_spec(a.path()));
  auto y = testing::load(testing::file_spec(b.path()));
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(x[i].req.id, y[i].req.id) << i;
}

TEST(Readers, TruncatedZstdStreamIsAnError) {
  std::string plain;
  for (int i = 0; i < 20000; ++i) plain += oracle_record(i, i % 977, 64, -1);
  std::string z = zstd(plain);
  TempFile f(".bin.zst");
  f.write(z.substr(0, z.size() / 2));
  std::string e = error_of(testing::file_spec(f.path()));
  EXPECT_NE(e.find(f.path()), std::string::npos) << e;
  EXPECT_TRUE(e.find("truncated") != std::string::npos || e.find("corrupt") != std::string::npos)
      << e;
}

TEST(Readers, SyntheticTracesFollowTheirPattern) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.kind = SynthKind::kLoop;
  s.synth.requests = 10;
  s.synth.objects = 4;
  auto r = testing::load(s);
  ASSERT_EQ(r.size(), 10u);
  EXPECT_EQ(r[0].req.id, r[4].req.id);
  EXPECT_NE(r[0].req.id, r[1].req.id);
  s.synth.kind = SynthKind::kScan;
  r = testing::load(s);
  EXPECT_NE(r[0].req.id, r[4].req.id);
  s.synth.kind = SynthKind::kZipf;
  s.synth.size_dist = SizeDist::kUniform;
  s.synth.size_min = 10;
  s.synth.size_max = 20;
  s.synth.requests = 1000;
  for (const SimRequest& q : testing::load(s)) {
    EXPECT_GE(q.req.size, 10u);
    EXPECT_LE(q.req.size, 20u);
  }
}

TEST(Readers, ZipfTopObjectHasTheZipfProbability) {
  TraceSpec s;
  s.format = Format::kSynthetic;
  s.synth.requests = 200000;
  s.synth.objects = 1000;
  s.synth.alpha = 1.0;
  std::map<std::uint64_t, int> count;
  for (const SimRequest& q : testing::load(s)) ++count[q.req.id];
  int top = 0;
  for (auto& [id, c] : count) top = std::max(top, c);
  double harmonic = 0;
  for (int r = 1; r <= 1000; ++r) harmonic += 1.0 / r;
  EXPECT_NEAR(top / 200000.0, 1.0 / harmonic, 0.005);  // 0.1336
}

TEST(Readers, SharedTraceInOracleAndCsvFormsIsTheSameRequestStream) {
  VMC_REQUIRE_TRACE(bin, "cloudPhysicsIO.oracleGeneral.bin");
  VMC_REQUIRE_TRACE(csv, "cloudPhysicsIO.csv");
  TraceSpec c = testing::file_spec(csv);
  c.csv = CsvSpec{5, 4, 2, ',', true, false};
  // libCacheSim's converter writes each object's first size into the
  // oracleGeneral file, so the CSV equals it under the first-size rule.
  FeedOptions first;
  first.size_rule = SizeRule::kFirstSeen;
  auto a = testing::load(testing::file_spec(bin));
  auto b = testing::load(c, first);
  ASSERT_EQ(a.size(), 113872u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].req.id, b[i].req.id) << i;
    ASSERT_EQ(a[i].req.size, b[i].req.size) << i;
    ASSERT_EQ(a[i].req.next_access, b[i].req.next_access) << i;  // file field == precomputed pass
  }
}

}  // namespace
}  // namespace vmc::sim
