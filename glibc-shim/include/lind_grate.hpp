// lind_grate.hpp — C++ front end of the grate library (lind_grate.h),
// header-only: lind::GrateBuilder, in the spirit of grate-rs's builder.
//
//   LIND_GRATE_HANDLER(fake_euid) { LIND_GRATE_UNUSED_ARGS; return 4242; }
//   int main(int argc, char **argv) {
//       return lind::GrateBuilder()
//           .handle(107, fake_euid)
//           .teardown([](int status) { /* raw wait status */ })
//           .run(argc, argv);          // argv[1] is the cage to run
//   }
//
// Handlers are plain function pointers (lind::Handler; a captureless lambda
// converts to one): 3i calls them by function-table index, so they cannot
// carry state; lind_grate.h's LIND_GRATE_HANDLER & co. write them in C++
// too. teardown and preexec take any callable. Build with
// tools/lind-clang++ --compile-grate. C++11 or later; no exceptions used.
#ifndef LIND_GRATE_HPP
#define LIND_GRATE_HPP

#include <lind_grate.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <utility>

namespace lind {

using Handler = lind_grate_handler;

class GrateBuilder {
  public:
    GrateBuilder() { lind_grate_init(&g_); }

    // Interpose call `nr` on the child with `fn` (again: replaces; nullptr:
    // removes). More than LIND_GRATE_MAX_HANDLERS numbers make run fail.
    GrateBuilder &handle(uint64_t nr, Handler fn) {
        lind_grate_register(&g_, nr, fn);
        return *this;
    }

    // Run after the child ended, with its raw wait status (WIFEXITED etc.)
    // or LIND_GRATE_FAILED (-1) when the grate could not run or wait for it.
    GrateBuilder &teardown(std::function<void(int)> fn) {
        teardown_ = std::move(fn);
        return *this;
    }

    // Run with the child's cage id after registration, before it is
    // released to exec; a non-zero result aborts the run (exit 1).
    GrateBuilder &preexec(std::function<int(uint64_t)> fn) {
        preexec_ = std::move(fn);
        return *this;
    }

    // Runs argv[0] with argv (see lind_grate_run); returns the exit status
    // the grate should return from main (the child's, 128+N for signal N,
    // 1 when the grate failed).
    int run(char **argv) {
        lind_grate_teardown(&g_, teardown_ ? &GrateBuilder::teardown_tramp : nullptr, this);
        lind_grate_preexec(&g_, preexec_ ? &GrateBuilder::preexec_tramp : nullptr, this);
        return lind_grate_run(&g_, argv);
    }

    // main's arguments: runs argv[1] with argv + 1. Without a program,
    // prints a usage line and returns 2.
    int run(int argc, char **argv) {
        if (argc < 2 || argv == nullptr || argv[1] == nullptr) {
            std::fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n",
                         argc > 0 && argv && argv[0] ? argv[0] : "grate");
            return 2;
        }
        return run(argv + 1);
    }

    // The underlying C description, for calls the builder does not wrap.
    lind_grate *c_grate() { return &g_; }

  private:
    static void teardown_tramp(int status, void *self) {
        static_cast<GrateBuilder *>(self)->teardown_(status);
    }
    static int preexec_tramp(uint64_t child, void *self) {
        return static_cast<GrateBuilder *>(self)->preexec_(child);
    }

    lind_grate g_;
    std::function<void(int)> teardown_;
    std::function<int(uint64_t)> preexec_;
};

// Helpers (0 or -errno), as in lind_grate.h.
inline int read_string(uint64_t cage, uint64_t addr, char *buf, size_t len) {
    return lind_grate_read_string(cage, addr, buf, len);
}
inline int read(uint64_t cage, uint64_t addr, void *buf, size_t len) {
    return lind_grate_read(cage, addr, buf, len);
}
inline int write(uint64_t cage, uint64_t addr, const void *buf, size_t len) {
    return lind_grate_write(cage, addr, buf, len);
}
// Forwards call nr for the caller (a1cage) through this grate's table.
inline int forward(uint64_t nr, uint64_t grate, uint64_t a1, uint64_t a1cage, uint64_t a2,
                   uint64_t a2cage, uint64_t a3, uint64_t a3cage, uint64_t a4, uint64_t a4cage,
                   uint64_t a5, uint64_t a5cage, uint64_t a6, uint64_t a6cage) {
    return lind_grate_forward(nr, grate, a1, a1cage, a2, a2cage, a3, a3cage, a4, a4cage, a5,
                              a5cage, a6, a6cage);
}

}  // namespace lind

#endif
