// HostContext::capture_invocation_of: fork on behalf of a cage whose host
// call went through a grate. The cage calls host h1, h1 calls the grate,
// the grate calls host h2, and h2 captures the cage's invocation; the copy
// resumes as if h1 had returned, without the grate's frames.
#include <thread>

#include "test_util.h"

namespace lind::rt::test {
namespace {

const char* kCage = R"((module
  (import "env" "h1" (func $h1 (param i32) (result i32)))
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 5))
  (func $inner (param $x i32) (result i32) (local $l i64) (local $r i32)
    (local.set $l (i64.const 0x100000003))
    (i32.store (i32.const 16) (i32.const 77))
    (global.set $g (i32.const 6))
    ;; x*3 waits on the operand stack under the call.
    (i32.add (i32.mul (local.get $x) (i32.const 3))
             (i32.add (local.tee $r (call $h1 (local.get $x)))
                      (i32.wrap_i64 (local.get $l))))
    (i32.store (i32.const 20) (local.get $r))
    (global.set $g (i32.add (global.get $g) (local.get $r))))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $inner (local.get 0)) (i32.const 1000)))))";

// Adds 30 to what h2 returns (the "pid"), so the cage sees 42 for 12.
const char* kGrate = R"((module
  (import "env" "h2" (func $h2 (param i32) (result i32)))
  (func (export "handle") (param $x i32) (result i32) (local $y i32)
    (local.set $y (i32.add (local.get $x) (i32.const 1)))
    (i32.add (call $h2 (local.get $y)) (i32.const 30)))))";

// h1 passes its argument to the grate; h2 runs `on_h2` and returns 12.
struct Chain {
  Linker linker{engine()};
  std::shared_ptr<Instance> cage, grate;
  std::function<void(HostContext&)> on_h2;
  std::unique_ptr<Continuation> cont;
  std::shared_ptr<Instance> child;

  Chain() {
    linker.define_func("env", "h1", FuncSig{{ValType::I32}, {ValType::I32}},
                       [this](HostContext&, const uint64_t* args, uint64_t* results) {
                         results[0] = call1(*grate, "handle", {Value::i32(uint32_t(args[0]))}).as_i32();
                       });
    linker.define_func("env", "h2", FuncSig{{ValType::I32}, {ValType::I32}},
                       [this](HostContext& ctx, const uint64_t*, uint64_t* results) {
                         if (on_h2) on_h2(ctx);
                         results[0] = 12;
                       });
  }
  void load(const std::string& cage_wat, const std::string& grate_wat = kGrate) {
    cage = instantiate(cage_wat, &linker);
    grate = instantiate(grate_wat, &linker);
  }
  // The fork: capture `of` and clone it, as lind-boot does.
  void fork_from_h2(const std::shared_ptr<Instance>& of) {
    on_h2 = [this, of](HostContext& ctx) {
      cont = ctx.capture_invocation_of(*of);
      if (cont) child = linker.clone_instance(*of);
    };
  }
  CallResult run_child(uint64_t host_result) {
    CallResult r;
    std::thread([&] { r = cont->resume(*child, host_result); }).join();
    return r;
  }
};

uint32_t load32(Instance& inst, uint64_t addr) {
  uint32_t v = 0;
  EXPECT_TRUE(inst.memory()->read(addr, &v, 4));
  return v;
}

TEST(CaptureOuter, TheCageResumesAsIfItsHostCallReturned) {
  Chain s;
  s.load(kCage);
  s.fork_from_h2(s.cage);
  // Parent: the grate's invocation carried on and returned 12 + 30.
  EXPECT_EQ(call1(*s.cage, "run", {Value::i32(10)}).as_i32(), 30u + 42 + 3 + 1000);
  ASSERT_TRUE(s.cont);
  EXPECT_EQ(load32(*s.cage, 20), 42u);
  EXPECT_EQ(s.cage->get_export("g")->global->get().as_i32(), 6u + 42);

  CallResult c = s.run_child(0);
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_EQ(c.results[0].as_i32(), 30u + 0 + 3 + 1000);  // operand, local and caller intact
  EXPECT_EQ(load32(*s.child, 16), 77u);                   // written before the call
  EXPECT_EQ(load32(*s.child, 20), 0u);
  EXPECT_EQ(s.child->get_export("g")->global->get().as_i32(), 6u);
  EXPECT_EQ(load32(*s.cage, 20), 42u);  // the parent's memory is its own

  // The continuation can be resumed again, with another result.
  s.child = s.linker.clone_instance(*s.cage);
  c = s.run_child(5);
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  EXPECT_EQ(c.results[0].as_i32(), 30u + 5 + 3 + 1000);
}

TEST(CaptureOuter, NothingForAnInstanceWithNoInvocationOnTheThread) {
  Chain s;
  s.load(kCage);
  auto idle = instantiate(kCage, &s.linker);
  s.fork_from_h2(idle);
  EXPECT_EQ(call1(*s.cage, "run", {Value::i32(1)}).as_i32(), 3u + 42 + 3 + 1000);
  EXPECT_FALSE(s.cont);

  // Nor from a host function that no wasm called.
  auto direct = FuncInst::host(FuncSig{{}, {}}, [&](HostContext& ctx, const uint64_t*, uint64_t*) {
    EXPECT_FALSE(ctx.capture_invocation_of(*s.cage));
  });
  EXPECT_TRUE(direct->call({}).ok());
}

TEST(CaptureOuter, OfTheInnermostInstanceItIsCapture) {
  Chain s;
  s.load(kCage);
  bool plain = false;
  s.on_h2 = [&](HostContext& ctx) {
    plain = ctx.capture() != nullptr;
    s.cont = ctx.capture_invocation_of(*s.grate);
    if (s.cont) s.child = s.linker.clone_instance(*s.grate);
  };
  EXPECT_EQ(call1(*s.cage, "run", {Value::i32(10)}).as_i32(), 30u + 42 + 3 + 1000);
  EXPECT_TRUE(plain);
  ASSERT_TRUE(s.cont);
  // Only the grate's handler: it returns h2's result + 30.
  CallResult c = s.run_child(5);
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  EXPECT_EQ(c.results[0].as_i32(), 35u);
}

TEST(CaptureOuter, NotWhenTheInvocationHasFramesOfAnotherInstance) {
  Chain s;
  // The cage reaches h1 through a library instance's function.
  auto lib = instantiate(R"((module (import "env" "h1" (func $h1 (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (call $h1 (local.get 0)))))",
                         &s.linker);
  s.linker.define_instance("lib", *lib);
  s.load(R"((module (import "lib" "f" (func $f (param i32) (result i32)))
      (func (export "run") (param i32) (result i32) (call $f (local.get 0)))))");
  for (const auto& of : {s.cage, lib}) {
    s.fork_from_h2(of);
    EXPECT_EQ(call1(*s.cage, "run", {Value::i32(1)}).as_i32(), 42u);
    EXPECT_FALSE(s.cont);
  }
}

TEST(CaptureOuter, TheInnermostInvocationOfTheCageIsTaken) {
  // The cage's "run" calls h0, which calls the cage's "callback" (a nested
  // invocation, like a signal handler), which goes through the grate.
  Chain s;
  s.linker.define_func("env", "h0", FuncSig{{}, {ValType::I32}},
                       [&](HostContext&, const uint64_t*, uint64_t* results) {
                         results[0] = call1(*s.cage, "callback", {Value::i32(4)}).as_i32();
                       });
  s.load(R"((module (import "env" "h0" (func $h0 (result i32)))
      (import "env" "h1" (func $h1 (param i32) (result i32)))
      (func (export "callback") (param i32) (result i32)
        (i32.add (call $h1 (local.get 0)) (i32.const 100)))
      (func (export "run") (result i32) (i32.add (call $h0) (i32.const 1000)))))");
  s.fork_from_h2(s.cage);
  EXPECT_EQ(call1(*s.cage, "run").as_i32(), 1142u);
  ASSERT_TRUE(s.cont);
  CallResult c = s.run_child(0);
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  EXPECT_EQ(c.results[0].as_i32(), 100u);  // the callback alone
}

TEST(CaptureOuter, NotFromAnInterruptHandler) {
  // The cage is interrupted (not at a host call) and the handler calls the
  // grate: there is no host call of the cage to return from.
  Chain s;
  s.linker.define_func("env", "poke", FuncSig{{}, {}},
                       [](HostContext& ctx, const uint64_t*, uint64_t*) { ctx.thread_handle()->interrupt(); });
  s.load(R"((module (import "env" "poke" (func $poke))
      (func (export "run") (result i32) (call $poke) (i32.const 9))))");
  bool handled = false;
  ThreadHandle::current()->set_interrupt_handler([&](HostContext&) {
    handled = true;
    call1(*s.grate, "handle", {Value::i32(0)});
  });
  s.fork_from_h2(s.cage);
  EXPECT_EQ(call1(*s.cage, "run").as_i32(), 9u);
  ThreadHandle::current()->set_interrupt_handler(nullptr);
  EXPECT_TRUE(handled);
  EXPECT_FALSE(s.cont);
}

TEST(CaptureOuter, TheChildLongjmpsToASetjmpTheCageMadeBeforeTheCall) {
  Chain s;
  // setjmp(slot) / longjmp(slot, v) with the tokens kept here.
  uint64_t tokens[2] = {};
  s.linker.define_func("env", "setjmp", FuncSig{{ValType::I32}, {ValType::I32}},
                       [&](HostContext& ctx, const uint64_t* args, uint64_t* results) {
                         tokens[args[0] & 1] = ctx.set_jump_point();
                         if (!tokens[args[0] & 1]) return ctx.trap("no jump point");
                         results[0] = 0;
                       });
  s.linker.define_func("env", "longjmp", FuncSig{{ValType::I32, ValType::I32}, {}},
                       [&](HostContext& ctx, const uint64_t* args, uint64_t*) {
                         ctx.long_jump(tokens[args[0] & 1], args[1]);
                       });
  // The grate records a jump point of its own too (slot 1); it stays behind.
  s.load(R"((module (import "env" "h1" (func $h1 (param i32) (result i32)))
      (import "env" "setjmp" (func $setjmp (param i32) (result i32)))
      (import "env" "longjmp" (func $longjmp (param i32 i32)))
      (func (export "run") (param $slot i32) (result i32) (local $r i32)
        (local.set $r (call $setjmp (i32.const 0)))
        (if (result i32) (local.get $r)
          (then (i32.add (local.get $r) (i32.const 1000)))
          (else
            (if (i32.eqz (call $h1 (i32.const 0)))
              (then (call $longjmp (local.get $slot) (i32.const 7))))
            (i32.const 1))))))",
         R"((module (import "env" "h2" (func $h2 (param i32) (result i32)))
      (import "env" "setjmp" (func $setjmp (param i32) (result i32)))
      (func (export "handle") (param i32) (result i32)
        (drop (call $setjmp (i32.const 1)))
        (call $h2 (local.get 0)))))");
  s.fork_from_h2(s.cage);
  EXPECT_EQ(call1(*s.cage, "run", {Value::i32(0)}).as_i32(), 1u);
  ASSERT_TRUE(s.cont);
  CallResult c = s.run_child(0);
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  EXPECT_EQ(c.results[0].as_i32(), 1007u);

  // In a child whose cage jumps with the grate's token: no such jump point.
  EXPECT_EQ(call1(*s.cage, "run", {Value::i32(1)}).as_i32(), 1u);
  s.child = s.linker.clone_instance(*s.cage);
  c = s.run_child(0);
  ASSERT_TRUE(c.trap);
  EXPECT_EQ(c.trap->message, "longjmp: jmp_buf is not from a setjmp whose function is still active");
}

}  // namespace
}  // namespace lind::rt::test
