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
