/* Shared by the WASI test programs: built with clang --target=wasm32-wasi
 * (wasi-libc) and natively (glibc), run in equivalent scratch directories,
 * and their stdout compared. So print nothing that legitimately differs:
 * errno values and strerror texts differ between the C libraries, names of
 * errno constants do not. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char* errname(int e) {
  switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ESPIPE: return "ESPIPE";
    case EIO: return "EIO";
    case EXDEV: return "EXDEV";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    default: return "E?";
  }
}

/* CHECK(expr): prints the expression's value and errno name when negative. */
#define CHECK(expr)                                                          \
  do {                                                                       \
    errno = 0;                                                               \
    long long r_ = (long long)(expr);                                        \
    printf("%-60s = %lld%s%s\n", #expr, r_, r_ < 0 ? " " : "",               \
           r_ < 0 ? errname(errno) : "");                                    \
  } while (0)
