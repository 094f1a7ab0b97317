/*
 * compat_program.c -- a program written against the original libvmemcache
 * 0.8 API (libvmemcache.h only).  binary_compat_test.sh builds it against
 * one library and runs it on the other, so it checks only what both
 * libraries do alike, and then prints which library it actually ran on:
 * the file the dynamic linker bound vmemcache_new to (dladdr), and one
 * behaviour in which the two differ (vmemcache_set_eviction_policy with a
 * value outside the enum: the original accepts it, ours fails with EINVAL).
 *
 * usage: compat_program DIR
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <libvmemcache.h>
#include <stdio.h>
#include <string.h>

static int
fail(const char *what)
{
	fprintf(stderr, "compat_program: %s: %s\n", what, vmemcache_errormsg());
	return 1;
}

static unsigned long long
stat_of(VMEMcache *c, enum vmemcache_statistic s)
{
	unsigned long long v = ~0ULL;
	if (vmemcache_get_stat(c, s, &v, sizeof(v)) != 0)
		return ~0ULL;
	return v;
}

static unsigned evicted;
static void
on_evict(VMEMcache *c, const void *key, size_t key_size, void *arg)
{
	(void)c;
	(void)arg;
	if (key_size == 3 && memcmp(key, "one", 3) == 0)
		evicted++;
}

/* Put, get, exists, evict and statistics, with results both libraries give. */
static int
exercise(const char *dir)
{
	VMEMcache *c = vmemcache_new();
	if (c == NULL || vmemcache_set_size(c, VMEMCACHE_MIN_POOL) ||
	    vmemcache_set_extent_size(c, 256) || vmemcache_add(c, dir))
		return fail("create");
	vmemcache_callback_on_evict(c, on_evict, NULL);
	if (vmemcache_put(c, "one", 3, "value-1", 7) || vmemcache_put(c, "two", 3, "value-2", 7))
		return fail("put");
	if (vmemcache_put(c, "one", 3, "x", 1) != -1 || errno != EEXIST)
		return fail("second put of a key did not fail with EEXIST");
	char buf[16];
	size_t vsize = 0;
	ssize_t n = vmemcache_get(c, "two", 3, buf, sizeof(buf), 2, &vsize);
	if (n != 5 || vsize != 7 || memcmp(buf, "lue-2", 5) != 0)
		return fail("get at offset 2");
	if (vmemcache_exists(c, "one", 3, &vsize) != 1 || vmemcache_evict(c, "one", 3) != 0 ||
	    evicted != 1 || vmemcache_exists(c, "one", 3, NULL) != 0)
		return fail("evict");
	if (vmemcache_get(c, "one", 3, buf, sizeof(buf), 0, NULL) != -1 || errno != ENOENT)
		return fail("get of an evicted key did not fail with ENOENT");
	if (stat_of(c, VMEMCACHE_STAT_PUT) != 2 || stat_of(c, VMEMCACHE_STAT_GET) != 2 ||
	    stat_of(c, VMEMCACHE_STAT_HIT) != 1 || stat_of(c, VMEMCACHE_STAT_MISS) != 1 ||
	    stat_of(c, VMEMCACHE_STAT_EVICT) != 1 || stat_of(c, VMEMCACHE_STAT_ENTRIES) != 1)
		return fail("statistics");
	vmemcache_delete(c);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: compat_program DIR\n");
		return 2;
	}
	if (exercise(argv[1]) != 0)
		return 1;
	Dl_info info;
	if (dladdr((void *)vmemcache_new, &info) == 0 || info.dli_fname == NULL) {
		fprintf(stderr, "compat_program: dladdr cannot place vmemcache_new\n");
		return 1;
	}
	VMEMcache *c = vmemcache_new();
	if (c == NULL)
		return fail("vmemcache_new");
	int r = vmemcache_set_eviction_policy(c, (enum vmemcache_repl_p)7);
	int err = errno;
	vmemcache_delete(c);
	printf("put/get/exists/evict/stats: as the contract says\n");
	printf("vmemcache_new bound in: %s\n", info.dli_fname);
	printf("set_eviction_policy(7): %s\n",
	       r == 0 ? "accepted (the original's behaviour)"
		      : err == EINVAL ? "EINVAL (vmemcache's behaviour)" : strerror(err));
	return 0;
}
