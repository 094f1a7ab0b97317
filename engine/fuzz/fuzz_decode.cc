// fuzz_decode.cc -- the input format of the C API fuzz target: bytes to
// calls.  Every choice is one byte taken modulo its number of options (see
// fuzz_input.h); the options favour what finds bugs -- keys that collide,
// sizes at extent and pool boundaries -- and include every hostile form of
// each argument.
#include <cstdint>
#include <limits>
#include <string>

#include "fuzz_driver.h"

namespace vmc::fuzz {
namespace {

constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kMaxKey = (std::size_t{1} << 24) - 1;  // docs/SEMANTICS.md

}  // namespace

// The empty key, short ones, one with a NUL inside, and keys around the 64
// bytes a put copies on its stack.
const std::string& table_key(std::size_t i) {
  static const std::string keys[] = {"",
                                     "a",
                                     "b",
                                     "k3",
                                     std::string("k\0"
                                                 "4",
                                                 3),
                                     std::string(64, 'x'),
                                     std::string(65, 'y'),
                                     std::string(300, 'L')};
  return keys[i % (sizeof(keys) / sizeof(keys[0]))];
}

std::size_t Driver::decode_size_choice() {
  static const std::size_t sizes[] = {
      kMiB, 2 * kMiB, kMiB + 1, kMiB - 1, kMax, std::size_t{1} << 56, 0, kMiB + 4096};
  return sizes[in_.pick(8)];
}

std::size_t Driver::decode_extent_choice() {
  static const std::size_t sizes[] = {256, 257,  512,         4096, 65536, kMiB,
                                      255, kMax, kMiB + 4096, 0,    1000};
  return sizes[in_.pick(11)];
}

int Driver::decode_policy_choice() {
  switch (in_.pick(5)) {
    case 0:
      return VMEMCACHE_REPLACEMENT_NONE;
    case 1:
      return VMEMCACHE_REPLACEMENT_NUM;  // no policy
    case 2:
      return static_cast<int>(in_.u32());  // any bytes
    default:
      return VMEMCACHE_REPLACEMENT_LRU;
  }
}

const char* Driver::decode_path() {
  switch (in_.pick(8)) {
    case 0:
      return nullptr;
    case 1:
      return "/nonexistent/vmc-fuzz";
    case 2:
      return "/dev/null";  // a character device, not DAX
    case 3:
      return "/proc/self/status";  // a regular file
    case 4:
      return "";
    default:
      return pool_dir_.c_str();
  }
}

// The set-up every program starts with: size, extent size, policy (each
// possibly invalid or left at its default), then add.
void Driver::decode_setup(Op* size, Op* extent, Op* policy, Op* add) {
  const std::uint8_t which = in_.byte();
  size->code = extent->code = policy->code = Op::kSetter;
  size->raw = (which & 1) != 0 ? 0 : -1;  // -1: not called
  size->arg = decode_size_choice();
  extent->raw = (which & 2) != 0 ? 1 : -1;
  extent->arg = decode_extent_choice();
  policy->raw = (which & 4) != 0 ? 2 : -1;
  policy->arg = static_cast<std::size_t>(static_cast<unsigned>(decode_policy_choice()));
  add->code = Op::kAdd;
  add->path = (which & 8) != 0 ? decode_path() : pool_dir_.c_str();
}

KeyArg Driver::decode_key() {
  KeyArg k;
  const std::size_t c = in_.pick(16);
  if (c == 9 && in_.pick(4) != 0) {  // the 1 MiB key is costly: a quarter of its share
    k.bytes = table_key(1);
  } else if (c < 8 || c >= 12) {
    k.bytes = table_key(c < 8 ? c : in_.pick(4) + 1);
  } else if (c == 8) {
    k.null = true;
    k.size = in_.pick(2) == 0 ? 0 : in_.byte();
    return k;
  } else if (c == 9) {
    k.huge = true;
    k.size = kHugeKey - in_.pick(3);  // 1 MiB and just below
    return k;
  } else if (c == 10) {
    k.bytes = in_.bytes(in_.pick(16));
  } else {
    // Over the limit, with 3 real bytes: must fail before anything reads it.
    k.bytes = "abc";
    static const std::size_t over[] = {kMaxKey + 1, kMax, std::size_t{1} << 32};
    k.size = over[in_.pick(3)];
    return k;
  }
  k.size = k.bytes.size();
  return k;
}

ValueArg Driver::decode_value(bool top_level) {
  ValueArg v;
  std::size_t size = 0;
  switch (in_.pick(12)) {
    case 0:
      size = 0;
      break;
    case 1:
      v.null = true;
      break;  // NULL, size 0: valid
    case 2:
      v.null = true, v.size = 1 + in_.byte();
      return v;  // NULL with a size
    case 3:
      size = in_.byte();
      break;
    case 4:
      size = 128 + in_.byte();
      break;  // around one extent
    case 5:
      size = in_.u16();
      break;
    case 6:
      size = in_.pick(2) == 0 ? kMiB / 3 + in_.byte() : in_.u16() / 4;
      break;
    case 7:
      size = in_.pick(2) == 0 ? kMiB - in_.pick(2) * 4096 : 256 * std::size_t{in_.byte()};
      break;
    case 8:
      size = in_.pick(2) == 0 ? 2 * kMiB + 1 : 8 * std::size_t{in_.byte()};
      break;  // larger than any pool
    case 9:
      size = in_.pick(4) == 0 ? kSourceSize : 64 * std::size_t{in_.byte()};
      break;
    case 10:
      if (top_level) {
        v.v = {0, 16};
        v.size = kMax;  // lies about its size: ENOSPC without reading
        return v;
      }
      size = 16;
      break;
    default:
      size = 1000 + 16 * std::size_t{in_.byte()};
      break;
  }
  const std::size_t room = kSourceSize - size + 1;
  v.v = {v.null ? 0 : in_.u16() * std::size_t{7919} % room, v.null ? 0 : size};
  v.size = v.v.size;
  return v;
}

GetArgs Driver::decode_get() {
  GetArgs g;
  const std::uint8_t b = in_.byte();
  g.null_vsize = (b & 0x80) != 0;
  switch (b % 8) {
    case 0:
      g.null_buf = true, g.bufsize = in_.pick(2) == 0 ? 0 : kMax;
      break;
    case 1:
      g.bufsize = 0;
      break;
    case 2:
      g.bufsize = in_.byte();
      break;
    case 3:
      g.bufsize = kMax;
      break;  // the buffer holds any value the engine can hold
    default:
      g.bufsize = kSourceSize;
      break;
  }
  static const std::size_t offsets[] = {0,   0,    0,    0,        1,    255,
                                        256, 4096, kMiB, 2 * kMiB, kMax, kMax - 1};
  const std::size_t o = in_.pick(13);
  g.offset = o < 12 ? offsets[o] : in_.byte();
  return g;
}

Script Driver::decode_script(std::size_t max_actions) {
  Script s(in_.pick(max_actions + 1));
  for (Action& a : s) {
    a.kind = static_cast<Action::Kind>(in_.pick(Action::kNum));
    a.key_choice = in_.byte();
    if (a.kind == Action::kPut || a.kind == Action::kInsert) a.value = decode_value(false);
    if (a.kind == Action::kGet) a.bufsize = in_.pick(2) == 0 ? in_.byte() : kSourceSize;
    if (a.kind == Action::kStat) a.bufsize = in_.pick(11);  // the statistic, one past the last too
  }
  return s;
}

Op Driver::decode_op() {
  Op op;
  static const Op::Code codes[32] = {
      Op::kPut,          Op::kPut,           Op::kPut,    Op::kPut,   Op::kPut,
      Op::kPut,          Op::kGet,           Op::kGet,    Op::kGet,   Op::kGet,
      Op::kGet,          Op::kExists,        Op::kExists, Op::kEvict, Op::kEvict,
      Op::kEvict,        Op::kInsert,        Op::kInsert, Op::kVisit, Op::kVisit,
      Op::kHandleGet,    Op::kHandleRelease, Op::kStat,   Op::kStat,  Op::kCallbacks,
      Op::kCallbacks,    Op::kSetter,        Op::kAdd,    Op::kBench, Op::kNullCache,
      Op::kSharedWrites, Op::kHandleGet};
  op.code = codes[in_.pick(32)];
  switch (op.code) {
    case Op::kPut:
    case Op::kInsert:
      op.key = decode_key();
      op.value = decode_value(true);
      break;
    case Op::kGet:
      op.key = decode_key();
      op.get = decode_get();
      break;
    case Op::kExists:
      op.key = decode_key();
      op.flag = in_.pick(2) == 0;
      break;
    case Op::kEvict:
      op.flag = in_.pick(4) == 0;  // evict(NULL)
      op.key = decode_key();
      break;
    case Op::kStat:
      op.raw = static_cast<int>(in_.pick(13)) - 1;  // -1 .. 11: unknown ones on both sides
      op.flag = in_.pick(8) == 0;
      op.arg = in_.pick(8) == 0 ? in_.byte() : sizeof(unsigned long long);
      break;
    case Op::kVisit:
      op.key = decode_key();
      op.flag = in_.pick(16) == 0;
      op.visit_script = decode_script(3);
      break;
    case Op::kHandleGet:
      op.key = decode_key();
      op.slot = in_.pick(kHandleSlots);
      break;
    case Op::kHandleRelease:
      op.slot = in_.pick(kHandleSlots + 1);
      break;  // the last: all
    case Op::kCallbacks:
      op.evict_cb = static_cast<EvictCb>(in_.pick(3));
      op.miss_cb = in_.pick(2) == 0;
      op.evict_script = decode_script(4);
      op.miss_script = decode_script(4);
      break;
    case Op::kSetter:
      op.raw = static_cast<int>(in_.pick(4));
      op.arg = op.raw == 0   ? decode_size_choice()
               : op.raw == 1 ? decode_extent_choice()
               : op.raw == 2
                   ? static_cast<std::size_t>(static_cast<unsigned>(decode_policy_choice()))
                   : in_.byte();
      break;
    case Op::kAdd:
      op.path = decode_path();
      break;
    case Op::kBench:
      op.raw = static_cast<int>(in_.pick(7)) - 1;
      op.arg = in_.pick(2);
      break;
    case Op::kNullCache:
      op.raw = in_.byte();
      op.key = decode_key();
      break;
    case Op::kSharedWrites:
      op.flag = in_.pick(2) == 0;
      break;
    case Op::kNum:
      break;
  }
  return op;
}

}  // namespace vmc::fuzz
