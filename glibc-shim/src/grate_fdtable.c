/* The grate library's per-cage fd table (lind_grate.h): a fixed array of
 * LIND_GRATE_FD_CAGES cage slots, each with a lazily allocated array of
 * LIND_GRATE_FD_MAX entries. Separate from grate_lib.c so grates that do
 * not use it do not link it. No locking: a grate runs one handler at a
 * time. */
#include <lind_grate.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct fd_entry {
    uint64_t value;
    int set;
};

struct cage_table {
    uint64_t cage;
    int count;
    struct fd_entry *fds; /* LIND_GRATE_FD_MAX entries; NULL: slot free */
};

static struct cage_table tables[LIND_GRATE_FD_CAGES];

/* The table found last: calls come from one cage at a stretch. */
static struct cage_table *last;

static struct cage_table *find(uint64_t cage) {
    if (last && last->fds && last->cage == cage) return last;
    for (int i = 0; i < LIND_GRATE_FD_CAGES; i++)
        if (tables[i].fds && tables[i].cage == cage) return last = &tables[i];
    return NULL;
}

static struct cage_table *find_or_create(uint64_t cage) {
    struct cage_table *t = find(cage);
    if (t) return t;
    for (int i = 0; i < LIND_GRATE_FD_CAGES; i++) {
        if (tables[i].fds) continue;
        tables[i].fds = calloc(LIND_GRATE_FD_MAX, sizeof(struct fd_entry));
        if (!tables[i].fds) return NULL;
        tables[i].cage = cage;
        tables[i].count = 0;
        return &tables[i];
    }
    return NULL;
}

static int fd_ok(int fd) { return fd >= 0 && fd < LIND_GRATE_FD_MAX; }

int lind_grate_fdtable_set(uint64_t cage, int fd, uint64_t value) {
    if (!fd_ok(fd)) return -EBADF;
    struct cage_table *t = find_or_create(cage);
    if (!t) return -ENOMEM;
    if (!t->fds[fd].set) t->count++;
    t->fds[fd].value = value;
    t->fds[fd].set = 1;
    return 0;
}

const uint64_t *lind_grate_fdtable_find(uint64_t cage, int fd) {
    if (!fd_ok(fd)) return NULL;
    struct cage_table *t = find(cage);
    return t && t->fds[fd].set ? &t->fds[fd].value : NULL;
}

int lind_grate_fdtable_get(uint64_t cage, int fd, uint64_t *value) {
    const uint64_t *v = lind_grate_fdtable_find(cage, fd);
    if (!v) return -EBADF;
    if (value) *value = *v;
    return 0;
}

int lind_grate_fdtable_remove(uint64_t cage, int fd) {
    if (!fd_ok(fd)) return -EBADF;
    struct cage_table *t = find(cage);
    if (!t || !t->fds[fd].set) return -EBADF;
    t->fds[fd].set = 0;
    t->fds[fd].value = 0;
    t->count--;
    return 0;
}

int lind_grate_fdtable_alloc(uint64_t cage, int minfd, uint64_t value) {
    if (minfd < 0) return -EINVAL;
    if (minfd >= LIND_GRATE_FD_MAX) return -EMFILE;
    struct cage_table *t = find_or_create(cage);
    if (!t) return -ENOMEM;
    for (int fd = minfd; fd < LIND_GRATE_FD_MAX; fd++) {
        if (t->fds[fd].set) continue;
        t->fds[fd].value = value;
        t->fds[fd].set = 1;
        t->count++;
        return fd;
    }
    return -EMFILE;
}

int lind_grate_fdtable_fork(uint64_t parent, uint64_t child) {
    if (parent == child) return 0;
    struct cage_table *p = find(parent);
    lind_grate_fdtable_drop(child);
    if (!p) return 0;
    struct cage_table *c = find_or_create(child);
    if (!c) return -ENOMEM;
    memcpy(c->fds, p->fds, LIND_GRATE_FD_MAX * sizeof(struct fd_entry));
    c->count = p->count;
    return 0;
}

void lind_grate_fdtable_drop(uint64_t cage) {
    struct cage_table *t = find(cage);
    if (!t) return;
    free(t->fds);
    t->fds = NULL;
    t->count = 0;
    t->cage = 0;
}

int lind_grate_fdtable_count(uint64_t cage) {
    struct cage_table *t = find(cage);
    return t ? t->count : 0;
}
