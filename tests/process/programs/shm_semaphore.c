/* POSIX semaphores with pshared=1 in MAP_SHARED memory, across fork:
 * a child posts after writing data the parent waits for; 50 rounds of
 * ping-pong on two semaphores; sem_trywait on 0 fails with EAGAIN;
 * sem_getvalue; and 4 children incrementing one shared counter 200
 * times each under a semaphore used as a mutex (the total is exact). */
#include "proctest.h"
#include <sched.h>
#include <semaphore.h>

struct shared {
    sem_t ready, ping, pong, mutex;
    int data;
    int rounds;
    long total;
};

int main(int argc, char **argv) {
    proc_init(argc, argv);
    struct shared *sh = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) { say("mmap: %s\n", errname(errno)); return 1; }
    CHECK(sem_init(&sh->ready, 1, 0));
    CHECK(sem_init(&sh->ping, 1, 0));
    CHECK(sem_init(&sh->pong, 1, 0));
    CHECK(sem_init(&sh->mutex, 1, 1));
    int v = -1;
    CHECK(sem_getvalue(&sh->mutex, &v));
    say("mutex value %d\n", v);
    CHECK(sem_trywait(&sh->ready));

    pid_t pid = xfork();
    if (pid == 0) {
        sleep_ms(100);
        sh->data = 1234;
        sem_post(&sh->ready);
        child_exit(0);
    }
    CHECK(sem_wait(&sh->ready));
    say("after sem_wait: data %d\n", sh->data);
    xwait(pid);

    pid = xfork();
    if (pid == 0) {
        for (int i = 0; i < 50; i++) {
            sem_wait(&sh->ping);
            sh->rounds = sh->rounds * 2 % 1000003 + 1;
            sem_post(&sh->pong);
        }
        child_exit(0);
    }
    int in_step = 1;
    for (int i = 0; i < 50; i++) {
        int before = sh->rounds;
        sem_post(&sh->ping);
        sem_wait(&sh->pong);
        if (sh->rounds != before * 2 % 1000003 + 1) in_step = 0;
        sh->rounds += 3;
    }
    wait_show(pid, "ping-pong child");
    say("ping-pong: rounds value %d, in step: %s\n", sh->rounds, in_step ? "yes" : "NO");

    pid_t kids[4];
    for (int k = 0; k < 4; k++) {
        kids[k] = xfork();
        if (kids[k] == 0) {
            for (int i = 0; i < 200; i++) {
                sem_wait(&sh->mutex);
                long t = sh->total;
                if (i % 16 == 0) sched_yield();
                sh->total = t + 1;
                sem_post(&sh->mutex);
            }
            child_exit(0);
        }
    }
    for (int k = 0; k < 4; k++) xwait(kids[k]);
    say("4 x 200 increments under the semaphore: %ld\n", sh->total);
    CHECK(sem_getvalue(&sh->mutex, &v));
    say("mutex value %d\n", v);
    CHECK(sem_post(&sh->ready));
    CHECK(sem_post(&sh->ready));
    CHECK(sem_getvalue(&sh->ready, &v));
    say("ready value %d\n", v);
    CHECK(sem_trywait(&sh->ready));
    CHECK(sem_destroy(&sh->ready));
    CHECK(sem_destroy(&sh->ping));
    CHECK(sem_destroy(&sh->pong));
    CHECK(sem_destroy(&sh->mutex));
    return 0;
}
