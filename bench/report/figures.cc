// figures.cc -- writes the figures' data files and one gnuplot script.
//
// Throughput points are medians of the rounds with error bars from the
// slowest to the fastest round; keys (legends) sit below each plot, where
// they cannot cover a curve.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "report.h"

namespace vmc::report {
namespace {

namespace fs = std::filesystem;

std::ofstream open_out(const fs::path& p) {
  std::ofstream f(p);
  if (!f) throw std::runtime_error("cannot write " + p.string());
  return f;
}

// Median, slowest and fastest round of one result, Mops/s.
void median_min_max(std::ostream& f, const json& r) {
  const double med = r.at("ops_per_sec").get<double>();
  double lo = med, hi = med;
  for (const json& x : r.value("ops_per_sec_rounds", json::array())) {
    lo = std::min(lo, x.get<double>());
    hi = std::max(hi, x.get<double>());
  }
  f << " " << med / 1e6 << " " << lo / 1e6 << " " << hi / 1e6;
}

const char* style(const std::string& cache) {
  if (cache == "engine") return "lc rgb '#1f77b4' pt 7";
  if (cache == "upstream") return "lc rgb '#9467bd' pt 11";
  if (cache == "textbook") return "lc rgb '#d62728' pt 5";
  if (cache == "sharded") return "lc rgb '#2ca02c' pt 9";
  if (cache == "before") return "lc rgb '#7f7f7f' pt 13";
  return "lc rgb 'black' pt 3";  // copy
}

std::string title(const std::string& cache) {
  if (cache == "upstream") return "original libvmemcache";
  if (cache == "textbook") return "textbook (1 mutex)";
  if (cache == "sharded") return "sharded (64 mutexes)";
  if (cache == "before") return "engine before issue 8";
  if (cache == "copy") return "copy ceiling";
  return cache;
}

// threads_WL.dat: threads, then per cache median min max, then per cache
// p50 p99 p99.9; returns the caches in column order.
std::vector<std::string> thread_sweep_dat(const Data& d, const std::string& wl,
                                          const fs::path& dir) {
  const auto ts = d.suffixes("threads/" + wl);
  const auto cs = sweep_caches(d, "threads/" + wl + "/" + std::to_string(ts.front()));
  auto f = open_out(dir / ("threads_" + wl + ".dat"));
  f << "# threads";
  for (const auto& c : cs) f << " " << c << "_Mops " << c << "_min " << c << "_max";
  for (const auto& c : cs) f << " " << c << "_p50 " << c << "_p99 " << c << "_p999";
  f << "\n";
  for (long t : ts) {
    const std::string label = "threads/" + wl + "/" + std::to_string(t);
    f << t;
    for (const auto& c : cs) median_min_max(f, d.result(label, c));
    for (const auto& c : cs) {
      const json& r = d.result(label, c);
      f << " " << r.at("lat_p50_ns").get<double>() << " " << r.at("lat_p99_ns").get<double>() << " "
        << r.at("lat_p999_ns").get<double>();
    }
    f << "\n";
  }
  return cs;
}

void thread_sweep_plots(const Data& d, const fs::path& dir, std::ostream& g) {
  const char* names[] = {"get-put, ~99% hits", "get-put, ~80% hits",
                         "get-put, every get misses and puts (evicts)",
                         "cache_bench mix, Zipf 0.99"};
  std::ostringstream lat;
  g << "set terminal pngcairo noenhanced size 1200,1000 font ',10'\n"
       "set output 'throughput_vs_threads.png'\n"
       "set multiplot layout 2,2 title 'Throughput vs threads, 1 KiB values; median of the "
       "rounds, bars: slowest..fastest (2-core machine: above 2 threads is oversubscription)'\n"
       "set xlabel 'threads'; set ylabel 'Mops/s'; set logscale x 2; set yrange [0:*]\n";
  lat << "set output 'latency_vs_threads.png'\n"
         "set multiplot layout 2,2 title 'Sampled per-op latency vs threads (solid: p50, "
         "dashed: p99.9)'\nset ylabel 'ns'; set logscale y 10; set yrange [*:*]\n";
  for (int i = 0; i < 4; ++i) {
    const std::string wl = kSweepWorkloads[i];
    const auto cs = thread_sweep_dat(d, wl, dir);
    const std::string f = "'threads_" + wl + ".dat'";
    g << "set title '" << names[i] << "'\nplot ";
    lat << "set title '" << names[i] << "'\nplot ";
    for (std::size_t k = 0; k < cs.size(); ++k) {
      const std::size_t col = 2 + 3 * k, lcol = 2 + 3 * cs.size() + 3 * k;
      g << (k ? ", " : "") << f << " u 1:" << col << ":" << col + 1 << ":" << col + 2
        << " w yerrorlines t '" << title(cs[k]) << "' " << style(cs[k]);
      lat << (k ? ", " : "") << f << " u 1:" << lcol << " w lp t '" << cs[k] << " p50' "
          << style(cs[k]) << ", " << f << " u 1:" << lcol + 2 << " w lp t '" << cs[k] << " p99.9' "
          << style(cs[k]) << " dt 2";
    }
    g << "\n";
    lat << "\n";
  }
  g << "unset multiplot\n" << lat.str() << "unset multiplot\nunset logscale y\nunset logscale x\n";
}

void value_size_plots(const Data& d, const fs::path& dir, std::ostream& g) {
  for (int t : {1, 2}) {
    auto f = open_out(dir / ("vsize_t" + std::to_string(t) + ".dat"));
    f << "# value_bytes engine_Mops textbook_Mops sharded_Mops engine_GBps "
         "textbook_GBps sharded_GBps\n";
    for (long v : d.suffixes("vsize")) {
      const std::string label = "vsize/" + std::to_string(v) + "/" + std::to_string(t);
      if (!d.has(label)) continue;
      f << v;
      for (const char* c : {"engine", "textbook", "sharded"}) f << " " << d.ops(label, c) / 1e6;
      for (const char* c : {"engine", "textbook", "sharded"}) f << " " << d.ops(label, c) * v / 1e9;
      f << "\n";
    }
  }
  g << R"GP(set terminal pngcairo noenhanced size 1200,560 font ',10'
set output 'value_size.png'
set multiplot layout 1,2 title "Value-size sweep: get-put, ~90% hits, 256 MiB cache (solid: 1 thread, dashed: 2 threads)"
set xlabel 'value size (bytes)'
set logscale xy 2
set xrange [48:90000]
set xtics ("64" 64, "256" 256, "1K" 1024, "4K" 4096, "16K" 16384, "64K" 65536)
set ylabel 'Mops/s'
set title 'operations'
plot 'vsize_t1.dat' u 1:2 w lp t 'engine' @eng, '' u 1:3 w lp t 'textbook' @tb, '' u 1:4 w lp t 'sharded' @sh, \
     'vsize_t2.dat' u 1:2 w lp t 'engine, 2 thr' @eng dt 2, '' u 1:3 w lp t 'textbook, 2 thr' @tb dt 2, '' u 1:4 w lp t 'sharded, 2 thr' @sh dt 2
set ylabel 'GB/s of values'
set title 'bytes'
plot 'vsize_t1.dat' u 1:5 w lp t 'engine' @eng, '' u 1:6 w lp t 'textbook' @tb, '' u 1:7 w lp t 'sharded' @sh, \
     'vsize_t2.dat' u 1:5 w lp t 'engine, 2 thr' @eng dt 2, '' u 1:6 w lp t 'textbook, 2 thr' @tb dt 2, '' u 1:7 w lp t 'sharded, 2 thr' @sh dt 2
unset multiplot
unset logscale xy
set xrange [*:*]
set xtics autofreq
)GP";
}

void pool_plot(const Data& d, const fs::path& dir, std::ostream& g) {
  auto f = open_out(dir / "pool.dat");
  f << "# pool_MiB engine_Mops ns_per_op p50_ns p99_ns chase_ns hit_ratio\n";
  for (long mib : d.suffixes("pool")) {
    const json& r = d.result("pool/" + std::to_string(mib), "engine");
    const double chase =
        d.run("chase/" + std::to_string(mib)).at("results").at(0).at("ns").get<double>();
    f << mib << " " << r.at("ops_per_sec").get<double>() / 1e6 << " "
      << 1e9 / r.at("ops_per_sec").get<double>() << " " << r.at("lat_p50_ns").get<double>() << " "
      << r.at("lat_p99_ns").get<double>() << " " << chase << " " << r.at("hit_ratio").get<double>()
      << "\n";
  }
  g << R"GP(set terminal pngcairo noenhanced size 800,560 font ',10'
set output 'pool_size.png'
set title "Pool-size sweep: engine, 1 thread, 256 B values, every get hits"
set xlabel 'pool size (MiB)'
set ylabel 'ns'
set logscale x 2
set yrange [0:*]
plot 'pool.dat' u 1:3 w lp t 'engine: time per get (1/throughput)' @eng, \
     'pool.dat' u 1:4 w lp t 'engine: sampled p50' lc rgb '#ff7f0e' pt 7, \
     'pool.dat' u 1:6 w lp t 'one dependent load over a buffer of that size' lc rgb 'black' pt 13
unset logscale x
)GP";
}

void memory_plots(const Data& d, const fs::path& dir, std::ostream& g) {
  {
    auto f = open_out(dir / "memory.dat");
    f << "# what bytes_per_entry\n";
    for (const json& r : d.run("fill").at("results")) {
      const std::string c = r.at("cache").get<std::string>();
      if (c == "engine") {
        f << "\"engine\\nDRAM_SIZE_USED\" " << r.at("stat_dram_per_entry").get<double>() << "\n";
        f << "\"engine\\nRssAnon\" " << r.at("rss_anon_per_entry").get<double>() << "\n";
      } else {
        f << "\"" << c << "\\nmalloc\" " << r.at("malloc_per_entry").get<double>() << "\n";
      }
    }
  }
  auto f = open_out(dir / "churn.dat");
  f << "# cache pool_utilization payload_utilization\n";
  for (const json& r : d.run("churn").at("results")) {
    f << r.at("cache").get<std::string>() << " " << 100 * r.at("pool_utilization").get<double>()
      << " " << 100 * r.at("payload_utilization").get<double>() << "\n";
  }
  g << R"GP(set terminal pngcairo noenhanced size 1100,520 font ',10'
set output 'memory.png'
set multiplot layout 1,2 title "Memory"
set style data boxes
set style fill solid 0.6 border -1
set boxwidth 0.6
set key off
set xtics nomirror
set title 'DRAM per entry, 1 M entries, 16 B keys, 64 B values'
set ylabel 'bytes'
set xlabel ''
set yrange [0:*]
plot 'memory.dat' u 0:2:xtic(1) lc rgb '#1f77b4', '' u 0:2:(sprintf('%.0f', $2)) w labels offset 0,0.7 notitle
set key below
set title 'Pool use after 10x churn, values 256 B..16 KiB'
set ylabel '% of pool'
set yrange [0:119]
plot 'churn.dat' u ($0-0.15):2:(0.3):xtic(1) t 'extents in use' lc rgb '#1f77b4', \
     '' u ($0+0.15):3:(0.3) t 'live value bytes' lc rgb '#ff7f0e', \
     '' u ($0-0.15):2:(sprintf('%.1f', $2)) w labels offset 0,0.7 notitle, \
     '' u ($0+0.15):3:(sprintf('%.1f', $3)) w labels offset 0,0.7 notitle
unset multiplot
set style data linespoints
)GP";
}

// scal_WL.dat: per thread count, each cache's median min max (absent: '?').
void scalability_plots(const Data& d, const fs::path& dir, std::ostream& g) {
  const char* wls[] = {"onehot", "skewed", "uniform", "evict64", "evict1", "small1"};
  const char* names[] = {"one hot key, 1 KiB",
                         "skewed (lowbits:5), 256 MiB, 8 B..8 KiB",
                         "uniform, every get hits, 1 KiB",
                         "every put evicts, 64 MiB, 1 KiB",
                         "every put evicts, 1 MiB, 1 KiB",
                         "lowbits:5, 1 MiB, 8 B..8 KiB"};
  const char* caches[] = {"engine", "upstream", "before", "copy"};
  g << "set terminal pngcairo noenhanced size 1350,1000 font ',10'\n"
       "set output 'scalability.png'\nset multiplot layout 2,3 title 'Scalability workloads: "
       "median of the rounds, bars: slowest..fastest'\nset xlabel 'threads'; set ylabel "
       "'Mops/s'; set logscale x 2; set yrange [0:*]; set xrange [0.8:20]\n";
  for (int i = 0; i < 6; ++i) {
    const std::string label = std::string("scal/") + wls[i];
    g << "set title '" << names[i] << "'\n";
    if (!d.has(label)) {
      g << "set label 1 'not measured' at graph 0.4,0.5\nplot [1:2] [0:1] -1 notitle\n"
           "unset label 1\n";
      continue;
    }
    auto f = open_out(dir / (std::string("scal_") + wls[i] + ".dat"));
    for (unsigned t : d.run(label).at("threads").get<std::vector<unsigned>>()) {
      f << t;
      for (const char* c : caches) {
        if (d.has_result(label, c, t))
          median_min_max(f, d.result(label, c, t));
        else
          f << " ? ? ?";
      }
      f << "\n";
    }
    g << "plot ";
    int k = 0;
    for (int c = 0; c < 4; ++c) {
      if (!d.has_result(label, caches[c])) continue;
      g << (k++ ? ", " : "") << "'scal_" << wls[i] << ".dat' u 1:" << 2 + 3 * c << ":" << 3 + 3 * c
        << ":" << 4 + 3 * c << " w yerrorlines t '" << title(caches[c]) << "' " << style(caches[c]);
    }
    g << "\n";
  }
  g << "unset multiplot\nset xrange [*:*]\nunset logscale x\n";
}

}  // namespace

void write_figures(const Data& d, const fs::path& dir) {
  fs::create_directories(dir);
  auto g = open_out(dir / "plots.gp");
  g << "# Generated by vmc_report; run from papers/figures/.\n"
       "set grid\nset key below\nset style data linespoints\nset bars small\n"
       "set datafile missing '?'\n"
       "eng = \""
    << style("engine") << "\"\ntb = \"" << style("textbook") << "\"\nsh = \"" << style("sharded")
    << "\"\n";
  thread_sweep_plots(d, dir, g);
  value_size_plots(d, dir, g);
  pool_plot(d, dir, g);
  memory_plots(d, dir, g);
  scalability_plots(d, dir, g);
}

}  // namespace vmc::report
