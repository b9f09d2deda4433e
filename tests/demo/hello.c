/* The README's first program: built with tools/lind-clang, run as a cage. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  printf("Hello from cage %d: %s, running in lind-boot.\n", getpid(), argv[0]);
  return 0;
}
