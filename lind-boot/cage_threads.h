// Cages as processes: each cage runs on its own host thread; a forked cage
// in a clone of its parent's instance, resumed where its parent called
// fork; exec replaces the program a cage's thread runs.
#pragma once

#include <lind/runtime.h>

#include <functional>
#include <memory>
#include <string>

namespace lind::boot {

// Defines the cage imports (lind.syscall, and WASI preview 1) in `linker`,
// the hook that attaches each new instance to its cage, and makes fork and
// exec work through `engine` and `linker` (both must outlive every cage).
void setup_cage_linker(rt::Engine& engine, rt::Linker& linker);

// Instantiates `module` as the program of `cage` (throws rt::Error).
rt::InstantiateResult instantiate_for_cage(uint64_t cage, rt::Linker& linker,
                                           const std::shared_ptr<rt::Module>& module);

// A successful exec of `cage` happened inside the syscall in progress on
// this thread: the cage's own lind.syscall ends the calling program.
bool exec_pending_for(uint64_t cage);

// Lets the children forked during the call in progress on this thread
// start: called as the cage's own lind.syscall returns (see StartGate).
void release_forked_children();

// Runs a cage's programs on this thread: first `first` (the program as
// started or resumed), then, after each exec, the new program's _start.
// Returns the result of the last program. `instance` is the first
// program's; each replaced instance is released.
rt::CallResult run_cage(uint64_t cage, std::shared_ptr<rt::Instance> instance,
                        const std::function<rt::CallResult()>& first);

// The wait status (Linux encoding) for a cage whose execution ended with
// `result` on this thread: the signal that killed it, exit codes from
// exit/exit_group or a normal return, and a signal for a trap (SIGSEGV for
// memory and stack faults, SIGFPE for arithmetic, SIGILL otherwise), as a
// native crash of the same kind.
int wait_status_of(const rt::CallResult& result);

// harsh_cage_exit: tells the grates on an abnormally ended cage's line
// (a handler on its exit_group) that it died; see cage_threads.cpp.
void tell_grates_of_harsh_exit(uint64_t cage, int wait_status);

// Prints a cage's trap (not for an exit) as lind-boot reports traps.
void report_cage_trap(uint64_t cage, const rt::Trap& trap);

}  // namespace lind::boot
