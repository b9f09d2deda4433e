// lind-boot's self-confinement: once a cage is about to run, the process
// may make only the host syscalls it needs (listed with reasons in
// seccomp_policy.cpp and rawposix/README.md). Anything else — exec of a host
// binary, ptrace, mount, sockets, signals to other processes — fails with
// EPERM from the kernel, whatever a bug in lind-boot might attempt.
#pragma once

#include <string>
#include <vector>

namespace lind::boot {

struct AllowedSyscall {
  const char* name;
  const char* reason;
};

// The allow-list (unconditional entries; ioctl, clone, mmap, mprotect and
// tgkill are further restricted by their arguments).
const std::vector<AllowedSyscall>& seccomp_allow_list();

// Installs the filter on every thread of the process. Returns "" or why it
// failed.
std::string confine_self();

}  // namespace lind::boot
