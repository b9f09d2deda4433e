#include "cage_threads.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <vector>
#include <thread>

#include "cage_host.h"
#include "cage_signals.h"
#include "cage_thread_state.h"
#include "grate_calls.h"
#include "jump_imports.h"
#include "lind/abi.h"
#include "lind/rawposix.h"
#include "lind/threei.h"
#include "wasi/wasi_preview1.h"

namespace lind::boot {
namespace {

rt::Engine* g_engine = nullptr;
rt::Linker* g_linker = nullptr;

// The cage a module is being instantiated for, on this thread (read by the
// on_instantiate hook, which runs before any start function can make a
// syscall).
thread_local uint64_t t_instantiating_cage = 0;
// The program this cage's thread switches to when the current one ends
// (exec): set inside the execve syscall, run by run_cage.
thread_local std::shared_ptr<rt::Instance> t_pending_exec;
thread_local uint64_t t_pending_exec_cage = 0;

void attach(rt::Instance& instance) {
  uint64_t cage = t_instantiating_cage;
  instance.set_user_data(cage);
  rawposix::attach_memory(cage, instance.memory());
  // A plain wasm32-wasi program gets "/" preopened as fd 3; a glibc-shim
  // program (it imports lind.syscall) expects fd 3 free.
  bool imports_lind = false;
  for (const rt::ImportDesc& i : instance.module().imports()) imports_lind |= i.module == LIND_IMPORT_MODULE;
  if (wasi::imports_wasi(instance.module()) && !imports_lind) wasi::setup_instance(cage, instance);
}

// Runs on the forked cage's own thread until its execution ends.
// A forked child waits until its parent's fork call has returned to the
// parent's program: a grate that forwarded the fork then has set up its
// state for the child (copied fd tables, ...) before the child's first
// call reaches it. Linux promises no order between parent and child, so
// this is one of the orders it allows.
struct StartGate {
  std::mutex mu;
  std::condition_variable opened;
  bool open = false;
  void release() {
    {
      std::lock_guard lock(mu);
      open = true;
    }
    opened.notify_all();
  }
  void wait() {
    std::unique_lock lock(mu);
    opened.wait(lock, [&] { return open; });
  }
};
// The gates of the children forked inside the call in progress on this
// thread.
thread_local std::vector<std::shared_ptr<StartGate>> t_child_gates;

void run_child(std::unique_ptr<rt::Continuation> cont, std::shared_ptr<rt::Instance> instance,
               uint64_t child, std::shared_ptr<StartGate> gate) {
  gate->wait();
  rt::Instance& inst = *instance;
  rt::CallResult r = run_cage(child, std::move(instance), [&] { return cont->resume(inst, 0); });
  if (r.trap && r.trap->kind != rt::TrapKind::Exit) report_cage_trap(child, *r.trap);
  rawposix::cage_exited(child, wait_status_of(r));
}

// rawposix::ForkRunner: called inside the parent's fork syscall.
int64_t fork_runner(uint64_t parent, uint64_t child) {
  rt::HostContext* ctx = current_host_call;
  std::shared_ptr<rt::Instance> parent_inst = cage_instance(parent);
  if (!ctx || !parent_inst) return -ENOSYS;
  // The handler's frames sit on a nested invocation above the interrupted
  // code, joined by lind-boot's C++ frames: a copy would end with the
  // handler.
  if (running_signal_handler()) return -ENOSYS;
  // The parent's own execution, also when a grate forwards its fork: the
  // grate's frames above it are not part of the child.
  std::unique_ptr<rt::Continuation> cont = ctx->capture_invocation_of(*parent_inst);
  if (!cont) return -ENOSYS;
  std::shared_ptr<rt::Instance> instance;
  try {
    instance = g_linker->clone_instance(*parent_inst);
  } catch (const rt::Error&) {
    return -ENOMEM;
  }
  instance->set_user_data(child);
  rawposix::attach_memory(child, instance->memory());
  set_cage_instance(child, instance);
  try {
    auto gate = std::make_shared<StartGate>();
    std::thread(run_child, std::move(cont), std::move(instance), child, gate).detach();
    t_child_gates.push_back(std::move(gate));
    t_cage_thread.children_waiting = true;
  } catch (const std::system_error&) {
    return -EAGAIN;
  }
  return 0;
}

// Translated modules by file identity, so that a program exec'd again
// (shells, build tools, fork+exec loops) is not decoded, validated and
// translated again. A Module is immutable; the same one is instantiated any
// number of times. A changed file (size or mtime) is a different key.
class ModuleCache {
 public:
  struct Key {
    dev_t dev;
    ino_t ino;
    off_t size;
    int64_t mtime_ns;
    auto operator<=>(const Key&) const = default;
  };
  std::shared_ptr<rt::Module> find(const Key& k) {
    std::lock_guard lock(mu_);
    for (auto& [key, module] : entries_)
      if (key == k) return module;
    return nullptr;
  }
  void add(const Key& k, std::shared_ptr<rt::Module> module) {
    std::lock_guard lock(mu_);
    if (entries_.size() == kCapacity) entries_.erase(entries_.begin());  // oldest first
    entries_.emplace_back(k, std::move(module));
  }

 private:
  static constexpr size_t kCapacity = 16;
  std::mutex mu_;
  std::vector<std::pair<Key, std::shared_ptr<rt::Module>>> entries_;
};
ModuleCache g_module_cache;

bool read_all(int fd, std::vector<uint8_t>& out) {
  uint8_t buf[65536];
  off_t at = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0) return false;
    if (n == 0) return true;
    out.insert(out.end(), buf, buf + n);
    at += n;
  }
}

// rawposix::ExecRunner: called inside the cage's execve syscall. Nothing of
// the caller changes until the new program is instantiated.
int64_t exec_runner(uint64_t cage, int host_fd, const std::vector<std::string>& argv,
                    const std::vector<std::string>& env) {
  struct stat st {};
  if (::fstat(host_fd, &st) != 0) return -errno;
  ModuleCache::Key key{st.st_dev, st.st_ino, st.st_size,
                       int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
  std::shared_ptr<rt::Module> module = g_module_cache.find(key);
  rt::InstantiateResult inst;
  try {
    if (!module) {
      std::vector<uint8_t> bytes;
      if (!read_all(host_fd, bytes)) return -EIO;
      module = rt::Module::from_bytes(*g_engine, bytes, argv.empty() ? "exec" : argv[0]);
      g_module_cache.add(key, module);
    }
    auto sig = module->export_func_sig("_start");
    if (!sig || !sig->params.empty()) return -ENOEXEC;
    // Point of no return once the instance exists: the cage's state for the
    // new program (its memory, fds without close-on-exec ones, argv/env).
    t_instantiating_cage = cage;
    inst = g_linker->instantiate(module);
  } catch (const rt::Error&) {
    return -ENOEXEC;
  }
  if (inst.trap || !inst.instance) return -ENOEXEC;
  rawposix::prepare_exec(cage, rawposix::StartInfo{argv, env});
  rawposix::attach_memory(cage, inst.instance->memory());
  set_cage_instance(cage, inst.instance);
  // The calling program ends once the cage's own lind.syscall returns
  // (exec_pending_for), also when a grate forwarded the exec.
  t_pending_exec = std::move(inst.instance);
  t_pending_exec_cage = cage;
  return 0;
}

}  // namespace

void setup_cage_linker(rt::Engine& engine, rt::Linker& linker) {
  g_engine = &engine;
  g_linker = &linker;
  define_cage_imports(linker);
  define_jump_imports(linker);
  wasi::define_imports(linker);
  linker.on_instantiate(attach);
  setup_signal_delivery();
  setup_grate_calls();
  rawposix::set_fork_runner(&fork_runner);
  rawposix::set_exec_runner(&exec_runner);
}

rt::InstantiateResult instantiate_for_cage(uint64_t cage, rt::Linker& linker,
                                           const std::shared_ptr<rt::Module>& module) {
  t_instantiating_cage = cage;
  rt::InstantiateResult r = linker.instantiate(module);
  if (r.instance) set_cage_instance(cage, r.instance);
  return r;
}

bool exec_pending_for(uint64_t cage) { return t_pending_exec && t_pending_exec_cage == cage; }

void release_forked_children() {
  for (auto& gate : t_child_gates) gate->release();
  t_child_gates.clear();
  t_cage_thread.children_waiting = false;
}

rt::CallResult run_cage(uint64_t cage, std::shared_ptr<rt::Instance> instance,
                        const std::function<rt::CallResult()>& first) {
  begin_cage_thread(cage);
  set_thread_cage(cage);
  rt::CallResult r = first();
  while (t_pending_exec) {
    g_linker->release(instance.get());
    instance = std::move(t_pending_exec);
    r = instance->call("_start", {});
  }
  release_forked_children();  // their parent's fork call never returned
  release_grate_lock(cage);
  // A trap in a signal handler ends the cage as that trap.
  if (const rt::Trap* t = handler_trap()) r.trap = *t;
  tell_grates_of_harsh_exit(cage, wait_status_of(r));
  forget_cage_instance(cage);
  set_thread_cage(0);
  end_cage_thread(cage);
  g_linker->release(instance.get());
  wasi::forget(cage);
  return r;
}

// harsh_cage_exit: a cage that dies abnormally (a trap, a fatal signal)
// never calls exit_group, so the grates on its line would never hear of
// its end; it is made for it, through its own table, with 128 + the
// signal as the status, for a grate that interposes on exit_group to drop
// the cage's state. Nothing happens when no grate interposes (RawPOSIX's
// exit_group would only record a status that the signal overrides).
void tell_grates_of_harsh_exit(uint64_t cage, int wait_status) {
  if (WIFEXITED(wait_status)) return;
  if (!threei::entry_grate(threei::registry().get(cage, LIND_SYS_exit_group))) return;
  const auto status = static_cast<uint64_t>(128 + WTERMSIG(wait_status));
  threei::Args a{{status, 0, 0, 0, 0, 0}, {cage, cage, cage, cage, cage, cage}};
  threei::registry().dispatch(cage, LIND_SYS_exit_group, cage, a);
}

int wait_status_of(const rt::CallResult& result) {
  if (int sig = killed_by_signal()) return sig;
  if (!result.trap) return 0;
  switch (result.trap->kind) {
    case rt::TrapKind::Exit: return (result.trap->exit_code & 0xff) << 8;
    case rt::TrapKind::MemoryOutOfBounds:
    case rt::TrapKind::TableOutOfBounds:
    case rt::TrapKind::StackExhausted: return SIGSEGV;
    case rt::TrapKind::IntegerDivideByZero:
    case rt::TrapKind::IntegerOverflow:
    case rt::TrapKind::InvalidConversion: return SIGFPE;
    default: return SIGILL;
  }
}

void report_cage_trap(uint64_t cage, const rt::Trap& trap) {
  std::string msg = trap.message.empty() ? rt::to_string(trap.kind) : trap.message;
  std::cerr << "lind-boot: cage " << cage << ": trap: " << msg << '\n';
  for (const std::string& frame : trap.backtrace) std::cerr << "  " << frame << '\n';
  std::cerr.flush();
}

}  // namespace lind::boot
