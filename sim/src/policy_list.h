// policy_list.h -- the one registration line per policy (an X-macro list).
// VMC_SIM_POLICY(symbol, "name", "aliases", "definition and source, one line");
// names and aliases are lower case and matched case-insensitively; the
// aliases are libCacheSim's names where they differ.  The factory is
// vmc::sim::policies::make_<symbol> in sim/policies/<symbol>.cc.
// No include guard: sim/src/registry.cc expands it twice.

VMC_SIM_POLICY(lru, "lru", "", "exact LRU (libCacheSim LRU.c; tested equal to lru-model)")
VMC_SIM_POLICY(fifo, "fifo", "", "first in, first out (libCacheSim FIFO.c)")
VMC_SIM_POLICY(clock, "clock", "fifo-reinsertion second-chance",
               "CLOCK with k-bit counters, bits:k (libCacheSim Clock.c)")
VMC_SIM_POLICY(sieve, "sieve", "", "SIEVE, Zhang et al., NSDI'24 (libCacheSim Sieve.c)")
VMC_SIM_POLICY(s3fifo, "s3fifo", "s3-fifo", "S3-FIFO, Yang et al., SOSP'23 (libCacheSim S3FIFO.c)")
VMC_SIM_POLICY(arc, "arc", "", "ARC, Megiddo and Modha, FAST'03 (libCacheSim ARC.c)")
VMC_SIM_POLICY(lfu, "lfu", "", "in-cache LFU, ties broken by LRU (libCacheSim LFU.c)")
VMC_SIM_POLICY(twoq, "2q", "twoq", "2Q (full version), Johnson and Shasha, VLDB'94 (libCacheSim TwoQ.c)")
VMC_SIM_POLICY(wtinylfu, "wtinylfu", "tinylfu wtinylfu-w0.01-slru",
               "W-TinyLFU, Einziger et al., ToS'17, as libCacheSim's WTinyLFU-w0.01-SLRU")
VMC_SIM_POLICY(belady, "belady", "opt min", "Belady's MIN with bypass: the true offline optimum (unit sizes)")
VMC_SIM_POLICY(belady_lcs, "belady-lcs", "", "Belady's MIN as libCacheSim Belady.c (always admits)")
#if VMC_SIM_HAVE_MODELS
VMC_SIM_POLICY(lru_model, "lru-model", "", "models/ reference exact LRU (vmc::models::Lru)")
VMC_SIM_POLICY(clock_model, "clock-model", "", "models/ model of the engine's CLOCK (vmc::models::Clock)")
#endif
#if VMC_SIM_WITH_ENGINE
VMC_SIM_POLICY(engine, "engine", "", "the real engine (libvmemcache) through its C API")
#endif
