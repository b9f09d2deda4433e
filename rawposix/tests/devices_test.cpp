// /dev/null and friends: the host device when lindfs has no such file;
// lindfs's own file when it does.
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include "cage_fixture.h"

namespace lind::rawposix::test {
namespace {

class DevicesTest : public CageTest {};

TEST_F(DevicesTest, DevNullSwallowsWritesAndReadsEmpty) {
  int64_t fd = call(LIND_SYS_open, put("/dev/null"), O_RDWR);
  ASSERT_GE(fd, 0);
  uint64_t buf = put("data");
  EXPECT_EQ(call(LIND_SYS_write, fd, buf, 4), 4);
  EXPECT_EQ(call(LIND_SYS_read, fd, buf, 4), 0);
  EXPECT_EQ(call(LIND_SYS_close, fd), 0);
  EXPECT_FALSE(std::filesystem::exists(host("dev")));  // nothing created in lindfs
}

TEST_F(DevicesTest, DotDotAboveRootStillFindsDevZero) {
  int64_t fd = call(LIND_SYS_open, put("../../dev/zero"), O_RDONLY);
  ASSERT_GE(fd, 0);
  uint64_t buf = put("xxxx");
  EXPECT_EQ(call(LIND_SYS_read, fd, buf, 4), 4);
  EXPECT_EQ(get<uint32_t>(buf), 0u);
}

TEST_F(DevicesTest, OtherDevicesAndFlagsStayOut) {
  EXPECT_EQ(call(LIND_SYS_open, put("/dev/sda"), O_RDONLY), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_open, put("/dev/tty"), O_RDONLY), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_open, put("/dev/null"), O_RDONLY | O_DIRECTORY), -ENOTDIR);
}

TEST_F(DevicesTest, LindfsOwnFileWins) {
  std::filesystem::create_directory(host("dev"));
  std::ofstream(host("dev/null")) << "mine";
  int64_t fd = call(LIND_SYS_open, put("/dev/null"), O_RDONLY);
  ASSERT_GE(fd, 0);
  uint64_t buf = reserve(8);
  EXPECT_EQ(call(LIND_SYS_read, fd, buf, 8), 4);
}

}  // namespace
}  // namespace lind::rawposix::test
