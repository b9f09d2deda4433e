// Where a script run records its outcome: counters, and a sink that gets one
// line per failure (and per note in verbose mode). Both survive a crash of
// the process running the script: the tally may live in shared memory and
// the sink is flushed after every line.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace lind::spec {

struct Tally {
  int passed = 0;
  int failed = 0;
  size_t next = 0;        // index of the command being run
  int line = 0;           // its .wast line
  char command[32] = {};  // its type, for crash reports
};

class Reporter {
 public:
  Reporter(Tally& tally, std::FILE* sink, std::string source, bool verbose)
      : tally_(tally), sink_(sink), source_(std::move(source)), verbose_(verbose) {}

  bool verbose() const { return verbose_; }
  // Starts command number `index` of the script.
  void begin(size_t index, int line, std::string_view command);
  void pass() { ++tally_.passed; }
  // "SOURCE:LINE: COMMAND: MESSAGE"
  void fail(std::string_view message);
  // Written only in verbose mode: "SOURCE:LINE: note: COMMAND: MESSAGE".
  void note(std::string_view message);

 private:
  void write(std::string_view tag, std::string_view message);

  Tally& tally_;
  std::FILE* sink_;
  std::string source_;
  bool verbose_;
  std::string command_;
};

// Makes text printable on one line: control bytes become \xNN.
std::string one_line(std::string_view text);

}  // namespace lind::spec
