// execve: everything that can fail is checked here, before lind-boot's exec
// runner loads the new program, so a failed exec returns to an intact
// caller. The runner (set by lind-boot) does the rest.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "cage_memory.h"
#include "path.h"
#include "syscalls.h"

namespace lind::rawposix {
namespace {

ExecRunner g_exec_runner = nullptr;

// Linux's limit on argv + envp (bytes, with the pointers), for E2BIG.
constexpr uint64_t kArgMax = 2 * 1024 * 1024;

// A NULL-terminated array of string pointers (wasm32: u32 each) in cage
// memory; 0 or -EFAULT/-E2BIG.
int read_string_array(CageId mem_cage, uint64_t addr, std::vector<std::string>& out, uint64_t& total) {
  if (addr == 0) return 0;  // Linux treats a NULL argv or envp as empty
  CageMemory mem(mem_cage);
  for (uint64_t i = 0;; ++i) {
    const auto* p = mem.object<uint32_t>(addr + i * 4);
    if (!p) return -EFAULT;
    if (*p == 0) return 0;
    std::string_view s;
    if (int r = mem.string(*p, kArgMax, s)) return r == -ENAMETOOLONG ? -E2BIG : r;
    total += s.size() + 1 + 4;
    if (total > kArgMax) return -E2BIG;
    out.emplace_back(s);
  }
}

}  // namespace

void set_exec_runner(ExecRunner runner) { g_exec_runner = runner; }

void prepare_exec(CageId cage, StartInfo start) {
  prepare_exec(cage);
  if (Cage* c = find_cage(cage)) c->start = std::move(start);
}

LIND_SYSCALL(execve) {
  Cage* c = find_cage(target);
  if (!c) return -ESRCH;
  std::string_view path;
  if (int r = read_path(a.cage[0], a.a[0], path)) return r;
  int fd = open_in_lindfs(*c, kAtFdcwd, path, O_RDONLY, 0);
  if (fd < 0) return fd;
  HostFd file(fd, true);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return -errno;
  if (!S_ISREG(st.st_mode)) return -EACCES;
  if (::faccessat(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) != 0) return -errno;
  char magic[4] = {};
  if (::pread(fd, magic, sizeof magic, 0) != static_cast<ssize_t>(sizeof magic) ||
      std::memcmp(magic, "\0asm", 4) != 0)
    return -ENOEXEC;
  std::vector<std::string> argv, env;
  uint64_t total = 0;
  if (int r = read_string_array(a.cage[1], a.a[1], argv, total)) return r;
  if (int r = read_string_array(a.cage[2], a.a[2], env, total)) return r;
  if (!g_exec_runner) return -ENOSYS;
  return g_exec_runner(target, fd, argv, env);
}

}  // namespace lind::rawposix
