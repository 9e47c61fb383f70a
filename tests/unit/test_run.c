/* test_run.c - the option values of `ptoc run --backend cce` (src/run/run.c). */
#include "run/run.h"
#include "unit.h"

void test_run_workers(void) {
    PtocRtConfig rt;
    ptoc_rt_config_default(&rt);
    Buf err = {0};
    CHECK(cce_parse_workers("4,2", &rt, &err));
    CHECK_EQ_INT(rt.vec_workers, 4);
    CHECK_EQ_INT(rt.cube_workers, 2);
    const char *bad[] = {"4", "0,1", "1,0", "a,1", "1,2,3", "-1,1", ",1", "1,", "300,1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err.len = 0;
        CHECK(!cce_parse_workers(bad[i], &rt, &err));
        CHECK(err.len > 0 && strstr(err.data, "--workers"));
    }
    CHECK_EQ_INT(rt.vec_workers, 4); /* a bad value changes nothing */
    buf_free(&err);
}

void test_run_rt_config(void) {
    PtocRtConfig rt, dflt;
    ptoc_rt_config_default(&rt);
    dflt = rt;
    Buf err = {0};
    CHECK(cce_parse_rt_config("task_ring=4,tensor_map=8,dep_pool=16,ready_queue=2,arena=64K", &rt, &err));
    CHECK_EQ_INT(rt.task_ring, 4);
    CHECK_EQ_INT(rt.tensor_map, 8);
    CHECK_EQ_INT(rt.dep_pool, 16);
    CHECK_EQ_INT(rt.ready_queue, 2);
    CHECK(rt.arena_bytes == 65536);
    CHECK_EQ_INT(rt.vec_workers, dflt.vec_workers);
    CHECK(cce_parse_rt_config("arena=3M", &rt, &err) && rt.arena_bytes == 3u << 20);
    CHECK(cce_parse_rt_config("arena=1000", &rt, &err) && rt.arena_bytes == 1000);
    const char *bad[] = {"task_ring", "task_ring=", "task_ring=0", "frob=1", "task_ring=4K", "arena=1X", "arena=-1",
                         "task_ring=1,,", "=4"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err.len = 0;
        CHECK(!cce_parse_rt_config(bad[i], &rt, &err));
        CHECK(err.len > 0 && strstr(err.data, "--rt-config"));
    }
    buf_free(&err);
}
