#define _POSIX_C_SOURCE 200809L
/* build.c - the C++ files of a cce tree into shared objects: one compiler process per file, up
 * to nproc at a time (fork/exec, never a shell), and a cache keyed by the SHA-256 of everything
 * the object depends on: the compiler's command line and version, the source, the runtime's
 * headers. A cached object is written under a temporary name and renamed, so that concurrent
 * runs never load half a file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run.h"

#ifndef PTOC_TREE_FLAGS
#define PTOC_TREE_FLAGS "" /* the sanitizer flags of ptoc's own build (Makefile) */
#endif

/* Words of s separated by spaces, appended to v (heap copies). */
static void split_words(const char *s, PtrVec *v) {
    while (*s) {
        while (*s == ' ')
            s++;
        const char *w = s;
        while (*s && *s != ' ')
            s++;
        if (s > w)
            vec_push(v, strndup(w, (size_t)(s - w)));
    }
}

static void free_words(PtrVec *v) {
    for (int i = 0; i < v->len; i++)
        free(v->items[i]);
    vec_free(v);
}

/* Starts argv with standard output and error into the file log (NULL: a pipe, *fd its end). */
static pid_t spawn(char **argv, const char *log, int *fd) {
    int pfd[2] = {-1, -1};
    if (!log && pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        int out = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666) : pfd[1];
        if (out < 0)
            _exit(127);
        dup2(out, 1);
        dup2(out, 2);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run the C++ compiler '%s': %s (set CXX, or install g++)\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (!log) {
        close(pfd[1]);
        if (pid < 0)
            close(pfd[0]);
        else
            *fd = pfd[0];
    }
    return pid;
}

/* The first line of `CXX --version` (empty when it does not run: the compile will say why). */
static void compiler_version(PtrVec *cxx, Buf *out) {
    PtrVec argv = {0};
    for (int i = 0; i < cxx->len; i++)
        vec_push(&argv, cxx->items[i]);
    vec_push(&argv, "--version");
    vec_push(&argv, NULL);
    int fd = -1;
    pid_t pid = spawn((char **)argv.items, NULL, &fd);
    vec_free(&argv);
    if (pid < 0)
        return;
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            buf_putn(out, chunk, (size_t)n);
    close(fd);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every file under dir (relative paths), recursively. */
static void list_files(const char *dir, const char *rel, PtrVec *out) {
    Buf path = {0};
    buf_printf(&path, "%s/%s", dir, rel);
    DIR *d = opendir(path.data);
    buf_free(&path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        Buf sub = {0}, full = {0};
        buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        buf_printf(&full, "%s/%s", dir, sub.data);
        if (fs_is_dir(full.data))
            list_files(dir, sub.data, out);
        else {
            vec_push(out, sub.data);
            sub.data = NULL;
        }
        buf_free(&sub);
        buf_free(&full);
    }
    closedir(d);
}

/* What every object of this build depends on besides its source: the command line, the
 * compiler's version, the runtime's headers (paths and contents). */
static void common_key(const PtrVec *cmd, PtrVec *cxx, const char *incdir, Buf *key) {
    buf_puts(key, "ptoc cce build 1\ncommand:");
    for (int i = 0; i < cmd->len; i++)
        buf_printf(key, " %s", (char *)cmd->items[i]);
    buf_puts(key, "\nversion: ");
    compiler_version(cxx, key);
    PtrVec files = {0};
    list_files(incdir, "", &files);
    if (files.len)
        qsort(files.items, (size_t)files.len, sizeof *files.items, cmp_str);
    for (int i = 0; i < files.len; i++) {
        Buf path = {0}, text = {0};
        buf_printf(&path, "%s/%s", incdir, (char *)files.items[i]);
        read_file(path.data, &text);
        buf_printf(key, "\nheader %s %zu\n", (char *)files.items[i], text.len);
        buf_putn(key, text.data ? text.data : "", text.len);
        buf_free(&path);
        buf_free(&text);
        free(files.items[i]);
    }
    vec_free(&files);
}

/* A copy of from at to, written under a temporary name and renamed; false when it cannot. */
static bool publish(const char *from, const char *to) {
    Buf data = {0}, tmp = {0}, err = {0};
    buf_printf(&tmp, "%s.tmp-%ld", to, (long)getpid());
    bool ok = read_file(from, &data) && fs_write_file(tmp.data, data.data ? data.data : "", data.len, &err) &&
              fs_rename(tmp.data, to, &err);
    if (!ok)
        unlink(tmp.data);
    buf_free(&data);
    buf_free(&tmp);
    buf_free(&err);
    return ok;
}

typedef struct Proc {
    pid_t pid;
    int job;
} Proc;

/* Waits for one of the running processes; its job's status into failed[]. */
static void reap(Proc *procs, int *nrun, bool *failed) {
    int status;
    pid_t pid;
    while ((pid = wait(&status)) < 0 && errno == EINTR) {
    }
    for (int i = 0; i < *nrun; i++)
        if (procs[i].pid == pid || pid < 0) {
            failed[procs[i].job] = pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
            procs[i] = procs[--*nrun];
            return;
        }
}

bool build_tree(BuildJob *jobs, int n, const char *incdir, const char *cache_dir, const char *workdir) {
    const char *cxx_env = getenv("CXX");
    PtrVec cxx = {0}, flags = {0};
    split_words(cxx_env && *cxx_env ? cxx_env : "g++", &cxx);
    if (cxx.len == 0)
        vec_push(&cxx, strdup("g++"));
    Buf inc = {0};
    buf_printf(&inc, "-I%s", incdir);
    const char *base[] = {"-std=c++17", "-O1", "-fPIC", "-shared"};
    for (size_t i = 0; i < sizeof base / sizeof *base; i++)
        vec_push(&flags, strdup(base[i]));
    vec_push(&flags, strdup(inc.data));
    split_words(PTOC_TREE_FLAGS, &flags);
    PtrVec cmd = {0};
    for (int i = 0; i < cxx.len; i++)
        vec_push(&cmd, cxx.items[i]);
    for (int i = 0; i < flags.len; i++)
        vec_push(&cmd, flags.items[i]);
    Buf common = {0};
    if (cache_dir)
        common_key(&cmd, &cxx, incdir, &common);

    bool *failed = calloc((size_t)n + 1, sizeof(bool));
    char **keys = calloc((size_t)n + 1, sizeof(char *));
    char **logs = calloc((size_t)n + 1, sizeof(char *));
    Proc *procs = calloc((size_t)n + 1, sizeof(Proc));
    if (!failed || !keys || !logs || !procs)
        ICE("out of memory");
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int maxrun = ncpu > 0 ? (int)ncpu : 1, nrun = 0;
    for (int i = 0; i < n; i++) {
        BuildJob *j = &jobs[i];
        Buf so = {0}, log = {0};
        buf_printf(&so, "%s/%d.so", workdir, i);
        buf_printf(&log, "%s/%d.log", workdir, i);
        logs[i] = log.data;
        j->so = so.data;
        j->cached = false;
        if (cache_dir) {
            Buf key = {0}, src = {0};
            read_file(j->src, &src);
            buf_putn(&key, common.data, common.len);
            buf_printf(&key, "\nsource %zu\n", src.len);
            buf_putn(&key, src.data ? src.data : "", src.len);
            char hex[65];
            sha256_hex(key.data, key.len, hex);
            Buf cached = {0};
            buf_printf(&cached, "%s/%s.so", cache_dir, hex);
            keys[i] = cached.data;
            buf_free(&key);
            buf_free(&src);
            if (fs_exists(cached.data)) {
                free(j->so);
                j->so = strdup(cached.data);
                j->cached = true;
                continue;
            }
        }
        PtrVec argv = {0};
        for (int k = 0; k < cmd.len; k++)
            vec_push(&argv, cmd.items[k]);
        vec_push(&argv, "-o");
        vec_push(&argv, j->so);
        vec_push(&argv, (void *)j->src);
        vec_push(&argv, NULL);
        if (nrun == maxrun)
            reap(procs, &nrun, failed);
        pid_t pid = spawn((char **)argv.items, logs[i], NULL);
        vec_free(&argv);
        if (pid < 0)
            failed[i] = true;
        else
            procs[nrun++] = (Proc){pid, i};
    }
    while (nrun > 0)
        reap(procs, &nrun, failed);

    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        if (!failed[i])
            continue;
        Buf text = {0};
        read_file(logs[i], &text);
        fprintf(stderr, "ptoc: run: the C++ compiler failed on the tree file %s:\n%.*s", jobs[i].rel, (int)text.len,
                text.data ? text.data : "");
        buf_free(&text);
        ok = false;
    }
    for (int i = 0; i < n; i++) {
        if (ok && keys[i] && !jobs[i].cached)
            publish(jobs[i].so, keys[i]); /* a cache that cannot be written only costs time */
        free(keys[i]);
        free(logs[i]);
    }
    free(failed);
    free(keys);
    free(logs);
    free(procs);
    vec_free(&cmd);
    buf_free(&common);
    buf_free(&inc);
    free_words(&cxx);
    free_words(&flags);
    return ok;
}

char *runtime_include_dir(void) {
    const char *env = getenv("PTOC_RUNTIME_DIR");
    if (env && *env)
        return strdup(env); /* taken as it is: a compile error will say what it lacks */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = 0;
    const char *const rel[] = {"/../runtime/cpu/include", "/../../runtime/cpu/include"};
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        Buf dir = {0}, h = {0};
        buf_printf(&dir, "%s%s", exe, rel[i]);
        buf_printf(&h, "%s/ptoc_rt.h", dir.data);
        bool found = fs_exists(h.data);
        buf_free(&h);
        if (found)
            return dir.data;
        buf_free(&dir);
    }
    return NULL;
}

char *build_cache_dir(void) {
    const char *env = getenv("PTOC_CACHE_DIR");
    if (env && *env)
        return strdup(env);
    Buf dir = {0};
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        buf_printf(&dir, "%s/ptoc", xdg);
    else if (home && *home)
        buf_printf(&dir, "%s/.cache/ptoc", home);
    return dir.data;
}
