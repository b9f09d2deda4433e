/* argv (after argv[0], whose spelling differs) and the whole environment,
 * as given on the command line (native: env -i; lind-boot: --env). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=[%s]\n", i, argv[i]);
  int n = 0;
  while (environ[n]) ++n;
  qsort(environ, n, sizeof *environ, cmp);
  printf("environ has %d entries\n", n);
  for (int i = 0; i < n; ++i) printf("env[%d]=[%s]\n", i, environ[i]);
  const char* g = getenv("GREETING");
  printf("GREETING=%s\n", g ? g : "(unset)");
  printf("MISSING=%s\n", getenv("MISSING") ? "set" : "(unset)");
  return argc;
}
