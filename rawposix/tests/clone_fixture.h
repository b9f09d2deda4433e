// Process tests whose fork clones the parent's linear memory, as lind-boot's
// fork runner does (MemoryInst::clone: private pages copied, MAP_SHARED
// regions mapped), so parent and child have memories of their own.
#pragma once

#include <memory>
#include <vector>

#include "proc_fixture.h"

namespace lind::rawposix::test {

class CloneTest : public ProcTest {
 protected:
  void SetUp() override {
    ProcTest::SetUp();
    set_fork_runner(&cloning_runner);
    // Room for mmap to grow the memory (2 wasm pages, up to 64).
    memory_ = rt::MemoryInst::create(rt::Limits{2, 64});
    attach_memory(cage_, memory_.get());
  }
  void TearDown() override {
    ProcTest::TearDown();
    clones().clear();
  }
  static int64_t cloning_runner(CageId parent, CageId child) {
    auto m = find_cage(parent)->memory->clone();
    attach_memory(child, m.get());
    std::lock_guard lock(s_mu);
    clones().push_back(std::move(m));
    return 0;
  }
  static std::vector<std::shared_ptr<rt::MemoryInst>>& clones() {
    static std::vector<std::shared_ptr<rt::MemoryInst>> v;
    return v;
  }
  static rt::MemoryInst* memory_of(CageId cage) { return find_cage(cage)->memory; }
};

}  // namespace lind::rawposix::test
