/* glibc-shim replacement for wasi-libc's <__header_dirent.h>: wasi-libc's
 * DT_* values and struct dirent layout are kept (glob and alphasort from
 * wasi-libc's libc.a were compiled against them); readdir translates the
 * Linux d_type. Adds DT_SOCK, which wasi-libc lacks. */
#ifndef __wasilibc___header_dirent_h
#define __wasilibc___header_dirent_h

#include <wasi/api.h>

#define DT_UNKNOWN __WASI_FILETYPE_UNKNOWN        /* 0 */
#define DT_BLK __WASI_FILETYPE_BLOCK_DEVICE       /* 1 */
#define DT_CHR __WASI_FILETYPE_CHARACTER_DEVICE   /* 2 */
#define DT_DIR __WASI_FILETYPE_DIRECTORY          /* 3 */
#define DT_REG __WASI_FILETYPE_REGULAR_FILE       /* 4 */
#define DT_SOCK __WASI_FILETYPE_SOCKET_DGRAM      /* 5 */
#define DT_FIFO __WASI_FILETYPE_SOCKET_STREAM     /* 6 */
#define DT_LNK __WASI_FILETYPE_SYMBOLIC_LINK      /* 7 */

#define IFTODT(x) (__wasilibc_iftodt(x))
#define DTTOIF(x) (__wasilibc_dttoif(x))

int __wasilibc_iftodt(int x);
int __wasilibc_dttoif(int x);

#include <__struct_dirent.h>
#include <__typedef_DIR.h>

#ifdef __cplusplus
extern "C" {
#endif

int closedir(DIR *);
DIR *opendir(const char *);
DIR *fdopendir(int);
int fdclosedir(DIR *);
struct dirent *readdir(DIR *);
void rewinddir(DIR *);
void seekdir(DIR *, long);
long telldir(DIR *);
DIR *opendirat(int, const char *);
int scandirat(int, const char *, struct dirent ***,
              int (*)(const struct dirent *),
              int (*)(const struct dirent **, const struct dirent **));

#ifdef __cplusplus
}
#endif

#endif
