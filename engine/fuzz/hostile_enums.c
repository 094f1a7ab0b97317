/*
 * hostile_enums.c -- calls the C API with enum arguments that are no
 * enumerator, as a C program may (in C an enum is an integer; in C++
 * loading such a value through the enum type is undefined, which clang's
 * -fsanitize=enum reports, so the fuzz target passes them from here).
 */
#include <libvmemcache.h>

int vmc_fuzz_set_policy(VMEMcache *cache, int raw)
{
	return vmemcache_set_eviction_policy(cache, (enum vmemcache_repl_p)raw);
}

int vmc_fuzz_get_stat(VMEMcache *cache, int raw, void *value, size_t value_size)
{
	return vmemcache_get_stat(cache, (enum vmemcache_statistic)raw, value, value_size);
}

void vmc_fuzz_bench_set(VMEMcache *cache, int raw, size_t val)
{
	vmemcache_bench_set(cache, (enum vmemcache_bench_cfg)raw, val);
}
