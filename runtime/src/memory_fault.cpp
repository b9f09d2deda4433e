// A fault is a wasm trap only when the running thread is executing wasm and
// the address lies inside its current instance's memory reservation; any
// other fault is a real bug in lind-boot and gets the default action.
#include "memory_fault.h"

#include <signal.h>

#include <cstdint>
#include <mutex>

#include "code.h"
#include "instance_impl.h"

namespace lind::rt::interp {

extern thread_local Thread* tls_running_thread;

namespace {

void on_fault(int sig, siginfo_t* info, void*) {
  Thread* t = tls_running_thread;
  if (t && t->fault_jmp && t->inst && t->inst->memory) {
    auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    auto base = reinterpret_cast<uintptr_t>(t->inst->memory->data());
    if (addr >= base && addr - base < t->inst->memory->reserved_bytes()) siglongjmp(*t->fault_jmp, 1);
  }
  // Not ours: restore the default action; returning re-executes the access.
  signal(sig, SIG_DFL);
}

}  // namespace

void install_fault_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    // The handler runs on an alternate stack only if the thread has one;
    // wasm never recurses natively, so the normal stack has room.
    struct sigaction sa {};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, nullptr);
    sigaction(SIGBUS, &sa, nullptr);
  });
}

}  // namespace lind::rt::interp
