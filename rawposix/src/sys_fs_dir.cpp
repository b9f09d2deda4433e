// Directories and the working directory.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(getdents64) { return -ENOSYS; }
LIND_SYSCALL(mkdir) { return -ENOSYS; }
LIND_SYSCALL(mkdirat) { return -ENOSYS; }
LIND_SYSCALL(rmdir) { return -ENOSYS; }
LIND_SYSCALL(getcwd) { return -ENOSYS; }
LIND_SYSCALL(chdir) { return -ENOSYS; }
LIND_SYSCALL(fchdir) { return -ENOSYS; }

}  // namespace lind::rawposix
