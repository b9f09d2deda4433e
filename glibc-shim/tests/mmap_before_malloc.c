/* mmap before the program's first malloc: malloc must not hand out the
 * mapping's pages (wasi-libc's malloc claims the whole memory on its first
 * call; crt1 makes that call before main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  size_t map_len = 1 << 20, heap_len = 3 << 20;
  unsigned char* a = mmap(0, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) return perror("mmap"), 1;
  memset(a, 0x77, map_len);
  unsigned char* m = malloc(heap_len);
  if (!m) return perror("malloc"), 1;
  memset(m, 0x55, heap_len);
  size_t bad = 0;
  for (size_t i = 0; i < map_len; ++i) bad += a[i] != 0x77;
  printf("mapping %s\n", bad ? "clobbered by malloc" : "intact");
  return bad != 0;
}
