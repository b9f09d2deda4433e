/* The grate library (lind_grate.h): the grate lifecycle and helpers over
 * the 3i calls. The fd table is in grate_fdtable.c. README, "The grate
 * library". */
#include <lind_grate.h>

#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

/* One write(2) per message: unbuffered, and nothing pending at a fork. */
static void report(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(2, p, (size_t)n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        p += w;
        n -= (int)w;
    }
}

void lind_grate_init(struct lind_grate *g) {
    if (g) memset(g, 0, sizeof *g);
}

int lind_grate_register(struct lind_grate *g, uint64_t nr, lind_grate_handler fn) {
    if (!g) return -EINVAL;
    for (int i = 0; i < g->count; i++) {
        if (g->entries[i].nr != nr) continue;
        if (fn) {
            g->entries[i].fn = fn;
        } else {
            g->entries[i] = g->entries[g->count - 1];
            g->count--;
        }
        return 0;
    }
    if (!fn) return 0;
    if (g->count >= LIND_GRATE_MAX_HANDLERS) {
        g->overflow = 1;
        return -ENOSPC;
    }
    g->entries[g->count].nr = nr;
    g->entries[g->count].fn = fn;
    g->count++;
    return 0;
}

void lind_grate_teardown(struct lind_grate *g, lind_grate_teardown_fn fn, void *arg) {
    if (!g) return;
    g->teardown = fn;
    g->teardown_arg = arg;
}

void lind_grate_preexec(struct lind_grate *g, lind_grate_preexec_fn fn, void *arg) {
    if (!g) return;
    g->preexec = fn;
    g->preexec_arg = arg;
}

static int reap(pid_t pid, int *status) {
    pid_t r;
    do r = waitpid(pid, status, 0);
    while (r == -1 && errno == EINTR);
    return r == pid ? 0 : -1;
}

static int finish(struct lind_grate *g, int status, int result) {
    if (g->teardown) g->teardown(status, g->teardown_arg);
    return result;
}

int lind_grate_run(struct lind_grate *g, char **argv) {
    if (!g) return 1;
    if (!argv || !argv[0]) {
        report("lind_grate_run: no program to run\n");
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    if (g->overflow) {
        report("lind_grate_run: more than %d handlers registered\n", LIND_GRATE_MAX_HANDLERS);
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    sem_t *go = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (go == MAP_FAILED) {
        report("lind_grate_run: mmap of the semaphore: %s\n", strerror(errno));
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    if (sem_init(go, 1, 0) != 0) {
        report("lind_grate_run: sem_init: %s\n", strerror(errno));
        munmap(go, sizeof(sem_t));
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    pid_t pid = fork();
    if (pid == -1) {
        report("lind_grate_run: fork: %s\n", strerror(errno));
        munmap(go, sizeof(sem_t));
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    if (pid == 0) {
        while (sem_wait(go) != 0) {
        }
        execv(argv[0], argv);
        report("lind_grate_run: execv %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }

    int status = 0;
    uint64_t me = (uint64_t)getpid();
    for (int i = 0; i < g->count; i++) {
        int r = register_handler((uint64_t)pid, g->entries[i].nr, me,
                                 (uint64_t)(uintptr_t)g->entries[i].fn);
        if (r != 0) {
            report("lind_grate_run: register_handler(child, %llu, grate, handler): %s\n",
                   (unsigned long long)g->entries[i].nr, strerror(-r));
            goto abort_child;
        }
    }
    if (g->preexec) {
        int r = g->preexec((uint64_t)pid, g->preexec_arg);
        if (r != 0) {
            report("lind_grate_run: preexec failed (%d)\n", r);
            goto abort_child;
        }
    }
    sem_post(go);
    if (reap(pid, &status) != 0) {
        report("lind_grate_run: waitpid: %s\n", strerror(errno));
        munmap(go, sizeof(sem_t));
        return finish(g, LIND_GRATE_FAILED, 1);
    }
    munmap(go, sizeof(sem_t));
    if (WIFEXITED(status)) return finish(g, status, WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return finish(g, status, 128 + WTERMSIG(status));
    return finish(g, status, 1);

abort_child:
    kill(pid, SIGKILL);
    sem_post(go); /* in case the kill did not take: it must not wait forever */
    reap(pid, &status);
    munmap(go, sizeof(sem_t));
    return finish(g, LIND_GRATE_FAILED, 1);
}

/* copy_data_between_cages, made here directly (one call level less on
 * every handler's copy): 0, or -errno in this library's numbering. */
static int copy_between(uint64_t cage, uint64_t src, uint64_t srccage, uint64_t dst, uint64_t dstcage,
                        uint64_t len, uint64_t type) {
    int64_t r = __lind_syscall_import(LIND_SYS_copy_data_between_cages, LIND_SELF, cage, src, srccage, dst,
                                      dstcage, len, 0, type, 0, 0, 0, 0, 0);
    return __lind_is_err(r) ? -__lind_errno_from_linux((int)-r) : 0;
}

int lind_grate_read_string(uint64_t cage, uint64_t addr, char *buf, size_t len) {
    return copy_between(cage, addr, cage, (uint64_t)(uintptr_t)buf, LIND_SELF, (uint64_t)len, COPY_TYPE_STRNCPY);
}

int lind_grate_read(uint64_t cage, uint64_t addr, void *buf, size_t len) {
    if (len == 0) return 0;
    return copy_between(cage, addr, cage, (uint64_t)(uintptr_t)buf, LIND_SELF, (uint64_t)len, COPY_TYPE_MEMCPY);
}

int lind_grate_write(uint64_t cage, uint64_t addr, const void *buf, size_t len) {
    if (len == 0) return 0;
    return copy_between(cage, (uint64_t)(uintptr_t)buf, LIND_SELF, addr, cage, (uint64_t)len, COPY_TYPE_MEMCPY);
}

int lind_grate_forward(uint64_t nr, uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2,
                       uint64_t a2cage, uint64_t a3, uint64_t a3cage, uint64_t a4,
                       uint64_t a4cage, uint64_t a5, uint64_t a5cage, uint64_t a6,
                       uint64_t a6cage) {
    return make_threei_call((unsigned int)nr, 0, grate, a1cage, a1, a1cage, a2, a2cage, a3, a3cage,
                            a4, a4cage, a5, a5cage, a6, a6cage, TRANSLATE_ERRNO_OFF);
}
