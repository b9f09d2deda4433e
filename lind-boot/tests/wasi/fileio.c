/* Files in the scratch root: create, write, read, seek, pread/pwrite,
 * append, truncate, stat, times, links, rename, unlink, directories, and
 * the errno of each failure. Relative paths: the native run's cwd and the
 * cage's "/" are the same scratch directory. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void show_stat(const char* path, int follow) {
  struct stat st;
  int r = follow ? stat(path, &st) : lstat(path, &st);
  if (r != 0) {
    printf("stat %s: %s\n", path, errname(errno));
    return;
  }
  const char* type = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : "other";
  printf("stat %s: %s size=%lld", path, type, (long long)st.st_size);
  if (!S_ISDIR(st.st_mode)) printf(" nlink=%lld", (long long)st.st_nlink);
  printf("\n");
}

int main(void) {
  char buf[256];

  /* Create, write, read back. */
  int fd = open("data.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  printf("open data.txt for writing: %s\n", fd >= 0 ? "ok" : errname(errno));
  CHECK(write(fd, "hello, file\n", 12));
  CHECK(write(fd, "second line\n", 12));
  CHECK(fsync(fd));
  CHECK(fdatasync(fd));
  CHECK(close(fd));
  CHECK(close(fd));
  show_stat("data.txt", 1);

  fd = open("data.txt", O_RDONLY);
  memset(buf, 0, sizeof buf);
  CHECK(read(fd, buf, 5));
  printf("read [%s]\n", buf);
  CHECK(lseek(fd, 0, SEEK_CUR));
  CHECK(lseek(fd, -4, SEEK_END));
  memset(buf, 0, sizeof buf);
  CHECK(read(fd, buf, sizeof buf));
  printf("tail [%s]\n", buf);
  CHECK(read(fd, buf, sizeof buf));
  CHECK(lseek(fd, -100, SEEK_SET));
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 6, 13));
  printf("pread [%s]\n", buf);
  CHECK(lseek(fd, 0, SEEK_CUR));
  CHECK(write(fd, "x", 1));  /* read-only fd */
  CHECK(close(fd));

  /* Read-write: pwrite, append, truncate, fallocate. */
  fd = open("data.txt", O_RDWR);
  CHECK(pwrite(fd, "HELLO", 5, 0));
  CHECK(lseek(fd, 0, SEEK_CUR));
  CHECK(ftruncate(fd, 7));
  show_stat("data.txt", 1);
  CHECK(posix_fallocate(fd, 0, 10000));
  show_stat("data.txt", 1);
  CHECK(ftruncate(fd, 5));
  CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
  CHECK(close(fd));
  fd = open("data.txt", O_WRONLY | O_APPEND);
  CHECK(write(fd, " world", 6));
  CHECK(lseek(fd, 0, SEEK_SET));
  CHECK(write(fd, "!", 1));  /* O_APPEND: still at the end */
  CHECK(close(fd));
  fd = open("data.txt", O_RDONLY);
  memset(buf, 0, sizeof buf);
  CHECK(read(fd, buf, sizeof buf));
  printf("content [%s]\n", buf);
  CHECK(close(fd));

  /* stdio on files. */
  FILE* f = fopen("lines.txt", "w");
  for (int i = 0; i < 500; ++i) fprintf(f, "line %d of the stdio file\n", i);
  CHECK(fclose(f));
  f = fopen("lines.txt", "r");
  int count = 0;
  while (fgets(buf, sizeof buf, f)) ++count;
  printf("lines read: %d, last [%s", count, buf);
  CHECK(fseek(f, 0, SEEK_END));
  CHECK(ftell(f));
  CHECK(fclose(f));

  /* A large write and read (several MiB, partial transfers allowed). */
  size_t big = 3 * 1024 * 1024 + 17;
  char* p = malloc(big);
  for (size_t i = 0; i < big; ++i) p[i] = (char)(i * 7 + i / 4096);
  fd = open("big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  size_t done = 0;
  while (done < big) {
    ssize_t n = write(fd, p + done, big - done);
    if (n <= 0) break;
    done += (size_t)n;
  }
  printf("big write: %zu bytes\n", done);
  char* q = malloc(big);
  CHECK(lseek(fd, 0, SEEK_SET));
  done = 0;
  while (done < big) {
    ssize_t n = read(fd, q + done, big - done);
    if (n <= 0) break;
    done += (size_t)n;
  }
  printf("big read: %zu bytes, %s\n", done, memcmp(p, q, big) ? "DIFFERENT" : "same");
  CHECK(close(fd));
  free(p);
  free(q);

  /* Times. */
  struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
  CHECK(utimensat(AT_FDCWD, "data.txt", times, 0));
  struct stat st;
  CHECK(stat("data.txt", &st));
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  fd = open("data.txt", O_RDONLY);
  struct timespec omit_a[2] = {{0, UTIME_OMIT}, {42, 0}};
  CHECK(futimens(fd, omit_a));
  CHECK(fstat(fd, &st));
  printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
  CHECK(close(fd));

  /* Links. */
  CHECK(link("data.txt", "hard.txt"));
  show_stat("data.txt", 1);
  CHECK(symlink("data.txt", "soft.txt"));
  show_stat("soft.txt", 0);
  show_stat("soft.txt", 1);
  memset(buf, 0, sizeof buf);
  CHECK(readlink("soft.txt", buf, sizeof buf));
  printf("readlink [%s]\n", buf);
  CHECK(readlink("data.txt", buf, sizeof buf));
  CHECK(symlink("nowhere", "dangling"));
  CHECK(open("dangling", O_RDONLY));
  show_stat("dangling", 0);
  CHECK(open("soft.txt", O_RDONLY | O_NOFOLLOW));

  /* Directories. */
  CHECK(mkdir("dir", 0755));
  CHECK(mkdir("dir", 0755));
  CHECK(mkdir("dir/sub", 0755));
  CHECK(mkdir("nodir/sub", 0755));
  CHECK(rmdir("dir"));
  CHECK(rename("hard.txt", "dir/moved.txt"));
  show_stat("dir/moved.txt", 1);
  show_stat("hard.txt", 1);
  CHECK(open("dir", O_WRONLY));
  CHECK(open("data.txt/x", O_RDONLY));
  CHECK(unlink("dir"));
  CHECK(rmdir("data.txt"));
  CHECK(rename("dir/sub", "dir/sub/deeper"));
  CHECK(open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  CHECK(open("missing.txt", O_RDONLY));
  CHECK(unlink("missing.txt"));
  CHECK(opendir("data.txt") == NULL ? -1 : 0);

  /* Clean up part of it; what stays is compared as a tree. */
  CHECK(unlink("dir/moved.txt"));
  CHECK(rmdir("dir/sub"));
  CHECK(unlink("dangling"));
  CHECK(unlink("big.bin"));
  show_stat("data.txt", 1);
  return 0;
}
