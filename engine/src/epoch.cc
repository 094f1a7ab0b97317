// epoch.cc -- see epoch.h for the design and the correctness argument.
#include "epoch.h"

namespace vmc {

void EpochDomain::retire(EpochRecord* rec, Entry* e, void (*free_fn)(void*, Entry*), void* ctx) {
  // Seq_cst: read after the unlink (itself seq_cst), so a reader pinned
  // later than this value cannot reach e.
  e->limbo.epoch = global_.load(std::memory_order_seq_cst);
  e->limbo.next = nullptr;
  if (rec->limbo_tail != nullptr)
    rec->limbo_tail->limbo.next = e;
  else
    rec->limbo_head = e;
  rec->limbo_tail = e;
  if (++rec->since_advance < kAdvanceEvery) return;
  rec->since_advance = 0;
  try_advance();
  const std::uint64_t g = global_.load(std::memory_order_seq_cst);
  while (rec->limbo_head != nullptr && rec->limbo_head->limbo.epoch + 2 <= g) {
    Entry* victim = rec->limbo_head;
    rec->limbo_head = victim->limbo.next;
    if (rec->limbo_head == nullptr) rec->limbo_tail = nullptr;
    free_fn(ctx, victim);
  }
}

void EpochDomain::drain(EpochRecord* rec, void (*free_fn)(void*, Entry*), void* ctx) {
  while (rec->limbo_head != nullptr) {
    Entry* victim = rec->limbo_head;
    rec->limbo_head = victim->limbo.next;
    free_fn(ctx, victim);
  }
  rec->limbo_tail = nullptr;
}

void EpochDomain::try_advance() {
  std::uint64_t g = global_.load(std::memory_order_seq_cst);
  // Acquire: records are published with release before the count grows.
  const std::uint32_t n = record_count_->load(std::memory_order_acquire);
  for (std::uint32_t i = 0; i < n; ++i) {
    // Seq_cst: must not be reordered before the load of global_ above.
    std::uint64_t l = record_at_(records_ctx_, i)->local.load(std::memory_order_seq_cst);
    if (l != 0 && l != g) return;
  }
  global_.compare_exchange_strong(g, g + 1, std::memory_order_seq_cst);
}

}  // namespace vmc
