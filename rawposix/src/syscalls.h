// Every RawPOSIX syscall handler, one family per file (sys_*.cpp), and the
// table mapping Linux x86-64 numbers to them (syscall_table.cpp).
#pragma once

#include <cerrno>
#include <cstdint>

#include "cage.h"
#include "lind/threei.h"

namespace lind::rawposix {

using threei::Args;

// `self` made the call; `target` is the cage it acts on (the same, unless
// a grate forwards a call on a cage's behalf). Most handlers need only the
// target.
#define LIND_SYSCALL(name) int64_t sys_##name([[maybe_unused]] CageId self, CageId target, const Args& a)

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
LIND_SYSCALL(preadv);
LIND_SYSCALL(pwritev);
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
// sys_proc_fork.cpp
LIND_SYSCALL(fork);
LIND_SYSCALL(clone);
// fork with this exit signal (SIGCHLD for fork): the child's id, or -errno.
int64_t fork_cage(CageId parent, int exit_signal);
// sys_proc_wait.cpp
LIND_SYSCALL(wait4);
// sys_proc_group.cpp
LIND_SYSCALL(getpgid);
LIND_SYSCALL(setpgid);
LIND_SYSCALL(getsid);
LIND_SYSCALL(setsid);
// sys_pipe.cpp
LIND_SYSCALL(pipe);
LIND_SYSCALL(pipe2);
// sys_proc_exec.cpp
LIND_SYSCALL(execve);
// sys_identity.cpp
LIND_SYSCALL(getuid);
LIND_SYSCALL(geteuid);
LIND_SYSCALL(getgid);
LIND_SYSCALL(getegid);
LIND_SYSCALL(uname);
// sys_fs_open.cpp
LIND_SYSCALL(open);
LIND_SYSCALL(openat);
LIND_SYSCALL(creat);
// sys_fs_stat.cpp
LIND_SYSCALL(stat);
LIND_SYSCALL(fstat);
LIND_SYSCALL(lstat);
LIND_SYSCALL(newfstatat);
LIND_SYSCALL(access);
LIND_SYSCALL(faccessat);
LIND_SYSCALL(statfs);
LIND_SYSCALL(fstatfs);
// sys_fs_dir.cpp
LIND_SYSCALL(getdents64);
LIND_SYSCALL(mkdir);
LIND_SYSCALL(mkdirat);
LIND_SYSCALL(rmdir);
LIND_SYSCALL(getcwd);
LIND_SYSCALL(chdir);
LIND_SYSCALL(fchdir);
// sys_fs_names.cpp
LIND_SYSCALL(unlink);
LIND_SYSCALL(unlinkat);
LIND_SYSCALL(rename);
LIND_SYSCALL(renameat);
LIND_SYSCALL(renameat2);
LIND_SYSCALL(link);
LIND_SYSCALL(linkat);
LIND_SYSCALL(symlink);
LIND_SYSCALL(symlinkat);
LIND_SYSCALL(readlink);
LIND_SYSCALL(readlinkat);
// sys_fs_attr.cpp
LIND_SYSCALL(chmod);
LIND_SYSCALL(fchmod);
LIND_SYSCALL(fchmodat);
LIND_SYSCALL(chown);
LIND_SYSCALL(fchown);
LIND_SYSCALL(lchown);
LIND_SYSCALL(fchownat);
LIND_SYSCALL(truncate);
LIND_SYSCALL(ftruncate);
LIND_SYSCALL(fsync);
LIND_SYSCALL(fdatasync);
LIND_SYSCALL(utimensat);
LIND_SYSCALL(umask);
// sys_fd_control.cpp
LIND_SYSCALL(fcntl);
LIND_SYSCALL(dup);
LIND_SYSCALL(dup2);
LIND_SYSCALL(dup3);
LIND_SYSCALL(ioctl);
// sys_time.cpp
LIND_SYSCALL(clock_gettime);
LIND_SYSCALL(clock_getres);
LIND_SYSCALL(gettimeofday);
LIND_SYSCALL(nanosleep);
LIND_SYSCALL(clock_nanosleep);
LIND_SYSCALL(sched_yield);
// sys_random.cpp
LIND_SYSCALL(getrandom);
// sys_signal.cpp
LIND_SYSCALL(rt_sigaction);
LIND_SYSCALL(rt_sigprocmask);
LIND_SYSCALL(rt_sigpending);
LIND_SYSCALL(rt_sigsuspend);
LIND_SYSCALL(pause);
LIND_SYSCALL(kill);
LIND_SYSCALL(tkill);
LIND_SYSCALL(tgkill);
// sys_itimer.cpp
LIND_SYSCALL(alarm);
LIND_SYSCALL(setitimer);
LIND_SYSCALL(getitimer);
// Disarms the cage's ITIMER_REAL (its end).
void cancel_real_timer(CageId cage);
// sys_threei.cpp
LIND_SYSCALL(register_handler);
LIND_SYSCALL(copy_data_between_cages);
LIND_SYSCALL(copy_handler_table_to_cage);
// sys_memory.cpp
LIND_SYSCALL(brk);
LIND_SYSCALL(mmap);
LIND_SYSCALL(munmap);
LIND_SYSCALL(mprotect);
// sys_futex.cpp
LIND_SYSCALL(futex);

}  // namespace lind::rawposix
