/* Failed execs return -1 with the right errno to an intact caller (no
 * fork: cage 1 itself tries them all): ENOENT (missing file, missing
 * directory, empty path), ENOTDIR, EACCES (a real program without any x
 * bit, a directory), ENOEXEC (a text file, an empty file, random bytes,
 * a wasm header followed by junk, all with x bits). After each failure
 * the caller's globals, heap, fds, cwd and stdio buffer are checked; at
 * the end a successful exec replaces it (bin/echoargs, exit code 5). */
#include "proctest.h"

static int counter = 0;

static void copy_file(const char *from, const char *to, mode_t mode) {
    int in = open(from, O_RDONLY);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0) { say("copy_file %s: %s\n", from, errname(errno)); return; }
    char buf[65536];
    ssize_t r;
    while ((r = read(in, buf, sizeof buf)) > 0) write_full(out, buf, (size_t)r);
    close(in);
    close(out);
    chmod(to, mode);
}

static void try_exec(const char *path) {
    char *av[] = {(char *)path, "arg", NULL};
    char *ev[] = {"K=v", NULL};
    printf("[buffered text before exec %d] ", counter);
    errno = 0;
    int r = execve(path, av, ev);
    int e = errno;
    printf("execve(\"%s\") = %d %s\n", path, r, errname(e));
    fflush(stdout);
    counter++;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    tl_cwd_init();
    char *heap = strdup("heap intact");
    int log = CHECK(open("log.txt", O_RDWR | O_CREAT | O_TRUNC, 0644));
    CHECK(put_file("text.txt", "echo this is not a program\n"));
    CHECK(chmod("text.txt", 0755));
    CHECK(put_file("empty", ""));
    CHECK(chmod("empty", 0755));
    unsigned char junk[512];
    unsigned seed = 7;
    for (int i = 0; i < 512; i++) junk[i] = (unsigned char)tl_rand(&seed);
    junk[0] = 0x12; /* neither ELF nor wasm nor #! */
    int j = open("junk", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write_full(j, junk, sizeof junk);
    close(j);
    static const unsigned char wasm_head[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    j = open("badwasm", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write_full(j, wasm_head, 8);
    write_full(j, junk, 64);
    close(j);
    copy_file("bin/exitwith", "noexec", 0644);
    CHECK(mkdir("adir", 0755));

    try_exec("missing");
    try_exec("nodir/prog");
    try_exec("");
    try_exec("text.txt/prog");
    try_exec("noexec");
    try_exec("adir");
    try_exec("text.txt");
    try_exec("empty");
    try_exec("junk");
    try_exec("badwasm");

    say("after %d failed execs: heap \"%s\", cwd %s\n", counter, heap, rel_cwd());
    CHECK(write(log, "still open\n", 11));
    CHECK(lseek(log, 0, SEEK_SET));
    char buf[32] = {0};
    CHECK(read(log, buf, sizeof buf - 1));
    say("log reads back \"%.10s\"\n", buf);
    CHECK(access("noexec", X_OK));
    CHECK(chmod("noexec", 0755));
    /* the same file (a copy of bin/exitwith) after chmod +x replaces us
     * and exits with 42 */
    char *av[] = {"noexec-now-executable", "42", NULL};
    char *ev[] = {NULL};
    say("exec'ing it after chmod +x\n");
    execve("noexec", av, ev);
    say("final execve failed: %s\n", errname(errno));
    return 1;
}
