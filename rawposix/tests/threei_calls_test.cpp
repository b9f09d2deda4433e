// The 3i calls and the authority rules (DESIGN.md "Authority"), at the
// syscall level: register_handler (1001), copy_data_between_cages (1002),
// copy_handler_table_to_cage (1003), has_authority, and what exit does to
// entries pointing at a dead grate.
#include "proc_fixture.h"

namespace lind::rawposix::test {
namespace {

using threei::Entry;

class ThreeiCallsTest : public ProcTest {
 protected:
  // A call with explicit slots, as the lind.syscall import passes them.
  int64_t raw(CageId self, uint32_t nr, CageId target, std::array<uint64_t, 6> v, std::array<uint64_t, 6> c) {
    threei::Args a{};
    for (int i = 0; i < 6; ++i) {
      a.a[i] = v[i];
      a.cage[i] = c[i];
    }
    return threei::registry().dispatch(self, nr, target, a);
  }
  int64_t reg(CageId self, CageId table, uint32_t nr, CageId grate, uint64_t fn = 7) {
    return raw(self, LIND_SYS_register_handler, table, {table, 0, fn, 0, 0, 0}, {nr, grate, 0, 0, 0, 0});
  }
  int64_t copy_table(CageId self, CageId from, CageId to) {
    return raw(self, LIND_SYS_copy_handler_table_to_cage, to, {from, 0, 0, 0, 0, 0}, {to, 0, 0, 0, 0, 0});
  }
  int64_t copy_data(CageId self, CageId from, uint64_t src, CageId to, uint64_t dst, uint64_t len, uint64_t type) {
    return raw(self, LIND_SYS_copy_data_between_cages, to, {src, dst, len, type, 0, 0}, {from, to, 0, 0, 0, 0});
  }
  Entry entry(CageId cage, uint32_t nr) { return threei::registry().get(cage, nr); }
};

TEST_F(ThreeiCallsTest, AGrateRegistersOnItsChildAndDeregisters) {
  CageId child = fork();
  ASSERT_EQ(reg(cage_, child, LIND_SYS_geteuid, cage_, 9), 0);
  EXPECT_EQ(entry(child, LIND_SYS_geteuid), threei::grate_entry(cage_, 9));
  EXPECT_EQ(entry(cage_, LIND_SYS_geteuid), threei::kDefault) << "only the child's table changed";
  ASSERT_EQ(reg(cage_, child, LIND_SYS_geteuid, cage_, 11), 0);
  EXPECT_EQ(entry(child, LIND_SYS_geteuid), threei::grate_entry(cage_, 11)) << "registering again overwrites";
  ASSERT_EQ(reg(cage_, child, LIND_SYS_geteuid, LIND_THREEI_DEREGISTER), 0);
  EXPECT_EQ(entry(child, LIND_SYS_geteuid), threei::kDefault);

  EXPECT_EQ(reg(cage_, child, LIND_SYS_TABLE_SIZE, cage_), -EINVAL);
  EXPECT_EQ(reg(cage_, child, LIND_SYS_geteuid, 999), -ESRCH) << "no such grate";
  EXPECT_EQ(reg(cage_, 999, LIND_SYS_geteuid, cage_), -ESRCH) << "no such table";
}

TEST_F(ThreeiCallsTest, NobodyTouchesATableOutsideItsLine) {
  CageId a = fork(), b = fork();
  EXPECT_EQ(reg(a, b, LIND_SYS_geteuid, a), -EPERM) << "a sibling's table";
  EXPECT_EQ(reg(a, cage_, LIND_SYS_geteuid, a), -EPERM) << "its parent's table";
  EXPECT_EQ(reg(cage_, a, LIND_SYS_geteuid, b), 0) << "pointing a child at another child is fine";
  CageId grandchild = fork_as(a);
  EXPECT_EQ(reg(cage_, grandchild, LIND_SYS_getuid, a), 0) << "descendants, not just children";
  EXPECT_EQ(reg(a, grandchild, LIND_SYS_getuid, cage_), -EPERM) << "pointing at an ancestor";
}

TEST_F(ThreeiCallsTest, AForkedChildMayPointItselfAtItsParentUntilItExecs) {
  CageId child = fork();
  ASSERT_EQ(reg(child, child, LIND_SYS_geteuid, cage_), 0) << "the seed grate's pattern";
  EXPECT_EQ(entry(child, LIND_SYS_geteuid), threei::grate_entry(cage_, 7));
  prepare_exec(child);
  EXPECT_EQ(reg(child, child, LIND_SYS_geteuid, LIND_THREEI_DEREGISTER), -EPERM)
      << "deregistering the grate its parent put there";
  EXPECT_EQ(reg(child, child, LIND_SYS_geteuid, child), -EPERM) << "replacing it with its own";
  EXPECT_EQ(reg(child, child, LIND_SYS_getuid, cage_), -EPERM) << "after exec, no more trust in the parent";
  EXPECT_EQ(reg(child, child, LIND_SYS_getuid, child), 0) << "its own entries, pointed at itself";
  EXPECT_EQ(entry(child, LIND_SYS_geteuid), threei::grate_entry(cage_, 7));
}

TEST_F(ThreeiCallsTest, NorCanItFreeItsChildFromAnAncestorsGrate) {
  CageId child = fork();
  ASSERT_EQ(reg(cage_, child, LIND_SYS_geteuid, cage_), 0);
  CageId grandchild = fork_as(child);  // inherits the grate on geteuid
  EXPECT_EQ(reg(child, grandchild, LIND_SYS_geteuid, LIND_THREEI_DEREGISTER), -EPERM);
  EXPECT_EQ(reg(child, grandchild, LIND_SYS_geteuid, child), 0)
      << "its own handler in front: whatever it calls still meets the grate";
  EXPECT_EQ(reg(child, grandchild, LIND_SYS_geteuid, LIND_THREEI_DEREGISTER), -EPERM) << "nor from there";
  EXPECT_EQ(reg(child, child, LIND_SYS_geteuid, child), -EPERM) << "in its own table, not even that";
  EXPECT_EQ(reg(child, grandchild, LIND_SYS_getuid, child), 0) << "entries no ancestor holds are its to set";
  EXPECT_EQ(entry(grandchild, LIND_SYS_geteuid), threei::grate_entry(child, 7));
}

TEST_F(ThreeiCallsTest, CopyHandlerTableCannotDropAnAncestorsGrate) {
  CageId child = fork();
  ASSERT_EQ(reg(cage_, child, LIND_SYS_geteuid, cage_), 0);
  CageId grandchild = fork_as(child);
  EXPECT_EQ(entry(grandchild, LIND_SYS_geteuid), threei::grate_entry(cage_, 7)) << "fork copies the table";
  // Lind's escape (its copy-handler-table test): the interposed cage copies
  // an unwatched table over its own.
  EXPECT_EQ(copy_table(child, cage_, child), -EPERM);
  EXPECT_EQ(copy_table(child, grandchild, child), 0) << "nothing would change";
  EXPECT_EQ(copy_table(child, child, grandchild), 0);
  ASSERT_EQ(reg(child, grandchild, LIND_SYS_getuid, child), 0);
  EXPECT_EQ(copy_table(cage_, grandchild, child), 0) << "the grate may replace its child's table";
  EXPECT_EQ(entry(child, LIND_SYS_getuid), threei::grate_entry(child, 7));
  EXPECT_EQ(copy_table(child, cage_, grandchild), -EPERM) << "a source outside its line";
}

TEST_F(ThreeiCallsTest, CopyDataNeedsAuthorityOverBothCagesAndChecksRanges) {
  CageId child = fork();  // shares the fixture's memory: addresses stay readable
  uint64_t src = put("path/in/child");
  uint64_t dst = reserve(64);
  EXPECT_EQ(copy_data(cage_, child, src, cage_, dst, 64, 1), static_cast<int64_t>(dst));
  EXPECT_EQ(get_string(dst, 14), std::string("path/in/child", 14));
  EXPECT_EQ(copy_data(cage_, child, src, cage_, dst, 4, 0), static_cast<int64_t>(dst));
  EXPECT_EQ(copy_data(cage_, child, src, cage_, dst, 5, 1), -EINVAL) << "no NUL within len";
  EXPECT_EQ(copy_data(cage_, child, src, cage_, dst, 5, 2), -EINVAL) << "no such copy type";
  EXPECT_EQ(copy_data(cage_, cage_, memory_size() - 2, cage_, dst, 4, 0), -EFAULT);
  uint64_t end = memory_size() - 3;  // "ab\0" ends exactly at the end of memory
  ASSERT_TRUE(memory_->write(end, "ab", 3));
  EXPECT_EQ(copy_data(cage_, cage_, end, cage_, dst, 64, 1), static_cast<int64_t>(dst));
  EXPECT_EQ(copy_data(cage_, cage_, dst, cage_, memory_size() - 2, 3, 0), -EFAULT);

  CageId sibling = fork();
  EXPECT_EQ(copy_data(child, sibling, src, child, dst, 4, 0), -EPERM);
  EXPECT_EQ(copy_data(child, child, src, cage_, dst, 4, 0), -EPERM) << "writing its parent's memory";
  {
    threei::ServingScope serving(sibling, sibling);  // while child serves sibling's call
    EXPECT_EQ(copy_data(child, sibling, src, child, dst, 4, 0), static_cast<int64_t>(dst));
    EXPECT_TRUE(has_authority(child, sibling));
  }
  EXPECT_FALSE(has_authority(child, sibling)) << "only for the duration of the call";
}

TEST_F(ThreeiCallsTest, AGratesExitEmptiesTheEntriesPointingAtIt) {
  CageId grate = fork();
  CageId cage = fork_as(grate);
  ASSERT_EQ(reg(grate, cage, LIND_SYS_geteuid, grate), 0);
  exit_cage(grate, 0);
  EXPECT_EQ(entry(cage, LIND_SYS_geteuid), threei::kEmpty);
  EXPECT_EQ(call_as(cage, LIND_SYS_geteuid), -ENOSYS) << "fails closed, never reaches RawPOSIX";
  EXPECT_EQ(call_as(cage, LIND_SYS_getuid), static_cast<int64_t>(::getuid())) << "the rest still works";
}

}  // namespace
}  // namespace lind::rawposix::test
