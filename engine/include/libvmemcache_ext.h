/*
 * libvmemcache_ext.h -- vmemcache's extensions to the libvmemcache 0.8 C API.
 *
 * libvmemcache.h stays the original's contract; what the original does not
 * have lives here, so a program that includes only libvmemcache.h sees
 * exactly the original's names.  Every function here follows the same
 * conventions: -1 (or NULL) plus errno plus vmemcache_errormsg() on failure.
 *
 * Threads: vmemcache_callback_on_evict_sized and vmemcache_set_huge_pages
 * are set-up (single-threaded, like the other setters); everything else may
 * be called from any number of threads at once.
 */
#ifndef LIBVMEMCACHE_EXT_H
#define LIBVMEMCACHE_EXT_H 1

#include <libvmemcache.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * An eviction notice that also tells the evicted value's size.  Registering
 * it replaces a callback set with vmemcache_callback_on_evict, and the other
 * way round; NULL unregisters.  Same rules as on_evict: it runs while the
 * entry is still readable, before its space is reused, on the thread that
 * caused the eviction.
 */
typedef void vmemcache_on_evict_sized(VMEMcache *cache, const void *key, size_t key_size,
				      size_t value_size, void *arg);
void vmemcache_callback_on_evict_sized(VMEMcache *cache, vmemcache_on_evict_sized *evict,
				       void *arg);

/*
 * Puts the value, replacing the key's current value if there is one.  The
 * replacement is atomic: a concurrent get sees the old value or the new one,
 * never a miss in between.  The replaced entry is not "evicted": no on_evict
 * call and no VMEMCACHE_STAT_EVICT count; VMEMCACHE_STAT_PUT counts the call.
 * Returns 0 when the key was absent (inserted), 1 when a value was replaced,
 * -1 on error (errno as vmemcache_put, except that EEXIST cannot happen).
 */
int vmemcache_insert_or_assign(VMEMcache *cache, const void *key, size_t key_size,
			       const void *value, size_t value_size);

/* One contiguous piece of a value in the pool. */
struct vmemcache_piece {
	const void *data;
	size_t size;
};

/*
 * Zero-copy read: on a hit, calls fn(pieces, npieces, value_size, arg) with
 * the value's pieces in order, straight from the pool, and returns 0.  The
 * pieces are valid only until fn returns.  Counts as a get (GET, HIT/MISS,
 * recency) but does not call on_miss: a miss returns -1 with ENOENT.
 * fn runs with the calling thread pinned in the cache's reclamation domain:
 * keep it short (a long fn delays the reuse of evicted space, never
 * correctness); it may call get, exists and visit on the same cache, while
 * put, insert_or_assign and evict on the same cache fail with EDEADLK.
 */
typedef void vmemcache_visitor(const struct vmemcache_piece *pieces, size_t npieces,
			       size_t value_size, void *arg);
int vmemcache_visit(VMEMcache *cache, const void *key, size_t key_size, vmemcache_visitor *fn,
		    void *arg);

/*
 * A handle that keeps one value readable after the call returns (to hand it
 * to I/O, say), without holding up the rest of the cache: the entry may be
 * evicted or replaced meanwhile, but its space is not reused until the handle
 * is released.  Acquiring counts as a get (no on_miss: a miss returns NULL
 * with ENOENT).  Any thread may release a handle; every handle must be
 * released before vmemcache_delete.  Cost: one atomic read-modify-write on
 * the entry to acquire and one to release, and one small allocation.
 */
typedef struct vmemcache_handle vmemcache_handle;
vmemcache_handle *vmemcache_handle_get(VMEMcache *cache, const void *key, size_t key_size);
/* The value's pieces (valid until the release) and their number; both
 * functions answer a NULL handle with errno EINVAL (NULL and 0 pieces, 0). */
const struct vmemcache_piece *vmemcache_handle_pieces(const vmemcache_handle *h, size_t *npieces);
size_t vmemcache_handle_value_size(const vmemcache_handle *h);
void vmemcache_handle_release(vmemcache_handle *h);

/*
 * Transparent huge pages for the pool: 1 asks the kernel for huge pages
 * (madvise MADV_HUGEPAGE) where the medium allows it, 0 does not ask.  Set
 * before vmemcache_add; EALREADY after.  See docs/SEMANTICS.md for the
 * default and for which media honour it.
 */
int vmemcache_set_huge_pages(VMEMcache *cache, int enable);

/*
 * The shared-write budget (a measurement aid).  In a build configured with
 * -DVMC_COUNT_SHARED_WRITES=ON, the engine counts, per kind of operation,
 * the atomic read-modify-writes and the stores it makes to memory that other
 * threads also write (index buckets, CLOCK rings and their locks, allocator
 * words, entry headers).  Other builds fail with ENOTSUP.
 */
enum vmemcache_op {
	VMEMCACHE_OP_GET_HIT,
	VMEMCACHE_OP_GET_MISS,
	VMEMCACHE_OP_PUT,          /* a put that evicted nothing */
	VMEMCACHE_OP_EVICTING_PUT, /* a put that evicted at least one entry */
	VMEMCACHE_OP_EVICT,        /* vmemcache_evict */
	VMEMCACHE_OPS_NUM
};
struct vmemcache_shared_writes {
	unsigned long long ops;    /* operations of this kind */
	unsigned long long rmw;    /* atomic read-modify-writes to shared memory */
	unsigned long long stores; /* plain or atomic stores to shared memory */
};
int vmemcache_get_shared_writes(VMEMcache *cache,
				struct vmemcache_shared_writes out[VMEMCACHE_OPS_NUM]);

#ifdef __cplusplus
}
#endif

#endif /* LIBVMEMCACHE_EXT_H */
