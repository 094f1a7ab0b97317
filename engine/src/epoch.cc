// epoch.cc -- see epoch.h for the design and the correctness argument.
#include "epoch.h"

#include <algorithm>
#include <mutex>

namespace vmc {

void EntryList::push(Entry* e) {
  e->limbo.next = nullptr;
  if (tail != nullptr)
    tail->limbo.next = e;
  else
    head = e;
  tail = e;
  extents += e->limbo.extents;
}

void EpochDomain::retire(Limbo* l, Entry* e) {
  e->limbo.extents = e->extents();
  std::lock_guard<Lock> lock(l->mu);
  l->open.push(e);
  l->extents.store(l->extents.load(std::memory_order_relaxed) + e->limbo.extents,
                   std::memory_order_relaxed);
}

bool EpochDomain::waiting_done(Limbo* l) {
  // Acquire: a changed value was written by the reader's unpin (release) or
  // a later store of its (all are releases), so its reads happen before ours.
  std::erase_if(l->waiting, [](const auto& w) {
    return w.first->pins.load(std::memory_order_acquire) != w.second;
  });
  return l->waiting.empty();
}

}  // namespace vmc
