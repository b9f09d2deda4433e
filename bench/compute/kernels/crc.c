/* crc: bitwise (table-free) CRC-32 (reflected, poly 0xEDB88320) and
 * CRC-16/CCITT (poly 0x1021) over a pseudo-random buffer.  Shifts, xors and
 * data-dependent branches. */
#include "kernels.h"

#define CRC_LEN 4096
#define CRC_ROUNDS 330

static uint8_t crc_buf[CRC_LEN];

static uint32_t crc32_bitwise(const uint8_t *p, size_t n, uint32_t crc) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int b = 0; b < 8; b++) {
      if (crc & 1)
        crc = (crc >> 1) ^ 0xEDB88320u;
      else
        crc >>= 1;
    }
  }
  return ~crc;
}

static uint16_t crc16_bitwise(const uint8_t *p, size_t n, uint16_t crc) {
  for (size_t i = 0; i < n; i++) {
    crc ^= (uint16_t)(p[i] << 8);
    for (int b = 0; b < 8; b++) {
      if (crc & 0x8000)
        crc = (uint16_t)((crc << 1) ^ 0x1021);
      else
        crc = (uint16_t)(crc << 1);
    }
  }
  return crc;
}

KERNEL_EXPORT("run_crc")
uint32_t run_crc(void) {
  uint32_t s = 99;
  for (int i = 0; i < CRC_LEN; i++) crc_buf[i] = (uint8_t)(k_lcg(&s) >> 24);
  uint32_t c32 = 0;
  uint16_t c16 = 0xffff;
  for (int r = 0; r < CRC_ROUNDS; r++) {
    c32 = crc32_bitwise(crc_buf, CRC_LEN, c32);
    c16 = crc16_bitwise(crc_buf, CRC_LEN, c16);
    crc_buf[(c32 ^ c16) % CRC_LEN] ^= (uint8_t)r; /* perturb between rounds */
  }
  return c32 ^ ((uint32_t)c16 << 7);
}
