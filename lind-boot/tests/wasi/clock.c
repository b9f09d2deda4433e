/* Clocks and sleeping. Times differ from run to run, so only facts about
 * them are printed. */
#include <poll.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void slept(const char* what, long long t0, long long want_ns) {
  long long took = now_ns(CLOCK_MONOTONIC) - t0;
  printf("%s: %s\n", what, took >= want_ns ? "slept long enough" : "TOO SHORT");
  if (took > want_ns + 2000000000LL) printf("%s: TOO LONG (%lld ns)\n", what, took);
}

int main(void) {
  struct timespec t, res;
  printf("realtime: %d\n", clock_gettime(CLOCK_REALTIME, &t));
  time_t secs = time(NULL);
  long long diff = (long long)secs - (long long)t.tv_sec;
  printf("realtime agrees with time(): %s\n", diff >= 0 && diff <= 1 ? "yes" : "NO");
  printf("realtime is after 2020: %s\n", t.tv_sec > 1577836800 ? "yes" : "NO");
  printf("nsec in range: %s\n", t.tv_nsec >= 0 && t.tv_nsec < 1000000000 ? "yes" : "NO");
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday agrees: %s\n", tv.tv_sec - t.tv_sec >= 0 && tv.tv_sec - t.tv_sec <= 1 ? "yes" : "NO");

  long long prev = now_ns(CLOCK_MONOTONIC), backwards = 0;
  for (int i = 0; i < 1000; ++i) {
    long long m = now_ns(CLOCK_MONOTONIC);
    if (m < prev) ++backwards;
    prev = m;
  }
  printf("monotonic went backwards %lld times\n", backwards);

  printf("getres monotonic: %d\n", clock_getres(CLOCK_MONOTONIC, &res));
  printf("resolution at most 1ms: %s\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "NO");
  printf("process cputime: %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t));
  printf("cputime is positive: %s\n", t.tv_sec > 0 || t.tv_nsec > 0 ? "yes" : "NO");

  long long t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec req = {0, 30000000}, rem = {7, 7};
  printf("nanosleep: %d\n", nanosleep(&req, &rem));
  slept("nanosleep 30ms", t0, 30000000);

  t0 = now_ns(CLOCK_MONOTONIC);
  printf("usleep: %d\n", usleep(20000));
  slept("usleep 20ms", t0, 20000000);

  t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec deadline = {(t0 + 25000000) / 1000000000, (t0 + 25000000) % 1000000000};
  printf("clock_nanosleep abs: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL));
  slept("clock_nanosleep until +25ms", t0, 25000000);

  t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec past = {1, 0};
  printf("clock_nanosleep in the past: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));

  t0 = now_ns(CLOCK_MONOTONIC);
  printf("poll with no fds: %d\n", poll(NULL, 0, 20));
  slept("poll 20ms", t0, 20000000);

  req.tv_nsec = 0;
  printf("nanosleep 0: %d\n", nanosleep(&req, NULL));
  return 0;
}
