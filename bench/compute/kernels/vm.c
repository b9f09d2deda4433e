/* vm: a small stack-plus-register bytecode interpreter with a dense switch
 * (br_table in wasm).  The bytecode program sums Collatz step counts over a
 * range and mixes them into a hash, so the VM runs a few tens of millions of
 * its own instructions. */
#include "kernels.h"

#define VM_LIMIT 9000

enum op {
  OP_HALT,
  OP_PUSH,  /* imm */
  OP_LOAD,  /* reg */
  OP_STORE, /* reg */
  OP_INC,   /* reg */
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_AND,
  OP_OR,
  OP_XOR,
  OP_SHL,
  OP_SHR,
  OP_EQ,
  OP_LT,
  OP_DUP,
  OP_SWAP,
  OP_DROP,
  OP_JMP,  /* target */
  OP_JNZ,  /* target */
  OP_JZ,   /* target */
  OP_ROTL,
  OP_NOT,
  OP_COUNT
};

/* Registers: r0 = limit, r1 = i, r3 = n, r2 = total steps, r4 = hash,
 * r5 = result.  The program is written with a tiny assembler at run time into
 * a writable array, so the compiler cannot specialise the VM on it. */
static int32_t code[128];
static int cpos;
static void e(int32_t v) { code[cpos++] = v; }

static void vm_assemble(void) {
  cpos = 0;
  /* i = 1 */
  e(OP_PUSH); e(1); e(OP_STORE); e(1);
  int outer = cpos;
  /* n = i */
  e(OP_LOAD); e(1); e(OP_STORE); e(3);
  int inner = cpos;
  /* if (n == 1) goto end_inner */
  e(OP_LOAD); e(3); e(OP_PUSH); e(1); e(OP_EQ); e(OP_JNZ); int fix_end = cpos; e(0);
  /* if ((n & 1) == 0) goto even */
  e(OP_LOAD); e(3); e(OP_PUSH); e(1); e(OP_AND); e(OP_JZ); int fix_even = cpos; e(0);
  /* odd: n = n*3 + 1 */
  e(OP_LOAD); e(3); e(OP_PUSH); e(3); e(OP_MUL); e(OP_PUSH); e(1); e(OP_ADD); e(OP_STORE); e(3);
  e(OP_JMP); int fix_count = cpos; e(0);
  /* even: n = n >> 1 */
  code[fix_even] = cpos;
  e(OP_LOAD); e(3); e(OP_PUSH); e(1); e(OP_SHR); e(OP_STORE); e(3);
  /* count: steps++ ; hash = rotl(hash ^ n, 5) */
  code[fix_count] = cpos;
  e(OP_INC); e(2);
  e(OP_LOAD); e(4); e(OP_LOAD); e(3); e(OP_XOR); e(OP_PUSH); e(5); e(OP_ROTL); e(OP_STORE); e(4);
  e(OP_JMP); e(inner);
  /* end_inner: i++ ; if (i < limit) goto outer */
  code[fix_end] = cpos;
  e(OP_LOAD); e(4); e(OP_LOAD); e(1); e(OP_SUB); e(OP_NOT); e(OP_STORE); e(4);
  e(OP_INC); e(1);
  e(OP_LOAD); e(1); e(OP_LOAD); e(0); e(OP_LT); e(OP_JNZ); e(outer);
  /* also exercise the remaining opcodes once: */
  e(OP_LOAD); e(2); e(OP_PUSH); e(7); e(OP_SHL); e(OP_LOAD); e(4); e(OP_OR);
  e(OP_DUP); e(OP_SWAP); e(OP_DROP); e(OP_STORE); e(5);
  e(OP_HALT);
}

static uint32_t vm_run(const int32_t *pc0, uint32_t reg[8], uint64_t *executed) {
  uint32_t stack[32];
  int sp = 0;
  const int32_t *pc = pc0;
  uint64_t count = 0;
  for (;;) {
    count++;
    switch ((enum op)*pc++) {
      case OP_HALT:
        *executed = count;
        return sp ? stack[sp - 1] : 0;
      case OP_PUSH: stack[sp++] = (uint32_t)*pc++; break;
      case OP_LOAD: stack[sp++] = reg[*pc++ & 7]; break;
      case OP_STORE: reg[*pc++ & 7] = stack[--sp]; break;
      case OP_INC: reg[*pc++ & 7]++; break;
      case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
      case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
      case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 31; break;
      case OP_SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
      case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OP_SWAP: { uint32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case OP_DROP: sp--; break;
      case OP_JMP: pc = pc0 + *pc; break;
      case OP_JNZ: { int32_t t = *pc++; if (stack[--sp]) pc = pc0 + t; break; }
      case OP_JZ: { int32_t t = *pc++; if (!stack[--sp]) pc = pc0 + t; break; }
      case OP_ROTL: { sp--; uint32_t a = stack[sp - 1], b = stack[sp] & 31; stack[sp - 1] = a << b | a >> ((32 - b) & 31); break; }
      case OP_NOT: stack[sp - 1] = ~stack[sp - 1]; break;
      default:
        *executed = count;
        return 0xdeadu;
    }
  }
}

KERNEL_EXPORT("run_vm")
uint32_t run_vm(void) {
  vm_assemble();
  uint32_t reg[8] = {VM_LIMIT, 0, 0, 0, 0x811C9DC5u, 0, 0, 0};
  uint64_t executed = 0;
  uint32_t top = vm_run(code, reg, &executed);
  uint32_t check = k_mix(top, reg[2]);
  check = k_mix(check, reg[4]);
  check = k_mix(check, reg[5]);
  return k_mix(check, (uint32_t)executed);
}
