// Capturing an execution inside a host function and resuming it in a clone
// of its instance on another thread: the runtime half of fork.
#include <thread>

#include "test_util.h"

namespace lind::rt::test {
namespace {

// A host "fork": captures its caller and clones the instance; the parent's
// call returns 1, the child (resumed later) sees 0.
struct Forker {
  std::unique_ptr<Continuation> cont;
  std::shared_ptr<Instance> child;
  Linker* linker = nullptr;
  bool captured = false;

  void define(Linker& l) {
    linker = &l;
    l.define_func("env", "fork", FuncSig{{}, {ValType::I64}},
                  [this](HostContext& ctx, const uint64_t*, uint64_t* results) {
                    cont = ctx.capture();
                    captured = cont != nullptr;
                    if (cont) child = linker->clone_instance(*ctx.caller());
                    results[0] = captured ? 1 : uint64_t(-1);
                  });
  }
  // Resumes the child on its own thread, as lind-boot does for a cage.
  CallResult run_child() {
    CallResult r;
    std::thread t([&] { r = cont->resume(*child, 0); });
    t.join();
    return r;
  }
};

const char* kForkModule = R"((module
  (import "env" "fork" (func $fork (result i64)))
  (memory (export "mem") 2)
  (global $g (export "g") (mut i32) (i32.const 5))
  (table 2 funcref)
  (type $t (func (result i32)))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  ;; Forks at the bottom of n nested calls; each level adds 1 on the way out.
  (func $deep (param $n i32) (result i32)
    (local $r i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then
        (local.set $r (i32.wrap_i64 (call $fork)))
        (i32.store (i32.const 0) (local.get $r))                     ;; parent 1, child 0
        (i32.store (i32.const 70000) (i32.add (local.get $r) (i32.const 40)))
        (global.set $g (i32.add (global.get $g) (local.get $r)))
        (i32.add (i32.mul (local.get $r) (i32.const 100))
                 (call_indirect (type $t) (i32.const 0))))             ;; + 7 either way
      (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  (func (export "run") (param i32) (result i32)
    (i32.store (i32.const 65536) (i32.const 1234))                     ;; before the fork
    (call $deep (local.get 0)))))";

TEST(Continuation, ForkDeepInTheCallStackResumesBothSides) {
  Linker linker(engine());
  Forker forker;
  forker.define(linker);
  auto parent = instantiate(kForkModule, &linker);
  ASSERT_EQ(call1(*parent, "run", {Value::i32(50)}).as_i32(), 100u + 7 + 50);
  ASSERT_TRUE(forker.captured);

  CallResult c = forker.run_child();
  ASSERT_TRUE(c.ok()) << c.trap->to_string();
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_EQ(c.results[0].as_i32(), 0u + 7 + 50);

  // Memories and globals are the child's own from the fork on.
  uint32_t p0 = 0, c0 = 9, p1 = 0, c1 = 0, before = 0;
  ASSERT_TRUE(parent->memory()->read(0, &p0, 4));
  ASSERT_TRUE(forker.child->memory()->read(0, &c0, 4));
  ASSERT_TRUE(parent->memory()->read(70000, &p1, 4));
  ASSERT_TRUE(forker.child->memory()->read(70000, &c1, 4));
  ASSERT_TRUE(forker.child->memory()->read(65536, &before, 4));
  EXPECT_EQ(p0, 1u);
  EXPECT_EQ(c0, 0u);
  EXPECT_EQ(p1, 41u);
  EXPECT_EQ(c1, 40u);
  EXPECT_EQ(before, 1234u);  // written before the fork: copied
  EXPECT_EQ(parent->get_export("g")->global->get().as_i32(), 6u);
  EXPECT_EQ(forker.child->get_export("g")->global->get().as_i32(), 5u);
}

TEST(Continuation, TheChildsTableNamesTheChildsFunctions) {
  Linker linker(engine());
  Forker forker;
  forker.define(linker);
  auto parent = instantiate(R"((module
    (import "env" "fork" (func $fork (result i64)))
    (memory 1)
    (table 1 funcref)
    (type $t (func))
    (func $mark (i32.store (i32.const 8) (i32.const 99)))
    (elem (i32.const 0) $mark)
    (func (export "run") (result i32)
      (drop (call $fork))
      (call_indirect (type $t) (i32.const 0))
      (i32.const 0))))",
                            &linker);
  ASSERT_TRUE(parent->call("run", {}).ok());
  uint32_t zero = 0;
  ASSERT_TRUE(parent->memory()->write(8, &zero, 4));  // forget the parent's mark
  ASSERT_TRUE(forker.run_child().ok());
  uint32_t p = 1, c = 0;
  ASSERT_TRUE(parent->memory()->read(8, &p, 4));
  ASSERT_TRUE(forker.child->memory()->read(8, &c, 4));
  EXPECT_EQ(p, 0u);   // the child's call_indirect wrote the child's memory
  EXPECT_EQ(c, 99u);
}

TEST(Continuation, AChildThatTrapsReportsItsBacktrace) {
  Linker linker(engine());
  Forker forker;
  forker.define(linker);
  auto parent = instantiate(R"((module
    (import "env" "fork" (func $fork (result i64)))
    (func $boom (param i64) (result i32)
      (if (i64.eqz (local.get 0)) (then (unreachable)))
      (i32.const 1))
    (func (export "run") (result i32) (call $boom (call $fork)))))",
                            &linker);
  EXPECT_EQ(call1(*parent, "run").as_i32(), 1u);
  CallResult c = forker.run_child();
  ASSERT_TRUE(c.trap);
  EXPECT_EQ(c.trap->kind, TrapKind::Unreachable);
  ASSERT_FALSE(c.trap->backtrace.empty());
  EXPECT_NE(c.trap->backtrace[0].find("boom"), std::string::npos);
}

TEST(Continuation, NotCapturedAcrossInstances) {
  Linker linker(engine());
  Forker forker;
  forker.define(linker);
  auto a = instantiate(R"((module (import "env" "fork" (func $fork (result i64)))
      (func (export "f") (result i64) (call $fork))))",
                       &linker);
  linker.define_instance("a", *a);
  auto b = instantiate(R"((module (import "a" "f" (func $f (result i64)))
      (func (export "run") (result i64) (call $f))))",
                       &linker);
  CallResult r = b->call("run", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.results[0].as_i64(), uint64_t(-1));
  EXPECT_FALSE(forker.captured);
}

}  // namespace
}  // namespace lind::rt::test
