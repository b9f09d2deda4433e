// Names: unlink, rename, link, symlink, readlink and their *at forms.
// Entry operations resolve the parent directory inside lindfs and apply the
// host *at call to the final component, which is then always a plain name
// (a final ".", ".." or "/" gets Linux's answer here, never a host lookup);
// none of those host calls follows a symlink in the final component. The
// source of link and the link readlink reads are resolved to O_PATH fds.
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

int64_t unlink_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, int flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path)) return r;
  Parent p;
  if (int r = resolve_parent(*c, dirfd, path, p)) return r;
  if (flags & AT_REMOVEDIR) return rmdir_parent(p);
  if (p.kind != Parent::kNormal) return -EISDIR;
  return host_result(::unlinkat(p.dir.get(), p.name.c_str(), 0));
}

int64_t rename_at(CageId target, int olddirfd, CageId old_cage, uint64_t old_addr, int newdirfd,
                  CageId new_cage, uint64_t new_addr, unsigned flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view oldpath, newpath;
  if (int r = read_path(old_cage, old_addr, oldpath)) return r;
  if (int r = read_path(new_cage, new_addr, newpath)) return r;
  constexpr unsigned kKnown = RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT;
  if ((flags & ~kKnown) ||
      ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE)))
    return -EINVAL;
  Parent from, to;
  if (int r = resolve_parent(*c, olddirfd, oldpath, from)) return r;
  if (int r = resolve_parent(*c, newdirfd, newpath, to)) return r;
  if (from.kind != Parent::kNormal) return -EBUSY;
  if (to.kind != Parent::kNormal) return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
  return host_result(::renameat2(from.dir.get(), from.name.c_str(), to.dir.get(), to.name.c_str(), flags));
}

// linkat(2). The source is resolved to an O_PATH fd (following a final
// symlink only with AT_SYMLINK_FOLLOW, or for a trailing slash) and linked
// with AT_EMPTY_PATH; where the host refuses that to an unprivileged
// process (before Linux 6.10), through /proc/self/fd, which links the same
// file.
int64_t link_at(CageId target, int olddirfd, CageId old_cage, uint64_t old_addr, int newdirfd,
                CageId new_cage, uint64_t new_addr, int flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  std::string_view oldpath, newpath;
  if (int r = read_path(old_cage, old_addr, oldpath, flags & AT_EMPTY_PATH)) return r;
  bool cage_empty = oldpath.empty();  // AT_EMPTY_PATH on the cage's own fd
  HostFd src;
  if (int r = lookup(*c, olddirfd, oldpath, flags & AT_SYMLINK_FOLLOW, src)) return r;
  if (int r = read_path(new_cage, new_addr, newpath)) return r;
  Parent to;
  if (int r = resolve_parent(*c, newdirfd, newpath, to)) return r;
  if (to.kind != Parent::kNormal) return -EEXIST;
  if (::linkat(src.get(), "", to.dir.get(), to.name.c_str(), AT_EMPTY_PATH) == 0) return 0;
  if (errno != ENOENT || cage_empty) return -errno;
  char proc[40];
  std::snprintf(proc, sizeof proc, "/proc/self/fd/%d", src.get());
  return host_result(::linkat(AT_FDCWD, proc, to.dir.get(), to.name.c_str(), AT_SYMLINK_FOLLOW));
}

int64_t symlink_at(CageId target, CageId target_cage, uint64_t target_addr, int newdirfd, CageId path_cage,
                   uint64_t path_addr) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  // The link's contents are stored as given: they are resolved (inside
  // lindfs) only when the link is followed.
  std::string_view contents, path;
  if (int r = read_path(target_cage, target_addr, contents)) return r;
  if (int r = read_path(path_cage, path_addr, path)) return r;
  Parent p;
  if (int r = resolve_parent(*c, newdirfd, path, p)) return r;
  if (p.kind != Parent::kNormal) return -EEXIST;
  return host_result(::symlinkat(std::string(contents).c_str(), p.dir.get(), p.name.c_str()));
}

int64_t readlink_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, CageId buf_cage,
                    uint64_t buf_addr, int bufsiz) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (bufsiz <= 0) return -EINVAL;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path, true)) return r;  // "" reads dirfd's link
  HostFd fd;
  if (int r = lookup(*c, dirfd, path, false, fd)) return r;
  if (!path.empty()) {
    struct stat st;
    if (::fstat(fd.get(), &st) < 0) return -errno;
    if (!S_ISLNK(st.st_mode)) return -EINVAL;
  }
  char buf[kPathMax];
  size_t want = std::min<size_t>(static_cast<size_t>(bufsiz), sizeof buf);
  ssize_t n = ::readlinkat(fd.get(), "", buf, want);
  if (n < 0) return -errno;
  uint8_t* out = CageMemory(buf_cage).range(buf_addr, n);
  if (!out) return -EFAULT;
  std::memcpy(out, buf, n);
  return n;
}

}  // namespace

LIND_SYSCALL(unlink) { return unlink_at(target, kAtFdcwd, a.cage[0], a.a[0], 0); }

LIND_SYSCALL(unlinkat) { return unlink_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2])); }

LIND_SYSCALL(rename) { return rename_at(target, kAtFdcwd, a.cage[0], a.a[0], kAtFdcwd, a.cage[1], a.a[1], 0); }

LIND_SYSCALL(renameat) {
  return rename_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2]), a.cage[3], a.a[3], 0);
}

LIND_SYSCALL(renameat2) {
  return rename_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2]), a.cage[3], a.a[3],
                   static_cast<uint32_t>(a.a[4]));
}

LIND_SYSCALL(link) { return link_at(target, kAtFdcwd, a.cage[0], a.a[0], kAtFdcwd, a.cage[1], a.a[1], 0); }

LIND_SYSCALL(linkat) {
  return link_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], int_arg(a.a[2]), a.cage[3], a.a[3],
                 int_arg(a.a[4]));
}

LIND_SYSCALL(symlink) { return symlink_at(target, a.cage[0], a.a[0], kAtFdcwd, a.cage[1], a.a[1]); }

LIND_SYSCALL(symlinkat) {
  return symlink_at(target, a.cage[0], a.a[0], int_arg(a.a[1]), a.cage[2], a.a[2]);
}

LIND_SYSCALL(readlink) {
  return readlink_at(target, kAtFdcwd, a.cage[0], a.a[0], a.cage[1], a.a[1], int_arg(a.a[2]));
}

LIND_SYSCALL(readlinkat) {
  return readlink_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], a.cage[2], a.a[2], int_arg(a.a[3]));
}

}  // namespace lind::rawposix
