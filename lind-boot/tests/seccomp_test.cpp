// The confinement filter, installed in a forked child: allowed calls work,
// everything else is EPERM.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "seccomp_policy.h"

namespace lind::boot {
namespace {

// Runs `body` in a child after confine_self(); the child's exit status is
// body's result (0 = all checks passed, N = check N failed).
int confined(int (*body)()) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!confine_self().empty()) _exit(100);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

TEST(Seccomp, HostExecAndSocketsAreRefused) {
  EXPECT_EQ(confined([]() -> int {
              char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
              if (execve("/bin/true", argv, nullptr) != -1 || errno != EPERM) return 1;
              if (socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EPERM) return 2;
              if (syscall(SYS_ptrace, 0, 0, 0, 0) != -1 || errno != EPERM) return 3;
              if (kill(1, 0) != -1 || errno != EPERM) return 4;
              return 0;
            }),
            0);
}

TEST(Seccomp, NeededCallsStillWork) {
  EXPECT_EQ(confined([]() -> int {
              int fd = open("/dev/null", O_RDONLY);  // openat
              if (fd < 0) return 1;
              if (close(fd) != 0) return 2;
              void* p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
              if (p == MAP_FAILED) return 3;
              if (getpid() <= 0) return 4;
              return 0;
            }),
            0);
}

TEST(Seccomp, ExecutableMappingsAndOtherIoctlsAreRefused) {
  EXPECT_EQ(confined([]() -> int {
              void* p = mmap(nullptr, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
              if (p != MAP_FAILED || errno != EPERM) return 1;
              char c = 'x';  // TIOCSTI: push input into a terminal
              if (ioctl(0, TIOCSTI, &c) != -1 || errno != EPERM) return 2;
              return 0;
            }),
            0);
}

}  // namespace
}  // namespace lind::boot
