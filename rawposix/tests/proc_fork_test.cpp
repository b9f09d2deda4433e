// fork and clone: the child's state, ids, the cage limit, undoing a child
// the runner could not start; exec's RawPOSIX half.
#include <fcntl.h>
#include <sys/wait.h>

#include "proc_fixture.h"

namespace lind::rawposix::test {
namespace {

class ProcForkTest : public ProcTest {};

TEST_F(ProcForkTest, ChildGetsLowestIdAndKnowsItsParent) {
  EXPECT_EQ(fork(), 2);
  ASSERT_EQ(s_calls.size(), 1u);
  EXPECT_EQ(s_calls[0], std::make_pair(CageId{1}, CageId{2}));
  EXPECT_EQ(call_as(2, LIND_SYS_getpid), 2);
  EXPECT_EQ(call_as(2, LIND_SYS_getppid), 1);
  EXPECT_EQ(call(LIND_SYS_getppid), 0);  // cage 1 has none a cage can see
  EXPECT_EQ(fork(), 3);
  EXPECT_EQ(fork_as(2), 4);  // a grandchild
  EXPECT_EQ(call_as(4, LIND_SYS_getppid), 2);
  EXPECT_TRUE(threei::registry().exists(4));  // its 3i table, copied
}

TEST_F(ProcForkTest, ChildSharesOpenFileDescriptions) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  int64_t cx = call(LIND_SYS_open, put("g"), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(cx, 0);
  int64_t child = fork();
  ASSERT_EQ(child, 2);
  // One description: the child's write moves the parent's offset.
  EXPECT_EQ(call_as(child, LIND_SYS_write, fd, put("abc"), 3), 3);
  EXPECT_EQ(call(LIND_SYS_lseek, fd, 0, SEEK_CUR), 3);
  EXPECT_EQ(call(LIND_SYS_write, fd, put("de"), 2), 2);
  EXPECT_EQ(call_as(child, LIND_SYS_lseek, fd, 0, SEEK_CUR), 5);
  // Status flags too (they belong to the description).
  EXPECT_EQ(call_as(child, LIND_SYS_fcntl, fd, F_SETFL, O_APPEND), 0);
  EXPECT_TRUE(call(LIND_SYS_fcntl, fd, F_GETFL) & O_APPEND);
  // Close-on-exec is per fd, and copied.
  EXPECT_EQ(call_as(child, LIND_SYS_fcntl, cx, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(call_as(child, LIND_SYS_fcntl, fd, F_GETFD), 0);
  EXPECT_EQ(call_as(child, LIND_SYS_fcntl, fd, F_SETFD, FD_CLOEXEC), 0);
  EXPECT_EQ(call(LIND_SYS_fcntl, fd, F_GETFD), 0);
  // The tables are separate: closing in the child leaves the parent's.
  EXPECT_EQ(call_as(child, LIND_SYS_close, fd), 0);
  EXPECT_EQ(call(LIND_SYS_write, fd, put("f"), 1), 1);
  int64_t nfd = call_as(child, LIND_SYS_open, put("h"), O_RDWR | O_CREAT, 0644);
  EXPECT_EQ(nfd, fd);  // the child's lowest free fd
  EXPECT_EQ(call(LIND_SYS_lseek, fd, 0, SEEK_CUR), 6);  // the parent's fd is still "f"
}

TEST_F(ProcForkTest, ChildCopiesCwdUmaskAndStart) {
  ASSERT_EQ(call(LIND_SYS_mkdir, put("d"), 0755), 0);
  ASSERT_EQ(call(LIND_SYS_chdir, put("d")), 0);
  EXPECT_EQ(call(LIND_SYS_umask, 077), 022);
  int64_t child = fork();
  ASSERT_EQ(child, 2);
  uint64_t buf = reserve(64);
  EXPECT_EQ(call_as(child, LIND_SYS_getcwd, buf, 64), 3);
  EXPECT_EQ(get_string(buf, 3), std::string("/d\0", 3));
  EXPECT_EQ(call_as(child, LIND_SYS_umask, 0), 077);
  EXPECT_EQ(call(LIND_SYS_umask, 077), 077);  // the parent's is its own
  EXPECT_EQ(call_as(child, LIND_SYS_chdir, put("/")), 0);
  EXPECT_EQ(call(LIND_SYS_getcwd, buf, 64), 3);  // still /d
  EXPECT_EQ(get_string(buf, 3), std::string("/d\0", 3));
  uint64_t count = reserve(4), bytes = reserve(4);
  EXPECT_EQ(call_as(child, LIND_SYS_args_sizes, count, bytes), 0);
  EXPECT_EQ(get<uint32_t>(count), 2u);  // "prog", "arg1"
  EXPECT_EQ(get<uint32_t>(bytes), 10u);
}

TEST_F(ProcForkTest, ChildCopiesTheMemoryBookkeeping) {
  Cage* p = find_cage(cage_);
  {
    std::lock_guard lock(p->vm.mu);
    p->vm.heap_started = true;
    p->vm.brk_start = 0x10000;
    p->vm.brk = 0x12000;
    p->vm.heap_end = 0x20000;
    p->vm.maps[0x30000] = 0x31000;
    p->vm.free[0x31000] = 0x40000;
    p->vm.arena_top = 0x40000;
  }
  int64_t child = fork();
  ASSERT_EQ(child, 2);
  Cage* c = find_cage(2);
  EXPECT_TRUE(c->vm.heap_started);
  EXPECT_EQ(c->vm.brk, 0x12000u);
  EXPECT_EQ(c->vm.heap_end, 0x20000u);
  EXPECT_EQ(c->vm.maps, p->vm.maps);
  EXPECT_EQ(c->vm.free, p->vm.free);
  EXPECT_EQ(c->vm.arena_top, 0x40000u);
  EXPECT_EQ(call_as(child, LIND_SYS_brk, 0), 0x12000);
  c->vm.maps.clear();  // separate copies
  EXPECT_EQ(p->vm.maps.size(), 1u);
}

TEST_F(ProcForkTest, IdsAreReusedOnlyAfterReaping) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  ASSERT_EQ(fork(), 4);
  exit_cage(3, 0);
  EXPECT_TRUE(is_zombie(3));
  EXPECT_EQ(fork(), 5);  // 3 is a zombie: still taken
  EXPECT_EQ(wait(3), 3);
  EXPECT_FALSE(exists(3));
  EXPECT_EQ(fork(), 3);  // reaped: free again
  EXPECT_EQ(fork(), 6);
}

TEST_F(ProcForkTest, IdsStillNamingAGroupOrSessionAreNotReused) {
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(call_as(2, LIND_SYS_setsid), 2);  // session 2, group 2
  ASSERT_EQ(fork_as(2), 3);                   // in session 2, group 2
  ASSERT_EQ(fork(), 4);
  ASSERT_EQ(call(LIND_SYS_setpgid, 4, 0), 0);  // group 4
  ASSERT_EQ(fork(), 5);
  ASSERT_EQ(call(LIND_SYS_setpgid, 5, 4), 0);  // joins group 4
  exit_cage(2, 0);
  exit_cage(4, 0);
  EXPECT_EQ(wait(2), 2);
  EXPECT_EQ(wait(4), 4);
  // 3 still names session and group 2, 5 group 4.
  EXPECT_EQ(call_as(3, LIND_SYS_getsid, 0), 2);
  EXPECT_EQ(fork(), 6);
  exit_cage(5, 0);
  EXPECT_EQ(wait(5), 5);
  EXPECT_EQ(fork(), 4);  // nothing names 4 any more
  EXPECT_EQ(fork(), 5);
  EXPECT_EQ(fork(), 7);
}

TEST_F(ProcForkTest, TheCageLimitCountsZombies) {
  set_max_cages(3);  // cage 1 and two children
  ASSERT_EQ(fork(), 2);
  ASSERT_EQ(fork(), 3);
  EXPECT_EQ(fork(), -EAGAIN);
  EXPECT_EQ(fork_as(2), -EAGAIN);
  EXPECT_EQ(call(LIND_SYS_clone, SIGCHLD), -EAGAIN);
  EXPECT_EQ(s_calls.size(), 2u);  // the runner never saw the refused ones
  exit_cage(3, 0);
  EXPECT_EQ(fork(), -EAGAIN);  // a zombie still counts
  EXPECT_EQ(wait(3), 3);
  EXPECT_EQ(fork(), 3);
  set_max_cages(0);  // clamped to 1
  EXPECT_EQ(fork(), -EAGAIN);
}

TEST_F(ProcForkTest, ARunnerFailureUndoesTheChild) {
  int64_t fd = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  s_result = -ENOMEM;
  EXPECT_EQ(fork(), -ENOMEM);
  ASSERT_EQ(s_calls.size(), 1u);
  EXPECT_EQ(s_calls[0].second, 2u);
  EXPECT_FALSE(exists(2));
  EXPECT_FALSE(threei::registry().exists(2));
  EXPECT_EQ(wait(-1, 0, WNOHANG), -ECHILD);  // no child left behind
  EXPECT_EQ(call(LIND_SYS_write, fd, put("x"), 1), 1);  // the parent's fds intact
  s_result = 0;
  EXPECT_EQ(fork(), 2);
}

TEST_F(ProcForkTest, WithoutARunnerForkIsEnosys) {
  set_fork_runner(nullptr);
  EXPECT_EQ(fork(), -ENOSYS);
  EXPECT_FALSE(exists(2));
}

TEST_F(ProcForkTest, CloneIsForkWithoutCloneVm) {
  EXPECT_EQ(call(LIND_SYS_clone, SIGCHLD, 0, 0, 0, 0), 2);  // the shim's fork
  EXPECT_EQ(call(LIND_SYS_clone, 0x100 | SIGCHLD), -ENOSYS);                 // CLONE_VM
  EXPECT_EQ(call(LIND_SYS_clone, 0x100 | 0x800 | 0x10000 | SIGCHLD), -ENOSYS);  // a thread
  EXPECT_EQ(call(LIND_SYS_clone, 0x4000 | 0x100 | SIGCHLD), -ENOSYS);        // vfork()
  EXPECT_EQ(call(LIND_SYS_clone, 65), -EINVAL);                              // no such signal
  EXPECT_EQ(call(LIND_SYS_clone, 0x800 | SIGCHLD), -EINVAL);                 // SIGHAND without VM
  EXPECT_EQ(call(LIND_SYS_clone, 0x10000 | SIGCHLD), -EINVAL);               // THREAD without SIGHAND
  EXPECT_EQ(call(LIND_SYS_clone, 0x400 | SIGCHLD), -ENOSYS);                 // CLONE_FILES
  EXPECT_EQ(call(LIND_SYS_clone, 0x1000000 | SIGCHLD), -ENOSYS);             // CLONE_CHILD_SETTID
  EXPECT_EQ(call(LIND_SYS_clone, 0x4000 | SIGCHLD), 3);                      // CLONE_VFORK alone
  EXPECT_EQ(s_calls.size(), 2u);
  // Exit signal 0: a "clone" child, seen by wait4 only with __WCLONE or __WALL.
  EXPECT_EQ(call(LIND_SYS_clone, 0), 4);
  exit_cage(4, 0);
  EXPECT_EQ(wait(4, 0, WNOHANG), -ECHILD);
  EXPECT_EQ(wait(4, 0, __WCLONE), 4);
}

TEST_F(ProcForkTest, PrepareExecClosesCloexecFdsAndForgetsTheHeap) {
  int64_t keep = call(LIND_SYS_open, put("f"), O_RDWR | O_CREAT, 0644);
  int64_t drop = call(LIND_SYS_open, put("g"), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(drop, 0);
  int64_t child = fork();
  ASSERT_EQ(child, 2);
  Cage* c = find_cage(2);
  {
    std::lock_guard lock(c->vm.mu);
    c->vm.heap_started = true;
    c->vm.brk = c->vm.brk_start = c->vm.heap_end = 0x10000;
    c->vm.maps[0x20000] = 0x21000;
  }
  prepare_exec(2);
  EXPECT_EQ(call_as(2, LIND_SYS_fcntl, keep, F_GETFD), 0);
  EXPECT_EQ(call_as(2, LIND_SYS_fcntl, drop, F_GETFD), -EBADF);
  EXPECT_EQ(call(LIND_SYS_fcntl, drop, F_GETFD), FD_CLOEXEC);  // the parent's stays
  EXPECT_FALSE(c->vm.heap_started);
  EXPECT_TRUE(c->vm.maps.empty());
  EXPECT_EQ(call_as(2, LIND_SYS_getppid), 1);  // still the same process
  EXPECT_EQ(call(LIND_SYS_setpgid, 2, 0), -EACCES);  // it has exec'd
}

}  // namespace
}  // namespace lind::rawposix::test
