// Helpers for the file-system syscall tests: calls by name, host-side file
// set-up and checks in the scratch lindfs.
#pragma once

#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cage.h"
#include "cage_fixture.h"

namespace lind::rawposix::test {

constexpr int64_t kFdcwd = -100;  // AT_FDCWD as the cage passes it
// AT_FDCWD as a wasm32 C library might pass an int (zero-extended).
constexpr uint64_t kFdcwd32 = 0xffffff9cull;

// While alive, the calling thread's file-system checks are those of an
// unprivileged user (fsuid/fsgid 65534), RawPOSIX's calls included: it
// makes them on the thread it runs on. Under root this is what lets the
// permission tests run (changing fsuid from 0 drops CAP_DAC_OVERRIDE and
// the other file capabilities until it is set back); as another user the
// kernel refuses the change and the checks are that user's, also
// unprivileged. The scratch lindfs is opened up so that the user can
// reach into it.
class AsUnprivileged {
 public:
  explicit AsUnprivileged(const std::string& root) {
    ::chmod(root.c_str(), 0755);
    gid_ = ::setfsgid(kNobody);
    uid_ = ::setfsuid(kNobody);
  }
  ~AsUnprivileged() {
    ::setfsuid(uid_);
    ::setfsgid(gid_);
  }
  AsUnprivileged(const AsUnprivileged&) = delete;
  AsUnprivileged& operator=(const AsUnprivileged&) = delete;
  static bool active() { return ::setfsuid(-1) != 0; }  // -1: only reads it

 private:
  static constexpr uid_t kNobody = 65534;
  int uid_, gid_;
};

class FsTest : public CageTest {
 protected:
  // Cage calls.
  int64_t open(const std::string& p, int flags, int mode = 0) { return call(LIND_SYS_open, put(p), flags, mode); }
  int64_t openat(int64_t dirfd, const std::string& p, int flags, int mode = 0) {
    return call(LIND_SYS_openat, dirfd, put(p), flags, mode);
  }
  int64_t close(int64_t fd) { return call(LIND_SYS_close, fd); }
  int64_t mkdir(const std::string& p, int mode = 0755) { return call(LIND_SYS_mkdir, put(p), mode); }
  int64_t stat(const std::string& p, struct stat* st = nullptr, bool follow = true) {
    uint64_t buf = reserve(sizeof(struct stat));
    int64_t r = call(follow ? LIND_SYS_stat : LIND_SYS_lstat, put(p), buf);
    if (st) *st = get<struct stat>(buf);
    return r;
  }
  int64_t fstat(int64_t fd, struct stat* st = nullptr) {
    uint64_t buf = reserve(sizeof(struct stat));
    int64_t r = call(LIND_SYS_fstat, fd, buf);
    if (st) *st = get<struct stat>(buf);
    return r;
  }
  int64_t write_fd(int64_t fd, const std::string& s) { return call(LIND_SYS_write, fd, put(s), s.size()); }
  std::string read_fd(int64_t fd, size_t max = 4096) {
    uint64_t buf = reserve(max);
    int64_t n = call(LIND_SYS_read, fd, buf, max);
    return n > 0 ? get_string(buf, n) : std::string();
  }
  std::string cwd() {
    uint64_t buf = reserve(4096);
    int64_t n = call(LIND_SYS_getcwd, buf, 4096);
    return n > 0 ? get_string(buf, n - 1) : "<error " + std::to_string(n) + ">";
  }
  std::string readlink(const std::string& p) {
    uint64_t buf = reserve(4096);
    int64_t n = call(LIND_SYS_readlink, put(p), buf, 4096);
    return n >= 0 ? get_string(buf, n) : "<error " + std::to_string(n) + ">";
  }

  // A string placed without a NUL so that it ends exactly at the end of the
  // cage's memory.
  uint64_t unterminated_at_end(const std::string& s) {
    uint64_t at = memory_size() - s.size();
    EXPECT_TRUE(memory_->write(at, s.data(), s.size()));
    return at;
  }

  // Host-side set-up and checks (paths relative to the lindfs root).
  void host_write(const std::string& p, const std::string& content, mode_t mode = 0644) {
    std::ofstream(host(p), std::ios::binary) << content;
    ::chmod(host(p).c_str(), mode);
  }
  std::string host_read(const std::string& p) {
    std::ifstream in(host(p), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void host_mkdir(const std::string& p, mode_t mode = 0755) { ASSERT_EQ(::mkdir(host(p).c_str(), mode), 0) << p; }
  void host_symlink(const std::string& target, const std::string& p) {
    ASSERT_EQ(::symlink(target.c_str(), host(p).c_str()), 0) << p;
  }
  bool host_exists(const std::string& p) {
    struct stat st;
    return ::lstat(host(p).c_str(), &st) == 0;
  }
  struct stat host_stat(const std::string& p) {
    struct stat st{};
    EXPECT_EQ(::lstat(host(p).c_str(), &st), 0) << p;
    return st;
  }
};

}  // namespace lind::rawposix::test
