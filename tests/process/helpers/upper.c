/* helper bin/upper: copies stdin to stdout in upper case (a filter in the
 * middle of a pipeline). Exits 0, or 3 on a write error. */
#include "../programs/proctest.h"
#include <ctype.h>

int main(void) {
    char buf[4096];
    ssize_t r;
    while ((r = read(0, buf, sizeof buf)) != 0) {
        if (r < 0) {
            if (errno == EINTR) continue;
            return 4;
        }
        for (ssize_t i = 0; i < r; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
        if (write_full(1, buf, (size_t)r) < 0) return 3;
    }
    return 0;
}
