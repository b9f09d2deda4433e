// getdents64, mkdir/mkdirat, rmdir, getcwd, chdir, fchdir.
#include <dirent.h>

#include <set>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsDirTest : public FsTest {
 protected:
  // Every name getdents64 returns for a directory fd, with d_ino for "..".
  std::set<std::string> list(int64_t fd, uint64_t* dotdot_ino = nullptr, uint32_t bufsize = 512) {
    std::set<std::string> names;
    uint64_t buf = reserve(bufsize);
    for (;;) {
      int64_t n = call(LIND_SYS_getdents64, fd, buf, bufsize);
      EXPECT_GE(n, 0);
      if (n <= 0) break;
      std::string data = get_string(buf, n);
      for (size_t off = 0; off < data.size();) {
        uint16_t reclen;
        std::memcpy(&reclen, data.data() + off + 16, 2);
        std::string name(data.data() + off + 19);
        if (name == ".." && dotdot_ino) std::memcpy(dotdot_ino, data.data() + off, 8);
        names.insert(name);
        off += reclen;
      }
    }
    return names;
  }
};

TEST_F(FsDirTest, GetdentsListsTheDirectory) {
  host_mkdir("d");
  host_write("d/a", "");
  host_write("d/b", "");
  host_mkdir("d/sub");
  int64_t fd = open("/d", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(list(fd), (std::set<std::string>{".", "..", "a", "b", "sub"}));
  // Many entries with a small buffer: several calls.
  for (int i = 0; i < 100; ++i) host_write("d/file" + std::to_string(i), "");
  int64_t fd2 = open("/d", O_RDONLY);
  EXPECT_EQ(list(fd2, nullptr, 128).size(), 105u);
}

TEST_F(FsDirTest, GetdentsInTheRootHidesTheHostParent) {
  int64_t fd = open("/", O_RDONLY | O_DIRECTORY);
  uint64_t dotdot = 0;
  list(fd, &dotdot);
  EXPECT_EQ(dotdot, host_stat(".").st_ino);
  int64_t fd2 = open("/..", O_RDONLY);
  uint64_t dotdot2 = 0;
  list(fd2, &dotdot2);
  EXPECT_EQ(dotdot2, host_stat(".").st_ino);
}

TEST_F(FsDirTest, GetdentsErrors) {
  host_write("f", "x");
  host_mkdir("d");
  int64_t f = open("/f", O_RDONLY);
  int64_t d = open("/d", O_RDONLY);
  int64_t p = open("/d", O_PATH);
  uint64_t buf = reserve(256);
  EXPECT_EQ(call(LIND_SYS_getdents64, 99, buf, 256), -EBADF);
  EXPECT_EQ(call(LIND_SYS_getdents64, f, buf, 256), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_getdents64, p, buf, 256), -EBADF);
  EXPECT_EQ(call(LIND_SYS_getdents64, d, buf, 1), -EINVAL);  // too small for one record
  EXPECT_EQ(call(LIND_SYS_getdents64, d, buf, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_getdents64, d, memory_size() - 10, 256), -EFAULT);
}

TEST_F(FsDirTest, MkdirAndUmask) {
  EXPECT_EQ(mkdir("/d", 0777), 0);
  EXPECT_EQ(host_stat("d").st_mode, S_IFDIR | 0755u);
  EXPECT_EQ(mkdir("/d/e/", 0700), 0);  // trailing slash is fine
  EXPECT_EQ(host_stat("d/e").st_mode & 07777, 0700u);
  call(LIND_SYS_umask, 0);
  EXPECT_EQ(mkdir("/s", 01777), 0);
  EXPECT_EQ(host_stat("s").st_mode & 07777, 01777u);
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  EXPECT_EQ(call(LIND_SYS_mkdirat, d, put("x"), 0755), 0);
  EXPECT_TRUE(host_exists("d/x"));
  EXPECT_EQ(call(LIND_SYS_mkdirat, kFdcwd32, put("y"), 0755), 0);
  EXPECT_TRUE(host_exists("y"));
}

TEST_F(FsDirTest, MkdirErrors) {
  host_mkdir("d");
  host_write("f", "");
  host_symlink("d", "ld");
  host_symlink("nowhere", "dangling");
  EXPECT_EQ(mkdir("/d"), -EEXIST);
  EXPECT_EQ(mkdir("/f"), -EEXIST);
  EXPECT_EQ(mkdir("/ld/"), -EEXIST);
  EXPECT_EQ(mkdir("/dangling"), -EEXIST);
  EXPECT_FALSE(host_exists("nowhere"));
  EXPECT_EQ(mkdir("/"), -EEXIST);
  EXPECT_EQ(mkdir("."), -EEXIST);
  EXPECT_EQ(mkdir("/d/.."), -EEXIST);
  EXPECT_EQ(mkdir("/missing/x"), -ENOENT);
  EXPECT_EQ(mkdir("/missing/.."), -ENOENT);
  EXPECT_EQ(mkdir("/f/x"), -ENOTDIR);
  EXPECT_EQ(mkdir("/f/."), -ENOTDIR);
  EXPECT_EQ(mkdir(""), -ENOENT);
  EXPECT_EQ(mkdir("/" + std::string(256, 'x')), -ENAMETOOLONG);
  EXPECT_EQ(call(LIND_SYS_mkdir, unterminated_at_end("/newdir"), 0755), -EFAULT);
  EXPECT_FALSE(host_exists("newdir"));
  int64_t f = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_mkdirat, f, put("x"), 0755), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_mkdirat, 88, put("x"), 0755), -EBADF);
  EXPECT_EQ(call(LIND_SYS_mkdirat, 88, put("."), 0755), -EBADF);
}

TEST_F(FsDirTest, Rmdir) {
  host_mkdir("d");
  host_mkdir("full");
  host_write("full/f", "");
  host_write("f", "");
  host_symlink("d", "ld");
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/full")), -ENOTEMPTY);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/f")), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/ld")), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/ld/")), -ENOTDIR);  // the link, not its target
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/d/.")), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/d/..")), -ENOTEMPTY);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/")), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/missing")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/d/")), 0);
  EXPECT_FALSE(host_exists("d"));
  EXPECT_TRUE(host_exists("full"));
}

TEST_F(FsDirTest, GetcwdChdirFchdir) {
  host_mkdir("a");
  host_mkdir("a/b");
  host_symlink("a/b", "lb");
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(call(LIND_SYS_chdir, put("a/b")), 0);
  EXPECT_EQ(cwd(), "/a/b");
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/a");
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../../..")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/lb/.")), 0);  // stored canonical: no symlink
  EXPECT_EQ(cwd(), "/a/b");
  EXPECT_EQ(call(LIND_SYS_chdir, put("//a//")), 0);
  EXPECT_EQ(cwd(), "/a");
  host_write("a/b/f", "in b");
  int64_t b = open("/a/b", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fchdir, b), 0);
  EXPECT_EQ(cwd(), "/a/b");
  EXPECT_EQ(read_fd(open("f", O_RDONLY)), "in b");
  int64_t root = open("/", O_PATH);
  EXPECT_EQ(call(LIND_SYS_fchdir, root), 0);  // O_PATH fds work for fchdir
  EXPECT_EQ(cwd(), "/");
}

TEST_F(FsDirTest, FchdirFollowsARenamedDirectory) {
  host_mkdir("a");
  host_mkdir("a/b");
  int64_t b = open("/a/b", O_RDONLY);
  ASSERT_EQ(call(LIND_SYS_rename, put("/a"), put("/z")), 0);
  EXPECT_EQ(call(LIND_SYS_fchdir, b), 0);
  EXPECT_EQ(cwd(), "/z/b");
}

TEST_F(FsDirTest, CwdErrors) {
  host_write("f", "");
  host_mkdir("d");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/missing")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/f")), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_chdir, put("")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, unterminated_at_end("/d")), -EFAULT);
  EXPECT_EQ(cwd(), "/");
  int64_t f = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fchdir, f), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_fchdir, 77), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fchdir, 1), -ENOTDIR);  // host stdio
  // getcwd: the syscall's contract.
  ASSERT_EQ(call(LIND_SYS_chdir, put("/d")), 0);
  uint64_t buf = reserve(16);
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 16), 3);  // "/d" and its NUL
  EXPECT_EQ(get_string(buf, 3), std::string("/d", 3));
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 3), 3);
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 2), -ERANGE);
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 0), -ERANGE);
  EXPECT_EQ(call(LIND_SYS_getcwd, memory_size() - 1, 3), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_getcwd, memory_size() - 1, 1), -ERANGE);  // ERANGE first, as Linux
}

TEST_F(FsDirTest, ChdirNeedsSearchPermission) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root, which bypasses the search permission check";
  host_mkdir("closed", 0600);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/closed")), -EACCES);
  ::chmod(host("closed").c_str(), 0755);
}

}  // namespace
}  // namespace lind::rawposix::test
