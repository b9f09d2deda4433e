/* Signals: rt_sigaction (13), rt_sigprocmask (14), rt_sigsuspend (130),
 * kill (62), pause (34), alarm (37), setitimer (38), served by RawPOSIX;
 * and the entry point through which lind-boot runs a handler. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "internal.h"

/* The kernel's x86-64 struct sigaction. handler is the function-table index
 * (0 = SIG_DFL, 1 = SIG_IGN); mask is signals 1..64 as bits 0..63. */
struct kernel_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

#define KSIGSETSIZE 8

/* lind-boot calls this (a nested call at a safe point of the interrupted
 * code, or inside an interrupted syscall) to run a handler: `handler` is
 * its function-table index, `sender` the cage that sent the signal. The
 * array keeps the handler's frames clear of the 128-byte red zone that
 * the interrupted function, if a leaf, may be using below the C stack
 * pointer without having moved it (clang's wasm32 leaf functions do). */
static void call_handler(uint32_t handler, int sig, uint32_t flags, int sender) {
    if (flags & SA_SIGINFO) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        info.si_signo = sig;
        info.si_code = sender ? SI_USER : SI_KERNEL;
        info.si_pid = sender;
        ((void (*)(int, siginfo_t *, void *))(uintptr_t)handler)(sig, &info, 0);
    } else {
        ((void (*)(int))(uintptr_t)handler)(sig);
    }
}

__attribute__((export_name("__lind_signal_handler"))) void __lind_signal_handler(uint32_t handler, int sig,
                                                                                 uint32_t flags, int sender) {
    char red_zone[128]; /* reserved, never written */
    __asm__ volatile("" : : "r"(red_zone) : "memory");
    call_handler(handler, sig, flags, sender);
}

static uint64_t mask_of(const sigset_t *s) {
    uint64_t m;
    memcpy(&m, s, sizeof m);
    return m;
}

static void set_mask(sigset_t *s, uint64_t m) {
    memset(s, 0, sizeof *s);
    memcpy(s, &m, sizeof m);
}

int sigaction(int sig, const struct sigaction *__restrict act, struct sigaction *__restrict old) {
    struct kernel_sigaction ka, ko;
    if (act) {
        ka.handler = (uint64_t)(uintptr_t)act->sa_handler;
        ka.flags = (uint32_t)act->sa_flags;
        ka.restorer = 0;
        ka.mask = mask_of(&act->sa_mask);
    }
    int64_t r = SC4(LIND_SYS_rt_sigaction, LA_I(sig), LA_P(act ? &ka : 0), LA_P(old ? &ko : 0),
                    KSIGSETSIZE);
    if (old && !__lind_is_err(r)) {
        memset(old, 0, sizeof *old);
        old->sa_handler = (void (*)(int))(uintptr_t)ko.handler;
        old->sa_flags = (int)ko.flags;
        set_mask(&old->sa_mask, ko.mask);
    }
    return (int)__lind_ret(r);
}

void (*signal(int sig, void (*h)(int)))(int) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = SA_RESTART;
    if (sigaction(sig, &sa, &old) < 0) return SIG_ERR;
    return old.sa_handler;
}

int siginterrupt(int sig, int flag) {
    struct sigaction sa;
    if (sigaction(sig, 0, &sa) < 0) return -1;
    if (flag) sa.sa_flags &= ~SA_RESTART;
    else sa.sa_flags |= SA_RESTART;
    return sigaction(sig, &sa, 0);
}

/* The first 8 bytes of sigset_t are the kernel's 64-bit set. */
int sigprocmask(int how, const sigset_t *__restrict set, sigset_t *__restrict old) {
    return (int)__lind_ret(SC4(LIND_SYS_rt_sigprocmask, LA_I(how), LA_P(set), LA_P(old), KSIGSETSIZE));
}

int sigsuspend(const sigset_t *mask) {
    return (int)__lind_ret(SC2(LIND_SYS_rt_sigsuspend, LA_P(mask), KSIGSETSIZE));
}

int sigpending(sigset_t *set) {
    memset(set, 0, sizeof *set);
    return (int)__lind_ret(SC2(LIND_SYS_rt_sigpending, LA_P(set), KSIGSETSIZE));
}

int pause(void) { return (int)__lind_ret(SC0(LIND_SYS_pause)); }

unsigned alarm(unsigned sec) { return (unsigned)__lind_ret(SC1(LIND_SYS_alarm, LA_U(sec))); }

/* struct itimerval is two wasi-libc timevals {i64, i64}: the kernel's
 * layout. The new value is still copied so a caller's const buffer is
 * never aliased with the old one. */
int setitimer(int which, const struct itimerval *__restrict nv, struct itimerval *__restrict ov) {
    struct __lind_kernel_timeval k[2], ko[2];
    if (nv) {
        k[0].tv_sec = nv->it_interval.tv_sec;
        k[0].tv_usec = nv->it_interval.tv_usec;
        k[1].tv_sec = nv->it_value.tv_sec;
        k[1].tv_usec = nv->it_value.tv_usec;
    }
    int64_t r = SC3(LIND_SYS_setitimer, LA_I(which), LA_P(nv ? k : 0), LA_P(ov ? ko : 0));
    if (ov && !__lind_is_err(r)) {
        ov->it_interval.tv_sec = ko[0].tv_sec;
        ov->it_interval.tv_usec = ko[0].tv_usec;
        ov->it_value.tv_sec = ko[1].tv_sec;
        ov->it_value.tv_usec = ko[1].tv_usec;
    }
    return (int)__lind_ret(r);
}

int getitimer(int which, struct itimerval *v) {
    struct __lind_kernel_timeval k[2];
    if (!v) return (int)__lind_fail(EFAULT);
    int64_t r = SC2(LIND_SYS_getitimer, LA_I(which), LA_P(k));
    if (!__lind_is_err(r)) {
        v->it_interval.tv_sec = k[0].tv_sec;
        v->it_interval.tv_usec = k[0].tv_usec;
        v->it_value.tv_sec = k[1].tv_sec;
        v->it_value.tv_usec = k[1].tv_usec;
    }
    return (int)__lind_ret(r);
}

int raise(int sig) { return kill(getpid(), sig); }

int sigemptyset(sigset_t *s) {
    memset(s, 0, sizeof *s);
    return 0;
}

int sigfillset(sigset_t *s) {
    memset(s, 0, sizeof *s);
    set_mask(s, ~0ull);
    return 0;
}

static int bad_sig(int sig) {
    if (sig < 1 || sig > 64) {
        errno = EINVAL;
        return 1;
    }
    return 0;
}

#define WORD_BITS (8 * sizeof(unsigned long))

int sigaddset(sigset_t *s, int sig) {
    if (bad_sig(sig)) return -1;
    s->__bits[(sig - 1) / WORD_BITS] |= 1ul << ((sig - 1) % WORD_BITS);
    return 0;
}

int sigdelset(sigset_t *s, int sig) {
    if (bad_sig(sig)) return -1;
    s->__bits[(sig - 1) / WORD_BITS] &= ~(1ul << ((sig - 1) % WORD_BITS));
    return 0;
}

int sigismember(const sigset_t *s, int sig) {
    if (bad_sig(sig)) return -1;
    return !!(s->__bits[(sig - 1) / WORD_BITS] & (1ul << ((sig - 1) % WORD_BITS)));
}

/* abort: SIGABRT, as on Linux; if that returns (caught and returned, or
 * blocked), restore the default, unblock it and try again, then trap. */
_Noreturn void abort(void) {
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);
    sigset_t abrt;
    sigemptyset(&abrt);
    sigaddset(&abrt, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &abrt, 0);
    raise(SIGABRT);
    __builtin_trap();
}
