// Linux x86-64 syscall numbers → RawPOSIX handlers. 3i's default table is
// filled from this list; a number not listed is -ENOSYS.
#include "syscalls.h"

namespace lind::rawposix {
namespace {

#define DEF(name) {LIND_SYS_##name, sys_##name, #name}
const SyscallDef kSyscalls[] = {
    DEF(read),       DEF(write),       DEF(close),          DEF(pread64),
    DEF(pwrite64),   DEF(preadv),      DEF(pwritev),        DEF(dup),
    DEF(dup2),       DEF(dup3),        DEF(readv),          DEF(writev),
    DEF(lseek),
    DEF(execve),     DEF(getpid),     DEF(getppid),     DEF(exit),           DEF(exit_group),
    DEF(getuid),     DEF(geteuid),     DEF(getgid),         DEF(getegid),
    DEF(uname),      DEF(args_sizes),  DEF(args_get),       DEF(environ_sizes),
    DEF(environ_get),
    DEF(fork),       DEF(clone),       DEF(wait4),
    DEF(getpgid),    DEF(setpgid),     DEF(getsid),         DEF(setsid),
    DEF(pipe),       DEF(pipe2),
    DEF(rt_sigaction), DEF(rt_sigprocmask), DEF(rt_sigpending), DEF(rt_sigsuspend),
    DEF(pause),      DEF(kill),        DEF(tkill),          DEF(tgkill),
    DEF(alarm),      DEF(setitimer),   DEF(getitimer),
    DEF(register_handler), DEF(copy_data_between_cages), DEF(copy_handler_table_to_cage),
    DEF(open),
    DEF(openat),
    DEF(creat),
    DEF(stat),
    DEF(fstat),
    DEF(lstat),
    DEF(newfstatat),
    DEF(access),
    DEF(faccessat),
    DEF(statfs),
    DEF(fstatfs),
    DEF(getdents64),
    DEF(mkdir),
    DEF(mkdirat),
    DEF(rmdir),
    DEF(getcwd),
    DEF(chdir),
    DEF(fchdir),
    DEF(unlink),
    DEF(unlinkat),
    DEF(rename),
    DEF(renameat),
    DEF(renameat2),
    DEF(link),
    DEF(linkat),
    DEF(symlink),
    DEF(symlinkat),
    DEF(readlink),
    DEF(readlinkat),
    DEF(chmod),
    DEF(fchmod),
    DEF(fchmodat),
    DEF(chown),
    DEF(fchown),
    DEF(lchown),
    DEF(fchownat),
    DEF(truncate),
    DEF(ftruncate),
    DEF(fsync),
    DEF(fdatasync),
    DEF(utimensat),
    DEF(umask),
    DEF(fcntl),
    DEF(ioctl),
    DEF(clock_gettime),
    DEF(clock_getres),
    DEF(gettimeofday),
    DEF(nanosleep),
    DEF(clock_nanosleep),
    DEF(sched_yield),
    DEF(getrandom),
    DEF(brk),
    DEF(mmap),
    DEF(munmap),
    DEF(mprotect),
    DEF(futex),
};
#undef DEF

}  // namespace

const SyscallDef* syscall_defs(size_t& count) {
  count = sizeof(kSyscalls) / sizeof(kSyscalls[0]);
  return kSyscalls;
}

const char* syscall_name(uint32_t nr) {
  for (const SyscallDef& d : kSyscalls)
    if (d.nr == nr) return d.name;
  return "?";
}

}  // namespace lind::rawposix
