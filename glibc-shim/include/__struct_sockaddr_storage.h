/* glibc-shim replacement: Linux's struct sockaddr_storage (128 bytes,
 * 8-aligned). */
#ifndef __wasilibc___struct_sockaddr_storage_h
#define __wasilibc___struct_sockaddr_storage_h

#include <__typedef_sa_family_t.h>

struct sockaddr_storage {
    sa_family_t ss_family;
    char __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long long)];
    unsigned long long __ss_align;
};

#endif
