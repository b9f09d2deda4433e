/* Under resource-grate with rate.cfg (filewrite and fileread 40960 B/s):
 * writes 80 KiB to a file in 4 KiB writes, then reads it back. Each is two
 * seconds' worth at the configured rate; the bucket lets one second's worth
 * through at once, so each must take at least ~1 s. Without the grate both
 * finish at once and the verdicts say "no". */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 4096
#define COUNT 20 /* 80 KiB = 2 s at 40960 B/s */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
    static char buf[CHUNK], back[CHUNK];
    int fd = open("rate_test.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return perror("open for writing"), 1;
    double t0 = now();
    long total = 0;
    for (int i = 0; i < COUNT; i++) {
        memset(buf, 'a' + i, sizeof buf);
        ssize_t n = write(fd, buf, sizeof buf);
        if (n != CHUNK) return perror("write"), 1;
        total += n;
    }
    double wt = now() - t0;
    close(fd);
    printf("wrote %ld bytes\n", total);
    printf("write took at least 0.9 s for 1 s worth beyond the burst: %s\n", wt >= 0.9 ? "yes" : "no");

    fd = open("rate_test.bin", O_RDONLY);
    if (fd < 0) return perror("open for reading"), 1;
    t0 = now();
    total = 0;
    int ok = 1;
    for (int i = 0; i < COUNT; i++) {
        ssize_t n = read(fd, back, sizeof back);
        if (n != CHUNK) return perror("read"), 1;
        memset(buf, 'a' + i, sizeof buf);
        ok &= memcmp(buf, back, CHUNK) == 0;
        total += n;
    }
    double rt = now() - t0;
    close(fd);
    printf("read %ld bytes, contents %s\n", total, ok ? "intact" : "CORRUPT");
    printf("read took at least 0.9 s for 1 s worth beyond the burst: %s\n", rt >= 0.9 ? "yes" : "no");
    printf("neither took more than 30 s: %s\n", wt < 30 && rt < 30 ? "yes" : "no");
    return 0;
}
