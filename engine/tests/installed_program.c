/* installed_program.c -- built against the *installed* tree with
 * pkg-config; proves the header, the .pc file and the SONAME work, that
 * only vmemcache_* is exported, and that the host's malloc is libc's. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libvmemcache.h>
#include <stdio.h>
#include <string.h>

int
main(void)
{
	VMEMcache *c = vmemcache_new();
	if (c == NULL || vmemcache_add(c, "/dev/shm")) {
		fprintf(stderr, "add: %s\n", vmemcache_errormsg());
		return 1;
	}
	if (vmemcache_put(c, "key", 3, "value", 5)) {
		fprintf(stderr, "put: %s\n", vmemcache_errormsg());
		return 1;
	}
	char buf[8];
	ssize_t n = vmemcache_get(c, "key", 3, buf, sizeof(buf), 0, NULL);
	if (n != 5 || memcmp(buf, "value", 5) != 0) {
		fprintf(stderr, "get returned %zd\n", n);
		return 1;
	}
	vmemcache_delete(c);

	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	if (libc == NULL || dlsym(RTLD_DEFAULT, "malloc") != dlsym(libc, "malloc")) {
		fprintf(stderr, "malloc is not libc's: the library replaced it\n");
		return 1;
	}
	if (dlsym(RTLD_DEFAULT, "mallocx") != NULL || dlsym(RTLD_DEFAULT, "je_malloc") != NULL) {
		fprintf(stderr, "jemalloc symbols leak out of libvmemcache\n");
		return 1;
	}
	printf("installed libvmemcache works\n");
	return 0;
}
