// Names in the file system: unlink, rename, hard and symbolic links.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(unlink) { return -ENOSYS; }
LIND_SYSCALL(unlinkat) { return -ENOSYS; }
LIND_SYSCALL(rename) { return -ENOSYS; }
LIND_SYSCALL(renameat) { return -ENOSYS; }
LIND_SYSCALL(renameat2) { return -ENOSYS; }
LIND_SYSCALL(link) { return -ENOSYS; }
LIND_SYSCALL(linkat) { return -ENOSYS; }
LIND_SYSCALL(symlink) { return -ENOSYS; }
LIND_SYSCALL(symlinkat) { return -ENOSYS; }
LIND_SYSCALL(readlink) { return -ENOSYS; }
LIND_SYSCALL(readlinkat) { return -ENOSYS; }

}  // namespace lind::rawposix
