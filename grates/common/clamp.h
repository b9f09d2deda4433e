/* clamp: the mechanism shared by the grates that run inner grate chains
 * and route a program's calls into them (fs-routing-clamp,
 * net-routing-clamp, tee-grate):
 *   - the grate runs the chain as its child and interposes on its execve,
 *     clone, exit_group and register_handler (1001);
 *   - every register_handler a chain grate makes passes through, and is
 *     recorded per cage: slot -> (grate, handler); clone copies the record
 *     to the new cage, exit_group drops it;
 *   - the chain's last cage execs "%}" (or "%>"): the grate's boundary
 *     function runs, typically pointing "alt" numbers of the grate's own
 *     table at the recorded handlers (clamp_alt_for) and the cage's
 *     entries at the grate's routers, then execing the program;
 *   - `%{ ... %}` / `%< ... %>` argument parsing.
 * Each grate keeps its policy (which call goes where) in its own file. */
#ifndef CLAMP_H
#define CLAMP_H

#include <lind_grate.h>
#include <stddef.h>
#include <stdint.h>

/* A router for one number (a handler does not learn its number): calls the
 * grate's own route(nr, LIND_GRATE_ARGS). */
#define ROUTE(nr_, fn)                                                                             \
    LIND_GRATE_HANDLER(fn) { return route(nr_, LIND_GRATE_ARGS); }

#define CLAMP_MAX_CAGES 4096
#define CLAMP_L_F_DUPFD 0
#define CLAMP_L_F_DUPFD_CLOEXEC 1030

enum { OUTER = 0, INNER = 1 };

struct clamp_handler {
    uint64_t grate, fn;
};

/* Per chain cage: the record, and the grate's own part. */
struct clamp_cage {
    int clamped;                /* clamp_enter has run for it */
    void *priv;                 /* cfg.priv_size bytes, zeroed at first */
    uint16_t *alt;              /* per slot: the alt number reaching rec (clamp_enter) */
    struct clamp_handler rec[]; /* per slot: the chain's handler in the cage's table */
};

struct clamp_config {
    const char *name; /* for messages */
    int nslots;
    uint64_t (*nr_of)(int slot);
    int (*slot_of)(uint64_t nr); /* -1: a number not recorded; NULL: searched through nr_of */
    int alt_first, alt_last; /* the alt numbers this grate uses */
    size_t priv_size;
    int angle_markers; /* 1: "%>" ends a chain as "%}" does */
    int track_fds;     /* 1: fd tables follow clone (fork) and exit (drop) */
    int log;
    /* The chain's last cage execs the marker (argv as the exec's). NULL:
     * clamp_enter with routers, prepare and always below. */
    int (*boundary)(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp,
                    uint64_t envpc);
    const lind_grate_handler *routers;                       /* per slot */
    void (*prepare)(uint64_t grate, uint64_t cage, void *priv); /* may be NULL */
    int (*always)(uint64_t nr);                              /* may be NULL */
    int (*preexec)(uint64_t child, void *arg);               /* lind_grate_preexec; may be NULL */
    void (*clone_priv)(void *child, const void *parent); /* after a shallow copy; may be NULL */
    void (*drop_priv)(void *priv);                       /* may be NULL */
};

/* The grate's own cage id (set by clamp_init). */
extern uint64_t clamp_me;

/* Installs cfg (copied), registers the lifecycle handlers and runs the
 * chain argv[0..] as the grate's child (lind_grate_run). */
int clamp_run(const struct clamp_config *cfg, char **argv);

/* The slot of call number nr (cfg.slot_of, or found through cfg.nr_of),
 * or -1. */
int clamp_slot(uint64_t nr);

struct clamp_cage *clamp_get(uint64_t cage);
struct clamp_cage *clamp_get_or_make(uint64_t cage);
void clamp_drop(uint64_t cage);

/* The alt number in the grate's own table that reaches (grate, fn): one
 * per distinct handler. 0 if none is left or it fails. */
int clamp_alt_for(uint64_t grate, uint64_t fn);

/* register_handler(cage, nr, me, fn), a failure logged. */
int clamp_reg(uint64_t cage, uint64_t nr, lind_grate_handler fn);

/* Registers the lifecycle handlers (execve, clone, exit_group,
 * register_handler) on cage's table again, e.g. after resetting it. */
int clamp_reg_lifecycle(uint64_t cage);

/* argv[i] of an exec (4-byte slots): the string's address, or 0. */
uint32_t clamp_argv_at(uint64_t argv, uint64_t argvc, int i);

/* Execs argv[first..] in cage, as caller. */
int clamp_exec_from(uint64_t caller, uint64_t cage, uint64_t argv, uint64_t argvc, int first, uint64_t envp,
                    uint64_t envpc);

/* The routing clamps' boundary (cfg.boundary NULL): gives the cage's
 * recorded handlers alt numbers, registers cfg.routers[slot] for each (and
 * for every nr cfg.always accepts), then execs argv[1..]. cfg.prepare runs
 * first, once per cage. */
int clamp_enter(uint64_t grate, uint64_t cage, uint64_t argv, uint64_t argvc, uint64_t envp, uint64_t envpc);

/* fd sides for the routing clamps (the cage's fd table: 1 = inner). */
int clamp_fd_side(uint64_t cage, int64_t fd);
void clamp_set_fd_side(uint64_t cage, int64_t fd, int side);

/* Sends the call in slot `slot` (number nr) to side: the alt number when
 * inner, else past the grate. */
int clamp_go(int side, int slot, uint64_t nr, LIND_GRATE_PARAMS);

/* Before routing dup2/dup3 (a1 old, a2 new) to side: a kernel fd put over
 * an inner one closes the inner one first. */
void clamp_before_dup2(uint64_t nr, int side, uint64_t grate, uint64_t cage, uint64_t a1, uint64_t a2);

/* After a routed call returned r: fds it made take its side, a closed fd
 * is forgotten. */
void clamp_after(uint64_t nr, int makes_fd, int side, int r, uint64_t cage, uint64_t a1, uint64_t a2);

/* Chain markers. */
int clamp_is_open(const char *s);
int clamp_is_close(const char *s);

/* Options before the chain: --log, OPT VALUE, OPT=VALUE. The index of the
 * opening marker (or argc), or -1 after a message (*why: for usage(), may
 * be NULL). */
int clamp_options(int argc, char **argv, const char *name, const char *opt, const char *needs, const char **val,
                  int *log, const char **why);

/* The index of the marker closing argv[open_at] (nested pairs matched by
 * kind), or -1 after a message (*why: for usage(), may be NULL). */
int clamp_match_chain(int argc, char **argv, const char *name, int open_at, const char **why);

#endif
