#include "reporter.h"

#include <algorithm>

namespace lind::spec {

void Reporter::begin(size_t index, int line, std::string_view command) {
  tally_.next = index;
  tally_.line = line;
  size_t n = std::min(command.size(), sizeof tally_.command - 1);
  std::copy_n(command.data(), n, tally_.command);
  tally_.command[n] = '\0';
  command_ = command;
}

void Reporter::fail(std::string_view message) {
  ++tally_.failed;
  write("", message);
}

void Reporter::note(std::string_view message) {
  if (verbose_) write("note: ", message);
}

void Reporter::write(std::string_view tag, std::string_view message) {
  std::string line = source_ + ":" + std::to_string(tally_.line) + ": " + std::string(tag) +
                     command_ + ": " + one_line(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), sink_);
  std::fflush(sink_);
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\n') {
      out += " | ";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace lind::spec
