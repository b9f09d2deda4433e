// User and system identity: the host's values, as Linux reports them to
// the process lind-boot runs as.
#include <sys/utsname.h>
#include <unistd.h>

#include "cage_memory.h"
#include "syscalls.h"

namespace lind::rawposix {

LIND_SYSCALL(getuid) { return ::getuid(); }
LIND_SYSCALL(geteuid) { return ::geteuid(); }
LIND_SYSCALL(getgid) { return ::getgid(); }
LIND_SYSCALL(getegid) { return ::getegid(); }

LIND_SYSCALL(uname) {
  auto* out = CageMemory(a.cage[0]).object<struct utsname>(a.a[0]);
  if (!out) return -EFAULT;
  return host_result(::uname(out));
}

}  // namespace lind::rawposix
