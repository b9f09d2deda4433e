#include "isolated_run.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <thread>

#include "reporter.h"
#include "script_runner.h"

namespace lind::spec {
namespace {

// A Tally in memory shared with forked children.
class SharedTally {
 public:
  SharedTally() {
    void* p =
        mmap(nullptr, sizeof(Tally), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    tally_ = new (p) Tally();
  }
  ~SharedTally() { munmap(tally_, sizeof(Tally)); }
  SharedTally(const SharedTally&) = delete;
  SharedTally& operator=(const SharedTally&) = delete;
  Tally& get() { return *tally_; }

 private:
  Tally* tally_;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

void execute(const Script& script, Reporter& reporter) {
  reporter.begin(0, 0, "(setup)");
  try {
    ScriptRunner runner(script, reporter);
    runner.run();
  } catch (const std::exception& e) {
    reporter.fail(std::string("runner setup failed: ") + e.what());
  }
}

// How the child ended, when not by finishing the script: empty if it did.
std::string wait_child(pid_t pid, int timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid, &status, timeout_seconds > 0 ? WNOHANG : 0);
    if (r == pid) break;
    if (r < 0) return std::string("waitpid failed: ") + std::strerror(errno);
    if (Clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return "timed out after " + std::to_string(timeout_seconds) + " s";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "crashed with signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    return "runner exited with status " + std::to_string(WEXITSTATUS(status));
  return {};
}

int counted_from(const Script& script, size_t index) {
  int n = 0;
  for (size_t i = index; i < script.commands.size(); ++i)
    n += is_counted(script.commands[i].type) ? 1 : 0;
  return n;
}

std::vector<std::string> read_lines(std::FILE* f) {
  std::vector<std::string> lines;
  std::rewind(f);
  std::string line;
  for (int ch; (ch = std::fgetc(f)) != EOF;) {
    if (ch == '\n') {
      lines.push_back(std::move(line));
      line.clear();
    } else {
      line += static_cast<char>(ch);
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

RunOutcome run_script(const Script& script, const RunOptions& options) {
  SharedTally shared;
  Tally& tally = shared.get();
  File sink(std::tmpfile());
  if (!sink) throw std::runtime_error("cannot create a temporary file");
  Reporter reporter(tally, sink.get(), script.source, options.verbose);

  std::string abnormal;
  if (options.isolate) {
    std::fflush(nullptr);  // the child must not flush our buffered output again
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
      execute(script, reporter);
      std::fflush(nullptr);
      _exit(0);
    }
    abnormal = wait_child(pid, options.timeout_seconds);
  } else {
    execute(script, reporter);
  }

  RunOutcome out;
  out.lines = read_lines(sink.get());
  out.passed = tally.passed;
  out.failed = tally.failed;
  size_t next = tally.next;
  if (next < script.commands.size()) {
    // Stopped inside the script: the command at `next` and all after it fail.
    int lost = counted_from(script, next);
    out.failed += lost;
    out.lines.push_back(script.source + ":" + std::to_string(tally.line) + ": " + tally.command +
                        ": " + (abnormal.empty() ? "runner stopped" : abnormal) + "; " +
                        std::to_string(lost) + " assertions from here on counted as failed");
  } else if (!abnormal.empty()) {
    out.failed += 1;
    out.lines.push_back(script.source + ": " + abnormal + " after the last command");
  }
  return out;
}

}  // namespace lind::spec
