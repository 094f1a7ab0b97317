// policy_list.h -- the one registration line per policy (an X-macro list).
// VMC_SIM_POLICY(symbol, "cli name", "definition and source, one line");
// the factory is vmc::sim::policies::make_<symbol> in sim/policies/<symbol>.cc.
// No include guard: sim/src/registry.cc expands it twice.

VMC_SIM_POLICY(lru, "lru", "exact LRU, fast flat-table version (tested equal to lru-model)")
VMC_SIM_POLICY(fifo, "fifo", "first in, first out; hits change nothing")
VMC_SIM_POLICY(clock, "clock", "CLOCK with a k-bit counter (--clock-bits, k=1: second chance)")
VMC_SIM_POLICY(sieve, "sieve", "SIEVE, Zhang et al., NSDI'24")
VMC_SIM_POLICY(s3fifo, "s3fifo", "S3-FIFO, Yang et al., SOSP'23 (small 10%, ghost 90%)")
VMC_SIM_POLICY(arc, "arc", "ARC, Megiddo and Modha, FAST'03")
VMC_SIM_POLICY(lfu, "lfu", "in-cache LFU, ties broken by LRU")
VMC_SIM_POLICY(twoq, "2q", "2Q (full version), Johnson and Shasha, VLDB'94")
VMC_SIM_POLICY(wtinylfu, "wtinylfu", "W-TinyLFU, Einziger et al., ToS'17 (1% window, SLRU main)")
VMC_SIM_POLICY(belady, "belady", "Belady's MIN (offline optimal), farthest next use, with bypass")
#if VMC_SIM_HAVE_MODELS
VMC_SIM_POLICY(lru_model, "lru-model", "models/ reference exact LRU (vmc::models::Lru)")
VMC_SIM_POLICY(clock_model, "clock-model", "models/ model of the engine's CLOCK (vmc::models::Clock)")
#endif
#if VMC_SIM_WITH_ENGINE
VMC_SIM_POLICY(engine, "engine", "the real engine (libvmemcache) through its C API")
#endif
