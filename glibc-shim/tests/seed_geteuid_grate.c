#include <lind_syscall.h>
// Custom handler — return 10 for geteuid
int my_handler(uint64_t cageid) { return 10; }
// Required dispatcher — routes function pointer calls
int pass_fptr_to_wt(uint64_t fn_ptr, uint64_t cageid, ...) {
int (*fn)(uint64_t) = (int (*)(uint64_t))(uintptr_t)fn_ptr;
return fn(cageid);
}
int main(int argc, char *argv[]) {
int grateid = getpid();
pid_t pid = fork();
if (pid == 0) {
// register_handler(target_cage, syscall_number, grate_id, handler_fn_ptr)
// target_cage: cage ID to intercept syscalls from
// syscall_number: which syscall to intercept (e.g. 107 = geteuid)
// grate_id: this grate's cage ID (for routing)
// handler_fn_ptr: address of the handler function
register_handler(getpid(), 107, grateid, (uint64_t)&my_handler);
execv(argv[1], &argv[1]);
}
wait(NULL);
return 0;
}