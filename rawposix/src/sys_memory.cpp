// The program break and anonymous mappings, inside the cage's linear memory.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(brk) { return -ENOSYS; }
LIND_SYSCALL(mmap) { return -ENOSYS; }
LIND_SYSCALL(munmap) { return -ENOSYS; }
LIND_SYSCALL(mprotect) { return -ENOSYS; }

}  // namespace lind::rawposix
