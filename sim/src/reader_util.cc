// reader_util.cc -- the readers' shared buffer, parsing and error helpers.
#include "reader_util.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace vmc::sim::detail {

std::size_t Buffered::ensure(std::size_t n) {
  if (end_ - pos_ >= n) return end_ - pos_;
  std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
  end_ -= pos_;
  pos_ = 0;
  if (buf_.size() < n) buf_.resize(n);
  while (end_ < n) {
    std::size_t r = src_->read(buf_.data() + end_, buf_.size() - end_);
    if (r == 0) break;
    end_ += r;
  }
  return end_ - pos_;
}

bool Buffered::line(std::string_view& out) {
  for (std::size_t scanned = 0;;) {
    const char* b = buf_.data() + pos_;
    const void* nl = std::memchr(b + scanned, '\n', end_ - pos_ - scanned);
    if (nl != nullptr) {
      std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - b);
      pos_ += len + 1;
      if (len > 0 && b[len - 1] == '\r') --len;
      out = std::string_view(b, len);
      return true;
    }
    scanned = end_ - pos_;
    std::size_t have = ensure(scanned + 1);
    if (have == scanned) {  // end of input: a last line without '\n'
      if (scanned == 0) return false;
      out = std::string_view(buf_.data() + pos_, scanned);
      if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
      pos_ = end_;
      return true;
    }
    if (end_ - pos_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a very long line
  }
}

std::string at(const std::string& name, std::uint64_t index) {
  return name + ": request " + std::to_string(index) + ": ";
}

bool parse_u64(std::string_view s, std::uint64_t& v) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

std::uint64_t hash_id(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

std::string excerpt(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < 40; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (s.size() > 40) out += "...";
  return out;
}

void require_text(Buffered& in, const std::string& name, std::string_view format) {
  const std::size_t n = std::min<std::size_t>(in.ensure(4096), 4096);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t control = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] == 0) {
      control = n;
      break;
    }
    if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') ++control;
  }
  if (control * 10 > n)
    throw TraceError(name + ": the content is binary, not " + std::string(format) +
                     " text (NUL or control bytes in its first " + std::to_string(n) +
                     " bytes); name its format, e.g. vmc-sim TRACE oracleGeneral ... (formats: " +
                     format_names() + ")");
}

}  // namespace vmc::sim::detail
