/* unit.h - minimal unit-test harness for ptoc.
 *
 * Convention:
 *   - Put tests in tests/unit/test_<file>.c (e.g. test_ops.c).
 *   - Each test is a function with EXACTLY this signature, at the start of a
 *     line, with no `static`:
 *         void test_<file>_<name>(void)
 *     e.g. `void test_ops_lookup_add(void) { ... }`.
 *     The Makefile greps `^void test_[a-z0-9_]*(void)` from tests/unit/test_*.c
 *     into build/unit_list.h; main.c includes it, so there is no list to keep
 *     in sync by hand. Helper functions must not match that pattern (make them
 *     `static`).
 *   - Inside a test use CHECK(cond), CHECK_EQ_INT(a, b), CHECK_EQ_STR(a, b).
 *     A failing check prints `FAIL test_name file:line: ...` and the test
 *     continues (checks do not return). Use `if (!x) return;` yourself when
 *     continuing would crash.
 *   - Run: build/unit_tests [SUBSTRING]   (runs tests whose name contains it)
 *     Last line of output: `unit: N passed, N failed` (N counts tests).
 */
#ifndef PTOC_UNIT_H
#define PTOC_UNIT_H

#include <stdio.h>
#include <string.h>

extern const char *unit_current_test;
extern int unit_current_failed; /* number of failed checks in current test */

void unit_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) unit_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);     \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                  \
    do {                                                                    \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);       \
        if (unit_a_ != unit_b_)                                             \
            unit_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, \
                      unit_a_, unit_b_);                                    \
    } while (0)

/* Strings that differ are shown escaped, on one line, around the first difference. */
void unit_fail_str(const char *file, int line, const char *expr_a, const char *expr_b,
                   const char *a, const char *b);

#define CHECK_EQ_STR(a, b)                                                  \
    do {                                                                    \
        const char *unit_a_ = (a), *unit_b_ = (b);                          \
        if (!unit_a_ || !unit_b_ || strcmp(unit_a_, unit_b_) != 0)          \
            unit_fail_str(__FILE__, __LINE__, #a, #b, unit_a_, unit_b_);    \
    } while (0)

#endif
