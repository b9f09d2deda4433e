#include "cage_host.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "cage_signals.h"
#include "cage_thread_state.h"
#include "cage_threads.h"
#include "grate_calls.h"
#include "lind/abi.h"
#include "lind/rawposix.h"
#include "lind/threei.h"
#include "wasi/wasi_abi.h"

#ifndef LIND_DEFAULT_LINDFS
#define LIND_DEFAULT_LINDFS "lindfs"
#endif

namespace lind::boot {

thread_local rt::HostContext* current_host_call = nullptr;

namespace {

using threei::CageId;

// A cage id as a call names it: 0 means the calling cage; bit 63 (the
// grate-memory flag) is accepted and dropped.
CageId resolve(uint64_t id, CageId running) {
  id &= ~LIND_GRATE_MEMORY_FLAG;
  return id == LIND_SELF ? running : id;
}

// Whether the slots of call `nr` carry cage ids (the 3i calls' carry
// values: glibc-shim/README.md "The 3i calls").
bool slots_are_cages(uint32_t nr) {
  return nr != LIND_SYS_register_handler && nr != LIND_SYS_copy_data_between_cages &&
         nr != LIND_SYS_copy_handler_table_to_cage;
}

// A grate's call that RawPOSIX serves without ever blocking: the grate
// keeps its lock through it (no other call into the grate could run in
// the meantime anyway), which saves the unlock and relock of every copy a
// handler makes.
bool keeps_grate_lock(CageId self, uint32_t nr) {
  switch (nr) {
    case LIND_SYS_copy_data_between_cages:
    case LIND_SYS_getpid:
    case LIND_SYS_getppid:
    case LIND_SYS_getuid:
    case LIND_SYS_geteuid:
    case LIND_SYS_getgid:
    case LIND_SYS_getegid:
    case LIND_SYS_clock_gettime:
      return threei::registry().get(self, nr) == threei::kDefault;
    default:
      return false;
  }
}

// args: nr, self, target, then six (value, cage) pairs. The calling cage is
// the instance's user data: `self` must be it, and `target` and every
// argument cage one it has authority over (DESIGN.md "Authority": itself,
// its descendants, the cages whose call it is serving); else -EPERM.
void lind_syscall(rt::HostContext& ctx, const uint64_t* args, uint64_t* results) {
  CageId running = ctx.caller() ? ctx.caller()->user_data() : 0;
  auto nr = static_cast<uint32_t>(args[0]);
  CageId self = resolve(args[1], running);
  CageId target = resolve(args[2], running);
  auto refuse = [&] { results[0] = static_cast<uint64_t>(-int64_t{EPERM}); };
  if (running == 0 || self != running) return refuse();
  if (target != running && !rawposix::has_authority(running, target)) return refuse();
  threei::Args a;
  const bool cages = slots_are_cages(nr);
  for (int i = 0; i < 6; ++i) {
    a.a[i] = args[3 + 2 * i];
    if (!cages) {
      a.cage[i] = args[4 + 2 * i];
      continue;
    }
    a.cage[i] = resolve(args[4 + 2 * i], running);
    if (a.cage[i] != running && !rawposix::has_authority(running, a.cage[i])) return refuse();
  }
  // Made by the cage this thread runs (not by a grate's handler running on
  // the thread for it).
  const bool own_call = running == thread_cage();
  // A handler's copy, the call grates make most: straight to RawPOSIX when
  // nothing interposes on it. It never blocks, is never restarted, and a
  // handler's call has no signals or children to see to afterwards.
  if (!own_call && nr == LIND_SYS_copy_data_between_cages &&
      threei::registry().get(self, nr) == threei::kDefault) {
    results[0] = static_cast<uint64_t>(threei::registry().call_default(nr, self, target, a));
    return;
  }
  // fork needs this call's context to capture the caller (cage_threads.cpp).
  rt::HostContext* outer = current_host_call;
  current_host_call = &ctx;
  int64_t r;
  {
    // A grate lets other calls into it run while this one is out.
    std::optional<GrateCallWindow> window;
    if (is_grate(running) && !keeps_grate_lock(self, nr)) window.emplace(running);
    r = threei::registry().dispatch(self, nr, target, a);
    // Interrupted by a signal: its handler runs now, then the call restarts
    // or fails with EINTR (SA_RESTART), as on Linux. A call a grate
    // forwards for a cage is interrupted by the cage's signal: the grate
    // gets the restart code (-ERESTARTSYS; errno 1512 in its numbering)
    // and passes it back, and the cage's own call delivers the signal and
    // decides between restarting and EINTR.
    while (r == rawposix::kRestartSyscall && own_call) {
      Delivered d = deliver_signals(ctx);
      if (d == Delivered::Ended) break;
      if (d == Delivered::Interrupted) {
        r = -EINTR;
        break;
      }
      r = threei::registry().dispatch(self, nr, target, a);
    }
  }
  current_host_call = outer;
  results[0] = static_cast<uint64_t>(r == rawposix::kRestartSyscall && own_call ? -EINTR : r);
  if (own_call && t_cage_thread.children_waiting) release_forked_children();
  // Signals put off while a grate's code ran for this call are delivered
  // here, at the call's return.
  if (own_call && t_cage_thread.deferred_signals && take_deferred_signals() &&
      deliver_signals(ctx) == Delivered::Ended)
    return;
  // The calling program ends here if the call (made by it, or forwarded by
  // a grate on its behalf) was its exit or a successful exec.
  if (nr == LIND_SYS_exit || nr == LIND_SYS_exit_group) {
    if (auto status = rawposix::exit_status(running)) ctx.exit(*status);
  } else if (nr == LIND_SYS_execve && exec_pending_for(running)) {
    ctx.exit(0);
  }
}

}  // namespace

std::string lindfs_root(const std::optional<std::string>& option) {
  if (option) return *option;
  if (const char* env = std::getenv("LIND_FS_ROOT"); env && *env) return env;
  return LIND_DEFAULT_LINDFS;
}

bool is_cage_module(const rt::Module& module) {
  for (const rt::ImportDesc& i : module.imports())
    if (i.module == LIND_IMPORT_MODULE || i.module == wasi::kModule) return true;
  return false;
}

void define_cage_imports(rt::Linker& linker) {
  rt::FuncSig sig;
  sig.params.push_back(rt::ValType::I32);
  for (int i = 0; i < 14; ++i) sig.params.push_back(rt::ValType::I64);
  sig.results.push_back(rt::ValType::I64);
  linker.define_func(LIND_IMPORT_MODULE, LIND_IMPORT_NAME, sig, lind_syscall);
}

std::optional<std::vector<uint8_t>> read_in_lindfs(const std::string& root, const std::string& path) {
  int root_fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return std::nullopt;
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd = static_cast<int>(::syscall(SYS_openat2, root_fd, path.c_str(), &how, sizeof how));
  ::close(root_fd);
  if (fd < 0) return std::nullopt;
  std::optional<std::vector<uint8_t>> bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    bytes.emplace();
    uint8_t buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) bytes->insert(bytes->end(), buf, buf + n);
    if (n < 0) bytes.reset();
  }
  ::close(fd);
  return bytes;
}

std::vector<std::string> cage_environment(const std::vector<std::string>& entries) {
  std::vector<std::string> env;
  for (const std::string& e : entries) {
    if (e.find('=') != std::string::npos) {
      env.push_back(e);
    } else if (const char* v = std::getenv(e.c_str())) {
      env.push_back(e + "=" + v);
    }
  }
  return env;
}

}  // namespace lind::boot
