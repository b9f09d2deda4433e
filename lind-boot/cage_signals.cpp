#include "cage_signals.h"

#include <array>
#include <mutex>
#include <optional>

#include "lind/rawposix.h"
#include "grate_calls.h"
#include "lind/threei.h"

namespace lind::boot {
namespace {

constexpr const char* kHandlerExport = "__lind_signal_handler";
constexpr uint64_t kSaRestart = 0x10000000;

// The host thread running each cage (its interpreter's handle).
std::mutex g_threads_mu;
std::array<std::shared_ptr<rt::ThreadHandle>, threei::kMaxCages> g_threads;

thread_local int t_killed_by = 0;
thread_local int t_handler_depth = 0;
thread_local std::optional<rt::Trap> t_handler_trap;

void notify(rawposix::CageId cage) {
  std::lock_guard lock(g_threads_mu);
  if (cage < g_threads.size() && g_threads[cage]) g_threads[cage]->interrupt();
}

// The cage dies of `sig`: as the shell sees a native process killed by N,
// lind-boot reports 128 + N for cage 1; wait4 sees the signal.
Delivered terminate(rt::HostContext& ctx, int sig) {
  t_killed_by = sig;
  ctx.exit(128 + sig);
  return Delivered::Ended;
}

}  // namespace

void setup_signal_delivery() { rawposix::set_signal_notifier(&notify); }

void begin_cage_thread(uint64_t cage) {
  t_killed_by = 0;
  t_handler_trap.reset();
  std::shared_ptr<rt::ThreadHandle> self = rt::ThreadHandle::current();
  self->set_interrupt_handler([](rt::HostContext& ctx) { deliver_signals(ctx); });
  {
    std::lock_guard lock(g_threads_mu);
    g_threads[cage] = self;
  }
  // Whatever was posted before this thread took the cage (a fork child's
  // inherited mask may have let something through) is looked at once.
  self->interrupt();
}

void end_cage_thread(uint64_t cage) {
  std::shared_ptr<rt::ThreadHandle> self;
  {
    std::lock_guard lock(g_threads_mu);
    self = std::move(g_threads[cage]);
  }
  if (self) self->set_interrupt_handler(nullptr);
}

Delivered deliver_signals(rt::HostContext& ctx) {
  rt::Instance* inst = ctx.caller();
  if (!inst) return Delivered::Restart;
  const uint64_t cage = inst->user_data();
  // A grate's handler running on this cage's thread: the signals are the
  // cage's, to run in the cage's code, once the call is back there.
  if (cage != thread_cage()) {
    t_cage_thread.deferred_signals = true;
    return Delivered::Restart;
  }
  Delivered result = Delivered::Restart;
  for (;;) {
    rawposix::SignalDelivery d = rawposix::next_signal(cage);
    using Kind = rawposix::SignalDelivery::Kind;
    if (d.kind == Kind::None) return result;
    if (d.kind == Kind::Terminate) return terminate(ctx, d.sig);
    // A handler set through the raw syscall in a program without the
    // shim's delivery export cannot run: the signal kills, as if unhandled.
    if (!inst->get_export(kHandlerExport)) return terminate(ctx, d.sig);
    const rt::Value args[] = {rt::Value::i32(d.handler), rt::Value::i32(d.sig),
                              rt::Value::i32(static_cast<uint32_t>(d.flags)),
                              rt::Value::i32(static_cast<uint32_t>(d.sender))};
    ++t_handler_depth;
    rt::CallResult r = inst->call(kHandlerExport, args);
    --t_handler_depth;
    if (r.trap) {
      // A (sig)longjmp out of the handler: the runtime finishes the jump as
      // this returns; the mask stays as the handler or siglongjmp left it.
      if (r.trap->kind == rt::TrapKind::Jump) return Delivered::Ended;
      if (r.trap->kind == rt::TrapKind::Exit) {
        ctx.exit(r.trap->exit_code);
      } else {
        t_handler_trap = *r.trap;
        ctx.trap(r.trap->message.empty() ? rt::to_string(r.trap->kind) : r.trap->message);
      }
      return Delivered::Ended;
    }
    rawposix::signal_handler_returned(cage, d.restore_mask);
    if (!(d.flags & kSaRestart)) result = Delivered::Interrupted;
  }
}

bool running_signal_handler() { return t_handler_depth > 0; }

bool take_deferred_signals() {
  bool d = t_cage_thread.deferred_signals;
  t_cage_thread.deferred_signals = false;
  return d;
}

int killed_by_signal() { return t_killed_by; }

const rt::Trap* handler_trap() { return t_handler_trap ? &*t_handler_trap : nullptr; }

}  // namespace lind::boot
