/* inet_pton and inet_ntop. wasi-libc's objects compare the family with
 * WASI's AF_INET (1) and AF_INET6 (2); cage code passes Linux's (2, 10),
 * so they are replaced by these. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Dotted quad, four decimal parts of at most 255 without leading zeros.
 * Returns the characters consumed, 0 if s does not start with one. */
static int pton4(const char *s, unsigned char out[4]) {
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        if (i && *p++ != '.') return 0;
        if (*p < '0' || *p > '9') return 0;
        if (*p == '0' && p[1] >= '0' && p[1] <= '9') return 0;
        int v = 0, digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 4) v = v * 10 + (*p++ - '0'), digits++;
        if (v > 255 || digits > 3) return 0;
        out[i] = (unsigned char)v;
    }
    return (int)(p - s);
}

static int pton6(const char *s, unsigned char out[16]) {
    unsigned short w[8];
    int n = 0, gap = -1;
    const char *p = s;
    if (p[0] == ':' && p[1] == ':') {
        gap = 0;
        p += 2;
    }
    while (*p) {
        if (n == 8) return 0;
        int v = 0, digits = 0;
        while (hexval(*p) >= 0 && digits < 5) v = v * 16 + hexval(*p++), digits++;
        if (*p == '.' && n <= 6) { /* trailing IPv4 part */
            unsigned char q[4];
            p -= digits;
            int k = pton4(p, q);
            if (!k || p[k]) return 0;
            w[n++] = (unsigned short)(q[0] << 8 | q[1]);
            w[n++] = (unsigned short)(q[2] << 8 | q[3]);
            break;
        }
        if (digits == 0 || digits > 4) return 0;
        w[n++] = (unsigned short)v;
        if (!*p) break;
        if (*p++ != ':') return 0;
        if (*p == ':') {
            if (gap >= 0) return 0;
            gap = n;
            p++;
        } else if (!*p) {
            return 0;
        }
    }
    if (gap < 0 ? n != 8 : n == 8) return 0;
    int fill = 8 - n;
    for (int i = 0, j = 0; i < 8; i++) {
        unsigned short v = (gap >= 0 && i >= gap && i < gap + fill) ? 0 : w[j++];
        out[2 * i] = (unsigned char)(v >> 8);
        out[2 * i + 1] = (unsigned char)v;
    }
    return 1;
}

int inet_pton(int af, const char *restrict s, void *restrict dst) {
    unsigned char a[16];
    if (af == AF_INET) {
        int k = pton4(s, a);
        if (!k || s[k]) return 0;
        memcpy(dst, a, 4);
        return 1;
    }
    if (af == AF_INET6) {
        if (!pton6(s, a)) return 0;
        memcpy(dst, a, 16);
        return 1;
    }
    errno = EAFNOSUPPORT;
    return -1;
}

/* Lower-case hex, the longest run of two or more zero groups (the first
 * of equal ones) as "::", the last 32 bits of an IPv4-compatible or
 * -mapped address in dotted form (as glibc prints them). */
static void ntop6(const unsigned char *a, char *buf) {
    unsigned w[8];
    for (int i = 0; i < 8; i++) w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    int best = -1, bestlen = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0) j++;
        if (j - i > bestlen) best = i, bestlen = j - i;
        i = j > i ? j : i + 1;
    }
    /* IPv4-compatible (six zero groups) and IPv4-mapped */
    if (best == 0 && (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
        sprintf(buf, bestlen == 5 ? "::ffff:%u.%u.%u.%u" : "::%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
        return;
    }
    char *p = buf;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            p += sprintf(p, "::");
            i += bestlen - 1;
            continue;
        }
        p += sprintf(p, (i && i != best + bestlen) ? ":%x" : "%x", w[i]);
    }
    *p = 0;
}

const char *inet_ntop(int af, const void *restrict src, char *restrict dst, socklen_t size) {
    char buf[64];
    const unsigned char *a = src;
    if (af == AF_INET) sprintf(buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    else if (af == AF_INET6) ntop6(a, buf);
    else {
        errno = EAFNOSUPPORT;
        return NULL;
    }
    if (strlen(buf) >= size) {
        errno = ENOSPC;
        return NULL;
    }
    return strcpy(dst, buf);
}
