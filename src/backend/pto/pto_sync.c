/* pto_sync.c - the synchronisation InsertSync places: system.sync_src / sync_dst become
 * pto.set_flag / pto.wait_flag between two pipes on an event, system.bar_* pto.barrier on the
 * op's own pipe (the registry's pipe column). Without any, the module is for
 * `ptoas --enable-insert-sync` (pto_emit.c says so in its first line). */
#include "backend/pto/pto.h"

bool pto_is_sync_op(OpId id) {
    return id == OP_SYSTEM_SYNC_SRC || id == OP_SYSTEM_SYNC_DST || id == OP_SYSTEM_BAR_V || id == OP_SYSTEM_BAR_M ||
           id == OP_SYSTEM_BAR_ALL;
}

static bool pipe_attr(Fn *f, const Expr *call, const char *name, Pipe *out) {
    int64_t v;
    if (!op_attr_value(call, name, &v) || v < 0 || v >= PIPE__COUNT) {
        pto_fn_error(f, call->loc, "%s needs %s", call->call.op->name, name);
        return false;
    }
    *out = (Pipe)v;
    return true;
}

bool pto_sync_emit(Fn *f, const Expr *call) {
    const OpInfo *op = call->call.op;
    if (op->id == OP_SYSTEM_SYNC_SRC || op->id == OP_SYSTEM_SYNC_DST) {
        Pipe from, to;
        int64_t event = 0;
        if (!pipe_attr(f, call, "set_pipe", &from) || !pipe_attr(f, call, "wait_pipe", &to))
            return false;
        op_attr_value(call, "event_id", &event);
        pto_op_begin(f);
        buf_printf(f->cur, "%s[<%s>, <%s>, <EVENT_ID%lld>]", op->pto, pipe_spell[from], pipe_spell[to],
                   (long long)event);
        pto_op_end(f);
        return true;
    }
    if (op->pipe >= PIPE__COUNT) {
        pto_fn_error(f, call->loc, "%s names no pipe", op->name);
        return false;
    }
    pto_op_begin(f);
    buf_printf(f->cur, "%s <%s>", op->pto, pipe_spell[op->pipe]);
    pto_op_end(f);
    return true;
}
