#define _POSIX_C_SOURCE 200809L
/* cce_verify.c - `ptoc verify-tree DIR`: a tree against its manifest.json. Reads the manifest's
 * "files" (path -> SHA-256) and "kernels" (func_id, source) back with a small scanner that
 * accepts exactly what cce_manifest.c writes, and reports every difference: a listed file that is
 * missing or changed, a file the manifest does not list, func_ids that are not 0..n-1, a kernel
 * whose source is missing. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/cce/cce.h"

/* The JSON string starting at *p (at its opening quote): its text, *p moved past it. */
static char *read_str(const char **p) {
    const char *s = *p;
    if (*s != '"')
        return NULL;
    Buf b = {0};
    for (s++; *s && *s != '"'; s++) {
        if (*s == '\\' && s[1])
            s++;
        buf_putc(&b, *s);
    }
    if (*s != '"') {
        buf_free(&b);
        return NULL;
    }
    *p = s + 1;
    if (!b.data)
        buf_putc(&b, '\0'), b.len = 0;
    return b.data;
}

static const char *skip_ws(const char *s) {
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == ',' || *s == ':')
        s++;
    return s;
}

static bool file_hash(const char *root, const char *rel, char hex[65]) {
    Buf path = {0}, data = {0};
    buf_printf(&path, "%s/%s", root, rel);
    bool ok = read_file(path.data, &data);
    if (ok)
        sha256_hex(data.data ? data.data : "", data.len, hex);
    buf_free(&path);
    buf_free(&data);
    return ok;
}

/* Every file under root (dot files and manifest.json aside) that `listed` does not hold. */
static int extra_files(const char *root, const char *rel, const Buf *listed, FILE *out) {
    Buf path = {0};
    buf_printf(&path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(path.data);
    buf_free(&path);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    PtrVec names = {0};
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            Buf sub = {0};
            buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
            vec_push(&names, sub.data);
        }
    closedir(d);
    for (int i = 0; i < names.len; i++) {
        char *sub = names.items[i];
        Buf full = {0}, key = {0};
        buf_printf(&full, "%s/%s", root, sub);
        buf_printf(&key, "\n%s\n", sub);
        struct stat st;
        if (stat(full.data, &st) == 0 && S_ISDIR(st.st_mode))
            n += extra_files(root, sub, listed, out);
        else if (strcmp(sub, "manifest.json") != 0 && !strstr(listed->data ? listed->data : "", key.data)) {
            fprintf(out, "extra file: %s (not in manifest.json)\n", sub);
            n++;
        }
        buf_free(&full);
        buf_free(&key);
        free(sub);
    }
    vec_free(&names);
    return n;
}

/* The "files" object: each entry checked; their names collected into listed ("\nA\nB\n..."). */
static int check_files(const char *root, const char *m, Buf *listed, FILE *out) {
    const char *p = strstr(m, "\"files\": {");
    if (!p) {
        fprintf(out, "manifest.json has no \"files\"\n");
        return 1;
    }
    p += strlen("\"files\": {");
    int n = 0;
    buf_putc(listed, '\n');
    for (p = skip_ws(p); *p == '"'; p = skip_ws(p)) {
        char *path = read_str(&p);
        p = skip_ws(p);
        char *want = read_str(&p);
        if (!path || !want) {
            fprintf(out, "manifest.json: malformed \"files\"\n");
            free(path);
            free(want);
            return n + 1;
        }
        buf_printf(listed, "%s\n", path);
        char got[65];
        if (!file_hash(root, path, got)) {
            fprintf(out, "missing file: %s\n", path);
            n++;
        } else if (strcmp(got, want) != 0) {
            fprintf(out, "changed file: %s (sha256 %s, manifest.json says %s)\n", path, got, want);
            n++;
        }
        free(path);
        free(want);
    }
    return n;
}

/* The "kernels" array: func_ids 0..n-1 in order, every source present. */
static int check_kernels(const char *root, const char *m, FILE *out) {
    const char *p = strstr(m, "\"kernels\": [");
    if (!p) {
        fprintf(out, "manifest.json has no \"kernels\"\n");
        return 1;
    }
    const char *end = strstr(p, "\n  ]");
    int n = 0, expect = 0;
    for (p = strstr(p, "{\"func_id\": "); p && (!end || p < end); p = strstr(p + 1, "{\"func_id\": ")) {
        int id = atoi(p + strlen("{\"func_id\": "));
        const char *q = strstr(p, "\"name\": ");
        const char *r = strstr(p, "\"source\": ");
        char *name = NULL, *src = NULL;
        if (q) {
            q += strlen("\"name\": ");
            name = read_str(&q);
        }
        if (r) {
            r += strlen("\"source\": ");
            src = read_str(&r);
        }
        if (id != expect) {
            fprintf(out, "func_id gap: kernel %s has func_id %d, expected %d\n", name ? name : "?", id, expect);
            n++;
        }
        expect = id + 1;
        char hex[65];
        if (!src || !file_hash(root, src, hex)) {
            fprintf(out, "kernel %s has no source (%s)\n", name ? name : "?", src ? src : "none given");
            n++;
        }
        free(name);
        free(src);
    }
    return n;
}

int cce_verify_tree(const char *root, FILE *out) {
    Buf path = {0}, m = {0};
    buf_printf(&path, "%s/manifest.json", root);
    if (!read_file(path.data, &m)) {
        fprintf(out, "%s: no manifest.json (not a cce tree?)\n", root);
        buf_free(&path);
        return 1;
    }
    Buf listed = {0};
    int n = check_files(root, m.data, &listed, out);
    n += extra_files(root, "", &listed, out);
    n += check_kernels(root, m.data, out);
    if (n == 0)
        fprintf(out, "%s: matches its manifest\n", root);
    buf_free(&listed);
    buf_free(&path);
    buf_free(&m);
    return n;
}
