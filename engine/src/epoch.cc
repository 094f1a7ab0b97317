// epoch.cc -- see epoch.h for the design and the correctness argument.
#include "epoch.h"

#include <algorithm>

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

void EpochDomain::retire(EntryList* batch, Entry* e) {
  // Entry life (entry.h): claimed, unlinked from the index, out of its
  // ring, and no reference left.
  VMC_DCHECK(e->claimed() && !e->in_ring() &&
             EntryState::Refs::get(e->state.load(std::memory_order_relaxed)) == 0 &&
             (e->next.load(std::memory_order_relaxed) & Entry::kMarked) != 0);
  e->limbo.extents = e->extents();
  batch->push(e);
}

void EpochDomain::retire(Limbo* l, Entry* e) {
  EntryList one;
  retire(&one, e);
  LockGuard lock(l->mu);
  adopt(l, one);
}

void EpochDomain::adopt(Limbo* l, EntryList batch) {
  VMC_DCHECK(l->mu.held());
  if (batch.empty()) return;
  if (l->open.empty()) {
    l->open = batch;
  } else {
    l->open.tail->limbo.next = batch.head;
    l->open.tail = batch.tail;
    l->open.extents += batch.extents;
  }
  l->extents.store(l->extents.load(std::memory_order_relaxed) + batch.extents,
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
