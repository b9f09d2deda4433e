/* NULL buffers and impossible lengths: Linux answers EFAULT (the kernel
 * checks the address range). In a cage, address 0 is inside linear
 * memory, so this checks that lind still reports EFAULT rather than
 * reading or writing the cage's page 0. */
#include "testlib.h"
#include <sys/utsname.h>
#include <sys/uio.h>
#include <time.h>

int main(void) {
    put_file("f", "0123456789");
    CHECK(symlink("f", "l"));
    int fd = CHECK(open("f", O_RDWR));
    CHECK(read(fd, NULL, 5));
    CHECK(write(fd, NULL, 5));
    CHECK(pread(fd, NULL, 5, 0));
    CHECK(pwrite(fd, NULL, 5, 0));
    CHECK(read(fd, NULL, 0));
    CHECK(write(fd, NULL, 0));
    CHECK(readv(fd, NULL, 1));
    CHECK(fstat(fd, NULL));
    CHECK(stat("f", NULL));
    CHECK(lstat("l", NULL));
    CHECK(uname(NULL));
    CHECK(readlink("l", NULL, 10));
    CHECK(open(NULL, O_RDONLY));
    CHECK(mkdir(NULL, 0755));
    CHECK(unlink(NULL));
    CHECK(access(NULL, F_OK));
    CHECK(chdir(NULL));
    CHECK(rename("f", NULL));
    /* huge lengths: the range [buf, buf+len) cannot be valid memory */
    char small[16];
    CHECK(read(fd, small, (size_t)-1));
    CHECK(write(fd, small, (size_t)-1));
    CHECK(pread(fd, small, (size_t)-1, 0));
    CHECK(pwrite(fd, small, (size_t)-1, 0));
    CHECK(close(fd));
    show_file("f");
    return 0;
}
