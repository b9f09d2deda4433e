/* Under resource-grate with ports.cfg (connport 8080, messport 5353):
 * bind, connect and sendto issued as raw 3i calls (RawPOSIX serves no
 * sockets yet). Calls naming a port outside the allowlist get EACCES from
 * the grate; allowed ones are forwarded and get whatever the runtime says
 * (today ENOSYS). Without the grate every call gets the runtime's answer. */
#include <errno.h>
#include <lind_syscall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NR_connect 42
#define NR_sendto 44
#define NR_bind 49

/* A Linux struct sockaddr_in for 127.0.0.1:port. */
static void addr(unsigned char sa[16], int port) {
    memset(sa, 0, 16);
    sa[0] = 2; /* AF_INET, little-endian u16 */
    sa[2] = (unsigned char)(port >> 8);
    sa[3] = (unsigned char)port;
    sa[4] = 127;
    sa[7] = 1;
}

static const char *name(int r) {
    if (r == -EACCES) return "EACCES";
    return "not refused by a port check";
}

static int call(int nr, int port) {
    static unsigned char sa[16];
    static char msg[] = "hello";
    uint64_t me = (uint64_t)getpid();
    addr(sa, port);
    if (nr == NR_sendto)
        return make_threei_call(nr, 0, me, me, 3, me, (uint64_t)(uintptr_t)msg, me, 5, me, 0, me,
                                (uint64_t)(uintptr_t)sa, me, 16, me, TRANSLATE_ERRNO_OFF);
    return make_threei_call(nr, 0, me, me, 3, me, (uint64_t)(uintptr_t)sa, me, 16, me, 0, me, 0, me,
                            0, me, TRANSLATE_ERRNO_OFF);
}

int main(void) {
    printf("bind 8080: %s\n", name(call(NR_bind, 8080)));
    printf("bind 9999: %s\n", name(call(NR_bind, 9999)));
    printf("connect 8080: %s\n", name(call(NR_connect, 8080)));
    printf("connect 22: %s\n", name(call(NR_connect, 22)));
    printf("sendto 5353: %s\n", name(call(NR_sendto, 5353)));
    printf("sendto 53: %s\n", name(call(NR_sendto, 53)));
    return 0;
}
