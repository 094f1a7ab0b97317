// node_table.h -- the storage every fast simulator policy is built on: a
// vector of nodes indexed by 32-bit slot numbers, an IdMap from object id to
// slot, and intrusive doubly linked lists threaded through the nodes.
//
//   IdMap:   id --> slot
//   nodes_:  [ slot 0 ][ slot 1 ][ slot 2 ] ...   free slots chained in free_
//   List:    head <-> ... <-> tail   via Node::prev / Node::next (kNil ends)
//
// A node type must have `id`, `size`, `prev` and `next` members; policies add
// their own fields (a reference bit, a queue tag, a frequency).  Nothing is
// allocated per access once the vectors have grown to the working set.
//
// Single-threaded.
#ifndef VMC_SIM_NODE_TABLE_H
#define VMC_SIM_NODE_TABLE_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "id_map.h"

namespace vmc::sim {

inline constexpr std::uint32_t kNil = UINT32_MAX;

// The common head of every node.
struct NodeBase {
  std::uint64_t id = 0;
  std::uint64_t size = 0;
  std::uint32_t prev = kNil;
  std::uint32_t next = kNil;
};

template <class Node>
class NodeTable {
 public:
  // `expected` only presizes (up to kMaxReserve); the table grows as needed.
  static constexpr std::size_t kMaxReserve = 1 << 16;
  explicit NodeTable(std::size_t expected = 1024) : map_(std::min(expected, kMaxReserve)) {
    nodes_.reserve(std::min(expected, kMaxReserve));
  }

  std::uint32_t find(std::uint64_t id) const { return map_.find(id); }

  // REQUIRES: id absent.  Returns the new node's slot (fields defaulted).
  std::uint32_t add(std::uint64_t id, std::uint64_t size) {
    std::uint32_t i;
    if (!free_.empty()) {
      i = free_.back();
      free_.pop_back();
      nodes_[i] = Node{};
    } else {
      i = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    nodes_[i].id = id;
    nodes_[i].size = size;
    map_.insert(id, i);
    return i;
  }

  // REQUIRES: i live and unlinked from every list.
  void remove(std::uint32_t i) {
    map_.erase(nodes_[i].id);
    free_.push_back(i);
  }

  Node& operator[](std::uint32_t i) { return nodes_[i]; }
  const Node& operator[](std::uint32_t i) const { return nodes_[i]; }
  std::size_t live() const { return map_.size(); }

  std::size_t memory_bytes() const {
    return map_.memory_bytes() + nodes_.capacity() * sizeof(Node) +
           free_.capacity() * sizeof(std::uint32_t);
  }

 private:
  IdMap map_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
};

// An intrusive list over a NodeTable: head is the most recently inserted end.
// `count` and `bytes` are kept for the policies that budget per list.
template <class Node>
class List {
 public:
  std::uint32_t head = kNil;
  std::uint32_t tail = kNil;
  std::uint64_t count = 0;
  std::uint64_t bytes = 0;

  bool empty() const { return head == kNil; }

  void push_front(NodeTable<Node>& t, std::uint32_t i) {
    Node& n = t[i];
    n.prev = kNil;
    n.next = head;
    if (head != kNil) t[head].prev = i; else tail = i;
    head = i;
    ++count;
    bytes += n.size;
  }

  // REQUIRES: i in this list.
  void unlink(NodeTable<Node>& t, std::uint32_t i) {
    Node& n = t[i];
    if (n.prev != kNil) t[n.prev].next = n.next; else head = n.next;
    if (n.next != kNil) t[n.next].prev = n.prev; else tail = n.prev;
    n.prev = n.next = kNil;
    --count;
    bytes -= n.size;
  }

  void move_to_front(NodeTable<Node>& t, std::uint32_t i) {
    if (head == i) return;
    unlink(t, i);
    push_front(t, i);
  }
};

}  // namespace vmc::sim

#endif  // VMC_SIM_NODE_TABLE_H
