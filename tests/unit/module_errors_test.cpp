// Bad input: malformed, invalid and unlinkable modules give errors that say
// what and where, and never crash.
#include "test_util.h"

namespace lind::rt::test {
namespace {

std::vector<uint8_t> valid_binary() {
  // (module (memory 1) (func (export "f") (param i32) (result i32)
  //   (i32.add (local.get 0) (i32.const 1))))
  return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
          0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x05, 0x01,
          0x01, 0x66, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a,
          0x0b};
}

Error::Kind load_error(std::span<const uint8_t> bytes, std::string* message = nullptr) {
  try {
    Module::from_binary(engine(), bytes, "m.wasm");
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.kind();
  }
  ADD_FAILURE() << "module loaded";
  return Error::Kind::Io;
}

TEST(ModuleErrors, ValidBinaryLoadsAndRuns) {
  auto bytes = valid_binary();
  auto m = Module::from_binary(engine(), bytes, "m.wasm");
  Linker l(engine());
  auto r = l.instantiate(m);
  EXPECT_EQ(call1(*r.instance, "f", {Value::i32(41)}).as_i32(), 42u);
}

TEST(ModuleErrors, EveryTruncationIsMalformed) {
  auto bytes = valid_binary();
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    // Cut right after the header or the type section: still a valid module.
    if (n == 8 || n == 16) {
      EXPECT_NO_THROW(Module::from_binary(engine(), std::span<const uint8_t>(bytes.data(), n), "m.wasm"));
      continue;
    }
    std::string msg;
    Error::Kind k = load_error(std::span<const uint8_t>(bytes.data(), n), &msg);
    EXPECT_TRUE(k == Error::Kind::Malformed || k == Error::Kind::Invalid) << msg;
    EXPECT_EQ(msg.rfind("m.wasm: ", 0), 0u) << msg;
  }
}

TEST(ModuleErrors, EverySingleByteCorruptionFailsCleanlyOrLoads) {
  auto bytes = valid_binary();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t delta : {uint8_t(1), uint8_t(0x80), uint8_t(0xff)}) {
      auto copy = bytes;
      copy[i] = static_cast<uint8_t>(copy[i] + delta);
      try {
        auto m = Module::from_binary(engine(), copy, "m.wasm");
        Linker l(engine());
        auto r = l.instantiate(m);
        if (r.instance && !r.trap) (void)r.instance->call("f", std::vector<Value>{Value::i32(1)});
      } catch (const Error&) {
      }
    }
  }
}

TEST(ModuleErrors, InvalidBodyNamesTheFunction) {
  std::string msg;
  try {
    Module::from_text(engine(), R"((module (func $ok) (func $bad (result i32) (i64.const 1))))", "t.wat");
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Invalid);
    msg = e.what();
  }
  EXPECT_NE(msg.find("t.wat"), std::string::npos) << msg;
  EXPECT_NE(msg.find("type mismatch"), std::string::npos) << msg;
}

TEST(ModuleErrors, InvalidBinaryNamesTheFunctionAndOffset) {
  auto bytes = valid_binary();
  bytes[bytes.size() - 2] = 0x7c;  // i32.add -> i64.add: a type error
  std::string msg;
  EXPECT_EQ(load_error(bytes, &msg), Error::Kind::Invalid);
  EXPECT_NE(msg.find("function 0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset 0x"), std::string::npos) << msg;
}

TEST(ModuleErrors, UnknownAndIncompatibleImportsNameTheImport) {
  Linker l(engine());
  auto m = Module::from_text(engine(), R"((module (import "env" "f" (func (param i32)))))", "t.wat");
  try {
    l.instantiate(m);
    FAIL() << "linked";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Unlinkable);
    EXPECT_NE(std::string(e.what()).find("env.f: unknown import"), std::string::npos) << e.what();
  }
  l.define_func("env", "f", FuncSig{{ValType::I64}, {}}, [](HostContext&, const uint64_t*, uint64_t*) {});
  try {
    l.instantiate(m);
    FAIL() << "linked";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("incompatible import type"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(i32)"), std::string::npos) << e.what();
  }
}

TEST(ModuleErrors, SimdIsRejectedClearly) {
  try {
    Module::from_text(engine(), R"((module (func (result v128) (v128.const i32x4 0 0 0 0))))", "s.wat");
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("s.wat"), std::string::npos);
  }
}

}  // namespace
}  // namespace lind::rt::test
