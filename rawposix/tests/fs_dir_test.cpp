// getdents64, mkdir/mkdirat, rmdir, getcwd, chdir, fchdir.
#include <dirent.h>

#include <filesystem>
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

TEST_F(FsDirTest, GetdentsInTheRootReachedFromAMovedCwd) {
  host_mkdir("a");
  host_mkdir("a/b");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/a/b")), 0);
  ASSERT_EQ(::rename(host("a/b").c_str(), host("c").c_str()), 0);
  int64_t fd = open("..", O_RDONLY | O_DIRECTORY);  // the root, though the cwd was entered as /a/b
  uint64_t dotdot = 0;
  EXPECT_TRUE(list(fd, &dotdot).count("c"));
  EXPECT_EQ(dotdot, host_stat(".").st_ino);
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

// The cwd is the directory itself, as on Linux, not a name.
TEST_F(FsDirTest, RmdirOfTheCwd) {
  host_mkdir("a");
  host_mkdir("a/gone");
  host_write("a/f", "in a");
  ASSERT_EQ(call(LIND_SYS_chdir, put("a/gone")), 0);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("../gone")), 0);
  EXPECT_FALSE(host_exists("a/gone"));
  // getcwd: ENOENT (Linux: "deleted"), before any buffer check.
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  EXPECT_EQ(call(LIND_SYS_getcwd, reserve(16), 1), -ENOENT);
  // The directory lives on until released: "." is it.
  struct stat st;
  EXPECT_EQ(stat(".", &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_nlink, 0u);
  uint64_t buf = reserve(sizeof(struct stat));
  EXPECT_EQ(call(LIND_SYS_newfstatat, kFdcwd, put(""), buf, AT_EMPTY_PATH), 0);
  EXPECT_EQ(get<struct stat>(buf).st_ino, st.st_ino);
  EXPECT_EQ(call(LIND_SYS_access, put("."), X_OK), 0);
  int64_t dot = open(".", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dot, 0);
  EXPECT_EQ(fstat(dot, &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
  // Linux lists nothing in a removed directory (getdents64 says ENOENT; C
  // libraries turn that into the end of the directory).
  EXPECT_EQ(call(LIND_SYS_getdents64, dot, reserve(512), 512), -ENOENT);
  // No names in it: nothing found, nothing created.
  EXPECT_EQ(open("x", O_WRONLY | O_CREAT, 0644), -ENOENT);
  EXPECT_EQ(mkdir("sub"), -ENOENT);
  EXPECT_EQ(stat("x"), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_mkdirat, kFdcwd, put("sub"), 0755), -ENOENT);
  EXPECT_FALSE(host_exists("x"));
  EXPECT_FALSE(host_exists("a/x"));
  EXPECT_FALSE(host_exists("sub"));
  // ".." is still its parent.
  EXPECT_EQ(stat("..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat("a").st_ino);
  EXPECT_EQ(read_fd(open("../f", O_RDONLY)), "in a");
  EXPECT_EQ(read_fd(open("./../f", O_RDONLY)), "in a");
  EXPECT_EQ(mkdir("../made"), 0);
  EXPECT_TRUE(host_exists("a/made"));
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/a");
  EXPECT_EQ(read_fd(open("f", O_RDONLY)), "in a");
}

TEST_F(FsDirTest, RemovedCwdInRemovedParents) {
  host_mkdir("p");
  host_mkdir("p/q");
  host_mkdir("p/q/r");
  host_write("p/f", "in p");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/p/q/r")), 0);
  // Removed behind the cage's back, innermost first.
  ASSERT_EQ(::rmdir(host("p/q/r").c_str()), 0);
  ASSERT_EQ(::rmdir(host("p/q").c_str()), 0);
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  // ".." follows the parents the directories had, as Linux's does.
  EXPECT_EQ(read_fd(open("../../f", O_RDONLY)), "in p");
  struct stat st;
  EXPECT_EQ(stat("../..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat("p").st_ino);
  EXPECT_EQ(stat("..", &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
  EXPECT_EQ(open("../x", O_WRONLY | O_CREAT, 0644), -ENOENT);  // q is removed too
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);  // into the removed q
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/p");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/p")), 0);
  host_mkdir("p/s");
  ASSERT_EQ(call(LIND_SYS_chdir, put("s")), 0);
  ASSERT_EQ(::rmdir(host("p/s").c_str()), 0);
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../../../..")), 0);  // stops at the root
  EXPECT_EQ(cwd(), "/");
}

TEST_F(FsDirTest, RenamedCwdAndParents) {
  host_mkdir("a");
  host_mkdir("a/b");
  host_write("a/b/f", "in b");
  host_write("a/g", "in a");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/a/b")), 0);
  // The cwd itself renamed.
  ASSERT_EQ(call(LIND_SYS_rename, put("/a/b"), put("/a/c")), 0);
  EXPECT_EQ(cwd(), "/a/c");
  EXPECT_EQ(read_fd(open("f", O_RDONLY)), "in b");
  EXPECT_EQ(read_fd(open("../g", O_RDONLY)), "in a");
  EXPECT_EQ(read_fd(open("../c/f", O_RDONLY)), "in b");
  EXPECT_EQ(open("../b/f", O_RDONLY), -ENOENT);
  EXPECT_EQ(mkdir("sub"), 0);
  EXPECT_TRUE(host_exists("a/c/sub"));
  // A parent renamed (by the cage, through a relative path).
  ASSERT_EQ(call(LIND_SYS_rename, put("../../a"), put("/z")), 0);
  EXPECT_EQ(cwd(), "/z/c");
  EXPECT_EQ(read_fd(open("../g", O_RDONLY)), "in a");
  EXPECT_EQ(read_fd(open("f", O_RDONLY)), "in b");
  // And moved deeper by the host.
  host_mkdir("y");
  ASSERT_EQ(::rename(host("z").c_str(), host("y/z").c_str()), 0);
  EXPECT_EQ(cwd(), "/y/z/c");
  EXPECT_EQ(read_fd(open("../g", O_RDONLY)), "in a");
  uint64_t buf = reserve(16);
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 6), -ERANGE);  // "/y/z/c" and its NUL: 7 bytes
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 7), 7);
  EXPECT_EQ(get_string(buf, 7), std::string("/y/z/c", 7));
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/y/z");
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../..")), 0);
  EXPECT_EQ(cwd(), "/");
}

TEST_F(FsDirTest, FchdirToARemovedDirectory) {
  host_mkdir("a");
  host_mkdir("a/d");
  host_write("a/f", "in a");
  int64_t d = open("/a/d", O_RDONLY | O_DIRECTORY);
  int64_t p = open("/a/d", O_PATH);
  ASSERT_GE(d, 0);
  ASSERT_GE(p, 0);
  ASSERT_EQ(call(LIND_SYS_rmdir, put("/a/d")), 0);
  EXPECT_EQ(call(LIND_SYS_fchdir, d), 0);  // Linux allows it
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  struct stat st;
  EXPECT_EQ(stat(".", &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
  EXPECT_EQ(read_fd(open("../f", O_RDONLY)), "in a");
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/a");
  EXPECT_EQ(call(LIND_SYS_fchdir, p), 0);  // an O_PATH fd too
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  // The cwd holds the directory itself: closing the fds changes nothing.
  EXPECT_EQ(close(p), 0);
  EXPECT_EQ(close(d), 0);
  EXPECT_EQ(stat(".", &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
  EXPECT_EQ(read_fd(open("../f", O_RDONLY)), "in a");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/")), 0);
  EXPECT_EQ(cwd(), "/");
}

TEST_F(FsDirTest, DotDotFromTheCwdStopsAtTheRoot) {
  host_mkdir("a");
  host_mkdir("a/b");
  host_mkdir("a/b/c");
  host_write("top", "top");
  struct stat st;
  // The cwd at the root: ".." is the root.
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(stat("..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
  EXPECT_EQ(read_fd(open("../../top", O_RDONLY)), "top");
  // Deep inside: "../../../.." stops at the root.
  ASSERT_EQ(call(LIND_SYS_chdir, put("/a/b/c")), 0);
  EXPECT_EQ(stat("../../../..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
  EXPECT_EQ(read_fd(open("../../../../top", O_RDONLY)), "top");
  EXPECT_EQ(read_fd(open("../../../../../../../../top", O_RDONLY)), "top");
  EXPECT_EQ(open("../../../../" + std::filesystem::path(root_).filename().string() + "/top", O_RDONLY),
            -ENOENT);
  EXPECT_EQ(mkdir("../../../../made"), 0);
  EXPECT_TRUE(host_exists("made"));
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../../..")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(stat(".", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
}

TEST_F(FsDirTest, CwdWhoseHostPathIsTooLongForTheKernel) {
  // A lindfs path under PATH_MAX whose host path (the root's in front) is
  // over it: /proc cannot name the directory.
  std::string path;
  while (path.size() + 251 <= 4088) {
    path += "/" + std::string(250, 'd');
    ASSERT_EQ(::mkdir(host(path.substr(1)).c_str(), 0755), 0);
  }
  std::string comp(4090 - path.size() - 1, 'e');
  int parent = ::open(host(path.substr(1)).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(parent, 0);
  ASSERT_EQ(::mkdirat(parent, comp.c_str(), 0755), 0);  // (the host path is too long for mkdir)
  int f = ::openat(parent, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  ASSERT_EQ(::write(f, "up one", 6), 6);
  ::close(f);
  ::close(parent);
  path += "/" + comp;  // 4090 bytes
  ASSERT_GT(root_.size() + path.size(), 4096u);
  ASSERT_EQ(call(LIND_SYS_chdir, put(path)), 0);
  EXPECT_EQ(cwd(), path);
  EXPECT_EQ(read_fd(open("../f", O_RDONLY)), "up one");
  ASSERT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), path.substr(0, path.size() - comp.size() - 1));
  EXPECT_EQ(read_fd(open("f", O_RDONLY)), "up one");
  ASSERT_EQ(call(LIND_SYS_chdir, put(comp)), 0);
  EXPECT_EQ(cwd(), path);
  // Renamed: the name it was entered by no longer leads to it, and the
  // kernel cannot tell the new one.
  std::string moved = "/e" + path.substr(2);
  ASSERT_EQ(::rename(host(path.substr(1, 250)).c_str(), host("e" + path.substr(2, 249)).c_str()), 0);
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENAMETOOLONG) + ">");
  EXPECT_EQ(read_fd(open("../f", O_RDONLY)), "up one");
  ASSERT_EQ(call(LIND_SYS_chdir, put(moved)), 0);
  EXPECT_EQ(cwd(), moved);
  std::string up;
  while (up.size() < 3000) up += "../";
  EXPECT_EQ(call(LIND_SYS_chdir, put(up)), 0);
  EXPECT_EQ(cwd(), "/");
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
  host_mkdir("closed", 0600);
  host_mkdir("open", 0755);
  {
    AsUnprivileged nobody(root_);
    ASSERT_TRUE(AsUnprivileged::active());
    EXPECT_EQ(call(LIND_SYS_chdir, put("/closed")), -EACCES);
    EXPECT_EQ(call(LIND_SYS_chdir, put("/open")), 0);
  }
  ::chmod(host("closed").c_str(), 0755);
}

}  // namespace
}  // namespace lind::rawposix::test
