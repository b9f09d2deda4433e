#include "seccomp_policy.h"

#include <linux/sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lind::boot {

const std::vector<AllowedSyscall>& seccomp_allow_list() {
  static const std::vector<AllowedSyscall> list = {
      // Cage I/O, forwarded by RawPOSIX to the host fd behind a cage fd.
      {"read", "read, and lind-boot reading modules"},
      {"write", "write; lind-boot's own diagnostics"},
      {"pread64", "pread"},
      {"pwrite64", "pwrite"},
      {"readv", "readv"},
      {"writev", "writev; stdio of lind-boot"},
      {"preadv", "preadv"},
      {"pwritev", "pwritev"},
      {"preadv2", "preadv; non-blocking reads of pipes (RWF_NOWAIT)"},
      {"pwritev2", "pwritev; non-blocking writes of pipes (RWF_NOWAIT)"},
      {"lseek", "lseek"},
      {"close", "close of the last reference to an open file"},
      {"fcntl", "fcntl F_GETFL/F_SETFL/locks on host fds"},
      // Paths: everything resolves under the lindfs root with openat2.
      {"openat", "opening relative to a resolved directory fd"},
      {"openat2", "RESOLVE_IN_ROOT path resolution inside lindfs"},
      {"newfstatat", "stat family"},
      {"fstat", "fstat"},
      {"statx", "stat as glibc may issue it"},
      {"faccessat", "access"},
      {"faccessat2", "access with flags"},
      {"getdents64", "directory listing"},
      {"mkdirat", "mkdir"},
      {"unlinkat", "unlink and rmdir"},
      {"renameat", "rename"},
      {"renameat2", "rename with flags"},
      {"linkat", "link"},
      {"symlinkat", "symlink"},
      {"readlinkat", "readlink"},
      {"readlink", "a directory's current path from /proc/self/fd"},
      {"fchmod", "fchmod"},
      {"fchmodat", "chmod (before Linux 6.6)"},
      {"fchmodat2", "chmod family on O_PATH fds"},
      {"fchown", "fchown"},
      {"fchownat", "chown and lchown"},
      {"ftruncate", "truncate and ftruncate"},
      {"fsync", "fsync"},
      {"fdatasync", "fdatasync"},
      {"utimensat", "utimensat"},
      {"statfs", "statfs"},
      {"fstatfs", "fstatfs"},
      {"umask", "set once to 0 so cage umasks apply exactly"},
      {"dup", "duplicating host fds"},
      {"dup3", "duplicating host fds"},
      {"pipe2", "pipes"},
      {"poll", "waiting on host fds"},
      {"ppoll", "waiting on host fds, interruptible by cage signals"},
      {"eventfd2", "each cage's signal wake fd"},
      // Time, randomness, identity.
      {"clock_gettime", "clock_gettime (also via the vDSO)"},
      {"clock_getres", "clock_getres"},
      {"gettimeofday", "gettimeofday"},
      {"nanosleep", "nanosleep"},
      {"clock_nanosleep", "nanosleep and clock_nanosleep"},
      {"getrandom", "getrandom; C++ random_device"},
      {"uname", "uname"},
      {"getuid", "getuid"},
      {"geteuid", "geteuid"},
      {"getgid", "getgid"},
      {"getegid", "getegid"},
      {"getpid", "lind-boot's own pid (abort, logging)"},
      {"gettid", "thread ids (logging)"},
      // Memory: linear memories, stacks, malloc. No executable mappings
      // (see the argument rules below).
      {"munmap", "freeing reservations"},
      {"madvise", "returning memory"},
      {"mremap", "realloc of large blocks"},
      {"brk", "malloc"},
      // A cage's MAP_SHARED memory is a memfd mapped into its linear memory
      // (and again into its forked children's); sized with ftruncate.
      {"memfd_create", "backing for cages' MAP_SHARED mappings"},
      // Threads, signals, exit.
      {"futex", "locks and condition variables; cages' futex (RawPOSIX)"},
      {"set_robust_list", "thread start"},
      {"rseq", "thread start"},
      {"sched_yield", "spinning"},
      {"sched_getaffinity", "hardware_concurrency"},
      {"rt_sigaction", "lind-boot's fault handler"},
      {"rt_sigprocmask", "signal masks around thread creation"},
      {"rt_sigreturn", "returning from lind-boot's fault handler"},
      {"sigaltstack", "thread start"},
      {"prlimit64", "resource limits queries"},
      {"exit", "thread exit"},
      {"exit_group", "process exit"},
  };
  return list;
}

std::string confine_self() {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
  if (!ctx) return "seccomp_init failed";
  auto fail = [&](const std::string& what, int rc) {
    seccomp_release(ctx);
    return what + ": " + std::strerror(-rc);
  };
  int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
  if (rc < 0) return fail("seccomp TSYNC", rc);
  for (const AllowedSyscall& s : seccomp_allow_list()) {
    int nr = seccomp_syscall_resolve_name(s.name);
    // Newer than this libseccomp: fchmodat2 is 452 on x86-64.
    if (nr == __NR_SCMP_ERROR && std::strcmp(s.name, "fchmodat2") == 0) nr = 452;
    if (nr == __NR_SCMP_ERROR) continue;  // not on this kernel/architecture
    rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    if (rc < 0) return fail(std::string("seccomp rule for ") + s.name, rc);
  }
  struct ArgRule {
    int nr;
    scmp_arg_cmp cmp;
  };
  const ArgRule rules[] = {
      // Terminal size, bytes readable, isatty: the ioctls RawPOSIX forwards.
      {SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, TIOCGWINSZ)},
      {SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, FIONREAD)},
      {SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, TCGETS)},
      {SCMP_SYS(ioctl), SCMP_A1(SCMP_CMP_EQ, FIONBIO)},
      // Mappings, never executable: lind-boot interprets, it never JITs.
      {SCMP_SYS(mmap), SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)},
      {SCMP_SYS(mprotect), SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)},
      // Threads only (cages run on host threads); no new processes.
      {SCMP_SYS(clone), SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)},
      // Signals to this process only (abort()).
      {SCMP_SYS(tgkill), SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(getpid()))},
  };
  for (const ArgRule& r : rules) {
    rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r.nr, 1, r.cmp);
    if (rc < 0) return fail("seccomp argument rule", rc);
  }
  // clone3 passes its flags in memory, where a filter cannot look: make it
  // unavailable so the C library falls back to clone.
  rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
  if (rc < 0) return fail("seccomp clone3 rule", rc);
  rc = seccomp_load(ctx);
  seccomp_release(ctx);
  if (rc < 0) return std::string("seccomp_load: ") + std::strerror(-rc);
  return {};
}

}  // namespace lind::boot
