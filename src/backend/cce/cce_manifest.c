#define _POSIX_C_SOURCE 200809L
/* cce_manifest.c - manifest.json: kernel_config.py's facts in JSON, plus the ptoc version and
 * command line, the strategy and passes, each kernel's on-chip memory use (the peak of every
 * space, as report/memory.json has it), the backend's capabilities and a SHA-256 of every file
 * of the tree (manifest.json itself and the .ptoc marker aside). No time, no absolute path: two
 * compiles of one program write the same manifest. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/cce/cce.h"

static void json_str(Buf *b, const char *s) {
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            buf_printf(b, "\\%c", ch);
        else if (ch < 0x20)
            buf_printf(b, "\\u%04x", ch);
        else
            buf_putc(b, (char)ch);
    }
    buf_putc(b, '"');
}

static const char *dir_name(ParamDir d) {
    switch (d) {
    case DIR_IN: return "IN";
    case DIR_OUT: return "OUT";
    case DIR_INOUT: return "INOUT";
    }
    return "IN";
}

/* ---- the files of the tree, sorted ---- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool list_files(const char *root, const char *rel, PtrVec *out, Buf *err) {
    Buf path = {0};
    buf_printf(&path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(path.data);
    if (!d) {
        buf_printf(err, "cannot read directory %s", path.data);
        buf_free(&path);
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* ., .., the .ptoc marker */
        Buf sub = {0}, full = {0};
        buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        buf_printf(&full, "%s/%s", root, sub.data);
        struct stat st;
        if (stat(full.data, &st) == 0 && S_ISDIR(st.st_mode))
            ok = list_files(root, sub.data, out, err);
        else if (strcmp(sub.data, "manifest.json") != 0) {
            vec_push(out, sub.data);
            sub.data = NULL;
        }
        buf_free(&sub);
        buf_free(&full);
    }
    closedir(d);
    buf_free(&path);
    return ok;
}

static bool hashes(Buf *b, const char *root, Buf *err) {
    PtrVec files = {0};
    bool ok = list_files(root, "", &files, err);
    qsort(files.items, (size_t)files.len, sizeof *files.items, cmp_str);
    buf_puts(b, "  \"files\": {");
    for (int i = 0; ok && i < files.len; i++) {
        Buf path = {0}, data = {0};
        buf_printf(&path, "%s/%s", root, (char *)files.items[i]);
        if (!read_file(path.data, &data)) {
            buf_printf(err, "cannot read %s", path.data);
            ok = false;
        } else {
            char hex[65];
            sha256_hex(data.data ? data.data : "", data.len, hex);
            buf_puts(b, i ? ",\n    " : "\n    ");
            json_str(b, files.items[i]);
            buf_printf(b, ": \"%s\"", hex);
        }
        buf_free(&path);
        buf_free(&data);
    }
    buf_puts(b, "\n  }\n");
    for (int i = 0; i < files.len; i++)
        free(files.items[i]);
    vec_free(&files);
    return ok;
}

/* ---- memory: the peak (highest address + size) of every space a kernel's tiles use ---- */

typedef struct MemScan { int64_t peak[MEM__COUNT]; } MemScan;

static void scan_tile(const Var *v, MemScan *ms) {
    const Type *t = v->type;
    int64_t addr, size;
    if (!t || t->kind != TY_TILE || !t->memref || !expr_is_const_int(t->memref->offset, &addr) ||
        !expr_is_const_int(t->memref->size, &size))
        return;
    MemSpace sp = t->has_space ? t->space : MEM_Vec;
    if (addr + size > ms->peak[sp])
        ms->peak[sp] = addr + size;
}

static bool scan_stmt(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        scan_tile(defs.items[i], ud);
    vec_free(&defs);
    return true;
}

static void memory(Buf *b, const Func *f) {
    MemScan ms = {{0}};
    walk_stmts(f->body, scan_stmt, &ms);
    buf_puts(b, "\"memory\": {");
    bool first = true;
    for (int s = 0; s < MEM__COUNT; s++)
        if (ms.peak[s]) {
            buf_printf(b, "%s\"%s\": %lld", first ? "" : ", ", memspace_name[s], (long long)ms.peak[s]);
            first = false;
        }
    buf_putc(b, '}');
}

/* ---- the rest ---- */

static void capabilities(Buf *b) {
    buf_puts(b, "  \"capabilities\": {\n    \"ops\": [");
    bool first = true;
    for (int i = 0; i < OP__COUNT; i++) {
        const OpInfo *op = &op_table[i];
        if (!cce_op_supported(op))
            continue;
        buf_puts(b, first ? "" : ", ");
        json_str(b, op->name);
        first = false;
    }
    buf_puts(b, "],\n    \"dtypes\": [");
    first = true;
    for (int i = 0; i < DT__COUNT; i++)
        if (dtype_info[i].cpp) {
            buf_printf(b, "%s\"%s\"", first ? "" : ", ", dtype_info[i].name);
            first = false;
        }
    buf_puts(b, "],\n    \"sync\": [\"set_flag\", \"wait_flag\", \"pipe_barrier\"]\n  },\n");
}

static void dirs_json(Buf *b, const ParamDir *d, int n) {
    buf_putc(b, '[');
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s\"%s\"", i ? ", " : "", dir_name(d[i]));
    buf_putc(b, ']');
}

static void kernels(Buf *b, const CceKernels *ks) {
    buf_puts(b, "  \"kernels\": [");
    for (int i = 0; i < ks->n; i++) {
        const CceKernel *k = &ks->k[i];
        const char *cd = k->core == 'c' ? "aic" : "aiv";
        ParamDir d[64];
        int n = 0;
        for (int j = 0; j < k->f->nparams && n < 64; j++)
            if (k->f->params[j]->type->kind == TY_TENSOR)
                d[n++] = k->dirs[j];
        buf_printf(b, "%s\n    {\"func_id\": %d, \"name\": \"%s\", \"source\": \"kernels/%s/%s.cpp\", \"core_type\": \"%s\", \"signature\": ",
                   i ? "," : "", k->func_id, k->f->name, cd, k->f->name, cd);
        dirs_json(b, d, n);
        buf_puts(b, ", ");
        memory(b, k->f);
        buf_putc(b, '}');
    }
    buf_puts(b, "\n  ],\n");
}

bool cce_manifest(Ctx *c, const Program *p, const CceManifestInfo *mi, const char *root, Buf *out, Buf *err) {
    bool ok = true;
    const Func *orch = cce_find_orch(c, p, &ok);
    CceKernels ks = {0};
    if (!ok || !cce_kernels_plan(c, p, orch, &ks))
        return false;
    buf_puts(out, "{\n  \"ptoc_version\": \"" PTOC_VERSION "\",\n  \"command\": [");
    for (int i = 0; i < mi->argc; i++) {
        buf_puts(out, i ? ", " : "");
        json_str(out, mi->argv[i]);
    }
    buf_puts(out, "],\n  \"strategy\": ");
    if (mi->strategy)
        json_str(out, mi->strategy);
    else
        buf_puts(out, "null");
    buf_puts(out, ",\n  \"passes\": [");
    for (int i = 0; i < mi->npasses; i++) {
        buf_puts(out, i ? ", " : "");
        json_str(out, mi->passes[i]);
    }
    buf_puts(out, "],\n  \"runtime\": {\"runtime\": \"tensormap_and_ringbuffer\", \"aicpu_thread_num\": 0},\n");
    if (orch) {
        ParamDir d[96];
        int n = cce_orch_signature(orch, &ks, d, 96);
        buf_printf(out, "  \"orchestration\": {\"source\": \"orchestration/%s.cpp\", \"function_name\": "
                        "\"aicpu_orchestration_entry\", \"signature\": ", orch->name);
        dirs_json(out, d, n);
        buf_puts(out, "},\n");
    } else {
        buf_puts(out, "  \"orchestration\": null,\n");
    }
    kernels(out, &ks);
    capabilities(out);
    ok = hashes(out, root, err);
    buf_puts(out, "}\n");
    return ok;
}
