/*
 * basic.c -- the main job's example: a cache in a directory (default
 * /dev/shm), some puts, gets, an eviction, and the statistics.
 *
 * usage: vmemcache_example [DIR]
 */
#include <errno.h>
#include <libvmemcache.h>
#include <stdio.h>
#include <string.h>

static void
on_evict(VMEMcache *cache, const void *key, size_t key_size, void *arg)
{
	(void)cache;
	unsigned *count = arg;
	if (++*count <= 3)
		printf("  evicted '%.*s'\n", (int)key_size, (const char *)key);
}

int
main(int argc, char *argv[])
{
	const char *dir = argc > 1 ? argv[1] : "/dev/shm";
	VMEMcache *cache = vmemcache_new();
	if (cache == NULL ||
	    vmemcache_set_size(cache, VMEMCACHE_MIN_POOL) ||
	    vmemcache_set_extent_size(cache, 256) ||
	    vmemcache_add(cache, dir)) {
		fprintf(stderr, "cannot create a cache in %s: %s\n", dir,
			vmemcache_errormsg());
		return 1;
	}
	unsigned evictions = 0;
	vmemcache_callback_on_evict(cache, on_evict, &evictions);

	/* 1 MiB pool, 1 KiB values: the 1025th put must evict. */
	char key[32], value[1024];
	int n = 2000;
	for (int i = 0; i < n; i++) {
		int klen = snprintf(key, sizeof(key), "key-%d", i);
		memset(value, 'a' + i % 26, sizeof(value));
		if (vmemcache_put(cache, key, (size_t)klen, value, sizeof(value))) {
			fprintf(stderr, "put %s: %s\n", key, vmemcache_errormsg());
			return 1;
		}
	}
	printf("put %d values of %zu bytes, %u evicted\n", n, sizeof(value), evictions);

	char buf[1024];
	size_t vsize = 0;
	ssize_t got = vmemcache_get(cache, "key-1999", 8, buf, sizeof(buf), 0, &vsize);
	printf("get key-1999: %zd bytes of %zu, first byte '%c'\n", got, vsize, buf[0]);
	got = vmemcache_get(cache, "key-0", 5, buf, sizeof(buf), 0, &vsize);
	printf("get key-0: %s\n", got < 0 ? (errno == ENOENT ? "miss (evicted)" : "error") : "hit");
	if (vmemcache_evict(cache, NULL, 0) == 0)
		printf("evict(NULL): evicted the CLOCK victim\n");

	static const char *names[] = {"PUT", "GET", "HIT", "MISS", "EVICT", "ENTRIES",
		"DRAM_SIZE_USED", "POOL_SIZE_USED", "HEAP_ENTRIES"};
	for (int s = 0; s < VMEMCACHE_STATS_NUM; s++) {
		unsigned long long v;
		if (vmemcache_get_stat(cache, (enum vmemcache_statistic)s, &v, sizeof(v))) {
			fprintf(stderr, "get_stat: %s\n", vmemcache_errormsg());
			return 1;
		}
		printf("  %-15s %llu\n", names[s], v);
	}
	vmemcache_delete(cache);
	return 0;
}
