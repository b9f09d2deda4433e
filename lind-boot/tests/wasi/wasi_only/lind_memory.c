/* brk and mmap from real wasm code, through the cage's own lind.syscall
 * import, while wasi-libc's malloc grows the same memory with memory.grow:
 * neither may hand out the other's pages. (A module importing both lind and
 * WASI gets no preopen; this one needs none.) Compared with
 * lind_memory.expected: only relations are printed, never addresses.
 *
 * The contract this relies on (rawposix/README.md): the C library's
 * allocator is initialised before the program can call brk or mmap. This
 * wasi-libc's dlmalloc claims [__heap_base, memory size) on its first
 * malloc, pages others grew included; after that it only uses pages its
 * own sbrk grew. wasi-libc's constructors malloc before main when the
 * program has preopens or an environment; here main does it first. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("lind"), import_name("syscall")))
int64_t lind_syscall(int32_t nr, uint64_t self, uint64_t target, uint64_t a1, uint64_t c1, uint64_t a2,
                     uint64_t c2, uint64_t a3, uint64_t c3, uint64_t a4, uint64_t c4, uint64_t a5,
                     uint64_t c5, uint64_t a6, uint64_t c6);

static int64_t sys(int nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6) {
  return lind_syscall(nr, 0, 0, a1, 0, a2, 0, a3, 0, a4, 0, a5, 0, a6, 0);
}
#define BRK(a) sys(12, (uint64_t)(a), 0, 0, 0, 0, 0)
#define MMAP(len, flags, addr) sys(9, (uint64_t)(addr), (len), 3, (flags), (uint64_t)-1, 0)
#define MUNMAP(a, len) sys(11, (uint64_t)(a), (len), 0, 0, 0, 0)
#define MPROTECT(a, len, prot) sys(10, (uint64_t)(a), (len), (prot), 0, 0, 0)
enum { kPrivAnon = 0x22, kFixed = 0x10 };

static uint64_t mem_size(void) { return (uint64_t)__builtin_wasm_memory_size(0) * 65536; }
static int all(const uint8_t* p, size_t n, uint8_t v) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != v) return 0;
  return 1;
}
#define SAY(cond) printf("%-64s %s\n", #cond, (cond) ? "yes" : "NO")

int main(void) {
  void* volatile first = malloc(1);  /* the allocator claims its initial memory now */
  free(first);
  int64_t b0 = BRK(0);
  SAY(b0 == (int64_t)mem_size());
  SAY(b0 % 65536 == 0);
  SAY(BRK(b0 + 100000) == b0 + 100000);
  uint8_t* heap = (uint8_t*)(uintptr_t)b0;
  SAY(all(heap, 100000, 0));
  memset(heap, 0xAA, 100000);

  /* malloc grows the memory itself now; the break cannot follow. */
  uint8_t* m = malloc(3 << 20);
  memset(m, 0x55, 3 << 20);
  SAY((uintptr_t)m >= (uintptr_t)b0 + 100000 || (uintptr_t)m + (3 << 20) <= (uintptr_t)b0);
  SAY(BRK(mem_size() + 65536) == b0 + 100000);
  SAY(BRK(b0 + 131072) == b0 + 131072);  /* inside the heap's own pages */
  SAY(all(heap + 100000, 131072 - 100000, 0));
  SAY(BRK(b0 + 10) == b0 + 10);          /* shrink, then grow: zeros */
  SAY(BRK(b0 + 100000) == b0 + 100000);
  SAY(all(heap + 10, 100000 - 10, 0) && heap[9] == 0xAA);

  /* mmap: aligned, zeroed, never in malloc's or the heap's memory. */
  int64_t a = MMAP(200000, kPrivAnon, 0);
  SAY(a > 0 && a % 4096 == 0);
  uint8_t* pa = (uint8_t*)(uintptr_t)a;
  SAY(all(pa, 200000, 0));
  memset(pa, 0x77, 200000);
  SAY(all(m, 3 << 20, 0x55));
  SAY(pa + 200000 <= m || pa >= m + (3 << 20));
  SAY(pa >= heap + 131072 || pa + 200000 <= heap);
  uint8_t* m2 = malloc(5 << 20);
  memset(m2, 0x11, 5 << 20);
  SAY(all(pa, 200000, 0x77));
  SAY(pa + 200000 <= m2 || pa >= m2 + (5 << 20));
  SAY(MPROTECT(a, 200000, 1) == 0);
  SAY(MUNMAP(a + 8192, 8192) == 0);
  SAY(MPROTECT(a, 200000, 1) == -12);           /* ENOMEM: a hole */
  SAY(MMAP(8192, kPrivAnon, 0) == a + 8192);     /* reused, first fit */
  SAY(all(pa + 8192, 8192, 0));
  SAY(MMAP(4096, kPrivAnon | kFixed, ((uintptr_t)m2 + 4095) & ~(uintptr_t)4095) == -12);  /* malloc's */
  SAY(MMAP(4096, kPrivAnon | kFixed, a) == a);
  SAY(pa[0] == 0 && pa[4096] == 0x77);
  SAY(MMAP(0, kPrivAnon, 0) == -22);
  SAY(MMAP(4096, 0x23, 0) == -22);               /* MAP_SHARED_VALIDATE|MAP_ANONYMOUS */
  SAY(MMAP(4096, 0x02, 0) == -9);                /* a file mapping of fd -1: EBADF */
  SAY(MMAP((uint64_t)1 << 33, kPrivAnon, 0) == -12);
  SAY(MUNMAP(a, 200000) == 0);
  free(m);
  free(m2);
  char* s = malloc(100);
  strcpy(s, "malloc still works");
  printf("%s\n", s);
  return 0;
}
