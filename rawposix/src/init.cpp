// Start-up: the lindfs root, the default 3i table, the first cage.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "cage.h"
#include "lind/rawposix.h"
#include "process_table.h"
#include "syscalls.h"

namespace lind::rawposix {

namespace {
int g_root_fd = -1;
}

int lindfs_root_fd() { return g_root_fd; }

void init(const std::string& lindfs_root) {
  int fd = ::open(lindfs_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("lindfs root " + lindfs_root + ": " + std::strerror(errno));
  if (g_root_fd >= 0) ::close(g_root_fd);
  g_root_fd = fd;
  // Each cage has its own umask (Cage::umask), applied by RawPOSIX to every
  // creation mode; the host's must not mask a second time.
  ::umask(0);
  // Every cage fd holds a host fd: let lind-boot use as many as the hard
  // limit allows (cages still see FdTable::kMaxFds each).
  struct rlimit lim {};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
  // A write to a pipe whose readers are gone must give the cage EPIPE (and
  // the cage's own SIGPIPE, sys_io.cpp), not kill lind-boot.
  ::signal(SIGPIPE, SIG_IGN);
  size_t n = 0;
  const SyscallDef* defs = syscall_defs(n);
  for (size_t i = 0; i < n; ++i) threei::registry().set_default(defs[i].nr, defs[i].fn);
}

CageId create_first_cage(StartInfo info) {
  constexpr CageId kFirst = 1;
  Cage* c = add_cage(kFirst);
  if (!c || !threei::registry().create(kFirst)) throw std::runtime_error("cage 1 already exists");
  {
    std::lock_guard lock(process_mutex());
    c->parent.store(0);  // like init on Linux: no parent a cage can see
    c->pgid = kFirst;   // its own process group and session
    c->sid = kFirst;
  }
  c->cwd = nullptr;  // the lindfs root
  c->start = std::move(info);
  for (int fd = 0; fd < 3; ++fd) {
    auto f = std::make_shared<OpenFile>();
    f->host_fd = fd;
    f->owned = false;
    c->fds.install(fd, std::move(f), false);
  }
  return kFirst;
}

void attach_memory(CageId cage, rt::MemoryInst* memory) {
  if (Cage* c = find_cage(cage)) c->memory = memory;
}

std::optional<int> exit_status(CageId cage) {
  Cage* c = find_cage(cage);
  if (!c) return std::nullopt;
  int s = c->exit_status.load();
  if (s < 0) return std::nullopt;
  return s;
}

}  // namespace lind::rawposix
