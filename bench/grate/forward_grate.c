/* A grate that interposes geteuid on the program it runs and forwards each
 * call unchanged: one hop of 3i interposition and nothing else.
 *   forward_grate PROGRAM [ARGS...]   (PROGRAM may be another grate) */
#include <lind_syscall.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>

static int forward(uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage, uint64_t a3,
                   uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,
                   uint64_t a6cage) {
  return make_threei_call(LIND_SYS_geteuid, 0, grate, a1cage, a1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5,
                          a5cage, a6, a6cage, TRANSLATE_ERRNO_OFF);
}

/* The lifecycle every grate follows: fork; the parent registers its
 * handler on the child and lets it go (a semaphore in shared memory); the
 * child execs the program. Registering from the parent side is what lets
 * grates stack: a child may not re-point an entry that a grate above it
 * set. */
int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: forward_grate PROGRAM [ARGS...]\n");
    return 2;
  }
  sem_t* go = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (go == MAP_FAILED || sem_init(go, 1, 0) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    while (sem_wait(go) != 0) {
    }
    execv(argv[1], &argv[1]);
    _exit(127);
  }
  if (pid < 0 || register_handler(pid, LIND_SYS_geteuid, getpid(), (uint64_t)&forward) != 0) return 1;
  sem_post(go);
  int status;
  if (waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
