// getrandom through 3i: flags, the per-call cap, the buffer check.
#include <sys/random.h>

#include <set>

#include "cage_fixture.h"

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004
#endif

namespace lind::rawposix::test {
namespace {

class RandomTest : public CageTest {};

TEST_F(RandomTest, FillsTheBuffer) {
  uint64_t buf = reserve(256);
  ASSERT_EQ(call(LIND_SYS_getrandom, buf, 256, 0), 256);
  std::string bytes = get_string(buf, 256);
  EXPECT_NE(bytes, std::string(256, '\0'));
  std::set<char> distinct(bytes.begin(), bytes.end());
  EXPECT_GT(distinct.size(), 64u);  // 256 random bytes have ~160 distinct values
  uint64_t buf2 = reserve(256);
  ASSERT_EQ(call(LIND_SYS_getrandom, buf2, 256, GRND_NONBLOCK), 256);
  EXPECT_NE(get_string(buf2, 256), bytes);
}

TEST_F(RandomTest, EveryValidFlagCombination) {
  uint64_t buf = reserve(64);
  for (uint64_t f : {0, GRND_NONBLOCK, GRND_RANDOM, GRND_RANDOM | GRND_NONBLOCK}) {
    int64_t r = call(LIND_SYS_getrandom, buf, 64, f);
    EXPECT_TRUE(r == 64 || r == -EAGAIN) << "flags " << f << ": " << r;
  }
  // GRND_INSECURE needs Linux 5.6; on older hosts the host's EINVAL is ours.
  for (uint64_t f : {GRND_INSECURE, GRND_INSECURE | GRND_NONBLOCK}) {
    char tmp[64];
    int64_t host = getrandom(tmp, 64, f) < 0 ? -errno : 64;
    EXPECT_EQ(call(LIND_SYS_getrandom, buf, 64, f), host);
  }
}

TEST_F(RandomTest, BadFlagsAreEinvalBeforeTheBufferIsChecked) {
  uint64_t buf = reserve(16);
  EXPECT_EQ(call(LIND_SYS_getrandom, buf, 16, 8), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_getrandom, buf, 16, 0x80000000u), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_getrandom, buf, 16, GRND_RANDOM | GRND_INSECURE), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_getrandom, 0, 16, GRND_RANDOM | GRND_INSECURE), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_getrandom, uint64_t(-1), 16, 0x10), -EINVAL);
  // flags is an unsigned int: the upper half of the register is ignored.
  EXPECT_EQ(call(LIND_SYS_getrandom, buf, 16, uint64_t{1} << 32), 16);
}

TEST_F(RandomTest, BadBuffersAreEfault) {
  EXPECT_EQ(call(LIND_SYS_getrandom, 0, 16, 0), -EFAULT);  // NULL
  EXPECT_EQ(call(LIND_SYS_getrandom, memory_size() - 8, 16, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_getrandom, uint64_t(-8), 16, 0), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_getrandom, memory_size() - 16, 16, 0), 16);
  // Zero bytes: nothing is transferred, the buffer is not looked at.
  EXPECT_EQ(call(LIND_SYS_getrandom, 0, 0, 0), 0);
  EXPECT_EQ(call(LIND_SYS_getrandom, uint64_t(-1), 0, 0), 0);
}

TEST_F(RandomTest, LongRequestsAreCappedAt33554431Bytes) {
  // A memory big enough for the cap and a bit more.
  auto big = rt::MemoryInst::create(rt::Limits{520, 520});
  attach_memory(cage_, big.get());
  EXPECT_EQ(call(LIND_SYS_getrandom, 1024, 33554432, 0), 33554431);
  EXPECT_EQ(call(LIND_SYS_getrandom, 1024, uint64_t(-1), GRND_NONBLOCK), 33554431);
  EXPECT_EQ(call(LIND_SYS_getrandom, 1024, 100000, 0), 100000);
  // Capped first, then checked: the capped range must fit.
  EXPECT_EQ(call(LIND_SYS_getrandom, big->size_bytes() - 1000, uint64_t(-1), 0), -EFAULT);
  attach_memory(cage_, memory_.get());
}

}  // namespace
}  // namespace lind::rawposix::test
