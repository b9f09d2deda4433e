// Every RawPOSIX syscall handler, one family per file (sys_*.cpp), and the
// table mapping Linux x86-64 numbers to them (syscall_table.cpp).
#pragma once

#include <cerrno>
#include <cstdint>

#include "cage.h"
#include "lind/threei.h"

namespace lind::rawposix {

using threei::Args;

#define LIND_SYSCALL(name) int64_t sys_##name(CageId target, const Args& a)

// A host call's result as a syscall result: -errno on failure.
inline int64_t host_result(int64_t r) { return r < 0 ? -static_cast<int64_t>(errno) : r; }

struct SyscallDef {
  uint32_t nr;
  threei::NativeHandler fn;
  const char* name;
};
// The table, for registration and for naming numbers in logs.
const SyscallDef* syscall_defs(size_t& count);
const char* syscall_name(uint32_t nr);  // "?" when unknown

// sys_io.cpp
LIND_SYSCALL(read);
LIND_SYSCALL(write);
LIND_SYSCALL(pread64);
LIND_SYSCALL(pwrite64);
LIND_SYSCALL(readv);
LIND_SYSCALL(writev);
LIND_SYSCALL(lseek);
LIND_SYSCALL(close);
// sys_process.cpp
LIND_SYSCALL(exit);
LIND_SYSCALL(exit_group);
LIND_SYSCALL(getpid);
LIND_SYSCALL(getppid);
LIND_SYSCALL(args_sizes);
LIND_SYSCALL(args_get);
LIND_SYSCALL(environ_sizes);
LIND_SYSCALL(environ_get);
// sys_identity.cpp
LIND_SYSCALL(getuid);
LIND_SYSCALL(geteuid);
LIND_SYSCALL(getgid);
LIND_SYSCALL(getegid);
LIND_SYSCALL(uname);

}  // namespace lind::rawposix
