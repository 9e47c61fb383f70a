#define _POSIX_C_SOURCE 200809L
/* fs.c - files and directories: mkdir -p, whole files, temporary directories, removal, and the
 * artifact root that ptoc compile writes.
 *
 * Errors are returned as text in a Buf ("cannot create 'x': Permission denied"), never printed
 * here, so that the command decides how to show them. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptoc.h"

static bool fail(Buf *err, const char *what, const char *path) {
    buf_printf(err, "cannot %s '%s': %s", what, path, strerror(errno));
    return false;
}

bool fs_is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

bool fs_mkdirs(const char *path, Buf *err) {
    char *p = strdup(path);
    if (!p)
        ICE("out of memory");
    bool ok = true;
    /* each prefix ending before a '/', then the whole path */
    for (char *s = p + 1;; s++) {
        char c = *s;
        if (c != '/' && c != 0)
            continue;
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            ok = fail(err, "create directory", p);
            break;
        }
        if (!fs_is_dir(p)) {
            errno = ENOTDIR;
            ok = fail(err, "create directory", p);
            break;
        }
        *s = c;
        if (c == 0)
            break;
    }
    free(p);
    return ok;
}

/* The directory part of path ("." when there is none), in buf. */
static const char *dir_of(const char *path, char *buf, size_t size) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, size, ".");
        return buf;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    snprintf(buf, size, "%.*s", (int)n, path);
    return buf;
}

bool fs_write_file(const char *path, const void *data, size_t n, Buf *err) {
    char dir[4096];
    if (!fs_mkdirs(dir_of(path, dir, sizeof dir), err))
        return false;
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail(err, "create", path);
    bool ok = fwrite(data, 1, n, f) == n;
    if (fclose(f) != 0)
        ok = false;
    return ok || fail(err, "write", path);
}

char *fs_mkdtemp(const char *prefix, Buf *err) {
    size_t n = strlen(prefix);
    char *tmpl = malloc(n + 7);
    if (!tmpl)
        ICE("out of memory");
    memcpy(tmpl, prefix, n);
    memcpy(tmpl + n, "XXXXXX", 7);
    if (!mkdtemp(tmpl)) {
        fail(err, "create a directory like", tmpl);
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

/* Symbolic links are removed, never followed. */
bool fs_remove_tree(const char *path, Buf *err) {
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT || fail(err, "remove", path);
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0 || fail(err, "remove", path);
    DIR *d = opendir(path);
    if (!d)
        return fail(err, "open directory", path);
    bool ok = true;
    struct dirent *ent;
    Buf child = {0};
    while (ok && (ent = readdir(d))) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        child.len = 0;
        buf_printf(&child, "%s/%s", path, ent->d_name);
        ok = fs_remove_tree(child.data, err);
    }
    closedir(d);
    buf_free(&child);
    return ok && (rmdir(path) == 0 || fail(err, "remove directory", path));
}

bool fs_rename(const char *from, const char *to, Buf *err) {
    if (rename(from, to) == 0)
        return true;
    buf_printf(err, "cannot rename '%s' to '%s': %s", from, to, strerror(errno));
    return false;
}

/* ---- the artifact root ---- */

#define MARKER ".ptoc"

static bool is_artifact_root(const char *dir) {
    Buf m = {0};
    buf_printf(&m, "%s/" MARKER, dir);
    struct stat st;
    bool ok = fs_is_dir(dir) && lstat(m.data, &st) == 0 && S_ISREG(st.st_mode);
    buf_free(&m);
    return ok;
}

static bool refuse(const char *dir, Buf *err) {
    buf_printf(err, "'%s' exists and is not a ptoc artifact root (it has no " MARKER " file); not replacing it", dir);
    return false;
}

bool artifacts_begin(Artifacts *a, const char *dir, Buf *err) {
    memset(a, 0, sizeof *a);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') /* "out/" names the directory out */
        n--;
    a->dir = strndup(dir, n);
    if (!a->dir)
        ICE("out of memory");
    if (fs_exists(a->dir) && !is_artifact_root(a->dir))
        return refuse(a->dir, err);
    char parent[4096];
    if (!fs_mkdirs(dir_of(a->dir, parent, sizeof parent), err))
        return false;
    Buf prefix = {0};
    buf_printf(&prefix, "%s.tmp-", a->dir);
    a->tmp = fs_mkdtemp(prefix.data, err);
    buf_free(&prefix);
    if (!a->tmp)
        return false;
    static const char marker[] = "This directory was written by ptoc " PTOC_VERSION
                                 "; ptoc compile may replace it as a whole.\n";
    return artifacts_write(a, MARKER, marker, sizeof marker - 1, err);
}

bool artifacts_write(Artifacts *a, const char *rel, const void *data, size_t n, Buf *err) {
    Buf path = {0};
    buf_printf(&path, "%s/%s", a->tmp, rel);
    bool ok = fs_write_file(path.data, data, n, err);
    buf_free(&path);
    return ok;
}

bool artifacts_commit(Artifacts *a, Buf *err) {
    char *old = NULL;
    if (fs_exists(a->dir)) {
        if (!is_artifact_root(a->dir)) /* it appeared while we compiled */
            return refuse(a->dir, err);
        Buf prefix = {0};
        buf_printf(&prefix, "%s.old-", a->dir);
        old = fs_mkdtemp(prefix.data, err);
        buf_free(&prefix);
        /* renaming a directory onto an empty one replaces it */
        if (!old || !fs_rename(a->dir, old, err)) {
            if (old)
                rmdir(old);
            free(old);
            return false;
        }
    }
    if (!fs_rename(a->tmp, a->dir, err)) {
        if (old)
            rename(old, a->dir); /* put the previous root back */
        free(old);
        return false;
    }
    free(a->tmp);
    a->tmp = NULL;
    bool ok = true;
    if (old) {
        ok = fs_remove_tree(old, err);
        free(old);
    }
    return ok;
}

void artifacts_end(Artifacts *a) {
    if (a->tmp) {
        Buf ignored = {0};
        fs_remove_tree(a->tmp, &ignored);
        buf_free(&ignored);
    }
    free(a->tmp);
    free(a->dir);
    a->tmp = a->dir = NULL;
}
