// File status: stat, fstat, lstat, newfstatat, access, faccessat, statfs,
// fstatfs. A path is resolved inside lindfs to an O_PATH fd (path.h) and the
// question is asked of that fd; the answer is copied out in the x86-64
// kernel layout, which is the host's (static_asserts below).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

static_assert(sizeof(struct stat) == 144, "x86-64 kernel struct stat");
static_assert(sizeof(struct statfs) == 120, "x86-64 kernel struct statfs");

// Like the kernel, the buffer is checked when the result is copied out, so
// a lookup error wins over a bad buffer.
template <typename T>
int64_t copy_out(const T& v, CageId mem, uint64_t addr) {
  uint8_t* p = CageMemory(mem).range(addr, sizeof v);
  if (!p) return -EFAULT;
  std::memcpy(p, &v, sizeof v);
  return 0;
}

int64_t stat_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, CageId buf_cage,
                uint64_t buf_addr, int flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path, flags & AT_EMPTY_PATH)) return r;
  constexpr int kStatxSyncType = 0x6000;
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | kStatxSyncType)) return -EINVAL;
  HostFd fd;
  if (int r = lookup(*c, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), fd)) return r;
  struct stat st;
  if (::fstat(fd.get(), &st) < 0) return -errno;
  return copy_out(st, buf_cage, buf_addr);
}

int64_t access_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, int mode, int flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (mode & ~S_IRWXO) return -EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path, flags & AT_EMPTY_PATH)) return r;
  HostFd fd;
  if (int r = lookup(*c, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), fd)) return r;
  return host_result(::syscall(SYS_faccessat2, fd.get(), "", mode, (flags & AT_EACCESS) | AT_EMPTY_PATH));
}

}  // namespace

LIND_SYSCALL(stat) { return stat_at(target, kAtFdcwd, a.cage[0], a.a[0], a.cage[1], a.a[1], 0); }

LIND_SYSCALL(lstat) {
  return stat_at(target, kAtFdcwd, a.cage[0], a.a[0], a.cage[1], a.a[1], AT_SYMLINK_NOFOLLOW);
}

LIND_SYSCALL(newfstatat) {
  return stat_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], a.cage[2], a.a[2], int_arg(a.a[3]));
}

LIND_SYSCALL(fstat) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  OpenFile* f = cage_file(*c, a.a[0]);
  if (!f) return -EBADF;
  struct stat st;
  if (::fstat(f->host_fd, &st) < 0) return -errno;
  return copy_out(st, a.cage[1], a.a[1]);
}

LIND_SYSCALL(access) { return access_at(target, kAtFdcwd, a.cage[0], a.a[0], int_arg(a.a[1]), 0); }

// faccessat: the kernel's 269 has no flags argument; the 4th argument is
// taken as faccessat2's flags (0 from a caller that passes none).
LIND_SYSCALL(faccessat) {
  return access_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2]), int_arg(a.a[3]));
}

LIND_SYSCALL(statfs) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(a.cage[0], a.a[0], path)) return r;
  HostFd fd;
  if (int r = lookup(*c, kAtFdcwd, path, true, fd)) return r;
  struct statfs sf;
  if (::fstatfs(fd.get(), &sf) < 0) return -errno;
  return copy_out(sf, a.cage[1], a.a[1]);
}

LIND_SYSCALL(fstatfs) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  OpenFile* f = cage_file(*c, a.a[0]);
  if (!f) return -EBADF;
  struct statfs sf;
  if (::fstatfs(f->host_fd, &sf) < 0) return -errno;
  return copy_out(sf, a.cage[1], a.a[1]);
}

}  // namespace lind::rawposix
