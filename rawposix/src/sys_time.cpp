// Clocks and sleeping.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(clock_gettime) { return -ENOSYS; }
LIND_SYSCALL(clock_getres) { return -ENOSYS; }
LIND_SYSCALL(gettimeofday) { return -ENOSYS; }
LIND_SYSCALL(nanosleep) { return -ENOSYS; }
LIND_SYSCALL(clock_nanosleep) { return -ENOSYS; }

}  // namespace lind::rawposix
