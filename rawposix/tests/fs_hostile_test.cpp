// Hostile paths: nothing a cage names may reach outside the lindfs root.
//
// The lindfs root is put inside an outer directory that also holds sentinel
// files and directories ("next to" lindfs, so `..` from the root would find
// them). Every test snapshots the outer directory (names, types, sizes,
// modes, mtimes, contents) and checks after the test that nothing outside
// lindfs was created, changed or removed, and that every answer the cage got
// is the one a chroot at lindfs would give.
#include <dirent.h>
#include <linux/fs.h>

#include <filesystem>
#include <map>

#include "fs_util.h"

namespace lind::rawposix::test {
namespace {

namespace fs = std::filesystem;

class FsHostileTest : public FsTest {
 protected:
  void SetUp() override {
    FsTest::SetUp();
    outer_ = root_;
    root_ = outer_ + "/lindfs";
    ASSERT_EQ(::mkdir(root_.c_str(), 0755), 0);
    init(root_);  // re-point RawPOSIX at the nested root
    outer_name_ = fs::path(outer_).filename();
    write(outer_ + "/secret", "do not touch");
    ASSERT_EQ(::mkdir((outer_ + "/secretdir").c_str(), 0755), 0);
    write(outer_ + "/secretdir/inner", "inner secret");
    ASSERT_EQ(::symlink("secret", (outer_ + "/secretlink").c_str()), 0);
    escape_ = "/tmp/lind-escape-" + std::to_string(::getpid());
    fs::remove_all(escape_);
    before_ = snapshot();
  }
  void TearDown() override {
    EXPECT_EQ(snapshot(), before_) << "something outside lindfs changed";
    EXPECT_FALSE(fs::exists(fs::symlink_status(escape_))) << escape_ << " was created";
    fs::remove_all(escape_);
    FsTest::TearDown();  // removes root_
    fs::remove_all(outer_);
  }

  static void write(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

  // Everything under the outer directory except lindfs itself.
  std::map<std::string, std::string> snapshot() {
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(outer_); it != fs::recursive_directory_iterator(); ++it) {
      std::string p = it->path();
      if (p == root_) {
        it.disable_recursion_pending();
        continue;
      }
      struct stat st;
      ::lstat(p.c_str(), &st);
      std::string desc = std::to_string(st.st_mode) + ":" + std::to_string(st.st_size) + ":" +
                         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
                         std::to_string(st.st_nlink) + ":" + std::to_string(st.st_uid);
      if (S_ISREG(st.st_mode)) {
        std::ifstream in(p, std::ios::binary);
        desc += ":" + std::string(std::istreambuf_iterator<char>(in), {});
      }
      out[p] = desc;
    }
    struct stat st;
    ::stat(outer_.c_str(), &st);
    out[outer_] = std::to_string(st.st_mode) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
                  std::to_string(st.st_mtim.tv_nsec);
    return out;
  }

  // Plants the classic escape links inside lindfs.
  void plant_links() {
    host_symlink("/etc", "etc_abs");                    // absolute, outside
    host_symlink("../../../../../../../../etc", "etc_rel");  // relative, climbing
    host_symlink("..", "up");                           // ".." as a link
    host_symlink("../secret", "secret_rel");            // the sentinel, relatively
    host_symlink(outer_ + "/secret", "secret_abs");     // the sentinel's host path
    host_symlink(outer_, "outer_abs");                  // the outer dir's host path
    host_symlink("/tmp", "tmp_abs");
    host_symlink("loop_b", "loop_a");
    host_symlink("loop_a", "loop_b");
    host_symlink("self", "self");
    host_mkdir("d");
    host_mkdir("d/e");
    host_symlink("../../..", "d/e/up3");
  }

  std::string outer_, outer_name_, escape_;
  std::map<std::string, std::string> before_;
};

TEST_F(FsHostileTest, DotDotChainsStopAtTheRoot) {
  host_write("in_root", "root file");
  for (std::string p : std::initializer_list<std::string>{"../secret", "/../secret", "../../../../secret", "/../../../../../../secret",
                        "../" + outer_name_ + "/secret", "/../lindfs/../secret", "d/../../secret",
                        "./../.././secret"}) {
    EXPECT_EQ(open(p, O_RDONLY), -ENOENT) << p;
    EXPECT_EQ(stat(p), -ENOENT) << p;
  }
  EXPECT_EQ(read_fd(open("../../../in_root", O_RDONLY)), "root file");
  EXPECT_EQ(read_fd(open("/../../in_root", O_RDONLY)), "root file");
  struct stat st;
  EXPECT_EQ(stat("/../../..", &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
  EXPECT_EQ(stat("../secretdir/inner"), -ENOENT);
}

TEST_F(FsHostileTest, AbsoluteHostPathsAreLindfsPaths) {
  EXPECT_EQ(open(outer_ + "/secret", O_RDONLY), -ENOENT);
  EXPECT_EQ(open(root_ + "/x", O_RDONLY), -ENOENT);
  EXPECT_EQ(open("/etc/passwd", O_RDONLY), -ENOENT);
  EXPECT_EQ(open("/proc/self/root/etc/passwd", O_RDONLY), -ENOENT);
  // Creating by absolute host path creates inside lindfs (if the dirs exist there).
  EXPECT_EQ(open(escape_, O_CREAT | O_WRONLY, 0644), -ENOENT);  // no /tmp in lindfs
  host_mkdir("tmp");
  EXPECT_GE(open(escape_, O_CREAT | O_WRONLY, 0644), 0);
  EXPECT_TRUE(host_exists(escape_.substr(1)));
}

TEST_F(FsHostileTest, SymlinksPointingOutsideResolveInside) {
  plant_links();
  for (std::string p : std::initializer_list<std::string>{"/etc_abs/passwd", "/etc_rel/passwd", "etc_abs/hostname", "/up/secret",
                        "/up/up/up/secret", "/secret_rel", "/secret_abs", "/outer_abs/secret",
                        "/d/e/up3/secret", "/d/e/up3/../../secret", "/tmp_abs/" + escape_.substr(5)}) {
    EXPECT_EQ(open(p, O_RDONLY), -ENOENT) << p;
    EXPECT_EQ(stat(p), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_access, put(p), F_OK), -ENOENT) << p;
  }
  // Through a link, O_CREAT creates inside lindfs or fails; never outside.
  EXPECT_EQ(open("/tmp_abs/" + escape_.substr(5), O_CREAT | O_WRONLY, 0644), -ENOENT);
  EXPECT_EQ(open("/secret_abs", O_CREAT | O_WRONLY, 0644), -ENOENT);  // dangling inside: no such dir
  EXPECT_GE(open("/secret_rel", O_CREAT | O_WRONLY, 0644), 0);  // "../secret" from / is /secret
  EXPECT_TRUE(host_exists("secret"));
  host_mkdir("etc");
  host_write("etc/passwd", "lindfs passwd");
  EXPECT_EQ(read_fd(open("/etc_abs/passwd", O_RDONLY)), "lindfs passwd");
  EXPECT_EQ(read_fd(open("/etc_rel/passwd", O_RDONLY)), "lindfs passwd");
  EXPECT_EQ(read_fd(open("/d/e/up3/etc_abs/passwd", O_RDONLY)), "lindfs passwd");  // link in the middle
  EXPECT_EQ(readlink("/etc_abs"), "/etc");  // the link's text is the cage's own business
}

TEST_F(FsHostileTest, SymlinkLoops) {
  plant_links();
  EXPECT_EQ(open("/loop_a", O_RDONLY), -ELOOP);
  EXPECT_EQ(open("/self", O_RDONLY), -ELOOP);
  EXPECT_EQ(open("/self", O_CREAT | O_WRONLY, 0644), -ELOOP);
  EXPECT_EQ(stat("/loop_a/x"), -ELOOP);
  EXPECT_EQ(mkdir("/loop_a/x"), -ELOOP);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/self")), -ELOOP);
  EXPECT_EQ(call(LIND_SYS_unlink, put("/self/x")), -ELOOP);
  EXPECT_EQ(call(LIND_SYS_truncate, put("/loop_b"), 0), -ELOOP);
  // 40 links in a chain are fine; 41 are too many (Linux's MAXSYMLINKS).
  for (int i = 0; i < 41; ++i) host_symlink("c" + std::to_string(i + 1), "c" + std::to_string(i));
  host_write("c41", "end");
  EXPECT_EQ(open("/c1", O_RDONLY) >= 0, true);
  EXPECT_EQ(open("/c0", O_RDONLY), -ELOOP);
}

TEST_F(FsHostileTest, ChdirAndGetcwdNeverLeave) {
  plant_links();
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../..")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/up/up")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/d/e/up3")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(call(LIND_SYS_chdir, put("/outer_abs")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/d/e")), 0);
  EXPECT_EQ(open("../../../secret", O_RDONLY), -ENOENT);
  EXPECT_EQ(mkdir("../../../escaped"), 0);  // lands in the lindfs root
  EXPECT_TRUE(host_exists("escaped"));
  int64_t root = open("/", O_RDONLY);
  EXPECT_EQ(call(LIND_SYS_fchdir, root), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(open("../secret", O_RDONLY), -ENOENT);
}

TEST_F(FsHostileTest, DotDotFromTheCwdNeverLeaves) {
  plant_links();
  host_write("top", "top file");
  host_mkdir("d/e/f");
  // The cwd at the root.
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), 0);
  EXPECT_EQ(cwd(), "/");
  EXPECT_EQ(open("../secret", O_RDONLY), -ENOENT);
  EXPECT_EQ(stat("../" + outer_name_ + "/secret"), -ENOENT);
  // Deep inside.
  ASSERT_EQ(call(LIND_SYS_chdir, put("/d/e/f")), 0);
  for (std::string p : std::initializer_list<std::string>{"../../../secret", "../../../../secret",
                        "../../../../../../../../secret", "../../../../" + outer_name_ + "/secret",
                        "../up3/../secret", "../../../up/secret", "../../../secret_rel",
                        "./.././../../../secretdir/inner"}) {
    EXPECT_EQ(open(p, O_RDONLY), -ENOENT) << p;
    EXPECT_EQ(stat(p), -ENOENT) << p;
  }
  EXPECT_EQ(read_fd(open("../../../../top", O_RDONLY)), "top file");
  EXPECT_EQ(mkdir("../../../../../made"), 0);
  EXPECT_TRUE(host_exists("made"));
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../../../../..")), 0);
  EXPECT_EQ(cwd(), "/");
  // A removed cwd: ".." is the kernel's own step to the old parent, and it
  // stops at the root just the same.
  host_mkdir("x");
  host_mkdir("x/y");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/x/y")), 0);
  ASSERT_EQ(::rmdir(host("x/y").c_str()), 0);
  ASSERT_EQ(::rmdir(host("x").c_str()), 0);
  for (std::string p : std::initializer_list<std::string>{"../../secret", "../../../secret",
                        "../../../../../../secret", "../../../" + outer_name_ + "/secret",
                        "../../up/secret", "../../d/e/up3/../secret"}) {
    EXPECT_EQ(open(p, O_RDONLY), -ENOENT) << p;
    EXPECT_EQ(stat(p), -ENOENT) << p;
  }
  EXPECT_EQ(read_fd(open("../../../../top", O_RDONLY)), "top file");
  EXPECT_GE(open("../../../../secret", O_CREAT | O_WRONLY, 0644), 0);  // lands in the lindfs root
  EXPECT_TRUE(host_exists("secret"));
  EXPECT_EQ(mkdir("../../../../made2"), 0);
  EXPECT_TRUE(host_exists("made2"));
  EXPECT_EQ(call(LIND_SYS_chdir, put("../../../../..")), 0);
  EXPECT_EQ(cwd(), "/");
}

TEST_F(FsHostileTest, CwdMovedOutOfLindfsByTheHost) {
  // The host moves the cage's cwd (or, for a removed cwd, its parent)
  // elsewhere: nothing above it is reachable, and getcwd has no answer.
  char tmpl[] = "/tmp/lind-elsewhere-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string elsewhere = tmpl;
  write(elsewhere + "/sentinel", "elsewhere");
  host_mkdir("m");
  host_mkdir("m/n");
  ASSERT_EQ(call(LIND_SYS_chdir, put("/m")), 0);
  ASSERT_EQ(::rename(host("m").c_str(), (elsewhere + "/m").c_str()), 0);
  EXPECT_EQ(cwd(), "<error " + std::to_string(-ENOENT) + ">");
  EXPECT_EQ(open("../sentinel", O_RDONLY), -ENOENT);
  EXPECT_EQ(stat("../sentinel"), -ENOENT);
  EXPECT_EQ(open("../made", O_CREAT | O_WRONLY, 0644), -ENOENT);
  EXPECT_EQ(mkdir("../made"), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, put("..")), -ENOENT);
  ASSERT_EQ(call(LIND_SYS_chdir, put("n")), 0);
  ASSERT_EQ(::rmdir((elsewhere + "/m/n").c_str()), 0);
  EXPECT_EQ(open("../../sentinel", O_RDONLY), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, put("../..")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_chdir, put("/")), 0);
  EXPECT_EQ(cwd(), "/");
  std::ifstream in(elsewhere + "/sentinel");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "elsewhere");
  EXPECT_FALSE(fs::exists(elsewhere + "/made"));
  EXPECT_EQ(std::distance(fs::directory_iterator(elsewhere), fs::directory_iterator()), 2);  // sentinel, m
  fs::remove_all(elsewhere);
}

TEST_F(FsHostileTest, DirectoryFdsWithDotDot) {
  plant_links();
  host_write("top", "top file");
  int64_t root = open("/", O_RDONLY | O_DIRECTORY);
  int64_t e = open("/d/e", O_RDONLY | O_DIRECTORY);
  int64_t epath = open("/d/e", O_PATH);
  for (int64_t dir : {root, e, epath}) {
    EXPECT_EQ(openat(dir, "../../../../secret", O_RDONLY), -ENOENT) << dir;
    EXPECT_EQ(openat(dir, "up3/../secret", O_RDONLY), -ENOENT) << dir;
    EXPECT_EQ(call(LIND_SYS_mkdirat, dir, put("../../../../made"), 0755), 0) << dir;
    EXPECT_TRUE(host_exists("made"));
    EXPECT_EQ(call(LIND_SYS_unlinkat, dir, put("../../../../made"), AT_REMOVEDIR), 0) << dir;
  }
  EXPECT_EQ(read_fd(openat(e, "../../top", O_RDONLY)), "top file");
  EXPECT_EQ(read_fd(openat(e, "../../../top", O_RDONLY)), "top file");
  EXPECT_EQ(read_fd(openat(e, "up3/top", O_RDONLY)), "top file");
  EXPECT_EQ(openat(e, "../../etc_abs/../top", O_RDONLY), -ENOENT);  // no /etc inside lindfs
  host_mkdir("etc");
  EXPECT_EQ(read_fd(openat(e, "../../etc_abs/../top", O_RDONLY)), "top file");
  // "..", as the dirfd-relative path itself, from the root is the root.
  int64_t up = openat(root, "..", O_RDONLY);
  struct stat st;
  ASSERT_EQ(fstat(up, &st), 0);
  EXPECT_EQ(st.st_ino, host_stat(".").st_ino);
  uint64_t buf = reserve(sizeof(struct stat));
  EXPECT_EQ(call(LIND_SYS_newfstatat, root, put(".."), buf, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(get<struct stat>(buf).st_ino, host_stat(".").st_ino);
}

TEST_F(FsHostileTest, DirfdFollowsARenamedDirectoryExactly) {
  host_mkdir("a");
  host_mkdir("a/b");
  host_write("a/sibling", "moved with a");
  host_write("sibling", "stale name");
  int64_t b = open("/a/b", O_RDONLY | O_DIRECTORY);
  ASSERT_EQ(call(LIND_SYS_rename, put("/a"), put("/z")), 0);
  host_mkdir("a");  // a new /a, to catch a resolver that remembers names
  host_mkdir("a/b");
  // Within the directory: relative to the fd's inode (RESOLVE_BENEATH).
  EXPECT_GE(call(LIND_SYS_mkdirat, b, put("new"), 0755), 0);
  EXPECT_TRUE(host_exists("z/b/new"));
  // Above it: from the directory's current path, /z/b.
  EXPECT_EQ(read_fd(openat(b, "../sibling", O_RDONLY)), "moved with a");
  EXPECT_EQ(read_fd(openat(b, "../../sibling", O_RDONLY)), "stale name");
  EXPECT_EQ(openat(b, "../../../../../secret", O_RDONLY), -ENOENT);
}

TEST_F(FsHostileTest, NameOperationsTargetingOutside) {
  plant_links();
  host_write("mine", "cage data");
  // rename: out of lindfs is impossible; "outside" names land inside.
  EXPECT_EQ(call(LIND_SYS_rename, put("/mine"), put("../secret")), 0);
  EXPECT_EQ(host_read("secret"), "cage data");
  EXPECT_EQ(call(LIND_SYS_rename, put("/secret"), put("/up/secret2")), 0);  // "/up" is the root
  EXPECT_TRUE(host_exists("secret2"));
  EXPECT_EQ(call(LIND_SYS_rename, put("../secretdir"), put("/stolen")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rename, put("/secret_abs"), put("/renamed_link")), 0);  // the link itself moves
  EXPECT_EQ(call(LIND_SYS_rename, put("/secret2"), put("/outer_abs/secret")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rename, put("/secret2"), put("/tmp_abs/x")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rename, put("/"), put("/x")), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_rename, put("/d"), put("/..")), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_renameat2, kFdcwd, put("/d"), kFdcwd, put("/.."), RENAME_EXCHANGE), -EBUSY);
  // link: the source must be inside; following a link to outside finds nothing.
  EXPECT_EQ(call(LIND_SYS_link, put("../secret"), put("/hard")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_link, put("/outer_abs/secret"), put("/hard")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/renamed_link"), kFdcwd, put("/hard"), AT_SYMLINK_FOLLOW),
            -ENOENT);
  EXPECT_EQ(call(LIND_SYS_linkat, kFdcwd, put("/etc_abs"), kFdcwd, put("/hard"), AT_SYMLINK_FOLLOW), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_link, put("/secret2"), put("/up/../hard")), 0);
  EXPECT_TRUE(host_exists("hard"));
  EXPECT_EQ(call(LIND_SYS_link, put("/secret2"), put("/outer_abs/hard2")), -ENOENT);
  // symlink: creating one whose text points outside is allowed, and harmless.
  EXPECT_EQ(call(LIND_SYS_symlink, put(outer_ + "/secret"), put("/planted")), 0);
  EXPECT_EQ(open("/planted", O_RDONLY), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_symlink, put("x"), put("../secret_new")), 0);  // lands in the root
  EXPECT_TRUE(host_exists("secret_new"));
  EXPECT_EQ(call(LIND_SYS_symlink, put("x"), put("/outer_abs/new")), -ENOENT);
  // unlink/rmdir: outside names are not found; the root is not removable.
  EXPECT_EQ(call(LIND_SYS_unlink, put("../secret")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_unlink, put("/outer_abs/secret")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_unlink, put("/up/../secretlink")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("../secretdir")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/outer_abs/secretdir")), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/..")), -ENOTEMPTY);
  EXPECT_EQ(call(LIND_SYS_rmdir, put("/")), -EBUSY);
  EXPECT_EQ(call(LIND_SYS_unlinkat, open("/", O_RDONLY), put(".."), AT_REMOVEDIR), -ENOTEMPTY);
  EXPECT_EQ(call(LIND_SYS_unlink, put("/etc_abs/passwd")), -ENOENT);
  // The planted links themselves can be removed like any file.
  EXPECT_EQ(call(LIND_SYS_unlink, put("/etc_abs")), 0);
  EXPECT_EQ(call(LIND_SYS_unlink, put("/outer_abs")), 0);
}

TEST_F(FsHostileTest, MetadataCallsThroughOutsideLinks) {
  plant_links();
  uint64_t ts = reserve(32);  // {0,0},{0,0}: the epoch
  for (std::string p : std::initializer_list<std::string>{"../secret", "/outer_abs/secret", "/secret_abs", "/secret_rel", "/up/secret",
                        "/etc_abs/passwd", "/d/e/up3/secretdir"}) {
    EXPECT_EQ(call(LIND_SYS_chmod, put(p), 0777), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_chown, put(p), 1, 1), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_truncate, put(p), 0), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put(p), ts, 0), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_statfs, put(p), reserve(120)), -ENOENT) << p;
    EXPECT_EQ(call(LIND_SYS_chdir, put(p)), -ENOENT) << p;
  }
  EXPECT_EQ(call(LIND_SYS_readlink, put("/outer_abs/secretlink"), reserve(64), 64), -ENOENT);
  EXPECT_EQ(call(LIND_SYS_readlink, put("../secretlink"), reserve(64), 64), -ENOENT);
  EXPECT_EQ(readlink("/up/secret_rel"), "../secret");  // the link inside, not outside
  // With NOFOLLOW the planted link itself is changed, inside lindfs.
  EXPECT_EQ(call(LIND_SYS_lchown, put("/secret_abs"), geteuid(), getegid()), 0);
  EXPECT_EQ(call(LIND_SYS_utimensat, kFdcwd, put("/secret_abs"), ts, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(host_stat("secret_abs").st_mtim.tv_sec, 0);
  EXPECT_EQ(call(LIND_SYS_fchmodat, kFdcwd, put("/secret_abs"), 0600, AT_SYMLINK_NOFOLLOW), -EOPNOTSUPP);
}

TEST_F(FsHostileTest, GetdentsOfTheRootShowsNothingOfTheHostParent) {
  plant_links();
  int64_t fd = open("/..", O_RDONLY | O_DIRECTORY);
  uint64_t buf = reserve(4096);
  std::string all;
  for (int64_t n; (n = call(LIND_SYS_getdents64, fd, buf, 4096)) > 0;) all += get_string(buf, n);
  EXPECT_EQ(all.find("secret\0", 0, 7), std::string::npos);
  EXPECT_NE(all.find("etc_abs"), std::string::npos);
}

}  // namespace
}  // namespace lind::rawposix::test
