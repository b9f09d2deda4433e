/* Runs as (grates_test.toml):
 *   net-routing-clamp --ports 8080-8090 %{ testing-grate -s 49:0,42:-166,44:-164,1:-165 %} net_routing_test
 * RawPOSIX serves no sockets (every socket call is ENOSYS), so this checks
 * the routing only, with raw calls:
 * calls naming a port in range reach the testing grate (its constants),
 * the rest the runtime (ENOSYS); a fd bound inside stays inside (write on
 * it gets the testing grate's -165), others do not. Without the clamp,
 * bind/connect/sendto are all ENOSYS and write(7) is EBADF. */
#include <errno.h>
#include <lind_syscall.h>
#include <stdio.h>
#include <string.h>

static uint64_t me;

static long raw(unsigned nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6) {
    return make_threei_call(nr, 0, me, me, a1, me, a2, me, a3, me, a4, me, a5, me, a6, me, TRANSLATE_ERRNO_OFF);
}

/* A Linux sockaddr_in / sockaddr_in6 (family little-endian, port big-endian). */
static unsigned char sa[28];
static uint64_t addr(unsigned family, unsigned port) {
    memset(sa, 0, sizeof sa);
    sa[0] = (unsigned char)family;
    sa[2] = (unsigned char)(port >> 8);
    sa[3] = (unsigned char)port;
    return (uint64_t)(uintptr_t)sa;
}

static const char *what(long r) {
    static char buf[32];
    if (r == 0) return "0";
    if (r == -1165 || r == -165) return "inner(-165)";
    if (r == -1166 || r == -166) return "inner(-166)";
    if (r == -1164 || r == -164) return "inner(-164)";
    if (r == -ENOSYS) return "ENOSYS";
    if (r == -EBADF) return "EBADF";
    snprintf(buf, sizeof buf, "%ld", r);
    return buf;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    me = (uint64_t)getpid();
    printf("bind(7, inet 8080): %s\n", what(raw(49, 7, addr(2, 8080), 16, 0, 0, 0)));
    printf("bind(8, inet 9999): %s\n", what(raw(49, 8, addr(2, 9999), 16, 0, 0, 0)));
    printf("bind(13, inet6 8090): %s\n", what(raw(49, 13, addr(10, 8090), 28, 0, 0, 0)));
    printf("bind(14, inet 8091): %s\n", what(raw(49, 14, addr(2, 8091), 16, 0, 0, 0)));
    printf("bind(15, inet 8079): %s\n", what(raw(49, 15, addr(2, 8079), 16, 0, 0, 0)));
    printf("connect(9, inet 8085): %s\n", what(raw(42, 9, addr(2, 8085), 16, 0, 0, 0)));
    printf("connect(9, inet 12345): %s\n", what(raw(42, 9, addr(2, 12345), 16, 0, 0, 0)));
    printf("connect(10, unix): %s\n", what(raw(42, 10, addr(1, 8085), 16, 0, 0, 0)));
    printf("connect(7, unix): %s\n", what(raw(42, 7, addr(1, 8085), 16, 0, 0, 0)));
    printf("sendto(12, -> 8080): %s\n", what(raw(44, 12, (uint64_t)(uintptr_t)"x", 1, 0, addr(2, 8080), 16)));
    printf("sendto(12, -> 9000): %s\n", what(raw(44, 12, (uint64_t)(uintptr_t)"x", 1, 0, addr(2, 9000), 16)));
    printf("write(7) (bound inside): %s\n", what(raw(1, 7, (uint64_t)(uintptr_t)"x", 1, 0, 0, 0)));
    printf("write(8) (not bound): %s\n", what(raw(1, 8, (uint64_t)(uintptr_t)"x", 1, 0, 0, 0)));
    return 0;
}
