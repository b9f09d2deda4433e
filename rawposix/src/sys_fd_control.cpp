// Descriptor control: fcntl and ioctl.
// Not implemented yet: every call is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(fcntl) { return -ENOSYS; }
LIND_SYSCALL(ioctl) { return -ENOSYS; }

}  // namespace lind::rawposix
