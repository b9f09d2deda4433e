/* Exit statuses: exit(N) (atexit handlers and stdio flushing run),
 * return N from main, _Exit(N) (neither runs). Usage: exit_code MODE N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(int argc, char** argv) {
  if (argc != 3) return 99;
  int n = atoi(argv[2]);
  atexit(bye);
  printf("mode %s, status %d, buffered", argv[1], n);  /* no newline: stays buffered */
  if (!strcmp(argv[1], "exit")) exit(n);
  if (!strcmp(argv[1], "_Exit")) _Exit(n);
  return n;
}
