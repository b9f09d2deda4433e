/* glibc-shim <setjmp.h>: setjmp/longjmp and sigsetjmp/siglongjmp, served by
 * the runtime, which keeps wasm frames in its own stacks: the lind.setjmp
 * import records the activation that calls it, lind.longjmp makes that call
 * return again. See ../README.md, "setjmp and longjmp".
 *
 * setjmp must be the import called directly by the function that uses it
 * (a C wrapper would record the wrapper, which returns at once), so setjmp,
 * _setjmp and sigsetjmp are macros. longjmp, _longjmp and siglongjmp are
 * functions (src/setjmp.c); all three restore the signal mask if the
 * jmp_buf saved one, as glibc's do. */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <features.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __NEED_sigset_t
#include <bits/alltypes.h>

/* One layout for both kinds, as in glibc. The runtime writes __token (the
 * first 8 bytes); the C library writes the rest. */
typedef struct __jmp_buf_tag {
    unsigned long long __token; /* names the jump point; not an address */
    unsigned long __sp;         /* __stack_pointer of the setjmp caller */
    int __mask_was_saved;
    sigset_t __saved_mask;
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

/* (import "lind" "setjmp" (func (param i32) (result i32))): stores the
 * token into the jmp_buf and returns 0; returns again, with longjmp's
 * value, when a longjmp names the token. */
__attribute__((__import_module__("lind"), __import_name__("setjmp"), __returns_twice__))
int __lind_setjmp(struct __jmp_buf_tag *__env);

/* sigsetjmp's first half: the mask (when __savemask is non-zero). */
void __lind_sigsetjmp_save(struct __jmp_buf_tag *__env, int __savemask);

/* The calling function's shadow-stack pointer; longjmp puts it back, since
 * the frames it leaves never restore it themselves. */
static __inline__ __attribute__((__always_inline__)) unsigned long __lind_stack_pointer(void) {
    unsigned long __sp;
    __asm__ __volatile__(".globaltype __stack_pointer, i32\n\t"
                         "global.get __stack_pointer\n\tlocal.set %0"
                         : "=r"(__sp));
    return __sp;
}

/* Statement expressions, so that `env` is evaluated once. */
#define setjmp(env)                                          \
    (__extension__({                                         \
        struct __jmp_buf_tag *__lind_env = (env);            \
        __lind_env->__mask_was_saved = 0;                    \
        __lind_env->__sp = __lind_stack_pointer();           \
        __lind_setjmp(__lind_env);                           \
    }))
#define _setjmp(env) setjmp(env)
#define sigsetjmp(env, savemask)                             \
    (__extension__({                                         \
        struct __jmp_buf_tag *__lind_env = (env);            \
        __lind_sigsetjmp_save(__lind_env, (savemask));       \
        __lind_env->__sp = __lind_stack_pointer();           \
        __lind_setjmp(__lind_env);                           \
    }))

__attribute__((__noreturn__)) void longjmp(jmp_buf __env, int __val);
__attribute__((__noreturn__)) void _longjmp(jmp_buf __env, int __val);
__attribute__((__noreturn__)) void siglongjmp(sigjmp_buf __env, int __val);

#ifdef __cplusplus
}
#endif

#endif
