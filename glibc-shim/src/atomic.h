/* Private to glibc-shim: sequentially consistent atomic operations on ints
 * (atomic.c), for data other cages may update at the same time (a
 * semaphore in MAP_SHARED memory). */
#ifndef LIND_SHIM_ATOMIC_H
#define LIND_SHIM_ATOMIC_H

int __lind_atomic_load(volatile int *p);
void __lind_atomic_store(volatile int *p, int v);
/* Stores `desired` if *p holds `expected`; returns what *p held. */
int __lind_atomic_cas(volatile int *p, int expected, int desired);
/* Adds `v`; returns what *p held. */
int __lind_atomic_fetch_add(volatile int *p, int v);

#endif
