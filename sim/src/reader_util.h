// reader_util.h -- what every trace reader shares: a buffer over a
// ByteSource that serves whole records or whole lines, the error prefix
// naming the file and request, number parsing, id hashing, printable
// excerpts of bad input, and the binary-content check of text formats.
//
// Internal to the readers (reader_*.cc).  Single-threaded.
#ifndef VMC_SIM_READER_UTIL_H
#define VMC_SIM_READER_UTIL_H

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace.h"

namespace vmc::sim::detail {

class Buffered {
 public:
  static constexpr std::size_t kBufSize = 1 << 20;
  explicit Buffered(std::unique_ptr<ByteSource> src) : src_(std::move(src)), buf_(kBufSize) {}

  // Makes at least n bytes available unless the input ends; returns how
  // many are.
  std::size_t ensure(std::size_t n);
  const char* data() const { return buf_.data() + pos_; }
  void consume(std::size_t n) { pos_ += n; }
  // The next line without its terminator ("\n" or "\r\n"); false at the end.
  bool line(std::string_view& out);
  double progress() const { return src_->progress(); }

 private:
  std::unique_ptr<ByteSource> src_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
};

// "<name>: request <i>: "
std::string at(const std::string& name, std::uint64_t index);

// Unsigned decimal, surrounding blanks allowed.
bool parse_u64(std::string_view s, std::uint64_t& v);
// XXH3-64 of a string id.
std::uint64_t hash_id(std::string_view s);
// At most 40 characters of s, non-printable bytes written as \xNN.
std::string excerpt(std::string_view s);

// Throws TraceError when the first bytes of a text format are not text (a
// NUL byte, or over 10% of other control bytes): a binary trace read as
// text.  `format` names the format assumed.
void require_text(Buffered& in, const std::string& name, std::string_view format);

}  // namespace vmc::sim::detail

#endif  // VMC_SIM_READER_UTIL_H
