/* enum_args.c -- calls with enum arguments outside their enumerators, as C
 * programs can make them (an int converts to any enum in C); see
 * defects_test.cc, "EnumArguments". */
#include <errno.h>
#include <libvmemcache.h>

int call_with_out_of_range_enums(VMEMcache *added)
{
	VMEMcache *fresh = vmemcache_new();
	if (fresh == NULL)
		return 1;
	errno = 0;
	int bad_policy = vmemcache_set_eviction_policy(fresh, 7) != -1 || errno != EINVAL;
	vmemcache_delete(fresh);
	if (bad_policy)
		return 2;
	unsigned long long v = 0;
	errno = 0;
	if (vmemcache_get_stat(added, 99, &v, sizeof(v)) != -1 || errno != EINVAL)
		return 3;
	vmemcache_bench_set(added, 42, 1); /* unknown: ignored */
	return 0;
}
