// main.cc -- vmc-sim, the trace-driven cache simulator: parses, then calls
// the named steps (cli.h).  `vmc-sim plan ...` and `vmc-sim merge ...` are
// the sweep subcommands (plan.cc).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>

#include "cli.h"

namespace cli = vmc::sim::cli;

namespace {

void list_policies() {
  for (const vmc::sim::PolicyInfo& p : vmc::sim::registered_policies()) {
    std::printf("%-12s %s", std::string(p.name).c_str(), std::string(p.description).c_str());
    if (!p.aliases.empty()) std::printf(" [also: %s]", std::string(p.aliases).c_str());
    std::printf("\n");
  }
}

int run(int argc, char** argv) {
  CLI::App app{
      "vmc-sim: replay a cache trace through replacement policies and cache sizes; print miss "
      "ratios, write "
      "CSV/JSON, draw miss-ratio curves.\n"
      "  vmc-sim TRACE TYPE ALGO[,ALGO..] SIZE[,SIZE..] [options]   (libCacheSim's form)\n"
      "  vmc-sim plan --dir DIR TRACE TYPE ALGO,.. SIZE,.. [options]   (a sweep's job list)\n"
      "  vmc-sim merge DIR [--csv F] [--json F] [--plot F]            (its results joined)\n"
      "See vmc-sim(1) and sim/README.md."};
  app.get_formatter()->column_width(36);
  cli::Options o;
  cli::add_options(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (o.list) {
    list_policies();
    return 0;
  }
  return cli::report(o, cli::simulate(o));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc > 1 && std::strcmp(argv[1], "plan") == 0) return cli::plan_main(argc - 1, argv + 1);
    if (argc > 1 && std::strcmp(argv[1], "merge") == 0) return cli::merge_main(argc - 1, argv + 1);
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vmc-sim: %s\n", e.what());
    return 1;
  }
}
