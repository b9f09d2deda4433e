// The threads proposal's atomic instructions: loads, stores, read-modify-
// write and compare-exchange at every width, fences, wait/notify, and their
// traps (misaligned, out of bounds, wait on an unshared memory).
#include <atomic>
#include <chrono>
#include <thread>

#include "test_util.h"

namespace lind::rt::test {
namespace {

using namespace std::chrono_literals;

// One export per operation, named like the instruction, all on address
// operand `a` of a shared memory; "set"/"get" are plain i64 accesses at 0.
std::string atomics_wat(const char* memory) {
  std::string w = std::string("(module (memory ") + memory + ")\n" + R"(
  (func (export "set") (param i64) (i64.store (i32.const 0) (local.get 0)))
  (func (export "get") (result i64) (i64.load (i32.const 0)))
  (func (export "fence") (atomic.fence))
)";
  const char* loads[] = {"i32.atomic.load", "i64.atomic.load", "i32.atomic.load8_u", "i32.atomic.load16_u",
                         "i64.atomic.load8_u", "i64.atomic.load16_u", "i64.atomic.load32_u"};
  for (const char* op : loads) {
    const char* rt = op[1] == '3' ? "i32" : "i64";
    w += std::string("(func (export \"") + op + "\") (param i32) (result " + rt + ") (" + op +
         " (local.get 0)))\n";
  }
  const char* stores[] = {"i32.atomic.store", "i64.atomic.store", "i32.atomic.store8", "i32.atomic.store16",
                          "i64.atomic.store8", "i64.atomic.store16", "i64.atomic.store32"};
  for (const char* op : stores) {
    const char* vt = op[1] == '3' ? "i32" : "i64";
    w += std::string("(func (export \"") + op + "\") (param i32 " + vt + ") (" + op +
         " (local.get 0) (local.get 1)))\n";
  }
  const char* widths[] = {"i32.atomic.rmw.", "i64.atomic.rmw.", "i32.atomic.rmw8.", "i32.atomic.rmw16.",
                          "i64.atomic.rmw8.", "i64.atomic.rmw16.", "i64.atomic.rmw32."};
  const char* rmws[] = {"add", "sub", "and", "or", "xor", "xchg"};
  for (const char* width : widths) {
    bool narrow = std::string(width).find("rmw.") == std::string::npos;
    const char* t = width[1] == '3' ? "i32" : "i64";
    for (const char* rmw : rmws) {
      std::string op = std::string(width) + rmw + (narrow ? "_u" : "");
      w += "(func (export \"" + op + "\") (param i32 " + t + ") (result " + t + ") (" + op +
           " (local.get 0) (local.get 1)))\n";
    }
    std::string op = std::string(width) + "cmpxchg" + (narrow ? "_u" : "");
    w += "(func (export \"" + op + "\") (param i32 " + t + " " + t + ") (result " + t + ") (" + op +
         " (local.get 0) (local.get 1) (local.get 2)))\n";
  }
  w += R"(
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "add_loop") (param i32 i32)  ;; atomically add 1 at address p0, p1 times
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get 1)))
      (drop (i32.atomic.rmw.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $l))))
  (func (export "offset_load") (param i32) (result i32) (i32.atomic.load offset=4 (local.get 0)))
  (func (export "cas_retarget") (param i32 i32) (result i32) (local i32)
    ;; the result goes straight into a local (the translator retargets it)
    (local.set 2 (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (i32.const 7)))
    (local.get 2))
)
)";
  return w;
}

uint64_t call_u64(Instance& inst, const std::string& name, std::vector<Value> args) {
  return call1(inst, name, std::move(args)).bits;
}

class Atomics : public ::testing::Test {
 protected:
  std::shared_ptr<Instance> inst = instantiate(atomics_wat("1 1 shared"));
  void set(uint64_t v) { inst->call("set", std::vector<Value>{Value::i64(v)}); }
  uint64_t get() { return call_u64(*inst, "get", {}); }
  Value a(uint32_t addr) { return Value::i32(addr); }
};

TEST_F(Atomics, Loads) {
  set(0x8877665544332211);
  EXPECT_EQ(call_u64(*inst, "i32.atomic.load", {a(4)}), 0x88776655u);
  EXPECT_EQ(call_u64(*inst, "i64.atomic.load", {a(0)}), 0x8877665544332211u);
  EXPECT_EQ(call_u64(*inst, "i32.atomic.load8_u", {a(7)}), 0x88u);  // zero-extended
  EXPECT_EQ(call_u64(*inst, "i32.atomic.load16_u", {a(6)}), 0x8877u);
  EXPECT_EQ(call_u64(*inst, "i64.atomic.load8_u", {a(3)}), 0x44u);
  EXPECT_EQ(call_u64(*inst, "i64.atomic.load16_u", {a(2)}), 0x4433u);
  EXPECT_EQ(call_u64(*inst, "i64.atomic.load32_u", {a(4)}), 0x88776655u);
  EXPECT_EQ(call_u64(*inst, "offset_load", {a(0)}), 0x88776655u);
}

TEST_F(Atomics, StoresWrapToTheirWidth) {
  set(0);
  inst->call("i64.atomic.store", std::vector<Value>{a(0), Value::i64(0x0102030405060708)});
  EXPECT_EQ(get(), 0x0102030405060708u);
  inst->call("i32.atomic.store", std::vector<Value>{a(0), Value::i32(0xaabbccdd)});
  EXPECT_EQ(get(), 0x01020304aabbccddu);
  inst->call("i32.atomic.store8", std::vector<Value>{a(1), Value::i32(0x1234)});
  EXPECT_EQ(get(), 0x01020304aabb34ddu);
  inst->call("i32.atomic.store16", std::vector<Value>{a(6), Value::i32(0xfff0eeee)});
  EXPECT_EQ(get(), 0xeeee0304aabb34ddu);
  inst->call("i64.atomic.store8", std::vector<Value>{a(4), Value::i64(0x99)});
  EXPECT_EQ(get(), 0xeeee0399aabb34ddu);
  inst->call("i64.atomic.store16", std::vector<Value>{a(2), Value::i64(0x123456789)});
  EXPECT_EQ(get(), 0xeeee0399678934ddu);
  inst->call("i64.atomic.store32", std::vector<Value>{a(4), Value::i64(0xffffffff00000001)});
  EXPECT_EQ(get(), 0x00000001678934ddu);
}

struct RmwCase {
  const char* op;
  uint64_t operand, result, after;  // memory starts as kInit
};
constexpr uint64_t kInit = 0x8070605040302010;

TEST_F(Atomics, ReadModifyWriteReturnsTheOldValueAtEveryWidth) {
  const RmwCase cases[] = {
      {"i32.atomic.rmw.add", 0x0f0f0f0f, 0x40302010, 0x807060504f3f2f1f},
      {"i64.atomic.rmw.add", 0x8000000000000001, kInit, 0x0070605040302011},
      {"i32.atomic.rmw8.add_u", 0x1f0, 0x10, 0x8070605040302000},  // 8-bit wrap
      {"i32.atomic.rmw16.add_u", 0xe000, 0x2010, 0x8070605040300010},
      {"i64.atomic.rmw8.add_u", 0xffffffffffffff01, 0x10, 0x8070605040302011},
      {"i64.atomic.rmw16.add_u", 0x10000, 0x2010, kInit},
      {"i64.atomic.rmw32.add_u", 0xc0000000, 0x40302010, 0x8070605000302010},
      {"i32.atomic.rmw.sub", 0x40302011, 0x40302010, 0x80706050ffffffff},
      {"i64.atomic.rmw.sub", 1, kInit, 0x807060504030200f},
      {"i32.atomic.rmw8.sub_u", 0x11, 0x10, 0x80706050403020ff},
      {"i32.atomic.rmw16.sub_u", 0x10, 0x2010, 0x8070605040302000},
      {"i64.atomic.rmw8.sub_u", 0x20, 0x10, 0x80706050403020f0},
      {"i64.atomic.rmw16.sub_u", 0x2011, 0x2010, 0x807060504030ffff},
      {"i64.atomic.rmw32.sub_u", 0x40302010, 0x40302010, 0x8070605000000000},
      {"i32.atomic.rmw.and", 0xff00ff00, 0x40302010, 0x8070605040002000},
      {"i64.atomic.rmw.and", 0xf0f0f0f0f0f0f0f0, kInit, kInit},
      {"i32.atomic.rmw8.and_u", 0x0f, 0x10, 0x8070605040302000},
      {"i32.atomic.rmw16.and_u", 0x00ff, 0x2010, 0x8070605040300010},
      {"i64.atomic.rmw8.and_u", 0, 0x10, 0x8070605040302000},
      {"i64.atomic.rmw16.and_u", 0xff00, 0x2010, 0x8070605040302000},
      {"i64.atomic.rmw32.and_u", 0xffff0000, 0x40302010, 0x8070605040300000},
      {"i32.atomic.rmw.or", 0x01010101, 0x40302010, 0x8070605041312111},
      {"i64.atomic.rmw.or", 0x0f00000000000000, kInit, 0x8f70605040302010},
      {"i32.atomic.rmw8.or_u", 0x101, 0x10, 0x8070605040302011},
      {"i32.atomic.rmw16.or_u", 0x0f0f, 0x2010, 0x8070605040302f1f},
      {"i64.atomic.rmw8.or_u", 0x80, 0x10, 0x8070605040302090},
      {"i64.atomic.rmw16.or_u", 0x0001, 0x2010, 0x8070605040302011},
      {"i64.atomic.rmw32.or_u", 0x0f000000, 0x40302010, 0x807060504f302010},
      {"i32.atomic.rmw.xor", 0xffffffff, 0x40302010, 0x80706050bfcfdfef},
      {"i64.atomic.rmw.xor", kInit, kInit, 0},
      {"i32.atomic.rmw8.xor_u", 0x11, 0x10, 0x8070605040302001},
      {"i32.atomic.rmw16.xor_u", 0x2010, 0x2010, 0x8070605040300000},
      {"i64.atomic.rmw8.xor_u", 0xff, 0x10, 0x80706050403020ef},
      {"i64.atomic.rmw16.xor_u", 0xffff, 0x2010, 0x807060504030dfef},
      {"i64.atomic.rmw32.xor_u", 0x01, 0x40302010, 0x8070605040302011},
      {"i32.atomic.rmw.xchg", 0xdeadbeef, 0x40302010, 0x80706050deadbeef},
      {"i64.atomic.rmw.xchg", 42, kInit, 42},
      {"i32.atomic.rmw8.xchg_u", 0xabcd, 0x10, 0x80706050403020cd},
      {"i32.atomic.rmw16.xchg_u", 0x12345678, 0x2010, 0x8070605040305678},
      {"i64.atomic.rmw8.xchg_u", 0x77, 0x10, 0x8070605040302077},
      {"i64.atomic.rmw16.xchg_u", 0xbeef, 0x2010, 0x807060504030beef},
      {"i64.atomic.rmw32.xchg_u", 0x1122334455667788, 0x40302010, 0x8070605055667788},
  };
  for (const RmwCase& c : cases) {
    SCOPED_TRACE(c.op);
    set(kInit);
    Value v = c.op[1] == '3' ? Value::i32(static_cast<uint32_t>(c.operand)) : Value::i64(c.operand);
    EXPECT_EQ(call_u64(*inst, c.op, {a(0), v}), c.result);
    EXPECT_EQ(get(), c.after);
  }
}

TEST_F(Atomics, CompareExchangeComparesTheWrappedExpectedValue) {
  struct Case {
    const char* op;
    uint64_t expected, replacement, result, after;
  };
  const Case cases[] = {
      {"i32.atomic.rmw.cmpxchg", 0x40302010, 0xabcdef01, 0x40302010, 0x80706050abcdef01},
      {"i32.atomic.rmw.cmpxchg", 0x40302011, 0xabcdef01, 0x40302010, kInit},
      {"i64.atomic.rmw.cmpxchg", kInit, 5, kInit, 5},
      {"i64.atomic.rmw.cmpxchg", kInit + 1, 5, kInit, kInit},
      {"i32.atomic.rmw8.cmpxchg_u", 0xffffff10, 0x1ab, 0x10, 0x80706050403020ab},
      {"i32.atomic.rmw8.cmpxchg_u", 0x11, 0xab, 0x10, kInit},
      {"i32.atomic.rmw16.cmpxchg_u", 0x12010, 0x5555, 0x2010, 0x8070605040305555},
      {"i64.atomic.rmw8.cmpxchg_u", 0x1010, 0xcc, 0x10, 0x80706050403020cc},
      {"i64.atomic.rmw16.cmpxchg_u", 0x2010, 0xfffff00d, 0x2010, 0x807060504030f00d},
      {"i64.atomic.rmw16.cmpxchg_u", 0x2011, 0xf00d, 0x2010, kInit},
      {"i64.atomic.rmw32.cmpxchg_u", 0xff40302010, 0x99, 0x40302010, 0x8070605000000099},
      {"i64.atomic.rmw32.cmpxchg_u", 0, 0x99, 0x40302010, kInit},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.op);
    set(kInit);
    bool is32 = c.op[1] == '3';
    auto val = [&](uint64_t x) { return is32 ? Value::i32(static_cast<uint32_t>(x)) : Value::i64(x); };
    EXPECT_EQ(call_u64(*inst, c.op, {a(0), val(c.expected), val(c.replacement)}), c.result);
    EXPECT_EQ(get(), c.after);
  }
  set(3);
  EXPECT_EQ(call_u64(*inst, "cas_retarget", {a(0), Value::i32(3)}), 3u);
  EXPECT_EQ(get(), 7u);
}

TEST_F(Atomics, FenceRuns) { EXPECT_TRUE(inst->call("fence", {}).ok()); }

TEST_F(Atomics, MisalignedAccessesTrap) {
  const char* ops[] = {"i32.atomic.load", "i64.atomic.load", "i32.atomic.load16_u", "i64.atomic.load32_u",
                       "i64.atomic.load16_u"};
  for (const char* op : ops) {
    Trap t = call_trap(*inst, op, {a(2 + 1)});
    EXPECT_EQ(t.kind, TrapKind::UnalignedAtomic) << op;
    EXPECT_EQ(t.message, "unaligned atomic") << op;
  }
  EXPECT_EQ(call_trap(*inst, "i64.atomic.store", {a(4), Value::i64(0)}).message, "unaligned atomic");
  EXPECT_EQ(call_trap(*inst, "i32.atomic.rmw16.add_u", {a(1), Value::i32(0)}).message, "unaligned atomic");
  EXPECT_EQ(call_trap(*inst, "i64.atomic.rmw32.cmpxchg_u", {a(2), Value::i64(0), Value::i64(0)}).message,
            "unaligned atomic");
  EXPECT_EQ(call_trap(*inst, "wait32", {a(2), Value::i32(0), Value::i64(0)}).message, "unaligned atomic");
  EXPECT_EQ(call_trap(*inst, "notify", {a(1), Value::i32(1)}).message, "unaligned atomic");
  // Byte accesses are always aligned.
  EXPECT_TRUE(inst->call("i32.atomic.load8_u", std::vector<Value>{a(3)}).ok());
  // Nothing was written by a trapped store.
  set(0);
  call_trap(*inst, "i32.atomic.store", {a(2), Value::i32(-1)});
  EXPECT_EQ(get(), 0u);
}

TEST_F(Atomics, OutOfBoundsTraps) {
  const uint32_t end = 65536;
  EXPECT_EQ(call_trap(*inst, "i32.atomic.load", {a(end)}).kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call_trap(*inst, "i64.atomic.rmw.add", {a(end - 4 + 4), Value::i64(1)}).kind,
            TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call_trap(*inst, "i32.atomic.rmw.cmpxchg", {a(0xfffffffc), Value::i32(0), Value::i32(1)}).kind,
            TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call_trap(*inst, "wait64", {a(end), Value::i64(0), Value::i64(0)}).kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call_trap(*inst, "notify", {a(end), Value::i32(1)}).kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(call_u64(*inst, "i32.atomic.load", {a(end - 4)}), 0u);
}

TEST(AtomicsUnshared, AccessesWorkWaitTrapsNotifyWakesNobody) {
  auto inst = instantiate(atomics_wat("1"));
  EXPECT_EQ(call1(*inst, "i32.atomic.rmw.add", {Value::i32(8), Value::i32(5)}).as_i32(), 0u);
  EXPECT_EQ(call1(*inst, "i32.atomic.load", {Value::i32(8)}).as_i32(), 5u);
  Trap t = call_trap(*inst, "wait32", {Value::i32(8), Value::i32(5), Value::i64(-1)});
  EXPECT_EQ(t.kind, TrapKind::ExpectedSharedMemory);
  EXPECT_EQ(t.message, "expected shared memory");
  EXPECT_EQ(call_trap(*inst, "wait64", {Value::i32(8), Value::i64(0), Value::i64(0)}).kind,
            TrapKind::ExpectedSharedMemory);
  EXPECT_EQ(call1(*inst, "notify", {Value::i32(8), Value::i32(10)}).as_i32(), 0u);
}

TEST_F(Atomics, WaitReturnsNotEqualOrTimesOut) {
  set(0x100000005);
  EXPECT_EQ(call1(*inst, "wait32", {a(0), Value::i32(4), Value::i64(-1)}).as_i32(), 1u);
  EXPECT_EQ(call1(*inst, "wait64", {a(0), Value::i64(5), Value::i64(-1)}).as_i32(), 1u);
  EXPECT_EQ(call1(*inst, "wait32", {a(0), Value::i32(5), Value::i64(0)}).as_i32(), 2u);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(call1(*inst, "wait64", {a(0), Value::i64(0x100000005), Value::i64(30'000'000)}).as_i32(), 2u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(call1(*inst, "notify", {a(0), Value::i32(1)}).as_i32(), 0u);  // nobody waits
}

TEST_F(Atomics, NotifyWakesWaitersOnTheSameAddressOnly) {
  set(0);
  std::atomic<int> woken{0};
  auto waiter = [&](uint32_t addr) {
    Value r = call1(*inst, "wait32", {a(addr), Value::i32(0), Value::i64(5'000'000'000)});
    EXPECT_EQ(r.as_i32(), 0u);
    ++woken;
  };
  std::thread w1(waiter, 16), w2(waiter, 16), w3(waiter, 32);
  // Notify until all three are parked and woken (a notify before a waiter
  // parks wakes nobody).
  uint32_t at16 = 0;
  auto deadline = std::chrono::steady_clock::now() + 4s;
  while (at16 < 2 && std::chrono::steady_clock::now() < deadline) {
    at16 += call1(*inst, "notify", {a(16), Value::i32(1)}).as_i32();
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(at16, 2u);
  while (woken < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(woken.load(), 2);  // the waiter at 32 is still parked
  uint32_t at32 = 0;
  while (at32 < 1 && std::chrono::steady_clock::now() < deadline) {
    at32 += call1(*inst, "notify", {a(32), Value::i32(-1)}).as_i32();
    std::this_thread::sleep_for(1ms);
  }
  w1.join();
  w2.join();
  w3.join();
  EXPECT_EQ(at32, 1u);
  EXPECT_EQ(woken.load(), 3);
}

TEST_F(Atomics, AWaitIsInterruptible) {
  set(0);
  std::shared_ptr<ThreadHandle> handle;
  std::atomic<bool> ready{false};
  std::atomic<int> handled{0};
  std::optional<Trap> trap;
  std::thread worker([&] {
    handle = ThreadHandle::current();
    handle->set_interrupt_handler([&](HostContext& ctx) {
      if (++handled == 2) ctx.exit(9);  // the first interrupt lets the wait go on
    });
    ready = true;
    trap = inst->call("wait32", std::vector<Value>{a(0), Value::i32(0), Value::i64(-1)}).trap;
  });
  while (!ready) std::this_thread::yield();
  std::this_thread::sleep_for(30ms);
  handle->interrupt();
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(handled.load(), 1);
  handle->interrupt();
  worker.join();
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Exit);
  EXPECT_EQ(trap->exit_code, 9);
}

TEST_F(Atomics, ConcurrentAddsAreExact) {
  set(0);
  constexpr int kThreads = 4, kAdds = 100000;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] { EXPECT_TRUE(inst->call("add_loop", std::vector<Value>{a(8), Value::i32(kAdds)}).ok()); });
  for (auto& th : threads) th.join();
  EXPECT_EQ(call_u64(*inst, "i32.atomic.load", {a(8)}), uint64_t{kThreads * kAdds});
}

TEST(AtomicsLinking, SharedMemoryImportsMustMatch) {
  Linker linker(engine());
  auto exporter = instantiate(R"((module (memory (export "m") 1 2 shared)))", &linker);
  linker.define_instance("env", *exporter);
  EXPECT_NO_THROW(linker.instantiate(Module::from_text(engine(), R"((module (import "env" "m" (memory 1 2 shared))))", "ok")));
  try {
    linker.instantiate(Module::from_text(engine(), R"((module (import "env" "m" (memory 1 2))))", "bad"));
    FAIL() << "an unshared import of a shared memory linked";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Unlinkable);
    EXPECT_NE(std::string(e.what()).find("unshared"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lind::rt::test
