/* fork copies the whole memory image: a 4 MiB heap buffer, a private
 * anonymous mapping, a deep call stack (fork from 300 frames down; both
 * processes unwind through the copied frames and their locals), function
 * pointers (the table), and memory allocated after fork is each
 * process's own. Checksums, not contents, are printed. */
#include "proctest.h"

#define HEAP (4 << 20)
#define MAPLEN (1 << 20)

static unsigned sum_buf(const unsigned char *p, size_t n) { return fnv1a(p, n, FNV_INIT); }

static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }
static int (*ops[2])(int) = {twice, thrice};

/* recurse DEPTH frames, each with a local array, fork at the bottom, and
 * add up the locals on the way back */
static pid_t deep_pid;
static long deep(int depth) {
    volatile int local[16];
    for (int i = 0; i < 16; i++) local[i] = depth * 16 + i;
    long below;
    if (depth == 0) {
        deep_pid = xfork();
        below = deep_pid == 0 ? 1000000 : 0;
    } else {
        below = deep(depth - 1);
    }
    long s = below;
    for (int i = 0; i < 16; i++) s += local[i];
    return s;
}

int main(int argc, char **argv) {
    proc_init(argc, argv);
    unsigned char *heap = malloc(HEAP);
    unsigned seed = 12345;
    for (size_t i = 0; i < HEAP; i++) heap[i] = (unsigned char)tl_rand(&seed);
    unsigned hsum = sum_buf(heap, HEAP);
    unsigned char *map = mmap(NULL, MAPLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { say("mmap failed %s\n", errname(errno)); return 1; }
    for (size_t i = 0; i < MAPLEN; i++) map[i] = (unsigned char)(i * 7);
    unsigned msum = sum_buf(map, MAPLEN);
    say("heap fnv %08x, map fnv %08x\n", hsum, msum);

    pid_t pid = xfork();
    if (pid == 0) {
        say("child: heap same: %s, map same: %s\n", sum_buf(heap, HEAP) == hsum ? "yes" : "NO",
            sum_buf(map, MAPLEN) == msum ? "yes" : "NO");
        say("child: ops via table: %d %d\n", ops[0](21), ops[1](14));
        memset(heap, 0xAA, HEAP);
        memset(map, 0x55, MAPLEN);
        char *more = malloc(8 << 20);
        memset(more, 1, 8 << 20);
        say("child: allocated and wrote 8 MiB more\n");
        child_exit(0);
    }
    wait_show(pid, "child");
    EXPECT(sum_buf(heap, HEAP) == hsum);
    EXPECT(sum_buf(map, MAPLEN) == msum);

    long s = deep(300);
    if (deep_pid == 0) {
        say("child unwound 300 frames: sum %ld\n", s);
        child_exit(0);
    }
    wait_show(deep_pid, "deep child");
    say("parent unwound 300 frames: sum %ld\n", s);
    CHECK(munmap(map, MAPLEN));
    free(heap);
    return 0;
}
