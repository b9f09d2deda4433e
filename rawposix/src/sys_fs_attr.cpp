// Attributes: chmod, chown, truncate, sync, utimensat and umask. Paths are
// resolved inside lindfs to O_PATH fds (path.h) and changed through them
// with AT_EMPTY_PATH, so the host never resolves a name itself.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include <cstdio>
#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

// chmod of what an O_PATH fd names. fchmodat2 (Linux 6.6) takes
// AT_EMPTY_PATH; before it, /proc/self/fd as glibc does (and a symlink's
// mode cannot be changed: EOPNOTSUPP, as fchmodat2 says too).
int64_t chmod_fd(int fd, mode_t mode) {
  if (::syscall(SYS_fchmodat2, fd, "", mode, AT_EMPTY_PATH) == 0) return 0;
  if (errno != ENOSYS) return -errno;
  struct stat st;
  if (::fstat(fd, &st) < 0) return -errno;
  if (S_ISLNK(st.st_mode)) return -EOPNOTSUPP;
  char proc[40];
  std::snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  return host_result(::chmod(proc, mode));
}

// The object an *at call with AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH flags
// names, as an O_PATH fd; 0 or -errno.
int lookup_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, int flags, HostFd& fd) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path, flags & AT_EMPTY_PATH)) return r;
  return lookup(*c, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), fd);
}

int64_t chmod_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, mode_t mode, int flags) {
  HostFd fd;
  if (int r = lookup_at(target, dirfd, path_cage, path_addr, flags, fd)) return r;
  return chmod_fd(fd.get(), mode);
}

int64_t chown_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, uint64_t uid, uint64_t gid,
                 int flags) {
  HostFd fd;
  if (int r = lookup_at(target, dirfd, path_cage, path_addr, flags, fd)) return r;
  return host_result(
      ::fchownat(fd.get(), "", static_cast<uid_t>(uid), static_cast<gid_t>(gid), AT_EMPTY_PATH));
}

OpenFile* file_arg(CageId target, uint64_t fd) {
  Cage* c = find_cage(target);
  return c ? cage_file(*c, fd) : nullptr;
}

bool nsec_valid(long ns) { return (ns >= 0 && ns <= 999999999) || ns == UTIME_NOW || ns == UTIME_OMIT; }

}  // namespace

LIND_SYSCALL(chmod) { return chmod_at(target, kAtFdcwd, a.cage[0], a.a[0], static_cast<mode_t>(a.a[1]), 0); }

LIND_SYSCALL(fchmod) {
  OpenFile* f = file_arg(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::fchmod(f->host_fd, static_cast<mode_t>(a.a[1])));
}

// fchmodat: the kernel's 268 has no flags argument; the 4th argument is
// taken as fchmodat2's flags (0 from a caller that passes none).
LIND_SYSCALL(fchmodat) {
  return chmod_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], static_cast<mode_t>(a.a[2]), int_arg(a.a[3]));
}

LIND_SYSCALL(chown) { return chown_at(target, kAtFdcwd, a.cage[0], a.a[0], a.a[1], a.a[2], 0); }

LIND_SYSCALL(lchown) {
  return chown_at(target, kAtFdcwd, a.cage[0], a.a[0], a.a[1], a.a[2], AT_SYMLINK_NOFOLLOW);
}

LIND_SYSCALL(fchown) {
  OpenFile* f = file_arg(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::fchown(f->host_fd, static_cast<uid_t>(a.a[1]), static_cast<gid_t>(a.a[2])));
}

LIND_SYSCALL(fchownat) {
  return chown_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], a.a[2], a.a[3], int_arg(a.a[4]));
}

// truncate: the file must be a regular file (EISDIR, EINVAL otherwise, as
// the kernel checks before permissions); it is then opened for writing
// (inside lindfs, non-blocking, without becoming a controlling terminal)
// and cut with ftruncate, which needs the same write permission and
// refuses a negative length last, in the kernel's order.
LIND_SYSCALL(truncate) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  auto length = static_cast<off_t>(a.a[1]);  // negative: EINVAL from ftruncate, after the lookup
  std::string_view path;
  if (int r = read_path(a.cage[0], a.a[0], path)) return r;
  HostFd fd;
  if (int r = lookup(*c, kAtFdcwd, path, true, fd)) return r;
  struct stat st;
  if (::fstat(fd.get(), &st) < 0) return -errno;
  if (S_ISDIR(st.st_mode)) return -EISDIR;
  if (!S_ISREG(st.st_mode)) return -EINVAL;
  int w = open_in_lindfs(*c, kAtFdcwd, path, O_WRONLY | O_NONBLOCK | O_NOCTTY, 0);
  if (w < 0) return w;
  HostFd wfd(w, true);
  return host_result(::ftruncate(w, length));
}

LIND_SYSCALL(ftruncate) {
  OpenFile* f = file_arg(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::ftruncate(f->host_fd, static_cast<off_t>(a.a[1])));
}

LIND_SYSCALL(fsync) {
  OpenFile* f = file_arg(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::fsync(f->host_fd));
}

LIND_SYSCALL(fdatasync) {
  OpenFile* f = file_arg(target, a.a[0]);
  if (!f) return -EBADF;
  return host_result(::fdatasync(f->host_fd));
}

// utimensat(dirfd, path, times[2], flags). times is two x86-64 struct
// timespec (16 bytes each, the host's layout) or NULL (0) for "now"; a NULL
// path with a real dirfd is futimens.
LIND_SYSCALL(utimensat) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  int dirfd = int_arg(a.a[0]);
  int flags = int_arg(a.a[3]);
  struct timespec ts[2];
  const struct timespec* times = nullptr;
  if (a.a[2] != 0) {
    const uint8_t* p = CageMemory(a.cage[2]).range(a.a[2], sizeof ts);
    if (!p) return -EFAULT;
    std::memcpy(ts, p, sizeof ts);
    times = ts;
  }
  // The kernel checks the nanoseconds once it has the file (vfs_utimes).
  auto times_valid = [&] { return !times || (nsec_valid(ts[0].tv_nsec) && nsec_valid(ts[1].tv_nsec)); };
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  if (a.a[1] == 0 && dirfd != kAtFdcwd) {  // futimens
    if (flags & AT_SYMLINK_NOFOLLOW) return -EINVAL;
    OpenFile* f = cage_file(*c, static_cast<uint32_t>(dirfd));
    if (!f) return -EBADF;
    if (!times_valid()) return -EINVAL;
    return host_result(::syscall(SYS_utimensat, f->host_fd, nullptr, times, 0));
  }
  if (a.a[1] == 0) return -EFAULT;
  std::string_view path;
  if (int r = read_path(a.cage[1], a.a[1], path, flags & AT_EMPTY_PATH)) return r;
  HostFd fd;
  if (int r = lookup(*c, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), fd)) return r;
  if (!times_valid()) return -EINVAL;
  return host_result(::utimensat(fd.get(), "", times, AT_EMPTY_PATH));
}

LIND_SYSCALL(umask) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  mode_t old = c->umask;
  c->umask = static_cast<mode_t>(a.a[0]) & 0777;
  return old;
}

}  // namespace lind::rawposix
