// policy_list.h -- the one registration line per policy (an X-macro list).
// VMC_SIM_POLICY(symbol, "name", "aliases", "definition and source, one line");
// names and aliases are lower case and matched case-insensitively; the
// aliases are libCacheSim's names where they differ.  The factory is
// vmc::sim::policies::make_<symbol> in sim/policies/<symbol>.cc.
// No include guard: sim/src/registry.cc expands it twice.

VMC_SIM_POLICY(lru, "lru", "", "exact LRU (libCacheSim LRU.c; tested equal to lru-model)")
VMC_SIM_POLICY(fifo, "fifo", "", "first in, first out (libCacheSim FIFO.c)")
VMC_SIM_POLICY(clock, "clock", "fifo-reinsertion second-chance",
               "CLOCK with k-bit counters (libCacheSim Clock.c); params bits, init")
VMC_SIM_POLICY(sieve, "sieve", "", "SIEVE, Zhang et al., NSDI'24 (libCacheSim Sieve.c)")
VMC_SIM_POLICY(s3fifo, "s3fifo", "s3-fifo",
               "S3-FIFO, Yang et al., SOSP'23 (libCacheSim S3FIFO.c); params small, ghost, move")
VMC_SIM_POLICY(arc, "arc", "", "ARC, Megiddo and Modha, FAST'03 (libCacheSim ARC.c)")
VMC_SIM_POLICY(lfu, "lfu", "", "in-cache LFU, ties broken by LRU (libCacheSim LFU.c)")
VMC_SIM_POLICY(
    twoq, "2q", "twoq",
    "2Q (full version), Johnson and Shasha, VLDB'94 (libCacheSim TwoQ.c); params in, out")
VMC_SIM_POLICY(
    wtinylfu, "wtinylfu", "tinylfu wtinylfu-w0.01-slru",
    "W-TinyLFU, Einziger et al., ToS'17, as libCacheSim's WTinyLFU-w0.01-SLRU; params window")
VMC_SIM_POLICY(lirs, "lirs", "",
               "LIRS, Jiang and Zhang, SIGMETRICS'02 (libCacheSim LIRS.c); params hir")
VMC_SIM_POLICY(s4lru, "s4lru", "slru",
               "segmented LRU, 4 equal segments (libCacheSim SLRU.c); params segments, seg-size")
VMC_SIM_POLICY(gdsf, "gdsf", "", "GDSF, Cherkasova 1998 (libCacheSim GDSF.cpp)")
VMC_SIM_POLICY(lfuda, "lfuda", "",
               "LFU with dynamic aging, Arlitt et al. 1999 (libCacheSim LFUDA.c)")
VMC_SIM_POLICY(
    qdlp, "qdlp", "",
    "QD-LP-FIFO, Yang et al., HotOS'23 (libCacheSim QDLP.c); params small, ghost, move, bits")
VMC_SIM_POLICY(hyperbolic, "hyperbolic", "",
               "Hyperbolic, Blankstein et al., ATC'17, randomised (--seed); params samples")
VMC_SIM_POLICY(lecar, "lecar", "",
               "LeCaR, Vietri et al., HotStorage'18, randomised; params lru-weight, update-weight")
VMC_SIM_POLICY(cacheus, "cacheus", "", "Cacheus, Rodriguez et al., FAST'21, randomised (--seed)")
VMC_SIM_POLICY(lhd, "lhd", "", "LHD, Beckmann et al., NSDI'18, randomised (--seed)")
VMC_SIM_POLICY(random, "random", "", "uniformly random eviction, randomised (--seed)")
VMC_SIM_POLICY(belady, "belady", "opt min",
               "Belady's MIN with bypass: the true offline optimum (unit sizes)")
VMC_SIM_POLICY(belady_lcs, "belady-lcs", "", "Belady's MIN as libCacheSim Belady.c (always admits)")
#if VMC_SIM_HAVE_MODELS
VMC_SIM_POLICY(lru_model, "lru-model", "", "models/ reference exact LRU (vmc::models::Lru)")
VMC_SIM_POLICY(clock_model, "clock-model", "",
               "models/ model of the engine's CLOCK (vmc::models::Clock)")
#endif
#if VMC_SIM_WITH_ENGINE
VMC_SIM_POLICY(engine, "engine", "", "the real engine (libvmemcache) through its C API")
#endif
