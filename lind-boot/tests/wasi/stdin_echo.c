/* stdin to stdout, upper-cased, in odd-sized reads; then the byte count. */
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char buf[1000];
  long total = 0, lines = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf - 7)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      buf[i] = (char)toupper((unsigned char)buf[i]);
      if (buf[i] == '\n') ++lines;
    }
    fwrite(buf, 1, (size_t)n, stdout);
    total += n;
  }
  printf("read %ld bytes, %ld lines, last read %zd\n", total, lines, n);
  return 0;
}
