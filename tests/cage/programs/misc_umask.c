/* umask: the initial value, each call returns the previous mask, bits
 * beyond 0777 are dropped, and the mask applies to open/mkdir/creat but
 * not to chmod. */
#include "testlib.h"

int main(void) {
    mode_t first = umask(0);
    printf("initial %03o\n", first);
    printf("%03o\n", umask(0777));
    printf("%03o\n", umask(07777));
    printf("%03o\n", umask(0123));
    printf("%03o\n", umask(0456));
    printf("%03o\n", umask(0));
    umask(0123);
    int fd = open("f", O_WRONLY | O_CREAT, 0777);
    close(fd);
    mkdir("d", 0777);
    fd = creat("c", 0666);
    close(fd);
    struct stat st;
    stat("f", &st); printf("open 0777 -> %04o\n", st.st_mode & 07777);
    stat("d", &st); printf("mkdir 0777 -> %04o\n", st.st_mode & 07777);
    stat("c", &st); printf("creat 0666 -> %04o\n", st.st_mode & 07777);
    chmod("f", 0777);
    stat("f", &st); printf("chmod 0777 -> %04o\n", st.st_mode & 07777);
    umask(0);
    fd = open("g", O_WRONLY | O_CREAT, 07777);
    close(fd);
    stat("g", &st); printf("open 07777 umask 0 -> %04o\n", st.st_mode & 07777);
    return (int)(first & 0777);
}
