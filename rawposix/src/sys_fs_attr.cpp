// File attributes and data sync: modes, owners, sizes, times, umask.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(chmod) { return -ENOSYS; }
LIND_SYSCALL(fchmod) { return -ENOSYS; }
LIND_SYSCALL(fchmodat) { return -ENOSYS; }
LIND_SYSCALL(chown) { return -ENOSYS; }
LIND_SYSCALL(fchown) { return -ENOSYS; }
LIND_SYSCALL(lchown) { return -ENOSYS; }
LIND_SYSCALL(fchownat) { return -ENOSYS; }
LIND_SYSCALL(truncate) { return -ENOSYS; }
LIND_SYSCALL(ftruncate) { return -ENOSYS; }
LIND_SYSCALL(fsync) { return -ENOSYS; }
LIND_SYSCALL(fdatasync) { return -ENOSYS; }
LIND_SYSCALL(utimensat) { return -ENOSYS; }
LIND_SYSCALL(umask) { return -ENOSYS; }

}  // namespace lind::rawposix
