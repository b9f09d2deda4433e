/* nbody: a small gravitational simulation (6 made-up bodies, symplectic
 * Euler).  f64 loads/stores, division and sqrt; the checksum folds the bit
 * patterns of the final energy and positions, so every peer must round the
 * same way (IEEE-754 double, no FMA contraction). */
#include "kernels.h"

#define NB 6
#define NBODY_STEPS 300000

struct body {
  double x, y, z, vx, vy, vz, m;
};

static struct body bodies[NB];

static void nb_init(void) {
  /* Arbitrary values: a heavy centre and five lighter bodies. */
  static const double init[NB][7] = {
      {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 40.0},
      {1.0, 0.0, 0.1, 0.0, 6.2, 0.3, 0.01},
      {-2.1, 0.4, 0.0, -0.2, -4.4, 0.0, 0.02},
      {0.0, 3.3, -0.2, 3.4, 0.1, 0.05, 0.004},
      {4.5, -4.0, 0.3, 1.9, 2.1, -0.1, 0.1},
      {-6.0, -1.5, 1.0, 0.5, -2.5, 0.2, 0.05},
  };
  for (int i = 0; i < NB; i++) {
    bodies[i].x = init[i][0];
    bodies[i].y = init[i][1];
    bodies[i].z = init[i][2];
    bodies[i].vx = init[i][3];
    bodies[i].vy = init[i][4];
    bodies[i].vz = init[i][5];
    bodies[i].m = init[i][6];
  }
  /* Zero total momentum using the centre body. */
  double px = 0, py = 0, pz = 0;
  for (int i = 1; i < NB; i++) {
    px += bodies[i].vx * bodies[i].m;
    py += bodies[i].vy * bodies[i].m;
    pz += bodies[i].vz * bodies[i].m;
  }
  bodies[0].vx = -px / bodies[0].m;
  bodies[0].vy = -py / bodies[0].m;
  bodies[0].vz = -pz / bodies[0].m;
}

static void advance(double dt) {
  for (int i = 0; i < NB; i++) {
    struct body *a = &bodies[i];
    for (int j = i + 1; j < NB; j++) {
      struct body *b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double d2 = dx * dx + dy * dy + dz * dz + 1e-9;
      double d = __builtin_sqrt(d2);
      double mag = dt / (d2 * d);
      a->vx -= dx * b->m * mag;
      a->vy -= dy * b->m * mag;
      a->vz -= dz * b->m * mag;
      b->vx += dx * a->m * mag;
      b->vy += dy * a->m * mag;
      b->vz += dz * a->m * mag;
    }
  }
  for (int i = 0; i < NB; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < NB; i++) {
    const struct body *a = &bodies[i];
    e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < NB; j++) {
      const struct body *b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->m * b->m / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static uint32_t fold64(uint32_t h, double v) {
  uint64_t bits;
  __builtin_memcpy(&bits, &v, sizeof bits);
  return k_mix(k_mix(h, (uint32_t)bits), (uint32_t)(bits >> 32));
}

KERNEL_EXPORT("run_nbody")
uint32_t run_nbody(void) {
  nb_init();
  uint32_t check = fold64(0, energy());
  for (int s = 0; s < NBODY_STEPS; s++) advance(0.001);
  check = fold64(check, energy());
  for (int i = 0; i < NB; i++) {
    check = fold64(check, bodies[i].x);
    /* float->int (i32.trunc_sat_f64_s in wasm).  Clamped first: an
     * out-of-range conversion is undefined in C and saturates only in wasm. */
    double y = bodies[i].y * 1e3;
    y = y > 2e9 ? 2e9 : y < -2e9 ? -2e9 : y;
    check = k_mix(check, (uint32_t)(int32_t)y);
  }
  return check;
}
