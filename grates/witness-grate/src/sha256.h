/* SHA-256 as specified in FIPS 180-4 (Secure Hash Standard), section 6.2. */
#ifndef WITNESS_SHA256_H
#define WITNESS_SHA256_H
#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    unsigned char block[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char out[65]);
void hex32(const unsigned char d[32], char out[65]);

#endif
