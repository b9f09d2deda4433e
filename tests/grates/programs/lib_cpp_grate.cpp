// lib_cpp_grate: lib_c_grate's interposition written in C++ with
// lind::GrateBuilder (lind_grate.hpp): geteuid answered (FAKE_EUID, a
// captureless lambda), getuid forwarded (lind::forward), unlink refused
// after reading the path, read upper-cased. The teardown (a capturing
// lambda) prints the cage's status; the grate exits with the cage's exit
// status (lib_cpp runs the cage with exit code 3: lind-boot exits 3).
#include <lind_grate.hpp>

#include <cctype>
#include <string>

#include "gratetest.h"

static int h_getuid(HARGS) {
    int r = lind::forward(NR_getuid, grate, FWD);
    say("grate: getuid forwarded, same as mine: %s\n", yn(r == (int)getuid()));
    return r;
}

static int h_unlink(HARGS) {
    UNUSED_HARGS;
    char path[256];
    int r = lind::read_string(a1c, a1, path, sizeof path);
    if (r != 0) return r;
    say("grate: unlink %s: refused\n", path);
    return -EACCES;
}

static int h_read(HARGS) {
    UNUSED_HARGS;
    char local[256];
    uint64_t n = a3 < sizeof local ? a3 : sizeof local;
    int r = lind::forward(NR_read, grate, a1, a1c, (uint64_t)(uintptr_t)local, grate, n, a3c, a4, a4c, a5, a5c,
                          a6, a6c);
    if (r <= 0) return r;
    for (int i = 0; i < r; i++) local[i] = (char)std::toupper((unsigned char)local[i]);
    int w = lind::write(a2c, a2, local, (size_t)r);
    if (w != 0) return w;
    say("grate: read forwarded, %d bytes upper-cased\n", r);
    return r;
}

int main(int argc, char **argv) {
    std::string name = "lib_cpp_grate";
    int children = 0;
    int st = lind::GrateBuilder()
                 .handle(NR_geteuid, [](HARGS) -> int {
                     UNUSED_HARGS;
                     return FAKE_EUID;
                 })
                 .handle(NR_getuid, h_getuid)
                 .handle(87 /* unlink */, h_unlink)
                 .handle(NR_read, h_read)
                 .preexec([&](uint64_t child) {
                     children++;
                     say("%s: preexec: child is not me: %s\n", name.c_str(), yn(child != (uint64_t)getpid()));
                     return 0;
                 })
                 .teardown([&](int status) {
                     say("%s: teardown: cage ended: %s (children %d)\n", name.c_str(),
                         status == LIND_GRATE_FAILED ? "failed" : wstatus(status), children);
                 })
                 .run(argc, argv);
    say("%s: exiting %d\n", name.c_str(), st);
    return st;
}
