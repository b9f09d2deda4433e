/* puts/putchar/fputs/fwrite on stdout, interleaved with write(1) after
 * fflush; stderr output (not compared) must not disturb stdout; perror. */
#include "testlib.h"

int main(void) {
    puts("one");
    fputs("two\n", stdout);
    fwrite("three\n", 1, 6, stdout);
    fflush(stdout);
    write(1, "four (write)\n", 13);
    printf("five %d\n", 5);
    fprintf(stderr, "this goes to stderr\n");
    errno = ENOENT;
    perror("perror to stderr");
    fflush(stdout);
    write(1, "six (write)\n", 12);
    printf("seven: stdout fileno %d stderr fileno %d stdin fileno %d\n", fileno(stdout), fileno(stderr), fileno(stdin));
    for (int i = 0; i < 2000; i++) printf("%d%c", i, i % 20 == 19 ? '\n' : ' ');
    printf("ferror(stdout) %d\n", ferror(stdout) != 0);
    return 0;
}
