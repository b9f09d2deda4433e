// Shared regions of a linear memory (what a cage's MAP_SHARED|MAP_ANONYMOUS
// becomes): clones (fork) map the same pages instead of copying them;
// unsharing or replacing a region in one memory leaves the others alone;
// the host memfd lives while some memory maps it.
#include <dirent.h>

#include <cstring>

#include "test_util.h"

namespace lind::rt::test {
namespace {

constexpr uint64_t kPage = 4096;
using Range = MemoryInst::SharedRange;

uint32_t peek(const MemoryInst& m, uint64_t addr) {
  uint32_t v = 0;
  EXPECT_TRUE(m.read(addr, &v, sizeof v));
  return v;
}
void poke(MemoryInst& m, uint64_t addr, uint32_t v) { EXPECT_TRUE(m.write(addr, &v, sizeof v)); }

int open_fds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

std::shared_ptr<MemoryInst> memory(uint64_t pages = 2) { return MemoryInst::create(Limits{pages, std::nullopt}); }

TEST(SharedMemory, ACloneSharesTheRegionAndCopiesTheRest) {
  auto parent = memory();
  poke(*parent, 0, 1);                     // private, before the region
  ASSERT_TRUE(parent->map_shared(2 * kPage, 3 * kPage));
  poke(*parent, 2 * kPage + 8, 2);         // shared
  poke(*parent, 6 * kPage, 3);             // private, after the region
  auto child = parent->clone();
  EXPECT_EQ(child->pages(), parent->pages());
  EXPECT_EQ(child->shared_ranges(), (std::vector<Range>{{2 * kPage, 5 * kPage}}));
  EXPECT_EQ(peek(*child, 0), 1u);
  EXPECT_EQ(peek(*child, 2 * kPage + 8), 2u);
  EXPECT_EQ(peek(*child, 6 * kPage), 3u);

  poke(*child, 4 * kPage + 100, 40);       // child → parent, shared
  poke(*parent, 3 * kPage, 30);            // parent → child, shared
  poke(*child, 0, 10);                     // private both ways
  poke(*parent, 6 * kPage, 60);
  EXPECT_EQ(peek(*parent, 4 * kPage + 100), 40u);
  EXPECT_EQ(peek(*child, 3 * kPage), 30u);
  EXPECT_EQ(peek(*parent, 0), 1u);
  EXPECT_EQ(peek(*child, 6 * kPage), 3u);

  // A grandchild shares with both.
  auto grandchild = child->clone();
  poke(*grandchild, 2 * kPage, 7);
  EXPECT_EQ(peek(*parent, 2 * kPage), 7u);
  EXPECT_EQ(peek(*child, 2 * kPage), 7u);
}

TEST(SharedMemory, UnsharingInOneMemoryLeavesTheOthersShared) {
  auto a = memory();
  ASSERT_TRUE(a->map_shared(kPage, 4 * kPage));
  poke(*a, kPage, 1);
  poke(*a, 2 * kPage, 2);
  poke(*a, 4 * kPage, 4);
  auto b = a->clone();
  auto c = a->clone();
  // b unmaps the middle two pages: zeros there in b, shared on both sides.
  ASSERT_TRUE(b->unshare(2 * kPage, 2 * kPage));
  EXPECT_EQ(b->shared_ranges(), (std::vector<Range>{{kPage, 2 * kPage}, {4 * kPage, 5 * kPage}}));
  EXPECT_EQ(peek(*b, 2 * kPage), 0u);
  EXPECT_EQ(peek(*a, 2 * kPage), 2u);
  poke(*b, 2 * kPage, 99);  // b's private page now
  EXPECT_EQ(peek(*a, 2 * kPage), 2u);
  EXPECT_EQ(peek(*c, 2 * kPage), 2u);
  poke(*a, 2 * kPage + 4, 5);
  EXPECT_EQ(peek(*c, 2 * kPage + 4), 5u);
  EXPECT_EQ(peek(*b, 2 * kPage + 4), 0u);
  // The pieces b kept are still the same pages.
  poke(*b, kPage, 11);
  poke(*c, 4 * kPage, 44);
  EXPECT_EQ(peek(*a, kPage), 11u);
  EXPECT_EQ(peek(*b, 4 * kPage), 44u);
  // ... and a clone of b shares them at the right backing offsets.
  auto d = b->clone();
  EXPECT_EQ(d->shared_ranges(), b->shared_ranges());
  poke(*d, 4 * kPage + 12, 3);
  EXPECT_EQ(peek(*a, 4 * kPage + 12), 3u);
  EXPECT_EQ(peek(*d, 2 * kPage), 99u);  // b's private page, copied
  // Unsharing what is not shared does nothing.
  ASSERT_TRUE(b->unshare(6 * kPage, kPage));
  EXPECT_EQ(b->shared_ranges().size(), 2u);
}

TEST(SharedMemory, MappingAgainReplacesTheRegionInThisMemoryOnly) {
  auto a = memory();
  ASSERT_TRUE(a->map_shared(0, 2 * kPage));
  poke(*a, 0, 1);
  poke(*a, kPage, 2);
  auto b = a->clone();
  ASSERT_TRUE(b->map_shared(kPage, 2 * kPage));  // overlaps the old region's second page
  EXPECT_EQ(b->shared_ranges(), (std::vector<Range>{{0, kPage}, {kPage, 3 * kPage}}));
  EXPECT_EQ(peek(*b, kPage), 0u);  // fresh zeros
  poke(*b, kPage, 20);
  EXPECT_EQ(peek(*a, kPage), 2u);
  poke(*b, 0, 10);
  EXPECT_EQ(peek(*a, 0), 10u);  // the first page is still shared
  auto c = b->clone();
  poke(*c, 2 * kPage, 30);
  EXPECT_EQ(peek(*b, 2 * kPage), 30u);
  EXPECT_EQ(peek(*a, 2 * kPage), 0u);
}

TEST(SharedMemory, TheHostFdLivesWhileSomeMemoryMapsIt) {
  memory();  // the first memory opens the page map for good
  const int before = open_fds();
  {
    auto a = memory();
    ASSERT_TRUE(a->map_shared(0, kPage));
    EXPECT_EQ(open_fds(), before + 1);
    auto b = a->clone();
    EXPECT_EQ(open_fds(), before + 1);  // one memfd for both
    ASSERT_TRUE(a->unshare(0, kPage));
    EXPECT_EQ(open_fds(), before + 1);  // b still maps it
    b.reset();
    EXPECT_EQ(open_fds(), before);
  }
  EXPECT_EQ(open_fds(), before);
}

TEST(SharedMemory, RangesMustBeInsideTheMemory) {
  auto m = memory(1);
  errno = 0;
  EXPECT_FALSE(m->map_shared(MemoryInst::kPageSize - kPage, 2 * kPage));
  EXPECT_EQ(errno, EINVAL);
  EXPECT_FALSE(m->map_shared(0, 0));
  EXPECT_TRUE(m->shared_ranges().empty());
}

TEST(SharedMemory, CloneInstanceSharesRegionsAndANewInstanceHasNone) {
  const char* wat = R"((module (memory (export "mem") 2)
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))";
  Linker linker(engine());
  auto parent = instantiate(wat, &linker);
  ASSERT_TRUE(parent->memory()->map_shared(kPage, kPage));
  auto child = linker.clone_instance(*parent);
  ASSERT_NE(child->memory(), parent->memory());
  child->call("store", std::vector<Value>{Value::i32(kPage + 4), Value::i32(77)});
  child->call("store", std::vector<Value>{Value::i32(8), Value::i32(88)});
  EXPECT_EQ(call1(*parent, "load", {Value::i32(kPage + 4)}).as_i32(), 77u);
  EXPECT_EQ(call1(*parent, "load", {Value::i32(8)}).as_i32(), 0u);
  // exec: a fresh instance of the module starts with no shared regions.
  auto fresh = instantiate(wat, &linker);
  EXPECT_TRUE(fresh->memory()->shared_ranges().empty());
  EXPECT_EQ(call1(*fresh, "load", {Value::i32(kPage + 4)}).as_i32(), 0u);
  linker.release(child.get());
  linker.release(fresh.get());
}

}  // namespace
}  // namespace lind::rt::test
