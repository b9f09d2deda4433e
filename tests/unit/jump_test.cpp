// setjmp/longjmp in the runtime: HostContext::set_jump_point records the host
// call, long_jump makes it return again, within one invocation, out of
// nested invocations (host callbacks, interrupt handlers) and in a forked
// copy; bad, stale and foreign tokens trap.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "test_util.h"

namespace lind::rt::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNotActive = "longjmp: jmp_buf is not from a setjmp whose function is still active";

// env.setjmp(slot) -> i32 keeps the token in tokens[slot] (a jmp_buf);
// env.longjmp(slot, v) jumps to it; env.longjmp_token(token, v) to any
// token; env.token(slot) -> i64 reads one.
struct Jumper {
  uint64_t tokens[8] = {};
  std::set<uint64_t> seen;

  void define(Linker& l) {
    l.define_func("env", "setjmp", FuncSig{{ValType::I32}, {ValType::I32}},
                  [this](HostContext& ctx, const uint64_t* args, uint64_t* results) {
                    uint64_t token = ctx.set_jump_point();
                    if (!token) return ctx.trap("no jump point");
                    tokens[args[0] & 7] = token;
                    seen.insert(token);
                    results[0] = 0;
                  });
    l.define_func("env", "longjmp", FuncSig{{ValType::I32, ValType::I32}, {}},
                  [this](HostContext& ctx, const uint64_t* args, uint64_t*) {
                    ctx.long_jump(tokens[args[0] & 7], args[1]);
                  });
    l.define_func("env", "longjmp_token", FuncSig{{ValType::I64, ValType::I64}, {}},
                  [](HostContext& ctx, const uint64_t* args, uint64_t*) { ctx.long_jump(args[0], args[1]); });
    l.define_func("env", "token", FuncSig{{ValType::I32}, {ValType::I64}},
                  [this](HostContext&, const uint64_t* args, uint64_t* results) {
                    results[0] = tokens[args[0] & 7];
                  });
  }
};

const char* kImports = R"(
  (import "env" "setjmp" (func $setjmp (param i32) (result i32)))
  (import "env" "longjmp" (func $longjmp (param i32 i32)))
  (import "env" "longjmp_token" (func $longjmp_token (param i64 i64)))
  (import "env" "token" (func $token (param i32) (result i64))))";

std::string module(const std::string& body) { return std::string("(module ") + kImports + body + ")"; }

struct Fixture {
  Linker linker{engine()};
  Jumper jumper;
  std::shared_ptr<Instance> inst;
  explicit Fixture(const std::string& body) {
    jumper.define(linker);
    inst = instantiate(module(body), &linker);
  }
};

TEST(Jump, LongjmpFromDeepInTheCallStackReturnsAgainFromSetjmp) {
  Fixture f(R"(
    (global $after (mut i32) (i32.const 0))
    (func $dive (param $n i32)
      (if (i32.eqz (local.get $n)) (then (call $longjmp (i32.const 0) (i32.const 42))))
      (call $dive (i32.sub (local.get $n) (i32.const 1))))
    (func (export "run") (result i32) (local $r i32)
      (local.set $r (call $setjmp (i32.const 0)))
      (global.set $after (i32.add (global.get $after) (i32.const 1)))
      (if (i32.eqz (local.get $r)) (then (call $dive (i32.const 50)) (unreachable)))
      (i32.add (i32.mul (global.get $after) (i32.const 1000)) (local.get $r))))");
  EXPECT_EQ(call1(*f.inst, "run").as_i32(), 2042u);  // setjmp returned twice, the second time 42
  EXPECT_EQ(call1(*f.inst, "run").as_i32(), 4042u);  // and again in a new invocation
}

TEST(Jump, TheValueIsTruncatedToTheResultType) {
  Fixture f(R"(
    (func (export "run") (result i32) (local $r i32)
      (local.set $r (call $setjmp (i32.const 0)))
      (if (i32.eqz (local.get $r))
        (then (call $longjmp_token (call $token (i32.const 0)) (i64.const 0x1234567800000005))))
      (local.get $r)))");
  EXPECT_EQ(call1(*f.inst, "run").as_i32(), 5u);
}

TEST(Jump, OperandsBelowTheCallAreRestoredSoNoReferenceIsForged) {
  // A funcref lies on the operand stack under the setjmp call. Before the
  // jump, the longjmp call's arguments overwrite its slot with an i32; the
  // jump must bring the funcref back, or call_indirect would use the i32
  // as a function.
  Fixture f(R"(
    (type $ti (func (result i32)))
    (table $t 1 funcref)
    (func $seven (result i32) (i32.const 7))
    (elem declare func $seven)
    (func (export "run") (result i32)
      (table.set $t (i32.const 0)
        (select (result funcref) (ref.func $seven) (ref.null func) (call $setjmp (i32.const 0))))
      (if (ref.is_null (table.get $t (i32.const 0)))
        (then (call $longjmp (i32.const 0) (i32.const 1))))
      (call_indirect $t (type $ti) (i32.const 0))))");
  EXPECT_EQ(call1(*f.inst, "run").as_i32(), 7u);
}

TEST(Jump, AnI64OperandBelowTheCallIsRestored) {
  Fixture f(R"(
    (global $n (mut i32) (i32.const 0))
    (func $get (result i64) (i64.const 0x100000000))
    (func $clobber (param i64 i64 i64) (result i64) (i64.const -1))
    (func (export "run") (result i64) (local $r i64)
      (local.set $r (i64.add (call $get) (i64.extend_i32_u (call $setjmp (i32.const 0)))))
      (drop (call $clobber (i64.const -1) (i64.const -1) (i64.const -1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (if (i32.eq (global.get $n) (i32.const 1)) (then (call $longjmp (i32.const 0) (i32.const 3))))
      (local.get $r)))");
  EXPECT_EQ(call1(*f.inst, "run").as_i64(), 0x100000003u);
}

TEST(Jump, UnknownTokenTraps) {
  Fixture f(R"(
    (func (export "bad") (call $longjmp_token (i64.const 12345) (i64.const 1)))
    (func (export "zero") (call $longjmp_token (i64.const 0) (i64.const 1))))");
  Trap t = call_trap(*f.inst, "bad");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_EQ(t.message, kNotActive);
  ASSERT_FALSE(t.backtrace.empty());
  EXPECT_EQ(call_trap(*f.inst, "zero").message, kNotActive);
}

TEST(Jump, TokenOfAFunctionThatReturnedTraps) {
  Fixture f(R"(
    (func $set_and_return (drop (call $setjmp (i32.const 2))))
    (func (export "run")
      (call $set_and_return)
      (call $longjmp (i32.const 2) (i32.const 1))))");
  Trap t = call_trap(*f.inst, "run");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_EQ(t.message, kNotActive);
}

TEST(Jump, ANewActivationInTheSamePlaceIsNotTheOneThatSetTheToken) {
  // The second call of $f has the same function, depth and frame as the
  // first, which recorded the token and returned.
  Fixture f(R"(
    (func $g (call $longjmp (i32.const 3) (i32.const 1)))
    (func $f (param $jump i32)
      (if (local.get $jump) (then (call $g)) (else (drop (call $setjmp (i32.const 3))))))
    (func (export "run") (call $f (i32.const 0)) (call $f (i32.const 1))))");
  EXPECT_EQ(call_trap(*f.inst, "run").message, kNotActive);
}

TEST(Jump, TokenFromAnEarlierInvocationTraps) {
  Fixture f(R"(
    (func (export "set") (drop (call $setjmp (i32.const 0))))
    (func (export "jump") (call $longjmp (i32.const 0) (i32.const 1))))");
  ASSERT_TRUE(f.inst->call("set", {}).ok());
  EXPECT_EQ(call_trap(*f.inst, "jump").message, kNotActive);
}

TEST(Jump, TheSameSetjmpInALoopKeepsOneJumpPoint) {
  // 100000 jumps, more than a thread may have jump points: the point is
  // reused (one token), so the table never grows.
  Fixture f(R"(
    (global $i (mut i32) (i32.const 0))
    (func (export "run") (param $n i32) (result i32) (local $r i32)
      (global.set $i (i32.const 0))
      (local.set $r (call $setjmp (i32.const 0)))
      (if (i32.lt_u (global.get $i) (local.get $n))
        (then (global.set $i (i32.add (global.get $i) (i32.const 1)))
              (call $longjmp (i32.const 0) (global.get $i))))
      (local.get $r)))");
  EXPECT_EQ(call1(*f.inst, "run", {Value::i32(100000)}).as_i32(), 100000u);
  EXPECT_EQ(f.jumper.seen.size(), 1u);
}

TEST(Jump, JumpPointsOfReturnedFunctionsAreDropped) {
  // Each call records a new jump point and returns; the dead ones are
  // dropped, so 100000 of them never reach the limit.
  Fixture f(R"(
    (func $mark (drop (call $setjmp (i32.const 1))))
    (func $deeper (call $mark))
    (func (export "run") (param $n i32)
      (loop $l
        (call $mark)
        (call $deeper)
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))");
  ASSERT_TRUE(f.inst->call("run", std::vector<Value>{Value::i32(100000)}).ok());
}

TEST(Jump, TooManyLiveJumpPointsAreRefused) {
  Fixture f(R"(
    (func $rec (export "rec") (param $n i32)
      (drop (call $setjmp (i32.const 0)))
      (if (local.get $n) (then (call $rec (i32.sub (local.get $n) (i32.const 1)))))))");
  ASSERT_TRUE(f.inst->call("rec", std::vector<Value>{Value::i32(60000)}).ok());
  Trap t = call_trap(*f.inst, "rec", {Value::i32(70000)});
  EXPECT_EQ(t.message, "no jump point");
}

TEST(Jump, SeveralJumpPointsInOneFunction) {
  // Two buffers set in the same function (nested TRY blocks): jumping to
  // the outer one from inside the inner one.
  Fixture f(R"(
    (func (export "run") (result i32) (local $outer i32) (local $inner i32)
      (local.set $outer (call $setjmp (i32.const 0)))
      (if (local.get $outer) (then (return (i32.add (local.get $outer) (i32.const 100)))))
      (local.set $inner (call $setjmp (i32.const 1)))
      (if (i32.eqz (local.get $inner)) (then (call $longjmp (i32.const 1) (i32.const 5))))
      (call $longjmp (i32.const 0) (local.get $inner))
      (unreachable)))");
  EXPECT_EQ(call1(*f.inst, "run").as_i32(), 105u);
}

TEST(Jump, TokenFromAnotherInstanceTraps) {
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  auto b = instantiate(
      module(R"((func (export "jump_to") (param i32) (call $longjmp (local.get 0) (i32.const 1))))"), &linker);
  linker.define_instance("b", *b);
  auto a = instantiate(module(R"(
    (import "b" "jump_to" (func $b_jump (param i32)))
    (func (export "run") (result i32) (local $r i32)
      (local.set $r (call $setjmp (i32.const 6)))
      (if (i32.eqz (local.get $r)) (then (call $b_jump (i32.const 6))))
      (local.get $r)))"),
                       &linker);
  Trap t = call_trap(*a, "run");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_EQ(t.message, "longjmp: jmp_buf is from another module instance");
}

TEST(Jump, AJumpMayNotUnwindAnotherInstancesFrames) {
  // a.run -> b.via -> host -> a.jump (nested) -> longjmp to a.run: b's frame
  // is in between.
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  std::shared_ptr<Instance> a;
  std::optional<TrapKind> nested;
  linker.define_func("env", "call_a", FuncSig{}, [&](HostContext& ctx, const uint64_t*, uint64_t*) {
    CallResult r = a->call("jump", {});
    if (!r.trap) return;
    nested = r.trap->kind;
    ctx.trap(r.trap->message);
  });
  auto b = instantiate(R"((module (import "env" "call_a" (func $call_a))
                            (func (export "via") (call $call_a))))",
                       &linker);
  linker.define_instance("b", *b);
  a = instantiate(module(R"(
    (import "b" "via" (func $via))
    (func (export "jump") (call $longjmp (i32.const 0) (i32.const 1)))
    (func (export "run") (result i32)
      (if (call $setjmp (i32.const 0)) (then (return (i32.const 1))))
      (call $via)
      (i32.const 0)))"),
                  &linker);
  CallResult r = a->call("run", {});
  ASSERT_TRUE(r.trap);
  ASSERT_TRUE(nested);
  EXPECT_EQ(*nested, TrapKind::Host);
  EXPECT_EQ(r.trap->message, "longjmp: cannot unwind the frames of another module instance");
}

// ---- out of nested invocations ----

const char* kNestedBody = R"(
  (import "env" "callback" (func $callback (param i32)))
  (func (export "handler") (param $v i32) (call $longjmp (i32.const 5) (local.get $v)))
  (func (export "mid") (param $n i32) (call $callback (local.get $n)))
  (func (export "outer") (param $levels i32) (result i32) (local $r i32) (local $keep i64)
    (local.set $keep (i64.const 0x7777))
    (local.set $r (call $setjmp (i32.const 5)))
    (if (i32.eqz (local.get $r)) (then (call $callback (local.get $levels)) (unreachable)))
    (i32.add (local.get $r) (i32.wrap_i64 (local.get $keep)))))";

TEST(Jump, LongjmpOutOfNestedInvocations) {
  // outer -> callback (host) -> mid -> callback -> ... -> handler, which
  // longjmps to outer's setjmp: every nested call returns TrapKind::Jump,
  // even a further call made while unwinding, and outer sees 9.
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  int jumps_seen = 0, refused = 0;
  linker.define_func("env", "callback", FuncSig{{ValType::I32}, {}},
                     [&](HostContext& ctx, const uint64_t* args, uint64_t*) {
                       uint32_t n = static_cast<uint32_t>(args[0]);
                       CallResult r = n ? ctx.caller()->call("mid", std::vector<Value>{Value::i32(n - 1)})
                                        : ctx.caller()->call("handler", std::vector<Value>{Value::i32(9)});
                       ASSERT_TRUE(r.trap);
                       ASSERT_EQ(r.trap->kind, TrapKind::Jump) << r.trap->to_string();
                       ++jumps_seen;
                       CallResult again = ctx.caller()->call("handler", std::vector<Value>{Value::i32(1)});
                       if (again.trap && again.trap->kind == TrapKind::Jump) ++refused;
                     });
  auto inst = instantiate(module(kNestedBody), &linker);
  EXPECT_EQ(call1(*inst, "outer", {Value::i32(3)}).as_i32(), 9u + 0x7777);
  EXPECT_EQ(jumps_seen, 4);
  EXPECT_EQ(refused, 4);
  // The thread is usable afterwards.
  EXPECT_EQ(call1(*inst, "outer", {Value::i32(0)}).as_i32(), 9u + 0x7777);
}

TEST(Jump, LongjmpOutOfAnInterruptHandlerAtTheReturnOfAHostCall) {
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  linker.define_func("env", "callback", FuncSig{{ValType::I32}, {}},
                     [](HostContext& ctx, const uint64_t*, uint64_t*) { ctx.thread_handle()->interrupt(); });
  auto inst = instantiate(module(kNestedBody), &linker);
  auto h = ThreadHandle::current();
  std::optional<TrapKind> nested;
  uint64_t point_in_handler = 1;
  h->set_interrupt_handler([&](HostContext& ctx) {
    point_in_handler = ctx.set_jump_point();
    CallResult r = ctx.caller()->call("handler", std::vector<Value>{Value::i32(11)});
    if (r.trap) nested = r.trap->kind;
  });
  EXPECT_EQ(call1(*inst, "outer", {Value::i32(0)}).as_i32(), 11u + 0x7777);
  h->set_interrupt_handler(nullptr);
  ASSERT_TRUE(nested);
  EXPECT_EQ(*nested, TrapKind::Jump);
  EXPECT_EQ(point_in_handler, 0u);  // the handler is not a host call made by wasm
}

TEST(Jump, LongjmpOutOfAnInterruptHandlerInATightLoop) {
  // The interrupt arrives in a loop with no calls: handled at the loop's
  // back-edge, where the jump leaves the loop.
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  auto inst = instantiate(module(R"(
    (func (export "handler") (param $v i32) (call $longjmp (i32.const 0) (local.get $v)))
    (func (export "run") (result i32) (local $r i32) (local $spins i64)
      (local.set $r (call $setjmp (i32.const 0)))
      (if (i32.eqz (local.get $r))
        (then (loop $l (local.set $spins (i64.add (local.get $spins) (i64.const 1))) (br $l))))
      (local.get $r)))"),
                          &linker);
  std::shared_ptr<ThreadHandle> handle;
  std::atomic<bool> ready{false};
  std::optional<CallResult> result;
  std::thread worker([&] {
    handle = ThreadHandle::current();
    handle->set_interrupt_handler([&](HostContext& ctx) {
      if (!jumper.tokens[0]) return;  // not yet past setjmp
      CallResult r = ctx.caller()->call("handler", std::vector<Value>{Value::i32(13)});
      EXPECT_TRUE(r.trap && r.trap->kind == TrapKind::Jump);
    });
    ready = true;
    result = inst->call("run", {});
  });
  while (!ready) std::this_thread::yield();
  std::this_thread::sleep_for(20ms);
  handle->interrupt();
  worker.join();
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->ok()) << result->trap->to_string();
  EXPECT_EQ(result->results[0].as_i32(), 13u);
}

TEST(Jump, NoJumpPointForAHostFunctionReturningAReference) {
  Linker linker(engine());
  uint64_t point = 1;
  linker.define_func("env", "f", FuncSig{{}, {ValType::FuncRef}},
                     [&](HostContext& ctx, const uint64_t*, uint64_t* results) {
                       point = ctx.set_jump_point();
                       results[0] = 0;
                     });
  auto inst = instantiate(R"((module (import "env" "f" (func $f (result funcref)))
      (func (export "run") (result i32) (ref.is_null (call $f)))))",
                          &linker);
  EXPECT_EQ(call1(*inst, "run").as_i32(), 1u);
  EXPECT_EQ(point, 0u);
}

// ---- fork: the jump points travel with the continuation ----

TEST(Jump, AForkedChildLongjmpsToASetjmpMadeBeforeTheFork) {
  Linker linker(engine());
  Jumper jumper;
  jumper.define(linker);
  std::unique_ptr<Continuation> cont;
  std::shared_ptr<Instance> child;
  linker.define_func("env", "fork", FuncSig{{}, {ValType::I64}},
                     [&](HostContext& ctx, const uint64_t*, uint64_t* results) {
                       cont = ctx.capture();
                       if (cont) child = linker.clone_instance(*ctx.caller());
                       results[0] = cont ? 1 : uint64_t(-1);
                     });
  auto parent = instantiate(module(R"(
    (import "env" "fork" (func $fork (result i64)))
    (func $returned (drop (call $setjmp (i32.const 1))))
    (func $deep (param $n i32) (result i32)
      (if (result i32) (i32.eqz (local.get $n))
        (then
          (if (i64.eqz (call $fork))
            (then (if (i32.load (i32.const 0)) (then (call $longjmp (i32.const 1) (i32.const 1))))
                  (call $longjmp (i32.const 0) (i32.const 7))))
          (i32.const 1))
        (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
    (memory (export "mem") 1)
    (func (export "run") (param $stale i32) (result i32) (local $r i32)
      (i32.store (i32.const 0) (local.get $stale))
      (call $returned)
      (local.set $r (call $setjmp (i32.const 0)))
      (if (result i32) (local.get $r)
        (then (i32.add (local.get $r) (i32.const 1000)))
        (else (call $deep (i32.const 20))))))"),
                            &linker);
  EXPECT_EQ(call1(*parent, "run", {Value::i32(0)}).as_i32(), 21u);
  ASSERT_TRUE(cont);
  CallResult c;
  std::thread([&] { c = cont->resume(*child, 0); }).join();
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  EXPECT_EQ(c.results[0].as_i32(), 1007u);

  // A jump point whose function returned before the fork is stale in the
  // child too.
  EXPECT_EQ(call1(*parent, "run", {Value::i32(1)}).as_i32(), 21u);
  std::thread([&] { c = cont->resume(*child, 0); }).join();
  ASSERT_TRUE(c.trap);
  EXPECT_EQ(c.trap->message, kNotActive);
}

}  // namespace
}  // namespace lind::rt::test
