/* redaction-grate: every occurrence of each TEXT in what the program it
 * runs (and every descendant) writes with write, pwrite or writev is
 * replaced by the mask byte repeated (same length). The bytes are copied
 * into the grate, rewritten there, and the write is forwarded from the
 * grate's own buffer: the cage's memory is never modified.
 *   redaction-grate --redact TEXT [TEXT...] [--redact TEXT...] [--mask C] -- PROGRAM [ARGS...] */
#include <errno.h>
#include <lind_grate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXTS 64
#define MAX_TEXT_LEN 256
#define WINDOW (64 * 1024)   /* bytes forwarded per step */
#define MAX_IOV 1024         /* Linux's IOV_MAX */

static const char *texts[MAX_TEXTS];
static size_t text_len[MAX_TEXTS];
static int ntexts;
static size_t max_len = 1;
static char mask_char = '*';

/* WINDOW bytes plus room for a match that starts in them and ends later. */
static unsigned char buf[WINDOW + MAX_TEXT_LEN];

/* Where the bytes come from: the segments (cage addresses) of one write or
 * writev, seen as one stream so matches across segments are found. */
struct seg {
    uint64_t addr;
    uint64_t len;
};
static struct seg segs[MAX_IOV];

static int read_stream(uint64_t cage, const struct seg *s, int nseg, uint64_t off, unsigned char *dst, uint64_t len) {
    for (int i = 0; i < nseg && len > 0; i++) {
        if (off >= s[i].len) {
            off -= s[i].len;
            continue;
        }
        uint64_t n = s[i].len - off < len ? s[i].len - off : len;
        int r = lind_grate_read(cage, s[i].addr + off, dst, (size_t)n);
        if (r < 0) return r;
        dst += n;
        len -= n;
        off = 0;
    }
    return len == 0 ? 0 : -EFAULT;
}

/* Masks every match starting in buf[0..len), and buf[0..carry) (the rest of
 * a match that started in the previous window). Returns how far (from
 * buf[0]) the last match reaches. */
static uint64_t redact(unsigned char *b, uint64_t len, uint64_t carry) {
    static unsigned char hit[WINDOW + MAX_TEXT_LEN];
    uint64_t reach = 0;
    /* Matches are looked for in the original bytes (a mask byte may itself
     * be part of a text, and a match may overlap the carried one); only
     * then is anything masked. */
    memset(hit, 0, len);
    for (uint64_t i = 0; i < carry && i < len; i++) hit[i] = 1;
    for (uint64_t i = 0; i < len; i++)
        for (int t = 0; t < ntexts; t++) {
            size_t n = text_len[t];
            if (n <= len - i && memcmp(b + i, texts[t], n) == 0) {
                memset(hit + i, 1, n);
                if (i + n > reach) reach = i + n;
            }
        }
    for (uint64_t i = 0; i < len; i++)
        if (hit[i]) b[i] = (unsigned char)mask_char;
    return reach;
}

/* Redacts the stream of `total` bytes and writes it to fd window by window
 * (pwrite at `pos` + offset when positional). Returns the byte count
 * written, or -errno if nothing was. */
static int redacted_write(uint64_t grate, uint64_t cage, uint64_t fd, const struct seg *s, int nseg, uint64_t total,
                          int positional, uint64_t pos) {
    uint64_t done = 0, mask_until = 0;
    while (done < total) {
        uint64_t rest = total - done;
        uint64_t emit = rest < WINDOW ? rest : WINDOW;
        uint64_t look = rest - emit < max_len - 1 ? rest - emit : max_len - 1;
        int r = read_stream(cage, s, nseg, done, buf, emit + look);
        if (r < 0) return done ? (int)done : r;
        uint64_t carry = mask_until > done ? mask_until - done : 0;
        uint64_t reach = redact(buf, emit + look, carry);
        if (done + reach > mask_until) mask_until = done + reach;
        uint64_t me = grate | LIND_GRATE_MEMORY_FLAG;
        if (positional)
            r = lind_grate_forward(LIND_SYS_pwrite64, grate, fd, cage, (uint64_t)(uintptr_t)buf, me, emit, cage,
                                   pos + done, cage, 0, 0, 0, 0);
        else
            r = lind_grate_forward(LIND_SYS_write, grate, fd, cage, (uint64_t)(uintptr_t)buf, me, emit, cage, 0, 0,
                                   0, 0, 0, 0);
        if (r < 0) return done ? (int)done : r;
        done += (uint64_t)r;
        if ((uint64_t)r < emit) break; /* a short write: report it */
    }
    return (int)done;
}

/* write(fd, buf, count) */
LIND_GRATE_HANDLER(h_write) {
    LIND_GRATE_UNUSED_ARGS;
    struct seg s = {a2, (uint32_t)a3};
    if (s.len == 0) return lind_grate_forward(LIND_SYS_write, grate, a1, a1cage, a2, a2cage, a3, a3cage, 0, 0, 0, 0, 0, 0);
    return redacted_write(grate, a1cage, a1, &s, 1, s.len, 0, 0);
}

/* pwrite64(fd, buf, count, offset) */
LIND_GRATE_HANDLER(h_pwrite) {
    LIND_GRATE_UNUSED_ARGS;
    struct seg s = {a2, (uint32_t)a3};
    if (s.len == 0)
        return lind_grate_forward(LIND_SYS_pwrite64, grate, a1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, 0, 0, 0, 0);
    return redacted_write(grate, a1cage, a1, &s, 1, s.len, 1, a4);
}

/* writev(fd, iov, iovcnt): iov in its wasm32 layout {u32 base, u32 len}.
 * Forwarded as writes of the redacted concatenation. */
LIND_GRATE_HANDLER(h_writev) {
    LIND_GRATE_UNUSED_ARGS;
    int cnt = (int)a3;
    if (cnt < 0 || cnt > MAX_IOV) return -EINVAL;
    if (cnt == 0) return 0;
    static uint32_t raw[2 * MAX_IOV];
    int r = lind_grate_read(a2cage, a2, raw, (size_t)cnt * 8);
    if (r < 0) return r;
    uint64_t total = 0;
    for (int i = 0; i < cnt; i++) {
        segs[i].addr = raw[2 * i];
        segs[i].len = raw[2 * i + 1];
        total += segs[i].len;
    }
    if (total > 0x7fffffff) return -EINVAL;
    if (total == 0) return lind_grate_forward(LIND_SYS_writev, grate, a1, a1cage, a2, a2cage, a3, a3cage, 0, 0, 0, 0, 0, 0);
    return redacted_write(grate, a1cage, a1, segs, cnt, total, 0, 0);
}

static int usage(void) {
    fprintf(stderr, "usage: redaction-grate --redact TEXT [TEXT...] [--redact TEXT...] [--mask C] -- PROGRAM [ARGS...]\n");
    return 2;
}

static int add_text(const char *t) {
    size_t n = strlen(t);
    if (n == 0 || n > MAX_TEXT_LEN) {
        fprintf(stderr, "redaction-grate: --redact: TEXT must be 1 to %d bytes\n", MAX_TEXT_LEN);
        return -1;
    }
    if (ntexts == MAX_TEXTS) {
        fprintf(stderr, "redaction-grate: at most %d texts\n", MAX_TEXTS);
        return -1;
    }
    texts[ntexts] = t;
    text_len[ntexts++] = n;
    if (n > max_len) max_len = n;
    return 0;
}

int main(int argc, char **argv) {
    int i = 1;
    for (;;) {
        if (i >= argc) {
            fprintf(stderr, "redaction-grate: missing -- before the program\n");
            return usage();
        }
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--redact") == 0) {
            i++;
            if (i >= argc || strcmp(argv[i], "--") == 0 || strncmp(argv[i], "--mask", 6) == 0) {
                fprintf(stderr, "redaction-grate: --redact needs a TEXT\n");
                return usage();
            }
            /* TEXT... : every word up to the next --redact, --mask or -- */
            while (i < argc && strcmp(argv[i], "--") != 0 && strcmp(argv[i], "--redact") != 0 &&
                   strcmp(argv[i], "--mask") != 0 && strncmp(argv[i], "--redact=", 9) != 0 &&
                   strncmp(argv[i], "--mask=", 7) != 0)
                if (add_text(argv[i++]) != 0) return 2;
        } else if (strncmp(a, "--redact=", 9) == 0) {
            if (add_text(a + 9) != 0) return 2;
            i++;
        } else if (strcmp(a, "--mask") == 0 || strncmp(a, "--mask=", 7) == 0) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || strlen(v) != 1) {
                fprintf(stderr, "redaction-grate: --mask takes exactly one character\n");
                return 2;
            }
            mask_char = v[0];
            i++;
        } else {
            fprintf(stderr, "redaction-grate: unknown option %s\n", a);
            return usage();
        }
    }
    if (ntexts == 0) {
        fprintf(stderr, "redaction-grate: nothing to redact (no --redact)\n");
        return usage();
    }
    if (i >= argc) return usage();
    struct lind_grate g;
    lind_grate_init(&g);
    lind_grate_register(&g, LIND_SYS_write, h_write);
    lind_grate_register(&g, LIND_SYS_pwrite64, h_pwrite);
    lind_grate_register(&g, LIND_SYS_writev, h_writev);
    return lind_grate_run(&g, &argv[i]);
}
