// pipe (22) and pipe2 (293): a host pipe, its two ends as cage fds.
//
// The host fds are always O_CLOEXEC (lind-boot never execs anything);
// O_CLOEXEC from the cage becomes the cage fds' close-on-exec flag.
// O_NONBLOCK and O_DIRECT (packet mode) are the host pipe's. Errors in
// Linux's order: flags (EINVAL), two free fds (EMFILE), then the int[2]
// (EFAULT) — checked before the pipe exists, so a fault leaks nothing.
// A write with no reader left is EPIPE: init() ignores SIGPIPE for
// lind-boot (the cage's own SIGPIPE comes with signals).
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

int64_t make_pipe(CageId target, CageId mem, uint64_t addr, int flags) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) return -EINVAL;
  int first = c->fds.lowest_free();
  if (first < 0) return first;
  if (first + 1 >= FdTable::kMaxFds || c->fds.lowest_free(first + 1) < 0) return -EMFILE;
  uint8_t* out = CageMemory(mem).range(addr, 2 * sizeof(int));
  if (!out) return -EFAULT;
  int host[2];
  if (::pipe2(host, O_CLOEXEC | (flags & (O_NONBLOCK | O_DIRECT))) < 0) return -errno;
  const bool cloexec = flags & O_CLOEXEC;
  int fds[2];
  for (int i = 0; i < 2; ++i) {
    auto f = std::make_shared<OpenFile>();
    f->host_fd = host[i];
    fds[i] = c->fds.allocate(std::move(f), cloexec);  // cannot fail: checked above
  }
  std::memcpy(out, fds, sizeof fds);
  return 0;
}

}  // namespace

LIND_SYSCALL(pipe) { return make_pipe(target, a.cage[0], a.a[0], 0); }
LIND_SYSCALL(pipe2) { return make_pipe(target, a.cage[0], a.a[0], int_arg(a.a[1])); }

}  // namespace lind::rawposix
