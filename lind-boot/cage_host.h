// lind-boot's side of the cage ABI: the `lind.syscall` import, and finding
// a program inside lindfs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lind/runtime.h>

namespace lind::boot {

// The lind.syscall host call in progress on this thread (nullptr if none).
extern thread_local rt::HostContext* current_host_call;

// --lindfs, else $LIND_FS_ROOT, else this build's lindfs/.
std::string lindfs_root(const std::optional<std::string>& option);

// Does the module import anything from `lind` or `wasi_snapshot_preview1`
// (is it a cage program)?
bool is_cage_module(const rt::Module& module);

// Defines `lind.syscall` (see threei/include/lind/abi.h) in the linker.
void define_cage_imports(rt::Linker& linker);

// The bytes of `path` resolved inside the lindfs root (.., absolute paths
// and symlinks cannot leave it), or nullopt if there is no such file there.
std::optional<std::vector<uint8_t>> read_in_lindfs(const std::string& root, const std::string& path);

// The cage's environment from --env entries: NAME=VALUE as given, a bare
// NAME takes the host's value and is dropped when unset.
std::vector<std::string> cage_environment(const std::vector<std::string>& entries);

}  // namespace lind::boot
