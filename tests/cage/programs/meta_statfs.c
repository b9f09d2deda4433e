/* statfs/fstatfs/statvfs: succeed on files and dirs (the values depend on
 * the host file system; only sanity is printed), errors. */
#include "testlib.h"
#include <sys/statfs.h>
#include <sys/statvfs.h>

int main(void) {
    struct statfs s1, s2;
    CHECK(statfs(".", &s1));
    printf("bsize>0 %d blocks>0 %d namelen>0 %d\n", s1.f_bsize > 0, s1.f_blocks > 0, s1.f_namelen > 0);
    put_file("f", "x");
    int fd = open("f", O_RDONLY);
    CHECK(fstatfs(fd, &s2));
    printf("same fs type as '.': %d\n", s1.f_type == s2.f_type);
    close(fd);
    CHECK(statfs("missing", &s1));
    CHECK(statfs("f/x", &s1));
    CHECK(fstatfs(-1, &s1));
    struct statvfs v;
    CHECK(statvfs(".", &v));
    printf("statvfs bsize>0 %d frsize>0 %d\n", v.f_bsize > 0, v.f_frsize > 0);
    CHECK(statvfs("missing", &v));
    return 0;
}
