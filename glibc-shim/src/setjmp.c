/* setjmp/longjmp: the parts that are ordinary functions (setjmp itself is a
 * macro around the lind.setjmp import, see <setjmp.h>). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>

/* lind.setjmp writes the token into the first 8 bytes (README.md). */
_Static_assert(offsetof(struct __jmp_buf_tag, __token) == 0 && sizeof(jmp_buf) == 144,
               "jmp_buf layout");

/* (import "lind" "longjmp" (func (param i32 i32))): continues at the setjmp
 * that stored the jmp_buf's token, which returns val (1 if val is 0). Traps
 * if that setjmp's function has returned. */
__attribute__((import_module("lind"), import_name("longjmp"), noreturn))
void __lind_longjmp_import(struct __jmp_buf_tag *env, int val);

void __lind_sigsetjmp_save(struct __jmp_buf_tag *env, int savemask) {
    env->__mask_was_saved = 0;
    if (!savemask) return;
    /* While the runtime does not serve signal masks (ENOSYS) there is no
     * mask to save; setjmp itself never fails. */
    int saved_errno = errno;
    if (sigprocmask(SIG_BLOCK, NULL, &env->__saved_mask) == 0) env->__mask_was_saved = 1;
    errno = saved_errno;
}

/* The frames a longjmp leaves never run their epilogues, which would put
 * __stack_pointer back: restore the setjmp caller's, as a native longjmp
 * restores %rsp. */
static inline void set_stack_pointer(unsigned long sp) {
    __asm__ __volatile__(".globaltype __stack_pointer, i32\n\t"
                         "local.get %0\n\tglobal.set __stack_pointer"
                         :
                         : "r"(sp));
}

void siglongjmp(sigjmp_buf env, int val) {
    if (env->__mask_was_saved) sigprocmask(SIG_SETMASK, &env->__saved_mask, NULL);
    set_stack_pointer(env->__sp);
    __lind_longjmp_import(env, val);
}

void longjmp(jmp_buf env, int val) { siglongjmp(env, val); }

void _longjmp(jmp_buf env, int val) { siglongjmp(env, val); }
