// Process tests without wasm: a fork runner that starts nothing (the
// "child" is driven by the test, calling syscalls as that cage, and ended
// with cage_exited as lind-boot would), and helpers to call as any cage.
#pragma once

#include <mutex>
#include <vector>

#include "cage.h"
#include "cage_fixture.h"
#include "process_table.h"

namespace lind::rawposix::test {

class ProcTest : public CageTest {
 protected:
  void SetUp() override {
    CageTest::SetUp();
    s_memory = memory_.get();
    s_result = 0;
    s_calls.clear();
    set_fork_runner(&fake_runner);
  }
  void TearDown() override {
    set_fork_runner(nullptr);
    set_max_cages(256);
    std::vector<CageId> ids;
    {
      std::lock_guard lock(process_mutex());
      ids = cage_ids_locked();
    }
    for (CageId id : ids)
      if (id != cage_) destroy_cage(id);
    CageTest::TearDown();
    std::lock_guard lock(process_mutex());
    EXPECT_TRUE(cage_ids_locked().empty()) << "cages left behind";
  }

  // The runner: records the call; the child shares the fixture's memory (so
  // put() data is visible to it) and runs nothing.
  static int64_t fake_runner(CageId parent, CageId child) {
    std::lock_guard lock(s_mu);  // children fork on their own threads too
    s_calls.push_back({parent, child});
    if (s_result < 0) return s_result;
    attach_memory(child, s_memory);
    return 0;
  }

  int64_t call_as(CageId cage, uint32_t nr, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                  uint64_t a4 = 0, uint64_t a5 = 0, uint64_t a6 = 0) {
    threei::Args args{{a1, a2, a3, a4, a5, a6}, {cage, cage, cage, cage, cage, cage}};
    return threei::registry().dispatch(cage, nr, cage, args);
  }
  int64_t fork_as(CageId cage) { return call_as(cage, LIND_SYS_fork); }
  int64_t fork() { return fork_as(cage_); }
  int64_t wait_as(CageId cage, int64_t pid, uint64_t status = 0, int options = 0, uint64_t ru = 0) {
    return call_as(cage, LIND_SYS_wait4, static_cast<uint64_t>(pid), status, options, ru);
  }
  int64_t wait(int64_t pid, uint64_t status = 0, int options = 0, uint64_t ru = 0) {
    return wait_as(cage_, pid, status, options, ru);
  }
  // The cage's end as lind-boot reports it: exit(code).
  static void exit_cage(CageId cage, int code) { cage_exited(cage, (code & 0xff) << 8); }

  bool exists(CageId id) {
    std::lock_guard lock(process_mutex());
    return find_cage(id) != nullptr;
  }
  bool is_zombie(CageId id) {
    std::lock_guard lock(process_mutex());
    Cage* c = find_cage(id);
    return c && c->zombie;
  }

  static inline rt::MemoryInst* s_memory = nullptr;
  static inline int64_t s_result = 0;
  static inline std::mutex s_mu;
  static inline std::vector<std::pair<CageId, CageId>> s_calls;
};

}  // namespace lind::rawposix::test
