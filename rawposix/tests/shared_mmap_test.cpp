// MAP_SHARED|MAP_ANONYMOUS through 3i: the mapping stays shared with forked
// children (and theirs); munmap or MAP_FIXED over part of it in one cage
// leaves the others' pages alone; MAP_PRIVATE stays private.
#include <sys/mman.h>

#include "clone_fixture.h"

namespace lind::rawposix::test {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kRw = PROT_READ | PROT_WRITE;

class SharedMmapTest : public CloneTest {
 protected:
  int64_t mmap_as(CageId cage, uint64_t len, uint64_t flags, uint64_t addr = 0) {
    return call_as(cage, LIND_SYS_mmap, addr, len, kRw, flags | MAP_ANONYMOUS, uint64_t(-1), 0);
  }
  static uint32_t peek(CageId cage, uint64_t addr) {
    uint32_t v = 0;
    EXPECT_TRUE(memory_of(cage)->read(addr, &v, sizeof v));
    return v;
  }
  static void poke(CageId cage, uint64_t addr, uint32_t v) { EXPECT_TRUE(memory_of(cage)->write(addr, &v, sizeof v)); }
  void end(CageId child) {
    exit_cage(child, 0);
    EXPECT_EQ(wait(child), child);
  }
};

TEST_F(SharedMmapTest, SharedWithChildrenAndGrandchildren) {
  const int64_t sh = mmap_as(cage_, 3 * kPage, MAP_SHARED);
  const int64_t pv = mmap_as(cage_, kPage, MAP_PRIVATE);
  ASSERT_GT(sh, 0);
  ASSERT_GT(pv, 0);
  EXPECT_EQ(sh % kPage, 0);
  poke(cage_, sh, 1);
  poke(cage_, pv, 1);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  EXPECT_EQ(peek(child, sh), 1u);
  EXPECT_EQ(peek(child, pv), 1u);
  poke(child, sh + 2 * kPage, 2);
  poke(child, pv, 2);
  EXPECT_EQ(peek(cage_, sh + 2 * kPage), 2u);
  EXPECT_EQ(peek(cage_, pv), 1u);

  const int64_t grandchild = fork_as(child);
  ASSERT_GT(grandchild, 0);
  poke(grandchild, sh + 4, 3);
  EXPECT_EQ(peek(cage_, sh + 4), 3u);
  EXPECT_EQ(peek(child, sh + 4), 3u);
  EXPECT_EQ(peek(grandchild, pv), 2u);  // the child's private copy
  exit_cage(grandchild, 0);
  EXPECT_EQ(wait_as(child, grandchild), grandchild);
  end(child);
  EXPECT_EQ(peek(cage_, sh + 4), 3u);  // outlives the cages that wrote it
}

TEST_F(SharedMmapTest, MunmapInTheChildLeavesTheParentsPages) {
  const int64_t sh = mmap_as(cage_, 4 * kPage, MAP_SHARED);
  ASSERT_GT(sh, 0);
  for (uint64_t p = 0; p < 4; ++p) poke(cage_, sh + p * kPage, 10 + p);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  EXPECT_EQ(call_as(child, LIND_SYS_munmap, sh + kPage, 2 * kPage), 0);
  for (uint64_t p = 0; p < 4; ++p) EXPECT_EQ(peek(cage_, sh + p * kPage), 10 + p);
  // The pages the child kept are still shared; the unmapped ones come back
  // as its own zero pages.
  poke(child, sh, 20);
  poke(cage_, sh + 3 * kPage, 23);
  EXPECT_EQ(peek(cage_, sh), 20u);
  EXPECT_EQ(peek(child, sh + 3 * kPage), 23u);
  const int64_t again = mmap_as(child, 2 * kPage, MAP_PRIVATE, sh + kPage);
  EXPECT_EQ(again, sh + int64_t(kPage));
  EXPECT_EQ(peek(child, sh + kPage), 0u);
  poke(child, sh + kPage, 99);
  EXPECT_EQ(peek(cage_, sh + kPage), 11u);
  end(child);
}

TEST_F(SharedMmapTest, MapFixedOverPartOfItIsPrivateToThatCage) {
  const int64_t sh = mmap_as(cage_, 3 * kPage, MAP_SHARED);
  ASSERT_GT(sh, 0);
  poke(cage_, sh + kPage, 5);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  EXPECT_EQ(mmap_as(child, kPage, MAP_PRIVATE | MAP_FIXED, sh + kPage), sh + int64_t(kPage));
  EXPECT_EQ(peek(child, sh + kPage), 0u);
  EXPECT_EQ(peek(cage_, sh + kPage), 5u);
  poke(child, sh + kPage, 6);
  EXPECT_EQ(peek(cage_, sh + kPage), 5u);
  poke(child, sh + 2 * kPage, 7);  // the rest is still shared
  EXPECT_EQ(peek(cage_, sh + 2 * kPage), 7u);
  // A new shared mapping over it in the parent is a new object: not the child's.
  EXPECT_EQ(mmap_as(cage_, kPage, MAP_SHARED | MAP_FIXED, sh), sh);
  EXPECT_EQ(peek(cage_, sh), 0u);
  poke(cage_, sh, 8);
  EXPECT_EQ(peek(child, sh), 0u);
  end(child);
}

TEST_F(SharedMmapTest, ReusedRangesAreZeroAndPrivate) {
  const int64_t sh = mmap_as(cage_, kPage, MAP_SHARED);
  ASSERT_GT(sh, 0);
  poke(cage_, sh, 1);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  ASSERT_EQ(call(LIND_SYS_munmap, sh, kPage), 0);
  const int64_t pv = mmap_as(cage_, kPage, MAP_PRIVATE);
  EXPECT_EQ(pv, sh);  // first fit: the same range
  EXPECT_EQ(peek(cage_, pv), 0u);
  poke(cage_, pv, 2);
  EXPECT_EQ(peek(child, sh), 1u);
  end(child);
}

TEST_F(SharedMmapTest, ErrorsAndFlags) {
  EXPECT_EQ(mmap_as(cage_, kPage, 0x03), -EINVAL);  // MAP_SHARED_VALIDATE
  EXPECT_EQ(mmap_as(cage_, kPage, MAP_SHARED | MAP_GROWSDOWN), -EINVAL);
  EXPECT_EQ(mmap_as(cage_, 0, MAP_SHARED), -EINVAL);
  // The offset of an anonymous shared mapping is ignored (once aligned).
  EXPECT_GT(call(LIND_SYS_mmap, 0, kPage, kRw, MAP_SHARED | MAP_ANONYMOUS, uint64_t(-1), 8192), 0);
  EXPECT_GT(mmap_as(cage_, kPage, MAP_SHARED | MAP_NORESERVE | MAP_POPULATE), 0);
}

TEST_F(SharedMmapTest, ExecForgetsSharedRegions) {
  const int64_t sh = mmap_as(cage_, kPage, MAP_SHARED);
  ASSERT_GT(sh, 0);
  const int64_t child = fork();
  ASSERT_GT(child, 0);
  // exec gives the cage a new memory (a new instance): nothing is shared.
  auto fresh = rt::MemoryInst::create(rt::Limits{2, 64});
  prepare_exec(static_cast<CageId>(child), StartInfo{{"new"}, {}});
  attach_memory(child, fresh.get());
  EXPECT_TRUE(fresh->shared_ranges().empty());
  EXPECT_GT(mmap_as(child, kPage, MAP_PRIVATE), 0);
  poke(cage_, sh, 4);
  EXPECT_EQ(peek(child, sh), 0u);
  end(child);
}

}  // namespace
}  // namespace lind::rawposix::test
