/* Randomness, and memory: malloc growing the memory a lot (many MiB, big
 * and small blocks) while file calls keep working. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(void) {
  unsigned char a[256], b[256], zero[256] = {0};
  CHECK(getentropy(a, sizeof a));
  CHECK(getentropy(b, sizeof b));
  printf("random bytes are not zero: %s\n", memcmp(a, zero, sizeof a) ? "yes" : "NO");
  printf("two reads differ: %s\n", memcmp(a, b, sizeof a) ? "yes" : "NO");
  CHECK(getentropy(a, 257));

  unsigned long sum = 0;
  enum { kBlocks = 64 };
  char* blocks[kBlocks];
  for (int i = 0; i < kBlocks; ++i) {
    size_t len = (size_t)(i % 8 + 1) * 100000 + (size_t)i;
    blocks[i] = malloc(len);
    if (!blocks[i]) {
      printf("malloc %zu failed\n", len);
      return 1;
    }
    memset(blocks[i], i, len);
    sum += len;
  }
  printf("allocated %lu bytes in %d blocks\n", sum, kBlocks);
  for (int i = 0; i < kBlocks; i += 2) free(blocks[i]);
  char* grown = NULL;
  for (size_t len = 1000; len < 20 * 1000 * 1000; len *= 3) {
    grown = realloc(grown, len);
    grown[len - 1] = 'x';
  }
  int ok = 1;
  for (int i = 1; i < kBlocks; i += 2) {
    size_t len = (size_t)(i % 8 + 1) * 100000 + (size_t)i;
    for (size_t k = 0; k < len; k += 4093) ok &= blocks[i][k] == (char)i;
    free(blocks[i]);
  }
  printf("blocks intact: %s\n", ok ? "yes" : "NO");
  free(grown);

  /* File calls after all that growth, while a block at the top of the
   * memory holds data: calls that need scratch space must leave it alone. */
  size_t top_len = 4 * 1024 * 1024;
  unsigned char* top = malloc(top_len);
  for (size_t i = 0; i < top_len; ++i) top[i] = (unsigned char)(i * 31 + 7);
  int fd = open("after_malloc.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  printf("open after malloc: %s\n", fd >= 0 ? "ok" : errname(errno));
  CHECK(write(fd, "still works\n", 12));
  struct stat st;
  for (int i = 0; i < 50; ++i) {
    stat("after_malloc.txt", &st);
    fstat(fd, &st);
    mkdir("d", 0755);
    rename("d", "e");
    rmdir("e");
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    DIR* d = opendir(".");
    while (readdir(d)) {}
    closedir(d);
  }
  printf("size after the loop: %lld\n", (long long)st.st_size);
  CHECK(close(fd));
  int intact = 1;
  for (size_t i = 0; i < top_len; ++i) intact &= top[i] == (unsigned char)(i * 31 + 7);
  printf("malloc'd data intact after the calls: %s\n", intact ? "yes" : "NO");
  free(top);
  return 0;
}
