/* WASI-only checks (no native twin): the raw wasi_snapshot_preview1
 * imports called with the arguments a C library never passes — pointers
 * off the end of memory, huge lengths, unknown flags, fds above INT_MAX —
 * and the WASI-specific results (preopens, rights, poll_oneoff events).
 * lind-boot must answer each with an errno, never crash. Output is compared
 * with edge.expected. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
IMPORT(fd_write) int32_t w_fd_write(int32_t, int32_t, int32_t, int32_t);
IMPORT(fd_read) int32_t w_fd_read(int32_t, int32_t, int32_t, int32_t);
IMPORT(fd_pread) int32_t w_fd_pread(int32_t, int32_t, int32_t, int64_t, int32_t);
IMPORT(fd_seek) int32_t w_fd_seek(int32_t, int64_t, int32_t, int32_t);
IMPORT(fd_close) int32_t w_fd_close(int32_t);
IMPORT(fd_fdstat_get) int32_t w_fd_fdstat_get(int32_t, int32_t);
IMPORT(fd_fdstat_set_flags) int32_t w_fd_fdstat_set_flags(int32_t, int32_t);
IMPORT(fd_filestat_get) int32_t w_fd_filestat_get(int32_t, int32_t);
IMPORT(fd_filestat_set_times) int32_t w_fd_filestat_set_times(int32_t, int64_t, int64_t, int32_t);
IMPORT(fd_prestat_get) int32_t w_fd_prestat_get(int32_t, int32_t);
IMPORT(fd_prestat_dir_name) int32_t w_fd_prestat_dir_name(int32_t, int32_t, int32_t);
IMPORT(fd_readdir) int32_t w_fd_readdir(int32_t, int32_t, int32_t, int64_t, int32_t);
IMPORT(fd_tell) int32_t w_fd_tell(int32_t, int32_t);
IMPORT(fd_advise) int32_t w_fd_advise(int32_t, int64_t, int64_t, int32_t);
IMPORT(fd_allocate) int32_t w_fd_allocate(int32_t, int64_t, int64_t);
IMPORT(path_open) int32_t w_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t);
IMPORT(path_filestat_get) int32_t w_path_filestat_get(int32_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(path_create_directory) int32_t w_path_create_directory(int32_t, int32_t, int32_t);
IMPORT(path_readlink) int32_t w_path_readlink(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t);
IMPORT(clock_time_get) int32_t w_clock_time_get(int32_t, int64_t, int32_t);
IMPORT(clock_res_get) int32_t w_clock_res_get(int32_t, int32_t);
IMPORT(random_get) int32_t w_random_get(int32_t, int32_t);
IMPORT(poll_oneoff) int32_t w_poll_oneoff(int32_t, int32_t, int32_t, int32_t);
IMPORT(proc_raise) int32_t w_proc_raise(int32_t);
IMPORT(sched_yield) int32_t w_sched_yield(void);
IMPORT(args_sizes_get) int32_t w_args_sizes_get(int32_t, int32_t);
IMPORT(sock_shutdown) int32_t w_sock_shutdown(int32_t, int32_t);

#define P(x) ((int32_t)(uintptr_t)(x))
#define SHOW(expr) printf("%-72s -> %d\n", #expr, (int)(expr))

static uint8_t buf[4096] __attribute__((aligned(8)));
static uint32_t u32v;
static uint64_t u64v;

/* The end of linear memory (past everything, including the scratch page). */
static int32_t mem_end(void) { return (int32_t)(__builtin_wasm_memory_size(0) * 65536u); }

struct sub {  /* __wasi_subscription_t */
  uint64_t userdata;
  uint8_t tag, pad[7];
  uint32_t id, pad2;
  uint64_t timeout, precision;
  uint16_t flags, pad3[3];
};
struct event {  /* __wasi_event_t */
  uint64_t userdata;
  uint16_t error;
  uint8_t type, pad[5];
  uint64_t nbytes;
  uint16_t flags, pad2[3];
};

int main(void) {
  const int32_t end = mem_end();
  static const char hello[] = "hello\n";
  uint32_t iov[2] = {(uint32_t)P(hello), 6};

  /* Pointers: the iovec array, its buffers, the result. */
  SHOW(w_fd_write(1, P(iov), 1, P(&u32v)));
  SHOW(u32v);
  SHOW(w_fd_write(1, end - 4, 1, P(&u32v)));
  SHOW(w_fd_write(1, P(iov), 1, end - 2));
  uint32_t bad_iov[2] = {(uint32_t)end - 3, 6};
  SHOW(w_fd_write(1, P(bad_iov), 1, P(&u32v)));
  SHOW(w_fd_write(1, P(iov), 0x20000000, P(&u32v)));
  SHOW(w_fd_read(0, P(iov), 1, -1));
  SHOW(w_fd_write(0x7fffffff, P(iov), 1, P(&u32v)));
  SHOW(w_fd_write(-100, P(iov), 1, P(&u32v)));
  SHOW(w_fd_seek(1, 0, 3, P(&u64v)));
  SHOW(w_fd_tell(1, end));

  /* Preopens: "/" at fd 3, nothing after it. */
  SHOW(w_fd_prestat_get(3, P(buf)));
  printf("prestat tag %u name_len %u\n", buf[0], *(uint32_t*)(buf + 4));
  memset(buf, 0, 8);
  SHOW(w_fd_prestat_dir_name(3, P(buf), 8));
  printf("preopen name [%s]\n", (char*)buf);
  SHOW(w_fd_prestat_dir_name(3, P(buf), 0));
  SHOW(w_fd_prestat_get(4, P(buf)));
  SHOW(w_fd_prestat_get(0, P(buf)));
  SHOW(w_fd_prestat_get(3, end - 4));

  /* Paths: length checks, NULs, dirfds that are not fds. */
  static const char name[] = "made_by_edge";
  SHOW(w_path_create_directory(3, P(name), (int32_t)strlen(name)));
  SHOW(w_path_create_directory(3, P(name), (int32_t)strlen(name)));
  SHOW(w_path_create_directory(3, end - 4, 8));
  SHOW(w_path_create_directory(3, P(buf), 5000));
  static const char with_nul[] = "a\0b";
  SHOW(w_path_create_directory(3, P(with_nul), 3));
  SHOW(w_path_create_directory(-100, P(name), (int32_t)strlen(name)));
  SHOW(w_path_create_directory(0x7ffffff0, P(name), (int32_t)strlen(name)));
  SHOW(w_path_filestat_get(3, 1, P(name), (int32_t)strlen(name), P(buf)));
  printf("filetype %u\n", buf[16]);
  SHOW(w_path_filestat_get(3, 1, P(name), (int32_t)strlen(name), end - 8));
  SHOW(w_path_readlink(3, P(name), (int32_t)strlen(name), P(buf), 100, P(&u32v)));

  /* path_open: flags, rights, the result pointer. */
  int32_t fd = -1;
  static const char file[] = "edge_file";
  const int64_t read_rights = (1 << 1) | (1 << 14), write_rights = 1 << 6;
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 1 /* CREAT */, read_rights | write_rights, 0, 0, P(&fd)));
  SHOW(w_fd_write(fd, P(iov), 1, P(&u32v)));
  SHOW(w_fd_close(fd));
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 0x10, read_rights, 0, 0, P(&fd)));
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 0, read_rights, 0, 0x20, P(&fd)));
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 0, read_rights, 0, 0, end));
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 2 /* DIRECTORY */, read_rights, 0, 0, P(&fd)));
  SHOW(w_path_open(3, 1, P(file), (int32_t)strlen(file), 0, read_rights, 0, 0, P(&fd)));

  /* fdstat of a read-only file: rights follow the access mode. */
  SHOW(w_fd_fdstat_get(fd, P(buf)));
  uint64_t rights = *(uint64_t*)(buf + 8);
  printf("filetype %u flags %u read %d write %d seek %d\n", buf[0], *(uint16_t*)(buf + 2),
         !!(rights & (1 << 1)), !!(rights & (1 << 6)), !!(rights & (1 << 2)));
  SHOW(w_fd_fdstat_set_flags(fd, 0x40));
  SHOW(w_fd_fdstat_set_flags(fd, 1 /* APPEND */));
  SHOW(w_fd_fdstat_get(fd, P(buf)));
  printf("flags now %u\n", *(uint16_t*)(buf + 2));
  SHOW(w_fd_write(fd, P(iov), 1, P(&u32v)));
  SHOW(w_fd_filestat_get(fd, P(buf)));
  printf("filetype %u size %llu\n", buf[16], (unsigned long long)*(uint64_t*)(buf + 32));
  SHOW(w_fd_filestat_set_times(fd, 0, 0, 1 | 2));
  SHOW(w_fd_filestat_set_times(fd, 0, 0, 0x10));
  SHOW(w_fd_filestat_set_times(fd, 0, 7000000000, 4 /* MTIM */));
  SHOW(w_fd_filestat_get(fd, P(buf)));
  printf("mtim %llu\n", (unsigned long long)*(uint64_t*)(buf + 48));
  SHOW(w_fd_pread(fd, P(iov), 1, 0, end));
  SHOW(w_fd_advise(fd, 0, 0, 9));
  SHOW(w_fd_advise(fd, 0, 0, 1));
  SHOW(w_fd_allocate(fd, 0, 0));
  SHOW(w_fd_readdir(fd, P(buf), sizeof buf, 0, P(&u32v)));

  /* fd_readdir: a cookie past the end, a tiny buffer. */
  SHOW(w_fd_readdir(3, P(buf), sizeof buf, 1000000, P(&u32v)));
  SHOW(u32v);
  SHOW(w_fd_readdir(3, P(buf), 10, 0, P(&u32v)));
  SHOW(u32v);
  SHOW(w_fd_readdir(3, end - 10, 100, 0, P(&u32v)));
  SHOW(w_fd_close(fd));
  SHOW(w_fd_close(fd));

  /* Clocks, random. */
  SHOW(w_clock_time_get(0, 1, P(&u64v)));
  SHOW(u64v > 1577836800000000000ull);
  SHOW(w_clock_time_get(4, 1, P(&u64v)));
  SHOW(w_clock_time_get(1, 1, end - 4));
  SHOW(w_clock_res_get(1, P(&u64v)));
  SHOW(u64v > 0 && u64v <= 1000000);
  SHOW(w_clock_res_get(99, P(&u64v)));
  SHOW(w_random_get(P(buf), 0));
  SHOW(w_random_get(P(buf), sizeof buf));
  SHOW(w_random_get(end - 10, 20));

  /* poll_oneoff: no subscriptions, two clocks, a bad clock, an fd. */
  struct sub subs[3];
  struct event evs[3];
  memset(subs, 0, sizeof subs);
  SHOW(w_poll_oneoff(P(subs), P(evs), 0, P(&u32v)));
  subs[0].userdata = 11; subs[0].tag = 0; subs[0].id = 1; subs[0].timeout = 10000000;
  subs[1].userdata = 22; subs[1].tag = 0; subs[1].id = 1; subs[1].timeout = 5000000000ull;
  SHOW(w_poll_oneoff(P(subs), P(evs), 2, P(&u32v)));
  printf("events %u: userdata %llu error %u type %u\n", u32v, (unsigned long long)evs[0].userdata,
         evs[0].error, evs[0].type);
  subs[1].id = 77;
  SHOW(w_poll_oneoff(P(subs), P(evs), 2, P(&u32v)));
  printf("events %u: userdata %llu error %u\n", u32v, (unsigned long long)evs[0].userdata, evs[0].error);
  subs[0].timeout = 0;
  subs[1].id = 1;
  subs[1].flags = 1; /* ABSTIME, long past */
  subs[1].timeout = 1;
  SHOW(w_poll_oneoff(P(subs), P(evs), 2, P(&u32v)));
  printf("events %u\n", u32v);
  SHOW(w_poll_oneoff(P(subs), end - 40, 2, P(&u32v)));
  SHOW(w_poll_oneoff(end - 40, P(evs), 2, P(&u32v)));

  /* Processes and sockets. */
  SHOW(w_proc_raise(6));
  SHOW(w_sched_yield());
  SHOW(w_sock_shutdown(1, 0));
  SHOW(w_args_sizes_get(end, P(&u32v)));
  return 0;
}
