// byte_source.cc -- file or memory bytes, plain or zstd-decompressed
// (libzstd's streaming API), behind one small interface.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "trace.h"

namespace vmc::sim {
namespace {

constexpr std::size_t kReadChunk = 1 << 20;       // one syscall per MiB
constexpr std::uint32_t kZstdMagic = 0xFD2FB528;  // little-endian frame magic

class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw TraceError(
          path + ": cannot open: " + std::strerror(errno) +
          (errno == ENOENT ? " (check the path; the trace is the first argument)" : ""));
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode))
      total_ = static_cast<std::uint64_t>(st.st_size);
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      throw TraceError(path + ": is a directory, not a trace");
    }
  }
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(void* buf, std::size_t n) override {
    for (;;) {
      ssize_t r = ::read(fd_, buf, n);
      if (r >= 0) {
        done_ += static_cast<std::uint64_t>(r);
        return static_cast<std::size_t>(r);
      }
      if (errno != EINTR) throw TraceError(path_ + ": read error: " + std::strerror(errno));
    }
  }
  double progress() const override {
    return total_ == 0 ? -1 : static_cast<double>(done_) / static_cast<double>(total_);
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t total_ = 0;
  std::uint64_t done_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  std::size_t read(void* buf, std::size_t n) override {
    std::size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  double progress() const override {
    return data_.empty() ? 1.0 : double(pos_) / double(data_.size());
  }

 private:
  std::string data_;
  std::size_t pos_ = 0;
};

// Decompresses a stream of zstd frames; EOF inside a frame is "truncated".
class ZstdSource final : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> file, std::vector<char> head, std::string name)
      : file_(std::move(file)), name_(std::move(name)), in_buf_(std::move(head)) {
    dctx_ = ZSTD_createDCtx();
    in_ = ZSTD_inBuffer{in_buf_.data(), in_buf_.size(), 0};
  }
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(void* buf, std::size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        if (eof_) {
          if (!frame_done_)
            throw TraceError(name_ +
                             ": truncated zstd stream (the file ends inside a frame; re-copy or "
                             "re-compress it)");
          return 0;
        }
        in_buf_.resize(kReadChunk);
        std::size_t got = file_->read(in_buf_.data(), in_buf_.size());
        if (got == 0) {
          eof_ = true;
          continue;
        }
        in_ = ZSTD_inBuffer{in_buf_.data(), got, 0};
      }
      std::size_t r = ZSTD_decompressStream(dctx_, &out, &in_);
      if (ZSTD_isError(r))
        throw TraceError(name_ + ": corrupt zstd stream: " + ZSTD_getErrorName(r) +
                         " (check it with zstd -t)");
      frame_done_ = (r == 0);
    }
    return out.pos;
  }
  double progress() const override { return file_->progress(); }

 private:
  std::unique_ptr<ByteSource> file_;
  std::string name_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_{};
  ZSTD_DCtx* dctx_ = nullptr;
  bool eof_ = false;
  bool frame_done_ = true;
};

// Serves bytes already read (the sniffed head) before the rest of the file.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> file, std::vector<char> head)
      : file_(std::move(file)), head_(std::move(head)) {}
  std::size_t read(void* buf, std::size_t n) override {
    if (pos_ < head_.size()) {
      std::size_t k = std::min(n, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return file_->read(buf, n);
  }
  double progress() const override { return file_->progress(); }

 private:
  std::unique_ptr<ByteSource> file_;
  std::vector<char> head_;
  std::size_t pos_ = 0;
};

// Sniffs the zstd magic and wraps the source accordingly.
std::unique_ptr<ByteSource> sniff(std::unique_ptr<ByteSource> file, const std::string& name) {
  std::vector<char> head(4);
  std::size_t got = 0;
  while (got < head.size()) {
    std::size_t r = file->read(head.data() + got, head.size() - got);
    if (r == 0) break;
    got += r;
  }
  head.resize(got);
  std::uint32_t magic = 0;
  if (got == 4) std::memcpy(&magic, head.data(), 4);
  if (magic == kZstdMagic)
    return std::make_unique<ZstdSource>(std::move(file), std::move(head), name);
  return std::make_unique<PrefixedSource>(std::move(file), std::move(head));
}

}  // namespace

std::unique_ptr<ByteSource> open_bytes(const std::string& path) {
  return sniff(std::make_unique<FileSource>(path), path);
}

std::unique_ptr<ByteSource> memory_bytes(std::string data, const std::string& name) {
  return sniff(std::make_unique<MemorySource>(std::move(data)), name);
}

}  // namespace vmc::sim
