// Linear memory and tables.
//
// A memory reserves 8 GiB + 64 KiB of inaccessible address space up front
// and makes pages accessible as it grows. Any wasm address (32-bit base plus
// 32-bit offset, at most 8 bytes wide) lands inside the reservation, so
// loads and stores need no bounds check: an access beyond the current size
// faults, and memory_fault.cpp turns the fault into a trap. The base never
// moves, so growing never invalidates pointers held by the interpreter.
//
// Shared regions (MAP_SHARED|MAP_ANONYMOUS in a cage) are host memfds mapped
// MAP_SHARED|MAP_FIXED over their part of the reservation. A clone maps the
// same memfd at the same offsets, so the pages stay shared across fork; each
// memory records its regions (start → memfd and offset) and the memfd stays
// open while any memory's region uses it (a mapping alone would keep the
// pages, but not a way to map them again in the next clone).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "lind/runtime.h"

namespace lind::rt {
namespace {
constexpr size_t kReservation = (size_t{1} << 33) + 65536;
constexpr uint64_t kMaxPages = 65536;                // 4 GiB: the wasm32 limit
constexpr uint32_t kMaxTableElems = 10'000'000;       // a resource limit of ours
constexpr uint64_t kHostPage = 4096;

// The kernel's page table as this process may read it: one 64-bit entry per
// host page, bit 63 "present", bit 62 "swapped". A page that is neither was
// never touched, so it reads as zeros and need not even be looked at (looking
// would fault in the zero page). -1 when /proc is not there; then every page
// is looked at. Opened with the first memory, before lind-boot confines
// itself.
int pagemap_fd() {
  static const int fd = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  return fd;
}
}  // namespace

std::shared_ptr<MemoryInst> MemoryInst::create(Limits limits) {
  pagemap_fd();
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

struct MemoryInst::SharedBacking {
  int fd;
  explicit SharedBacking(int fd) : fd(fd) {}
  ~SharedBacking() { ::close(fd); }
};

namespace {

// Which of the `count` host pages from `p` were ever touched: non-zero
// entries in `out` (all of them when the page map cannot be read).
void touched_pages(const uint8_t* p, uint64_t count, uint64_t* out) {
  constexpr uint64_t kPresent = uint64_t{1} << 63, kSwapped = uint64_t{1} << 62;
  const int fd = pagemap_fd();
  const auto bytes = static_cast<ssize_t>(count * sizeof(uint64_t));
  const auto at = static_cast<off_t>(reinterpret_cast<uintptr_t>(p) / kHostPage * sizeof(uint64_t));
  if (fd < 0 || ::pread(fd, out, bytes, at) != bytes) {
    std::fill(out, out + count, kPresent);
    return;
  }
  for (uint64_t i = 0; i < count; ++i) out[i] &= kPresent | kSwapped;
}

// Copies `bytes` of memory, skipping 4 KiB pages that are all zero in the
// source: the clone's pages start zeroed, so untouched memory costs neither
// copy nor page faults in the child. Pages the kernel says were never
// touched are skipped without reading them.
void copy_nonzero_pages(uint8_t* dst, const uint8_t* src, uint64_t bytes) {
  static const uint8_t kZero[kHostPage] = {};
  constexpr uint64_t kBatch = 1024;  // page-map entries read at once
  uint64_t touched[kBatch];
  const uint64_t pages = (bytes + kHostPage - 1) / kHostPage;
  for (uint64_t first = 0; first < pages; first += kBatch) {
    const uint64_t count = std::min(kBatch, pages - first);
    touched_pages(src + first * kHostPage, count, touched);
    for (uint64_t i = 0; i < count; ++i) {
      if (!touched[i]) continue;
      const uint64_t off = (first + i) * kHostPage;
      const uint64_t n = std::min(kHostPage, bytes - off);
      if (std::memcmp(src + off, kZero, n) != 0) std::memcpy(dst + off, src + off, n);
    }
  }
}

}  // namespace

std::shared_ptr<MemoryInst> MemoryInst::clone() const {
  auto m = create(limits_);
  if (m->grow(pages_ - m->pages_) < 0) throw Error(Error::Kind::Unsupported, "cannot allocate the clone's memory");
  std::lock_guard lock(shared_mu_);
  uint64_t copied = 0;  // private bytes below this are done
  for (const auto& [start, region] : shared_) {
    copy_nonzero_pages(m->base_ + copied, base_ + copied, start - copied);
    if (!m->map_backing_locked(start, region))
      throw Error(Error::Kind::Unsupported, std::string("cannot share memory with the clone: ") + std::strerror(errno));
    copied = region.end;
  }
  copy_nonzero_pages(m->base_ + copied, base_ + copied, size_bytes() - copied);
  return m;
}

// Maps `region` at `start` and records it. Called with shared_mu_ held (or
// on a memory no other thread knows yet).
bool MemoryInst::map_backing_locked(uint64_t start, SharedRegion region) {
  void* want = base_ + start;
  void* p = ::mmap(want, region.end - start, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, region.backing->fd,
                   static_cast<off_t>(region.backing_offset));
  if (p == MAP_FAILED) return false;
  shared_.emplace(start, std::move(region));
  return true;
}

// Drops the records of [start, end), keeping the parts of regions outside it.
void MemoryInst::forget_shared_locked(uint64_t start, uint64_t end) {
  auto it = shared_.lower_bound(start);
  if (it != shared_.begin() && std::prev(it)->second.end > start) --it;
  while (it != shared_.end() && it->first < end) {
    uint64_t s = it->first;
    SharedRegion r = std::move(it->second);
    it = shared_.erase(it);
    if (s < start) shared_.emplace(s, SharedRegion{start, r.backing, r.backing_offset});
    if (r.end > end) it = shared_.emplace(end, SharedRegion{r.end, r.backing, r.backing_offset + (end - s)}).first;
  }
}

bool MemoryInst::map_shared(uint64_t addr, uint64_t len) {
  if (len == 0 || !in_bounds(addr, len)) {
    errno = EINVAL;
    return false;
  }
  int fd = ::memfd_create("lind-shared", MFD_CLOEXEC);
  if (fd < 0) return false;
  auto backing = std::make_shared<SharedBacking>(fd);
  if (::ftruncate(fd, static_cast<off_t>(len)) != 0) return false;
  std::lock_guard lock(shared_mu_);
  forget_shared_locked(addr, addr + len);
  if (map_backing_locked(addr, SharedRegion{addr + len, std::move(backing), 0})) return true;
  // MAP_FIXED may have dropped part of what was there: leave zero pages.
  int e = errno;
  ::mmap(base_ + addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  errno = e;
  return false;
}

bool MemoryInst::unshare(uint64_t addr, uint64_t len) {
  std::lock_guard lock(shared_mu_);
  const uint64_t end = addr + len;
  auto it = shared_.lower_bound(addr);
  if (it != shared_.begin() && std::prev(it)->second.end > addr) --it;
  for (; it != shared_.end() && it->first < end; ++it) {
    uint64_t s = std::max(it->first, addr), e = std::min(it->second.end, end);
    void* p = ::mmap(base_ + s, e - s, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                     -1, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      forget_shared_locked(addr, s);
      errno = err;
      return false;
    }
  }
  forget_shared_locked(addr, end);
  return true;
}

std::vector<MemoryInst::SharedRange> MemoryInst::shared_ranges() const {
  std::lock_guard lock(shared_mu_);
  std::vector<SharedRange> out;
  for (const auto& [start, region] : shared_) out.push_back({start, region.end});
  return out;
}

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
