/* getline/getdelim with lines longer than any initial buffer, fdopen,
 * fileno, fclose closing the fd. */
#include "testlib.h"

int main(void) {
    FILE *f = fopen("l.txt", "w");
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < i * 300; j++) fputc('a' + (i + j) % 26, f);
        fputc('\n', f);
    }
    fputs("x;y;;z", f);
    fclose(f);

    f = fopen("l.txt", "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) != -1)
        printf("getline -> %zd fnv %08x cap>=len %d\n", n, fnv1a(line, (size_t)n, FNV_INIT), cap > (size_t)n);
    printf("at eof feof %d\n", feof(f) != 0);
    rewind(f);
    for (int i = 0; i < 5; i++) getline(&line, &cap, f);
    while ((n = getdelim(&line, &cap, ';', f)) != -1) printf("getdelim -> %zd [%s]\n", n, line);
    free(line);
    fclose(f);

    int fd = CHECK(open("fd.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    FILE *g = CHECK_PTR(fdopen(fd, "w+"));
    printf("fileno matches: %d\n", fileno(g) == fd);
    fprintf(g, "via fdopen %d\n", 7);
    CHECK(fclose(g));
    CHECK(write(fd, "x", 1));
    CHECK(close(fd));
    show_file("fd.txt");

    return 0;
}
