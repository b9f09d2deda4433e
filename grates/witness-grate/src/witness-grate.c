/* witness-grate: a tamper-evident log of selected calls of the program it
 * runs (and every descendant). Each entry is one line carrying the SHA-256
 * of the previous entry's line (prev=) and of its own text (hash=), so a
 * modified, removed, reordered or inserted entry breaks the chain; a final
 * END entry makes truncation visible. The chain is unkeyed (README).
 *   witness-grate [--log FILE] [--calls LIST] [--verify-after] PROGRAM [ARGS...]
 *   witness-grate --verify FILE [--head HASH]
 *   witness-grate --selftest
 * See README.md. */
#include <errno.h>
#include <fcntl.h>
#include <lind_grate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"

static const struct { const char *name; int nr; } calls[] = {
    {"read", 0},       {"write", 1},     {"open", 2},        {"close", 3},      {"stat", 4},
    {"fstat", 5},      {"lseek", 8},     {"pread64", 17},    {"pwrite64", 18},  {"readv", 19},
    {"writev", 20},    {"access", 21},   {"pipe", 22},       {"dup", 32},       {"dup2", 33},
    {"clone", 56},     {"fork", 57},     {"execve", 59},     {"exit", 60},      {"wait4", 61},
    {"kill", 62},      {"fcntl", 72},    {"truncate", 76},   {"ftruncate", 77}, {"chdir", 80},
    {"rename", 82},    {"mkdir", 83},    {"rmdir", 84},      {"creat", 85},     {"link", 86},
    {"unlink", 87},    {"symlink", 88},  {"chmod", 90},      {"fchmod", 91},    {"chown", 92},
    {"umask", 95},     {"exit_group", 231}, {"openat", 257}, {"mkdirat", 258},  {"unlinkat", 263},
    {"renameat", 264}, {"fchmodat", 268}, {"getrandom", 318},
};
#define NCALLS (sizeof calls / sizeof calls[0])

static const char *name_of(uint64_t nr) {
    for (size_t i = 0; i < NCALLS; i++)
        if ((uint64_t)calls[i].nr == nr) return calls[i].name;
    return "-";
}

/* ---- the log ------------------------------------------------------------ */

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static int log_fd = -1;
static const char *log_path;
static uint64_t seq;
static char prev[65] = ZERO_HASH;
static char line[8192];
static int log_failed;

/* Appends "BODY prev=P hash=H\n", H = SHA-256("BODY prev=P"). */
static void append(const char *body) {
    int n = snprintf(line, sizeof line - 80, "%s prev=%s", body, prev);
    if (n < 0 || n >= (int)sizeof line - 80) n = (int)strlen(line);
    char h[65];
    sha256_hex(line, (size_t)n, h);
    n += snprintf(line + n, sizeof line - (size_t)n, " hash=%s\n", h);
    const char *p = line;
    while (n > 0) {
        ssize_t w = write(log_fd, p, (size_t)n);
        if (w <= 0) {
            if (!log_failed) fprintf(stderr, "witness-grate: %s: write failed\n", log_path);
            log_failed = 1;
            break;
        }
        p += w, n -= (int)w;
    }
    memcpy(prev, h, 65);
    seq++;
}

/* Printable text for the log: %XX for bytes outside '!'..'~' and for '%'. */
static void escape(const char *s, char *out, size_t cap) {
    static const char x[] = "0123456789ABCDEF";
    size_t o = 0;
    for (; *s && o + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c > ' ' && c < 127 && c != '%') out[o++] = (char)c;
        else out[o++] = '%', out[o++] = x[c >> 4], out[o++] = x[c & 15];
    }
    out[o] = 0;
}

/* "len=N sha256=H" of n bytes at addr in cage (read in 4 KiB pieces). */
static void data_info(uint64_t cage, uint64_t addr, uint64_t n, char *out, size_t cap) {
    static unsigned char buf[4096];
    struct sha256 s;
    unsigned char d[32];
    char h[65];
    sha256_init(&s);
    for (uint64_t off = 0; off < n;) {
        size_t k = n - off < sizeof buf ? (size_t)(n - off) : sizeof buf;
        if (lind_grate_read(cage, addr + off, buf, k) != 0) {
            snprintf(out, cap, "len=%llu data=unreadable", (unsigned long long)n);
            return;
        }
        sha256_update(&s, buf, k);
        off += k;
    }
    sha256_final(&s, d);
    hex32(d, h);
    snprintf(out, cap, "len=%llu sha256=%s", (unsigned long long)n, h);
}

static void path_info(uint64_t cage, uint64_t addr, char *out, size_t cap) {
    static char path[4096];
    static char esc[4 * 1024];
    if (lind_grate_read_string(cage, addr, path, sizeof path) != 0) {
        snprintf(out, cap, "path=unreadable");
        return;
    }
    escape(path, esc, sizeof esc);
    snprintf(out, cap, "path=%s", esc);
}

static void record(uint64_t nr, uint64_t cage, const uint64_t a[6], const char *ret, const char *info) {
    static char body[6144];
    snprintf(body, sizeof body,
             "seq=%llu cage=%llu nr=%llu name=%s args=%llx,%llx,%llx,%llx,%llx,%llx ret=%s %s",
             (unsigned long long)seq, (unsigned long long)cage, (unsigned long long)nr, name_of(nr),
             (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
             (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5], ret, info);
    append(body);
}

/* ---- the handler (one for every selected call) ----------------------------
 * 3i does not pass the call number to a handler, so each selected number
 * gets its own small trampoline (generated below) calling witness(nr, ...). */

static int witness(uint64_t nr, LIND_GRATE_PARAMS) {
    uint64_t a[6] = {a1, a2, a3, a4, a5, a6};
    char info[1024] = "-";
    if (nr == 60 || nr == 231) { /* does not return: record first */
        record(nr, a1cage, a, "none", info);
        return LIND_GRATE_FORWARD(nr);
    }
    /* paths are read before the call (execve replaces the memory) */
    if (nr == 2 || nr == 59 || nr == 85 || nr == 87 || nr == 83 || nr == 84 || nr == 21 || nr == 4 || nr == 90)
        path_info(a1cage, a1, info, sizeof info);
    else if (nr == 257 || nr == 263 || nr == 258 || nr == 268)
        path_info(a2cage, a2, info, sizeof info);
    if ((nr == 1 || nr == 18) && a3 <= (1u << 24)) data_info(a2cage, a2, a3, info, sizeof info);
    int r = LIND_GRATE_FORWARD(nr);
    if ((nr == 0 || nr == 17) && r >= 0) data_info(a2cage, a2, (uint64_t)r, info, sizeof info);
    char ret[24];
    snprintf(ret, sizeof ret, "%d", r);
    record(nr, a1cage, a, ret, info);
    return r;
}

#define T(n) LIND_GRATE_HANDLER(t##n) { return witness(n, LIND_GRATE_ARGS); }
T(0) T(1) T(2) T(3) T(4) T(5) T(8) T(17) T(18) T(19) T(20) T(21) T(22) T(32) T(33) T(56) T(57)
T(59) T(60) T(61) T(62) T(72) T(76) T(77) T(80) T(82) T(83) T(84) T(85) T(86) T(87) T(88) T(90)
T(91) T(92) T(95) T(231) T(257) T(258) T(263) T(264) T(268) T(318)
static const struct { int nr; lind_grate_handler fn; } tramp[] = {
    {0, t0},     {1, t1},     {2, t2},     {3, t3},     {4, t4},     {5, t5},     {8, t8},
    {17, t17},   {18, t18},   {19, t19},   {20, t20},   {21, t21},   {22, t22},   {32, t32},
    {33, t33},   {56, t56},   {57, t57},   {59, t59},   {60, t60},   {61, t61},   {62, t62},
    {72, t72},   {76, t76},   {77, t77},   {80, t80},   {82, t82},   {83, t83},   {84, t84},
    {85, t85},   {86, t86},   {87, t87},   {88, t88},   {90, t90},   {91, t91},   {92, t92},
    {95, t95},   {231, t231}, {257, t257}, {258, t258}, {263, t263}, {264, t264}, {268, t268},
    {318, t318},
};

static lind_grate_handler handler_for(int nr) {
    for (size_t i = 0; i < sizeof tramp / sizeof tramp[0]; i++)
        if (tramp[i].nr == nr) return tramp[i].fn;
    return NULL;
}

/* ---- the verifier ---------------------------------------------------------- */

static int field(const char *s, const char *key, char *out, size_t cap) {
    const char *p = strstr(s, key);
    if (!p) return -1;
    p += strlen(key);
    size_t n = strcspn(p, " \n");
    if (n >= cap) return -1;
    memcpy(out, p, n);
    out[n] = 0;
    return 0;
}

static int is_hex64(const char *s) {
    if (strlen(s) != 64) return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
    return 1;
}

/* 0 if the log at path is an intact chain ending in END (and, with head,
 * ending in that hash); otherwise 1 with the first problem on stderr. */
static int verify(const char *path, const char *head, int quiet) {
    FILE *f = fopen(path, "r");
    if (!f) return fprintf(stderr, "witness-grate: %s: %s\n", path, strerror(errno)), 1;
    static char buf[8192];
    char expect_prev[65] = ZERO_HASH, h[65], p[65], got[65], s[32];
    unsigned long long n = 0;
    int lineno = 0, ended = 0, bad = 0;
#define FAIL(...) do { fprintf(stderr, "witness-grate: %s:%d: ", path, lineno); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); bad = 1; goto out; } while (0)
    while (fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t len = strlen(buf);
        if (!len || buf[len - 1] != '\n') FAIL("incomplete line");
        if (ended) FAIL("entry after the END entry");
        char *hp = strstr(buf, " hash=");
        if (!hp || strstr(hp + 1, " hash=")) FAIL("no single hash= field");
        if (field(hp, " hash=", got, sizeof got) || !is_hex64(got) || hp[6 + 64] != '\n')
            FAIL("malformed hash= field");
        sha256_hex(buf, (size_t)(hp - buf), h);
        if (strcmp(h, got) != 0) FAIL("entry modified: its hash does not match its text");
        if (field(buf, " prev=", p, sizeof p) || !is_hex64(p)) FAIL("malformed prev= field");
        if (strcmp(p, expect_prev) != 0) FAIL("chain broken: prev= is not the previous entry's hash (an entry removed, inserted or reordered)");
        if (field(buf, "seq=", s, sizeof s)) FAIL("no seq= field");
        if (strtoull(s, NULL, 10) != n || (s[0] == '0' && s[1])) FAIL("seq=%s, expected %llu", s, n);
        if (strncmp(buf, "END ", 4) == 0) {
            char c[32];
            if (field(buf, " entries=", c, sizeof c) || strtoull(c, NULL, 10) != n) FAIL("END entry count does not match");
            ended = 1;
        } else if (strncmp(buf, "seq=", 4) != 0)
            FAIL("not an entry");
        memcpy(expect_prev, got, 65);
        n++;
    }
    if (!ended) {
        lineno++;
        FAIL("no END entry: the log is truncated (or the program is still running)");
    }
    if (head && strcmp(head, expect_prev) != 0) FAIL("the last hash is not the expected head %s", head);
    if (quiet) fprintf(stderr, "witness-grate: %s: %llu entries, chain intact\n", path, n - 1);
    else printf("%s: %llu entries, chain intact, head %s\n", path, n - 1, expect_prev);
out:
    fclose(f);
    return bad;
#undef FAIL
}

/* ---- self-test: FIPS 180-4 example vectors ---------------------------------- */

static int selftest(void) {
    static const char *msg[] = {"abc", "", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
    static const char *want[] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"};
    char h[65];
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        if (i < 3) sha256_hex(msg[i], strlen(msg[i]), h);
        else { /* one million 'a' */
            static char a[1000];
            struct sha256 s;
            unsigned char d[32];
            memset(a, 'a', sizeof a);
            sha256_init(&s);
            for (int k = 0; k < 1000; k++) sha256_update(&s, a, sizeof a);
            sha256_final(&s, d);
            hex32(d, h);
        }
        int good = strcmp(h, want[i]) == 0;
        ok += good;
        printf("sha256 vector %d: %s\n", i + 1, good ? "ok" : "WRONG");
    }
    return ok == 4 ? 0 : 1;
}

/* ---- main ------------------------------------------------------------------ */

static int verify_after;

static int open_log(uint64_t child, void *arg) {
    (void)child, (void)arg;
    log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    if (log_fd < 0) return fprintf(stderr, "witness-grate: %s: %s\n", log_path, strerror(errno)), -1;
    return 0;
}

static void finish(int status, void *arg) {
    (void)arg;
    if (log_fd < 0) return;
    char body[128];
    snprintf(body, sizeof body, "END seq=%llu entries=%llu status=%d", (unsigned long long)seq,
             (unsigned long long)seq, status);
    append(body);
    close(log_fd);
    log_fd = -1;
    if (verify_after && verify(log_path, NULL, 1) != 0) log_failed = 1;
}

static int usage(void) {
    fprintf(stderr, "usage: witness-grate [--log FILE] [--calls LIST] [--verify-after] PROGRAM [ARGS...]\n"
                    "       witness-grate --verify FILE [--head HASH]\n"
                    "       witness-grate --selftest\n");
    return 2;
}

static int parse_calls(char *list, int *sel) {
    for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
        int nr = -1;
        for (size_t i = 0; i < NCALLS; i++)
            if (strcmp(t, calls[i].name) == 0) nr = calls[i].nr;
        if (nr < 0) {
            char *end;
            long v = strtol(t, &end, 10);
            if (*t && !*end) nr = (int)v;
        }
        if (nr < 0 || !handler_for(nr)) {
            fprintf(stderr, "witness-grate: --calls: unknown or unsupported call \"%s\"\n", t);
            return -1;
        }
        sel[nr] = 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    static int sel[400];
    int i = 1, any = 0;
    log_path = getenv("WITNESS_LOG");
    if (!log_path || !*log_path) log_path = "/tmp/witness.log";
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--selftest") == 0) return selftest();
        if (strcmp(argv[i], "--verify") == 0) {
            if (i + 1 >= argc) return usage();
            const char *head = NULL;
            if (i + 3 < argc && strcmp(argv[i + 2], "--head") == 0) head = argv[i + 3];
            return verify(argv[i + 1], head, 0); /* further arguments are ignored */
        }
        if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) log_path = argv[++i];
        else if (strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
            if (parse_calls(argv[++i], sel) != 0) return 2;
            any = 1;
        } else if (strcmp(argv[i], "--verify-after") == 0) verify_after = 1;
        else if (strcmp(argv[i], "--") == 0) { i++; break; }
        else return usage();
    }
    if (i >= argc) return usage();
    if (!any) /* the peer's set (read, write, execve, openat), plus open, close,
               * readv and writev (stdio writes with writev) */
        sel[0] = sel[1] = sel[2] = sel[3] = sel[19] = sel[20] = sel[59] = sel[257] = 1;

    struct lind_grate g;
    lind_grate_init(&g);
    for (int nr = 0; nr < 400; nr++)
        if (sel[nr]) lind_grate_register(&g, (uint64_t)nr, handler_for(nr));
    lind_grate_preexec(&g, open_log, NULL);
    lind_grate_teardown(&g, finish, NULL);
    int r = lind_grate_run(&g, &argv[i]);
    return log_failed && r == 0 ? 1 : r;
}
