/* helper bin/spin: announces itself on stdout, then loops forever without
 * a single call (only a signal can stop it). */
#include "../programs/proctest.h"

int main(void) {
    write_str(1, "spin: spinning\n");
    for (;;)
        ;
}
