// cache_spec.cc -- naming and building the caches under test: the --caches
// grammar (cache_under_test.h), the default library paths, make_cache.
#include <stdexcept>
#include <string>

#include "cache_under_test.h"
#include "dl_library.h"

namespace vmc::bench {

const char* const kSharedWriteOpNames[kSharedWriteOps] = {"get-hit", "get-miss", "put",
                                                          "evicting put", "evict"};

SharedWrites operator-(const SharedWrites& after, const SharedWrites& before) {
  SharedWrites d;
  for (int i = 0; i < kSharedWriteOps; ++i) {
    d[i] = {after[i].ops - before[i].ops, after[i].rmw - before[i].rmw,
            after[i].stores - before[i].stores};
  }
  return d;
}

LibraryPaths default_library_paths() {
  LibraryPaths p;
#ifdef VMC_BENCH_ENGINE_LIB
  p.engine = VMC_BENCH_ENGINE_LIB;
#endif
#ifdef VMC_BENCH_SOURCE_DIR
  p.upstream = std::string(VMC_BENCH_SOURCE_DIR) +
               "/../shared/baselines/libvmemcache-upstream/libvmemcache.so.0";
#endif
  return p;
}

namespace {

void library(CacheConfig* cfg, std::string name, const std::string& path, const char* flag) {
  if (path.empty()) {
    throw std::invalid_argument("cache '" + name + "': no library path known: pass " + flag);
  }
  if (!library_present(path)) {
    throw std::invalid_argument("cache '" + name + "': " + path + " does not exist: pass " + flag +
                                " PATH or drop '" + name + "' from --caches");
  }
  cfg->kind = CacheKind::kLibrary;
  cfg->name = std::move(name);
  cfg->lib_path = path;
}

}  // namespace

void parse_cache_spec(std::string_view spec_in, const LibraryPaths& paths, CacheConfig* cfg) {
  std::string spec(spec_in);
  cfg->huge_pages = -1;
  std::string suffix;
  for (const char* s : {"+thp", "+nothp"}) {
    const std::string sfx = s;
    if (spec.size() > sfx.size() && spec.compare(spec.size() - sfx.size(), sfx.size(), sfx) == 0) {
      suffix = sfx;
      cfg->huge_pages = sfx == "+thp" ? 1 : 0;
      spec.resize(spec.size() - sfx.size());
    }
  }
  if (spec == "engine") {
    library(cfg, "engine", paths.engine, "--engine-lib");
  } else if (spec == "upstream") {
    library(cfg, "upstream", paths.upstream, "--upstream-lib");
  } else if (spec.rfind("lib:", 0) == 0) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 4 || eq + 1 == spec.size()) {
      throw std::invalid_argument("cache '" + spec + "': write lib:NAME=PATH");
    }
    library(cfg, spec.substr(4, eq - 4), spec.substr(eq + 1), "lib:NAME=PATH");
  } else if (spec == "textbook" || spec == "sharded" || spec == "copy") {
    if (!suffix.empty() && spec != "copy") {
      throw std::invalid_argument("cache '" + spec + suffix +
                                  "': +thp/+nothp is for libraries and copy");
    }
    cfg->kind = spec == "textbook"  ? CacheKind::kTextbook
                : spec == "sharded" ? CacheKind::kSharded
                                    : CacheKind::kCopy;
    cfg->name = spec;
  } else {
    throw std::invalid_argument(
        "unknown cache '" + spec +
        "': use engine, upstream, lib:NAME=PATH, textbook, sharded or copy");
  }
  cfg->name += suffix;
}

std::unique_ptr<CacheUnderTest> make_cache(const CacheConfig& cfg) {
  if (cfg.extent_size == 0) throw std::invalid_argument("extent size 0");
  switch (cfg.kind) {
    case CacheKind::kLibrary:
      return make_library_cache(cfg);
    case CacheKind::kTextbook:
      return make_textbook_cache(cfg);
    case CacheKind::kSharded:
      return make_sharded_cache(cfg);
    case CacheKind::kCopy:
      return make_copy_cache(cfg);
  }
  throw std::invalid_argument("unknown cache kind");
}

}  // namespace vmc::bench
