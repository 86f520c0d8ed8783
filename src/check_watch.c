/* check_watch.c — `xiufu check --watch`: check, then again whenever a policy
 * file under the given paths is written, created, moved or deleted
 * (inotify), until interrupted. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check_watch.h"
#include "diag_json.h"
#include "policyset.h"

/* Folders are watched, not files: an editor that saves by writing a new file
 * and renaming it over the old one replaces the file a watch was on. */
static void watch_tree(int fd, const char *path, int depth) {
    struct stat st;
    if (stat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        else strcpy(dir, ".");
        inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE);
        return;
    }
    inotify_add_watch(fd, path, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE);
    DIR *d = depth < 16 ? opendir(path) : NULL;
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char sub[PATH_MAX];
        if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub) continue;
        struct stat s2;
        if (stat(sub, &s2) == 0 && S_ISDIR(s2.st_mode)) watch_tree(fd, sub, depth + 1);
    }
    closedir(d);
}

static int is_policy_event(const struct inotify_event *ev) {
    if (ev->mask & IN_ISDIR) return 1;  /* a folder of policies came or went */
    size_t n = ev->len ? strlen(ev->name) : 0;
    return n > 3 && !strcmp(ev->name + n - 3, ".xf");
}

/* Blocks until a policy file changes; the burst of events one save makes
 * (write, rename, a backup file) counts once. */
static int wait_for_change(int fd) {
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int changed = 0;
    for (int timeout = -1;; timeout = 150) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, changed ? timeout : -1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) return 0;  /* quiet for 150 ms after a change */
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) return -1;
        for (char *p2 = buf; p2 < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p2;
            if (is_policy_event(ev)) changed = 1;
            p2 += sizeof *ev + ev->len;
        }
    }
}

static void check_once(char *const *paths, int n, xf_lang lang, int json) {
    xf_compile c;
    xf_compile_init(&c);
    int errors = xf_policyset_check_quiet(&c, paths, n);
    if (json) {
        xf_diags_print_json(&c.diags, stdout, lang);
        fflush(stdout);
    } else {
        xf_diags_print(&c.diags, stderr, lang);
    }
    char when[16];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%H:%M:%S", localtime(&now));
    int warnings = c.diags.warnings;
    if (!errors) errors = c.diags.errors;
    fprintf(stderr, lang == XF_LANG_EN ? "[%s] checked: %d error(s), %d warning(s); watching for changes (Ctrl-C ends)\n"
                                       : "[%s] 检查完毕：%d 个错误，%d 个警告；正在监视文件变化（Ctrl-C 结束）\n",
            when, errors, warnings);
    fflush(stderr);
    xf_compile_free(&c);
}

int xf_check_watch(char *const *paths, int n, xf_lang lang, int json) {
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "xiufu check --watch: %s\n", strerror(errno));
        return 1;
    }
    for (;;) {
        for (int i = 0; i < n; i++) watch_tree(fd, paths[i], 0);  /* again each time: new folders too */
        check_once(paths, n, lang, json);
        if (wait_for_change(fd) < 0) {
            fprintf(stderr, "xiufu check --watch: %s\n", strerror(errno));
            close(fd);
            return 1;
        }
    }
}
