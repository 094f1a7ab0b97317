// test_util.h -- shared fixtures for the engine's tests.
#ifndef VMC_TEST_UTIL_H
#define VMC_TEST_UTIL_H

#include <libvmemcache.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vmc::test {

struct Options {
  std::size_t size = VMEMCACHE_MIN_POOL;
  std::size_t extent_size = VMEMCACHE_MIN_EXTENT;
  vmemcache_repl_p policy = VMEMCACHE_REPLACEMENT_LRU;
  const char* dir = "/dev/shm";
};

// A cache added in `dir`; fails the test (ADD_FAILURE) and returns NULL if
// it cannot be made.
VMEMcache* make_cache(const Options& o = {});

unsigned long long stat(VMEMcache* c, vmemcache_statistic s);

// put/get with std::string keys and values.
int put(VMEMcache* c, const std::string& key, const std::string& value);
// The whole value, or "<miss>" on a miss.
std::string get(VMEMcache* c, const std::string& key);

// A value of `n` bytes derived from `key` (distinct per key and length).
std::string value_for(const std::string& key, std::size_t n);

// Callback events, in order: "evict:KEY" / "miss:KEY".
struct Events {
  std::vector<std::string> log;
  void attach(VMEMcache* c);
};

// A scratch directory under /tmp, removed (recursively) at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // The number of entries in the directory (to prove nothing is left behind).
  std::size_t count_files() const;

 private:
  std::string path_;
};

// A thread that runs the calls it is given, one at a time, and waits idle
// (unpinned, holding whatever cache slots its calls registered) in between
// and until destroyed.
class Runner {
 public:
  Runner() : t_([this] { loop(); }) {}
  ~Runner() {
    post(nullptr);
    t_.join();
  }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;
  // Runs f on the thread; returns when it has returned.
  void run(std::function<void()> f) {
    post(std::move(f));
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !job_; });
  }

 private:
  void post(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = std::move(f);
    stop_ = !job_;
    cv_.notify_all();
  }
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return job_ || stop_; });
      if (stop_) return;
      job_();
      job_ = nullptr;
      cv_.notify_all();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::function<void()> job_;
  bool stop_ = false;
  std::thread t_;
};

}  // namespace vmc::test

#endif  // VMC_TEST_UTIL_H
