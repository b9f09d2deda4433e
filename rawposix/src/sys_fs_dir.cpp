// Directories: getdents64, mkdir/mkdirat, rmdir, getcwd/chdir/fchdir. The
// cwd is the directory itself, as on Linux: Cage::cwd holds an O_PATH host
// fd of it (nullptr in the lindfs root), so it survives a rename or removal
// of the directory; getcwd reads its current path back from the kernel
// (path.h).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <cstddef>
#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

// The kernel's struct linux_dirent64, which getdents64 writes.
struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;
  char d_name[];
};

bool is_lindfs_root(int host_fd) {
  struct stat a, b;
  return ::fstat(host_fd, &a) == 0 && ::fstat(lindfs_root_fd(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

// Directory search permission for chdir/fchdir (the kernel checks
// MAY_EXEC|MAY_CHDIR with the effective ids).
int check_search(int host_fd) {
  return ::syscall(SYS_faccessat2, host_fd, "", X_OK, AT_EACCESS | AT_EMPTY_PATH) < 0 ? -errno : 0;
}

// Makes the directory `fd` (an O_PATH fd, taken over) the cage's cwd.
// `hint`: its lindfs path now, or as best known (OpenFile::dir_path).
void set_cwd(Cage& c, HostFd fd, std::string hint) {
  if (is_lindfs_root(fd.get())) {
    c.cwd.reset();  // the root: relative paths resolve in it directly
    return;
  }
  auto dir = std::make_shared<OpenFile>();
  dir->host_fd = fd.release();
  dir->dir_path = std::move(hint);
  c.cwd = std::move(dir);
}

int64_t mkdir_at(CageId target, int dirfd, CageId path_cage, uint64_t path_addr, mode_t mode) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(path_cage, path_addr, path)) return r;
  Parent p;
  if (int r = resolve_parent(*c, dirfd, path, p)) return r;
  if (p.kind != Parent::kNormal) return -EEXIST;  // "/", "." and ".." all exist
  return host_result(::mkdirat(p.dir.get(), p.name.c_str(), mode & 07777 & ~c->umask));
}

}  // namespace

// rmdir's handling of a final ".", ".." or "/" (the kernel never looks them
// up); shared with unlinkat(AT_REMOVEDIR) in sys_fs_names.cpp.
int64_t rmdir_parent(const Parent& p) {
  switch (p.kind) {
    case Parent::kDot:
      return -EINVAL;
    case Parent::kDotDot:
      return -ENOTEMPTY;
    case Parent::kRoot:
      return -EBUSY;
    case Parent::kNormal:
      break;
  }
  return host_result(::unlinkat(p.dir.get(), p.name.c_str(), AT_REMOVEDIR));
}

LIND_SYSCALL(getdents64) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  OpenFile* f = cage_file(*c, a.a[0]);
  if (!f) return -EBADF;
  auto count = static_cast<uint32_t>(a.a[2]);  // unsigned int in the kernel
  uint8_t* buf = CageMemory(a.cage[1]).range(a.a[1], count);
  if (!buf) return -EFAULT;
  long n = ::syscall(SYS_getdents64, f->host_fd, buf, count);
  if (n < 0) return -errno;
  // In the lindfs root, ".." is the root itself (as in a chroot); the host's
  // entry names lindfs's host parent. Give it the root's inode number.
  // (dir_path may not say "/": it is the name the directory was opened by,
  // joined lexically, perhaps to a cwd that has moved since.)
  if (n > 0 && is_lindfs_root(f->host_fd)) {
    struct stat root;
    ::fstat(f->host_fd, &root);
    for (long off = 0; off + static_cast<long>(offsetof(LinuxDirent64, d_name)) < n;) {
      auto* d = reinterpret_cast<LinuxDirent64*>(buf + off);
      uint16_t reclen;
      std::memcpy(&reclen, buf + off + offsetof(LinuxDirent64, d_reclen), sizeof reclen);
      if (reclen == 0) break;
      if (std::strcmp(d->d_name, "..") == 0) {
        uint64_t ino = root.st_ino;
        std::memcpy(buf + off + offsetof(LinuxDirent64, d_ino), &ino, sizeof ino);
      }
      off += reclen;
    }
  }
  return n;
}

LIND_SYSCALL(mkdir) { return mkdir_at(target, kAtFdcwd, a.cage[0], a.a[0], static_cast<mode_t>(a.a[1])); }

LIND_SYSCALL(mkdirat) {
  return mkdir_at(target, int_arg(a.a[0]), a.cage[1], a.a[1], static_cast<mode_t>(a.a[2]));
}

LIND_SYSCALL(rmdir) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(a.cage[0], a.a[0], path)) return r;
  Parent p;
  if (int r = resolve_parent(*c, kAtFdcwd, path, p)) return r;
  return rmdir_parent(p);
}

// The syscall: returns the length including the NUL; ENOENT when the cwd
// has been removed, then ERANGE when the buffer is too small (before the
// buffer is checked), as in the kernel.
LIND_SYSCALL(getcwd) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string cwd;
  if (int r = cwd_path(*c, cwd)) return r;
  uint64_t len = cwd.size() + 1;
  if (len > kPathMax) return -ENAMETOOLONG;
  if (a.a[1] < len) return -ERANGE;
  uint8_t* buf = CageMemory(a.cage[0]).range(a.a[0], len);
  if (!buf) return -EFAULT;
  std::memcpy(buf, cwd.c_str(), len);
  return static_cast<int64_t>(len);
}

LIND_SYSCALL(chdir) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(a.cage[0], a.a[0], path)) return r;
  int fd = open_in_lindfs(*c, kAtFdcwd, path, O_PATH | O_DIRECTORY, 0);
  if (fd < 0) return fd;
  HostFd dir(fd, true);
  if (int r = check_search(fd)) return r;
  std::string hint;
  if (lindfs_path_of_dir(fd, hint) < 0)  // removed, or no /proc: the name as given
    hint = lexical_join(c->cwd ? c->cwd->dir_path : "/", path);
  set_cwd(*c, std::move(dir), std::move(hint));
  return 0;
}

// Linux allows fchdir to a directory that has since been removed (the cwd
// is then a removed directory, as after an rmdir of the cwd).
LIND_SYSCALL(fchdir) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  OpenFile* f = cage_file(*c, a.a[0]);
  if (!f) return -EBADF;
  if (f->dir_path.empty()) return -ENOTDIR;
  if (int r = check_search(f->host_fd)) return r;
  int fd = reopen_dir(f->host_fd);
  if (fd < 0) return fd;
  HostFd dir(fd, true);
  std::string hint;
  if (lindfs_path_of_dir(fd, hint) < 0) hint = f->dir_path;
  set_cwd(*c, std::move(dir), std::move(hint));
  return 0;
}

}  // namespace lind::rawposix
