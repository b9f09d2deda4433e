/* tee-grate: every file call the program makes goes to two grate chains.
 *
 *   tee-grate [--log] %{ PRIMARY... %} %{ SECONDARY... %} PROGRAM [ARGS...]
 *
 * The primary's result is what the program gets; the secondary gets a copy
 * of the call (best effort: its failures are logged on stderr, never
 * returned). fork/clone, exec and exit go to the primary only. fds are
 * mapped: the secondary's fd for each primary fd, per cage. README.md has
 * the details and the limits.
 *
 * How it works:
 *   1. The tee runs "PRIMARY... %} %{ SECONDARY... %} PROGRAM" as its child,
 *      interposing on its execve, clone, exit_group and register_handler
 *      (1001). Every register_handler a chain grate makes passes through
 *      the tee, which records (cage, nr) -> (grate, handler) and forwards
 *      it. The technique (recording registrations through 1001, "alt"
 *      numbers 1500-1899 in the grate's own table reaching the recorded
 *      handlers, the exec of "%}" as the boundary, argv read from 4-byte
 *      slots) is the one grates/fs-routing-clamp uses, shared through
 *      grates/common/clamp.{c,h}.
 *   2. The primary chain's last cage execs "%}": the tee keeps the
 *      handlers recorded for it as the primary set, resets the cage's
 *      table to the tee's own (so nothing of the primary stays on it: the
 *      secondary chain never runs under the primary), puts its lifecycle
 *      handlers back and execs the secondary chain in the cage.
 *   3. The secondary chain's last cage execs "%}": its handlers become the
 *      secondary set, its table is reset again, and every number either
 *      set handles gets a tee dispatcher; then the program is exec'd.
 *      The program thus descends from both chains (both may read its
 *      memory) while neither chain's grates run under the other.
 *   4. A dispatcher calls the primary (its alt number, or past the tee
 *      when the primary does not handle the call) and then, for the file
 *      calls listed in tee_kind(), the secondary's handler with fds
 *      translated.
 */
#include <errno.h>
#include <lind_grate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clamp.h"

#define NAME "tee-grate"

#define L_AT_FDCWD (-100)
#define L_SEEK_SET 0
#define L_SEEK_CUR 1
#define L_F_SETFD 2
#define L_F_SETFL 4
#define L_CLONE_VM 0x100
#define L_CLONE_THREAD 0x10000

#define ALT_FIRST 1500
#define ALT_LAST 1899
/* Slots: call numbers 0..339, then lind's start-up calls 2001..2004. */
#define NLOW 340
#define NSLOT (NLOW + 4)

static int slot_of(uint64_t nr) {
    if (nr < NLOW) return (int)nr;
    if (nr >= 2001 && nr <= 2004) return NLOW + (int)(nr - 2001);
    return -1;
}
static uint64_t nr_of(int slot) { return slot < NLOW ? (uint64_t)slot : 2001 + (uint64_t)(slot - NLOW); }

/* Chain cages (before they reach the program): the side, the clamp's
 * record holding the chain's handlers in the cage's table. */
enum side { S_NONE = 0, S_PRIMARY, S_SECONDARY };
struct tee_cage {
    enum side side;
};

static struct tee_cage *side_of(struct clamp_cage *c) { return c ? c->priv : NULL; }

/* The two handler sets, taken at the boundaries, and their alt numbers. */
static struct clamp_handler prim[NSLOT], sec[NSLOT];
static uint16_t prim_alt[NSLOT], sec_alt[NSLOT];

static int log_on;

/* ---- fd map: per program cage, primary fd -> secondary fd -------------- */

static int sec_fd(uint64_t cage, int64_t fd) {
    uint64_t v;
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX) return -1;
    return lind_grate_fdtable_get(cage, (int)fd, &v) == 0 ? (int)v : -1;
}
static void map_fd(uint64_t cage, int64_t pfd, int sfd) {
    if (pfd >= 0 && pfd < LIND_GRATE_FD_MAX) lind_grate_fdtable_set(cage, (int)pfd, (uint64_t)sfd);
}
static void unmap_fd(uint64_t cage, int64_t pfd) {
    if (pfd >= 0 && pfd < LIND_GRATE_FD_MAX) lind_grate_fdtable_remove(cage, (int)pfd);
}

static int alt_for(struct clamp_handler h) { return clamp_alt_for(h.grate, h.fn); }

/* ---- dispatch ----------------------------------------------------------- */

/* How a call is copied to the secondary. */
enum kind {
    T_NONE,     /* primary only: process calls, queries, everything else */
    T_OPEN,     /* path in a1, makes an fd */
    T_OPENAT,   /* dirfd a1, path a2, makes an fd */
    T_PATH,     /* path(s), no fd */
    T_AT1,      /* dirfd a1 */
    T_AT13,     /* dirfds a1 and a3 */
    T_AT2,      /* dirfd a2 (symlinkat) */
    T_FD,       /* fd in a1, copied as is */
    T_LSEEK,    /* the secondary is put at the primary's offset */
    T_READ,     /* read/readv: the secondary's offset advances by the result */
    T_CLOSE,
    T_DUP,
    T_DUP2,     /* dup2, dup3 */
    T_FCNTL,
    T_CLONE,
    T_EXIT,
};

static enum kind tee_kind(uint64_t nr) {
    switch (nr) {
    case LIND_SYS_open: case LIND_SYS_creat: return T_OPEN;
    case LIND_SYS_openat: return T_OPENAT;
    case LIND_SYS_mkdir: case LIND_SYS_rmdir: case LIND_SYS_unlink: case LIND_SYS_rename:
    case LIND_SYS_link: case LIND_SYS_symlink: case LIND_SYS_truncate: case LIND_SYS_chmod:
    case LIND_SYS_chown: case LIND_SYS_lchown: case LIND_SYS_mknod: case LIND_SYS_chdir:
        return T_PATH;
    case LIND_SYS_mkdirat: case LIND_SYS_mknodat: case LIND_SYS_fchownat: case LIND_SYS_unlinkat:
    case LIND_SYS_fchmodat: case LIND_SYS_utimensat:
        return T_AT1;
    case LIND_SYS_renameat: case LIND_SYS_renameat2: case LIND_SYS_linkat: return T_AT13;
    case LIND_SYS_symlinkat: return T_AT2;
    case LIND_SYS_write: case LIND_SYS_pwrite64: case LIND_SYS_writev: case LIND_SYS_pwritev:
    case LIND_SYS_ftruncate: case LIND_SYS_fsync: case LIND_SYS_fdatasync: case LIND_SYS_fchmod:
    case LIND_SYS_fchown: case LIND_SYS_fchdir: case LIND_SYS_fallocate: case LIND_SYS_flock:
    case LIND_SYS_fadvise64:
        return T_FD;
    case LIND_SYS_lseek: return T_LSEEK;
    case LIND_SYS_read: case LIND_SYS_readv: return T_READ;
    case LIND_SYS_close: return T_CLOSE;
    case LIND_SYS_dup: return T_DUP;
    case LIND_SYS_dup2: case LIND_SYS_dup3: return T_DUP2;
    case LIND_SYS_fcntl: return T_FCNTL;
    case LIND_SYS_clone: return T_CLONE;
    case LIND_SYS_exit_group: return T_EXIT;
    default: return T_NONE;
    }
}

#define NOT_SENT 0x7fffffff

/* Calls the secondary's handler for nr (NOT_SENT if it has none) and logs
 * a failure. to_sec and to_prim take the caller's cage where a handler has
 * its grate, so they spell their parameters out (not LIND_GRATE_PARAMS). */
static int to_sec(uint64_t nr, uint64_t cage, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage,
                  uint64_t a3, uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage,
                  uint64_t a6, uint64_t a6cage) {
    int s = slot_of(nr);
    if (s < 0 || !sec_alt[s]) return NOT_SENT;
    int r = make_threei_call(sec_alt[s], 0, clamp_me, cage, LIND_GRATE_CALL_ARGS, TRANSLATE_ERRNO_OFF);
    if (r < 0)
        fprintf(stderr, NAME ": secondary: call %llu of cage %llu failed: %s\n", (unsigned long long)nr,
                (unsigned long long)cage, strerror(-r));
    else if (log_on)
        fprintf(stderr, NAME ": secondary: call %llu of cage %llu = %d\n", (unsigned long long)nr,
                (unsigned long long)cage, r);
    return r;
}

static int to_prim(uint64_t nr, uint64_t cage, uint64_t a1, uint64_t a1cage, uint64_t a2, uint64_t a2cage,
                   uint64_t a3, uint64_t a3cage, uint64_t a4, uint64_t a4cage, uint64_t a5, uint64_t a5cage,
                   uint64_t a6, uint64_t a6cage) {
    int s = slot_of(nr);
    if (s >= 0 && prim_alt[s])
        return make_threei_call(prim_alt[s], 0, clamp_me, cage, LIND_GRATE_CALL_ARGS, TRANSLATE_ERRNO_OFF);
    return lind_grate_forward(nr, clamp_me, LIND_GRATE_CALL_ARGS); /* past the tee */
}

/* A dirfd for the secondary: AT_FDCWD stays, a mapped fd is translated,
 * anything else is -1 (the call is not copied). */
static int64_t sec_dirfd(uint64_t cage, uint64_t v) {
    int32_t d = (int32_t)v;
    if (d == L_AT_FDCWD) return L_AT_FDCWD;
    int s = sec_fd(cage, d);
    return s >= 0 ? s : -1;
}

static int dispatch(uint64_t nr, LIND_GRATE_PARAMS) {
    (void)grate;
    uint64_t cage = a1cage;
    enum kind k = tee_kind(nr);
    if (k == T_EXIT) lind_grate_fdtable_drop(cage);
    int old_new = -1; /* dup2/dup3: the secondary fd under newfd before the call */
    if (k == T_DUP2) old_new = sec_fd(cage, (int32_t)a2);

    int r = to_prim(nr, cage, LIND_GRATE_CALL_ARGS);

    int sfd = -1;
    int64_t d1, d3;
    switch (k) {
    case T_NONE:
    case T_EXIT:
        break;
    case T_CLONE:
        /* A forked child inherits the parent's kernel fds, the secondary's
         * among them (RawPOSIX forked the whole table), so its map is the
         * parent's. A secondary grate that keeps fds of its own never heard
         * of the fork: its calls for the child fail, logged. A thread
         * shares the caller's cage and map. */
        if (r > 0 && !(a1 & (L_CLONE_VM | L_CLONE_THREAD))) lind_grate_fdtable_fork(cage, (uint64_t)r);
        break;
    case T_OPEN:
    case T_OPENAT: {
        if (r < 0) break;
        int old = sec_fd(cage, r);
        if (old >= 0) { /* stale: the secondary never heard of its close */
            to_sec(LIND_SYS_close, cage, (uint64_t)old, cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            unmap_fd(cage, r);
        }
        int s;
        if (k == T_OPEN) s = to_sec(nr, cage, LIND_GRATE_CALL_ARGS);
        else if ((d1 = sec_dirfd(cage, a1)) == -1) s = NOT_SENT;
        else s = to_sec(nr, cage, (uint64_t)d1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage);
        if (s >= 0 && s != NOT_SENT) map_fd(cage, r, s);
        break;
    }
    case T_PATH:
        to_sec(nr, cage, LIND_GRATE_CALL_ARGS);
        break;
    case T_AT1:
        if ((d1 = sec_dirfd(cage, a1)) != -1)
            to_sec(nr, cage, (uint64_t)d1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage);
        break;
    case T_AT13:
        if ((d1 = sec_dirfd(cage, a1)) != -1 && (d3 = sec_dirfd(cage, a3)) != -1)
            to_sec(nr, cage, (uint64_t)d1, a1cage, a2, a2cage, (uint64_t)d3, a3cage, a4, a4cage, a5, a5cage, a6,
                   a6cage);
        break;
    case T_AT2:
        if ((d1 = sec_dirfd(cage, a2)) != -1)
            to_sec(nr, cage, a1, a1cage, (uint64_t)d1, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage);
        break;
    case T_FD:
        if ((sfd = sec_fd(cage, (int32_t)a1)) >= 0)
            to_sec(nr, cage, (uint64_t)sfd, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage);
        break;
    case T_LSEEK:
        if (r >= 0 && (sfd = sec_fd(cage, (int32_t)a1)) >= 0)
            to_sec(LIND_SYS_lseek, cage, (uint64_t)sfd, a1cage, (uint64_t)r, a2cage, L_SEEK_SET, a3cage, 0, 0, 0, 0,
                   0, 0);
        break;
    case T_READ:
        if (r > 0 && (sfd = sec_fd(cage, (int32_t)a1)) >= 0)
            to_sec(LIND_SYS_lseek, cage, (uint64_t)sfd, a1cage, (uint64_t)r, a2cage, L_SEEK_CUR, a3cage, 0, 0, 0, 0,
                   0, 0);
        break;
    case T_CLOSE:
        if ((sfd = sec_fd(cage, (int32_t)a1)) >= 0) {
            to_sec(nr, cage, (uint64_t)sfd, a1cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            if (r >= 0) unmap_fd(cage, (int32_t)a1);
        }
        break;
    case T_DUP:
        if (r >= 0 && (sfd = sec_fd(cage, (int32_t)a1)) >= 0) {
            int s = to_sec(LIND_SYS_dup, cage, (uint64_t)sfd, a1cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            if (s >= 0 && s != NOT_SENT) map_fd(cage, r, s);
        }
        break;
    case T_DUP2:
        if (r < 0 || (int32_t)a1 == (int32_t)a2) break;
        if (old_new >= 0) {
            to_sec(LIND_SYS_close, cage, (uint64_t)old_new, a1cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            unmap_fd(cage, (int32_t)a2);
        }
        if ((sfd = sec_fd(cage, (int32_t)a1)) >= 0) {
            int s = to_sec(LIND_SYS_dup, cage, (uint64_t)sfd, a1cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            if (s >= 0 && s != NOT_SENT) map_fd(cage, r, s);
        }
        break;
    case T_FCNTL: {
        int32_t cmd = (int32_t)a2;
        if (r < 0 || (sfd = sec_fd(cage, (int32_t)a1)) < 0) break;
        if (cmd == CLAMP_L_F_DUPFD || cmd == CLAMP_L_F_DUPFD_CLOEXEC) {
            int s = to_sec(LIND_SYS_dup, cage, (uint64_t)sfd, a1cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            if (s >= 0 && s != NOT_SENT) map_fd(cage, r, s);
        } else if (cmd == L_F_SETFD || cmd == L_F_SETFL) {
            to_sec(nr, cage, (uint64_t)sfd, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5, a5cage, a6, a6cage);
        }
        break;
    }
    }
    return r;
}

/* One dispatcher per slot (a handler does not learn its number). */
#define D(n) LIND_GRATE_HANDLER(d_##n) { return dispatch(n, LIND_GRATE_ARGS); }
#define D10(p) D(p##0) D(p##1) D(p##2) D(p##3) D(p##4) D(p##5) D(p##6) D(p##7) D(p##8) D(p##9)
D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9)
D10(1) D10(2) D10(3) D10(4) D10(5) D10(6) D10(7) D10(8) D10(9) D10(10) D10(11) D10(12) D10(13) D10(14)
D10(15) D10(16) D10(17) D10(18) D10(19) D10(20) D10(21) D10(22) D10(23) D10(24) D10(25) D10(26) D10(27)
D10(28) D10(29) D10(30) D10(31) D10(32) D10(33)
D(2001) D(2002) D(2003) D(2004)
#define E(n) d_##n,
#define E10(p) E(p##0) E(p##1) E(p##2) E(p##3) E(p##4) E(p##5) E(p##6) E(p##7) E(p##8) E(p##9)
static const lind_grate_handler dispatchers[NSLOT] = {
    E(0) E(1) E(2) E(3) E(4) E(5) E(6) E(7) E(8) E(9)
    E10(1) E10(2) E10(3) E10(4) E10(5) E10(6) E10(7) E10(8) E10(9) E10(10) E10(11) E10(12) E10(13) E10(14)
    E10(15) E10(16) E10(17) E10(18) E10(19) E10(20) E10(21) E10(22) E10(23) E10(24) E10(25) E10(26) E10(27)
    E10(28) E10(29) E10(30) E10(31) E10(32) E10(33)
    E(2001) E(2002) E(2003) E(2004)
};

/* ---- boundaries ---------------------------------------------------------- */

/* The cage's table becomes a copy of the tee's own (what is above it). */
static int reset_table(uint64_t cage) {
    int r = copy_handler_table_to_cage(clamp_me, cage);
    if (r < 0)
        fprintf(stderr, NAME ": copy_handler_table_to_cage(%llu, %llu): %s\n", (unsigned long long)clamp_me,
                (unsigned long long)cage, strerror(-r));
    return r;
}

static int is_marker(uint64_t cage, uint32_t addr, const char *m) {
    char s[4];
    return addr && lind_grate_read_string(cage, addr, s, sizeof s) == 0 && strcmp(s, m) == 0;
}

/* The secondary chain's last cage execs "%}": the program starts. */
static int boundary2(uint64_t cage, uint64_t argv, uint64_t argvc, int first, uint64_t envp, uint64_t envpc) {
    struct clamp_cage *c = clamp_get(cage);
    if (c) memcpy(sec, c->rec, sizeof sec);
    clamp_drop(cage);
    int r = reset_table(cage);
    if (r < 0) return r;
    for (int s = 0; s < NSLOT; s++) {
        prim_alt[s] = prim[s].grate ? (uint16_t)alt_for(prim[s]) : 0;
        sec_alt[s] = sec[s].grate ? (uint16_t)alt_for(sec[s]) : 0;
        if ((prim[s].grate && !prim_alt[s]) || (sec[s].grate && !sec_alt[s])) return -ENOSPC;
        uint64_t nr = nr_of(s);
        enum kind k = tee_kind(nr);
        if (prim_alt[s] || sec_alt[s] || k == T_CLONE || k == T_EXIT)
            if ((r = clamp_reg(cage, nr, dispatchers[s])) < 0) return r;
    }
    if (log_on) fprintf(stderr, NAME ": cage %llu runs the program\n", (unsigned long long)cage);
    return clamp_exec_from(clamp_me, cage, argv, argvc, first, envp, envpc);
}

/* The primary chain's last cage execs "%}": run the secondary chain in it,
 * on a clean table. */
static int boundary1(uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp, uint64_t envpc) {
    struct clamp_cage *c = clamp_get_or_make(cage);
    if (!c) return -ENOMEM;
    memcpy(prim, c->rec, sizeof prim);
    memset(c->rec, 0, sizeof prim);
    side_of(c)->side = S_SECONDARY;
    if (!is_marker(argvc, clamp_argv_at(argv, argvc, 1), "%{")) {
        fprintf(stderr, NAME ": expected '%%{' after the primary chain\n");
        return -EINVAL;
    }
    int r = reset_table(cage);
    if (r < 0) return r;
    if ((r = clamp_reg_lifecycle(cage)) < 0) return r;
    if (log_on) fprintf(stderr, NAME ": cage %llu starts the secondary chain\n", (unsigned long long)cage);
    if (is_marker(argvc, clamp_argv_at(argv, argvc, 2), "%}")) /* an empty secondary chain */
        return boundary2(cage, argv, argvc, 3, envp, envpc);
    return clamp_exec_from(clamp_me, cage, argv, argvc, 2, envp, envpc);
}

/* The chain's last cage execs "%}". */
static int boundary(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp,
                    uint64_t envpc) {
    (void)grate;
    struct tee_cage *t = side_of(clamp_get(cage));
    if (t && t->side == S_SECONDARY) return boundary2(cage, argv, argvc, 1, envp, envpc);
    return boundary1(cage, argv, argvc, envp, envpc);
}

static int preexec(uint64_t child, void *arg) {
    (void)arg;
    struct clamp_cage *c = clamp_get_or_make(child);
    if (!c) return 1;
    side_of(c)->side = S_PRIMARY;
    return 0;
}

/* ---- arguments ------------------------------------------------------------ */

static int usage(const char *why) {
    if (why) fprintf(stderr, NAME ": %s\n", why);
    fprintf(stderr, "usage: " NAME " [--log] %%{ PRIMARY... %%} %%{ SECONDARY... %%} PROGRAM [ARGS...]\n");
    return 1;
}

/* The index of the "%}" closing the "%{" at argv[at] (nested markers of
 * either kind counted), or -1. */
static int closing(int argc, char **argv, int at) {
    int depth = 0;
    for (int j = at; j < argc; j++) {
        if (clamp_is_open(argv[j])) depth++;
        else if (clamp_is_close(argv[j]) && --depth == 0) return strcmp(argv[j], "%}") == 0 ? j : -1;
    }
    return -1;
}

int main(int argc, char **argv) {
    int i = 1;
    if (i < argc && strcmp(argv[i], "--log") == 0) log_on = 1, i++;
    if (i >= argc || strcmp(argv[i], "%{") != 0) return usage("expected '%{' (the primary chain)");
    int c1 = closing(argc, argv, i);
    if (c1 < 0) return usage("the primary chain has no matching '%}'");
    if (c1 + 1 >= argc || strcmp(argv[c1 + 1], "%{") != 0)
        return usage("expected '%{' (the secondary chain) after the primary chain");
    int c2 = closing(argc, argv, c1 + 1);
    if (c2 < 0) return usage("the secondary chain has no matching '%}'");
    if (c2 + 1 >= argc) return usage("no program after the chains");

    struct clamp_config cfg = {
        .name = NAME, .nslots = NSLOT, .slot_of = slot_of, .nr_of = nr_of,
        .alt_first = ALT_FIRST, .alt_last = ALT_LAST, .priv_size = sizeof(struct tee_cage),
        .log = log_on, .boundary = boundary, .preexec = preexec,
    };
    /* The child runs "PRIMARY... %} %{ SECONDARY... %} PROGRAM". */
    return clamp_run(&cfg, &argv[i + 1]);
}
