// MemoryInst::clone (fork's copy of linear memory): every byte the source
// holds is in the clone, and pages the source never touched are neither
// read nor copied (the clone leaves them untouched too: the kernel's page
// map shows them absent).
#include <fcntl.h>
#include <unistd.h>

#include <vector>

#include "test_util.h"

namespace lind::rt::test {
namespace {

constexpr uint64_t kHostPage = 4096;

// Whether the host page at `p` is present or swapped out, per the kernel.
bool resident(const uint8_t* p) {
  int fd = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0) << "the test needs /proc/self/pagemap";
  uint64_t e = 0;
  EXPECT_EQ(::pread(fd, &e, sizeof e, static_cast<off_t>(reinterpret_cast<uintptr_t>(p) / kHostPage * 8)), 8);
  ::close(fd);
  return e >> 62;
}

std::vector<uint8_t> contents(const MemoryInst& m) {
  std::vector<uint8_t> v(m.size_bytes());
  EXPECT_TRUE(m.read(0, v.data(), v.size()));
  return v;
}

TEST(MemoryClone, CopiesEveryTouchedByteAndLeavesUntouchedPagesAlone) {
  auto m = MemoryInst::create(Limits{128, std::nullopt});  // 8 MiB: several page-map batches
  uint8_t* base = m->data();
  const uint64_t size = m->size_bytes();
  // Written bytes at the start, the end and the middle of scattered pages,
  // the very last byte, a page written and zeroed again, a page only read.
  for (uint64_t off = 0; off < size; off += 37 * kHostPage + 4093) base[off] = static_cast<uint8_t>(off * 7 + 1);
  base[5 * kHostPage + kHostPage - 1] = 0xaa;
  base[size - 1] = 0x55;
  base[900 * kHostPage] = 1;
  base[900 * kHostPage] = 0;
  volatile uint8_t sink = base[1000 * kHostPage];
  (void)sink;
  const uint64_t untouched = 1500 * kHostPage;
  ASSERT_FALSE(resident(base + untouched));

  auto c = m->clone();
  // Before anything reads the whole memories:
  EXPECT_FALSE(resident(m->data() + untouched)) << "the source's untouched page was read";
  EXPECT_FALSE(resident(c->data() + untouched)) << "the clone's was written";
  EXPECT_FALSE(resident(c->data() + 900 * kHostPage)) << "an all-zero page is not copied";
  EXPECT_EQ(contents(*c), contents(*m));
  EXPECT_EQ(c->data()[size - 1], 0x55);
}

}  // namespace
}  // namespace lind::rt::test
