/* The cage for the seed grate (seed_geteuid_grate.c, copied verbatim from
 * shared/seeds/000): under the grate, geteuid() returns 10. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    uid_t e = geteuid();
    printf("geteuid: %u\n", (unsigned)e);
    return e == 10 ? 0 : 1;
}
