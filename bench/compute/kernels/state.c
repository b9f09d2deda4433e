/* state: a number-format recogniser run as a switch-based state machine over
 * a generated text buffer (integers, signed decimals, exponents, hex, junk).
 * Byte loads, character classification and a `switch` on the state. */
#include "kernels.h"

#define STATE_LEN 4096
#define STATE_ROUNDS 3000

enum st {
  S_START,
  S_SIGN,
  S_ZERO,
  S_INT,
  S_HEXPFX,
  S_HEX,
  S_DOT,
  S_FRAC,
  S_EXP,
  S_EXPSIGN,
  S_EXPDIG,
  S_BAD,
  S_COUNT
};

static char text[STATE_LEN];

/* Write a mix of tokens separated by spaces, commas or newlines. */
static void gen_text(uint32_t seed) {
  static const char pieces[][8] = {"0",    "17",    "-42",   "+3.25", "1e9",  "6.02e+23", "0x1F", "0xdeadBE",
                                   "12a",  "--1",   ".5",    "5.",    "-0.0", "7e-",      "0xg",  "9999",
                                   "abc",  "3.1.4", "+",     "1E5",   "00",   "0x",       "-.e1", "2.5E-3"};
  const int npieces = (int)(sizeof pieces / sizeof pieces[0]);
  int pos = 0;
  while (pos < STATE_LEN - 10) {
    const char *p = pieces[(k_lcg(&seed) >> 16) % (uint32_t)npieces];
    while (*p && pos < STATE_LEN - 2) text[pos++] = *p++;
    uint32_t sep = (k_lcg(&seed) >> 20) & 7;
    text[pos++] = sep == 0 ? '\n' : sep == 1 ? ',' : ' ';
  }
  while (pos < STATE_LEN) text[pos++] = ' ';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int is_sep(char c) { return c == ' ' || c == ',' || c == '\n'; }

/* Run the machine over the buffer: count the final state of each token and
 * every transition into each state. */
static void scan(uint32_t final_count[S_COUNT], uint32_t transitions[S_COUNT]) {
  enum st s = S_START;
  for (int i = 0; i < STATE_LEN; i++) {
    char c = text[i];
    if (is_sep(c)) {
      if (s != S_START) final_count[s]++;
      s = S_START;
      continue;
    }
    enum st next;
    switch (s) {
      case S_START:
        next = c == '+' || c == '-' ? S_SIGN : c == '0' ? S_ZERO : is_digit(c) ? S_INT : c == '.' ? S_DOT : S_BAD;
        break;
      case S_SIGN:
        next = c == '0' ? S_ZERO : is_digit(c) ? S_INT : c == '.' ? S_DOT : S_BAD;
        break;
      case S_ZERO:
        next = c == 'x' || c == 'X' ? S_HEXPFX : is_digit(c) ? S_INT : c == '.' ? S_FRAC : c == 'e' || c == 'E' ? S_EXP : S_BAD;
        break;
      case S_INT:
        next = is_digit(c) ? S_INT : c == '.' ? S_FRAC : c == 'e' || c == 'E' ? S_EXP : S_BAD;
        break;
      case S_HEXPFX:
      case S_HEX:
        next = is_hex(c) ? S_HEX : S_BAD;
        break;
      case S_DOT:
        next = is_digit(c) ? S_FRAC : S_BAD;
        break;
      case S_FRAC:
        next = is_digit(c) ? S_FRAC : c == 'e' || c == 'E' ? S_EXP : S_BAD;
        break;
      case S_EXP:
        next = c == '+' || c == '-' ? S_EXPSIGN : is_digit(c) ? S_EXPDIG : S_BAD;
        break;
      case S_EXPSIGN:
      case S_EXPDIG:
        next = is_digit(c) ? S_EXPDIG : S_BAD;
        break;
      default:
        next = S_BAD;
        break;
    }
    transitions[next]++;
    s = next;
  }
  if (s != S_START) final_count[s]++;
}

KERNEL_EXPORT("run_state")
uint32_t run_state(void) {
  gen_text(2024);
  uint32_t check = 0;
  uint32_t seed = 5;
  for (int r = 0; r < STATE_ROUNDS; r++) {
    uint32_t finals[S_COUNT] = {0}, trans[S_COUNT] = {0};
    scan(finals, trans);
    for (int k = 0; k < S_COUNT; k++) check = k_mix(check, finals[k] * 31u + trans[k]);
    /* Corrupt a few bytes so each round sees different text. */
    for (int k = 0; k < 4; k++) {
      uint32_t at = (k_lcg(&seed) >> 8) % STATE_LEN;
      static const char repl[] = "0123456789.e+-x, ";
      text[at] = repl[(k_lcg(&seed) >> 24) % (sizeof repl - 1)];
    }
  }
  return check;
}
