/* fcntl record locks within one process: set, query (own locks never
 * conflict, so F_GETLK answers F_UNLCK), unlock, lock type vs open mode,
 * bad arguments. */
#include "testlib.h"

static const char *tname(int t) {
    return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

static int lk(int fd, int cmd, int type, long start, long len) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = (short)type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    int r = fcntl(fd, cmd, &fl);
    int e = errno;
    if (cmd == F_GETLK && r == 0)
        printf("  F_GETLK %s [%ld,+%ld] -> %s\n", tname(type), start, len, tname(fl.l_type));
    else
        printf("  %s %s [%ld,+%ld] -> %d %s\n", cmd == F_SETLK ? "F_SETLK" : cmd == F_SETLKW ? "F_SETLKW" : "F_GETLK",
               tname(type), start, len, r, r < 0 ? errname(e) : "");
    return r;
}

int main(void) {
    int fd = CHECK(open("l.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(write(fd, "0123456789", 10));
    lk(fd, F_SETLK, F_WRLCK, 0, 5);
    lk(fd, F_GETLK, F_WRLCK, 0, 5);
    lk(fd, F_SETLK, F_RDLCK, 2, 2);
    lk(fd, F_SETLKW, F_WRLCK, 0, 0);
    lk(fd, F_SETLK, F_UNLCK, 0, 0);
    lk(fd, F_GETLK, F_RDLCK, 0, 0);
    lk(fd, F_SETLK, 99, 0, 1);
    lk(fd, F_GETLK, 99, 0, 1);
    lk(fd, F_SETLK, F_WRLCK, -5, 1);
    CHECK(close(fd));
    fd = CHECK(open("l.txt", O_RDONLY));
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    lk(fd, F_SETLK, F_RDLCK, 0, 1);
    CHECK(close(fd));
    fd = CHECK(open("l.txt", O_WRONLY));
    lk(fd, F_SETLK, F_RDLCK, 0, 1);
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    CHECK(close(fd));
    lk(fd, F_SETLK, F_WRLCK, 0, 1);
    return 0;
}
