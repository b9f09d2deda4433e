// Helpers shared by the runtime unit tests.
#pragma once

#include <gtest/gtest.h>

#include "lind/runtime.h"

namespace lind::rt::test {

inline Engine& engine() {
  static Engine e;
  return e;
}

// Instantiates WAT text with `linker` (a fresh one by default).
inline std::shared_ptr<Instance> instantiate(const std::string& wat, Linker* linker = nullptr) {
  Linker local(engine());
  Linker& l = linker ? *linker : local;
  auto module = Module::from_text(engine(), wat, "test.wat");
  auto r = l.instantiate(module);
  EXPECT_FALSE(r.trap) << r.trap->to_string();
  return r.instance;
}

inline Value call1(Instance& inst, const std::string& name, std::vector<Value> args = {}) {
  CallResult r = inst.call(name, args);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.trap ? r.trap->to_string() : "");
  EXPECT_EQ(r.results.size(), 1u);
  return r.results.empty() ? Value{} : r.results[0];
}

inline Trap call_trap(Instance& inst, const std::string& name, std::vector<Value> args = {}) {
  CallResult r = inst.call(name, args);
  EXPECT_FALSE(r.ok()) << name << " returned normally";
  return r.trap.value_or(Trap{});
}

}  // namespace lind::rt::test
