/* clamp: see clamp.h. */
#include "clamp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t clamp_me;

static struct clamp_config cfg;
static struct clamp_cage *cages[CLAMP_MAX_CAGES];

/* alt number -> (grate, fn), shared by every cage. */
static struct clamp_handler alts[2048];
static int nalts;

int clamp_slot(uint64_t nr) {
    if (cfg.slot_of) return cfg.slot_of(nr);
    for (int i = 0; i < cfg.nslots; i++)
        if (cfg.nr_of(i) == nr) return i;
    return -1;
}

/* One block: header, rec[nslots], alt[nslots], priv. */
static size_t alt_off(void) { return sizeof(struct clamp_cage) + (size_t)cfg.nslots * sizeof(struct clamp_handler); }
static size_t priv_off(void) {
    size_t o = alt_off() + (size_t)cfg.nslots * sizeof(uint16_t);
    return (o + 15) & ~(size_t)15;
}
static size_t block_size(void) { return priv_off() + cfg.priv_size; }
static void fix_pointers(struct clamp_cage *c) {
    c->alt = (uint16_t *)((char *)c + alt_off());
    c->priv = cfg.priv_size ? (char *)c + priv_off() : NULL;
}

struct clamp_cage *clamp_get(uint64_t cage) { return cage < CLAMP_MAX_CAGES ? cages[cage] : NULL; }

struct clamp_cage *clamp_get_or_make(uint64_t cage) {
    if (cage >= CLAMP_MAX_CAGES) return NULL;
    if (!cages[cage]) {
        cages[cage] = calloc(1, block_size());
        if (cages[cage]) fix_pointers(cages[cage]);
    }
    return cages[cage];
}

void clamp_drop(uint64_t cage) {
    struct clamp_cage *c = clamp_get(cage);
    if (c) {
        if (cfg.drop_priv && c->priv) cfg.drop_priv(c->priv);
        free(c);
        cages[cage] = NULL;
    }
    if (cfg.track_fds) lind_grate_fdtable_drop(cage);
}

int clamp_alt_for(uint64_t grate, uint64_t fn) {
    for (int i = 0; i < nalts; i++)
        if (alts[i].grate == grate && alts[i].fn == fn) return cfg.alt_first + i;
    if (nalts > cfg.alt_last - cfg.alt_first) return 0;
    int alt = cfg.alt_first + nalts;
    int r = register_handler(clamp_me, (uint64_t)alt, grate, fn);
    if (r < 0) {
        fprintf(stderr, "%s: register_handler(%llu, %d, %llu, %llu): %s\n", cfg.name, (unsigned long long)clamp_me,
                alt, (unsigned long long)grate, (unsigned long long)fn, strerror(-r));
        return 0;
    }
    alts[nalts].grate = grate;
    alts[nalts].fn = fn;
    nalts++;
    return alt;
}

int clamp_reg(uint64_t cage, uint64_t nr, lind_grate_handler fn) {
    int r = register_handler(cage, nr, clamp_me, (uint64_t)(uintptr_t)fn);
    if (r < 0)
        fprintf(stderr, "%s: register_handler(%llu, %llu, ...): %s\n", cfg.name, (unsigned long long)cage,
                (unsigned long long)nr, strerror(-r));
    return r;
}

uint32_t clamp_argv_at(uint64_t argv, uint64_t argvc, int i) {
    uint32_t p = 0;
    if (argv == 0 || lind_grate_read(argvc, argv + 4 * (uint64_t)i, &p, sizeof p) < 0) return 0;
    return p;
}

static int nothing_to_run(void) {
    fprintf(stderr, "%s: nothing to run after %%}\n", cfg.name);
    return -EINVAL;
}

static int exec_prog(uint64_t caller, uint64_t cage, uint32_t prog, uint64_t argv, uint64_t argvc, int first,
                     uint64_t envp, uint64_t envpc) {
    return make_threei_call(LIND_SYS_execve, 0, caller, cage, prog, argvc, argv + 4 * (uint64_t)first, argvc, envp,
                            envpc, 0, 0, 0, 0, 0, 0, TRANSLATE_ERRNO_OFF);
}

int clamp_exec_from(uint64_t caller, uint64_t cage, uint64_t argv, uint64_t argvc, int first, uint64_t envp,
                    uint64_t envpc) {
    uint32_t prog = clamp_argv_at(argv, argvc, first);
    if (!prog) return nothing_to_run();
    return exec_prog(caller, cage, prog, argv, argvc, first, envp, envpc);
}

int clamp_enter(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp, uint64_t envpc) {
    uint32_t prog = clamp_argv_at(argv, argvc, 1);
    if (!prog) return nothing_to_run();
    struct clamp_cage *c = clamp_get_or_make(cage);
    if (!c) return -ENOMEM;
    if (cfg.prepare && !c->clamped) cfg.prepare(grate, cage, c->priv);
    for (int i = 0; i < cfg.nslots; i++) {
        c->alt[i] = 0;
        if (!c->rec[i].grate) continue;
        int alt = clamp_alt_for(c->rec[i].grate, c->rec[i].fn);
        if (!alt) return -ENOSPC;
        c->alt[i] = (uint16_t)alt;
    }
    for (int i = 0; i < cfg.nslots; i++) {
        uint64_t nr = cfg.nr_of(i);
        if (!c->alt[i] && !(cfg.always && cfg.always(nr))) continue;
        int r = clamp_reg(cage, nr, cfg.routers[i]);
        if (r < 0) return r;
    }
    c->clamped = 1;
    if (cfg.log) fprintf(stderr, "%s: cage %llu clamped\n", cfg.name, (unsigned long long)cage);
    return exec_prog(grate, cage, prog, argv, argvc, 1, envp, envpc);
}

/* ---- fd sides and routing (the routing clamps) ---------------------------- */

int clamp_fd_side(uint64_t cage, int64_t fd) {
    uint64_t v;
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX) return OUTER;
    return lind_grate_fdtable_get(cage, (int)fd, &v) == 0 && v ? INNER : OUTER;
}

void clamp_set_fd_side(uint64_t cage, int64_t fd, int side) {
    if (fd < 0 || fd >= LIND_GRATE_FD_MAX) return;
    if (side == INNER) lind_grate_fdtable_set(cage, (int)fd, 1);
    else lind_grate_fdtable_remove(cage, (int)fd);
}

int clamp_go(int side, int slot, uint64_t nr, LIND_GRATE_PARAMS) {
    struct clamp_cage *c = clamp_get(a1cage);
    int alt = side == INNER && c ? c->alt[slot] : 0;
    if (cfg.log)
        fprintf(stderr, "%s: cage %llu call %llu -> %s\n", cfg.name, (unsigned long long)a1cage,
                (unsigned long long)nr, alt ? "inner" : "outer");
    if (alt) return make_threei_call((unsigned)alt, 0, grate, a1cage, LIND_GRATE_CALL_ARGS, TRANSLATE_ERRNO_OFF);
    return LIND_GRATE_FORWARD(nr);
}

void clamp_before_dup2(uint64_t nr, int side, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a2) {
    if (nr != LIND_SYS_dup2 && nr != LIND_SYS_dup3) return;
    int64_t oldfd = (int32_t)a1, newfd = (int32_t)a2;
    if (oldfd != newfd && side == OUTER && clamp_fd_side(cage, newfd) == INNER) {
        struct clamp_cage *c = clamp_get(cage);
        int ci = clamp_slot(LIND_SYS_close);
        if (c && ci >= 0 && c->alt[ci])
            make_threei_call(c->alt[ci], 0, grate, cage, (uint64_t)newfd, cage, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             TRANSLATE_ERRNO_OFF);
        clamp_set_fd_side(cage, newfd, OUTER);
    }
}

void clamp_after(uint64_t nr, int makes_fd, int side, int r, uint64_t cage, uint64_t a1, uint64_t a2) {
    if (r >= 0 && (makes_fd || (nr == LIND_SYS_fcntl && ((int32_t)a2 == CLAMP_L_F_DUPFD ||
                                                          (int32_t)a2 == CLAMP_L_F_DUPFD_CLOEXEC))))
        clamp_set_fd_side(cage, r, side);
    if (nr == LIND_SYS_close && r >= 0) clamp_set_fd_side(cage, (int32_t)a1, OUTER);
}

/* ---- lifecycle handlers (on the chains' cages) ---------------------------- */

LIND_GRATE_HANDLER(h_execve) {
    char path[8];
    if (lind_grate_read_string(a1cage, a1, path, sizeof path) == 0 &&
        (strcmp(path, "%}") == 0 || (cfg.angle_markers && strcmp(path, "%>") == 0)))
        return (cfg.boundary ? cfg.boundary : clamp_enter)(grate, a1cage, a2, a2cage, a3, a3cage);
    return LIND_GRATE_FORWARD(LIND_SYS_execve);
}

LIND_GRATE_HANDLER(h_clone) {
    int r = LIND_GRATE_FORWARD(LIND_SYS_clone);
    if (r > 0) {
        uint64_t child = (uint64_t)r;
        struct clamp_cage *p = clamp_get(a1cage);
        if (p && child < CLAMP_MAX_CAGES) {
            clamp_drop(child);
            struct clamp_cage *c = clamp_get_or_make(child);
            if (c) {
                memcpy(c, p, block_size());
                fix_pointers(c);
                if (cfg.clone_priv && c->priv) cfg.clone_priv(c->priv, p->priv);
            }
        }
        if (cfg.track_fds) lind_grate_fdtable_fork(a1cage, child);
    }
    return r;
}

LIND_GRATE_HANDLER(h_exit_group) {
    clamp_drop(a1cage);
    return LIND_GRATE_FORWARD(LIND_SYS_exit_group);
}

/* register_handler (glibc-shim/README.md "The 3i calls"): a1 the table's
 * cage, a1cage the number, a2cage the handler's cage, a3 the handler. */
LIND_GRATE_HANDLER(h_register_handler) {
    uint64_t table = a1, nr = a1cage, hcage = a2cage, fn = a3;
    if (table == 0) return -EINVAL; /* "the caller": unknown here */
    int r = make_threei_call(LIND_SYS_register_handler, 0, grate, table, LIND_GRATE_CALL_ARGS, TRANSLATE_ERRNO_OFF);
    int s = clamp_slot(nr);
    if (r == 0 && s >= 0 && hcage != clamp_me) {
        struct clamp_cage *c = clamp_get_or_make(table);
        if (c) {
            int gone = hcage == LIND_THREEI_DEREGISTER;
            c->rec[s].grate = gone ? 0 : hcage;
            c->rec[s].fn = gone ? 0 : fn;
        }
    }
    return r;
}

int clamp_reg_lifecycle(uint64_t cage) {
    int r;
    if ((r = clamp_reg(cage, LIND_SYS_execve, h_execve)) < 0 || (r = clamp_reg(cage, LIND_SYS_clone, h_clone)) < 0 ||
        (r = clamp_reg(cage, LIND_SYS_exit_group, h_exit_group)) < 0 ||
        (r = clamp_reg(cage, LIND_SYS_register_handler, h_register_handler)) < 0)
        return r;
    return 0;
}

int clamp_run(const struct clamp_config *c, char **argv) {
    cfg = *c;
    clamp_me = (uint64_t)getpid();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_execve, h_execve);
    lind_grate_register(&g, LIND_SYS_clone, h_clone);
    lind_grate_register(&g, LIND_SYS_exit_group, h_exit_group);
    lind_grate_register(&g, LIND_SYS_register_handler, h_register_handler);
    if (cfg.preexec) lind_grate_preexec(&g, cfg.preexec, NULL);
    return lind_grate_run(&g, argv);
}

/* ---- arguments ------------------------------------------------------------ */

int clamp_is_open(const char *s) { return strcmp(s, "%{") == 0 || strcmp(s, "%<") == 0; }
int clamp_is_close(const char *s) { return strcmp(s, "%}") == 0 || strcmp(s, "%>") == 0; }
static const char *closer_of(const char *open) { return open[1] == '{' ? "%}" : "%>"; }

int clamp_options(int argc, char **argv, const char *name, const char *opt, const char *needs, const char **val,
                  int *log, const char **why) {
    size_t ol = strlen(opt);
    int i = 1;
    *why = NULL;
    for (; i < argc && !clamp_is_open(argv[i]); i++) {
        if (strcmp(argv[i], opt) == 0) {
            if (++i >= argc) {
                *why = needs;
                return -1;
            }
            *val = argv[i];
        } else if (strncmp(argv[i], opt, ol) == 0 && argv[i][ol] == '=') {
            *val = argv[i] + ol + 1;
        } else if (strcmp(argv[i], "--log") == 0) {
            *log = 1;
        } else if (clamp_is_close(argv[i])) {
            fprintf(stderr, "%s: '%s' without an opening marker\n", name, argv[i]);
            return -1;
        } else {
            fprintf(stderr, "%s: unknown option '%s'\n", name, argv[i]);
            return -1;
        }
    }
    return i;
}

int clamp_match_chain(int argc, char **argv, const char *name, int open_at, const char **why) {
    const char *stack[64];
    int depth = 0;
    *why = NULL;
    stack[depth++] = argv[open_at];
    for (int j = open_at + 1; j < argc; j++) {
        if (clamp_is_open(argv[j])) {
            if (depth == 64) {
                *why = "inner chains nested too deeply";
                return -1;
            }
            stack[depth++] = argv[j];
        } else if (clamp_is_close(argv[j])) {
            if (strcmp(argv[j], closer_of(stack[depth - 1])) != 0) {
                fprintf(stderr, "%s: '%s' (argument %d) does not close '%s'\n", name, argv[j], j, stack[depth - 1]);
                return -1;
            }
            if (--depth == 0) return j;
        }
    }
    fprintf(stderr, "%s: unterminated inner chain: '%s' (argument %d) has no matching '%s'\n", name, argv[open_at],
            open_at, closer_of(stack[depth - 1]));
    return -1;
}
