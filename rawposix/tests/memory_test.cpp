// brk, mmap, munmap, mprotect inside the cage's linear memory, through 3i.
#include <fcntl.h>
#include <sys/mman.h>

#include "cage.h"
#include "cage_fixture.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

namespace lind::rawposix::test {
namespace {

constexpr uint64_t kWasmPage = 65536;
constexpr uint64_t kAnon = MAP_PRIVATE | MAP_ANONYMOUS;

// A cage whose memory starts at 2 wasm pages and may grow to 64 (4 MiB).
class MemoryTest : public CageTest {
 protected:
  void SetUp() override {
    CageTest::SetUp();
    memory_ = rt::MemoryInst::create(rt::Limits{2, 64});
    attach_memory(cage_, memory_.get());
  }
  int64_t mmap_anon(uint64_t len, uint64_t flags = kAnon, uint64_t addr = 0) {
    return call(LIND_SYS_mmap, addr, len, PROT_READ | PROT_WRITE, flags, uint64_t(-1), 0);
  }
  void fill(uint64_t addr, uint64_t len, uint8_t byte) { std::memset(memory_->data() + addr, byte, len); }
  bool all_zero(uint64_t addr, uint64_t len) {
    const uint8_t* p = memory_->data() + addr;
    for (uint64_t i = 0; i < len; ++i)
      if (p[i]) return false;
    return true;
  }
  // A host file installed as a cage fd (the open calls are another family).
  int install_host_fd(int host_fd) {
    auto f = std::make_shared<OpenFile>();
    f->host_fd = host_fd;
    return find_cage(cage_)->fds.allocate(std::move(f), false);
  }
};

TEST_F(MemoryTest, BrkStartsAtTheMemorySizeAndGrowsTheMemory) {
  const uint64_t start = memory_size();
  EXPECT_EQ(call(LIND_SYS_brk, 0), int64_t(start));
  EXPECT_EQ(call(LIND_SYS_brk, 0), int64_t(start));
  EXPECT_EQ(call(LIND_SYS_brk, start + 100), int64_t(start + 100));
  EXPECT_EQ(memory_size(), start + kWasmPage);
  EXPECT_TRUE(all_zero(start, 100));
  // Within the page already grown: no growth.
  EXPECT_EQ(call(LIND_SYS_brk, start + 5000), int64_t(start + 5000));
  EXPECT_EQ(memory_size(), start + kWasmPage);
  // Several pages at once.
  EXPECT_EQ(call(LIND_SYS_brk, start + 3 * kWasmPage + 1), int64_t(start + 3 * kWasmPage + 1));
  EXPECT_EQ(memory_size(), start + 4 * kWasmPage);
  EXPECT_TRUE(all_zero(start, 3 * kWasmPage + 1));
}

TEST_F(MemoryTest, BrkShrinksAndGrowingAgainGivesZeros) {
  const uint64_t start = call(LIND_SYS_brk, 0);
  ASSERT_EQ(call(LIND_SYS_brk, start + 3 * kWasmPage), int64_t(start + 3 * kWasmPage));
  fill(start, 3 * kWasmPage, 0xab);
  EXPECT_EQ(call(LIND_SYS_brk, start + 10), int64_t(start + 10));
  EXPECT_EQ(memory_->data()[start + 9], 0xab);  // below the break: kept
  EXPECT_EQ(call(LIND_SYS_brk, start + 3 * kWasmPage), int64_t(start + 3 * kWasmPage));
  EXPECT_EQ(memory_->data()[start + 9], 0xab);
  EXPECT_TRUE(all_zero(start + 10, 3 * kWasmPage - 10));
  // Writing past the break (no fault in linear memory) is zeroed when the
  // break passes it again.
  EXPECT_EQ(call(LIND_SYS_brk, start + 100), int64_t(start + 100));
  fill(start + 100, 4000, 0xcd);
  EXPECT_EQ(call(LIND_SYS_brk, start + 8192), int64_t(start + 8192));
  EXPECT_TRUE(all_zero(start + 100, 8092));
  // Back to the initial break is allowed, below it is not.
  EXPECT_EQ(call(LIND_SYS_brk, start), int64_t(start));
  EXPECT_EQ(call(LIND_SYS_brk, start - 1), int64_t(start));
  EXPECT_EQ(call(LIND_SYS_brk, 1), int64_t(start));
}

TEST_F(MemoryTest, BrkFailureReturnsTheCurrentBreak) {
  const uint64_t start = call(LIND_SYS_brk, 0);
  ASSERT_EQ(call(LIND_SYS_brk, start + 10), int64_t(start + 10));
  EXPECT_EQ(call(LIND_SYS_brk, 64 * kWasmPage + 1), int64_t(start + 10));  // beyond the maximum
  EXPECT_EQ(call(LIND_SYS_brk, uint64_t(1) << 32 | 5), int64_t(start + 10));
  EXPECT_EQ(call(LIND_SYS_brk, uint64_t(-4096)), int64_t(start + 10));
  // Someone else (malloc's sbrk) grew the memory after the heap: the break
  // can move inside the heap's page, never into that memory.
  const uint64_t theirs = memory_->grow(1) * kWasmPage;
  EXPECT_EQ(call(LIND_SYS_brk, start + kWasmPage), int64_t(start + kWasmPage));
  EXPECT_EQ(call(LIND_SYS_brk, start + kWasmPage + 1), int64_t(start + kWasmPage));
  EXPECT_EQ(memory_size(), theirs + kWasmPage);
}

TEST_F(MemoryTest, MmapGivesAlignedZeroedDisjointMemory) {
  const uint64_t before = memory_size();
  int64_t a = mmap_anon(100);
  ASSERT_GT(a, 0);
  EXPECT_EQ(a % 4096, 0);
  EXPECT_GE(uint64_t(a), before);  // never the program's own memory
  EXPECT_TRUE(all_zero(a, 4096));
  fill(a, 4096, 1);
  int64_t b = mmap_anon(8192);
  ASSERT_GT(b, 0);
  EXPECT_EQ(b % 4096, 0);
  EXPECT_TRUE(b >= a + 4096 || b + 8192 <= a);
  EXPECT_TRUE(all_zero(b, 8192));
  // Both came from the first wasm page grown; the rest of it is used before
  // the memory grows again.
  EXPECT_EQ(memory_size(), before + kWasmPage);
  int64_t c = mmap_anon(kWasmPage - 3 * 4096);
  ASSERT_GT(c, 0);
  EXPECT_EQ(memory_size(), before + kWasmPage);
  // A mapping that does not fit the free tail extends it: contiguous.
  int64_t d = mmap_anon(3 * kWasmPage);
  ASSERT_GT(d, 0);
  EXPECT_TRUE(all_zero(d, 3 * kWasmPage));
  EXPECT_LE(memory_size(), before + 4 * kWasmPage);
}

TEST_F(MemoryTest, MunmapedRangesAreReusedAndComeBackZeroed) {
  int64_t a = mmap_anon(3 * 4096);
  ASSERT_GT(a, 0);
  fill(a, 3 * 4096, 0x5a);
  ASSERT_EQ(call(LIND_SYS_munmap, a + 4096, 4096), 0);
  fill(a + 4096, 4096, 0x77);  // a stray write into unmapped memory
  int64_t b = mmap_anon(4096);
  EXPECT_EQ(b, a + 4096);  // first fit
  EXPECT_TRUE(all_zero(b, 4096));
  EXPECT_EQ(memory_->data()[a], 0x5a);  // neighbours untouched
  EXPECT_EQ(memory_->data()[a + 2 * 4096], 0x5a);
  // A large range: released to the host and zero again.
  const uint64_t size = memory_size();
  int64_t big = mmap_anon(5 * kWasmPage);
  ASSERT_GT(big, 0);
  fill(big, 5 * kWasmPage, 0xee);
  ASSERT_EQ(call(LIND_SYS_munmap, big, 5 * kWasmPage), 0);
  int64_t again = mmap_anon(5 * kWasmPage);
  EXPECT_EQ(again, big);
  EXPECT_TRUE(all_zero(again, 5 * kWasmPage));
  EXPECT_LE(memory_size(), size + 6 * kWasmPage);
}

TEST_F(MemoryTest, MmapNeverHandsOutMemoryItDidNotGrow) {
  const uint64_t start = call(LIND_SYS_brk, 0);
  ASSERT_EQ(call(LIND_SYS_brk, start + 4096), int64_t(start + 4096));
  int64_t a = mmap_anon(4096);
  ASSERT_GT(a, 0);
  EXPECT_GE(uint64_t(a), start + kWasmPage);  // not in the heap's page
  // malloc grows the memory; the arena's free tail is no longer at the end,
  // so the next big mapping is placed after malloc's page.
  const uint64_t theirs = memory_->grow(1) * kWasmPage;
  int64_t b = mmap_anon(2 * kWasmPage);
  ASSERT_GT(b, 0);
  EXPECT_GE(uint64_t(b), theirs + kWasmPage);
  // Small ones still fit in the arena's old page.
  int64_t c = mmap_anon(4096);
  ASSERT_GT(c, 0);
  EXPECT_LT(uint64_t(c), theirs);
  EXPECT_GE(uint64_t(c), start + kWasmPage);
  // And the heap cannot grow into any of it.
  EXPECT_EQ(call(LIND_SYS_brk, start + kWasmPage + 1), int64_t(start + 4096));
}

TEST_F(MemoryTest, HintsAreHonouredWhenFree) {
  int64_t a = mmap_anon(4 * 4096);
  ASSERT_GT(a, 0);
  ASSERT_EQ(call(LIND_SYS_munmap, a, 4 * 4096), 0);
  EXPECT_EQ(mmap_anon(4096, kAnon, a + 2 * 4096), a + 2 * 4096);
  EXPECT_EQ(mmap_anon(4096, kAnon, a + 3 * 4096 - 100), a + 3 * 4096);  // rounded up, free
  // A hint that is taken (or the program's memory) is ignored.
  int64_t b = mmap_anon(4096, kAnon, 4096);
  EXPECT_GT(b, 0);
  EXPECT_NE(b, 4096);
}

TEST_F(MemoryTest, MapFixedReplacesInsideTheArenaOnly) {
  int64_t a = mmap_anon(4 * 4096);
  ASSERT_GT(a, 0);
  fill(a, 4 * 4096, 0x11);
  EXPECT_EQ(mmap_anon(2 * 4096, kAnon | MAP_FIXED, a + 4096), a + 4096);
  EXPECT_TRUE(all_zero(a + 4096, 2 * 4096));
  EXPECT_EQ(memory_->data()[a], 0x11);
  EXPECT_EQ(memory_->data()[a + 3 * 4096], 0x11);
  // Over an unmapped part of the arena, too.
  ASSERT_EQ(call(LIND_SYS_munmap, a, 4096), 0);
  EXPECT_EQ(mmap_anon(2 * 4096, kAnon | MAP_FIXED, a), a);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4 * 4096, PROT_READ), 0);  // all mapped again
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED, a + 1), -EINVAL);
  // The program's memory, and beyond the memory: refused.
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED, 0), -ENOMEM);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED, 4096), -ENOMEM);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED, memory_size()), -ENOMEM);
  EXPECT_EQ(mmap_anon(8192, kAnon | MAP_FIXED, (uint64_t(1) << 32) - 4096), -ENOMEM);
}

TEST_F(MemoryTest, MapFixedNoreplace) {
  int64_t a = mmap_anon(4 * 4096);
  ASSERT_GT(a, 0);
  ASSERT_EQ(call(LIND_SYS_munmap, a + 4096, 2 * 4096), 0);
  EXPECT_EQ(mmap_anon(2 * 4096, kAnon | MAP_FIXED_NOREPLACE, a + 4096), a + 4096);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED_NOREPLACE, a), -EEXIST);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED_NOREPLACE, 8192), -EEXIST);  // program memory
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED_NOREPLACE, memory_size() + 4096), -ENOMEM);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_FIXED_NOREPLACE, a + 7), -EINVAL);
}

TEST_F(MemoryTest, MmapArgumentErrors) {
  const uint64_t rw = PROT_READ | PROT_WRITE;
  EXPECT_EQ(mmap_anon(0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, rw, kAnon, uint64_t(-1), 100), -EINVAL);  // offset
  const uint64_t end = memory_size();
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, rw, kAnon, uint64_t(-1), 8192), int64_t(end));
  EXPECT_EQ(mmap_anon(4096, MAP_ANONYMOUS), -EINVAL);  // no type
  EXPECT_EQ(mmap_anon(4096, MAP_ANONYMOUS | 0x0f), -EINVAL);
  EXPECT_EQ(mmap_anon(4096, 0x03 | MAP_ANONYMOUS), -EINVAL);  // MAP_SHARED_VALIDATE: not for anonymous memory
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_GROWSDOWN), -EINVAL);
  EXPECT_EQ(mmap_anon(4096, kAnon | MAP_HUGETLB), -EINVAL);
  // Accepted flags, and any protection (not enforced).
  EXPECT_GT(mmap_anon(4096, kAnon | MAP_NORESERVE | MAP_POPULATE | MAP_STACK | MAP_32BIT), 0);
  EXPECT_GT(call(LIND_SYS_mmap, 0, 4096, PROT_NONE, kAnon, 0, 0), 0);
  EXPECT_GT(call(LIND_SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC, kAnon, 0, 0), 0);
}

TEST_F(MemoryTest, HugeLengthsAreEnomemWithoutAllocating) {
  const uint64_t size = memory_size();
  EXPECT_EQ(mmap_anon(uint64_t(-1)), -ENOMEM);
  EXPECT_EQ(mmap_anon(uint64_t(1) << 32 | 1), -ENOMEM);
  EXPECT_EQ(mmap_anon(uint64_t(3) << 30), -ENOMEM);  // more than this memory's maximum
  EXPECT_EQ(mmap_anon(64 * kWasmPage), -ENOMEM);
  EXPECT_EQ(memory_size(), size);
  // Up to the maximum works, then nothing is left.
  EXPECT_GT(mmap_anon(62 * kWasmPage), 0);
  EXPECT_EQ(memory_size(), 64 * kWasmPage);
  EXPECT_EQ(mmap_anon(4096), -ENOMEM);
}

TEST_F(MemoryTest, FileMappingsAreRefusedWithLinuxErrnos) {
  const uint64_t rw = PROT_READ | PROT_WRITE;
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 99, 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, uint64_t(-1), 0), -EBADF);
  std::string path = host("f");
  int w = install_host_fd(::open(path.c_str(), O_WRONLY | O_CREAT, 0644));
  int r = install_host_fd(::open(path.c_str(), O_RDONLY));
  int rwfd = install_host_fd(::open(path.c_str(), O_RDWR));
  int p = install_host_fd(::open(path.c_str(), O_PATH));
  ASSERT_GE(w, 0);
  ASSERT_GE(p, 0);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, p, 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE, r, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, 0, r, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, w, 0), -EACCES);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, rw, MAP_SHARED, r, 0), -EACCES);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, r, 0), -ENODEV);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, rw, MAP_SHARED, rwfd, 0), -ENODEV);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, r, 4095), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mmap, 0, 4096, PROT_READ, 0x03 | 0x200000, r, 0), -EOPNOTSUPP);
}

TEST_F(MemoryTest, MunmapArguments) {
  int64_t a = mmap_anon(4096);
  ASSERT_GT(a, 0);
  EXPECT_EQ(call(LIND_SYS_munmap, a + 1, 4096), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_munmap, a, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_munmap, a, uint64_t(-4096)), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_munmap, uint64_t(1) << 33, 4096), -EINVAL);
  // Holes and memory that is not the arena's: nothing to do.
  EXPECT_EQ(call(LIND_SYS_munmap, 0, 4096), 0);
  EXPECT_EQ(call(LIND_SYS_munmap, memory_size() + 4096, 4096), 0);
  EXPECT_EQ(call(LIND_SYS_munmap, a, 1), 0);  // rounded up to the page
  EXPECT_EQ(call(LIND_SYS_munmap, a, 4096), 0);  // twice is fine
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4096, PROT_READ), -ENOMEM);
}

TEST_F(MemoryTest, MprotectValidatesTheRangeButCannotEnforce) {
  int64_t a = mmap_anon(4 * 4096);
  ASSERT_GT(a, 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4 * 4096, PROT_READ), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 1, PROT_NONE), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4096, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
  fill(a, 4, 9);  // deviation: still writable
  EXPECT_EQ(call(LIND_SYS_mprotect, a + 1, 4096, PROT_READ), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4096, 0x10), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4096, PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4096, PROT_READ | PROT_GROWSDOWN), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 0, PROT_READ), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, a + 1, 0, PROT_READ), -EINVAL);
  // Holes.
  ASSERT_EQ(call(LIND_SYS_munmap, a + 4096, 4096), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, a, 4 * 4096, PROT_READ), -ENOMEM);
  EXPECT_EQ(call(LIND_SYS_mprotect, a + 2 * 4096, 2 * 4096, PROT_READ), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, memory_size() - 4096, 8192, PROT_READ), -ENOMEM);
  EXPECT_EQ(call(LIND_SYS_mprotect, uint64_t(1) << 32, 4096, PROT_READ), -ENOMEM);
  EXPECT_EQ(call(LIND_SYS_mprotect, 4096, uint64_t(-4096), PROT_READ), -ENOMEM);
  // The program's own memory is mapped (its data, stack, malloc heap).
  EXPECT_EQ(call(LIND_SYS_mprotect, 0, 2 * kWasmPage, PROT_READ), 0);
}

TEST_F(MemoryTest, MprotectOnTheHeapFollowsTheBreak) {
  const uint64_t start = call(LIND_SYS_brk, 0);
  ASSERT_EQ(call(LIND_SYS_brk, start + 5000), int64_t(start + 5000));
  EXPECT_EQ(call(LIND_SYS_mprotect, start, 8192, PROT_READ), 0);  // the break's page is mapped
  EXPECT_EQ(call(LIND_SYS_mprotect, start, 8193, PROT_READ), -ENOMEM);
  EXPECT_EQ(call(LIND_SYS_mprotect, start + 3 * 4096, 4096, PROT_READ), -ENOMEM);
}

TEST_F(MemoryTest, NoMemoryYet) {
  attach_memory(cage_, nullptr);
  EXPECT_EQ(call(LIND_SYS_brk, 0), 0);
  EXPECT_EQ(mmap_anon(4096), -ENOMEM);
  EXPECT_EQ(call(LIND_SYS_munmap, 4096, 4096), 0);
  EXPECT_EQ(call(LIND_SYS_mprotect, 4096, 4096, PROT_READ), -ENOMEM);
  attach_memory(cage_, memory_.get());
}

TEST_F(MemoryTest, ManySmallMappingsStayBounded) {
  // Alternate map/unmap so the arena fragments; the maps stay valid.
  std::vector<int64_t> v;
  for (int i = 0; i < 200; ++i) {
    int64_t a = mmap_anon(4096);
    ASSERT_GT(a, 0);
    v.push_back(a);
  }
  for (size_t i = 0; i < v.size(); i += 2) ASSERT_EQ(call(LIND_SYS_munmap, v[i], 4096), 0);
  for (size_t i = 0; i < v.size(); i += 2) EXPECT_EQ(mmap_anon(4096), v[i]);
  EXPECT_LE(memory_size(), 2 * kWasmPage + 200 * 4096 + kWasmPage);
}

}  // namespace
}  // namespace lind::rawposix::test
