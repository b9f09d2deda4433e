/* helper bin/linecount [LABEL]: reads stdin to EOF and prints
 * "LABEL: lines=N bytes=M fnv=H first=<line> last=<line>" (the last stage
 * of the pipelines). Exits with N % 256. */
#include "../programs/proctest.h"

int main(int argc, char **argv) {
    size_t len;
    char *s = slurp_fd(0, &len);
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n') lines++;
    char first[64] = "", last[64] = "";
    char *nl = strchr(s, '\n');
    if (nl) snprintf(first, sizeof first, "%.*s", (int)(nl - s), s);
    if (len > 1) {
        size_t e = len - 1, b = e;
        while (b > 0 && s[b - 1] != '\n') b--;
        snprintf(last, sizeof last, "%.*s", (int)(e - b), s + b);
    }
    printf("%s: lines=%ld bytes=%zu fnv=%08x first=<%s> last=<%s>\n",
           argc > 1 ? argv[1] : "linecount", lines, len, fnv1a(s, len, FNV_INIT), first, last);
    fflush(stdout);
    return (int)(lines % 256);
}
