// unlink/unlinkat, rename/renameat/renameat2, link/linkat, symlink/symlinkat,
// readlink/readlinkat.
#include <linux/fs.h>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

class FsNamesTest : public FsTest {
 protected:
  int64_t rename(const std::string& a, const std::string& b) { return call(LIND_SYS_rename, put(a), put(b)); }
  int64_t link(const std::string& a, const std::string& b) { return call(LIND_SYS_link, put(a), put(b)); }
  int64_t symlink(const std::string& a, const std::string& b) { return call(LIND_SYS_symlink, put(a), put(b)); }
  int64_t unlink(const std::string& a) { return call(LIND_SYS_unlink, put(a)); }
};

TEST_F(FsNamesTest, Unlink) {
  host_write("f", "");
  host_mkdir("d");
  host_symlink("d", "ld");
  EXPECT_EQ(unlink("/ld/"), -ENOTDIR);  // the symlink is not followed
  EXPECT_EQ(unlink("/ld"), 0);          // removes the link itself
  EXPECT_TRUE(host_exists("d"));
  EXPECT_EQ(unlink("/d"), -EISDIR);
  EXPECT_EQ(unlink("/d/"), -EISDIR);
  EXPECT_EQ(unlink("/f/"), -ENOTDIR);
  EXPECT_EQ(unlink("/missing"), -ENOENT);
  EXPECT_EQ(unlink("/missing/"), -ENOENT);
  EXPECT_EQ(unlink("/missing/x"), -ENOENT);
  EXPECT_EQ(unlink("/f/x"), -ENOTDIR);
  EXPECT_EQ(unlink("/"), -EISDIR);
  EXPECT_EQ(unlink("/d/."), -EISDIR);
  EXPECT_EQ(unlink("/d/.."), -EISDIR);
  EXPECT_EQ(unlink(""), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_unlink, unterminated_at_end("/f")), -EFAULT);
  EXPECT_EQ(unlink("/f"), 0);
  EXPECT_FALSE(host_exists("f"));
}

TEST_F(FsNamesTest, Unlinkat) {
  host_mkdir("d");
  host_write("d/f", "");
  host_mkdir("d/e");
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("e"), 0), -EISDIR);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("f"), AT_REMOVEDIR), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("f"), 0x1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("."), AT_REMOVEDIR), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put(".."), AT_REMOVEDIR), -ENOTEMPTY);
  EXPECT_EQ(call(LIND_SYS_unlinkat, 99, put("f"), 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_unlinkat, 1, put("f"), 0), -ENOTDIR);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("f"), 0), 0);
  EXPECT_EQ(call(LIND_SYS_unlinkat, d, put("e"), AT_REMOVEDIR), 0);
  EXPECT_EQ(call(LIND_SYS_unlinkat, kFdcwd32, put("d"), AT_REMOVEDIR), 0);
  EXPECT_FALSE(host_exists("d"));
}

TEST_F(FsNamesTest, Rename) {
  host_write("f", "contents");
  host_mkdir("d");
  host_mkdir("e");
  host_write("e/x", "");
  EXPECT_EQ(rename("/f", "/d/g"), 0);
  EXPECT_EQ(host_read("d/g"), "contents");
  EXPECT_EQ(rename("/d/g", "/d/g"), 0);
  EXPECT_EQ(rename("/missing", "/x"), -ENOENT);
  EXPECT_EQ(rename("/d/g", "/missing/x"), -ENOENT);
  EXPECT_EQ(rename("/d/g/", "/h"), -ENOTDIR);
  EXPECT_EQ(rename("/d/g", "/h/"), -ENOTDIR);
  EXPECT_EQ(rename("/d", "/e"), -ENOTEMPTY);
  EXPECT_EQ(rename("/d", "/e/x"), -ENOTDIR);
  EXPECT_EQ(rename("/e/x", "/d"), -EISDIR);
  EXPECT_EQ(rename("/d", "/d/sub"), -EINVAL);
  EXPECT_EQ(rename("/", "/x"), -EBUSY);
  EXPECT_EQ(rename("/d/.", "/x"), -EBUSY);
  EXPECT_EQ(rename("/d/g", "/d/.."), -EBUSY);
  EXPECT_EQ(rename("", "/x"), -ENOENT);
  EXPECT_EQ(rename("/d/g", ""), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rename, put("/d/g"), unterminated_at_end("/y")), -EFAULT);
  EXPECT_EQ(rename("/d/", "/dd/"), 0);
  EXPECT_TRUE(host_exists("dd/g"));
}

TEST_F(FsNamesTest, RenameatAndRenameat2) {
  host_mkdir("a");
  host_mkdir("b");
  host_write("a/f", "1");
  host_write("b/g", "2");
  int64_t a = open("/a", O_RDONLY | O_DIRECTORY), b = open("/b", O_PATH);
  EXPECT_EQ(call(LIND_SYS_renameat, a, put("f"), b, put("f")), 0);
  EXPECT_EQ(host_read("b/f"), "1");
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put("g"), RENAME_NOREPLACE), -EEXIST);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put(".."), RENAME_NOREPLACE), -EEXIST);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put(".."), 0), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("."), b, put("x"), RENAME_NOREPLACE), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put("g"), RENAME_EXCHANGE), 0);
  EXPECT_EQ(host_read("b/f"), "2");
  EXPECT_EQ(host_read("b/g"), "1");
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put("g"), RENAME_EXCHANGE | RENAME_NOREPLACE), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put("g"), 0x100), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_renameat2, b, put("f"), b, put("none"), RENAME_EXCHANGE), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_renameat, 77, put("f"), b, put("x")), -EBADF);
  EXPECT_EQ(call(LIND_SYS_renameat, b, put("f"), 77, put("x")), -EBADF);
  EXPECT_EQ(call(LIND_SYS_renameat, kFdcwd, put("/b/f"), 77, put("/b/h")), 0);
}

TEST_F(FsNamesTest, LinkAndLinkat) {
  host_write("f", "data");
  host_mkdir("d");
  host_symlink("f", "l");
  EXPECT_EQ(link("/f", "/g"), 0);
  EXPECT_EQ(host_stat("f").st_ino, host_stat("g").st_ino);
  EXPECT_EQ(host_stat("f").st_nlink, 2u);
  EXPECT_EQ(link("/l", "/l2"), 0);  // link(2) does not follow: a link to the symlink
  EXPECT_TRUE(S_ISLNK(host_stat("l2").st_mode));
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/l"), kFdcwd, put("/l3"), AT_SYMLINK_FOLLOW), 0);
  EXPECT_EQ(host_stat("l3").st_ino, host_stat("f").st_ino);
  int64_t fd = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_linkat, fd, put(""), kFdcwd, put("/viafd"), AT_EMPTY_PATH), 0);  // root may
  EXPECT_EQ(host_stat("viafd").st_ino, host_stat("f").st_ino);
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/f"), d, put("inside"), 0), 0);
  EXPECT_EQ(host_stat("d/inside").st_ino, host_stat("f").st_ino);

  EXPECT_EQ(link("/f", "/g"), -EEXIST);
  EXPECT_EQ(link("/missing", "/x"), -ENOENT);
  EXPECT_EQ(link("/missing", "/f/x"), -ENOENT);  // the source is looked up first
  EXPECT_EQ(link("/f", "/missing/x"), -ENOENT);
  EXPECT_EQ(link("/f", "/f/x"), -ENOTDIR);
  EXPECT_EQ(link("/d", "/d2"), -EPERM);
  EXPECT_EQ(link("/d/.", "/d2"), -EPERM);
  EXPECT_EQ(link("/d/", "/d2"), -EPERM);
  EXPECT_EQ(link("/f/", "/x"), -ENOTDIR);
  EXPECT_EQ(link("/f", "/"), -EEXIST);
  EXPECT_EQ(link("/f", "/d/.."), -EEXIST);
  EXPECT_EQ(link("/f", "/new/"), -ENOENT);
  EXPECT_EQ(link("/d", "/d/.."), -EEXIST);
  EXPECT_EQ(link("", "/x"), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/f"), kFdcwd, put("/x"), 0x1000000), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_linkat, 77, put("f"), kFdcwd, put("/x"), 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/f"), 77, put("x"), 0), -EBADF);
  EXPECT_EQ(call(LIND_SYS_link, put("/f"), unterminated_at_end("/x")), -EFAULT);
}

TEST_F(FsNamesTest, SymlinkAndReadlink) {
  EXPECT_EQ(symlink("target/that/need/not/exist", "/l"), 0);
  EXPECT_EQ(readlink("/l"), "target/that/need/not/exist");
  EXPECT_EQ(symlink("/etc/passwd", "/abs"), 0);  // stored verbatim; resolved inside lindfs
  EXPECT_EQ(readlink("/abs"), "/etc/passwd");
  host_mkdir("d");
  int64_t d = open("/d", O_RDONLY | O_DIRECTORY);
  EXPECT_EQ(call(LIND_SYS_symlinkat, put("../l"), d, put("rel")), 0);
  EXPECT_EQ(readlink("/d/rel"), "../l");
  uint64_t buf = reserve(64);
  EXPECT_EQ(call(LIND_SYS_readlinkat, d, put("rel"), buf, 64), 4);
  // Truncated to the buffer, no NUL, length returned.
  EXPECT_EQ(call(LIND_SYS_readlink, put("/l"), buf, 6), 6);
  EXPECT_EQ(get_string(buf, 6), "target");
  // readlinkat with an empty path reads an O_PATH|O_NOFOLLOW fd's link.
  int64_t lp = open("/l", O_PATH | O_NOFOLLOW);
  EXPECT_EQ(call(LIND_SYS_readlinkat, lp, put(""), buf, 64), 26);

  host_write("f", "");
  EXPECT_EQ(symlink("x", "/f"), -EEXIST);
  EXPECT_EQ(symlink("x", "/l"), -EEXIST);
  EXPECT_EQ(symlink("x", "/d/."), -EEXIST);
  EXPECT_EQ(symlink("x", "/"), -EEXIST);
  EXPECT_EQ(symlink("x", "/new/"), -ENOENT);
  EXPECT_EQ(symlink("x", "/missing/new"), -ENOENT);
  EXPECT_EQ(symlink("", "/new"), -ENOENT);
  EXPECT_EQ(symlink("x", ""), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_symlink, unterminated_at_end("x"), put("/new")), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_symlinkat, put("x"), 99, put("new")), -EBADF);
  EXPECT_FALSE(host_exists("new"));

  EXPECT_EQ(call(LIND_SYS_readlink, put("/f"), buf, 64), -EINVAL);  // not a link
  EXPECT_EQ(call(LIND_SYS_readlink, put("/d/rel/"), buf, 64), -ENOENT);  // "/" follows: ../l → dangling
  EXPECT_EQ(call(LIND_SYS_readlink, put("/missing"), buf, 64), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_readlink, put("/l"), buf, 0), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_readlink, put("/l"), buf, -1), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_readlink, put(""), buf, 64), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_readlink, put("/l"), memory_size() - 3, 64), -EFAULT);
  EXPECT_EQ(call(LIND_SYS_readlink, put("/f"), memory_size() - 3, 64), -EINVAL);
  int64_t f = open("/f", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_readlinkat, f, put(""), buf, 64), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_readlinkat, 88, put("x"), buf, 64), -EBADF);
}

}  // namespace
}  // namespace lind::rawposix::test
