/* target.c - the default target: on-chip buffer capacities of the Ascend AI core (a3). */
#include <string.h>

#include "ptoc.h"

void target_default(Target *t) {
    memset(t, 0, sizeof *t);
    t->name = "a3";
    t->capacity[MEM_Vec] = 192 * 1024;
    t->capacity[MEM_Mat] = 512 * 1024;
    t->capacity[MEM_Left] = 64 * 1024;
    t->capacity[MEM_Right] = 64 * 1024;
    t->capacity[MEM_Acc] = 128 * 1024;
    t->capacity[MEM_Bias] = 1024;
    t->align = 32;
}

/* "123", "96K", "1M": bytes; false when not a number with an optional K or M suffix. */
static bool parse_size(const char *s, size_t n, int64_t *out) {
    int64_t v = 0, unit = 1;
    size_t i = 0;
    if (n == 0)
        return false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (v > (INT64_MAX - 9) / 10 / 1048576) /* leaves room for the suffix */
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (i == 0)
        return false;
    if (i + 1 == n && (s[i] == 'K' || s[i] == 'k'))
        unit = 1024;
    else if (i + 1 == n && (s[i] == 'M' || s[i] == 'm'))
        unit = 1048576;
    else if (i != n)
        return false;
    *out = v * unit;
    return true;
}

bool target_set(Target *t, const char *spec, Buf *err) {
    Target n = *t;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ','), *eq;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[32];
        int64_t v;
        eq = memchr(p, '=', len);
        if (!eq || eq == p || (size_t)(eq - p) >= sizeof name) {
            buf_printf(err, "expected SPACE=BYTES in '%.*s' (e.g. Vec=196608,Acc=128K)", (int)len, p);
            return false;
        }
        memcpy(name, p, (size_t)(eq - p));
        name[eq - p] = 0;
        if (!parse_size(eq + 1, len - (size_t)(eq - p) - 1, &v)) {
            buf_printf(err, "'%.*s' is not a size in bytes (digits, optionally K or M) in '%.*s'", (int)(len - (size_t)(eq - p) - 1),
                       eq + 1, (int)len, p);
            return false;
        }
        MemSpace ms;
        if (strcmp(name, "align") == 0) {
            if (v <= 0 || v > 4096 || (v & (v - 1))) {
                buf_printf(err, "align must be a power of two up to 4096, got %lld", (long long)v);
                return false;
            }
            n.align = (int)v;
        } else if (memspace_lookup(name, &ms) && ms != MEM_DDR) {
            n.capacity[ms] = v;
        } else {
            buf_printf(err, "unknown on-chip memory space '%s' (Vec, Mat, Left, Right, Acc, Bias, or align)", name);
            return false;
        }
        p = end ? end + 1 : p + len;
    }
    *t = n;
    return true;
}
