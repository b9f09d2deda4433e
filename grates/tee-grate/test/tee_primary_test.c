/* tee-grate test: the primary chain is testing-grate failing mkdir with
 * EACCES; the secondary is imfs with strace nearest the program. The
 * program gets the primary's results (mkdir fails, unlink of a file on the
 * real lindfs works); the secondary's trace (stderr) shows it got the same
 * calls with its own results, and its failure (the file is not in imfs)
 * is logged by the tee, never returned. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    int r = mkdir("/tee_dir", 0755);
    printf("mkdir: %d %s\n", r, r < 0 ? strerror(errno) : "");
    r = unlink("/tee_primary.txt");
    printf("unlink: %d\n", r);
    printf("unlinked on the real lindfs: %s\n", access("/tee_primary.txt", F_OK) < 0 ? "yes" : "NO");
    return 0;
}
