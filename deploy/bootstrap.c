/* bootstrap: the entry point Lambda runs in a bucketwatch package.
 *
 * The package carries its own dynamic loader and libraries (lib/), built on
 * Debian 12 (glibc 2.36), while provided.al2023 has glibc 2.34: started the
 * usual way, bin/bucketwatch would meet the system's older libc and fail
 * with "GLIBC_2.35 not found". This launcher is linked statically, so it
 * needs nothing from the system's libc itself, and runs the bundled loader
 * on the binary with only the bundled libraries:
 *
 *   lib/<loader> --inhibit-cache --library-path lib --argv0 <argv0> bin/bucketwatch <args>
 *
 * --library-path replaces LD_LIBRARY_PATH (Lambda sets it to /lib64:...,
 * which would mix the system's libraries in), and --inhibit-cache keeps
 * /etc/ld.so.cache out. The package's directory is the one this file is in
 * (/var/task on Lambda), found through /proc/self/exe, so an unzipped
 * package runs from anywhere. A failure is one JSON log line on stderr and
 * exit status 127.
 */
#define _DEFAULT_SOURCE /* readlink, PATH_MAX */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BW_LOADER
#error "compile with -DBW_LOADER='\"ld-linux-<arch>.so.N\"' (the loader's name in lib/)"
#endif

static int Fail(const char* what, const char* path) {
  /* Paths come from /proc/self/exe: no quotes or control characters in a
   * Lambda task root, but escape the two JSON specials anyway. */
  fprintf(stderr, "{\"level\":\"error\",\"event\":\"bootstrap.%s\",\"path\":\"", what);
  for (const char* p = path; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') fputc('\\', stderr);
    fputc(*p, stderr);
  }
  fprintf(stderr, "\",\"error\":\"%s\"}\n", strerror(errno));
  return 127;
}

int main(int argc, char** argv) {
  char root[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", root, sizeof root - 1);
  if (n <= 0) return Fail("self_not_found", "/proc/self/exe");
  root[n] = '\0';
  char* slash = strrchr(root, '/');
  if (slash == NULL) return Fail("self_not_found", root);
  *slash = '\0';

  char loader[PATH_MAX];
  char lib[PATH_MAX];
  char bin[PATH_MAX];
  if (snprintf(loader, sizeof loader, "%s/lib/%s", root, BW_LOADER) >= (int)sizeof loader ||
      snprintf(lib, sizeof lib, "%s/lib", root) >= (int)sizeof lib ||
      snprintf(bin, sizeof bin, "%s/bin/bucketwatch", root) >= (int)sizeof bin) {
    errno = ENAMETOOLONG;
    return Fail("path_too_long", root);
  }

  char** args = calloc((size_t)argc + 8, sizeof *args);
  if (args == NULL) return Fail("out_of_memory", root);
  int i = 0;
  args[i++] = loader;
  args[i++] = "--inhibit-cache";
  args[i++] = "--library-path";
  args[i++] = lib;
  args[i++] = "--argv0";
  args[i++] = argc > 0 ? argv[0] : "bootstrap";
  args[i++] = bin;
  for (int a = 1; a < argc; ++a) args[i++] = argv[a];
  args[i] = NULL;
  execv(loader, args);
  return Fail("exec_failed", loader);
}
