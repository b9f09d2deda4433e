// The embedding API: calls, host functions, memory, globals, linking.
#include "test_util.h"

namespace lind::rt::test {
namespace {

TEST(RuntimeApi, CallsAnExportWithArguments) {
  auto inst = instantiate(R"((module (func (export "add") (param i32 i64) (result i64)
      (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))))");
  Value v = call1(*inst, "add", {Value::i32(uint32_t(-5)), Value::i64(7)});
  EXPECT_EQ(v.type, ValType::I64);
  EXPECT_EQ(v.as_i64(), 2u);
}

TEST(RuntimeApi, RejectsWrongArgumentTypes) {
  auto inst = instantiate(R"((module (func (export "f") (param i32))))");
  CallResult r = inst->call("f", std::vector<Value>{Value::i64(1)});
  ASSERT_TRUE(r.trap);
  EXPECT_NE(r.trap->message.find("argument 0"), std::string::npos);
  r = inst->call("missing", {});
  ASSERT_TRUE(r.trap);
  EXPECT_NE(r.trap->message.find("missing"), std::string::npos);
}

TEST(RuntimeApi, HostFunctionReceivesArgumentsAndReturnsResults) {
  Linker linker(engine());
  std::vector<uint64_t> seen;
  linker.define_func("env", "mul3", FuncSig{{ValType::I32, ValType::I32, ValType::I32}, {ValType::I32}},
                     [&](HostContext&, const uint64_t* args, uint64_t* results) {
                       seen.assign(args, args + 3);
                       results[0] = uint32_t(args[0]) * uint32_t(args[1]) * uint32_t(args[2]);
                     });
  auto inst = instantiate(R"((module
      (import "env" "mul3" (func $m (param i32 i32 i32) (result i32)))
      (func (export "f") (result i32) (i32.add (call $m (i32.const 2) (i32.const 3) (i32.const 4)) (i32.const 1)))))",
                          &linker);
  EXPECT_EQ(call1(*inst, "f").as_i32(), 25u);
  EXPECT_EQ(seen, (std::vector<uint64_t>{2, 3, 4}));
}

TEST(RuntimeApi, HostFunctionCanReadAndWriteCallerMemory) {
  Linker linker(engine());
  linker.define_func("env", "upcase", FuncSig{{ValType::I32, ValType::I32}, {}},
                     [](HostContext& ctx, const uint64_t* args, uint64_t*) {
                       MemoryInst* mem = ctx.memory();
                       ASSERT_NE(mem, nullptr);
                       std::string s(args[1], '\0');
                       ASSERT_TRUE(mem->read(args[0], s.data(), s.size()));
                       for (char& c : s) c = static_cast<char>(toupper(c));
                       ASSERT_TRUE(mem->write(args[0], s.data(), s.size()));
                       EXPECT_FALSE(mem->write(mem->size_bytes() - 1, "ab", 2));  // bounds-checked
                     });
  auto inst = instantiate(R"((module (import "env" "upcase" (func $u (param i32 i32)))
      (memory (export "mem") 1) (data (i32.const 16) "hello")
      (func (export "f") (call $u (i32.const 16) (i32.const 5)))))",
                          &linker);
  ASSERT_TRUE(inst->call("f", {}).ok());
  char buf[6] = {};
  ASSERT_TRUE(inst->memory()->read(16, buf, 5));
  EXPECT_STREQ(buf, "HELLO");
}

TEST(RuntimeApi, HostFunctionCanCallBackIntoWasm) {
  Linker linker(engine());
  std::shared_ptr<Instance> inst;
  linker.define_func("env", "twice", FuncSig{{ValType::I32}, {ValType::I32}},
                     [&](HostContext&, const uint64_t* args, uint64_t* results) {
                       Value a = Value::i32(uint32_t(args[0]));
                       CallResult r = inst->call("sq", std::vector<Value>{a});
                       ASSERT_TRUE(r.ok());
                       results[0] = r.results[0].as_i32() * 2;
                     });
  inst = instantiate(R"((module (import "env" "twice" (func $t (param i32) (result i32)))
      (func (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
      (func (export "f") (param i32) (result i32)
        (i32.add (local.get 0) (call $t (i32.add (local.get 0) (i32.const 1)))))))",
                     &linker);
  // f(3) = 3 + 2 * 4^2
  EXPECT_EQ(call1(*inst, "f", {Value::i32(3)}).as_i32(), 35u);
}

TEST(RuntimeApi, HostTrapAndExitStopTheCall) {
  Linker linker(engine());
  linker.define_func("env", "fail", FuncSig{{}, {}}, [](HostContext& c, const uint64_t*, uint64_t*) { c.trap("no way"); });
  linker.define_func("env", "quit", FuncSig{{ValType::I32}, {}},
                     [](HostContext& c, const uint64_t* a, uint64_t*) { c.exit(int(a[0])); });
  linker.define_func("env", "throws", FuncSig{{}, {}},
                     [](HostContext&, const uint64_t*, uint64_t*) { throw std::runtime_error("boom"); });
  auto inst = instantiate(R"((module
      (import "env" "fail" (func $fail)) (import "env" "quit" (func $quit (param i32)))
      (import "env" "throws" (func $throws))
      (global $g (mut i32) (i32.const 0))
      (func (export "a") (call $fail) (global.set $g (i32.const 1)))
      (func (export "b") (call $quit (i32.const 7)) (global.set $g (i32.const 1)))
      (func (export "c") (call $throws))
      (func (export "g") (result i32) (global.get $g))))",
                          &linker);
  Trap t = call_trap(*inst, "a");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_EQ(t.message, "no way");
  t = call_trap(*inst, "b");
  EXPECT_EQ(t.kind, TrapKind::Exit);
  EXPECT_EQ(t.exit_code, 7);
  t = call_trap(*inst, "c");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_NE(t.message.find("boom"), std::string::npos);
  EXPECT_EQ(call1(*inst, "g").as_i32(), 0u);  // nothing after the host call ran
}

TEST(RuntimeApi, MemoryGrowsWithinItsMaximum) {
  auto inst = instantiate(R"((module (memory (export "m") 1 3)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))");
  EXPECT_EQ(call1(*inst, "grow", {Value::i32(1)}).as_i32(), 1u);
  EXPECT_EQ(call1(*inst, "grow", {Value::i32(2)}).as_i32(), uint32_t(-1));
  EXPECT_EQ(call1(*inst, "size").as_i32(), 2u);
  ASSERT_TRUE(inst->call("store", std::vector<Value>{Value::i32(2 * 65536 - 4), Value::i32(0xabcdef)}).ok());
  uint32_t v = 0;
  ASSERT_TRUE(inst->memory()->read(2 * 65536 - 4, &v, 4));
  EXPECT_EQ(v, 0xabcdefu);
  EXPECT_EQ(call_trap(*inst, "store", {Value::i32(2 * 65536 - 3), Value::i32(1)}).kind, TrapKind::MemoryOutOfBounds);
}

TEST(RuntimeApi, GlobalsAreSharedThroughImports) {
  Linker linker(engine());
  auto g = GlobalInst::create(Value::i64(40), /*mut=*/true);
  linker.define("env", "g", Extern{.global = g});
  auto inst = instantiate(R"((module (import "env" "g" (global $g (mut i64)))
      (func (export "bump") (global.set $g (i64.add (global.get $g) (i64.const 2))))))",
                          &linker);
  ASSERT_TRUE(inst->call("bump", {}).ok());
  EXPECT_EQ(g->get().as_i64(), 42u);
}

TEST(RuntimeApi, InstancesLinkToEachOther) {
  Linker linker(engine());
  auto a = instantiate(R"((module (func (export "seven") (result i32) (i32.const 7))
      (memory (export "mem") 1) (table (export "tab") 2 funcref)))",
                       &linker);
  linker.define_instance("a", *a);
  auto b = instantiate(R"((module (import "a" "seven" (func $s (result i32)))
      (import "a" "mem" (memory 1)) (import "a" "tab" (table 2 funcref))
      (elem (i32.const 1) $s)
      (type $t (func (result i32)))
      (func (export "f") (result i32)
        (i32.store (i32.const 8) (i32.const 99))
        (i32.add (call $s) (call_indirect (type $t) (i32.const 1))))))",
                       &linker);
  EXPECT_EQ(call1(*b, "f").as_i32(), 14u);
  uint32_t v = 0;
  ASSERT_TRUE(a->memory()->read(8, &v, 4));
  EXPECT_EQ(v, 99u);
}

}  // namespace
}  // namespace lind::rt::test
