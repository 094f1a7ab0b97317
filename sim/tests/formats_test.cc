// formats_test.cc -- the lcs, vscsi, twr and twrbin readers on hand-made
// files (every field checked), compressed equal to plain, and a clear error
// for a truncated or wrong-format file, never printing raw bytes.
#include <zstd.h>

#include <cstring>

#include "test_util.h"
#include "trace.h"

namespace vmc::sim {
namespace {

using testing::TempFile;

template <class T>
void put(std::string& s, T v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string zstd(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3));
  return out;
}

// Every record of a file, raw (no size-0 skipping): the reader's view.
std::vector<Record> records(const std::string& path, Format f) {
  TraceSpec s;
  s.path = path;
  s.format = f;
  auto r = open_trace(s);
  std::vector<Record> out;
  for (Record rec; r->next(rec);) out.push_back(rec);
  return out;
}

std::string error_of(const std::string& path, Format f) {
  try {
    records(path, f);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

bool printable(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f) return false;
  return true;
}

// Writes `bytes` plain and zstd-compressed; checks both read the same.
std::vector<Record> both(const std::string& bytes, const std::string& suffix, Format f) {
  TempFile plain(suffix), packed(suffix + ".zst");
  plain.write(bytes);
  packed.write(zstd(bytes));
  auto a = records(plain.path(), f), b = records(packed.path(), f);
  EXPECT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    EXPECT_EQ(a[i].req.id, b[i].req.id);
    EXPECT_EQ(a[i].req.size, b[i].req.size);
    EXPECT_EQ(a[i].time, b[i].time);
  }
  return a;
}

// --- vscsi -------------------------------------------------------------------

std::string vscsi1(std::uint32_t len, std::uint64_t lbn, std::uint64_t ts_us) {
  std::string r;
  put<std::uint32_t>(r, 7);       // sn
  put<std::uint32_t>(r, len);     // len
  put<std::uint32_t>(r, 1);       // nSG
  put<std::uint16_t>(r, 0x28);    // cmd (read)
  put<std::uint16_t>(r, 1 << 8);  // ver: 1 in the high byte
  put<std::uint64_t>(r, lbn);
  put<std::uint64_t>(r, ts_us);
  return r;
}

std::string vscsi2(std::uint32_t len, std::uint64_t lbn, std::uint64_t ts_us) {
  std::string r;
  put<std::uint16_t>(r, 0x2a);    // cmd (write)
  put<std::uint16_t>(r, 2 << 8);  // ver 2
  put<std::uint32_t>(r, 7);       // sn
  put<std::uint32_t>(r, len);
  put<std::uint32_t>(r, 1);  // nSG
  put<std::uint64_t>(r, lbn);
  put<std::uint64_t>(r, ts_us);
  put<std::uint64_t>(r, 55);  // rt
  return r;
}

TEST(Formats, VscsiVersion1RecordsAreDecoded) {
  ASSERT_EQ(vscsi1(0, 0, 0).size(), 32u);
  auto r =
      both(vscsi1(4096, 100, 3'500'000) + vscsi1(512, 7, 4'000'001) + vscsi1(4096, 100, 9'999'999),
           ".vscsi", Format::kVscsi);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, 100u);
  EXPECT_EQ(r[0].req.size, 4096u);
  EXPECT_EQ(r[0].time, 3u);  // microseconds -> seconds
  EXPECT_EQ(r[1].req.id, 7u);
  EXPECT_EQ(r[1].req.size, 512u);
  EXPECT_EQ(r[1].time, 4u);
  EXPECT_EQ(r[2].time, 9u);
}

TEST(Formats, VscsiVersion2RecordsAreDecoded) {
  ASSERT_EQ(vscsi2(0, 0, 0).size(), 40u);
  auto r =
      both(vscsi2(8192, 1 << 20, 1'000'000) + vscsi2(1024, 3, 2'000'000), ".vscsi", Format::kVscsi);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].req.id, 1u << 20);
  EXPECT_EQ(r[0].req.size, 8192u);
  EXPECT_EQ(r[0].time, 1u);
  EXPECT_EQ(r[1].req.size, 1024u);
}

TEST(Formats, VscsiTruncatedOrWrongFileIsNamed) {
  TempFile cut(".vscsi"), text(".vscsi"), junk(".vscsi");
  cut.write(vscsi2(1, 1, 1) + vscsi2(1, 2, 1) + vscsi2(1, 3, 1).substr(0, 17));
  std::string e = error_of(cut.path(), Format::kVscsi);
  EXPECT_NE(e.find("request 2: truncated record (17 of 40 bytes)"), std::string::npos) << e;
  text.write(std::string(100, 'x'));
  e = error_of(text.path(), Format::kVscsi);
  EXPECT_NE(e.find("not a vscsi trace"), std::string::npos) << e;
  junk.write(std::string(100, '\x05'));
  e = error_of(junk.path(), Format::kVscsi);
  EXPECT_NE(e.find("not a vscsi trace"), std::string::npos) << e;
  EXPECT_TRUE(printable(e)) << e;
}

// --- lcs -----------------------------------------------------------------------

std::string lcs_header(std::uint64_t version, std::int64_t n_req = 3) {
  std::string h(8192, '\0');
  const std::uint64_t magic = 0x123456789abcdef0ULL;
  std::memcpy(&h[0], &magic, 8);
  std::memcpy(&h[8], &version, 8);
  std::memcpy(&h[24], &n_req, 8);  // stat.n_req (stat starts at 16 with its version)
  std::memcpy(&h[8184], &magic, 8);
  return h;
}

std::string lcs_v1(std::uint32_t t, std::uint64_t id, std::uint32_t size, std::int64_t next) {
  std::string r;
  put(r, t);
  put(r, id);
  put(r, size);
  put(r, next);
  return r;
}

std::string lcs_v2(std::uint32_t t, std::uint64_t id, std::uint32_t size, std::int64_t next) {
  std::string r;
  put(r, t);
  put(r, id);
  put(r, size);
  put<std::uint32_t>(r, 1 | (5u << 8));  // op 1, tenant 5
  put(r, next);
  return r;
}

std::string lcs_v3(std::uint32_t t, std::uint64_t id, std::int64_t size, std::int64_t next,
                   int features) {
  std::string r;
  put(r, t);
  put(r, id);
  put(r, size);
  put<std::uint32_t>(r, 1);   // op, tenant
  put<std::uint32_t>(r, 60);  // ttl
  put(r, next);
  for (int f = 0; f < features; ++f) put<std::int32_t>(r, f);
  return r;
}

TEST(Formats, LcsVersion1IsOracleGeneralAfterAHeader) {
  auto r =
      both(lcs_header(1) + lcs_v1(10, 5, 100, 3) + lcs_v1(11, 6, 200, -1) + lcs_v1(12, 5, 100, -1),
           ".lcs", Format::kLcs);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, 5u);
  EXPECT_EQ(r[0].req.size, 100u);
  EXPECT_EQ(r[0].req.next_access, 3);
  EXPECT_EQ(r[0].time, 10u);
  EXPECT_EQ(r[1].req.next_access, -1);
}

TEST(Formats, LcsVersions2To8HaveTheirRecordSizes) {
  auto r = both(lcs_header(2) + lcs_v2(1, 9, 64, 2) + lcs_v2(2, 9, 64, -1), ".lcs", Format::kLcs);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].req.id, 9u);
  EXPECT_EQ(r[0].req.size, 64u);
  EXPECT_EQ(r[0].req.next_access, 2);
  const int features[9] = {0, 0, 0, 0, 1, 2, 4, 8, 16};
  for (std::uint64_t v = 3; v <= 8; ++v) {
    std::string f = lcs_header(v);
    f += lcs_v3(7, 11, 1 << 20, 2, features[v]) +
         lcs_v3(8, 11, 1 << 20, std::numeric_limits<std::int64_t>::max(), features[v]);
    r = both(f, ".lcs", Format::kLcs);
    ASSERT_EQ(r.size(), 2u) << "version " << v;
    EXPECT_EQ(r[1].req.id, 11u) << "version " << v;
    EXPECT_EQ(r[1].req.size, 1u << 20) << "version " << v;
    EXPECT_EQ(r[0].req.next_access, 2) << "version " << v;
    EXPECT_EQ(r[1].req.next_access, -1) << "version " << v;  // INT64_MAX: never
    EXPECT_EQ(r[1].time, 8u) << "version " << v;
  }
}

TEST(Formats, LcsIsRecognisedByItsMagicWhateverItsName) {
  TempFile f(".trace");
  f.write(lcs_header(1) + lcs_v1(1, 2, 3, -1));
  auto r = records(f.path(), Format::kAuto);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].req.size, 3u);
}

TEST(Formats, LcsBadHeaderVersionOrRecordIsNamed) {
  TempFile magic(".lcs"), version(".lcs"), cut(".lcs"), head(".lcs"), neg(".lcs");
  magic.write(std::string(9000, 'a'));
  EXPECT_NE(error_of(magic.path(), Format::kLcs).find("not an lcs trace"), std::string::npos);
  version.write(lcs_header(9));
  EXPECT_NE(error_of(version.path(), Format::kLcs).find("lcs version 9 is not one of 1..8"),
            std::string::npos);
  cut.write(lcs_header(1) + lcs_v1(1, 1, 1, -1) + lcs_v1(1, 2, 1, -1).substr(0, 5));
  EXPECT_NE(error_of(cut.path(), Format::kLcs).find("request 1: truncated record (5 of 24 bytes)"),
            std::string::npos);
  head.write(lcs_header(1).substr(0, 4000));
  EXPECT_NE(error_of(head.path(), Format::kLcs).find("truncated lcs header (4000 of 8192 bytes)"),
            std::string::npos);
  neg.write(lcs_header(3) + lcs_v3(1, 1, -5, -1, 0));
  EXPECT_NE(error_of(neg.path(), Format::kLcs).find("negative object size -5"), std::string::npos);
}

// --- twr (Twitter's CSV) and twrbin ----------------------------------------------

TEST(Formats, TwrCsvHashesKeysAddsKeyAndValueAndSkipsEmptyGets) {
  const std::string csv =
      "0,user:1,10,200,3,get,0\n"
      "1,user:2,10,0,3,get,0\n"   // a get of nothing: skipped
      "1,user:2,10,0,3,set,60\n"  // a set of an empty value: kept, size 10
      "5,user:1,10,250,4,gets,0\n";
  auto r = both(csv, ".twr.csv", Format::kTwr);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.size, 210u);
  EXPECT_EQ(r[0].time, 0u);
  EXPECT_EQ(r[1].req.size, 10u);
  EXPECT_EQ(r[2].req.size, 260u);
  EXPECT_EQ(r[2].time, 5u);
  EXPECT_EQ(r[0].req.id, r[2].req.id);
  EXPECT_NE(r[0].req.id, r[1].req.id);
}

TEST(Formats, TwrCsvErrorsNameTheFieldAndBinaryNamesTwrbin) {
  TempFile bad(".twr"), short_line(".twr"), bin(".twr");
  bad.write("0,k,10,lots,1,get,0\n");
  std::string e = error_of(bad.path(), Format::kTwr);
  EXPECT_NE(e.find("request 0: value size 'lots' is not an unsigned integer"), std::string::npos)
      << e;
  short_line.write("0,k,10\n");
  EXPECT_NE(error_of(short_line.path(), Format::kTwr).find("has 3 fields, a twr line has 7"),
            std::string::npos);
  bin.write(std::string("\x01\x00\x00\x00", 4) + std::string(36, '\0'));
  e = error_of(bin.path(), Format::kTwr);
  EXPECT_NE(e.find("use the format twrbin"), std::string::npos) << e;
}

std::string twrbin(std::uint32_t t, std::uint64_t id, std::uint32_t key, std::uint32_t value,
                   std::uint32_t op) {
  std::string r;
  put(r, t);
  put(r, id);
  put<std::uint32_t>(r, (key << 22) | value);
  put<std::uint32_t>(r, (op << 24) | 30);  // ttl 30
  return r;
}

TEST(Formats, TwrBinRecordsAreDecodedAndEmptyGetsSkipped) {
  auto r = both(twrbin(3, 1, 20, 1000, 1) + twrbin(4, 2, 20, 0, 1) + twrbin(4, 2, 20, 0, 3) +
                    twrbin(9, 1, 20, 5, 2),
                ".twrbin", Format::kTwrBin);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].req.id, 1u);
  EXPECT_EQ(r[0].req.size, 1020u);
  EXPECT_EQ(r[0].time, 3u);
  EXPECT_EQ(r[1].req.id, 2u);  // a set of an empty value stays
  EXPECT_EQ(r[1].req.size, 20u);
  EXPECT_EQ(r[2].req.size, 25u);
  TempFile cut(".twrbin");
  cut.write(twrbin(1, 1, 1, 1, 1).substr(0, 19));
  EXPECT_NE(
      error_of(cut.path(), Format::kTwrBin).find("request 0: truncated record (19 of 20 bytes)"),
      std::string::npos);
}

// --- wrong formats ------------------------------------------------------------------

TEST(Formats, BinaryReadAsTextIsCaughtByContentWithoutRawBytes) {
  TempFile f(".txt");
  f.write(lcs_v1(1, 0x4142434445464748ULL, 10, -1) + lcs_v1(2, 3, 4, -1));
  for (Format fmt : {Format::kText, Format::kCsv, Format::kTwr}) {
    std::string e = error_of(f.path(), fmt);
    EXPECT_NE(e.find("binary"), std::string::npos) << e;
    EXPECT_TRUE(printable(e)) << e;
  }
}

TEST(Formats, TextReadAsBinaryIsNamed) {
  TempFile f(".bin");
  f.write("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n");
  std::string e = error_of(f.path(), Format::kOracle);
  EXPECT_NE(e.find("the content is text, not oracleGeneral records"), std::string::npos) << e;
}

TEST(Formats, NamesAreCaseInsensitiveAndUnknownOnesListTheValidOnes) {
  EXPECT_EQ(parse_format("oracleGeneralBin"), Format::kOracle);
  EXPECT_EQ(parse_format("ORACLEGENERAL"), Format::kOracle);
  EXPECT_EQ(parse_format("txt"), Format::kText);
  EXPECT_EQ(parse_format("VSCSI"), Format::kVscsi);
  try {
    parse_format("parquet");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("valid: auto, oracleGeneral"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(guess_format("x.oracleGeneral.zst"), Format::kOracle);
  EXPECT_EQ(guess_format("w.vscsi"), Format::kVscsi);
  EXPECT_EQ(guess_format("t.twr.csv"), Format::kTwr);
  EXPECT_EQ(guess_format("a.lcs.zst"), Format::kLcs);
}

}  // namespace
}  // namespace vmc::sim
