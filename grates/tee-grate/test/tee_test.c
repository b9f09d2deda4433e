/* tee-grate test: the primary is the real lindfs (an empty chain), the
 * secondary is imfs-grate with strace-grate nearest the program, tracing
 * (on stderr) what the secondary receives. The program checks the primary
 * side: its fds are the kernel's (< 512, imfs numbers from 512) and the
 * file it wrote reads back from the real lindfs (st_dev is not imfs's).
 * The expected stderr is the secondary's trace: imfs fds, mapped from the
 * primary's. Without the tee, stderr would be empty. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMFS_DEV 0x494d4653

int main(void) {
    int a = open("/tee_a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int b = open("/tee_b.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("open a: %s, b: %s\n", a >= 0 && a < 512 ? "kernel fd" : "BAD", b >= 0 && b < 512 && b != a ? "kernel fd" : "BAD");
    printf("write a: %d\n", (int)write(a, "alpha\n", 6));
    printf("close a: %d\n", close(a));
    printf("write b: %d\n", (int)write(b, "bravo\n", 6));
    printf("close b: %d\n", close(b));

    int r = open("/tee_a.txt", O_RDONLY);
    char buf[32] = {0};
    int n = (int)read(r, buf, sizeof buf - 1);
    struct stat st;
    int f = fstat(r, &st);
    printf("read back: %d \"%.*s\"\n", n, n > 0 ? n - 1 : 0, buf);
    printf("on the real lindfs: %s\n", r >= 0 && r < 512 && f == 0 && st.st_dev != IMFS_DEV ? "yes" : "NO");
    printf("close: %d\n", close(r));
    printf("stat /tee_b.txt size: %lld\n", stat("/tee_b.txt", &st) == 0 ? (long long)st.st_size : -1LL);
    return 0;
}
