// Interrupting a thread running wasm from another thread: the interrupt is
// noticed at the next safe point (loop back-edge, call, return from a host
// function) and the thread's handler runs there.
#include <atomic>
#include <chrono>
#include <thread>

#include "test_util.h"

namespace lind::rt::test {
namespace {

using namespace std::chrono_literals;

// Runs `body` on a new thread, handing its ThreadHandle (created on that
// thread) to `poke`, which runs on this one.
template <class Body, class Poke>
void run_interrupted(Body body, Poke poke) {
  std::shared_ptr<ThreadHandle> handle;
  std::atomic<bool> ready{false};
  std::thread worker([&] {
    handle = ThreadHandle::current();
    ready = true;
    body(*handle);
  });
  while (!ready) std::this_thread::yield();
  poke(*handle);
  worker.join();
}

TEST(Interrupt, InfiniteLoopIsInterruptedAndExits) {
  auto inst = instantiate(R"((module (func (export "spin") (loop (br 0)))))");
  std::optional<Trap> trap;
  std::atomic<int> handled{0};
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([&](HostContext& ctx) {
          ++handled;
          EXPECT_EQ(ctx.caller(), inst.get());
          ctx.exit(137);
        });
        trap = inst->call("spin", {}).trap;
      },
      [&](ThreadHandle& h) {
        std::this_thread::sleep_for(20ms);
        h.interrupt();
      });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Exit);
  EXPECT_EQ(trap->exit_code, 137);
  EXPECT_EQ(handled, 1);
  ASSERT_FALSE(trap->backtrace.empty());
  EXPECT_NE(trap->backtrace[0].find("func[0]"), std::string::npos) << trap->to_string();
}

TEST(Interrupt, FusedCompareBranchLoopIsASafePoint) {
  // The back-edge is a fused compare-and-branch against a constant.
  auto inst = instantiate(R"((module (func (export "spin") (local i32)
    (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1)))
             (br_if $l (i32.ne (local.get 0) (i32.const -1)))
             (local.set 0 (i32.const 0)) (br $l)))))");
  std::optional<Trap> trap;
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([](HostContext& ctx) { ctx.trap("killed"); });
        trap = inst->call("spin", {}).trap;
      },
      [&](ThreadHandle& h) {
        std::this_thread::sleep_for(10ms);
        h.interrupt();
      });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
  EXPECT_EQ(trap->message, "killed");
}

TEST(Interrupt, LoopCallingAFunction) {
  // The loop's back-edge and the call are both safe points; whichever comes
  // first runs the handler.
  auto inst = instantiate(R"((module
    (global $n (mut i32) (i32.const 0))
    (func $f (global.set $n (i32.add (global.get $n) (i32.const 1))))
    (func (export "spin") (loop $l (call $f) (br $l)))
    (func (export "n") (result i32) (global.get $n))))");
  std::optional<Trap> trap;
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([](HostContext& ctx) { ctx.exit(9); });
        trap = inst->call("spin", {}).trap;
      },
      [&](ThreadHandle& h) {
        std::this_thread::sleep_for(10ms);
        h.interrupt();
      });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Exit);
  EXPECT_EQ(trap->exit_code, 9);
  EXPECT_GT(call1(*inst, "n").as_i32(), 0u);
}

TEST(Interrupt, RecursionWithoutLoopsIsInterruptedAtCalls) {
  // Naive fib(40) has no loops: only its calls are safe points.
  auto inst = instantiate(R"((module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))))");
  std::optional<Trap> trap;
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([](HostContext& ctx) { ctx.exit(3); });
        std::vector<Value> args{Value::i32(60)};
        trap = inst->call("fib", args).trap;
      },
      [&](ThreadHandle& h) {
        std::this_thread::sleep_for(10ms);
        h.interrupt();
      });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->exit_code, 3);
}

TEST(Interrupt, HandlerCallsBackIntoWasmAndExecutionContinues) {
  // The handler calls the export "stop", which sets $run to 0 and does some
  // work with its own frame (deep enough to overwrite the interrupted
  // frame if the nested call started in the wrong place); the loop then
  // ends and "spin" returns its local, which must be intact.
  auto inst = instantiate(R"((module
    (global $run (mut i32) (i32.const 1))
    (global $calls (mut i32) (i32.const 0))
    (func $g (param i64 i64 i64 i64) (result i64)
      (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3))))
    (func (export "stop") (param i32) (result i32)
      (global.set $run (i32.const 0))
      (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
      (drop (call $g (i64.const -1) (i64.const -1) (i64.const -1) (i64.const -1)))
      (i32.add (local.get 0) (i32.const 1)))
    (func (export "spin") (result i32) (local i32 i64 i64)
      (local.set 0 (i32.const 1234))
      (local.set 1 (i64.const 42))
      (loop $l
        (local.set 2 (i64.add (local.get 2) (i64.const 1)))
        (br_if $l (global.get $run)))
      (i32.add (local.get 0) (i32.wrap_i64 (local.get 1))))
    (func (export "calls") (result i32) (global.get $calls))))");
  std::optional<Value> result;
  std::optional<Trap> trap;
  uint32_t nested_result = 0;
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([&](HostContext& ctx) {
          auto stop = ctx.caller()->get_export("stop")->func;
          CallResult r = stop->call(std::vector<Value>{Value::i32(41)});
          ASSERT_TRUE(r.ok()) << r.trap->to_string();
          nested_result = r.results[0].as_i32();
        });
        CallResult r = inst->call("spin", {});
        if (r.ok()) result = r.results[0];
        else trap = r.trap;
      },
      [&](ThreadHandle& h) {
        std::this_thread::sleep_for(10ms);
        h.interrupt();
      });
  ASSERT_FALSE(trap) << trap->to_string();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->as_i32(), 1234u + 42u);
  EXPECT_EQ(nested_result, 42u);
  EXPECT_EQ(call1(*inst, "calls").as_i32(), 1u);
}

TEST(Interrupt, PendingBeforeTheCallIsHandledAtTheFirstSafePoint) {
  auto inst = instantiate(R"((module (func (export "spin") (loop (br 0)))))");
  auto h = ThreadHandle::current();
  int handled = 0;
  h->set_interrupt_handler([&](HostContext& ctx) {
    ++handled;
    ctx.exit(1);
  });
  h->interrupt();
  EXPECT_TRUE(h->interrupt_pending());
  CallResult r = inst->call("spin", {});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, TrapKind::Exit);
  EXPECT_EQ(handled, 1);
  EXPECT_FALSE(h->interrupt_pending());
  h->set_interrupt_handler(nullptr);
}

TEST(Interrupt, WithoutAHandlerItTraps) {
  auto inst = instantiate(R"((module (func (export "spin") (loop (br 0)))))");
  auto h = ThreadHandle::current();
  h->interrupt();
  Trap trap = call_trap(*inst, "spin");
  EXPECT_EQ(trap.kind, TrapKind::Host);
  EXPECT_EQ(trap.message, "interrupted");
}

TEST(Interrupt, NoSafePointMeansNoInterruptUntilTheNextCall) {
  // Straight-line code has no safe point: the interrupt stays pending.
  auto inst = instantiate(R"((module (func (export "f") (result i32) (i32.const 5))))");
  auto h = ThreadHandle::current();
  int handled = 0;
  h->set_interrupt_handler([&](HostContext&) { ++handled; });
  h->interrupt();
  EXPECT_EQ(call1(*inst, "f").as_i32(), 5u);
  EXPECT_EQ(handled, 0);
  EXPECT_TRUE(h->interrupt_pending());
  h->clear_interrupt();
  h->set_interrupt_handler(nullptr);
}

TEST(Interrupt, DuringAHostCallIsNoticedWhenItReturns) {
  // The host function is "blocked" while another thread interrupts; the
  // handler runs once it returns, before the wasm after it ("after" would
  // set the global to 2).
  Linker linker(engine());
  std::atomic<bool> in_host{false}, interrupted{false};
  std::shared_ptr<ThreadHandle> seen_from_host;
  linker.define_func("env", "block", FuncSig{{}, {ValType::I32}},
                     [&](HostContext& ctx, const uint64_t*, uint64_t* results) {
                       seen_from_host = ctx.thread_handle();
                       in_host = true;
                       while (!interrupted) std::this_thread::sleep_for(1ms);
                       EXPECT_TRUE(seen_from_host->interrupt_pending());
                       results[0] = 7;
                     });
  auto inst = instantiate(R"((module
    (import "env" "block" (func $block (result i32)))
    (global $g (mut i32) (i32.const 0))
    (func (export "run") (result i32)
      (global.set $g (call $block))
      (global.set $g (i32.const 2))
      (global.get $g))
    (func (export "g") (result i32) (global.get $g))))",
                          &linker);
  std::optional<Trap> trap;
  int seen_g = -1;
  run_interrupted(
      [&](ThreadHandle& h) {
        h.set_interrupt_handler([&](HostContext& ctx) {
          seen_g = static_cast<int>(ctx.caller()->get_export("g")->func->call({}).results[0].as_i32());
          ctx.exit(5);
        });
        trap = inst->call("run", {}).trap;
      },
      [&](ThreadHandle& h) {
        while (!in_host) std::this_thread::sleep_for(1ms);
        h.interrupt();
        interrupted = true;
      });
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->exit_code, 5);
  EXPECT_EQ(seen_g, 0);  // handled right at the return, before global.set
  EXPECT_EQ(call1(*inst, "g").as_i32(), 0u);
}

TEST(Interrupt, HandleOutlivesItsThread) {
  std::shared_ptr<ThreadHandle> h;
  std::thread([&] { h = ThreadHandle::current(); }).join();
  h->interrupt();  // nothing runs there any more; must not crash
  EXPECT_TRUE(h->interrupt_pending());
}

}  // namespace
}  // namespace lind::rt::test
