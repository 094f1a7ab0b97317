// node_table.h -- the storage every fast simulator policy is built on: a
// vector of nodes indexed by 32-bit slot numbers, a hash index from object
// id to slot, and intrusive doubly linked lists threaded through the nodes.
//
// Why not std::unordered_map + std::list: a heap node per object and pointer
// chasing cost more than the whole LRU step.  Here an index entry is 8 bytes
// (half of an id + slot pair), so the index of a 60 K-object cache fits in
// L2, and a probe reads a node only when its 32-bit tag matches.
//
//   index_:  id --> slot (open addressing, 8 bytes an entry, see below)
//   nodes_:  [ slot 0 ][ slot 1 ][ slot 2 ] ...   free slots listed in free_
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
  explicit NodeTable(std::size_t expected = 1024) {
    std::size_t n = std::min(expected, kMaxReserve);
    nodes_.reserve(n);
    std::size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    rehash(cap);
  }

  // The slot of `id`, or kNil.
  std::uint32_t find(std::uint64_t id) const {
    const std::uint64_t h = hash(id);
    const std::uint32_t tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h >> shift_;; i = (i + 1) & mask_) {
      const std::uint64_t e = index_[i];
      if (e == kEmpty) return kNil;
      const std::uint32_t n = static_cast<std::uint32_t>(e);
      if (static_cast<std::uint32_t>(e >> 32) == tag && nodes_[n].id == id) return n;
    }
  }

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
    if ((live_ + 1) * 2 > index_.size()) rehash(index_.size() * 2);
    place(hash(id), i);
    ++live_;
    return i;
  }

  // REQUIRES: i live and unlinked from every list.
  void remove(std::uint32_t n) {
    std::size_t i = hash(nodes_[n].id) >> shift_;
    while (static_cast<std::uint32_t>(index_[i]) != n) i = (i + 1) & mask_;
    // Backward-shift deletion (no tombstones): pull later members of the
    // run into the hole when their probe distance reaches back to it.  An
    // entry's home is the top bits of its tag, so nodes are not touched.
    std::size_t hole = i;
    for (std::size_t j = (i + 1) & mask_; index_[j] != kEmpty; j = (j + 1) & mask_) {
      if (((j - home_of(index_[j])) & mask_) >= ((j - hole) & mask_)) {
        index_[hole] = index_[j];
        hole = j;
      }
    }
    index_[hole] = kEmpty;
    --live_;
    free_.push_back(n);
  }

  Node& operator[](std::uint32_t i) { return nodes_[i]; }
  const Node& operator[](std::uint32_t i) const { return nodes_[i]; }
  std::size_t live() const { return live_; }

  std::size_t memory_bytes() const {
    return index_.capacity() * sizeof(std::uint64_t) + nodes_.capacity() * sizeof(Node) +
           free_.capacity() * sizeof(std::uint32_t);
  }

 private:
  // Index layout: a power-of-two array of 8-byte entries, linear probing.
  //
  //   index_: [ tag u32 | slot u32 ] [ tag | slot ] ...     kEmpty: all ones
  //
  // tag = the top 32 bits of id * 2^64/phi (Fibonacci hashing); the home
  // entry is its top log2(size) bits, so the table holds up to 2^32 entries.
  // A probe compares the tag first and reads the node only on a tag match.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  static std::uint64_t hash(std::uint64_t id) { return id * 0x9e3779b97f4a7c15ULL; }

  std::size_t home_of(std::uint64_t entry) const {
    return static_cast<std::size_t>(entry >> 32) >> (shift_ - 32);
  }

  void place(std::uint64_t h, std::uint32_t n) { place_entry((h & 0xffffffff00000000ULL) | n); }

  void place_entry(std::uint64_t e) {
    std::size_t i = home_of(e);
    while (index_[i] != kEmpty) i = (i + 1) & mask_;
    index_[i] = e;
  }

  // The tags hold enough of the hash to re-home every entry.
  void rehash(std::size_t cap) {
    std::vector<std::uint64_t> old(cap, kEmpty);
    old.swap(index_);
    mask_ = cap - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(cap));
    for (std::uint64_t e : old)
      if (e != kEmpty) place_entry(e);
  }

  std::vector<std::uint64_t> index_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t live_ = 0;
};

// An intrusive list over a NodeTable: head is the most recently inserted end.
// `count` and `bytes` are kept for the policies that budget per list.  A node
// in two lists at once (LeCaR's and Cacheus's recency and frequency orders)
// gives the second list its own link members through a Links type naming
// them (see FreqLinks in lecar.cc).
struct DefaultLinks {
  template <class N>
  static std::uint32_t& prev(N& n) {
    return n.prev;
  }
  template <class N>
  static std::uint32_t& next(N& n) {
    return n.next;
  }
};

template <class Node, class Links = DefaultLinks>
class List {
 public:
  std::uint32_t head = kNil;
  std::uint32_t tail = kNil;
  std::uint64_t count = 0;
  std::uint64_t bytes = 0;

  bool empty() const { return head == kNil; }

  void push_front(NodeTable<Node>& t, std::uint32_t i) {
    Node& n = t[i];
    Links::prev(n) = kNil;
    Links::next(n) = head;
    if (head != kNil)
      Links::prev(t[head]) = i;
    else
      tail = i;
    head = i;
    ++count;
    bytes += n.size;
  }

  // REQUIRES: i in this list.
  void unlink(NodeTable<Node>& t, std::uint32_t i) {
    Node& n = t[i];
    const std::uint32_t p = Links::prev(n), x = Links::next(n);
    if (p != kNil)
      Links::next(t[p]) = x;
    else
      head = x;
    if (x != kNil)
      Links::prev(t[x]) = p;
    else
      tail = p;
    Links::prev(n) = Links::next(n) = kNil;
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
