// Process groups and sessions: getpgid, setpgid, getsid, setsid.
#include "proc_fixture.h"

namespace lind::rawposix::test {
namespace {

class ProcGroupTest : public ProcTest {};

TEST_F(ProcGroupTest, CageOneLeadsItsGroupAndSessionAndChildrenInherit) {
  EXPECT_EQ(call(LIND_SYS_getpgid, 0), 1);
  EXPECT_EQ(call(LIND_SYS_getsid, 0), 1);
  ASSERT_EQ(fork(), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_getpgid, 0), 1);
  EXPECT_EQ(call_as(2, LIND_SYS_getsid, 0), 1);
  EXPECT_EQ(call(LIND_SYS_getpgid, 2), 1);  // another cage's, by pid
  EXPECT_EQ(call_as(2, LIND_SYS_getsid, 1), 1);
  EXPECT_EQ(call(LIND_SYS_getpgid, 999), -ESRCH);
  EXPECT_EQ(call(LIND_SYS_getpgid, uint64_t(-1)), -ESRCH);
  EXPECT_EQ(call(LIND_SYS_getsid, 5000), -ESRCH);
  exit_cage(2, 0);
  EXPECT_EQ(call(LIND_SYS_getpgid, 2), 1);  // a zombie still has one
  EXPECT_EQ(wait(2), 2);
  EXPECT_EQ(call(LIND_SYS_getpgid, 2), -ESRCH);
}

TEST_F(ProcGroupTest, Setsid) {
  EXPECT_EQ(call(LIND_SYS_setsid), -EPERM);  // cage 1 leads a group (and its session)
  ASSERT_EQ(fork(), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_setsid), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_getsid, 0), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_getpgid, 0), 2);
  EXPECT_EQ(call(LIND_SYS_getsid, 2), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_setsid), -EPERM);  // already a session leader
  ASSERT_EQ(fork_as(2), 3);
  EXPECT_EQ(call_as(3, LIND_SYS_getsid, 0), 2);
  // 3 leads nothing, and no group has its id: it may.
  EXPECT_EQ(call_as(3, LIND_SYS_setsid), 3);
  // A cage whose id is a process group (left by its members) may not.
  ASSERT_EQ(fork(), 4);
  ASSERT_EQ(call(LIND_SYS_setpgid, 4, 0), 0);  // 4 leads group 4
  EXPECT_EQ(call_as(4, LIND_SYS_setsid), -EPERM);
}

TEST_F(ProcGroupTest, SetpgidRules) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  EXPECT_EQ(call(LIND_SYS_setpgid, 2, 0), 0);  // pgid 0: its own id
  EXPECT_EQ(call(LIND_SYS_getpgid, 2), 2);
  EXPECT_EQ(call(LIND_SYS_setpgid, 3, 2), 0);  // joins 2's group
  EXPECT_EQ(call_as(3, LIND_SYS_getpgid, 0), 2);
  EXPECT_EQ(call_as(3, LIND_SYS_setpgid, 0, 1), 0);  // back, itself
  EXPECT_EQ(call_as(3, LIND_SYS_getpgid, 0), 1);
  EXPECT_EQ(call(LIND_SYS_setpgid, 3, uint64_t(-2)), -EINVAL);
  EXPECT_EQ(call(LIND_SYS_setpgid, 99, 0), -ESRCH);
  EXPECT_EQ(call(LIND_SYS_setpgid, 3, 77), -EPERM);  // no such group
  EXPECT_EQ(call(LIND_SYS_setpgid, 0, 0), -EPERM);   // cage 1: a session leader
  EXPECT_EQ(call(LIND_SYS_setpgid, 1, 1), -EPERM);
  EXPECT_EQ(call_as(2, LIND_SYS_setpgid, 3, 0), -ESRCH);  // a sibling: not its child
  EXPECT_EQ(call_as(2, LIND_SYS_setpgid, 1, 0), -ESRCH);  // its parent
  ASSERT_EQ(fork_as(2), 4);
  EXPECT_EQ(call(LIND_SYS_setpgid, 4, 0), -ESRCH);  // a grandchild
  // A child in another session: EPERM; a group of another session: EPERM.
  ASSERT_EQ(fork(), 5);
  ASSERT_EQ(call_as(5, LIND_SYS_setsid), 5);
  EXPECT_EQ(call(LIND_SYS_setpgid, 5, 0), -EPERM);
  EXPECT_EQ(call_as(3, LIND_SYS_setpgid, 0, 5), -EPERM);
  // A child that has exec'd: EACCES; it may still move itself.
  prepare_exec(3);
  EXPECT_EQ(call(LIND_SYS_setpgid, 3, 0), -EACCES);
  EXPECT_EQ(call_as(3, LIND_SYS_setpgid, 0, 0), 0);
  EXPECT_EQ(call(LIND_SYS_getpgid, 3), 3);
  // A group that only a zombie still belongs to exists.
  ASSERT_EQ(fork(), 6);
  ASSERT_EQ(call(LIND_SYS_setpgid, 6, 0), 0);
  exit_cage(6, 0);
  ASSERT_EQ(fork(), 7);
  EXPECT_EQ(call(LIND_SYS_setpgid, 7, 6), 0);
}

}  // namespace
}  // namespace lind::rawposix::test
