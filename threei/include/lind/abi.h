/* The cage ABI: what crosses between wasm code (glibc-shim, grates, any
 * module) and lind-boot. Plain C, included by both sides: the wasm32 C
 * library and the host C++ runtime. See glibc-shim/README.md for the prose.
 *
 * One import carries every call:
 *
 *   (import "lind" "syscall"
 *     (func (param i32       ;; nr: Linux x86-64 syscall number, or LIND_*
 *                  i64       ;; self: the calling cage (0 = "me")
 *                  i64       ;; target: the cage the call acts on (0 = "me")
 *                  i64 i64   ;; a1, a1cage
 *                  i64 i64   ;; a2, a2cage
 *                  i64 i64   ;; a3, a3cage
 *                  i64 i64   ;; a4, a4cage
 *                  i64 i64   ;; a5, a5cage
 *                  i64 i64)  ;; a6, a6cage
 *           (result i64)))   ;; result; -4095..-1 is -errno
 *
 * A pointer argument is an offset into the linear memory of the cage its
 * pair names (0 = the calling cage); every range is checked against that
 * memory, and a bad one is -EFAULT. Bit 63 of a cage id
 * (LIND_GRATE_MEMORY_FLAG) is accepted for source compatibility and masked.
 *
 * Structures cross in the x86-64 Linux kernel layout (struct stat, timespec,
 * timeval, linux_dirent64, statfs, winsize, utsname...), which for stat,
 * timespec and timeval is also wasi-libc's wasm32 layout. Structures that
 * hold pointers (struct iovec) cross in their wasm32 layout: {u32 base,
 * u32 len}.
 */
#ifndef LIND_ABI_H
#define LIND_ABI_H

#define LIND_IMPORT_MODULE "lind"
#define LIND_IMPORT_NAME "syscall"

#define LIND_GRATE_MEMORY_FLAG (1ULL << 63)
#define LIND_SELF 0ULL /* "the calling cage", as self, target or arg cage */
#define LIND_MAX_ERRNO 4095

/* 3i calls (numbers shared with Lind). */
#define LIND_SYS_register_handler 1001
#define LIND_SYS_copy_data_between_cages 1002
#define LIND_SYS_copy_handler_table_to_cage 1003
#define LIND_THREEI_DEREGISTER 500

/* lind-specific calls: program start-up. Served by RawPOSIX like the rest
 * (so grates may interpose on them); they mirror WASI's argument calls.
 *   args_sizes(u32* argc, u32* buf_size)     buf_size counts the NULs
 *   args_get(u32* argv, char* buf)           argv[i] = offsets into buf
 *   environ_sizes(u32* count, u32* buf_size)
 *   environ_get(u32* envp, char* buf)                                    */
#define LIND_SYS_args_sizes 2001
#define LIND_SYS_args_get 2002
#define LIND_SYS_environ_sizes 2003
#define LIND_SYS_environ_get 2004

/* Every Linux x86-64 syscall number lind-boot serves or reserves. */
#define LIND_SYS_read 0
#define LIND_SYS_write 1
#define LIND_SYS_open 2
#define LIND_SYS_close 3
#define LIND_SYS_stat 4
#define LIND_SYS_fstat 5
#define LIND_SYS_lstat 6
#define LIND_SYS_poll 7
#define LIND_SYS_lseek 8
#define LIND_SYS_mmap 9
#define LIND_SYS_mprotect 10
#define LIND_SYS_munmap 11
#define LIND_SYS_brk 12
#define LIND_SYS_rt_sigaction 13
#define LIND_SYS_rt_sigprocmask 14
#define LIND_SYS_ioctl 16
#define LIND_SYS_pread64 17
#define LIND_SYS_pwrite64 18
#define LIND_SYS_readv 19
#define LIND_SYS_writev 20
#define LIND_SYS_access 21
#define LIND_SYS_pipe 22
#define LIND_SYS_select 23
#define LIND_SYS_sched_yield 24
#define LIND_SYS_dup 32
#define LIND_SYS_dup2 33
#define LIND_SYS_pause 34
#define LIND_SYS_nanosleep 35
#define LIND_SYS_getitimer 36
#define LIND_SYS_alarm 37
#define LIND_SYS_setitimer 38
#define LIND_SYS_getpid 39
#define LIND_SYS_socket 41
#define LIND_SYS_connect 42
#define LIND_SYS_accept 43
#define LIND_SYS_sendto 44
#define LIND_SYS_recvfrom 45
#define LIND_SYS_sendmsg 46
#define LIND_SYS_recvmsg 47
#define LIND_SYS_shutdown 48
#define LIND_SYS_bind 49
#define LIND_SYS_listen 50
#define LIND_SYS_getsockname 51
#define LIND_SYS_getpeername 52
#define LIND_SYS_socketpair 53
#define LIND_SYS_setsockopt 54
#define LIND_SYS_getsockopt 55
#define LIND_SYS_clone 56
#define LIND_SYS_fork 57
#define LIND_SYS_execve 59
#define LIND_SYS_exit 60
#define LIND_SYS_wait4 61
#define LIND_SYS_kill 62
#define LIND_SYS_uname 63
#define LIND_SYS_fcntl 72
#define LIND_SYS_flock 73
#define LIND_SYS_fsync 74
#define LIND_SYS_fdatasync 75
#define LIND_SYS_truncate 76
#define LIND_SYS_ftruncate 77
#define LIND_SYS_getcwd 79
#define LIND_SYS_chdir 80
#define LIND_SYS_fchdir 81
#define LIND_SYS_rename 82
#define LIND_SYS_mkdir 83
#define LIND_SYS_rmdir 84
#define LIND_SYS_creat 85
#define LIND_SYS_link 86
#define LIND_SYS_unlink 87
#define LIND_SYS_symlink 88
#define LIND_SYS_readlink 89
#define LIND_SYS_chmod 90
#define LIND_SYS_fchmod 91
#define LIND_SYS_chown 92
#define LIND_SYS_fchown 93
#define LIND_SYS_lchown 94
#define LIND_SYS_umask 95
#define LIND_SYS_gettimeofday 96
#define LIND_SYS_getrusage 98
#define LIND_SYS_getuid 102
#define LIND_SYS_getgid 104
#define LIND_SYS_geteuid 107
#define LIND_SYS_getegid 108
#define LIND_SYS_setpgid 109
#define LIND_SYS_getppid 110
#define LIND_SYS_setsid 112
#define LIND_SYS_getpgid 121
#define LIND_SYS_getsid 124
#define LIND_SYS_rt_sigpending 127
#define LIND_SYS_rt_sigsuspend 130
#define LIND_SYS_mknod 133
#define LIND_SYS_statfs 137
#define LIND_SYS_fstatfs 138
#define LIND_SYS_tkill 200
#define LIND_SYS_futex 202
#define LIND_SYS_getdents64 217
#define LIND_SYS_fadvise64 221
#define LIND_SYS_clock_gettime 228
#define LIND_SYS_clock_getres 229
#define LIND_SYS_clock_nanosleep 230
#define LIND_SYS_exit_group 231
#define LIND_SYS_tgkill 234
#define LIND_SYS_openat 257
#define LIND_SYS_mkdirat 258
#define LIND_SYS_mknodat 259
#define LIND_SYS_fchownat 260
#define LIND_SYS_newfstatat 262
#define LIND_SYS_unlinkat 263
#define LIND_SYS_renameat 264
#define LIND_SYS_linkat 265
#define LIND_SYS_symlinkat 266
#define LIND_SYS_readlinkat 267
#define LIND_SYS_fchmodat 268
#define LIND_SYS_faccessat 269
#define LIND_SYS_utimensat 280
#define LIND_SYS_fallocate 285
#define LIND_SYS_accept4 288
#define LIND_SYS_dup3 292
#define LIND_SYS_pipe2 293
#define LIND_SYS_preadv 295
#define LIND_SYS_pwritev 296
#define LIND_SYS_prlimit64 302
#define LIND_SYS_renameat2 316
#define LIND_SYS_getrandom 318

/* The highest number a handler table holds; anything above is -ENOSYS. */
#define LIND_SYS_TABLE_SIZE 2048

#endif /* LIND_ABI_H */
