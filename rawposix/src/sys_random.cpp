// Randomness.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(getrandom) { return -ENOSYS; }

}  // namespace lind::rawposix
