/* uname: sysname is "Linux"; the other fields are non-empty strings. */
#include "testlib.h"
#include <sys/utsname.h>

int main(void) {
    struct utsname u;
    CHECK(uname(&u));
    printf("sysname %s\n", u.sysname);
    printf("nodename nonempty %d release nonempty %d version nonempty %d machine nonempty %d\n",
           u.nodename[0] != 0, u.release[0] != 0, u.version[0] != 0, u.machine[0] != 0);
    printf("release starts with a digit %d\n", u.release[0] >= '0' && u.release[0] <= '9');
    return 0;
}
