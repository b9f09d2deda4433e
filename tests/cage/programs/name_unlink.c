/* unlink: files, errors (EISDIR for directories on Linux), unlinking an
 * open file (still readable, nlink 0), unlink of symlinks not targets. */
#include "testlib.h"

int main(void) {
    put_file("f", "still here");
    CHECK(unlink("f"));
    CHECK(unlink("f"));
    CHECK(access("f", F_OK));
    CHECK(mkdir("d", 0755));
    CHECK(unlink("d"));
    CHECK(unlink("d/"));
    CHECK(unlink("missing/x"));
    CHECK(unlink(""));
    put_file("g", "open and unlinked");
    int fd = CHECK(open("g", O_RDWR));
    CHECK(unlink("g"));
    struct stat st;
    CHECK(fstat(fd, &st));
    printf("nlink after unlink %ld size %lld\n", (long)st.st_nlink, (long long)st.st_size);
    char buf[64] = {0};
    CHECK(read(fd, buf, sizeof buf - 1));
    printf("content: %s\n", buf);
    CHECK(write(fd, " more", 5));
    CHECK(close(fd));
    CHECK(access("g", F_OK));
    put_file("target", "t");
    CHECK(symlink("target", "link"));
    CHECK(unlink("link"));
    show_file("target");
    put_file("d/inner", "i");
    CHECK(unlink("d/inner/"));
    CHECK(unlink("d/inner"));
    CHECK(rmdir("d"));
    CHECK(unlinkat(AT_FDCWD, "target", 0));
    list_dir(".", 1);
    return 0;
}
