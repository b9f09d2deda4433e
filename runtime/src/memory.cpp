// Linear memory and tables.
//
// A memory reserves 8 GiB + 64 KiB of inaccessible address space up front
// and makes pages accessible as it grows. Any wasm address (32-bit base plus
// 32-bit offset, at most 8 bytes wide) lands inside the reservation, so
// loads and stores need no bounds check: an access beyond the current size
// faults, and memory_fault.cpp turns the fault into a trap. The base never
// moves, so growing never invalidates pointers held by the interpreter.
#include <sys/mman.h>

#include <cerrno>
#include <cstring>

#include "lind/runtime.h"

namespace lind::rt {
namespace {
constexpr size_t kReservation = (size_t{1} << 33) + 65536;
constexpr uint64_t kMaxPages = 65536;                // 4 GiB: the wasm32 limit
constexpr uint32_t kMaxTableElems = 10'000'000;       // a resource limit of ours
}  // namespace

std::shared_ptr<MemoryInst> MemoryInst::create(Limits limits) {
  void* p = mmap(nullptr, kReservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    throw Error(Error::Kind::Unsupported, std::string("cannot reserve linear memory: ") + std::strerror(errno));
  auto m = std::make_shared<MemoryInst>(static_cast<uint8_t*>(p), kReservation, limits);
  if (m->grow(limits.min) < 0)
    throw Error(Error::Kind::Unsupported, "cannot allocate " + std::to_string(limits.min) + " pages of linear memory");
  return m;
}

MemoryInst::MemoryInst(uint8_t* base, size_t reserved, Limits limits)
    : base_(base), reserved_(reserved), limits_(limits) {}

MemoryInst::~MemoryInst() { munmap(base_, reserved_); }

int64_t MemoryInst::grow(uint64_t delta) {
  uint64_t old = pages_;
  uint64_t max = limits_.max ? std::min(*limits_.max, kMaxPages) : kMaxPages;
  if (delta > max || old + delta > max) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  if (mprotect(base_ + old * kPageSize, delta * kPageSize, PROT_READ | PROT_WRITE) != 0) return -1;
  pages_ = old + delta;
  return static_cast<int64_t>(old);
}

bool MemoryInst::read(uint64_t addr, void* out, uint64_t len) const {
  if (!in_bounds(addr, len)) return false;
  std::memcpy(out, base_ + addr, len);
  return true;
}

bool MemoryInst::write(uint64_t addr, const void* in, uint64_t len) {
  if (!in_bounds(addr, len)) return false;
  std::memcpy(base_ + addr, in, len);
  return true;
}

std::shared_ptr<TableInst> TableInst::create(ValType elem, Limits limits, uint64_t init) {
  if (limits.min > kMaxTableElems)
    throw Error(Error::Kind::Unsupported, "table of " + std::to_string(limits.min) + " elements is too large");
  return std::make_shared<TableInst>(elem, limits, init);
}

TableInst::TableInst(ValType elem, Limits limits, uint64_t init)
    : elem_(elem), limits_(limits), elems_(limits.min, init) {}

int64_t TableInst::grow(uint32_t delta, uint64_t init) {
  uint64_t old = elems_.size();
  uint64_t max = limits_.max ? std::min<uint64_t>(*limits_.max, kMaxTableElems) : kMaxTableElems;
  if (delta > max || old + delta > max) return -1;
  elems_.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

}  // namespace lind::rt
