/* Prints what read(99), access("/") and getpid give. Under
 * testing-grate -s 0:100,1:,21:-13,102:4242 read returns 100 on an fd that
 * does not exist, access fails with EACCES and getuid is 4242 (write passes
 * through, so the output appears); in the chained test the real read and
 * access run and getuid comes from the outer grate. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void show(const char *what, long r) {
    if (r >= 0) printf("%s = %ld\n", what, r);
    else printf("%s = -1 (%s)\n", what, errno == EBADF ? "EBADF" : errno == EACCES ? "EACCES" : strerror(errno));
}

int main(void) {
    char buf[8];
    show("read(99)", (long)read(99, buf, sizeof buf));
    show("access(/)", (long)access("/", F_OK));
    show("getuid", (long)getuid());
    return 0;
}
