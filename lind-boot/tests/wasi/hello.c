/* The smallest program: stdout, stderr (not compared), a 0 exit. */
#include <stdio.h>

int main(void) {
  printf("hello, world\n");
  fprintf(stderr, "to stderr\n");
  for (int i = 0; i < 3; ++i) printf("line %d\n", i);
  return 0;
}
