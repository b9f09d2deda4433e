/* getpid/getppid/getuid/geteuid/getgid/getegid: print relations, never
 * the values. */
#include "testlib.h"

int main(void) {
    pid_t p = getpid();
    printf("getpid > 0: %d\n", p > 0);
    printf("getpid stable: %d\n", getpid() == p);
    printf("getppid >= 0: %d, != pid: %d\n", getppid() >= 0, getppid() != p);
    printf("uid == euid: %d\n", getuid() == geteuid());
    printf("gid == egid: %d\n", getgid() == getegid());
    printf("uid stable: %d\n", getuid() == getuid());
    printf("pid_t size %zu uid_t size %zu\n", sizeof(pid_t), sizeof(uid_t));
    put_file("mine", "x");
    struct stat st;
    stat("mine", &st);
    printf("new file owned by euid/egid: %d %d\n", st.st_uid == geteuid(), st.st_gid == getegid());
    return 0;
}
