// A cage for testing syscalls without wasm: a scratch lindfs in a temporary
// directory, cage 1 with a 4-page linear memory, and helpers to place data
// in that memory and make calls through 3i exactly as the lind.syscall
// import does.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "lind/abi.h"
#include "lind/rawposix.h"
#include "lind/runtime.h"
#include "lind/threei.h"

namespace lind::rawposix::test {

class CageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lind-rawposix-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    init(root_);
    memory_ = rt::MemoryInst::create(rt::Limits{4, 4});
    cage_ = create_first_cage(StartInfo{{"prog", "arg1"}, {"A=1"}});
    attach_memory(cage_, memory_.get());
  }
  void TearDown() override {
    destroy_cage(cage_);
    std::filesystem::remove_all(root_);
  }

  // Makes syscall `nr` on the cage itself with plain (non-pointer-cage) args.
  int64_t call(uint32_t nr, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0, uint64_t a4 = 0,
               uint64_t a5 = 0, uint64_t a6 = 0) {
    threei::Args args{{a1, a2, a3, a4, a5, a6}, {cage_, cage_, cage_, cage_, cage_, cage_}};
    return threei::registry().dispatch(cage_, nr, cage_, args);
  }

  // Copies bytes into the cage's memory at a bump-allocated offset.
  uint64_t put(const void* data, size_t len) {
    uint64_t at = next_;
    next_ += (len + 15) & ~size_t{15};
    EXPECT_TRUE(memory_->write(at, data, len));
    return at;
  }
  uint64_t put(const std::string& s) { return put(s.c_str(), s.size() + 1); }
  // Reserves `len` zeroed bytes in the cage's memory.
  uint64_t reserve(size_t len) {
    std::string zeros(len, '\0');
    return put(zeros.data(), len);
  }
  template <typename T>
  T get(uint64_t addr) {
    T v{};
    EXPECT_TRUE(memory_->read(addr, &v, sizeof v));
    return v;
  }
  std::string get_string(uint64_t addr, size_t len) {
    std::string s(len, '\0');
    EXPECT_TRUE(memory_->read(addr, s.data(), len));
    return s;
  }
  uint64_t memory_size() const { return memory_->size_bytes(); }

  // The host path of a lindfs path, for setting up and checking files.
  std::string host(const std::string& p) const { return root_ + "/" + p; }

  std::string root_;
  std::shared_ptr<rt::MemoryInst> memory_;
  CageId cage_ = 0;
  uint64_t next_ = 1024;
};

}  // namespace lind::rawposix::test
