// File status: the stat family, access checks, file-system statistics.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(stat) { return -ENOSYS; }
LIND_SYSCALL(fstat) { return -ENOSYS; }
LIND_SYSCALL(lstat) { return -ENOSYS; }
LIND_SYSCALL(newfstatat) { return -ENOSYS; }
LIND_SYSCALL(access) { return -ENOSYS; }
LIND_SYSCALL(faccessat) { return -ENOSYS; }
LIND_SYSCALL(statfs) { return -ENOSYS; }
LIND_SYSCALL(fstatfs) { return -ENOSYS; }

}  // namespace lind::rawposix
