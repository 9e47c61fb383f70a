#define _POSIX_C_SOURCE 200809L
/* clock.c - a monotonic clock for the timings ptoc reports (pass wall times, ptoc run's). */
#include <time.h>

#include "ptoc.h"

double clock_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
