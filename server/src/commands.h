// terrain-server's command line: serve (default), admin add, backup, restore.
// run_main is the whole program, callable from tests and tools.
#pragma once

namespace terrain::server {
int run_main(int argc, char** argv);
}
