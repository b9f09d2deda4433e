/* fork copies memory, stdio buffers included: text printed but not
 * flushed before fork comes out twice (once from each process, when each
 * flushes at exit). Also a FILE opened for writing before fork with
 * unflushed data: both processes flush their copy into the shared
 * description, so the file holds the data twice. And text flushed before
 * fork appears once. */
#include "proctest.h"

int main(int argc, char **argv) {
    proc_init(argc, argv);
    printf("flushed before fork (once)\n");
    fflush(stdout);
    FILE *f = fopen("buffered.txt", "w");
    fprintf(f, "[unflushed in FILE]");
    printf("unflushed before fork (twice)\n");
    pid_t pid = fork(); /* deliberately not xfork(): no flush */
    if (pid < 0) {
        int e = errno;
        fflush(stdout);
        printf("fork: -1 %s\n", errname(e));
        return 1;
    }
    if (pid == 0) {
        printf("child: exiting (its copy of the buffer is flushed by exit)\n");
        fclose(f);
        exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent: child %s\n", status_str(st));
    fclose(f);
    fflush(stdout);
    show_file("buffered.txt");
    return 0;
}
