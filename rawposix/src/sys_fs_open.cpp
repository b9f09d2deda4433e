// Opening files: open, openat, creat. Paths resolve inside the lindfs root
// (path.h); the host fd is always close-on-exec (a cage's close-on-exec is
// the cage fd's flag, applied by RawPOSIX at exec).
#include <fcntl.h>
#include <sys/stat.h>

#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

// Linux's open flags (x86-64 values; the host is the same ABI).
constexpr int kTmpfileBit = 020000000;  // __O_TMPFILE without O_DIRECTORY
constexpr int kValidOpenFlags = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |
                                O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE |
                                O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC |
                                O_PATH | kTmpfileBit;
constexpr int kPathFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
static_assert(O_TMPFILE == (kTmpfileBit | O_DIRECTORY) && O_PATH == 010000000 && O_CLOEXEC == 02000000);

// The stateless host devices a cage may open when lindfs has no file of
// that name: programs expect /dev/null and friends, and creating device
// nodes in a user's lindfs would need root. Anything lindfs does have at
// these paths (a file, a symlink) wins.
int open_host_device(const Cage& c, int dirfd, std::string_view path, int flags) {
  static constexpr const char* kDevices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                             "/dev/urandom"};
  if (path.empty() || (path[0] != '/' && dirfd != kAtFdcwd)) return -ENOENT;
  std::string_view last = path.substr(path.rfind('/') + 1);  // (npos + 1 == 0)
  bool named = false;
  for (const char* dev : kDevices) named = named || last == std::string_view(dev).substr(5);
  if (!named) return -ENOENT;  // (spares the cwd's path below)
  std::string base = "/";
  if (path[0] != '/' && cwd_path(c, base) < 0) return -ENOENT;
  std::string full = lexical_join(base, path);
  for (const char* dev : kDevices) {
    if (full != dev) continue;
    if (flags & (O_DIRECTORY | O_EXCL)) return (flags & O_DIRECTORY) ? -ENOTDIR : -EEXIST;
    int fd = ::open(dev, (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND | O_PATH)) | O_CLOEXEC | O_NOCTTY);
    return fd < 0 ? -errno : fd;
  }
  return -ENOENT;
}

int64_t do_open(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, int flags, mode_t mode) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  // open(2) ignores unknown flags, and everything but these with O_PATH
  // (openat2, which does the work, would refuse them: strip them here).
  flags &= kValidOpenFlags;
  if (flags & O_PATH) flags &= kPathFlags;
  bool creates = flags & (O_CREAT | kTmpfileBit);
  mode_t m = creates ? (mode & 07777 & ~c->umask) : 0;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path)) return r;
  if (int r = c->fds.lowest_free(); r < 0) return r;  // Linux takes the fd first

  // O_NOCTTY: a terminal opened by a cage never becomes lind-boot's
  // controlling terminal (invisible to the cage: the kernel drops the flag).
  int host_fd = open_in_lindfs(*c, dirfd, path, (flags & O_PATH) ? flags : flags | O_NOCTTY, m);
  if (host_fd == -ENOENT) host_fd = open_host_device(*c, dirfd, path, flags);
  if (host_fd < 0) return host_fd;
  auto file = std::make_shared<OpenFile>();
  file->host_fd = host_fd;

  bool is_dir = false;
  if ((flags & O_TMPFILE) == O_TMPFILE) {
    is_dir = false;
  } else if (flags & O_DIRECTORY) {
    is_dir = true;
  } else if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_PATH)) {
    struct stat st;  // only read-only (or O_PATH) opens can yield a directory
    is_dir = ::fstat(host_fd, &st) == 0 && S_ISDIR(st.st_mode);
  }
  if (is_dir) {
    std::string base = "/";
    if (path[0] != '/') {
      if (dirfd == kAtFdcwd) {
        if (c->cwd) base = c->cwd->dir_path;
      } else if (OpenFile* d = cage_file(*c, static_cast<uint32_t>(dirfd))) {
        base = d->dir_path;
      }
    }
    file->dir_path = lexical_join(base, path);
  }
  return c->fds.allocate(std::move(file), flags & O_CLOEXEC);
}

}  // namespace

LIND_SYSCALL(open) {
  return do_open(target, kAtFdcwd, a.cage[0], a.a[0], int_arg(a.a[1]), static_cast<mode_t>(a.a[2]));
}

LIND_SYSCALL(openat) {
  return do_open(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2]), static_cast<mode_t>(a.a[3]));
}

LIND_SYSCALL(creat) {
  return do_open(target, kAtFdcwd, a.cage[0], a.a[0], O_CREAT | O_WRONLY | O_TRUNC, static_cast<mode_t>(a.a[1]));
}

}  // namespace lind::rawposix
