/* crt1.o: the entry point of every cage program (replaces wasi-libc's).
 *
 *   _start: pin function-table slot 1, run constructors, call main (through
 *   wasi-libc's __original_main, which gets argv via __main_void), exit().
 *
 * Table slot 1: signal handlers cross as table indices and Linux's SIG_IGN
 * is 1. wasm-ld numbers the table in the order it meets address-taken
 * functions in code, input files in command-line order, and crt1.o comes
 * first; so the function below gets index 1 and no real handler can. The
 * glibc-shim tests check this on every build. */
#include <stdlib.h>

void __wasm_call_ctors(void);
int __original_main(void);

void __lind_sig_ign(int sig) { (void)sig; }
__attribute__((used)) void (*volatile __lind_table_slot1)(int);

/* wasi-libc's malloc, on its first call, claims every byte from __heap_base
 * to the memory's current size. If anything grew the memory before that
 * (mmap or brk, which RawPOSIX serves by growing it), malloc would take
 * those pages too and hand them out a second time. So malloc runs first,
 * before constructors or main can map anything. The call goes through a
 * volatile pointer: clang removes a plain free(malloc(1)). */
static void claim_heap_before_anything_else(void) {
    void* (*volatile do_malloc)(size_t) = malloc;
    free(do_malloc(1));
}

__attribute__((export_name("_start"))) void _start(void) {
    __lind_table_slot1 = __lind_sig_ign;
    claim_heap_before_anything_else();
    __wasm_call_ctors();
    exit(__original_main());
}
