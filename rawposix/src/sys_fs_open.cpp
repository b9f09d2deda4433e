// Opening files: open, openat, creat. Paths resolve inside the lindfs root (path.h).
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(open) { return -ENOSYS; }
LIND_SYSCALL(openat) { return -ENOSYS; }
LIND_SYSCALL(creat) { return -ENOSYS; }

}  // namespace lind::rawposix
