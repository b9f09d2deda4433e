/* mandel: Mandelbrot escape counts over a sequence of zoomed windows.
 * f64 multiply/add/compare in registers, plus float->int conversions
 * (i32.trunc_sat with -mnontrapping-fptoint) for the checksum. */
#include "kernels.h"

#define MANDEL_W 160
#define MANDEL_H 120
#define MANDEL_ITERS 200
#define MANDEL_FRAMES 4

static uint32_t escape(double cr, double ci) {
  double zr = 0.0, zi = 0.0;
  uint32_t n = 0;
  while (n < MANDEL_ITERS) {
    double zr2 = zr * zr, zi2 = zi * zi;
    if (zr2 + zi2 > 4.0) break;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
    n++;
  }
  /* Fold the final position in, so the float results matter bit-exactly. */
  int32_t q = (int32_t)(zr * 1024.0) ^ (int32_t)(zi * 4096.0);
  return n * 2654435761u + (uint32_t)q;
}

KERNEL_EXPORT("run_mandel")
uint32_t run_mandel(void) {
  uint32_t check = 0;
  double cx = -0.7436, cy = 0.1318, span = 3.0;
  for (int f = 0; f < MANDEL_FRAMES; f++) {
    double step = span / MANDEL_W;
    double x0 = cx - span * 0.5, y0 = cy - step * MANDEL_H * 0.5;
    for (int y = 0; y < MANDEL_H; y++) {
      uint32_t row = 0;
      for (int x = 0; x < MANDEL_W; x++) row += escape(x0 + x * step, y0 + y * step);
      check = k_mix(check, row);
    }
    span *= 0.35;
  }
  return check;
}
