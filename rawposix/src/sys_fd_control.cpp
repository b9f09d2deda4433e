// Descriptor control: fcntl and ioctl.
//
// fcntl: close-on-exec is the cage fd's (virtual) flag; status flags are the
// host open file description's; F_DUPFD* share the OpenFile. Record locks
// are taken as open-file-description (OFD) locks on the host: classic POSIX
// locks belong to a process, and every cage lives in the one lind-boot
// process, so they would never conflict between cages (and a close in any
// cage would drop every cage's locks on the file). See rawposix/README.md
// for how OFD ownership differs from POSIX's.
//
// ioctl: an allow-list; nothing else reaches the host.
#include <fcntl.h>
#include <sys/ioctl.h>

#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

// struct flock, x86-64: {short l_type, l_whence; (pad) off_t l_start,
// l_len; pid_t l_pid; (pad)}, the host's layout.
static_assert(sizeof(struct flock) == 32 && offsetof(struct flock, l_start) == 8 &&
              offsetof(struct flock, l_pid) == 24);

// The kernel's struct termios (TCGETS writes it: 36 bytes on x86-64, not
// glibc's 60-byte one) and struct winsize.
struct KernelTermios {
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[19];
};
static_assert(sizeof(KernelTermios) == 36);
static_assert(sizeof(struct winsize) == 8);

int64_t record_lock(OpenFile* f, int cmd, CageId mem, uint64_t addr) {
  auto* p = CageMemory(mem).range(addr, sizeof(struct flock));
  if (!p) return -EFAULT;
  struct flock fl;
  std::memcpy(&fl, p, sizeof fl);
  int host_cmd = cmd;
  switch (cmd) {
    case F_GETLK:
      host_cmd = F_OFD_GETLK;
      break;
    case F_SETLK:
      host_cmd = F_OFD_SETLK;
      break;
    case F_SETLKW:
      host_cmd = F_OFD_SETLKW;
      break;
  }
  if (host_cmd != cmd) fl.l_pid = 0;  // OFD locks require it; POSIX ignores it
  if (::fcntl(f->host_fd, host_cmd, &fl) < 0) return -errno;
  if (cmd == F_GETLK || cmd == F_OFD_GETLK) std::memcpy(p, &fl, sizeof fl);
  return 0;
}

}  // namespace

LIND_SYSCALL(fcntl) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  int fd = int_arg(a.a[0]);
  FdTable::Entry* e = fd < 0 ? nullptr : c->fds.entry(fd);
  if (!e) return -EBADF;
  int cmd = int_arg(a.a[1]);
  int arg = int_arg(a.a[2]);
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      if (arg < 0) return -EINVAL;
      if (arg >= FdTable::kMaxFds) return -EINVAL;  // RLIMIT_NOFILE
      return c->fds.allocate(e->file, cmd == F_DUPFD_CLOEXEC, arg);
    }
    case F_GETFD:
      return e->cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      e->cloexec = arg & FD_CLOEXEC;
      return 0;
    case F_GETFL:
    case F_SETFL:
      return host_result(::fcntl(e->file->host_fd, cmd, arg));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return record_lock(e->file.get(), cmd, a.cage[2], a.a[2]);
    default:
      return -EINVAL;
  }
}

LIND_SYSCALL(ioctl) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  int fd = int_arg(a.a[0]);
  FdTable::Entry* e = fd < 0 ? nullptr : c->fds.entry(fd);
  if (!e) return -EBADF;
  int host_fd = e->file->host_fd;
  auto req = static_cast<uint32_t>(a.a[1]);  // unsigned int in the kernel
  CageMemory mem(a.cage[2]);
  switch (req) {
    case TIOCGWINSZ: {
      struct winsize ws;
      if (::ioctl(host_fd, TIOCGWINSZ, &ws) < 0) return -errno;
      auto* p = mem.range(a.a[2], sizeof ws);
      if (!p) return -EFAULT;
      std::memcpy(p, &ws, sizeof ws);
      return 0;
    }
    case TCGETS: {  // what isatty/tcgetattr use
      KernelTermios t;
      if (::ioctl(host_fd, TCGETS, &t) < 0) return -errno;
      auto* p = mem.range(a.a[2], sizeof t);
      if (!p) return -EFAULT;
      std::memcpy(p, &t, sizeof t);
      return 0;
    }
    case FIONREAD: {
      int n = 0;
      if (::ioctl(host_fd, FIONREAD, &n) < 0) return -errno;
      auto* p = mem.range(a.a[2], sizeof n);
      if (!p) return -EFAULT;
      std::memcpy(p, &n, sizeof n);
      return 0;
    }
    case FIONBIO: {  // the same as F_SETFL O_NONBLOCK, on the shared description
      auto* p = mem.range(a.a[2], sizeof(int));
      if (!p) return -EFAULT;
      int on;
      std::memcpy(&on, p, sizeof on);
      return host_result(::ioctl(host_fd, FIONBIO, &on));
    }
    case FIOCLEX:
    case FIONCLEX: {  // the cage fd's flag; the kernel refuses O_PATH fds
      int fl = ::fcntl(host_fd, F_GETFL);
      if (fl < 0) return -errno;
      if (fl & O_PATH) return -EBADF;
      e->cloexec = req == FIOCLEX;
      return 0;
    }
    default: {
      // Never forwarded. The kernel's answer for an fd it cannot ioctl at
      // all (O_PATH) is EBADF; for anything else, ENOTTY.
      int fl = ::fcntl(host_fd, F_GETFL);
      if (fl >= 0 && (fl & O_PATH)) return -EBADF;
      return -ENOTTY;
    }
  }
}

// dup, dup2, dup3: the new cage fd shares the open file description (and
// so the host fd); close-on-exec belongs to the new fd alone.
LIND_SYSCALL(dup) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  FdTable::Entry* e = c->fds.entry(int_arg(a.a[0]));
  if (!e) return -EBADF;
  return c->fds.allocate(e->file, false);
}

namespace {
int64_t dup_to(CageId target, uint64_t oldfd, uint64_t newfd, bool cloexec) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  FdTable::Entry* e = c->fds.entry(int_arg(oldfd));
  if (!e) return -EBADF;
  int nfd = int_arg(newfd);
  if (nfd < 0 || nfd >= FdTable::kMaxFds) return -EBADF;
  std::shared_ptr<OpenFile> file = e->file;  // install may replace *e
  return c->fds.install(nfd, std::move(file), cloexec);
}
}  // namespace

LIND_SYSCALL(dup2) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  // dup2(fd, fd) checks fd and changes nothing, close-on-exec included.
  if (int_arg(a.a[0]) == int_arg(a.a[1])) return c->fds.entry(int_arg(a.a[0])) ? int_arg(a.a[0]) : -EBADF;
  return dup_to(target, a.a[0], a.a[1], false);
}

LIND_SYSCALL(dup3) {
  int flags = int_arg(a.a[2]);
  if (flags & ~O_CLOEXEC) return -EINVAL;
  if (int_arg(a.a[0]) == int_arg(a.a[1])) return -EINVAL;
  return dup_to(target, a.a[0], a.a[1], flags & O_CLOEXEC);
}

}  // namespace lind::rawposix
