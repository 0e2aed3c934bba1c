/*
 * bench helper: run one command with stdout on /dev/null and print its wall time and the CPU time the kernel
 * charged it (wait4 rusage), so a one-shot's cost is measured without the driver's own spawn overhead.
 * Output, one line: "<wall ns> <user us> <sys us> <exit status>". Compiled at bench time into a temp dir.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: exec-timer CMD [ARG...]\n");
    return 2;
  }
  int devnull = open("/dev/null", O_WRONLY);
  struct timespec a, b;
  struct rusage ru;
  int status = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(devnull, 1);
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
    perror("exec-timer");
    return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long wall = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  long long user = (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec;
  long long sys = (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
  printf("%lld %lld %lld %d\n", wall, user, sys, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return 0;
}
