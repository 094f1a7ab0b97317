// nodiscard_check.cc -- compiled (never run) by nodiscard_test.sh: each
// line marked DISCARD drops a result of vmemcache.hpp, which must draw one
// "nodiscard" warning.
#include <vmemcache.hpp>

void discard_everything(vmemc::Cache& c, std::span<std::byte> buf) {
  vmemc::Cache::create({});            // DISCARD
  c.put("k", "v");                     // DISCARD
  c.insert_or_assign("k", "v");        // DISCARD
  c.evict("k");                        // DISCARD
  c.evict_one();                       // DISCARD
  c.get("k");                          // DISCARD
  c.get_bytes("k");                    // DISCARD
  c.get("k", buf);                     // DISCARD
  c.visit("k", [](vmemc::Pieces) {});  // DISCARD
  c.acquire("k");                      // DISCARD
  c.exists("k");                       // DISCARD
  c.stat(VMEMCACHE_STAT_GET);          // DISCARD
  c.stats();                           // DISCARD
  c.native_handle();                   // DISCARD
  vmemc::Result<int> r(1);
  r.has_value();  // DISCARD
  r.value();      // DISCARD
  r.value_or(2);  // DISCARD
  *r;             // DISCARD
}
