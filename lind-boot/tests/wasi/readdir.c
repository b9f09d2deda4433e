/* Directory listing: a directory of several hundred entries with long
 * names (more than one fd_readdir buffer, so cookies and refills are
 * exercised), entry types, rewinddir, telldir/seekdir, an empty
 * directory and listing the root. Names are sorted before printing: the
 * order of readdir is the file system's. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static const char* type_name(unsigned char t) {
  switch (t) {
    case DT_REG: return "reg";
    case DT_DIR: return "dir";
    case DT_LNK: return "lnk";
    case DT_UNKNOWN: return "unknown";
    default: return "other";
  }
}

/* Lists `path` sorted; prints the first `show` entries and a count. */
static int list(const char* path, int show) {
  DIR* d = opendir(path);
  if (!d) {
    printf("opendir %s: %s\n", path, errname(errno));
    return -1;
  }
  char** names = NULL;
  int n = 0;
  struct dirent* e;
  errno = 0;
  while ((e = readdir(d))) {
    names = realloc(names, (n + 1) * sizeof *names);
    char line[600];
    snprintf(line, sizeof line, "%s (%s)", e->d_name, type_name(e->d_type));
    names[n++] = strdup(line);
  }
  printf("readdir %s ended with %s\n", path, errname(errno));
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s: %d entries\n", path, n);
  for (int i = 0; i < n && i < show; ++i) printf("  %s\n", names[i]);
  for (int i = 0; i < n; ++i) free(names[i]);
  free(names);
  return n;
}

int main(void) {
  mkdir("tree", 0755);
  mkdir("tree/subdir", 0755);
  mkdir("tree/empty", 0755);
  close(open("tree/plain", O_CREAT | O_WRONLY, 0644));
  symlink("plain", "tree/link");
  char name[300];
  for (int i = 0; i < 300; ++i) {
    snprintf(name, sizeof name, "tree/file_with_a_rather_long_name_to_fill_the_buffer_quickly_%03d", i);
    close(open(name, O_CREAT | O_WRONLY, 0644));
  }
  list("tree", 12);
  list("tree/empty", 10);
  list("tree/plain", 10);
  list("nonexistent", 10);
  list(".", 3);

  /* rewinddir gives the same entries again; seekdir returns to a telldir. */
  DIR* d = opendir("tree");
  int first = 0, second = 0;
  while (readdir(d)) ++first;
  rewinddir(d);
  while (readdir(d)) ++second;
  printf("after rewinddir: %s\n", first == second ? "same count" : "DIFFERENT count");
  rewinddir(d);
  for (int i = 0; i < 100; ++i) readdir(d);
  long pos = telldir(d);
  char a[3][300];
  for (int i = 0; i < 3; ++i) strcpy(a[i], readdir(d)->d_name);
  for (int i = 0; i < 50; ++i) readdir(d);
  seekdir(d, pos);
  int same = 1;
  for (int i = 0; i < 3; ++i) same &= strcmp(a[i], readdir(d)->d_name) == 0;
  printf("after seekdir: %s\n", same ? "same entries" : "DIFFERENT entries");
  closedir(d);

  /* Removing entries while listing the rest is fine. */
  for (int i = 0; i < 300; i += 2) {
    snprintf(name, sizeof name, "tree/file_with_a_rather_long_name_to_fill_the_buffer_quickly_%03d", i);
    unlink(name);
  }
  list("tree", 3);
  return 0;
}
