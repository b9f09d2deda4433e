/* list: singly linked list in a fixed node pool (no malloc).
 * Build from an LCG, search, reverse, recursive merge sort by key, re-sort by
 * a second key, and walk for a checksum.  Pointer chasing and branchy code. */
#include "kernels.h"

#define LIST_NODES 1000
#define LIST_ROUNDS 180

struct node {
  struct node *next;
  int32_t key;
  uint32_t val;
};

static struct node pool[LIST_NODES];

static struct node *build(uint32_t *seed, int n) {
  struct node *head = 0;
  for (int i = 0; i < n; i++) {
    struct node *p = &pool[i];
    uint32_t r = k_lcg(seed);
    p->key = (int32_t)(r >> 8) % 10007 - 5000; /* negative keys too */
    p->val = r ^ (uint32_t)i;
    p->next = head;
    head = p;
  }
  return head;
}

static struct node *reverse(struct node *h) {
  struct node *prev = 0;
  while (h) {
    struct node *nx = h->next;
    h->next = prev;
    prev = h;
    h = nx;
  }
  return prev;
}

static struct node *find(struct node *h, int32_t key) {
  for (; h; h = h->next)
    if (h->key == key) return h;
  return 0;
}

static int by_key(const struct node *a, const struct node *b) {
  return a->key < b->key || (a->key == b->key && a->val < b->val);
}

static int by_val_low(const struct node *a, const struct node *b) {
  return (a->val & 0xffff) <= (b->val & 0xffff);
}

static struct node *merge(struct node *a, struct node *b, int use_key) {
  struct node dummy;
  struct node *t = &dummy;
  while (a && b) {
    /* Stable: take from a unless b sorts strictly before it. */
    int take_a = use_key ? !by_key(b, a) : by_val_low(a, b);
    if (take_a) {
      t->next = a;
      a = a->next;
    } else {
      t->next = b;
      b = b->next;
    }
    t = t->next;
  }
  t->next = a ? a : b;
  return dummy.next;
}

/* Recursive top-down merge sort: split with slow/fast pointers. */
static struct node *msort(struct node *h, int use_key) {
  if (!h || !h->next) return h;
  struct node *slow = h, *fast = h->next;
  while (fast && fast->next) {
    slow = slow->next;
    fast = fast->next->next;
  }
  struct node *second = slow->next;
  slow->next = 0;
  return merge(msort(h, use_key), msort(second, use_key), use_key);
}

static uint32_t walk(const struct node *h) {
  uint32_t c = 0x12345u;
  int32_t prev = INT32_MIN;
  uint32_t order_ok = 1;
  for (; h; h = h->next) {
    c = k_mix(c, (uint32_t)h->key + h->val);
    if (h->key < prev) order_ok = 0;
    prev = h->key;
  }
  return c ^ order_ok;
}

KERNEL_EXPORT("run_list")
uint32_t run_list(void) {
  uint32_t seed = 7;
  uint32_t check = 0;
  for (int r = 0; r < LIST_ROUNDS; r++) {
    struct node *h = build(&seed, LIST_NODES);
    /* Search for a few keys (some present, some not). */
    for (int q = 0; q < 8; q++) {
      int32_t key = (int32_t)(k_lcg(&seed) >> 8) % 10007 - 5000;
      struct node *f = find(h, key);
      check = k_mix(check, f ? f->val : (uint32_t)q);
    }
    h = reverse(h);
    h = msort(h, 1);
    check = k_mix(check, walk(h));
    h = msort(h, 0);
    check = k_mix(check, walk(h));
    h = reverse(h);
    check = k_mix(check, h->val);
  }
  return check;
}
