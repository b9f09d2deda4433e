/* matrix: integer matrix multiply with feedback between rounds.
 * Memory (row and column walks) and integer multiply/add. */
#include "kernels.h"

#define MAT_N 64
#define MAT_ROUNDS 100

static uint32_t A[MAT_N][MAT_N], B[MAT_N][MAT_N], C[MAT_N][MAT_N];

static void mat_init(void) {
  uint32_t s = 12345;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      A[i][j] = k_lcg(&s) >> 20;
      B[i][j] = (k_lcg(&s) >> 22) + (uint32_t)(i == j);
    }
}

static void mat_mul(void) {
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      uint32_t acc = 0;
      for (int k = 0; k < MAT_N; k++) acc += A[i][k] * B[k][j];
      C[i][j] = acc;
    }
}

/* Feed C back into A (kept small) and transpose-add into B. */
static uint32_t feedback(int round) {
  uint32_t h = (uint32_t)round;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      uint32_t c = C[i][j];
      h = k_mix(h, c);
      A[i][j] = (c ^ (c >> 13)) & 0x3ff;
      B[j][i] = (B[j][i] + (c & 0xff)) & 0x7ff;
    }
  return h;
}

/* Also a signed 16-bit variant (sign extension, mul). */
static int16_t S[MAT_N][MAT_N];

static uint32_t mat_mul16(void) {
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) S[i][j] = (int16_t)(A[i][j] * 37u - 9000u);
  uint32_t h = 0;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      uint32_t acc = 0; /* the sum can exceed int32: accumulate unsigned */
      for (int k = 0; k < MAT_N; k++) acc += (uint32_t)((int32_t)S[i][k] * (int32_t)S[k][j]);
      h += acc;
    }
  return h;
}

KERNEL_EXPORT("run_matrix")
uint32_t run_matrix(void) {
  mat_init();
  uint32_t check = 0;
  for (int r = 0; r < MAT_ROUNDS; r++) {
    mat_mul();
    check = k_mix(check, feedback(r));
    check = k_mix(check, mat_mul16());
  }
  return check;
}
